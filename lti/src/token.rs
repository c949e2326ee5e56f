//! OAuth 2 client credentials with a `private_key_jwt` assertion, as LTI Advantage services
//! require: build and sign the assertion, build the token request form, read the answer.
//! The app does the POST; this module never touches the network.

mod response;
mod scope_set;

use std::time::{Duration, SystemTime};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use crate::timestamp::unix_seconds;
use crate::types::{ClientId, KeyId, Nonce};

pub use response::{AccessToken, AccessTokenSecret};
pub use scope_set::ScopeSet;

/// `grant_type` of the token request.
/// [1EdTech Security Framework §4.1](https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant).
pub const GRANT_TYPE: &str = "client_credentials";
/// `client_assertion_type` of the token request ([RFC 7523 §2.2](https://www.rfc-editor.org/rfc/rfc7523#section-2.2)).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// A lifetime for assertions: long enough for clock skew, short enough to be useless if leaked.
pub const DEFAULT_ASSERTION_LIFETIME: Duration = Duration::from_secs(300);

/// Why no access token could be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The assertion could not be signed (the key does not fit RS256).
    #[error("could not sign the client assertion with the tool key: {source}")]
    Signing {
        /// The signing error.
        source: jsonwebtoken::errors::Error,
    },
    /// A token request needs at least one scope.
    #[error("the token request names no scope; LTI services grant nothing without one")]
    NoScope,
    /// The platform answered with an OAuth error ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)).
    #[error("the platform's token endpoint refused the request (HTTP {status}): {error}{}", .description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The OAuth error code, e.g. `invalid_client`.
        error: String,
        /// The platform's explanation, if any.
        description: Option<String>,
    },
    /// A non-2xx answer that is not an OAuth error (an HTML error page, a proxy's 502).
    #[error("the platform's token endpoint answered HTTP {status}: {body}")]
    Http {
        /// The HTTP status.
        status: u16,
        /// The start of the body, for the operator.
        body: String,
    },
    /// A 2xx answer without a usable access token.
    #[error("the platform's token response is unusable: {reason}")]
    Malformed {
        /// What is wrong (never the token itself).
        reason: String,
    },
    /// A token type other than `Bearer`, which LTI services do not use.
    #[error("the platform issued a {token_type:?} token; LTI services need a Bearer token")]
    UnsupportedTokenType {
        /// The type sent.
        token_type: String,
    },
}

impl TokenError {
    /// A stable reason code for logs, metrics and the grade sync view.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Signing { .. } => "assertion_signing_failed",
            Self::NoScope => "token_scope_missing",
            Self::Refused { .. } => "token_refused",
            Self::Http { .. } => "token_http_error",
            Self::Malformed { .. } => "token_response_malformed",
            Self::UnsupportedTokenType { .. } => "token_type_unsupported",
        }
    }

    /// Whether asking again later may succeed: the platform was overloaded or down (429, 5xx,
    /// or OAuth `temporarily_unavailable`). `invalid_client` and the like need an operator.
    pub fn is_temporary(&self) -> bool {
        match self {
            Self::Http { status, .. } => *status == 429 || *status >= 500,
            Self::Refused { status, error, .. } => {
                *status == 429 || *status >= 500 || error == "temporarily_unavailable"
            }
            _ => false,
        }
    }

    /// The OAuth error code when the platform sent one.
    pub fn oauth_error(&self) -> Option<&str> {
        match self {
            Self::Refused { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The claims of the JWT a tool authenticates with at the token endpoint.
/// [1EdTech Security Framework §4.1.1](https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClientAssertionClaims {
    /// The tool's client id.
    pub iss: ClientId,
    /// The tool's client id again.
    pub sub: ClientId,
    /// The token endpoint (or the audience the platform documents for it), byte for byte.
    pub aud: String,
    /// Issue time, seconds since the Unix epoch.
    pub iat: u64,
    /// Expiry, seconds since the Unix epoch.
    pub exp: u64,
    /// A unique id, so the platform can refuse a replayed assertion.
    pub jti: String,
}

impl ClientAssertionClaims {
    /// Claims for `client_id` at `token_endpoint`, issued `now`, valid for `lifetime` (see
    /// [`DEFAULT_ASSERTION_LIFETIME`]), with a random 256-bit `jti`.
    pub fn new(
        client_id: &ClientId,
        token_endpoint: &str,
        now: SystemTime,
        lifetime: Duration,
    ) -> Self {
        let iat = unix_seconds(now);
        Self {
            iss: client_id.clone(),
            sub: client_id.clone(),
            aud: token_endpoint.to_owned(),
            iat,
            exp: iat.saturating_add(lifetime.as_secs()),
            jti: Nonce::random().into_string(),
        }
    }

    /// Signs the claims with the tool's RSA key, RS256, with `kid` in the header so the platform
    /// picks the right key from the tool's JWKS.
    pub fn sign(&self, key: &EncodingKey, kid: &KeyId) -> Result<String, TokenError> {
        sign_rs256(self, key, kid).map_err(|source| TokenError::Signing { source })
    }
}

/// Signs `claims` as a compact RS256 JWS with `kid` and `typ: JWT`.
pub(crate) fn sign_rs256<T: Serialize>(
    claims: &T,
    key: &EncodingKey,
    kid: &KeyId,
) -> Result<String, jsonwebtoken::errors::Error> {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.as_str().to_owned());
    jsonwebtoken::encode(&header, claims, key)
}

/// The form fields of the token request (`application/x-www-form-urlencoded`), in the order
/// Moodle's capture shows: grant type, assertion type, the signed assertion, and the scopes
/// space-separated.
/// [1EdTech Security Framework §4.1](https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant).
pub fn token_request_form(
    client_assertion: &str,
    scopes: &ScopeSet,
) -> Result<Vec<(&'static str, String)>, TokenError> {
    if scopes.is_empty() {
        return Err(TokenError::NoScope);
    }
    Ok(vec![
        ("grant_type", GRANT_TYPE.to_owned()),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned()),
        ("client_assertion", client_assertion.to_owned()),
        ("scope", scopes.to_param()),
    ])
}

#[cfg(test)]
mod tests;
