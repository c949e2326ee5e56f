//! Comparing two runs of the wizard for the same unit: what the trainer sees a year later.

use super::advice::gap_of;
use super::model::{Advice, Recommendation};

/// What changed between an earlier run's advice and this one.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChange {
    /// Domain, earlier score, score now.
    pub gaps: Vec<(String, f64, f64)>,
    pub modules_added: Vec<String>,
    pub modules_dropped: Vec<String>,
    pub actions_closed: Vec<String>,
    pub actions_new: Vec<String>,
}

pub fn compare(before: &Advice, now: &Advice) -> PlanChange {
    let gaps = now
        .gaps
        .iter()
        .map(|g| (g.domain.clone(), gap_of(&before.gaps, &g.domain), g.score))
        .filter(|(_, a, b)| (a - b).abs() >= 0.01)
        .collect();
    let (mb, mn) = (before.modules_this_year(), now.modules_this_year());
    let key = |r: &Recommendation| format!("{:?}:{}", r.kind, r.id);
    let ab: Vec<String> = before.actions.iter().map(key).collect();
    let an: Vec<String> = now.actions.iter().map(key).collect();
    PlanChange {
        gaps,
        modules_added: mn.iter().filter(|m| !mb.contains(m)).cloned().collect(),
        modules_dropped: mb.iter().filter(|m| !mn.contains(m)).cloned().collect(),
        actions_closed: ab.iter().filter(|a| !an.contains(a)).cloned().collect(),
        actions_new: an.iter().filter(|a| !ab.contains(a)).cloned().collect(),
    }
}
