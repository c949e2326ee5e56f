//! The compact JWS layer of an id_token: split, read the header, check the algorithm before any
//! key is looked up, verify the signature, and only then parse the payload.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;

use super::LaunchError;
use crate::claims::IdTokenClaims;

/// Larger tokens are refused before any decoding (Moodle's are about 4 KiB).
pub(crate) const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The parts of a compact JWS, borrowed from the token.
#[derive(Debug)]
pub(crate) struct Parts<'t> {
    /// `header.payload`, the signed bytes.
    signing_input: &'t str,
    payload: &'t str,
    signature: &'t str,
    pub(crate) alg: Algorithm,
    pub(crate) kid: String,
}

/// Only the members we act on. `jku`, `x5u` and `jwk` are deliberately ignored: keys come from
/// the registered JWKS URL, never from a location the token names.
#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    crit: Option<Vec<String>>,
}

fn malformed(reason: impl Into<String>) -> LaunchError {
    LaunchError::Malformed {
        reason: reason.into(),
    }
}

/// Splits the token and checks its header: shape, `alg` in `allowed` (so `none` and HMAC are
/// refused before any key lookup), and a `kid`.
pub(crate) fn parse<'t>(token: &'t str, allowed: &[Algorithm]) -> Result<Parts<'t>, LaunchError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(LaunchError::TooLarge {
            bytes: token.len(),
            max: MAX_TOKEN_BYTES,
        });
    }
    let mut pieces = token.trim().split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(malformed(
            "it is not a JWT: a JWT has three dot-separated parts",
        ));
    };
    let header_bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|e| malformed(format!("the JWT header is not base64url: {e}")))?;
    let raw: RawHeader = serde_json::from_slice(&header_bytes)
        .map_err(|e| malformed(format!("the JWT header is not valid JSON: {e}")))?;
    if raw.crit.is_some_and(|c| !c.is_empty()) {
        return Err(malformed(
            "the JWT header has critical extensions (crit), none are supported",
        ));
    }
    let alg = raw
        .alg
        .parse::<Algorithm>()
        .ok()
        .filter(|alg| allowed.contains(alg) && super::is_asymmetric(*alg))
        .ok_or_else(|| LaunchError::AlgorithmNotAllowed {
            alg: raw.alg.clone(),
        })?;
    let kid = raw
        .kid
        .filter(|k| !k.is_empty())
        .ok_or(LaunchError::MissingKid)?;
    let signing_input = &token.trim()[..header.len() + 1 + payload.len()];
    Ok(Parts {
        signing_input,
        payload,
        signature,
        alg,
        kid,
    })
}

impl Parts<'_> {
    /// Verifies the signature with `key`, then parses the payload.
    pub(crate) fn verify(&self, key: &DecodingKey) -> Result<IdTokenClaims, LaunchError> {
        let valid = jsonwebtoken::crypto::verify(
            self.signature,
            self.signing_input.as_bytes(),
            key,
            self.alg,
        )
        .map_err(|source| match source.kind() {
            jsonwebtoken::errors::ErrorKind::Base64(_) => {
                malformed("the JWT signature is not base64url")
            }
            _ => LaunchError::KeyUnusable {
                alg: self.alg,
                source,
            },
        })?;
        if !valid {
            return Err(LaunchError::SignatureInvalid {
                kid: self.kid.clone(),
            });
        }
        let payload = URL_SAFE_NO_PAD
            .decode(self.payload)
            .map_err(|e| malformed(format!("the JWT payload is not base64url: {e}")))?;
        serde_json::from_slice(&payload).map_err(|source| LaunchError::ClaimsMalformed { source })
    }
}
