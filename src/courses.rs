//! The course player's domain: who the learner is, what a placement asks for, lesson and module
//! progress, quiz attempts and what completing one changes. No HTTP, no SQL.

mod answers;
mod attempts;
mod placement;
mod progress;
#[cfg(test)]
mod tests;
pub mod timing;

pub use answers::{CONFIRM_BLANK, FormProblem, parse_answers};
pub use attempts::{
    Attempt, AttemptKind, AttemptRequest, AttemptResult, CompleteOutcome, Completion,
    CompletionEffects, FinishError, ItemFeedback, NewAttempt, PathCheck, finish_attempt,
    new_attempt,
};
pub use placement::{Graded, Placement, PlacementError, custom_text, landing};
pub use progress::{
    LessonMark, LessonState, ModuleProgress, ModuleStatus, Neighbours, neighbours, resume_lesson,
};

use crate::content::{JobRole, Lang};
use crate::platforms::RegistrationId;

/// Where a `module:M06` link in a lesson points. Lesson pages live at
/// `/s/{sid}/modules/M01/lessons/{slug}`, so a relative link reaches `/s/{sid}/modules/M06`
/// and keeps the session in the path.
pub fn lesson_link_to_module(id: &str) -> String {
    format!("../../{id}")
}

/// One learner: a user of one platform registration (the tenant). Progress, attempts and the
/// job role belong to this pair, so two tenants never see each other's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    pub registration_id: RegistrationId,
    pub user_id: String,
}

/// What the tool remembers about a learner between launches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Chosen on the first launch (LTI roles do not carry it); `None` until then.
    pub job_role: Option<JobRole>,
    /// Chosen with the language switcher; `None` means "follow the LMS locale".
    pub language: Option<Lang>,
}

/// Where a job role came from: the placement fixes it, or the learner chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleSource {
    Placement,
    Learner,
}

/// The job role in force for this page: a placement's `job_role` wins over the learner's choice,
/// so an activity meant for administrative staff shows the administrative variant.
pub fn effective_role(placement: &Placement, profile: &Profile) -> Option<(JobRole, RoleSource)> {
    placement
        .job_role
        .map(|r| (r, RoleSource::Placement))
        .or_else(|| profile.job_role.map(|r| (r, RoleSource::Learner)))
}
