//! The engine: from checked answers to the advice, every item carrying the answers that caused
//! it and the source it rests on. Pure functions over the data in `rules.toml`.

use std::collections::BTreeMap;

use super::model::*;

use super::Wizard;
use super::answers::{Answer, Answers, YesNo};
use super::bank::{Kind, NaMeaning};
use super::rules::{Condition, Rule};
use crate::content::JobRole;

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

pub(super) fn gap_of(gaps: &[DomainGap], domain: &str) -> f64 {
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
            super::schedule::schedule(
                &mut plan,
                shift && matches!(r, JobRole::Clinician | JobRole::Nurse),
            );
            plan
        })
        .collect();
    let calendar = super::schedule::calendar(&roles, &methods);
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
