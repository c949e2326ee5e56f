//! Used nonces and sessions in portable SQL, stamped out for each backend.

/// Implements `LaunchStore` for a store type with a `pool` field.
/// `$fast`, when given, is an inherent method tried first for the launch's write: it returns
/// `None` when it cannot take the write right now (SQLite: `db/sqlite/launch_writer.rs`), and
/// the pool's statement below runs instead.
macro_rules! launch_store {
    ($store:ty $(, fast_start = $fast:ident)?) => {
        #[async_trait::async_trait]
        impl $crate::db::LaunchStore for $store {
            async fn start_session(
                &self,
                nonce: &str,
                keep_until: i64,
                s: &$crate::sessions::NewSession,
            ) -> $crate::db::StoreResult<bool> {
                $(if let Some(done) = self.$fast(nonce, keep_until, s) {
                    return done;
                })?
                // One statement: the trigger `sessions_consume_nonce` (migration 0013) records
                // the nonce in `used_nonces`, and a nonce used before fails the whole insert.
                let result = $crate::db::portable::launch::insert_session_query!(s, Some(nonce), Some(keep_until))?
                    .execute(&self.pool)
                    .await;
                match result {
                    Ok(_) => Ok(true),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
                    Err(e) => Err(e.into()),
                }
            }

            async fn insert_session(&self, s: &$crate::sessions::NewSession) -> $crate::db::StoreResult<()> {
                $crate::db::portable::launch::insert_session_query!(s, None::<&str>, None::<i64>)?.execute(&self.pool).await?;
                Ok(())
            }

            async fn find_session(
                &self,
                id: &$crate::sessions::SessionId,
                now: i64,
            ) -> $crate::db::StoreResult<Option<$crate::sessions::Session>> {
                let row: Option<$crate::db::rows::SessionRow> =
                    sqlx::query_as($crate::db::rows::select_session!(" WHERE id = $1 AND expires_at > $2"))
                        .bind(id.as_str())
                        .bind(now)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some(mut row) = row else { return Ok(None) };
                if now - row.last_seen_at >= 60 {
                    row.last_seen_at = now;
                    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $1 + idle_timeout WHERE id = $2")
                        .bind(now)
                        .bind(id.as_str())
                        .execute(&self.pool)
                        .await?;
                }
                Ok(Some($crate::db::rows::into_session(row)?))
            }

            async fn delete_session(&self, id: &$crate::sessions::SessionId) -> $crate::db::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id.as_str()).execute(&self.pool).await?;
                Ok(())
            }

            async fn purge_expired(&self, now: i64) -> $crate::db::StoreResult<u64> {
                let mut n = 0;
                for sql in [
                    "DELETE FROM used_nonces WHERE keep_until < $1",
                    "DELETE FROM sessions WHERE expires_at < $1",
                ] {
                    n += sqlx::query(sql).bind(now).execute(&self.pool).await?.rows_affected();
                }
                Ok(n)
            }
        }
    };
}
pub(crate) use launch_store;

/// A new session, with the launch's nonce (`$14`, `$15`) or none. Fifteen parameters in order
/// (`$11` is used twice), so positional binding works with sqlx and with rusqlite alike.
pub(crate) const INSERT_SESSION: &str = "INSERT INTO sessions (id, registration_id, deployment_id, context_id, user_id, roles, locale, message_type, \
     resource_link_id, data, created_at, last_seen_at, idle_timeout, expires_at, nonce, nonce_keep_until) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15)";

/// The `INSERT` of a new session (with the launch's nonce, or none) with its values bound.
macro_rules! insert_session_query {
    ($s:expr, $nonce:expr, $keep_until:expr) => {{
        let s: &$crate::sessions::NewSession = $s;
        match (
            serde_json::to_string(&s.roles),
            serde_json::to_string(&s.data),
        ) {
            (Ok(roles), Ok(data)) => Ok(sqlx::query($crate::db::portable::launch::INSERT_SESSION)
                .bind(s.id.as_str())
                .bind(s.registration_id.to_string())
                .bind(&s.deployment_id)
                .bind(&s.context_id)
                .bind(&s.user_id)
                .bind(roles)
                .bind(&s.locale)
                .bind(&s.message_type)
                .bind(&s.resource_link_id)
                .bind(data)
                .bind(s.created_at)
                .bind(s.idle_timeout)
                .bind(s.created_at + s.idle_timeout)
                .bind($nonce)
                .bind($keep_until)),
            (Err(e), _) | (_, Err(e)) => Err($crate::db::StoreError::Corrupt(e.to_string())),
        }
    }};
}
pub(crate) use insert_session_query;
