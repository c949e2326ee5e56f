//! What the grade sync view and submission review read: a course's outbox rows and a learner's
//! attempts on a module, always scoped by platform registration and context.

use super::StoreResult;
use crate::courses::{Attempt, Learner};
use crate::grades::sync::SentScore;
use crate::platforms::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait GradeSyncStore: Send + Sync {
    /// Every score queued in one course of one platform (at most 10,000, oldest first),
    /// superseded values left out.
    async fn course_scores(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<SentScore>>;
    /// The module a line item of this course grades: from the scores sent to it, else from the
    /// line items the tool found or created.
    async fn module_of_line_item(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
        lineitem_url: &str,
    ) -> StoreResult<Option<String>>;
    /// The learner's submitted attempts on a module in one course, oldest first.
    async fn submitted_attempts(
        &self,
        learner: &Learner,
        context_id: &str,
        module_id: &str,
    ) -> StoreResult<Vec<Attempt>>;
}
