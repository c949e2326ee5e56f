//! The decrypted key set a running server uses on hot paths: which key signs now, and the
//! JWKS to publish. Built once per change of the stored keys, never per request.

use super::material::{self, Opened};
use super::{KeyEncryption, KeyError, KeyResult, StoredKey, format_time, pick_signing};
use crate::db::KeyStore;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use std::sync::Arc;

struct Entry {
    stored: StoredKey,
    /// Shared with the previous set when the key itself did not change (only its schedule).
    opened: Arc<Opened>,
}

/// The tool's keys, decrypted. `Debug` shows key ids and schedules, never key material.
pub struct ToolKeys {
    /// In the store's order, to tell cheaply whether the store changed.
    entries: Vec<Entry>,
    /// The JWKS document from each moment a key leaves it, in ascending order; the first
    /// starts at `i64::MIN`.
    jwks: Vec<(i64, serde_json::Value)>,
}

impl std::fmt::Debug for ToolKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.entries.iter().map(|e| &e.stored))
            .finish()
    }
}

impl ToolKeys {
    /// Loads and decrypts every stored key. Fails with a clear message when the key-encryption
    /// key is missing or wrong, so a server never starts unable to sign.
    pub async fn load(store: &dyn KeyStore, kek: &KeyEncryption) -> KeyResult<Self> {
        Self::from_stored(store.list_keys().await?, kek)
    }

    /// Like `load`, but `None` when the stored keys are exactly those already loaded (the
    /// periodic reload is one query), and keys whose material did not change are not decrypted again.
    pub async fn reload_if_changed(
        &self,
        store: &dyn KeyStore,
        kek: &KeyEncryption,
    ) -> KeyResult<Option<Self>> {
        let stored = store.list_keys().await?;
        let unchanged = stored.len() == self.entries.len()
            && stored
                .iter()
                .zip(&self.entries)
                .all(|(s, e)| *s == e.stored);
        if unchanged {
            Ok(None)
        } else {
            Self::build(stored, kek, &self.entries).map(Some)
        }
    }

    /// Decrypts keys as the store returned them.
    pub fn from_stored(stored: Vec<StoredKey>, kek: &KeyEncryption) -> KeyResult<Self> {
        Self::build(stored, kek, &[])
    }

    fn build(stored: Vec<StoredKey>, kek: &KeyEncryption, previous: &[Entry]) -> KeyResult<Self> {
        let mut entries = Vec::with_capacity(stored.len());
        for key in stored {
            let same_material = |e: &&Entry| {
                e.stored.kid == key.kid
                    && e.stored.private_jwe == key.private_jwe
                    && e.stored.public_jwk == key.public_jwk
            };
            let opened = match previous.iter().find(same_material) {
                Some(e) => e.opened.clone(),
                None => Arc::new(material::open(&key, kek)?),
            };
            entries.push(Entry {
                stored: key,
                opened,
            });
        }
        let jwks = jwks_by_epoch(&entries);
        Ok(Self { entries, jwks })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key that signs at `now`, with its `kid`: the newest key whose signing period has begun
    /// and not ended. `None` only before the first key exists or if the schedule has a gap.
    pub fn signing_key(&self, now: i64) -> Option<(&str, &EncodingKey)> {
        pick_signing(&self.entries, |e| &e.stored, now)
            .map(|e| (e.stored.kid.as_str(), &e.opened.encoding))
    }

    pub fn has_signing_key(&self, now: i64) -> bool {
        self.signing_key(now).is_some()
    }

    /// The JWKS at `now`: every key not yet unpublished (next, current and recently retired),
    /// each with kty, n, e, kid, alg and use. Precomputed; this only clones the document.
    pub fn jwks(&self, now: i64) -> serde_json::Value {
        self.jwks
            .iter()
            .rev()
            .find(|(from, _)| *from <= now)
            .map_or_else(|| serde_json::json!({ "keys": [] }), |(_, doc)| doc.clone())
    }

    /// Signs `claims` as an RS256 JWT (`typ: JWT`, `kid` of the signing key) with the key that
    /// signs at `now`.
    pub fn sign<T: Serialize>(&self, claims: &T, now: i64) -> KeyResult<String> {
        let (kid, key) = self
            .signing_key(now)
            .ok_or_else(|| KeyError::NoSigningKey {
                at: format_time(now),
            })?;
        let mut header = Header::new(Algorithm::RS256);
        header.typ = Some("JWT".into());
        header.kid = Some(kid.to_owned());
        Ok(jsonwebtoken::encode(&header, claims, key)?)
    }
}

/// One JWKS document per stretch of time in which the published set does not change: a key
/// leaves at its `unpublish_at`, so the boundaries are those moments. Newest keys first.
fn jwks_by_epoch(entries: &[Entry]) -> Vec<(i64, serde_json::Value)> {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by(|a, b| {
        (b.stored.created_at, &b.stored.kid).cmp(&(a.stored.created_at, &a.stored.kid))
    });
    let mut starts: Vec<i64> = entries
        .iter()
        .filter_map(|e| e.stored.unpublish_at)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    std::iter::once(i64::MIN)
        .chain(starts)
        .map(|from| {
            let keys: Vec<&serde_json::Value> = order
                .iter()
                .filter(|e| e.stored.published_at(from))
                .map(|e| &e.opened.jwk)
                .collect();
            (from, serde_json::json!({ "keys": keys }))
        })
        .collect()
}

#[cfg(test)]
#[path = "tool_keys/tests.rs"]
mod tests;
