//! The Curriculum Wizard's saved plans (`wizard_plans`), scoped by owner in every call.

use super::StoreResult;
use crate::wizard::{PlanOwner, StoredPlan};
use async_trait::async_trait;

#[async_trait]
pub trait WizardStore: Send + Sync {
    async fn insert_plan(&self, owner: &PlanOwner, plan: &StoredPlan) -> StoreResult<()>;
    /// The owner's plans, most recently saved first (at most 200).
    async fn list_plans(&self, owner: &PlanOwner) -> StoreResult<Vec<StoredPlan>>;
    /// One plan of the owner; another owner's plan is `None`.
    async fn find_plan(&self, owner: &PlanOwner, id: &str) -> StoreResult<Option<StoredPlan>>;
    /// Saves answers, step and finish time; false when the owner has no such plan.
    async fn save_plan(&self, owner: &PlanOwner, plan: &StoredPlan) -> StoreResult<bool>;
    async fn delete_plan(&self, owner: &PlanOwner, id: &str) -> StoreResult<bool>;
}
