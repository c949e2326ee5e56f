//! `WizardStore` in portable SQL. Answers travel as JSON text.

/// Implements `WizardStore` for a store type with a `pool` field.
macro_rules! wizard_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::wizard::WizardStore for $store {
            async fn insert_plan(
                &self,
                o: &$crate::wizard::PlanOwner,
                p: &$crate::wizard::StoredPlan,
            ) -> $crate::db::StoreResult<()> {
                let answers = serde_json::to_string(&p.answers)
                    .map_err(|e| $crate::db::StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO wizard_plans (id, registration_id, context_id, user_id, unit, answers, step, finished_at, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&p.id)
                .bind(o.registration_id.to_string())
                .bind(&o.context_id)
                .bind(&o.user_id)
                .bind(&p.unit)
                .bind(answers)
                .bind(p.step)
                .bind(p.finished_at)
                .bind(p.created_at)
                .bind(p.updated_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn list_plans(
                &self,
                o: &$crate::wizard::PlanOwner,
            ) -> $crate::db::StoreResult<Vec<$crate::wizard::StoredPlan>> {
                let rows: Vec<$crate::db::portable::wizard::PlanRow> = sqlx::query_as(
                    "SELECT id, unit, answers, step, finished_at, created_at, updated_at FROM wizard_plans \
                     WHERE registration_id = $1 AND context_id = $2 AND user_id = $3 ORDER BY updated_at DESC, id DESC LIMIT 200",
                )
                .bind(o.registration_id.to_string())
                .bind(&o.context_id)
                .bind(&o.user_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map($crate::db::portable::wizard::PlanRow::into_plan).collect()
            }

            async fn find_plan(
                &self,
                o: &$crate::wizard::PlanOwner,
                id: &str,
            ) -> $crate::db::StoreResult<Option<$crate::wizard::StoredPlan>> {
                let row: Option<$crate::db::portable::wizard::PlanRow> = sqlx::query_as(
                    "SELECT id, unit, answers, step, finished_at, created_at, updated_at FROM wizard_plans \
                     WHERE id = $1 AND registration_id = $2 AND context_id = $3 AND user_id = $4",
                )
                .bind(id)
                .bind(o.registration_id.to_string())
                .bind(&o.context_id)
                .bind(&o.user_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map($crate::db::portable::wizard::PlanRow::into_plan).transpose()
            }

            async fn save_plan(
                &self,
                o: &$crate::wizard::PlanOwner,
                p: &$crate::wizard::StoredPlan,
            ) -> $crate::db::StoreResult<bool> {
                let answers = serde_json::to_string(&p.answers)
                    .map_err(|e| $crate::db::StoreError::Corrupt(e.to_string()))?;
                let done = sqlx::query(
                    "UPDATE wizard_plans SET answers = $1, step = $2, finished_at = $3, updated_at = $4 \
                     WHERE id = $5 AND registration_id = $6 AND context_id = $7 AND user_id = $8",
                )
                .bind(answers)
                .bind(p.step)
                .bind(p.finished_at)
                .bind(p.updated_at)
                .bind(&p.id)
                .bind(o.registration_id.to_string())
                .bind(&o.context_id)
                .bind(&o.user_id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn delete_plan(
                &self,
                o: &$crate::wizard::PlanOwner,
                id: &str,
            ) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM wizard_plans WHERE id = $1 AND registration_id = $2 AND context_id = $3 AND user_id = $4",
                )
                .bind(id)
                .bind(o.registration_id.to_string())
                .bind(&o.context_id)
                .bind(&o.user_id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}

pub(crate) use wizard_store;

/// A `wizard_plans` row as read.
#[derive(sqlx::FromRow)]
pub(crate) struct PlanRow {
    id: String,
    unit: String,
    answers: String,
    step: i64,
    finished_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl PlanRow {
    pub(crate) fn into_plan(self) -> crate::db::StoreResult<crate::wizard::StoredPlan> {
        let answers = serde_json::from_str(&self.answers)
            .map_err(|e| crate::db::StoreError::Corrupt(format!("wizard plan {}: {e}", self.id)))?;
        Ok(crate::wizard::StoredPlan {
            id: self.id,
            unit: self.unit,
            answers,
            step: self.step,
            finished_at: self.finished_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
