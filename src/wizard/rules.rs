//! The advice rules as data (`content/wizard/rules.toml`): domains, scoring, boosts, module
//! domains, regulatory musts, ordering, time budget, actions, methods, evaluation, compliance.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::bank::{Bank, Kind, Text};
use super::model::ModuleInfo;
use crate::content::JobRole;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub name: Text,
}

/// How one question adds to its domains' gaps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub q: String,
    pub domains: Vec<String>,
    /// Yes/no questions: the answer that is a gap (`none`: the answer is context only).
    pub gap_if: Option<String>,
    /// What the gap answer adds (default 1).
    pub value: Option<f64>,
    /// Single choice: what each option adds.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// Who can settle a "Not sure": `it`, `dpo` or `management`.
    pub verify: Option<String>,
}

/// A risk signal added on top of a domain's mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boost {
    pub q: String,
    pub option: Option<String>,
    pub above: Option<u8>,
    pub below: Option<u8>,
    pub domain: String,
    pub add: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleRule {
    pub id: String,
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mandatory {
    pub module: String,
    pub roles: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    pub optional_from: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ordering {
    pub first: Vec<String>,
    pub act_now: Vec<String>,
    pub extensions: Vec<String>,
    /// An extension whose gap is at least this is ordered with the core by priority.
    pub extension_gap_lifts: f64,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub question: String,
    pub minutes: BTreeMap<String, u32>,
    pub source: String,
}

/// One test on the answers or the gaps (see the comment in rules.toml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub q: Option<String>,
    #[serde(default)]
    pub is: Vec<String>,
    pub at_most: Option<u8>,
    pub role: Option<String>,
    pub domain: Option<String>,
    pub at_least: Option<f64>,
}

/// An action or a method: fires when all of `all` and one of `any` (if any) hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    #[serde(default)]
    pub all: Vec<Condition>,
    #[serde(default)]
    pub any: Vec<Condition>,
    pub text: Text,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub level: u8,
    pub baseline: Vec<String>,
    pub text: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    pub framework: String,
    pub reference: String,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub methods: Vec<String>,
    pub text: Text,
}

/// Everything in rules.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(rename = "domain")]
    pub domains: Vec<Domain>,
    #[serde(rename = "score")]
    pub scores: Vec<Score>,
    #[serde(rename = "boost", default)]
    pub boosts: Vec<Boost>,
    #[serde(rename = "module")]
    pub modules: Vec<ModuleRule>,
    #[serde(rename = "mandatory", default)]
    pub mandatory: Vec<Mandatory>,
    pub selection: Selection,
    pub ordering: Ordering,
    pub budget: Budget,
    #[serde(rename = "action", default)]
    pub actions: Vec<Rule>,
    #[serde(rename = "method", default)]
    pub methods: Vec<Rule>,
    #[serde(rename = "evaluation", default)]
    pub evaluation: Vec<Evaluation>,
    #[serde(rename = "compliance", default)]
    pub compliance: Vec<Compliance>,
}

impl Rules {
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    pub fn action(&self, id: &str) -> Option<&Rule> {
        self.actions.iter().find(|r| r.id == id)
    }

    pub fn method(&self, id: &str) -> Option<&Rule> {
        self.methods.iter().find(|r| r.id == id)
    }

    pub fn module_domains(&self, module: &str) -> &[String] {
        self.modules
            .iter()
            .find(|m| m.id == module)
            .map_or(&[], |m| m.domains.as_slice())
    }

    /// Everything in the rules that names something that does not exist.
    pub fn problems(&self, bank: &Bank, modules: &[ModuleInfo]) -> Vec<String> {
        let mut out = Vec::new();
        let domain_ok = |d: &str| self.domain(d).is_some();
        let module_ok = |m: &str| modules.iter().any(|i| i.id == m);
        let question =
            |q: &str, opts: &[String], what: &str, out: &mut Vec<String>| match bank.question(q) {
                None => out.push(format!("{what}: unknown question {q}")),
                Some(question) => {
                    for o in opts {
                        let fixed = matches!(question.kind, Kind::YesNo | Kind::Scale);
                        if !fixed && question.option(o).is_none() {
                            out.push(format!("{what}: question {q} has no option {o}"));
                        }
                    }
                }
            };
        for d in &self.domains {
            if !d.name.missing().is_empty() {
                out.push(format!(
                    "domain {}: name lacks {:?}",
                    d.id,
                    d.name.missing()
                ));
            }
        }
        for s in &self.scores {
            let opts: Vec<String> = s.values.keys().cloned().collect();
            question(&s.q, &opts, "score", &mut out);
            s.domains
                .iter()
                .filter(|d| !domain_ok(d))
                .for_each(|d| out.push(format!("score {}: unknown domain {d}", s.q)));
        }
        for b in &self.boosts {
            question(&b.q, b.option.as_slice(), "boost", &mut out);
            if !domain_ok(&b.domain) {
                out.push(format!("boost {}: unknown domain {}", b.q, b.domain));
            }
        }
        let mut ruled = BTreeSet::new();
        for m in &self.modules {
            ruled.insert(m.id.as_str());
            if !module_ok(&m.id) {
                out.push(format!("module {} is not in the catalogue", m.id));
            }
            m.domains
                .iter()
                .filter(|d| !domain_ok(d))
                .for_each(|d| out.push(format!("module {}: unknown domain {d}", m.id)));
        }
        for m in modules.iter().filter(|m| !ruled.contains(m.id.as_str())) {
            out.push(format!("catalogue module {} has no [[module]] rule", m.id));
        }
        for m in &self.mandatory {
            if !module_ok(&m.module) {
                out.push(format!("mandatory: unknown module {}", m.module));
            }
            for r in m.roles.iter().filter(|r| JobRole::parse(r).is_none()) {
                out.push(format!("mandatory {}: unknown role {r}", m.module));
            }
        }
        let ordered = self.ordering.first.iter();
        for m in ordered
            .chain(&self.ordering.act_now)
            .chain(&self.ordering.extensions)
        {
            if !module_ok(m) {
                out.push(format!("ordering: unknown module {m}"));
            }
        }
        let budget: Vec<String> = self.budget.minutes.keys().cloned().collect();
        question(&self.budget.question, &budget, "budget", &mut out);
        for (kind, rules) in [("action", &self.actions), ("method", &self.methods)] {
            for r in rules {
                if !r.text.missing().is_empty() {
                    out.push(format!(
                        "{kind} {}: text lacks {:?}",
                        r.id,
                        r.text.missing()
                    ));
                }
                for c in r.all.iter().chain(&r.any) {
                    out.extend(self.condition_problems(c, bank, kind, &r.id));
                }
            }
        }
        for e in &self.evaluation {
            for q in &e.baseline {
                question(q, &[], "evaluation", &mut out);
            }
            if !e.text.missing().is_empty() {
                out.push(format!("evaluation {}: text lacks languages", e.level));
            }
        }
        for c in &self.compliance {
            let what = format!("compliance {} {}", c.framework, c.reference);
            c.modules
                .iter()
                .filter(|m| !module_ok(m))
                .for_each(|m| out.push(format!("{what}: unknown module {m}")));
            c.actions
                .iter()
                .filter(|a| self.action(a).is_none())
                .for_each(|a| out.push(format!("{what}: unknown action {a}")));
            c.methods
                .iter()
                .filter(|m| self.method(m).is_none())
                .for_each(|m| out.push(format!("{what}: unknown method {m}")));
            if !c.text.missing().is_empty() {
                out.push(format!("{what}: text lacks languages"));
            }
        }
        out
    }

    fn condition_problems(&self, c: &Condition, bank: &Bank, kind: &str, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let what = format!("{kind} {id}");
        let parts = [c.q.is_some(), c.role.is_some(), c.domain.is_some()];
        if parts.iter().filter(|p| **p).count() != 1 {
            out.push(format!(
                "{what}: a condition names one of q, role or domain"
            ));
        }
        if let Some(q) = &c.q {
            match bank.question(q) {
                None => out.push(format!("{what}: unknown question {q}")),
                Some(question) => {
                    for o in &c.is {
                        let ok = match question.kind {
                            Kind::YesNo => ["yes", "no", "notsure"].contains(&o.as_str()),
                            _ => question.option(o).is_some(),
                        };
                        if !ok {
                            out.push(format!("{what}: question {q} has no answer {o}"));
                        }
                    }
                    if c.at_most.is_some() && question.kind != Kind::Scale {
                        out.push(format!("{what}: at_most needs a scale question"));
                    }
                }
            }
        }
        if let Some(r) = &c.role
            && JobRole::parse(r).is_none()
        {
            out.push(format!("{what}: unknown role {r}"));
        }
        if let Some(d) = &c.domain
            && self.domain(d).is_none()
        {
            out.push(format!("{what}: unknown domain {d}"));
        }
        out
    }
}
