//! `CertificateStore` in portable SQL, and `issue_certificate_on!`, the statements that issue a
//! certificate inside a transaction (`complete_attempt` runs them in its own).

use crate::certificates::{Certificate, Recipient, Revocation, VerificationCode};
use crate::courses::Learner;
use crate::db::{StoreError, StoreResult};
use crate::platforms::RegistrationId;

/// Issues `$draft` for `($reg, $user)` on `$tx` unless a certificate for the path is still
/// valid beyond `renew_after`. The unique key (registration, user, path, generation) makes a
/// concurrent issuer's INSERT do nothing, so exactly one certificate results. Evaluates to
/// whether this call issued it.
macro_rules! issue_certificate_on {
    ($tx:ident, $reg:expr, $user:expr, $draft:expr) => {{
        let draft: &$crate::certificates::CertificateDraft = $draft;
        let current: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM certificates WHERE registration_id = $1 AND user_id = $2 AND path_id = $3 \
             AND revoked_at IS NULL AND valid_until > $4",
        )
        .bind($reg)
        .bind($user)
        .bind(&draft.path_id)
        .bind(draft.renew_after)
        .fetch_one(&mut *$tx)
        .await?;
        let mut issued = false;
        if current == 0 {
            let generation: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(generation) + 1, 0) FROM certificates WHERE registration_id = $1 AND user_id = $2 AND path_id = $3",
            )
            .bind($reg)
            .bind($user)
            .bind(&draft.path_id)
            .fetch_one(&mut *$tx)
            .await?;
            let inserted = sqlx::query(
                "INSERT INTO certificates (id, code, registration_id, context_id, user_id, path_id, generation, learner_name, \
                 name_self_declared, recipient_hash, recipient_salt, recipient_type, language, content_version, issued_at, valid_until) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING",
            )
            .bind(&draft.id)
            .bind(draft.code.as_str())
            .bind($reg)
            .bind(&draft.context_id)
            .bind($user)
            .bind(&draft.path_id)
            .bind(generation)
            .bind(&draft.learner_name)
            .bind(draft.name_self_declared)
            .bind(&draft.recipient.hash)
            .bind(&draft.recipient.salt)
            .bind(&draft.recipient.kind)
            .bind(&draft.language)
            .bind(&draft.content_version)
            .bind(draft.issued_at)
            .bind(draft.valid_until)
            .execute(&mut *$tx)
            .await?;
            if inserted.rows_affected() == 1 {
                let index: i64 = sqlx::query_scalar(
                    "UPDATE credential_status_counter SET next_index = next_index + 1 WHERE id = 1 RETURNING next_index - 1",
                )
                .fetch_one(&mut *$tx)
                .await?;
                sqlx::query("UPDATE certificates SET status_index = $1 WHERE id = $2")
                    .bind(index)
                    .bind(&draft.id)
                    .execute(&mut *$tx)
                    .await?;
                issued = true;
            }
        }
        issued
    }};
}
pub(crate) use issue_certificate_on;

/// After a passing attempt's transaction committed: re-reads the learner's passed modules and
/// records the `$open` paths (those the transaction did not find complete) that are complete
/// now, issuing their certificates. Under read committed, attempts passing a path's last two
/// modules at once each see only their own pass inside their transaction; each runs this after
/// its commit, so the later one sees both. Idempotent: the completion's primary key and the
/// certificate's unique key make a concurrent second run record nothing. Evaluates to the
/// paths this run recorded complete.
macro_rules! settle_paths {
    ($store:ident, $c:expr, $open:expr) => {{
        let c: &$crate::courses::Completion = $c;
        let open: Vec<&$crate::courses::PathCheck> = $open;
        let reg = c.learner.registration_id.to_string();
        let mut recorded: Vec<String> = Vec::new();
        if !open.is_empty() {
            let passed: Vec<String> = sqlx::query_scalar(
                "SELECT module_id FROM module_progress WHERE registration_id = $1 AND user_id = $2 AND status = 'passed'",
            )
            .bind(&reg)
            .bind(&c.learner.user_id)
            .fetch_all(&$store.pool)
            .await?;
            let complete: Vec<&$crate::courses::PathCheck> =
                open.into_iter().filter(|p| p.modules.iter().all(|m| passed.contains(m))).collect();
            if !complete.is_empty() {
                let mut tx = $store.pool.begin().await?;
                // The INSERT is the first statement: SQLite takes its write lock here, and a
                // concurrent PostgreSQL run waits on the key, then does nothing.
                for check in complete {
                    let done = sqlx::query(
                        "INSERT INTO path_completions (registration_id, user_id, path_id, completed_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    )
                    .bind(&reg)
                    .bind(&c.learner.user_id)
                    .bind(&check.path_id)
                    .bind(c.submitted_at)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        recorded.push(check.path_id.clone());
                    }
                    if let Some(draft) = c.effects.certificates.iter().find(|d| d.path_id == check.path_id) {
                        $crate::db::portable::certificates::issue_certificate_on!(tx, &reg, &c.learner.user_id, draft);
                    }
                }
                tx.commit().await?;
            }
        }
        recorded
    }};
}
pub(crate) use settle_paths;

/// The columns `CertRow` reads, for `concat!` (sqlx takes only static SQL).
macro_rules! cert_columns {
    () => {
        "id, code, registration_id, context_id, user_id, path_id, generation, learner_name, \
         name_self_declared, recipient_hash, recipient_salt, recipient_type, language, content_version, issued_at, \
         valid_until, status_index, credential_jwt, revoked_at, revoked_reason, revoked_by"
    };
}
pub(crate) use cert_columns;

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CertRow {
    id: String,
    code: String,
    registration_id: String,
    context_id: Option<String>,
    user_id: String,
    path_id: String,
    generation: i64,
    learner_name: Option<String>,
    name_self_declared: bool,
    recipient_hash: String,
    recipient_salt: String,
    recipient_type: String,
    language: String,
    content_version: String,
    issued_at: i64,
    valid_until: i64,
    status_index: Option<i64>,
    credential_jwt: Option<String>,
    revoked_at: Option<i64>,
    revoked_reason: Option<String>,
    revoked_by: Option<String>,
}

pub(crate) fn into_certificate(r: CertRow) -> StoreResult<Certificate> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("certificate {}: {what}", r.id));
    Ok(Certificate {
        code: VerificationCode::parse(&r.code).ok_or_else(|| corrupt("code"))?,
        learner: Learner {
            registration_id: RegistrationId::parse(&r.registration_id)
                .ok_or_else(|| corrupt("registration id"))?,
            user_id: r.user_id,
        },
        revocation: r.revoked_at.map(|at| Revocation {
            at,
            reason: r.revoked_reason.unwrap_or_default(),
            by: r.revoked_by.unwrap_or_default(),
        }),
        id: r.id,
        context_id: r.context_id,
        path_id: r.path_id,
        generation: r.generation,
        learner_name: r.learner_name,
        name_self_declared: r.name_self_declared,
        recipient: Recipient {
            hash: r.recipient_hash,
            salt: r.recipient_salt,
            kind: r.recipient_type,
        },
        language: r.language,
        content_version: r.content_version,
        issued_at: r.issued_at,
        valid_until: r.valid_until,
        status_index: r.status_index,
        credential_jwt: r.credential_jwt,
    })
}

pub(crate) fn into_certificates(rows: Vec<CertRow>) -> StoreResult<Vec<Certificate>> {
    rows.into_iter().map(into_certificate).collect()
}

/// Implements `CertificateStore` for a store type with a `pool` field.
macro_rules! certificate_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::certificates::CertificateStore for $store {
            async fn issue_certificate(
                &self,
                learner: &$crate::courses::Learner,
                draft: &$crate::certificates::CertificateDraft,
            ) -> $crate::db::StoreResult<bool> {
                let reg = learner.registration_id.to_string();
                let mut tx = self.pool.begin().await?;
                // A write first: SQLite takes its write lock now (waiting, not failing on a lock
                // upgrade later), PostgreSQL locks the counter row, so issuers queue up.
                sqlx::query("UPDATE credential_status_counter SET next_index = next_index WHERE id = 1")
                    .execute(&mut *tx)
                    .await?;
                let issued = $crate::db::portable::certificates::issue_certificate_on!(tx, &reg, &learner.user_id, draft);
                tx.commit().await?;
                Ok(issued)
            }

            async fn learner_certificates(
                &self,
                learner: &$crate::courses::Learner,
            ) -> $crate::db::StoreResult<Vec<$crate::certificates::Certificate>> {
                let sql = concat!("SELECT ", $crate::db::portable::certificates::cert_columns!(), " FROM certificates WHERE registration_id = $1 AND user_id = $2 ORDER BY issued_at DESC, generation DESC");
                let rows = sqlx::query_as(sql)
                    .bind(learner.registration_id.to_string())
                    .bind(&learner.user_id)
                    .fetch_all(&self.pool)
                    .await?;
                $crate::db::portable::certificates::into_certificates(rows)
            }

            async fn context_certificates(
                &self,
                registration: $crate::platforms::RegistrationId,
                context_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::certificates::Certificate>> {
                let sql = concat!("SELECT ", $crate::db::portable::certificates::cert_columns!(), " FROM certificates WHERE registration_id = $1 AND context_id = $2 ORDER BY issued_at DESC, id LIMIT 5000");
                let rows = sqlx::query_as(sql)
                    .bind(registration.to_string())
                    .bind(context_id)
                    .fetch_all(&self.pool)
                    .await?;
                $crate::db::portable::certificates::into_certificates(rows)
            }

            async fn find_certificate_by_code(
                &self,
                code: &$crate::certificates::VerificationCode,
            ) -> $crate::db::StoreResult<Option<$crate::certificates::Certificate>> {
                let sql = concat!("SELECT ", $crate::db::portable::certificates::cert_columns!(), " FROM certificates WHERE code = $1");
                let row = sqlx::query_as(sql).bind(code.as_str()).fetch_optional(&self.pool).await?;
                row.map($crate::db::portable::certificates::into_certificate).transpose()
            }

            async fn find_certificate_by_id(
                &self,
                id: &str,
            ) -> $crate::db::StoreResult<Option<$crate::certificates::Certificate>> {
                let sql = concat!("SELECT ", $crate::db::portable::certificates::cert_columns!(), " FROM certificates WHERE id = $1");
                let row = sqlx::query_as(sql).bind(id).fetch_optional(&self.pool).await?;
                row.map($crate::db::portable::certificates::into_certificate).transpose()
            }

            async fn unsigned_certificates(
                &self,
                limit: i64,
            ) -> $crate::db::StoreResult<Vec<$crate::certificates::Certificate>> {
                let sql = concat!("SELECT ", $crate::db::portable::certificates::cert_columns!(), " FROM certificates WHERE credential_jwt IS NULL AND learner_name IS NOT NULL \
                     AND status_index IS NOT NULL ORDER BY issued_at, id LIMIT $1");
                let rows = sqlx::query_as(sql).bind(limit).fetch_all(&self.pool).await?;
                $crate::db::portable::certificates::into_certificates(rows)
            }

            async fn store_credential(&self, id: &str, jwt: &str) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query("UPDATE certificates SET credential_jwt = $1 WHERE id = $2 AND credential_jwt IS NULL")
                    .bind(jwt)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn revoke_certificate(
                &self,
                registration: $crate::platforms::RegistrationId,
                context_id: &str,
                id: &str,
                r: &$crate::certificates::Revocation,
            ) -> $crate::db::StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let revoked: Option<Option<i64>> = sqlx::query_scalar(
                    "UPDATE certificates SET revoked_at = $1, revoked_reason = $2, revoked_by = $3 \
                     WHERE id = $4 AND registration_id = $5 AND context_id = $6 AND revoked_at IS NULL \
                     RETURNING status_index",
                )
                .bind(r.at)
                .bind(&r.reason)
                .bind(&r.by)
                .bind(id)
                .bind(registration.to_string())
                .bind(context_id)
                .fetch_optional(&mut *tx)
                .await?;
                // A certificate without a status index is on no list yet; nothing to announce.
                if let Some(Some(index)) = revoked {
                    sqlx::query(
                        "INSERT INTO status_list_versions (list, version) VALUES ($1, 1) \
                         ON CONFLICT (list) DO UPDATE SET version = status_list_versions.version + 1",
                    )
                    .bind($crate::certificates::status_list::position(index).0)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(revoked.is_some())
            }

            async fn status_list_version(&self, list: i64) -> $crate::db::StoreResult<i64> {
                let version: Option<i64> = sqlx::query_scalar("SELECT version FROM status_list_versions WHERE list = $1")
                    .bind(list)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(version.unwrap_or(0))
            }

            async fn next_status_index(&self) -> $crate::db::StoreResult<i64> {
                let next: Option<i64> = sqlx::query_scalar("SELECT next_index FROM credential_status_counter WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(next.unwrap_or(0))
            }

            async fn revoked_indexes(&self, from: i64, to: i64) -> $crate::db::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT status_index FROM certificates WHERE revoked_at IS NOT NULL AND status_index >= $1 AND status_index < $2",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn declared_name(
                &self,
                learner: &$crate::courses::Learner,
            ) -> $crate::db::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT name FROM learner_names WHERE registration_id = $1 AND user_id = $2")
                    .bind(learner.registration_id.to_string())
                    .bind(&learner.user_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn declare_name(
                &self,
                learner: &$crate::courses::Learner,
                name: &str,
                now: i64,
            ) -> $crate::db::StoreResult<u64> {
                let reg = learner.registration_id.to_string();
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO learner_names (registration_id, user_id, name, declared_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (registration_id, user_id) DO UPDATE SET name = excluded.name, declared_at = excluded.declared_at",
                )
                .bind(&reg)
                .bind(&learner.user_id)
                .bind(name)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let filled = sqlx::query(
                    "UPDATE certificates SET learner_name = $1, name_self_declared = TRUE WHERE registration_id = $2 \
                     AND user_id = $3 AND learner_name IS NULL AND credential_jwt IS NULL",
                )
                .bind(name)
                .bind(&reg)
                .bind(&learner.user_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(filled.rows_affected())
            }

            async fn insert_first_issuer_key(&self, key: &$crate::keys::StoredKey) -> $crate::db::StoreResult<bool> {
                $crate::db::portable::keys::insert_first_key!(self.pool, "issuer_keys", "issuer_key_bootstrap", key)
            }

            async fn insert_issuer_key(&self, key: &$crate::keys::StoredKey) -> $crate::db::StoreResult<()> {
                $crate::db::portable::keys::insert_key!(&self.pool, "issuer_keys", key)
            }

            async fn list_issuer_keys(&self) -> $crate::db::StoreResult<Vec<$crate::keys::StoredKey>> {
                $crate::db::portable::keys::list_keys!(&self.pool, "issuer_keys")
            }

            async fn retire_issuer_key(&self, kid: &str, retire_at: i64) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query("UPDATE issuer_keys SET retires_at = $2 WHERE kid = $1")
                    .bind(kid)
                    .bind(retire_at)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use certificate_store;
