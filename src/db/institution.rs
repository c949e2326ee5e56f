//! The institution view in the store: who opened a placement with a due date, and everything the
//! view counts, read for one platform registration only (no query here crosses tenants).

use super::StoreResult;
use crate::institution::Facts;
use crate::platforms::RegistrationId;
use async_trait::async_trait;

/// A learner opening a placed module or path that has a due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueVisit {
    pub registration_id: RegistrationId,
    pub resource_link_id: String,
    pub user_id: String,
    pub context_id: Option<String>,
    pub context_title: Option<String>,
    pub learner_name: Option<String>,
    pub module_id: Option<String>,
    pub path_id: Option<String>,
    pub due_at: i64,
}

#[async_trait]
pub trait InstitutionStore: Send + Sync {
    /// Remembers (or refreshes: the platform may move the date) a learner's dated placement.
    async fn note_due_visit(&self, visit: &DueVisit, now: i64) -> StoreResult<()>;
    /// Learners, passes, completed paths, certificates and dated placements of one platform.
    async fn institution_facts(&self, registration_id: RegistrationId) -> StoreResult<Facts>;
}
