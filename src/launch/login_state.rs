//! The OIDC login state, carried by the `state` parameter itself instead of a database row.
//!
//! At login the tool chooses a registration and a fresh nonce; the launch must come back with
//! both. Instead of inserting a row at login and deleting it at launch (two database writes per
//! launch), the state is a compact HS256 JWT over `{nonce, registration, deployment, exp}`, keyed
//! with a secret derived from the key-encryption key, so every instance sharing that key (several
//! `serve` processes on one PostgreSQL) accepts the states of the others.
//!
//! What the row used to give, and where it comes from now:
//! - *issued by us, untampered*: the MAC; a forged or edited state is `state_unknown`;
//! - *expires*: `exp`, checked without leeway;
//! - *single use*: the nonce inside the state is the id_token's nonce, and the launch consumes it
//!   in the database (`used_nonces`), so a replayed state and token are `nonce_replayed`;
//! - *bound to the browser that started the login*: the state cookie, a first-party cookie in a
//!   new window, or a secret held by the platform's postMessage storage ([`BrowserBinding`]).
//!
//! The content is signed, not encrypted: the nonce travels to the platform in the authentication
//! request anyway, and the registration id is an opaque identifier.

use crate::platforms::RegistrationId;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What the login step decided, recovered at launch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    pub nonce: String,
    pub registration_id: RegistrationId,
    /// `lti_deployment_id` from the login request, when the platform sent one.
    pub deployment_id: Option<String>,
    pub expires_at: i64,
    /// How the browser that started the login proves it at launch.
    pub binding: BrowserBinding,
}

/// What ties a launch to the browser that started its login (login-CSRF and fixation defence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserBinding {
    /// The `lti_state_*` cookie, partitioned (CHIPS) when the tool is framed.
    Cookie,
    /// The login ran in a new top-level window: a first-party cookie.
    NewWindow,
    /// LTI client-side postMessage storage: the platform holds a random secret for the tool's
    /// origin; the state carries its SHA-256 (hex) and the frame to ask. A cookie set at the same
    /// login is accepted too.
    PlatformStorage { hash: String, target: String },
}

#[derive(Serialize, Deserialize)]
struct Claims {
    /// The nonce sent to the platform.
    n: String,
    /// The registration's id.
    r: String,
    /// The deployment named at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    exp: i64,
    /// The binding path: absent (cookie), `w` (new window) or `m` (platform storage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<String>,
    /// Platform storage: SHA-256 of the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    /// Platform storage: the `lti_storage_target` frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
}

/// Seals and opens login states with one secret. `Debug` never shows the secret.
#[derive(Clone)]
pub struct LoginStateSeal {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for LoginStateSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginStateSeal(HS256)")
    }
}

impl LoginStateSeal {
    /// A seal keyed by `secret` (32 bytes derived from the key-encryption key).
    pub fn new(secret: &[u8; 32]) -> Result<Self, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
        })
    }

    /// The `state` value for `login`.
    pub fn seal(&self, login: &LoginState) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            n: login.nonce.clone(),
            r: login.registration_id.to_string(),
            d: login.deployment_id.clone(),
            exp: login.expires_at,
            p: None,
            b: None,
            t: None,
        };
        let claims = match &login.binding {
            BrowserBinding::Cookie => claims,
            BrowserBinding::NewWindow => Claims {
                p: Some("w".into()),
                ..claims
            },
            BrowserBinding::PlatformStorage { hash, target } => Claims {
                p: Some("m".into()),
                b: Some(hash.clone()),
                t: Some(target.clone()),
                ..claims
            },
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The login behind `state`, or `None` when it is not ours, was altered or has expired.
    pub fn open(&self, state: &str) -> Option<LoginState> {
        // A state is a few hundred bytes; refuse to parse anything much larger.
        if state.len() > 2048 {
            return None;
        }
        let data = jsonwebtoken::decode::<Claims>(state, &self.decoding, &self.validation).ok()?;
        let c = data.claims;
        let binding = match (c.p.as_deref(), c.b, c.t) {
            (None, None, None) => BrowserBinding::Cookie,
            (Some("w"), None, None) => BrowserBinding::NewWindow,
            (Some("m"), Some(hash), Some(target)) => {
                BrowserBinding::PlatformStorage { hash, target }
            }
            _ => return None,
        };
        Some(LoginState {
            nonce: c.n,
            registration_id: RegistrationId::parse(&c.r)?,
            deployment_id: c.d,
            expires_at: c.exp,
            binding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(expires_at: i64) -> LoginState {
        LoginState {
            nonce: "n-1".into(),
            registration_id: RegistrationId::new(),
            deployment_id: Some("dep-1".into()),
            expires_at,
            binding: BrowserBinding::Cookie,
        }
    }

    fn in_a_minute() -> i64 {
        crate::launch::unix_now() + 60
    }

    #[test]
    fn a_sealed_state_opens_to_what_was_sealed() {
        let seal = LoginStateSeal::new(&[7; 32]).unwrap();
        let l = login(in_a_minute());
        let state = seal.seal(&l).unwrap();
        assert_eq!(seal.open(&state), Some(l));
    }

    #[test]
    fn each_binding_path_survives_the_seal() {
        let seal = LoginStateSeal::new(&[7; 32]).unwrap();
        for binding in [
            BrowserBinding::NewWindow,
            BrowserBinding::PlatformStorage {
                hash: "ab".repeat(32),
                target: "_parent".into(),
            },
        ] {
            let l = LoginState {
                binding,
                ..login(in_a_minute())
            };
            assert_eq!(seal.open(&seal.seal(&l).unwrap()), Some(l));
        }
    }

    #[test]
    fn an_altered_foreign_or_expired_state_does_not_open() {
        let seal = LoginStateSeal::new(&[7; 32]).unwrap();
        let state = seal.seal(&login(in_a_minute())).unwrap();
        let mut bytes = state.clone().into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        assert_eq!(seal.open(&String::from_utf8(bytes).unwrap()), None);
        assert_eq!(LoginStateSeal::new(&[8; 32]).unwrap().open(&state), None);
        assert_eq!(
            seal.open(&seal.seal(&login(crate::launch::unix_now() - 1)).unwrap()),
            None
        );
        assert_eq!(seal.open("not-a-state"), None);
        assert_eq!(seal.open(&"a".repeat(5000)), None);
    }
}
