//! The tool's signing keys: generation, encryption at rest, rotation and the public JWKS.
//! Private keys live in the store only as JWE under the key-encryption key (`kek.rs`); running
//! servers hold the decrypted set in a [`ToolKeys`] and reload it when the store changes.

mod kek;
mod manage;
mod material;
#[cfg(test)]
mod store_tests;
mod tool_keys;

pub use kek::{KEK_ENV, KekSource, KeyEncryption};
pub use manage::{KeyInfo, KeyStatus, ensure_key, format_time, list, rotate};
pub use tool_keys::ToolKeys;

use crate::db::StoreError;
use std::path::PathBuf;

/// The only signing algorithm of the tool's keys: every LMS verifies RS256.
pub const SIGNING_ALG: &str = "RS256";

/// A key as the store keeps it. `private_jwe` is the private key encrypted under the
/// key-encryption key; it never leaves the process unencrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub kid: String,
    pub alg: String,
    /// The public JWK as JSON text.
    pub public_jwk: String,
    pub private_jwe: String,
    pub created_at: i64,
    /// The key signs from this moment (publish first, sign later).
    pub signs_from: i64,
    /// The key stops signing from this moment.
    pub retires_at: Option<i64>,
    /// The key leaves the JWKS from this moment.
    pub unpublish_at: Option<i64>,
}

impl std::fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("signs_from", &self.signs_from)
            .field("retires_at", &self.retires_at)
            .field("unpublish_at", &self.unpublish_at)
            .finish_non_exhaustive()
    }
}

impl StoredKey {
    /// Whether the key may sign at `now`: from `signs_from` until `retires_at`.
    pub fn signs_at(&self, now: i64) -> bool {
        self.signs_from <= now && self.retires_at.is_none_or(|r| now < r)
    }

    /// Whether the key is in the JWKS at `now` (from creation until `unpublish_at`).
    pub fn published_at(&self, now: i64) -> bool {
        self.unpublish_at.is_none_or(|u| now < u)
    }
}

/// Of the keys that may sign at `now`, the one that does: the latest `signs_from`, so that a
/// rotated-in key takes over even if the old one's retirement was never recorded.
fn pick_signing<T>(items: &[T], key: impl Fn(&T) -> &StoredKey, now: i64) -> Option<&T> {
    items
        .iter()
        .filter(|item| key(item).signs_at(now))
        .max_by(|a, b| {
            let (a, b) = (key(a), key(b));
            (a.signs_from, a.created_at, &a.kid).cmp(&(b.signs_from, b.created_at, &b.kid))
        })
}

/// Why the tool's keys cannot be created, loaded or used. Each message says what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error(
        "{KEK_ENV} is required with PostgreSQL: set it on every instance to the same 32 random bytes \
         in base64url (for example the output of `openssl rand -base64 32`)"
    )]
    KekRequired,
    #[error(
        "{origin} is not a valid key-encryption key: {reason}; expected 32 random bytes in base64url \
         (for example the output of `openssl rand -base64 32`)"
    )]
    KekInvalid { origin: String, reason: String },
    #[error("cannot use the key file {path}: {source}")]
    KekFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the database holds encrypted tool keys but {KEK_ENV} is not set and the key file {path} does not \
         exist: restore the key file beside the database, or set {KEK_ENV} to the key they were encrypted with"
    )]
    KekNotSet { path: PathBuf },
    #[error(
        "the database holds encrypted tool keys but {origin} does not decrypt them: wrong key? (tool key {kid} \
         was encrypted under key-encryption key id {stored_id}; the configured key has id {configured_id})"
    )]
    WrongKek {
        origin: String,
        kid: String,
        stored_id: String,
        configured_id: String,
    },
    #[error("tool key {kid} in the database is corrupt: {reason}")]
    Corrupt { kid: String, reason: String },
    #[error("cryptography failed while {action}: {source}")]
    Crypto {
        action: &'static str,
        #[source]
        source: josekit::JoseError,
    },
    #[error("no tool key signs at {at}: run `securehospitals keys list` to see the key schedule")]
    NoSigningKey { at: String },
    #[error(
        "a rotation is already under way: key {kid} is published and starts signing at {signs_from}. \
         A second one now would publish a key that never signs; rotate again after that time"
    )]
    RotationPending { kid: String, signs_from: String },
    #[error("signing a JWT failed: {0}")]
    Sign(#[from] jsonwebtoken::errors::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type KeyResult<T> = Result<T, KeyError>;
