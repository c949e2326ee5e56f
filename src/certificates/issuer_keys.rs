//! The credential issuer's own RS256 keys, kept apart from the LTI keys (`issuer_keys`) but
//! managed by the same code: generation, encryption at rest, schedule and JWKS come from
//! `crate::keys` through a `KeyStore` view of the issuer's table. Retired issuer keys are never
//! unpublished, so rotation never invalidates a certificate signed earlier.

use crate::db::certificates::CertificateStore;
use crate::db::{KeyStore, StoreResult};
use crate::keys::{KeyEncryption, KeyResult, StoredKey, ToolKeys};
use async_trait::async_trait;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// `KeyStore` over the issuer's key table.
#[derive(Clone, Copy)]
pub struct IssuerKeyStore<'a>(pub &'a dyn CertificateStore);

impl std::fmt::Debug for IssuerKeyStore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IssuerKeyStore")
    }
}

#[async_trait]
impl KeyStore for IssuerKeyStore<'_> {
    async fn insert_first_key(&self, key: &StoredKey) -> StoreResult<bool> {
        self.0.insert_first_issuer_key(key).await
    }
    async fn insert_key(&self, key: &StoredKey) -> StoreResult<()> {
        self.0.insert_issuer_key(key).await
    }
    async fn list_keys(&self) -> StoreResult<Vec<StoredKey>> {
        self.0.list_issuer_keys().await
    }
    /// Ignores `unpublish_at`: an issuer key stays published (see the module comment).
    async fn retire_key(&self, kid: &str, retire_at: i64, _unpublish_at: i64) -> StoreResult<bool> {
        self.0.retire_issuer_key(kid, retire_at).await
    }
}

/// Creates the issuer's first key unless one exists.
pub async fn ensure(store: &dyn CertificateStore, kek: &KeyEncryption, now: i64) -> KeyResult<()> {
    if let Some(kid) = crate::keys::ensure_key(&IssuerKeyStore(store), kek, now).await? {
        tracing::info!(%kid, "created the certificate issuer's first signing key");
    }
    Ok(())
}

/// Rotates the issuer key: the new key signs at once (verifiers fetch keys by `kid` when they
/// verify, nothing caches them ahead), the old one stops signing and stays published.
pub async fn rotate(
    store: &dyn CertificateStore,
    kek: &KeyEncryption,
    now: i64,
) -> KeyResult<String> {
    crate::keys::rotate(
        &IssuerKeyStore(store),
        kek,
        now,
        Duration::ZERO,
        Duration::ZERO,
    )
    .await
}

/// The decrypted issuer keys of a running server, reloaded when the table changed.
pub struct CredentialKeys {
    kek: KeyEncryption,
    loaded: RwLock<Option<Arc<ToolKeys>>>,
}

impl std::fmt::Debug for CredentialKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialKeys").finish_non_exhaustive()
    }
}

impl CredentialKeys {
    pub fn new(kek: KeyEncryption) -> Self {
        Self {
            kek,
            loaded: RwLock::new(None),
        }
    }

    pub fn kek(&self) -> &KeyEncryption {
        &self.kek
    }

    /// The current key set (one query to see whether it changed; decrypts only new keys).
    pub async fn current(&self, store: &dyn CertificateStore) -> KeyResult<Arc<ToolKeys>> {
        let view = IssuerKeyStore(store);
        let loaded = self.loaded.read().map(|k| k.clone()).unwrap_or(None);
        let fresh = match &loaded {
            Some(keys) => match keys.reload_if_changed(&view, &self.kek).await? {
                Some(new) => Arc::new(new),
                None => return Ok(keys.clone()),
            },
            None => Arc::new(ToolKeys::load(&view, &self.kek).await?),
        };
        if let Ok(mut slot) = self.loaded.write() {
            *slot = Some(fresh.clone());
        }
        Ok(fresh)
    }
}

/// The issuer's published keys as a JWKS (public halves only; needs no decryption).
pub async fn published_jwks(
    store: &dyn CertificateStore,
    now: i64,
) -> StoreResult<serde_json::Value> {
    let keys: Vec<serde_json::Value> = store
        .list_issuer_keys()
        .await?
        .iter()
        .filter(|k| k.published_at(now))
        .rev()
        .filter_map(|k| serde_json::from_str(&k.public_jwk).ok())
        .collect();
    Ok(serde_json::json!({ "keys": keys }))
}
