//! `InstitutionStore` in portable SQL. Every statement is bound to one registration id.

/// Implements `InstitutionStore` for a store type with a `pool` field.
macro_rules! institution_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::institution::InstitutionStore for $store {
            async fn note_due_visit(
                &self,
                v: &$crate::db::institution::DueVisit,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO due_placements (registration_id, resource_link_id, user_id, context_id, context_title, \
                     learner_name, module_id, path_id, due_at, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (registration_id, resource_link_id, user_id) DO UPDATE SET \
                     context_id = excluded.context_id, context_title = excluded.context_title, \
                     learner_name = excluded.learner_name, module_id = excluded.module_id, path_id = excluded.path_id, \
                     due_at = excluded.due_at, seen_at = excluded.seen_at",
                )
                .bind(v.registration_id.to_string())
                .bind(&v.resource_link_id)
                .bind(&v.user_id)
                .bind(&v.context_id)
                .bind(&v.context_title)
                .bind(&v.learner_name)
                .bind(&v.module_id)
                .bind(&v.path_id)
                .bind(v.due_at)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn institution_facts(
                &self,
                registration_id: $crate::platforms::RegistrationId,
            ) -> $crate::db::StoreResult<$crate::institution::Facts> {
                use $crate::institution::{CertificateFact, DueFact, LearnerFact};
                let reg = registration_id.to_string();
                // The role the learner chose, else the one of their latest quiz attempt (a
                // placement can fix the role without the learner ever choosing one).
                let learners: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT u.user_id, \
                       (SELECT p.job_role FROM learner_profiles p WHERE p.registration_id = $1 AND p.user_id = u.user_id), \
                       (SELECT q.job_role FROM quiz_attempts q WHERE q.registration_id = $1 AND q.user_id = u.user_id \
                        ORDER BY q.started_at DESC, q.id LIMIT 1) \
                     FROM (SELECT user_id FROM learner_profiles WHERE registration_id = $1 \
                           UNION SELECT user_id FROM module_progress WHERE registration_id = $1) AS u",
                )
                .bind(&reg)
                .fetch_all(&self.pool)
                .await?;
                let passes: Vec<(String, String)> = sqlx::query_as(
                    "SELECT user_id, module_id FROM module_progress WHERE registration_id = $1 AND passed_at IS NOT NULL",
                )
                .bind(&reg)
                .fetch_all(&self.pool)
                .await?;
                let completed_paths: Vec<(String, String)> = sqlx::query_as(
                    "SELECT user_id, path_id FROM path_completions WHERE registration_id = $1",
                )
                .bind(&reg)
                .fetch_all(&self.pool)
                .await?;
                let certificates: Vec<(String, Option<String>, Option<String>, String, i64, Option<i64>)> =
                    sqlx::query_as(
                        "SELECT user_id, learner_name, context_id, path_id, valid_until, revoked_at \
                         FROM certificates WHERE registration_id = $1",
                    )
                    .bind(&reg)
                    .fetch_all(&self.pool)
                    .await?;
                // The link's due date as last launched by anyone in the course (the roster's
                // `context_due_dates`) wins over the one this learner saw, when newer: an
                // instructor who moves the date moves it for learners who have not come back.
                // A learner's extension (granted in the roster) moves their own due date.
                let due: Vec<(String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, i64, Option<i64>)> =
                    sqlx::query_as(
                        "SELECT d.user_id, d.learner_name, d.context_id, d.context_title, d.module_id, d.path_id, \
                           CASE WHEN c.seen_at > d.seen_at THEN c.due_at ELSE d.due_at END, e.due_at \
                         FROM due_placements d \
                         LEFT JOIN context_due_dates c ON c.registration_id = d.registration_id \
                           AND c.context_id = d.context_id AND c.resource_link_id = d.resource_link_id \
                         LEFT JOIN due_extensions e ON e.registration_id = d.registration_id \
                           AND e.context_id = d.context_id AND e.user_id = d.user_id \
                           AND e.item_id = COALESCE(d.module_id, d.path_id) \
                         WHERE d.registration_id = $1",
                    )
                    .bind(&reg)
                    .fetch_all(&self.pool)
                    .await?;
                let attempt_contexts: Vec<String> = sqlx::query_scalar(
                    "SELECT DISTINCT context_id FROM quiz_attempts WHERE registration_id = $1 AND context_id IS NOT NULL",
                )
                .bind(&reg)
                .fetch_all(&self.pool)
                .await?;
                Ok($crate::institution::Facts {
                    attempt_contexts,
                    learners: learners
                        .into_iter()
                        .map(|(user_id, chosen, attempted)| LearnerFact {
                            job_role: chosen
                                .as_deref()
                                .and_then($crate::content::JobRole::parse)
                                .or_else(|| attempted.as_deref().and_then($crate::content::JobRole::parse)),
                            user_id,
                        })
                        .collect(),
                    passes,
                    completed_paths,
                    certificates: certificates
                        .into_iter()
                        .map(|(user_id, learner_name, context_id, path_id, valid_until, revoked_at)| {
                            CertificateFact {
                                user_id,
                                learner_name,
                                context_id,
                                path_id,
                                valid_until,
                                revoked: revoked_at.is_some(),
                            }
                        })
                        .collect(),
                    due: due
                        .into_iter()
                        .map(|(user_id, learner_name, context_id, context_title, module_id, path_id, due_at, extended)| {
                            DueFact {
                                user_id,
                                learner_name,
                                context_id,
                                context_title,
                                module_id,
                                path_id,
                                due_at: extended.map_or(due_at, |e| e.max(due_at)),
                            }
                        })
                        .collect(),
                })
            }
        }
    };
}
pub(crate) use institution_store;
