//! The engine: from checked answers to the advice, every item carrying the answers that caused
//! it and the source it rests on. Pure functions over the data in `rules.toml`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Wizard;
use super::answers::{Answer, Answers, YesNo};
use super::bank::{Kind, NaMeaning};
use super::rules::{Condition, Rule};
use crate::content::{Catalogue, JobRole};

/// What the engine needs to know about a catalogue module.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleInfo {
    pub id: String,
    pub minutes: u32,
    pub core: Vec<JobRole>,
    pub optional: Vec<JobRole>,
}

impl ModuleInfo {
    pub fn from_catalogue(catalogue: &Catalogue) -> Vec<ModuleInfo> {
        catalogue
            .modules()
            .map(|m| ModuleInfo {
                id: m.id.clone(),
                minutes: m.minutes,
                core: m
                    .roles
                    .iter()
                    .copied()
                    .filter(|r| !m.optional_for.contains(r))
                    .collect(),
                optional: m.optional_for.clone(),
            })
            .collect()
    }

    /// 2 for a core module of `role`, 1 for an optional one, 0 otherwise.
    pub fn relevance(&self, role: JobRole) -> u8 {
        if self.core.contains(&role) {
            2
        } else if self.optional.contains(&role) {
            1
        } else {
            0
        }
    }
}

/// Why something is recommended: an answer, a role in the audience or a domain's gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    Answer {
        question: String,
        answer: String,
        /// What the answer added to the gap, when it did.
        #[serde(skip_serializing_if = "Option::is_none")]
        adds: Option<f64>,
    },
    Role {
        role: String,
        headcount: u32,
    },
    Domain {
        domain: String,
        score: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainGap {
    pub domain: String,
    /// 0 (no gap) to 1.
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecKind {
    /// A rule from `[[action]]`.
    Action,
    /// A "Not sure" to settle with `verify_with`.
    Verify,
    /// A policy that does not exist yet.
    Policy,
    /// A rule from `[[method]]`.
    Method,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub kind: RecKind,
    /// The rule id (actions, methods) or the question id (verify, policy).
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_with: Option<String>,
    pub because: Vec<Evidence>,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wave {
    /// Within this year's time budget (or required by regulation).
    ThisYear,
    /// Over the budget: the first quarter after this plan's year.
    LaterQuarter,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedModule {
    pub module: String,
    pub minutes: u32,
    pub priority: f64,
    pub wave: Wave,
    /// Month 1-12 of the calendar; `None` when deferred.
    pub month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    pub because: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RolePlan {
    pub role: String,
    pub headcount: u32,
    pub budget_minutes: u32,
    pub modules: Vec<PlannedModule>,
}

impl RolePlan {
    pub fn minutes(&self, wave: Wave) -> u32 {
        self.modules
            .iter()
            .filter(|m| m.wave == wave)
            .map(|m| m.minutes)
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CalendarEntry {
    Module { role: String, module: String },
    Method { method: String },
    Rerun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarMonth {
    pub month: u8,
    pub entries: Vec<CalendarEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationLine {
    pub level: u8,
    pub baseline: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceLine {
    pub framework: String,
    pub reference: String,
    /// Plan items that support it (module ids, action and method ids).
    pub supported_by: Vec<String>,
}

/// The whole advice, language-neutral (pages, PDF and JSON render it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    /// Highest gap first.
    pub gaps: Vec<DomainGap>,
    pub actions: Vec<Recommendation>,
    pub methods: Vec<Recommendation>,
    pub roles: Vec<RolePlan>,
    pub calendar: Vec<CalendarMonth>,
    pub evaluation: Vec<EvaluationLine>,
    pub compliance: Vec<ComplianceLine>,
}

impl Advice {
    /// The domains an executive summary leads with: gaps of 0.5 or more, at most five.
    pub fn priority_gaps(&self) -> Vec<&DomainGap> {
        self.gaps
            .iter()
            .filter(|g| g.score >= 0.5)
            .take(5)
            .collect()
    }

    /// Every module recommended this year for any role, once each, in first-seen order.
    pub fn modules_this_year(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.roles.iter().flat_map(|r| &r.modules) {
            if m.wave == Wave::ThisYear && !out.contains(&m.module) {
                out.push(m.module.clone());
            }
        }
        out
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn answer_evidence(q: &str, a: &Answer, adds: Option<f64>) -> Evidence {
    Evidence::Answer {
        question: q.to_owned(),
        answer: a.values().join(", "),
        adds: adds.map(round2),
    }
}

/// Gap scores per domain with the answers behind each.
fn gaps(w: &Wizard, answers: &Answers) -> Vec<DomainGap> {
    let mut sums: BTreeMap<&str, (f64, u32, Vec<Evidence>)> = BTreeMap::new();
    for s in &w.rules.scores {
        let (Some(a), Some(q)) = (answers.get(&s.q), w.bank.question(&s.q)) else {
            continue;
        };
        let adds = match a {
            Answer::Scale(Some(n)) => Some(f64::from(5 - n) / 4.0),
            Answer::Scale(None) => (q.na == Some(NaMeaning::NoPolicy)).then_some(1.0),
            Answer::YesNo(YesNo::NotSure) => Some(0.75),
            Answer::YesNo(y) => match s.gap_if.as_deref() {
                Some("none") | None => None,
                Some(gap) => Some(if y.as_str() == gap {
                    s.value.unwrap_or(1.0)
                } else {
                    0.0
                }),
            },
            Answer::Choice(c) => s.values.get(c).copied(),
            _ => None,
        };
        let Some(adds) = adds else { continue };
        for d in &s.domains {
            let e = sums.entry(d.as_str()).or_default();
            e.0 += adds;
            e.1 += 1;
            e.2.push(answer_evidence(&s.q, a, Some(adds)));
        }
    }
    let mut out: Vec<DomainGap> = w
        .rules
        .domains
        .iter()
        .map(|d| {
            let (sum, n, evidence) = sums.remove(d.id.as_str()).unwrap_or_default();
            let mean = if n == 0 { 0.0 } else { sum / f64::from(n) };
            DomainGap {
                domain: d.id.clone(),
                score: mean,
                evidence,
            }
        })
        .collect();
    for b in &w.rules.boosts {
        let Some(a) = answers.get(&b.q) else { continue };
        let fires = match (a, &b.option) {
            (Answer::Multi(picked), Some(o)) => picked.contains(o),
            (Answer::Percent(p), None) => {
                b.above.is_some_and(|t| *p > t) || b.below.is_some_and(|t| *p < t)
            }
            _ => false,
        };
        if let Some(g) = out
            .iter_mut()
            .filter(|g| g.domain == b.domain)
            .find(|_| fires)
        {
            g.score += b.add;
            g.evidence.push(Evidence::Answer {
                question: b.q.clone(),
                answer: b.option.clone().unwrap_or_else(|| a.values().join(", ")),
                adds: Some(b.add),
            });
        }
    }
    for g in &mut out {
        g.score = round2(g.score.clamp(0.0, 1.0));
        g.evidence.sort_by(|a, b| adds_of(b).total_cmp(&adds_of(a)));
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

fn adds_of(e: &Evidence) -> f64 {
    match e {
        Evidence::Answer { adds, .. } => adds.unwrap_or(0.0),
        _ => 0.0,
    }
}

fn gap_of(gaps: &[DomainGap], domain: &str) -> f64 {
    gaps.iter()
        .find(|g| g.domain == domain)
        .map_or(0.0, |g| g.score)
}

/// Whether one condition holds, with its evidence.
fn holds(c: &Condition, answers: &Answers, gaps: &[DomainGap]) -> Option<Evidence> {
    if let Some(q) = &c.q {
        let a = answers.get(q)?;
        let ok = match (a, c.at_most) {
            (Answer::Scale(n), Some(max)) => n.unwrap_or(0) <= max,
            (_, Some(_)) => false,
            (_, None) => a.values().iter().any(|v| c.is.contains(v)),
        };
        return ok.then(|| answer_evidence(q, a, None));
    }
    if let Some(role) = c.role.as_deref().and_then(JobRole::parse) {
        let n = answers.headcount(role);
        return (n > 0).then(|| Evidence::Role {
            role: role.as_str().to_owned(),
            headcount: n,
        });
    }
    let d = c.domain.as_deref()?;
    let score = gap_of(gaps, d);
    (score >= c.at_least.unwrap_or(0.0)).then(|| Evidence::Domain {
        domain: d.to_owned(),
        score,
    })
}

/// Fires a rule: all of `all`, and the first of `any` that holds (if `any` is given).
fn fire(r: &Rule, kind: RecKind, answers: &Answers, gaps: &[DomainGap]) -> Option<Recommendation> {
    let mut because = r
        .all
        .iter()
        .map(|c| holds(c, answers, gaps))
        .collect::<Option<Vec<_>>>()?;
    if !r.any.is_empty() {
        because.extend(r.any.iter().filter_map(|c| holds(c, answers, gaps)).take(2));
        if because.len() == r.all.len() {
            return None;
        }
    }
    Some(Recommendation {
        kind,
        id: r.id.clone(),
        verify_with: None,
        because,
        source: r.source.clone(),
    })
}

/// Non-training actions: missing policies, "Not sure" answers to check, and `[[action]]` rules.
fn actions(w: &Wizard, answers: &Answers, gaps: &[DomainGap]) -> Vec<Recommendation> {
    let mut out = Vec::new();
    for q in &w.bank.questions {
        let Some(a) = answers.get(&q.id) else {
            continue;
        };
        if q.kind == Kind::Scale && q.na == Some(NaMeaning::NoPolicy) && *a == Answer::Scale(None) {
            out.push(Recommendation {
                kind: RecKind::Policy,
                id: q.id.clone(),
                verify_with: None,
                because: vec![answer_evidence(&q.id, a, None)],
                source: "HICP 2023, practice 10 (cybersecurity policies); NIST SP 800-50r1".into(),
            });
        }
    }
    for s in &w.rules.scores {
        let Some(a) = answers.get(&s.q) else { continue };
        if a.values().iter().any(|v| v == "notsure") {
            out.push(Recommendation {
                kind: RecKind::Verify,
                id: s.q.clone(),
                verify_with: Some(s.verify.clone().unwrap_or_else(|| "it".into())),
                because: vec![answer_evidence(&s.q, a, None)],
                source: "SecureHospitals.eu Curriculum Wizard: \"Not sure\" is a finding".into(),
            });
        }
    }
    out.extend(
        w.rules
            .actions
            .iter()
            .filter_map(|r| fire(r, RecKind::Action, answers, gaps)),
    );
    out
}

/// The ordered, budget-fitted module list of one role.
fn role_plan(w: &Wizard, answers: &Answers, gaps: &[DomainGap], role: JobRole) -> RolePlan {
    let budget = match answers.get(&w.rules.budget.question) {
        Some(Answer::Choice(c)) => w.rules.budget.minutes.get(c).copied().unwrap_or(60),
        _ => 60,
    };
    let mut picked: Vec<(u8, PlannedModule)> = Vec::new();
    for m in &w.modules {
        let relevance = m.relevance(role);
        let required_by = w
            .rules
            .mandatory
            .iter()
            .find(|x| x.module == m.id && x.roles.iter().any(|r| r == role.as_str()))
            .map(|x| x.source.clone());
        let domains = w.rules.module_domains(&m.id);
        let top = domains
            .iter()
            .map(|d| (d, gap_of(gaps, d)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let gap = top.map_or(0.0, |t| t.1);
        let priority =
            f64::from(relevance) * (1.0 + gap) + if required_by.is_some() { 1.0 } else { 0.0 };
        let chosen = relevance == 2
            || required_by.is_some()
            || (relevance == 1 && priority >= w.rules.selection.optional_from);
        if !chosen {
            continue;
        }
        let mut because: Vec<Evidence> = Vec::new();
        if let Some((d, score)) = top {
            because.push(Evidence::Domain {
                domain: d.clone(),
                score,
            });
            if let Some(g) = gaps.iter().find(|g| &g.domain == d) {
                because.extend(
                    g.evidence
                        .iter()
                        .filter(|e| adds_of(e) > 0.0)
                        .take(3)
                        .cloned(),
                );
            }
        }
        let group = if w.rules.ordering.first.contains(&m.id) {
            0
        } else if w.rules.ordering.act_now.contains(&m.id) {
            1
        } else if w.rules.ordering.extensions.contains(&m.id)
            && gap < w.rules.ordering.extension_gap_lifts
        {
            3
        } else {
            2
        };
        picked.push((
            group,
            PlannedModule {
                module: m.id.clone(),
                minutes: m.minutes,
                priority: round2(priority),
                wave: Wave::ThisYear,
                month: None,
                required_by,
                because,
            },
        ));
    }
    picked.sort_by(|(ga, a), (gb, b)| {
        ga.cmp(gb)
            .then(b.priority.total_cmp(&a.priority))
            .then(a.module.cmp(&b.module))
    });
    let mut used = 0;
    let modules = picked
        .into_iter()
        .map(|(group, mut m)| {
            let keep = group == 0 || m.required_by.is_some() || used + m.minutes <= budget;
            if keep {
                used += m.minutes;
            } else {
                m.wave = Wave::LaterQuarter;
            }
            m
        })
        .collect();
    RolePlan {
        role: role.as_str().to_owned(),
        headcount: answers.headcount(role),
        budget_minutes: budget,
        modules,
    }
}

/// Puts this year's modules into months: M01 in month 1, then one module a month, or for shift
/// workers two lessons of at most 10 minutes a month.
fn schedule(plan: &mut RolePlan, shift_work: bool) {
    let mut month: u32 = 1;
    let mut units_left: u32 = 2;
    for m in plan.modules.iter_mut().filter(|m| m.wave == Wave::ThisYear) {
        m.month = Some(month.min(12) as u8);
        if shift_work {
            let mut units = m.minutes.div_ceil(10);
            while units > 0 {
                let take = units.min(units_left);
                units -= take;
                units_left -= take;
                if units_left == 0 {
                    month += 1;
                    units_left = 2;
                }
            }
        } else {
            month += 1;
        }
    }
}

/// Months in which each method runs.
fn method_months(id: &str) -> &'static [u8] {
    match id {
        "phishing-simulation" => &[3, 6, 9, 12],
        "phishing-simulation-approved" => &[4, 7, 10],
        "tabletop" => &[6],
        "downtime-drill" => &[4, 10],
        "huddles" => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        "champions" => &[1],
        _ => &[],
    }
}

fn calendar(roles: &[RolePlan], methods: &[Recommendation]) -> Vec<CalendarMonth> {
    (1..=12u8)
        .map(|month| {
            let mut entries: Vec<CalendarEntry> = Vec::new();
            for r in roles {
                for m in r.modules.iter().filter(|m| m.month == Some(month)) {
                    entries.push(CalendarEntry::Module {
                        role: r.role.clone(),
                        module: m.module.clone(),
                    });
                }
            }
            for m in methods
                .iter()
                .filter(|m| method_months(&m.id).contains(&month))
            {
                entries.push(CalendarEntry::Method {
                    method: m.id.clone(),
                });
            }
            if month == 12 {
                entries.push(CalendarEntry::Rerun);
            }
            CalendarMonth { month, entries }
        })
        .collect()
}

/// Computes the advice for `answers` (complete or not: unanswered questions add nothing).
pub fn advise(w: &Wizard, answers: &Answers) -> Advice {
    let gaps = gaps(w, answers);
    let actions = actions(w, answers, &gaps);
    let methods: Vec<Recommendation> = w
        .rules
        .methods
        .iter()
        .filter_map(|r| fire(r, RecKind::Method, answers, &gaps))
        .collect();
    let shift = answers.get("A3") == Some(&Answer::YesNo(YesNo::Yes));
    let roles: Vec<RolePlan> = answers
        .roles()
        .into_iter()
        .map(|r| {
            let mut plan = role_plan(w, answers, &gaps, r);
            schedule(
                &mut plan,
                shift && matches!(r, JobRole::Clinician | JobRole::Nurse),
            );
            plan
        })
        .collect();
    let calendar = calendar(&roles, &methods);
    let evaluation = w
        .rules
        .evaluation
        .iter()
        .map(|e| EvaluationLine {
            level: e.level,
            baseline: e
                .baseline
                .iter()
                .filter_map(|q| Some(answer_evidence(q, answers.get(q)?, None)))
                .collect(),
        })
        .collect();
    let mut advice = Advice {
        gaps,
        actions,
        methods,
        roles,
        calendar,
        evaluation,
        compliance: Vec::new(),
    };
    advice.compliance = compliance(w, &advice);
    advice
}

fn compliance(w: &Wizard, advice: &Advice) -> Vec<ComplianceLine> {
    let modules = advice.modules_this_year();
    let has = |ids: &[String], recs: &[Recommendation], kind: RecKind| -> Vec<String> {
        ids.iter()
            .filter(|id| recs.iter().any(|r| r.kind == kind && &r.id == *id))
            .cloned()
            .collect()
    };
    w.rules
        .compliance
        .iter()
        .filter_map(|c| {
            let mut supported: Vec<String> = c
                .modules
                .iter()
                .filter(|m| modules.contains(m))
                .cloned()
                .collect();
            supported.extend(has(&c.actions, &advice.actions, RecKind::Action));
            supported.extend(has(&c.methods, &advice.methods, RecKind::Method));
            (!supported.is_empty()).then(|| ComplianceLine {
                framework: c.framework.clone(),
                reference: c.reference.clone(),
                supported_by: supported,
            })
        })
        .collect()
}

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
