//! `GradeSyncStore` in portable SQL: reads only, each filtered by registration and context.

pub(crate) type SentRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

pub(crate) fn into_sent(r: SentRow) -> crate::db::StoreResult<crate::grades::sync::SentScore> {
    let state = crate::grades::sync::OutboxState::parse(&r.7).ok_or_else(|| {
        crate::db::StoreError::Corrupt(format!("outbox row {}: state {:?}", r.0, r.7))
    })?;
    Ok(crate::grades::sync::SentScore {
        id: r.0,
        lineitem_url: r.1,
        module_id: r.2,
        user_id: r.3,
        score_given: r.4,
        score_maximum: r.5,
        timestamp: r.6,
        state,
        attempts: r.8,
        created_at_ms: r.9,
        delivered_at_ms: r.10,
        last_status: r.11,
        last_error: r.12,
    })
}

/// Implements `GradeSyncStore` for a store type with a `pool` field.
macro_rules! grade_sync_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::grade_sync::GradeSyncStore for $store {
            async fn course_scores(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::grades::sync::SentScore>> {
                let rows: Vec<$crate::db::portable::grade_sync::SentRow> = sqlx::query_as(
                    "SELECT id, lineitem_url, module_id, user_id, score_given, score_maximum, score_timestamp, \
                     state, attempts, created_at_ms, delivered_at_ms, last_status, last_error FROM grade_outbox \
                     WHERE registration_id = $1 AND context_id = $2 AND state <> 'superseded' \
                     ORDER BY created_at_ms, id LIMIT 10000",
                )
                .bind(registration_id.to_string())
                .bind(context_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map($crate::db::portable::grade_sync::into_sent).collect()
            }

            async fn module_of_line_item(
                &self,
                registration_id: $crate::platforms::RegistrationId,
                context_id: &str,
                lineitem_url: &str,
            ) -> $crate::db::StoreResult<Option<String>> {
                let reg = registration_id.to_string();
                let sent: Option<(String,)> = sqlx::query_as(
                    "SELECT module_id FROM grade_outbox WHERE registration_id = $1 AND context_id = $2 \
                     AND lineitem_url = $3 ORDER BY created_at_ms DESC LIMIT 1",
                )
                .bind(&reg)
                .bind(context_id)
                .bind(lineitem_url)
                .fetch_optional(&self.pool)
                .await?;
                if let Some((module,)) = sent {
                    return Ok(Some(module));
                }
                let made: Option<(String,)> = sqlx::query_as(
                    "SELECT resource_id FROM grade_line_items WHERE registration_id = $1 AND lineitem_url = $2 \
                     LIMIT 1",
                )
                .bind(&reg)
                .bind(lineitem_url)
                .fetch_optional(&self.pool)
                .await?;
                Ok(made.map(|(m,)| m))
            }

            async fn submitted_attempts(
                &self,
                l: &$crate::courses::Learner,
                context_id: &str,
                module_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::courses::Attempt>> {
                let rows: Vec<$crate::db::portable::courses::AttemptRow> = sqlx::query_as(
                    "SELECT id, module_id, kind, content_version, language, job_role, pass_mark, draw, started_at, \
                     submitted_at, result FROM quiz_attempts WHERE registration_id = $1 AND user_id = $2 \
                     AND context_id = $3 AND module_id = $4 AND submitted_at IS NOT NULL \
                     ORDER BY submitted_at, id LIMIT 500",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .bind(context_id)
                .bind(module_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map($crate::db::portable::courses::into_attempt).collect()
            }
        }
    };
}
pub(crate) use grade_sync_store;
