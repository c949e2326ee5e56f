//! Submission review (LTI Submission Review 1.0): a gradebook's "review submission" launch shows
//! one learner's attempts on the module its line item grades. Only within the launch's own
//! platform and course; a learner may review only themselves, an instructor anyone.

use crate::courses::{Attempt, Learner};
use crate::db::StoreError;
use crate::sessions::Session;
use crate::state::AppState;

/// What a review shows.
#[derive(Debug, Clone)]
pub struct Review {
    /// The reviewed learner's id and, when the platform shared it, name.
    pub user_id: String,
    pub user_name: Option<String>,
    pub module_id: String,
    /// Submitted attempts, oldest first.
    pub attempts: Vec<Attempt>,
}

/// Why no review can be shown.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("this session was not opened as a submission review")]
    NotAReview,
    #[error("a learner may review only their own submission")]
    OtherLearner,
    #[error("the review launch came from outside a course")]
    NoContext,
    #[error("no SecureHospitals module is graded by this gradebook column")]
    UnknownLineItem,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The review a submission review session asks for, after the access checks.
pub async fn review_for(state: &AppState, s: &Session) -> Result<Review, ReviewError> {
    let for_user: lti::claims::ForUserClaim = s
        .data
        .for_user
        .clone()
        .filter(|_| s.message_type == lti::MessageType::SubmissionReview.as_str())
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or(ReviewError::NotAReview)?;
    let reviewed = for_user.user_id.as_str().to_owned();
    // An instructor (or administrator) reviews anyone of the course; anyone else only themselves.
    if !s.is_instructor() && reviewed != s.user_id {
        return Err(ReviewError::OtherLearner);
    }
    let context_id = s.context_id.as_deref().ok_or(ReviewError::NoContext)?;
    let module_id = module_for(state, s, context_id)
        .await?
        .ok_or(ReviewError::UnknownLineItem)?;
    let learner = Learner {
        registration_id: s.registration_id,
        user_id: reviewed.clone(),
    };
    let attempts = state
        .store
        .submitted_attempts(&learner, context_id, &module_id)
        .await?;
    Ok(Review {
        user_name: for_user.name.clone().or_else(|| {
            let parts = [for_user.given_name.clone(), for_user.family_name.clone()];
            let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
            (!joined.is_empty()).then_some(joined)
        }),
        user_id: reviewed,
        module_id,
        attempts,
    })
}

/// The module graded by the launch's line item (what the tool sent to it, or the column it
/// created for a module), else the `module` custom parameter the tool put on the line item's
/// `submissionReview` or on the placement.
async fn module_for(
    state: &AppState,
    s: &Session,
    context_id: &str,
) -> Result<Option<String>, StoreError> {
    let lineitem = s
        .data
        .ags
        .as_ref()
        .and_then(|a| a.get("lineitem"))
        .and_then(|l| l.as_str());
    if let Some(url) = lineitem
        && let Some(module) = state
            .store
            .module_of_line_item(s.registration_id, context_id, url)
            .await?
    {
        return Ok(Some(module));
    }
    let custom = crate::courses::custom_text(&s.data.custom, "module").map(|m| m.into_owned());
    Ok(custom.filter(|m| state.content.module(m).is_some()))
}
