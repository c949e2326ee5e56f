//! The operator's login in portable SQL, stamped out for each backend.

/// Implements `OperatorStore` for a store type with a `pool` field.
macro_rules! operator_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::operator::OperatorStore for $store {
            async fn set_operator_password(&self, phc: &str, now: i64) -> $crate::db::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO operator_credentials (id, password_hash, updated_at) VALUES (1, $1, $2) \
                     ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at",
                )
                .bind(phc)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM operator_sessions").execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn operator_password(&self) -> $crate::db::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT password_hash FROM operator_credentials WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn insert_operator_session(
                &self,
                token_hash: &str,
                csrf: &str,
                now: i64,
                expires_at: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query("DELETE FROM operator_sessions WHERE expires_at < $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                sqlx::query(
                    "INSERT INTO operator_sessions (token_hash, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(csrf)
                .bind(now)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn find_operator_session(
                &self,
                token_hash: &str,
                now: i64,
            ) -> $crate::db::StoreResult<Option<$crate::db::operator::OperatorSession>> {
                let row: Option<(String, i64)> = sqlx::query_as(
                    "SELECT csrf, expires_at FROM operator_sessions WHERE token_hash = $1 AND expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(csrf, expires_at)| $crate::db::operator::OperatorSession { csrf, expires_at }))
            }

            async fn delete_operator_session(&self, token_hash: &str) -> $crate::db::StoreResult<()> {
                sqlx::query("DELETE FROM operator_sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn record_login_failure(
                &self,
                client: &str,
                now: i64,
                forget_before: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query("DELETE FROM operator_login_failures WHERE at < $1")
                    .bind(forget_before)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("INSERT INTO operator_login_failures (client, at) VALUES ($1, $2)")
                    .bind(client)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn login_failures_since(&self, client: &str, since: i64) -> $crate::db::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM operator_login_failures WHERE client = $1 AND at >= $2",
                )
                .bind(client)
                .bind(since)
                .fetch_one(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use operator_store;
