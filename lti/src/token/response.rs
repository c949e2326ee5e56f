//! The token endpoint's answer: an access token or an OAuth error, read as JSON whatever the
//! `Content-Type` (Moodle 4.3 labels its JSON `text/html`).

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use super::{ScopeSet, TokenError};

/// How much of a non-JSON error body is kept for the operator.
const BODY_EXCERPT_CHARS: usize = 200;

/// The bearer token itself. `Debug` never shows it and there is no `Display`: it must not end up
/// in logs. Use [`Self::secret`] only to build the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessTokenSecret(String);

impl AccessTokenSecret {
    /// The token, for the `Authorization: Bearer` header and nothing else.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessTokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessTokenSecret(<redacted>)")
    }
}

/// An access token for LTI Advantage services.
/// [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749#section-5.1),
/// [1EdTech Security Framework §4.1](https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessToken {
    /// The token (redacted in `Debug`).
    pub token: AccessTokenSecret,
    /// The token type as sent; always `Bearer` in any case (others are refused).
    pub token_type: String,
    /// The lifetime the platform granted, if it said.
    pub expires_in: Option<Duration>,
    /// The scopes granted, if the platform listed them (otherwise those requested).
    pub scope: Option<ScopeSet>,
}

impl AccessToken {
    /// Reads the token endpoint's answer from its HTTP status and body, ignoring the
    /// `Content-Type`. A 2xx body must be a JSON object with a non-empty `access_token`; an
    /// OAuth error body (`{"error": ...}`) becomes [`TokenError::Refused`] whatever the status.
    pub fn parse_response(status: u16, body: &[u8]) -> Result<Self, TokenError> {
        let json = serde_json::from_slice::<Value>(body).ok();
        let object = json.as_ref().and_then(Value::as_object);
        if let Some(error) = object.and_then(oauth_error) {
            return Err(TokenError::Refused {
                status,
                error,
                description: object.and_then(|o| text(o, "error_description")),
            });
        }
        if !(200..300).contains(&status) {
            return Err(TokenError::Http {
                status,
                body: excerpt(body),
            });
        }
        let object = object.ok_or_else(|| malformed("the body is not a JSON object"))?;
        Self::from_object(object)
    }

    fn from_object(object: &Map<String, Value>) -> Result<Self, TokenError> {
        let token = text(object, "access_token")
            .ok_or_else(|| malformed("there is no access_token string"))?;
        // RFC 6749 requires token_type; a platform that omits it still means Bearer.
        let token_type = match object.get("token_type") {
            None | Some(Value::Null) => "Bearer".to_owned(),
            Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => t.clone(),
            Some(Value::String(t)) => {
                return Err(TokenError::UnsupportedTokenType {
                    token_type: t.clone(),
                });
            }
            Some(_) => return Err(malformed("token_type is not a string")),
        };
        Ok(Self {
            token: AccessTokenSecret(token),
            token_type,
            expires_in: expires_in(object.get("expires_in"))?,
            scope: text(object, "scope").map(|s| ScopeSet::parse(&s)),
        })
    }

    /// The value of the `Authorization` header: `Bearer <token>`.
    pub fn authorization_header(&self) -> String {
        format!("Bearer {}", self.token.secret())
    }

    /// Until when to use the token if it was obtained at `obtained_at`: its lifetime (or
    /// `default_lifetime` when the platform gave none) minus `margin`, so a request never
    /// starts with a token about to expire.
    pub fn use_until(
        &self,
        obtained_at: SystemTime,
        default_lifetime: Duration,
        margin: Duration,
    ) -> SystemTime {
        let lifetime = self.expires_in.unwrap_or(default_lifetime);
        obtained_at + lifetime.saturating_sub(margin)
    }
}

fn malformed(reason: &str) -> TokenError {
    TokenError::Malformed {
        reason: reason.to_owned(),
    }
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn oauth_error(object: &Map<String, Value>) -> Option<String> {
    text(object, "error")
}

/// `expires_in` as a number of seconds, or a numeric string as some platforms send it.
fn expires_in(value: Option<&Value>) -> Result<Option<Duration>, TokenError> {
    let seconds = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match seconds {
        Some(s) if (0.0..1e10).contains(&s) => Ok(Some(Duration::from_secs_f64(s))),
        _ => Err(malformed(
            "expires_in is not a non-negative number of seconds",
        )),
    }
}

/// The start of a body as text, for an error message.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return "(empty body)".to_owned();
    }
    let mut out: String = trimmed.chars().take(BODY_EXCERPT_CHARS).collect();
    if trimmed.chars().count() > BODY_EXCERPT_CHARS {
        out.push('…');
    }
    out
}
