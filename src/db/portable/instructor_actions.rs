//! `InstructorActionStore` in portable SQL: the reset transaction (mark, recount, reopen paths,
//! supersede waiting scores, audit row), extensions and the due dates seen per course.

/// Implements `InstructorActionStore` for a store type with a `pool` field.
macro_rules! instructor_action_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::instructor_actions::InstructorActionStore for $store {
            async fn reset_attempts(
                &self,
                r: &$crate::instructor_actions::AttemptReset,
            ) -> $crate::db::StoreResult<u64> {
                let reg = r.learner.registration_id.to_string();
                let user = &r.learner.user_id;
                let mut tx = self.pool.begin().await?;
                let mut reset = 0;
                for module in &r.modules {
                    // Submitted attempts of this course only; one still open counts when it is
                    // submitted (it is the learner's next attempt).
                    reset += sqlx::query(
                        "UPDATE quiz_attempts SET reset_id = $1 WHERE registration_id = $2 AND user_id = $3 \
                         AND module_id = $4 AND context_id = $5 AND submitted_at IS NOT NULL AND reset_id IS NULL",
                    )
                    .bind(&r.id)
                    .bind(&reg)
                    .bind(user)
                    .bind(module)
                    .bind(&r.context_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    let left: Vec<$crate::instructor_actions::Counted> = sqlx::query_as(
                        "SELECT COALESCE(score, 0), COALESCE(passed, FALSE), submitted_at FROM quiz_attempts \
                         WHERE registration_id = $1 AND user_id = $2 AND module_id = $3 \
                         AND submitted_at IS NOT NULL AND reset_id IS NULL ORDER BY submitted_at, id",
                    )
                    .bind(&reg)
                    .bind(user)
                    .bind(module)
                    .fetch_all(&mut *tx)
                    .await?;
                    $crate::db::portable::instructor_actions::write_recount!(tx, &reg, user, module, left);
                    // Scores of the reset attempts still waiting for this course's gradebook.
                    sqlx::query(
                        "UPDATE grade_outbox SET state = 'superseded' WHERE registration_id = $1 AND user_id = $2 \
                         AND module_id = $3 AND context_id = $4 AND state = 'pending'",
                    )
                    .bind(&reg)
                    .bind(user)
                    .bind(module)
                    .bind(&r.context_id)
                    .execute(&mut *tx)
                    .await?;
                }
                let passed: Vec<String> = sqlx::query_scalar(
                    "SELECT module_id FROM module_progress WHERE registration_id = $1 AND user_id = $2 AND status = 'passed'",
                )
                .bind(&reg)
                .bind(user)
                .fetch_all(&mut *tx)
                .await?;
                for path in r.paths.iter().filter(|p| !p.modules.iter().all(|m| passed.contains(m))) {
                    sqlx::query("DELETE FROM path_completions WHERE registration_id = $1 AND user_id = $2 AND path_id = $3")
                        .bind(&reg)
                        .bind(user)
                        .bind(&path.path_id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO attempt_resets (id, registration_id, context_id, user_id, target_kind, target_id, \
                     reason, actor_user_id, actor_name, attempts_reset, reset_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&r.id)
                .bind(&reg)
                .bind(&r.context_id)
                .bind(user)
                .bind(r.target.kind())
                .bind(r.target.id())
                .bind(r.reason.as_str())
                .bind(&r.actor.user_id)
                .bind(&r.actor.name)
                .bind(i64::try_from(reset).unwrap_or(i64::MAX))
                .bind(r.at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(reset)
            }

            async fn resets_in(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::instructor_actions::ResetRecord>> {
                let rows: Vec<(String, String, String, String, String, Option<String>, i64, i64)> = sqlx::query_as(
                    "SELECT user_id, target_kind, target_id, reason, actor_user_id, actor_name, attempts_reset, reset_at \
                     FROM attempt_resets WHERE registration_id = $1 AND context_id = $2 ORDER BY reset_at, id",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(user_id, target_kind, target_id, reason, actor_user_id, actor_name, attempts_reset, at)| {
                        $crate::instructor_actions::ResetRecord {
                            user_id,
                            target_kind,
                            target_id,
                            reason,
                            actor_user_id,
                            actor_name,
                            attempts_reset,
                            at,
                        }
                    })
                    .collect())
            }

            async fn grant_extension(
                &self,
                e: &$crate::instructor_actions::Extension,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO due_extensions (registration_id, context_id, user_id, item_id, due_at, reason, \
                     actor_user_id, actor_name, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (registration_id, context_id, user_id, item_id) DO UPDATE SET due_at = excluded.due_at, \
                     reason = excluded.reason, actor_user_id = excluded.actor_user_id, actor_name = excluded.actor_name, \
                     granted_at = excluded.granted_at",
                )
                .bind(e.registration_id.to_string())
                .bind(&e.context_id)
                .bind(&e.user_id)
                .bind(&e.item_id)
                .bind(e.due_at)
                .bind(&e.reason)
                .bind(&e.actor_user_id)
                .bind(&e.actor_name)
                .bind(e.granted_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn extensions_in(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::instructor_actions::Extension>> {
                let rows: Vec<(String, String, i64, String, String, Option<String>, i64)> = sqlx::query_as(
                    "SELECT user_id, item_id, due_at, reason, actor_user_id, actor_name, granted_at FROM due_extensions \
                     WHERE registration_id = $1 AND context_id = $2 ORDER BY user_id, item_id",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(user_id, item_id, due_at, reason, actor_user_id, actor_name, granted_at)| {
                        $crate::instructor_actions::Extension {
                            registration_id,
                            context_id: context_id.to_owned(),
                            user_id,
                            item_id,
                            due_at,
                            reason,
                            actor_user_id,
                            actor_name,
                            granted_at,
                        }
                    })
                    .collect())
            }

            async fn extension_for(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
                user_id: &str,
                item_id: &str,
            ) -> $crate::db::StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT due_at FROM due_extensions WHERE registration_id = $1 AND context_id = $2 \
                     AND user_id = $3 AND item_id = $4",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .bind(user_id)
                .bind(item_id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn remember_placed_due(
                &self,
                d: &$crate::instructor_actions::PlacedDue,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO context_due_dates (registration_id, context_id, resource_link_id, item_id, due_at, seen_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (registration_id, context_id, resource_link_id) \
                     DO UPDATE SET item_id = excluded.item_id, due_at = excluded.due_at, seen_at = excluded.seen_at",
                )
                .bind(d.registration_id.to_string())
                .bind(&d.context_id)
                .bind(&d.resource_link_id)
                .bind(&d.item_id)
                .bind(d.due_at)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn placed_dues_in(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::instructor_actions::PlacedDue>> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT resource_link_id, item_id, due_at FROM context_due_dates \
                     WHERE registration_id = $1 AND context_id = $2 ORDER BY resource_link_id",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(resource_link_id, item_id, due_at)| $crate::instructor_actions::PlacedDue {
                        registration_id,
                        context_id: context_id.to_owned(),
                        resource_link_id,
                        item_id,
                        due_at,
                    })
                    .collect())
            }
        }
    };
}
pub(crate) use instructor_action_store;

/// Writes a module's recounted progress (or removes it, with the lessons a test-out skipped, when
/// no attempt is left) inside the reset transaction.
macro_rules! write_recount {
    ($tx:ident, $reg:expr, $user:expr, $module:expr, $left:expr) => {{
        match $crate::instructor_actions::recount(&$left) {
            Some(c) => {
                sqlx::query(
                    "UPDATE module_progress SET status = $1, attempts = $2, first_score = $3, best_score = $4, \
                     passed_at = $5, updated_at = $6 WHERE registration_id = $7 AND user_id = $8 AND module_id = $9",
                )
                .bind(if c.passed { "passed" } else { "in_progress" })
                .bind(c.attempts)
                .bind(c.first_score)
                .bind(c.best_score)
                .bind(c.passed_at)
                .bind(c.updated_at)
                .bind($reg)
                .bind($user)
                .bind($module)
                .execute(&mut *$tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM module_progress WHERE registration_id = $1 AND user_id = $2 AND module_id = $3")
                    .bind($reg)
                    .bind($user)
                    .bind($module)
                    .execute(&mut *$tx)
                    .await?;
                sqlx::query(
                    "DELETE FROM lesson_progress WHERE registration_id = $1 AND user_id = $2 AND module_id = $3 \
                     AND state = 'skipped'",
                )
                .bind($reg)
                .bind($user)
                .bind($module)
                .execute(&mut *$tx)
                .await?;
            }
        }
    }};
}
pub(crate) use write_recount;
