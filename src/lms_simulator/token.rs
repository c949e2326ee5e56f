//! OAuth 2 client credentials with `private_key_jwt` (the LTI security framework): verifying JWTs a
//! tool signs against its JWKS, issuing opaque bearer tokens, and checking them on service calls.

use std::collections::HashSet;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::state::{AccessToken, LmsSimulator, Shared, SimError, now, random_token};
use super::tools::RegisteredTool;
use super::urls::TOKEN_PATH;

pub const SCOPE_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
pub const SCOPE_LINEITEM_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
pub const SCOPE_RESULT_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
pub const SCOPE_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
pub const SCOPE_MEMBERSHIPS: &str =
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Fetches a tool's JWKS (every time: the simulator never caches, so rotations show at once).
async fn fetch_jwks(shared: &Shared, tool: &RegisteredTool) -> Result<JwkSet, String> {
    let url = tool.registration.jwks_url.clone();
    let response = shared
        .http
        .get(url.clone())
        .send()
        .await
        .map_err(|e| format!("fetching the tool JWKS {url} failed: {e}"))?;
    if !response.status().is_success() {
        return Err(format!(
            "the tool JWKS {url} answered {}",
            response.status()
        ));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("reading the tool JWKS failed: {e}"))?;
    serde_json::from_slice(&body).map_err(|e| format!("the tool JWKS is not a JWK set: {e}"))
}

/// Verifies a JWT the tool signed: RS256, a `kid` from its JWKS, `iss` = client id, `aud` one of
/// `audiences`, `exp` and `iat` present and current (with the configured leeway).
pub(crate) async fn verify_tool_jwt(
    shared: &Shared,
    tool: &RegisteredTool,
    jwt: &str,
    audiences: &[String],
) -> Result<Map<String, Value>, String> {
    let header = decode_header(jwt).map_err(|e| format!("the JWT header is malformed: {e}"))?;
    if header.alg != Algorithm::RS256 {
        return Err(format!(
            "the JWT is signed with {:?}; only RS256 is accepted",
            header.alg
        ));
    }
    let kid = header.kid.ok_or("the JWT header has no kid")?;
    let jwks = fetch_jwks(shared, tool).await?;
    let jwk = jwks
        .find(&kid)
        .ok_or_else(|| format!("kid {kid} is not in the tool's JWKS"))?;
    let key =
        DecodingKey::from_jwk(jwk).map_err(|e| format!("the tool's key {kid} is unusable: {e}"))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.leeway = shared.settings.leeway;
    validation.set_audience(audiences);
    validation.set_issuer(&[&tool.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    let claims = decode::<Map<String, Value>>(jwt, &key, &validation)
        .map_err(|e| format!("the JWT is not valid: {e}"))?
        .claims;
    let iat = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or("the JWT has no iat")?;
    let leeway = i64::try_from(shared.settings.leeway).unwrap_or(i64::MAX);
    if iat > now() + leeway {
        return Err(format!(
            "the JWT was issued {} s in the future",
            iat - now()
        ));
    }
    Ok(claims)
}

/// The token request form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
    scope: Option<String>,
}

/// An OAuth 2 error answer (RFC 6749 §5.2): 400 with `error` and `error_description`.
#[derive(Debug)]
struct OAuthError {
    code: &'static str,
    description: String,
}

fn oauth_error(code: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        code,
        description: description.into(),
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.code, "error_description": self.description});
        let content_type = [(header::CONTENT_TYPE, "application/json; charset=utf-8")];
        (StatusCode::BAD_REQUEST, content_type, body.to_string()).into_response()
    }
}

/// Checks the assertion's own rules: `sub` = client id, a fresh `jti`.
fn check_assertion(
    shared: &Shared,
    claims: &Map<String, Value>,
    client_id: &str,
) -> Result<(), String> {
    if claims.get("sub").and_then(Value::as_str) != Some(client_id) {
        return Err("sub must equal the client_id".into());
    }
    let jti = claims
        .get("jti")
        .and_then(Value::as_str)
        .ok_or("the assertion has no jti")?;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let mut inner = shared.inner();
    let now = now();
    inner.used_jtis.retain(|_, expiry| *expiry + 600 > now);
    if inner
        .used_jtis
        .insert(format!("{client_id} {jti}"), exp)
        .is_some()
    {
        return Err(format!("jti {jti} was already used"));
    }
    Ok(())
}

/// Checks the grant and assertion types; returns the tool the assertion claims to come from.
fn assertion_tool(shared: &Shared, req: &TokenRequest) -> Result<RegisteredTool, OAuthError> {
    if req.grant_type.as_deref() != Some("client_credentials") {
        let reason = "grant_type must be client_credentials";
        return Err(oauth_error("unsupported_grant_type", reason));
    }
    if req.client_assertion_type.as_deref() != Some(ASSERTION_TYPE) {
        let reason = format!("client_assertion_type must be {ASSERTION_TYPE}");
        return Err(oauth_error("invalid_request", reason));
    }
    let assertion = req.client_assertion.as_deref().unwrap_or_default();
    // Only to find the tool whose JWKS verifies it: nothing else is trusted before verification.
    let unverified = jsonwebtoken::dangerous::insecure_decode_claims::<Map<String, Value>>(
        assertion,
    )
    .map_err(|e| {
        oauth_error(
            "invalid_request",
            format!("client_assertion is not a JWT: {e}"),
        )
    })?;
    let client_id = unverified
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let tool = shared.inner().tool(client_id).cloned();
    tool.ok_or_else(|| oauth_error("invalid_client", format!("unknown client {client_id:?}")))
}

/// The requested scopes the tool may have; an error when none is left.
fn granted_scopes(tool: &RegisteredTool, requested: &str) -> Result<Vec<String>, OAuthError> {
    let allowed: HashSet<String> = tool.scopes().into_iter().collect();
    let granted: Vec<String> = requested
        .split_whitespace()
        .filter(|s| allowed.contains(*s))
        .map(str::to_owned)
        .collect();
    if granted.is_empty() {
        let reason = format!("none of the scopes {requested:?} is granted to this tool");
        return Err(oauth_error("invalid_scope", reason));
    }
    Ok(granted)
}

async fn issue_token(shared: &Shared, req: TokenRequest) -> Result<Value, OAuthError> {
    let tool = assertion_tool(shared, &req)?;
    let settings = &shared.settings;
    let audiences = [settings.url(TOKEN_PATH), settings.issuer.clone()];
    let assertion = req.client_assertion.as_deref().unwrap_or_default();
    let claims = verify_tool_jwt(shared, &tool, assertion, &audiences)
        .await
        .map_err(|e| oauth_error("invalid_client", e))?;
    check_assertion(shared, &claims, &tool.client_id)
        .map_err(|e| oauth_error("invalid_client", e))?;
    let granted = granted_scopes(&tool, req.scope.as_deref().unwrap_or_default())?;
    let token = random_token(16);
    let lifetime = settings.access_token_lifetime;
    let scope = granted.join(" ");
    let record = AccessToken {
        client_id: tool.client_id,
        scopes: granted,
        expires_at: now() + lifetime,
    };
    shared.inner().access_tokens.insert(token.clone(), record);
    Ok(
        json!({"access_token": token, "token_type": "Bearer", "expires_in": lifetime, "scope": scope}),
    )
}

/// `POST /mod/lti/token.php`: answers JSON labelled `text/html`, as Moodle 4.3 does.
pub(crate) async fn token_endpoint(
    State(sim): State<LmsSimulator>,
    Form(req): Form<TokenRequest>,
) -> Response {
    match issue_token(&sim.shared, req).await {
        Ok(body) => {
            let pretty = serde_json::to_string_pretty(&body).unwrap_or_else(|_| body.to_string());
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                pretty,
            )
                .into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// Checks a service call's bearer token: known, unexpired, for tool type `type_id`, with one of
/// `scopes`.
pub(crate) fn authorize_service(
    shared: &Shared,
    headers: &HeaderMap,
    scopes: &[&str],
    type_id: u32,
) -> Result<AccessToken, SimError> {
    let unauthorized = |reason: &str| SimError::service(StatusCode::UNAUTHORIZED, reason);
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let token = value
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| unauthorized("Unauthorized: no bearer token"))?;
    let inner = shared.inner();
    let record = inner
        .access_tokens
        .get(token.trim())
        .ok_or_else(|| unauthorized("Unauthorized: unknown access token"))?;
    if record.expires_at <= now() {
        return Err(unauthorized("Unauthorized: the access token expired"));
    }
    if inner.tool(&record.client_id).map(|t| t.type_id) != Some(type_id) {
        return Err(SimError::service(
            StatusCode::FORBIDDEN,
            "the access token belongs to another tool",
        ));
    }
    if !record.scopes.iter().any(|s| scopes.contains(&s.as_str())) {
        return Err(SimError::service(
            StatusCode::FORBIDDEN,
            format!("the access token lacks the scope {}", scopes.join(" or ")),
        ));
    }
    Ok(record.clone())
}

impl LmsSimulator {
    /// Makes every access token issued so far expired (the next service call answers 401).
    pub fn expire_access_tokens(&self) {
        let mut inner = self.shared.inner();
        for token in inner.access_tokens.values_mut() {
            token.expires_at = 0;
        }
    }

    /// How many access tokens the token endpoint issued.
    pub fn access_tokens_issued(&self) -> usize {
        self.shared.inner().access_tokens.len()
    }

    /// The access tokens issued so far (a test checks that none reaches the tool's logs).
    pub fn issued_access_tokens(&self) -> Vec<String> {
        self.shared.inner().access_tokens.keys().cloned().collect()
    }
}
