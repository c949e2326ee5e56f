//! The Curriculum Wizard: a trainer's answers in, a training plan out. The questionnaire and the
//! rules are data (`content/wizard/*.toml`), checked at start; this module holds the pure engine
//! (no HTTP, no SQL): answer checking, gap scores, actions, modules per role, time fitting, methods,
//! calendar, evaluation plan and compliance mapping, each result with the answers behind it.

mod advice;
mod answers;
mod bank;
mod compare;
mod export;
mod model;
pub mod pdf;
mod plans;
mod rules;
mod schedule;
#[cfg(test)]
mod tests;

pub use advice::advise;
pub use answers::{Answer, AnswerProblem, Answers, RawAnswers, YesNo, headcount_field};
pub use bank::{Bank, Kind, NaMeaning, Question, Step, Text};
pub use compare::{PlanChange, compare};
pub use export::{EXPORT_FORMAT, ExportError, MAX_UNIT_CHARS, PlanExport};
pub use model::{
    Advice, CalendarEntry, CalendarMonth, ComplianceLine, DomainGap, EvaluationLine, Evidence,
    ModuleInfo, PlannedModule, RecKind, Recommendation, RolePlan, Wave,
};
pub use plans::{PlanOwner, StoredPlan};
pub use rules::Rules;

use std::path::Path;

use crate::content::Catalogue;

/// The questionnaire and its rules, loaded and cross-checked once.
#[derive(Debug, Clone)]
pub struct Wizard {
    pub bank: Bank,
    pub rules: Rules,
    /// Minutes and role relevance of each module, from the course catalogue.
    pub modules: Vec<ModuleInfo>,
}

/// Why the wizard's data cannot be used; every problem found is listed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WizardDataError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid: {source}")]
    Parse {
        path: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("the wizard's data has problems:\n  {}", .0.join("\n  "))]
    Invalid(Vec<String>),
}

impl Wizard {
    /// Loads `content/wizard/questions.toml` and `rules.toml` from `content_dir`, checked against
    /// each other and against the catalogue's modules.
    pub fn load(content_dir: &Path, catalogue: &Catalogue) -> Result<Wizard, WizardDataError> {
        let dir = content_dir.join("wizard");
        let bank: Bank = read_toml(&dir.join("questions.toml"))?;
        let rules: Rules = read_toml(&dir.join("rules.toml"))?;
        Wizard::from_parts(bank, rules, ModuleInfo::from_catalogue(catalogue))
    }

    /// Checks parts already parsed (the tests build variants of the shipped rules this way).
    pub fn from_parts(
        bank: Bank,
        rules: Rules,
        modules: Vec<ModuleInfo>,
    ) -> Result<Wizard, WizardDataError> {
        let mut problems = bank.problems();
        problems.extend(rules.problems(&bank, &modules));
        if problems.is_empty() {
            Ok(Wizard {
                bank,
                rules,
                modules,
            })
        } else {
            Err(WizardDataError::Invalid(problems))
        }
    }

    /// The advice for complete answers.
    pub fn advise(&self, answers: &Answers) -> Advice {
        advise(self, answers)
    }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, WizardDataError> {
    let text = std::fs::read_to_string(path).map_err(|source| WizardDataError::Read {
        path: path.display().to_string(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| WizardDataError::Parse {
        path: path.display().to_string(),
        source: Box::new(source),
    })
}

/// The wizard as something the deep linking picker can place: an activity that opens the
/// trainer's plans (`wizard=plan`), titled in the instructor's language. Pages are in all six
/// interface languages.
pub fn placeable(t: crate::i18n::Tr) -> crate::deep_linking::Placeable {
    crate::deep_linking::Placeable {
        kind: crate::deep_linking::PlaceableKind::Wizard,
        id: "plan".into(),
        title: t.get("wizard-title").to_owned(),
        summary: t.get("dl-wizard-summary").to_owned(),
        minutes: 15,
        languages: ["en", "de", "fr", "es", "it", "nl"]
            .iter()
            .filter_map(|l| crate::content::Lang::parse(l))
            .collect(),
        roles: vec![
            crate::content::JobRole::Trainer,
            crate::content::JobRole::Management,
        ],
    }
}
