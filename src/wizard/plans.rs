//! Saved plans: who owns one (an instructor in one course context of one platform) and what is
//! stored. The SQL is in `db/portable/wizard.rs`.

use super::answers::RawAnswers;
use crate::platforms::RegistrationId;

/// The tenant scope of a plan: every store call takes it, so a plan id alone opens nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOwner {
    pub registration_id: RegistrationId,
    /// The LMS course context ("" for a launch without one).
    pub context_id: String,
    pub user_id: String,
}

/// A plan as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub id: String,
    pub unit: String,
    pub answers: RawAnswers,
    /// The step the trainer last saved (0-based), where "resume" opens.
    pub step: i64,
    pub finished_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl StoredPlan {
    pub fn new(unit: &str, answers: RawAnswers, now: i64) -> StoredPlan {
        StoredPlan {
            id: uuid::Uuid::now_v7().to_string(),
            unit: unit.to_owned(),
            answers,
            step: 0,
            finished_at: None,
            created_at: now,
            updated_at: now,
        }
    }
}
