//! What an instructor may do to one learner of their course from the roster: reset the learner's
//! attempts on a module or path (recorded with a reason, who and when) and grant a later due
//! date for a placed item. Checks and plans here; the writes are in the store.
//!
//! A reset keeps the attempts in the history but stops them counting: the module's progress is
//! recounted from the attempts left (those of other courses), so the next attempt is the new
//! first score and the score sent to the gradebook is that attempt's (the outbox's "never lower
//! the best" rule reads the recounted best). Scores of reset attempts still waiting for the
//! gradebook are superseded. The LMS keeps its old grade until the learner's next attempt.

use crate::content::Catalogue;
use crate::courses::timing::Timing;
use crate::courses::{Learner, PathCheck, Placement};
use crate::db::{DynStore, StoreError, StoreResult};
use crate::platforms::RegistrationId;

/// The longest reason kept (a sentence or two for the audit trail).
pub const MAX_REASON_CHARS: usize = 500;

/// What a reset or extension is about: a module, or a learning path (all its modules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Module(String),
    Path(String),
}

impl Target {
    /// `module:M01` or `path:nursing`, naming something the catalogue has.
    pub fn parse(text: &str, catalogue: &Catalogue) -> Result<Target, ActionError> {
        let unknown = || ActionError::UnknownItem(text.chars().take(80).collect());
        match text.trim().split_once(':') {
            Some(("module", id)) if catalogue.module(id).is_some() => {
                Ok(Target::Module(id.to_owned()))
            }
            Some(("path", id)) if catalogue.path(id).is_some() => Ok(Target::Path(id.to_owned())),
            _ => Err(unknown()),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Target::Module(_) => "module",
            Target::Path(_) => "path",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Target::Module(id) | Target::Path(id) => id,
        }
    }

    /// The modules it covers, in catalogue order.
    pub fn modules(&self, catalogue: &Catalogue) -> Vec<String> {
        match self {
            Target::Module(id) => vec![id.clone()],
            Target::Path(id) => catalogue
                .path(id)
                .map(|p| p.modules.clone())
                .unwrap_or_default(),
        }
    }
}

/// A reason for the audit trail: trimmed, spaces collapsed, not empty, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(input: &str) -> Result<Reason, ActionError> {
        let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(ActionError::MissingReason);
        }
        if text.chars().count() > MAX_REASON_CHARS {
            return Err(ActionError::ReasonTooLong);
        }
        if text.chars().any(char::is_control) {
            return Err(ActionError::MissingReason);
        }
        Ok(Reason(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The instructor acting, as the launch named them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub name: Option<String>,
}

/// A reset to carry out: the learner, the course, the modules, and the paths that may reopen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptReset {
    pub id: String,
    pub learner: Learner,
    pub context_id: String,
    pub target: Target,
    pub modules: Vec<String>,
    /// Every path holding one of `modules`: its completion goes when it is no longer complete.
    pub paths: Vec<PathCheck>,
    pub reason: Reason,
    pub actor: Actor,
    pub at: i64,
}

impl AttemptReset {
    pub fn plan(
        learner: Learner,
        context_id: &str,
        target: Target,
        reason: Reason,
        actor: Actor,
        catalogue: &Catalogue,
        at: i64,
    ) -> AttemptReset {
        let modules = target.modules(catalogue);
        let paths = catalogue
            .paths()
            .iter()
            .filter(|p| p.modules.iter().any(|m| modules.contains(m)))
            .map(|p| PathCheck {
                path_id: p.id.clone(),
                modules: p.modules.clone(),
            })
            .collect();
        AttemptReset {
            id: uuid::Uuid::now_v7().to_string(),
            learner,
            context_id: context_id.to_owned(),
            target,
            modules,
            paths,
            reason,
            actor,
            at,
        }
    }
}

/// A reset as the audit trail keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetRecord {
    pub user_id: String,
    pub target_kind: String,
    pub target_id: String,
    pub reason: String,
    pub actor_user_id: String,
    pub actor_name: Option<String>,
    pub attempts_reset: i64,
    pub at: i64,
}

/// A learner's own due date for an item placed in a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub registration_id: RegistrationId,
    pub context_id: String,
    pub user_id: String,
    /// The module or path id of the placement.
    pub item_id: String,
    pub due_at: i64,
    pub reason: String,
    pub actor_user_id: String,
    pub actor_name: Option<String>,
    pub granted_at: i64,
}

/// The due date a placed item (module or path) was launched with in a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedDue {
    pub registration_id: RegistrationId,
    pub context_id: String,
    pub resource_link_id: String,
    pub item_id: String,
    pub due_at: i64,
}

/// A module's progress counted again from the attempts that still count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recount {
    pub passed: bool,
    pub attempts: i64,
    pub first_score: i64,
    pub best_score: i64,
    pub passed_at: Option<i64>,
    pub updated_at: i64,
}

/// One submitted attempt that still counts: score, passed, submitted at.
pub type Counted = (i64, bool, i64);

/// The progress the attempts left after a reset add up to (oldest first); `None` when none are
/// left and the module starts afresh.
pub fn recount(left: &[Counted]) -> Option<Recount> {
    let (first, _, _) = *left.first()?;
    let passed_at = left.iter().filter(|a| a.1).map(|a| a.2).min();
    Some(Recount {
        passed: passed_at.is_some(),
        attempts: i64::try_from(left.len()).unwrap_or(i64::MAX),
        first_score: first,
        best_score: left.iter().map(|a| a.0).max().unwrap_or(first),
        passed_at,
        updated_at: left.iter().map(|a| a.2).max().unwrap_or_default(),
    })
}

/// Why an instructor action was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ActionError {
    #[error("{0:?} is not a module or learning path of the catalogue")]
    UnknownItem(String),
    #[error("a reset needs a reason for the record")]
    MissingReason,
    #[error("the reason is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("{0:?} is not a date and time we can read (use 2027-03-15T17:30)")]
    BadDate(String),
    #[error("the new due date has already passed")]
    DueInPast,
    #[error("user {0:?} is not a member of this course")]
    NotAMember(String),
    #[error("the roster is opened from a course; this launch has none")]
    NoCourse,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ActionError {
    /// A stable code for pages and API callers.
    pub fn code(&self) -> &'static str {
        match self {
            ActionError::UnknownItem(_) => "unknown_item",
            ActionError::MissingReason => "reason_required",
            ActionError::ReasonTooLong => "reason_too_long",
            ActionError::BadDate(_) => "bad_due_date",
            ActionError::DueInPast => "due_date_passed",
            ActionError::NotAMember(_) => "not_a_member",
            ActionError::NoCourse => "no_course",
            ActionError::Store(_) => "store_error",
        }
    }
}

/// A `datetime-local` value (`2027-03-15T17:30`, seconds optional) read as UTC, or RFC 3339,
/// that is still ahead of `now`; as unix seconds.
pub fn parse_new_due(text: &str, now: i64) -> Result<i64, ActionError> {
    use time::PrimitiveDateTime;
    use time::macros::format_description;
    let text = text.trim();
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let at = PrimitiveDateTime::parse(text, minutes)
        .or_else(|_| PrimitiveDateTime::parse(text, seconds))
        .map(|t| t.assume_utc().unix_timestamp())
        .or_else(|_| lti::Timestamp::parse(text).map(|t| t.unix_timestamp()))
        .map_err(|_| ActionError::BadDate(text.chars().take(40).collect()))?;
    if at <= now {
        return Err(ActionError::DueInPast);
    }
    Ok(at)
}

/// The item a placement opens (its module, else its path), which extensions are granted for.
pub fn placed_item(placement: &Placement) -> Option<&str> {
    placement.module.as_deref().or(placement.path.as_deref())
}

/// The learner's own dates for a placement: the placement's, with the due date moved to the
/// learner's extension when one was granted for it in this course and is later.
pub async fn learner_timing(
    store: &DynStore,
    learner: &Learner,
    context_id: Option<&str>,
    placement: &Placement,
    timing: Timing,
) -> StoreResult<Timing> {
    let (Some(context), Some(item), Some(due)) = (context_id, placed_item(placement), timing.due)
    else {
        return Ok(timing);
    };
    let extended = store
        .extension_for(learner.registration_id, context, &learner.user_id, item)
        .await?;
    Ok(match extended {
        Some(at) if at > due.unix_timestamp() => {
            Timing::from_unix(timing.opens.map(|o| o.unix_timestamp()), Some(at))
        }
        _ => timing,
    })
}

/// Remembers the placement's due date for the course's roster (nothing without one).
pub async fn note_placed_due(
    store: &DynStore,
    learner: &Learner,
    context_id: Option<&str>,
    resource_link_id: Option<&str>,
    placement: &Placement,
    timing: &Timing,
    now: i64,
) -> StoreResult<()> {
    let (Some(context), Some(link), Some(item), Some(due)) = (
        context_id,
        resource_link_id,
        placed_item(placement),
        timing.due,
    ) else {
        return Ok(());
    };
    let due = PlacedDue {
        registration_id: learner.registration_id,
        context_id: context.to_owned(),
        resource_link_id: link.to_owned(),
        item_id: item.to_owned(),
        due_at: due.unix_timestamp(),
    };
    store.remember_placed_due(&due, now).await
}

#[cfg(test)]
mod tests;
