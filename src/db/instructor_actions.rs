//! Instructor actions in the store: resets of a learner's attempts (with their audit rows),
//! per-learner due date extensions and the due dates seen for items placed in a course. Every
//! call is scoped by platform registration and course context.

use super::StoreResult;
use crate::instructor_actions::{AttemptReset, Extension, PlacedDue, ResetRecord};
use crate::platforms::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait InstructorActionStore: Send + Sync {
    /// Marks the learner's submitted attempts on `reset.modules` in `reset.context_id` as reset,
    /// recounts their module progress from the attempts still counting, reopens the paths that
    /// are no longer complete, supersedes scores still waiting for the gradebook and writes the
    /// audit row, in one transaction. Returns how many attempts were reset.
    async fn reset_attempts(&self, reset: &AttemptReset) -> StoreResult<u64>;
    /// The resets in one course context, oldest first.
    async fn resets_in(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<ResetRecord>>;
    /// Grants (or replaces) a learner's extension for an item.
    async fn grant_extension(&self, extension: &Extension) -> StoreResult<()>;
    /// Every extension in one course context.
    async fn extensions_in(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<Extension>>;
    /// A learner's extended due date for `item_id` in a context, if one was granted.
    async fn extension_for(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
        user_id: &str,
        item_id: &str,
    ) -> StoreResult<Option<i64>>;
    /// Remembers the due date a placed item was launched with in a context.
    async fn remember_placed_due(&self, due: &PlacedDue, now: i64) -> StoreResult<()>;
    /// The due dates of the items placed in a context, as last seen.
    async fn placed_dues_in(
        &self,
        registration_id: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<PlacedDue>>;
}
