//! The picker's form read into choices: which items, and for each when it opens, when it is due
//! and whether it is graded. Bad input is a clear error naming the field, never a panic.

use lti::Timestamp;
use time::PrimitiveDateTime;
use time::macros::format_description;

/// One picked item with its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The placeable's key (`module:M03`).
    pub key: String,
    /// Becomes `available.startDateTime`.
    pub opens: Option<Timestamp>,
    /// Becomes `submission.endDateTime`.
    pub due: Option<Timestamp>,
    pub graded: bool,
}

/// Why the picker's form cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChoiceError {
    #[error("choose at least one item, or cancel")]
    NothingChosen,
    #[error("{field} is {value:?}; use a date and time like 2026-12-01T09:00 (UTC)")]
    BadTime { field: String, value: String },
    #[error("{key} is due before it opens")]
    DueBeforeOpens { key: String },
}

/// Reads the form: `item` once per picked key, and `opens.{key}`, `due.{key}`, `graded.{key}`.
pub fn parse_choices(fields: &[(String, String)]) -> Result<Vec<Choice>, ChoiceError> {
    let field = |name: String| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let mut choices: Vec<Choice> = Vec::new();
    for (_, key) in fields.iter().filter(|(k, _)| k == "item") {
        if choices.iter().any(|c| c.key == *key) {
            continue;
        }
        let opens = time_field(&format!("opens.{key}"), field(format!("opens.{key}")))?;
        let due = time_field(&format!("due.{key}"), field(format!("due.{key}")))?;
        if let (Some(o), Some(d)) = (opens, due)
            && d < o
        {
            return Err(ChoiceError::DueBeforeOpens { key: key.clone() });
        }
        choices.push(Choice {
            key: key.clone(),
            opens,
            due,
            graded: field(format!("graded.{key}")).is_some(),
        });
    }
    if choices.is_empty() {
        return Err(ChoiceError::NothingChosen);
    }
    Ok(choices)
}

/// A `datetime-local` value (`2026-12-01T09:00`, seconds optional), read as UTC; or RFC 3339.
fn time_field(name: &str, value: Option<&str>) -> Result<Option<Timestamp>, ChoiceError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(value, minutes)
        .or_else(|_| PrimitiveDateTime::parse(value, seconds))
        .map(|t| Timestamp::from(t.assume_utc()))
        .or_else(|_| Timestamp::parse(value))
        .map(Some)
        .map_err(|_| ChoiceError::BadTime {
            field: name.to_owned(),
            value: value.to_owned(),
        })
}
