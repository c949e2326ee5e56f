//! The tool's signing keys on PostgreSQL. The first key is claimed through the `key_bootstrap`
//! singleton row, so two instances starting at once create exactly one key.

use super::PgStore;
use crate::db::{KeyStore, StoreError, StoreResult};
use crate::keys::StoredKey;
use async_trait::async_trait;

#[derive(sqlx::FromRow)]
struct KeyRow {
    kid: String,
    alg: String,
    public_jwk: String,
    private_jwe: String,
    created_at: i64,
    signs_from: i64,
    retires_at: Option<i64>,
    unpublish_at: Option<i64>,
}

impl From<KeyRow> for StoredKey {
    fn from(r: KeyRow) -> Self {
        Self {
            kid: r.kid,
            alg: r.alg,
            public_jwk: r.public_jwk,
            private_jwe: r.private_jwe,
            created_at: r.created_at,
            signs_from: r.signs_from,
            retires_at: r.retires_at,
            unpublish_at: r.unpublish_at,
        }
    }
}

const INSERT_KEY: &str = "INSERT INTO tool_keys (kid, alg, public_jwk, private_jwe, created_at, signs_from, retires_at, \
     unpublish_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

fn insert_key_query(
    key: &StoredKey,
) -> sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(INSERT_KEY)
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.public_jwk)
        .bind(&key.private_jwe)
        .bind(key.created_at)
        .bind(key.signs_from)
        .bind(key.retires_at)
        .bind(key.unpublish_at)
}

fn conflict_or(e: sqlx::Error, kid: &str) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(format!("tool key {kid}")),
        _ => StoreError::Database(e),
    }
}

#[async_trait]
impl KeyStore for PgStore {
    async fn insert_first_key(&self, key: &StoredKey) -> StoreResult<bool> {
        // Under READ COMMITTED two instances would both count zero keys; the bootstrap row's
        // primary key makes the second INSERT wait for the first transaction, then do nothing.
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO key_bootstrap (id, kid) VALUES (1, $1) ON CONFLICT DO NOTHING",
        )
        .bind(&key.kid)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tool_keys")
            .fetch_one(&mut *tx)
            .await?;
        if !claimed || existing > 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_key_query(key)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_or(e, &key.kid))?;
        tx.commit().await?;
        Ok(true)
    }

    async fn insert_key(&self, key: &StoredKey) -> StoreResult<()> {
        insert_key_query(key)
            .execute(&self.pool)
            .await
            .map_err(|e| conflict_or(e, &key.kid))?;
        Ok(())
    }

    async fn list_keys(&self) -> StoreResult<Vec<StoredKey>> {
        let rows: Vec<KeyRow> = sqlx::query_as(
            "SELECT kid, alg, public_jwk, private_jwe, created_at, signs_from, retires_at, unpublish_at \
             FROM tool_keys ORDER BY created_at, kid",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(StoredKey::from).collect())
    }

    async fn retire_key(&self, kid: &str, retire_at: i64, unpublish_at: i64) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE tool_keys SET retires_at = $2, unpublish_at = $3 WHERE kid = $1")
                .bind(kid)
                .bind(retire_at)
                .bind(unpublish_at)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }
}
