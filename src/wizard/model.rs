//! The advice as data, language-neutral: what pages, the PDF and the JSON export render.

use serde::{Deserialize, Serialize};

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
