//! Certificates and the credential issuer's keys (`certificates`, `issuer_keys`,
//! `learner_names`). Every learner-facing call is scoped by registration and user, every
//! instructor call by registration and context; only verification looks a certificate up by
//! its code or credential id alone.

use super::StoreResult;
use crate::certificates::{Certificate, CertificateDraft, Revocation, VerificationCode};
use crate::courses::Learner;
use crate::keys::StoredKey;
use crate::platforms::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait CertificateStore: Send + Sync {
    /// Issues a certificate unless the learner holds one for the path valid beyond
    /// `draft.renew_after` (the same statements `complete_attempt` runs in its transaction).
    /// True when this call issued it.
    async fn issue_certificate(
        &self,
        learner: &Learner,
        draft: &CertificateDraft,
    ) -> StoreResult<bool>;
    /// The learner's certificates, newest first.
    async fn learner_certificates(&self, learner: &Learner) -> StoreResult<Vec<Certificate>>;
    /// Certificates issued in one context of one registration (the roster), newest first.
    async fn context_certificates(
        &self,
        registration: RegistrationId,
        context_id: &str,
    ) -> StoreResult<Vec<Certificate>>;
    async fn find_certificate_by_code(
        &self,
        code: &VerificationCode,
    ) -> StoreResult<Option<Certificate>>;
    /// By credential id (the uuid of `urn:uuid:...`).
    async fn find_certificate_by_id(&self, id: &str) -> StoreResult<Option<Certificate>>;
    /// Certificates with a name but no signed credential yet (oldest first, at most `limit`).
    async fn unsigned_certificates(&self, limit: i64) -> StoreResult<Vec<Certificate>>;
    /// Stores the signed credential once; false when it already has one.
    async fn store_credential(&self, id: &str, jwt: &str) -> StoreResult<bool>;
    /// Revokes a certificate of this registration and context and raises its status list's
    /// version; false when there is none or it was revoked before.
    async fn revoke_certificate(
        &self,
        registration: RegistrationId,
        context_id: &str,
        id: &str,
        revocation: &Revocation,
    ) -> StoreResult<bool>;
    /// How many revocations status list `list` has seen (0 for none): raised in the revoking
    /// transaction, so a cached signed list built at an older version is stale.
    async fn status_list_version(&self, list: i64) -> StoreResult<i64>;
    /// The status index the next certificate will get: indexes below it are in use, so the
    /// status lists that exist are those that start below it.
    async fn next_status_index(&self) -> StoreResult<i64>;
    /// Status indexes in `[from, to)` whose certificate is revoked.
    async fn revoked_indexes(&self, from: i64, to: i64) -> StoreResult<Vec<i64>>;
    async fn declared_name(&self, learner: &Learner) -> StoreResult<Option<String>>;
    /// Remembers the learner's own name and puts it on their certificates that have none yet
    /// (they are not signed until they have a name). Returns how many certificates got it.
    async fn declare_name(&self, learner: &Learner, name: &str, now: i64) -> StoreResult<u64>;
    /// Inserts the issuer's first key unless one exists; exactly one under concurrent starts.
    async fn insert_first_issuer_key(&self, key: &StoredKey) -> StoreResult<bool>;
    async fn insert_issuer_key(&self, key: &StoredKey) -> StoreResult<()>;
    async fn list_issuer_keys(&self) -> StoreResult<Vec<StoredKey>>;
    /// Stops a key signing from `retire_at`. Issuer keys stay published: credentials they
    /// signed must stay checkable.
    async fn retire_issuer_key(&self, kid: &str, retire_at: i64) -> StoreResult<bool>;
}
