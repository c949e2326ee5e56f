//! Placement timing in the store: attempts marked late because they came in after their
//! placement's due date (`late_attempts`), read per learner and per course context.

use super::StoreResult;
use crate::courses::Learner;
use crate::courses::timing::Timing;
use crate::platforms::RegistrationId;
use async_trait::async_trait;

/// A learner's late submission of a module's quiz in one course context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateAttempt {
    pub user_id: String,
    pub module_id: String,
    pub due_at: i64,
    pub submitted_at: i64,
}

#[async_trait]
pub trait PlacementStore: Send + Sync {
    /// The due date an attempt of this learner missed; `None` when it was on time (or is
    /// someone else's).
    async fn late_attempt(&self, learner: &Learner, attempt_id: &str) -> StoreResult<Option<i64>>;
    /// Remembers the dates a resource link was launched with (the platform's current ones).
    async fn remember_timing(
        &self,
        registration_id: RegistrationId,
        resource_link_id: &str,
        timing: &Timing,
        now: i64,
    ) -> StoreResult<()>;
    /// The dates last remembered for a resource link (`registration_id` as stored in the outbox).
    async fn timing_of(
        &self,
        registration_id: &str,
        resource_link_id: &str,
    ) -> StoreResult<Option<Timing>>;
    /// Each learner's last lesson or quiz activity on one platform (unix seconds), by user id.
    async fn last_activity(
        &self,
        registration_id: RegistrationId,
    ) -> StoreResult<Vec<(String, i64)>>;
    /// Every late submission in one course context of one platform, oldest first.
    async fn late_attempts_in(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<LateAttempt>>;
}
