//! Signing keys in portable SQL, stamped out for each backend. Two tables share one shape: the
//! tool's LTI keys (`tool_keys`, with `key_bootstrap`) and the certificate issuer's keys
//! (`issuer_keys`, with `issuer_key_bootstrap`), so the statements here take the table names.

use crate::db::StoreError;
use crate::keys::StoredKey;

/// One row of `tool_keys` or `issuer_keys`.
#[derive(sqlx::FromRow)]
pub(crate) struct KeyRow {
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

/// A key whose kid is taken already is a conflict that names the kid.
pub(crate) fn conflict_or(e: sqlx::Error, kid: &str) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(format!("key {kid}")),
        _ => StoreError::Database(e),
    }
}

/// The `INSERT` of one key into the table `$keys`, its columns bound.
macro_rules! insert_key_query {
    ($keys:literal, $key:expr) => {{
        let key: &$crate::keys::StoredKey = $key;
        sqlx::query(concat!(
            "INSERT INTO ",
            $keys,
            " (kid, alg, public_jwk, private_jwe, created_at, signs_from, retires_at, unpublish_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.public_jwk)
        .bind(&key.private_jwe)
        .bind(key.created_at)
        .bind(key.signs_from)
        .bind(key.retires_at)
        .bind(key.unpublish_at)
    }};
}
pub(crate) use insert_key_query;

/// Inserts the very first key of `$keys` unless one exists (`Ok(false)` then). The claim on the
/// `$bootstrap` singleton row is the transaction's first statement: a second instance starting at
/// once waits on it (PostgreSQL's row lock, SQLite's write lock, taken before anything is read)
/// and then finds the row claimed, so exactly one first key is ever created.
macro_rules! insert_first_key {
    ($pool:expr, $keys:literal, $bootstrap:literal, $key:expr) => {{
        let key: &$crate::keys::StoredKey = $key;
        let mut tx = $pool.begin().await?;
        let claimed = sqlx::query(concat!(
            "INSERT INTO ",
            $bootstrap,
            " (id, kid) VALUES (1, $1) ON CONFLICT DO NOTHING"
        ))
        .bind(&key.kid)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let existing: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*) FROM ", $keys))
            .fetch_one(&mut *tx)
            .await?;
        if !claimed || existing > 0 {
            tx.rollback().await?;
            Ok(false)
        } else {
            $crate::db::portable::keys::insert_key_query!($keys, key)
                .execute(&mut *tx)
                .await
                .map_err(|e| $crate::db::portable::keys::conflict_or(e, &key.kid))?;
            tx.commit().await?;
            Ok(true)
        }
    }};
}
pub(crate) use insert_first_key;

/// Inserts one more key into `$keys`.
macro_rules! insert_key {
    ($pool:expr, $keys:literal, $key:expr) => {{
        let key: &$crate::keys::StoredKey = $key;
        $crate::db::portable::keys::insert_key_query!($keys, key)
            .execute($pool)
            .await
            .map_err(|e| $crate::db::portable::keys::conflict_or(e, &key.kid))?;
        Ok(())
    }};
}
pub(crate) use insert_key;

/// Every key of `$keys`, oldest first.
macro_rules! list_keys {
    ($pool:expr, $keys:literal) => {{
        let rows: Vec<$crate::db::portable::keys::KeyRow> = sqlx::query_as(concat!(
            "SELECT kid, alg, public_jwk, private_jwe, created_at, signs_from, retires_at, unpublish_at FROM ",
            $keys,
            " ORDER BY created_at, kid"
        ))
        .fetch_all($pool)
        .await?;
        Ok(rows.into_iter().map($crate::keys::StoredKey::from).collect())
    }};
}
pub(crate) use list_keys;

/// Implements `KeyStore` (the tool's LTI signing keys) for a store type with a `pool` field.
macro_rules! key_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::KeyStore for $store {
            async fn insert_first_key(
                &self,
                key: &$crate::keys::StoredKey,
            ) -> $crate::db::StoreResult<bool> {
                $crate::db::portable::keys::insert_first_key!(
                    self.pool,
                    "tool_keys",
                    "key_bootstrap",
                    key
                )
            }

            async fn insert_key(
                &self,
                key: &$crate::keys::StoredKey,
            ) -> $crate::db::StoreResult<()> {
                $crate::db::portable::keys::insert_key!(&self.pool, "tool_keys", key)
            }

            async fn list_keys(&self) -> $crate::db::StoreResult<Vec<$crate::keys::StoredKey>> {
                $crate::db::portable::keys::list_keys!(&self.pool, "tool_keys")
            }

            async fn retire_key(
                &self,
                kid: &str,
                retire_at: i64,
                unpublish_at: i64,
            ) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE tool_keys SET retires_at = $2, unpublish_at = $3 WHERE kid = $1",
                )
                .bind(kid)
                .bind(retire_at)
                .bind(unpublish_at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use key_store;
