//! What a placement (an LTI resource link) asks for, from its custom parameters: `module`,
//! `path`, `job_role`, `pass_mark` and `graded`. Checked against the catalogue so a typo in the
//! LMS gives a clear page naming the value, never a 500.

use serde_json::{Map, Value};

use crate::content::{Catalogue, JobRole, Module};

/// Which score a placement sends to the LMS gradebook (used by the grade passback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graded {
    /// The quiz score of the placement's module.
    Module,
    /// Completion of the placement's path.
    Path,
    /// Nothing is sent.
    None,
}

/// A placement's checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub module: Option<String>,
    pub path: Option<String>,
    pub job_role: Option<JobRole>,
    pub pass_mark: Option<u8>,
    pub graded: Graded,
}

/// A custom parameter the catalogue does not know or cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlacementError {
    #[error(
        "this activity asks for module {0:?}, which the catalogue does not have (modules are M01 to M14)"
    )]
    UnknownModule(String),
    #[error("this activity asks for learning path {0:?}, which the catalogue does not have")]
    UnknownPath(String),
    #[error("this activity sets job_role={0:?}; use one of CL, NU, AD, IT, MG, TR")]
    BadJobRole(String),
    #[error("this activity sets pass_mark={0:?}; use a whole percentage from 1 to 100")]
    BadPassMark(String),
    #[error("this activity sets graded={0:?}; use module, path or none")]
    BadGraded(String),
}

impl PlacementError {
    /// True when the activity names something that does not exist (a 404, not a 400).
    pub fn is_unknown_id(&self) -> bool {
        matches!(self, Self::UnknownModule(_) | Self::UnknownPath(_))
    }
}

/// A custom parameter as text: strings as sent, numbers printed; empty values and Moodle's
/// unsubstituted `$Variable.name` placeholders count as absent.
pub fn custom_text<'a>(
    custom: &'a Map<String, Value>,
    key: &str,
) -> Option<std::borrow::Cow<'a, str>> {
    let text = match custom.get(key)? {
        Value::String(s) => std::borrow::Cow::Borrowed(s.trim()),
        Value::Number(n) => std::borrow::Cow::Owned(n.to_string()),
        _ => return None,
    };
    (!text.is_empty() && !text.starts_with('$')).then_some(text)
}

impl Placement {
    /// Reads and checks the custom parameters of a launch.
    pub fn parse(
        custom: &Map<String, Value>,
        catalogue: &Catalogue,
    ) -> Result<Placement, PlacementError> {
        let module = custom_text(custom, "module").map(|m| m.into_owned());
        if let Some(id) = &module
            && catalogue.module(id).is_none()
        {
            return Err(PlacementError::UnknownModule(id.clone()));
        }
        let path = custom_text(custom, "path").map(|p| p.into_owned());
        if let Some(id) = &path
            && catalogue.path(id).is_none()
        {
            return Err(PlacementError::UnknownPath(id.clone()));
        }
        let job_role = match custom_text(custom, "job_role") {
            Some(code) => Some(
                JobRole::parse(&code)
                    .ok_or_else(|| PlacementError::BadJobRole(code.into_owned()))?,
            ),
            None => None,
        };
        let pass_mark = match custom_text(custom, "pass_mark") {
            Some(text) => Some(
                parse_pass_mark(&text)
                    .ok_or_else(|| PlacementError::BadPassMark(text.into_owned()))?,
            ),
            None => None,
        };
        let graded = match custom_text(custom, "graded")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("none") => Graded::None,
            Some("module") => Graded::Module,
            Some("path") => Graded::Path,
            Some(other) => return Err(PlacementError::BadGraded(other.to_owned())),
        };
        Ok(Placement {
            module,
            path,
            job_role,
            pass_mark,
            graded,
        })
    }

    /// The pass mark for `module` here: the placement's, else the module's default.
    pub fn pass_mark_for(&self, module: &Module) -> u8 {
        self.pass_mark.unwrap_or(module.quiz.pass_mark)
    }
}

/// `80`, `80%` or `80.0` give 80; 0, above 100 and fractions are refused.
fn parse_pass_mark(text: &str) -> Option<u8> {
    let text = text.trim().trim_end_matches('%').trim();
    let text = text.strip_suffix(".0").unwrap_or(text);
    text.parse::<u8>().ok().filter(|p| (1..=100).contains(p))
}

/// The page (relative to `/s/{sid}/`) a resource link launch lands on: the placement's module,
/// else its path, else the learner's dashboard. Ids are percent-encoded so a hostile value
/// cannot change the route; the page itself checks that the id exists.
pub fn landing(custom: &Map<String, Value>) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    if let Some(module) = custom_text(custom, "module") {
        format!("modules/{}", encode(&module))
    } else if let Some(path) = custom_text(custom, "path") {
        format!("paths/{}", encode(&path))
    } else if let Some(article) = custom_text(custom, "article") {
        format!("hub/articles/{}", encode(&article))
    } else if let Some(directory) = custom_text(custom, "directory") {
        format!("hub/directories/{}", encode(&directory))
    } else if custom_text(custom, "wizard").is_some() {
        "wizard".to_owned()
    } else if custom_text(custom, "certificates").is_some() {
        "certificates".to_owned()
    } else {
        "courses".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn custom(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn landing_prefers_module_then_path_then_dashboard() {
        assert_eq!(
            landing(&custom(json!({"module": "M02", "path": "nursing"}))),
            "modules/M02"
        );
        assert_eq!(
            landing(&custom(json!({"path": "nursing"}))),
            "paths/nursing"
        );
        assert_eq!(
            landing(&custom(json!({"module": "", "path": "$Course.id"}))),
            "courses"
        );
        assert_eq!(
            landing(&custom(json!({"module": "../../end"}))),
            "modules/..%2F..%2Fend"
        );
    }

    #[test]
    fn pass_marks_accept_plain_percentages_only() {
        assert_eq!(parse_pass_mark("80"), Some(80));
        assert_eq!(parse_pass_mark(" 75% "), Some(75));
        assert_eq!(parse_pass_mark("100.0"), Some(100));
        for bad in ["0", "101", "7.5", "eighty", "-5"] {
            assert_eq!(parse_pass_mark(bad), None, "{bad}");
        }
    }
}
