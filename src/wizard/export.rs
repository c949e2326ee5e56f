//! The plan as JSON: the raw answers (what an import reads back) and the advice computed from
//! them (for other tools; an import recomputes it rather than trusting the file).

use serde::{Deserialize, Serialize};

use super::answers::RawAnswers;
use super::{Advice, Wizard};

pub const EXPORT_FORMAT: &str = "securehospitals-wizard-plan";
const EXPORT_VERSION: u32 = 1;
/// Unit names longer than this are refused (they become page titles).
pub const MAX_UNIT_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanExport {
    pub format: String,
    pub version: u32,
    pub unit: String,
    pub answers: RawAnswers,
    pub advice: Option<Advice>,
}

/// Why a file cannot be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error("the file is not JSON the wizard understands: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the file is not a SecureHospitals wizard plan (format {0:?})")]
    Format(String),
    #[error("the file is version {0} of the plan format; this tool reads version 1")]
    Version(u32),
    #[error("the unit name is empty or longer than {MAX_UNIT_CHARS} characters")]
    Unit,
    #[error("the file holds answers to questions the wizard does not ask: {0}")]
    UnknownFields(String),
}

impl PlanExport {
    pub fn new(wizard: &Wizard, unit: &str, answers: &RawAnswers) -> PlanExport {
        let parsed = wizard.bank.parse_all(answers);
        let complete = wizard.bank.first_incomplete_step(answers).is_none();
        PlanExport {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            unit: unit.to_owned(),
            answers: answers.clone(),
            advice: complete.then(|| wizard.advise(&parsed)),
        }
    }

    /// Reads an exported plan: format, version, unit and that every field is a known question.
    /// Invalid answer values are kept (the pages explain them, as for typed ones).
    pub fn import(wizard: &Wizard, json: &str) -> Result<PlanExport, ExportError> {
        let file: PlanExport = serde_json::from_str(json)?;
        if file.format != EXPORT_FORMAT {
            return Err(ExportError::Format(file.format));
        }
        if file.version != EXPORT_VERSION {
            return Err(ExportError::Version(file.version));
        }
        let unit = file.unit.trim();
        if unit.is_empty() || unit.chars().count() > MAX_UNIT_CHARS {
            return Err(ExportError::Unit);
        }
        let known = wizard.bank.keep_known(file.answers.clone());
        if known.len() != file.answers.len() {
            let unknown: Vec<&str> = file
                .answers
                .keys()
                .filter(|k| !known.contains_key(*k))
                .map(String::as_str)
                .take(5)
                .collect();
            return Err(ExportError::UnknownFields(unknown.join(", ")));
        }
        Ok(PlanExport::new(wizard, unit, &known))
    }
}
