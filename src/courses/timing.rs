//! When a placed activity opens and when it is due, as the instructor set it in the picker, read
//! back from the launch's custom parameters; and whether a submission came in late.
//!
//! Two sources per date: a `$ResourceLink...` substitution variable (Canvas fills it with the
//! date as currently set in the LMS, so a date changed there wins) and the literal date the tool
//! wrote into the content item (Moodle sends variables it does not know unsubstituted).

use lti::Timestamp;
use serde_json::{Map, Value};

use super::{Placement, custom_text};
use crate::content::Catalogue;

/// The literal opening date the picker puts on the content item (RFC 3339).
pub const OPENS_AT: &str = "opens_at";
/// The literal due date the picker puts on the content item (RFC 3339).
pub const DUE_AT: &str = "due_at";
/// The custom parameter holding the opening date variable.
pub const OPENS_SUBSTITUTED: &str = "available_start";
/// The custom parameter holding the due date variable.
pub const DUE_SUBSTITUTED: &str = "submission_end";
/// [LTI 1.3 substitution variable](https://www.imsglobal.org/spec/lti/v1p3/#customproperty)
/// for the resource link's `available.startDateTime`.
pub const OPENS_VARIABLE: &str = "$ResourceLink.available.startDateTime";
/// Substitution variable for the resource link's `submission.endDateTime`.
pub const DUE_VARIABLE: &str = "$ResourceLink.submission.endDateTime";

/// The dates of one placement; either may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timing {
    pub opens: Option<Timestamp>,
    pub due: Option<Timestamp>,
}

/// A submission after the due date: still recorded, and marked (see `CompletionEffects::late`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateMark {
    pub context_id: Option<String>,
    /// The due date it missed, in unix seconds.
    pub due_at: i64,
}

impl Timing {
    /// The dates of a launch's custom parameters: the substituted variable when the platform
    /// filled it, else the tool's literal. A value that is no date counts as absent (it came
    /// from the LMS, not from the learner, and must not keep anyone out of the activity).
    pub fn from_custom(custom: &Map<String, Value>) -> Timing {
        let date = |variable: &str, literal: &str| {
            [variable, literal]
                .into_iter()
                .filter_map(|key| custom_text(custom, key))
                .find_map(|text| Timestamp::parse(&text).ok())
        };
        Timing {
            opens: date(OPENS_SUBSTITUTED, OPENS_AT),
            due: date(DUE_SUBSTITUTED, DUE_AT),
        }
    }

    /// The dates that bind `module_id` under `placement`: the placement's own module, or a
    /// module of its path; none for anything the learner opened from elsewhere.
    pub fn for_module(
        custom: &Map<String, Value>,
        placement: &Placement,
        module_id: &str,
        catalogue: &Catalogue,
    ) -> Timing {
        let own = placement.module.as_deref() == Some(module_id);
        let in_path = placement
            .path
            .as_deref()
            .and_then(|p| catalogue.path(p))
            .is_some_and(|p| p.modules.iter().any(|m| m == module_id));
        if own || in_path {
            Timing::from_custom(custom)
        } else {
            Timing::default()
        }
    }

    /// Dates stored as unix seconds; a value out of range counts as absent.
    pub fn from_unix(opens: Option<i64>, due: Option<i64>) -> Timing {
        let at = |s: Option<i64>| {
            s.and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
                .map(Timestamp::from)
        };
        Timing {
            opens: at(opens),
            due: at(due),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.opens.is_none() && self.due.is_none()
    }

    /// Whether the activity has not opened yet at `now` (unix seconds).
    pub fn not_open_yet(&self, now: i64) -> bool {
        self.opens.is_some_and(|o| now < o.unix_timestamp())
    }

    /// Whether the due date has passed at `now` (unix seconds).
    pub fn overdue(&self, now: i64) -> bool {
        self.due.is_some_and(|d| now > d.unix_timestamp())
    }

    /// The mark for a submission at `submitted_at`, when that is after the due date.
    pub fn late_mark(&self, submitted_at: i64, context_id: Option<&str>) -> Option<LateMark> {
        let due = self.due?;
        (submitted_at > due.unix_timestamp()).then(|| LateMark {
            context_id: context_id.map(str::to_owned),
            due_at: due.unix_timestamp(),
        })
    }
}

/// A date for people: `2026-12-01 09:00 UTC`.
pub fn show(t: Timestamp) -> String {
    let t = t.as_offset_date_time();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A unix time in seconds for people, like [`show`].
pub fn show_unix(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| show(Timestamp::from(t)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn custom(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_substituted_date_wins_over_the_literal() {
        let t = Timing::from_custom(&custom(json!({
            "due_at": "2026-12-01T09:00:00Z",
            "submission_end": "2026-12-08T09:00:00Z",
        })));
        assert_eq!(t.due.map(show).as_deref(), Some("2026-12-08 09:00 UTC"));
    }

    #[test]
    fn an_unsubstituted_variable_falls_back_to_the_literal() {
        let t = Timing::from_custom(&custom(json!({
            "opens_at": "2026-11-01T08:30:00Z",
            "available_start": OPENS_VARIABLE,
            "due_at": "not a date",
        })));
        assert_eq!(t.opens.map(show).as_deref(), Some("2026-11-01 08:30 UTC"));
        assert_eq!(t.due, None);
    }

    #[test]
    fn a_submission_after_the_due_date_is_late() {
        let t = Timing::from_custom(&custom(json!({"due_at": "2026-12-01T09:00:00Z"})));
        let due = t.due.map(|d| d.unix_timestamp()).unwrap_or_default();
        assert_eq!(t.late_mark(due, Some("c1")), None);
        assert_eq!(
            t.late_mark(due + 1, Some("c1")),
            Some(LateMark {
                context_id: Some("c1".into()),
                due_at: due
            })
        );
        assert!(t.overdue(due + 1) && !t.overdue(due));
        assert_eq!(Timing::default().late_mark(due + 1, None), None);
    }

    #[test]
    fn an_activity_before_its_opening_is_not_open_yet() {
        let t = Timing::from_custom(&custom(json!({"opens_at": "2026-12-01T09:00:00Z"})));
        let opens = t.opens.map(|o| o.unix_timestamp()).unwrap_or_default();
        assert!(t.not_open_yet(opens - 1) && !t.not_open_yet(opens));
    }
}
