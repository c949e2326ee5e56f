//! `PlacementStore` in portable SQL, and the statement `complete_attempt` runs for a late
//! attempt inside its transaction.

/// Marks a completed attempt late (`Completion::effects.late`) on any executor.
macro_rules! mark_late_on {
    ($exec:expr, $c:expr) => {{
        let c: &$crate::courses::Completion = $c;
        if let Some(late) = &c.effects.late {
            sqlx::query(
                "INSERT INTO late_attempts (attempt_id, registration_id, user_id, context_id, module_id, due_at, submitted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (attempt_id) DO NOTHING",
            )
            .bind(&c.attempt_id)
            .bind(c.learner.registration_id.to_string())
            .bind(&c.learner.user_id)
            .bind(&late.context_id)
            .bind(&c.module_id)
            .bind(late.due_at)
            .bind(c.submitted_at)
            .execute(&mut *$exec)
            .await?;
        }
    }};
}
pub(crate) use mark_late_on;

/// Implements `PlacementStore` for a store type with a `pool` field.
macro_rules! placement_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::placements::PlacementStore for $store {
            async fn late_attempt(
                &self,
                l: &$crate::courses::Learner,
                attempt_id: &str,
            ) -> $crate::db::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT due_at FROM late_attempts WHERE attempt_id = $1 AND registration_id = $2 AND user_id = $3",
                )
                .bind(attempt_id)
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn remember_timing(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                resource_link_id: &str,
                timing: &$crate::courses::timing::Timing,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO placement_timing (registration_id, resource_link_id, opens_at, due_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registration_id, resource_link_id) DO UPDATE SET \
                     opens_at = excluded.opens_at, due_at = excluded.due_at, updated_at = excluded.updated_at",
                )
                .bind(registration_id.to_string())
                .bind(resource_link_id)
                .bind(timing.opens.map(|t| t.unix_timestamp()))
                .bind(timing.due.map(|t| t.unix_timestamp()))
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn timing_of(
                &self,
                registration_id: &str,
                resource_link_id: &str,
            ) -> $crate::db::StoreResult<Option<$crate::courses::timing::Timing>> {
                let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT opens_at, due_at FROM placement_timing WHERE registration_id = $1 AND resource_link_id = $2",
                )
                .bind(registration_id)
                .bind(resource_link_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(opens, due)| $crate::courses::timing::Timing::from_unix(opens, due)))
            }

            async fn last_activity(
                &self,
                registration_id: $crate::platforms::RegistrationId,
            ) -> $crate::db::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT user_id, MAX(at) FROM ( \
                       SELECT user_id, updated_at AS at FROM module_progress WHERE registration_id = $1 \
                       UNION ALL SELECT user_id, recorded_at AS at FROM lesson_progress WHERE registration_id = $1 \
                     ) AS activity GROUP BY user_id",
                )
                .bind(registration_id.to_string())
                .fetch_all(&self.pool)
                .await?)
            }

            async fn late_attempts_in(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::db::placements::LateAttempt>> {
                let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
                    "SELECT user_id, module_id, due_at, submitted_at FROM late_attempts \
                     WHERE registration_id = $1 AND context_id = $2 ORDER BY submitted_at, attempt_id",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(user_id, module_id, due_at, submitted_at)| $crate::db::placements::LateAttempt {
                        user_id,
                        module_id,
                        due_at,
                        submitted_at,
                    })
                    .collect())
            }
        }
    };
}
pub(crate) use placement_store;
