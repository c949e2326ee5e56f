//! The operations store: retention purge, a learner's export and erasure, a tenant's purge.

use super::StoreResult;
use crate::courses::Learner;
use crate::ops::{LearnerExport, PurgeCutoffs, RowCounts};
use crate::platforms::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait OpsStore: Send + Sync {
    /// Deletes what outlived its retention period (see `ops::Retention`), counted by kind.
    async fn purge_retained(&self, cutoffs: &PurgeCutoffs) -> StoreResult<RowCounts>;
    /// Every row of one learner of one platform (GDPR Art. 15).
    async fn export_learner(&self, learner: &Learner, now: i64) -> StoreResult<LearnerExport>;
    /// Deletes every row of one learner of one platform, in one transaction (GDPR Art. 17).
    async fn erase_learner(&self, learner: &Learner) -> StoreResult<RowCounts>;
    /// Rows a tenant purge would delete, by table, without deleting anything.
    async fn count_tenant(&self, id: RegistrationId) -> StoreResult<RowCounts>;
    /// Deletes a registration and every row of its tenant, in one transaction.
    async fn purge_tenant(&self, id: RegistrationId) -> StoreResult<RowCounts>;
}
