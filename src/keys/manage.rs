//! Managing the key set in the store: the first key on first start, rotation (publish at once,
//! sign after a delay, keep the old key published for a grace period) and `keys list`.

use super::{KeyEncryption, KeyError, KeyResult, StoredKey, ToolKeys, material, pick_signing};
use crate::db::KeyStore;
use std::fmt;
use std::time::Duration;

/// Creates the first signing key of a key set (the tool's, or the certificate issuer's) unless
/// the store has one; returns its `kid` when this call created it (the caller logs which key
/// set it was). Safe when several instances start at once: exactly one key is kept.
pub async fn ensure_key(
    store: &dyn KeyStore,
    kek: &KeyEncryption,
    now: i64,
) -> KeyResult<Option<String>> {
    if !store.list_keys().await?.is_empty() {
        return Ok(None);
    }
    // The first key signs at once: no platform can have cached an older key set.
    let key = material::generate(kek, now, now)?;
    if !store.insert_first_key(&key).await? {
        return Ok(None);
    }
    Ok(Some(key.kid))
}

/// Adds a new key, published at once and signing from `now + sign_delay`; every key still
/// signing then retires at that moment and stays published for `grace` more. Returns the new `kid`.
pub async fn rotate(
    store: &dyn KeyStore,
    kek: &KeyEncryption,
    now: i64,
    sign_delay: Duration,
    grace: Duration,
) -> KeyResult<String> {
    if let Some(kid) = ensure_key(store, kek, now).await? {
        return Ok(kid);
    }
    // A key-encryption key that cannot open the existing keys must not add one that only it can.
    ToolKeys::load(store, kek).await?;
    if let Some(pending) = store
        .list_keys()
        .await?
        .into_iter()
        .find(|k| k.signs_from > now)
    {
        return Err(KeyError::RotationPending {
            kid: pending.kid,
            signs_from: format_time(pending.signs_from),
        });
    }
    let signs_from = now.saturating_add(seconds(sign_delay));
    let unpublish_at = signs_from.saturating_add(seconds(grace));
    let key = material::generate(kek, now, signs_from)?;
    store.insert_key(&key).await?;
    for old in store.list_keys().await? {
        if old.kid != key.kid && old.retires_at.is_none_or(|r| r > signs_from) {
            store.retire_key(&old.kid, signs_from, unpublish_at).await?;
        }
    }
    tracing::info!(kid = %key.kid, signs_from = %format_time(signs_from), "rotated a signing key");
    Ok(key.kid)
}

/// Every stored key with its schedule and status at `now`, oldest first. Needs no decryption.
pub async fn list(store: &dyn KeyStore, now: i64) -> KeyResult<Vec<KeyInfo>> {
    let keys = store.list_keys().await?;
    let current = pick_signing(&keys, |k| k, now).map(|k| k.kid.clone());
    let mut infos: Vec<KeyInfo> = keys
        .into_iter()
        .map(|k| KeyInfo::new(k, now, current.as_deref()))
        .collect();
    infos.sort_by(|a, b| (a.created_at, &a.kid).cmp(&(b.created_at, &b.kid)));
    Ok(infos)
}

/// Where a key is in its life at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// Published, signs later.
    Next,
    /// Published and signing.
    Current,
    /// Published so platforms can still verify what it signed, no longer signing.
    Retired,
    /// No longer published.
    Unpublished,
}

impl fmt::Display for KeyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Self::Next => "next",
            Self::Current => "current",
            Self::Retired => "retired",
            Self::Unpublished => "unpublished",
        })
    }
}

/// One line of `securehospitals keys list`. Times are unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub kid: String,
    pub alg: String,
    pub created_at: i64,
    pub signs_from: i64,
    pub retires_at: Option<i64>,
    pub unpublish_at: Option<i64>,
    pub status: KeyStatus,
}

impl KeyInfo {
    fn new(k: StoredKey, now: i64, current: Option<&str>) -> Self {
        let status = if !k.published_at(now) {
            KeyStatus::Unpublished
        } else if k.signs_from > now {
            KeyStatus::Next
        } else if current == Some(k.kid.as_str()) {
            KeyStatus::Current
        } else {
            // Retired, or superseded by a newer key whose retirement of this one was not recorded.
            KeyStatus::Retired
        };
        Self {
            kid: k.kid,
            alg: k.alg,
            created_at: k.created_at,
            signs_from: k.signs_from,
            retires_at: k.retires_at,
            unpublish_at: k.unpublish_at,
            status,
        }
    }
}

impl fmt::Display for KeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_never = |t: Option<i64>| t.map_or_else(|| "never".to_owned(), format_time);
        write!(
            f,
            "{}  {:<11}  {}  created {}  signs from {}  retires {}  unpublished {}",
            self.kid,
            self.status,
            self.alg,
            format_time(self.created_at),
            format_time(self.signs_from),
            or_never(self.retires_at),
            or_never(self.unpublish_at),
        )
    }
}

/// Unix seconds as RFC 3339 UTC (`2026-11-28T12:00:00Z`), or the number if out of range.
pub fn format_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

fn seconds(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}
