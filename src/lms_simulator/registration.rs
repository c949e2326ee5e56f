//! LTI Dynamic Registration as Moodle 4.3 does it: the OpenID configuration at its own PHP path,
//! a one-hour RS256 registration token, a registration POST answered with 200, tools left pending.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Map, Value, json};
use url::Url;

use super::state::{LmsSimulator, SimError, now, random_token};
use super::tamper::sign_rs256;
use super::tools::{ALL_SCOPES, ToolRegistration};
use super::urls::{AUTH_PATH, JWKS_PATH, OPENID_CONFIGURATION_PATH, REGISTRATION_PATH, TOKEN_PATH};

const TOOL_CONFIGURATION: &str = "https://purl.imsglobal.org/spec/lti-tool-configuration";

/// What the platform passes to the tool's registration page (as query parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationInitiation {
    pub openid_configuration: String,
    pub registration_token: String,
}

impl RegistrationInitiation {
    /// The tool's registration URL with `openid_configuration` and `registration_token` added.
    pub fn url_for(&self, tool_registration_url: &Url) -> Url {
        let mut url = tool_registration_url.clone();
        url.query_pairs_mut()
            .append_pair("openid_configuration", &self.openid_configuration)
            .append_pair("registration_token", &self.registration_token);
        url
    }
}

/// A registration request the platform accepted, kept for inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRegistration {
    pub client_id: String,
    pub request: Value,
}

impl LmsSimulator {
    /// Starts a dynamic registration: a registration token valid one hour for a new client id.
    pub fn start_registration(&self) -> Result<RegistrationInitiation, SimError> {
        let client_id: String = random_token(12)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(15)
            .collect();
        let iat = now();
        let claims = json!({"sub": client_id, "scope": "reg", "iat": iat, "exp": iat + 3600});
        let token = sign_rs256(&claims, self.shared.keys().current())?;
        Ok(RegistrationInitiation {
            openid_configuration: self.shared.settings.url(OPENID_CONFIGURATION_PATH),
            registration_token: token,
        })
    }

    /// Every accepted registration request.
    pub fn registrations(&self) -> Vec<PendingRegistration> {
        self.shared.inner().registrations.clone()
    }
}

/// `GET /mod/lti/openid-configuration.php`: platform metadata with the LTI extension.
pub(crate) async fn openid_configuration(State(sim): State<LmsSimulator>) -> Json<Value> {
    let s = &sim.shared.settings;
    let mut scopes: Vec<&str> = ALL_SCOPES.to_vec();
    scopes.push("openid");
    Json(json!({
        "issuer": s.issuer,
        "authorization_endpoint": s.url(AUTH_PATH),
        "token_endpoint": s.url(TOKEN_PATH),
        "jwks_uri": s.url(JWKS_PATH),
        "registration_endpoint": s.url(REGISTRATION_PATH),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public", "pairwise"],
        "scopes_supported": scopes,
        "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
        "https://purl.imsglobal.org/spec/lti-platform-configuration": {
            "product_family_code": "moodle",
            "version": "4.3 (Build: 20231009)",
            "messages_supported": [
                {"type": "LtiResourceLinkRequest"},
                {"type": "LtiDeepLinkingRequest", "placements": ["ContentArea"]}
            ],
            "variables": ["Context.id", "Context.title", "ResourceLink.id", "User.id", "Person.sourcedId"]
        }
    }))
}

/// Verifies the bearer registration token; returns the client id it grants.
fn check_registration_token(sim: &LmsSimulator, headers: &HeaderMap) -> Result<String, SimError> {
    let unauthorized = |reason: String| SimError::new(StatusCode::UNAUTHORIZED, reason);
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let token = value
        .strip_prefix("Bearer ")
        .ok_or_else(|| unauthorized("no bearer registration token".into()))?;
    let kid = decode_header(token)
        .ok()
        .and_then(|h| h.kid)
        .ok_or_else(|| unauthorized("malformed registration token".into()))?;
    let jwks = sim.shared.keys().jwks();
    let jwk = jwks["keys"]
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["kid"] == kid.as_str()))
        .cloned();
    let jwk: jsonwebtoken::jwk::Jwk = jwk
        .and_then(|j| serde_json::from_value(j).ok())
        .ok_or_else(|| unauthorized("the registration token's key is not the platform's".into()))?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| unauthorized(e.to_string()))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_required_spec_claims(&["exp", "sub"]);
    let claims = decode::<Map<String, Value>>(token, &key, &validation)
        .map_err(|e| unauthorized(format!("registration token refused: {e}")))?
        .claims;
    if claims.get("scope").and_then(Value::as_str) != Some("reg") {
        return Err(unauthorized("the token is not a registration token".into()));
    }
    let client_id = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !sim
        .shared
        .inner()
        .used_registration_tokens
        .insert(client_id.clone())
    {
        return Err(unauthorized(
            "the registration token was already used".into(),
        ));
    }
    Ok(client_id)
}

fn url_field(body: &Value, name: &str) -> Result<Url, String> {
    let raw = body
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{name} is required"))?;
    Url::parse(raw).map_err(|e| format!("{name} {raw:?} is not a URL: {e}"))
}

fn strings<'a>(value: &'a Value, name: &str) -> Vec<&'a str> {
    let list = value.get(name).and_then(Value::as_array);
    list.map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The OAuth client metadata Moodle insists on; returns the client name and redirect URIs.
fn client_metadata(body: &Value) -> Result<(String, Vec<Url>), String> {
    if !strings(body, "response_types").contains(&"id_token") {
        return Err("response_types must contain id_token".into());
    }
    let auth_method = body
        .get("token_endpoint_auth_method")
        .and_then(Value::as_str);
    if auth_method != Some("private_key_jwt") {
        return Err("token_endpoint_auth_method must be private_key_jwt".into());
    }
    let name = body
        .get("client_name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty());
    let name = name.ok_or("client_name is required")?.to_owned();
    let redirect_uris: Vec<Url> = strings(body, "redirect_uris")
        .into_iter()
        .filter_map(|u| Url::parse(u).ok())
        .collect();
    if redirect_uris.is_empty() {
        return Err("redirect_uris must list at least one URL".into());
    }
    Ok((name, redirect_uris))
}

/// The LTI tool configuration: target link URI (whose host must be `domain`) and the deep
/// linking message's URL, if the tool offers one.
fn tool_configuration(config: &Value) -> Result<(Url, Option<Url>), String> {
    let target = url_field(config, "target_link_uri")?;
    let domain = config.get("domain").and_then(Value::as_str);
    let domain = domain.ok_or("the tool configuration has no domain")?;
    let host = target.host_str().unwrap_or("");
    let host = target
        .port()
        .map_or_else(|| host.to_owned(), |port| format!("{host}:{port}"));
    if domain != host {
        return Err(format!(
            "domain {domain} does not match the target_link_uri host {host}"
        ));
    }
    let messages = config.get("messages").and_then(Value::as_array);
    let deep_linking = messages
        .and_then(|m| {
            m.iter()
                .find(|m| m.get("type").and_then(Value::as_str) == Some("LtiDeepLinkingRequest"))
        })
        .map(|m| url_field(m, "target_link_uri").unwrap_or_else(|_| target.clone()));
    Ok((target, deep_linking))
}

/// Validates a registration request with Moodle's rules and turns it into a tool registration.
fn parse_registration(body: &Value, client_id: &str) -> Result<ToolRegistration, String> {
    let (name, redirect_uris) = client_metadata(body)?;
    let config = body
        .get(TOOL_CONFIGURATION)
        .ok_or("the LTI tool configuration is missing")?;
    let (target_link_uri, deep_linking_url) = tool_configuration(config)?;
    let claims = strings(config, "claims");
    let requested = body.get("scope").and_then(Value::as_str).unwrap_or("");
    let scopes = ALL_SCOPES
        .iter()
        .filter(|s| requested.split_whitespace().any(|r| r == **s));
    Ok(ToolRegistration {
        client_id: Some(client_id.to_owned()),
        name,
        deployment_ids: Vec::new(),
        login_url: url_field(body, "initiate_login_uri")?,
        redirect_uris,
        jwks_url: url_field(body, "jwks_uri")?,
        target_link_uri,
        deep_linking_url,
        scopes: Some(scopes.map(|s| (*s).to_owned()).collect()),
        // Moodle sends names and e-mail only when the registration's claims ask for them.
        send_name: claims
            .iter()
            .any(|c| ["name", "given_name", "family_name"].contains(c)),
        send_email: claims.contains(&"email"),
    })
}

/// `POST /mod/lti/openid-registration.php`: 200 with the registered client, tool left pending.
pub(crate) async fn register(
    State(sim): State<LmsSimulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    let client_id = check_registration_token(&sim, &headers)?;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|e| SimError::bad_request(format!("body is not JSON: {e}")))?;
    let registration = parse_registration(&request, &client_id).map_err(SimError::bad_request)?;
    let tool = sim.register_tool(registration)?;
    {
        let mut inner = sim.shared.inner();
        if let Some(t) = inner
            .tools
            .iter_mut()
            .find(|t| t.client_id == tool.client_id)
        {
            t.active = false;
        }
        inner.registrations.push(PendingRegistration {
            client_id: client_id.clone(),
            request: request.clone(),
        });
    }
    let mut answer = request.as_object().cloned().unwrap_or_default();
    answer.insert("client_id".into(), json!(client_id));
    answer.insert("scope".into(), json!(tool.scopes().join(" ")));
    if let Some(config) = answer
        .get_mut(TOOL_CONFIGURATION)
        .and_then(Value::as_object_mut)
    {
        config.insert("version".into(), json!("1.3.0"));
        config.insert(
            "deployment_id".into(),
            json!(tool.registration.deployment_ids.first()),
        );
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        Value::Object(answer).to_string(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moodle_request() -> Value {
        json!({
            "application_type": "web", "client_name": "Tool", "grant_types": ["implicit", "client_credentials"],
            "initiate_login_uri": "http://127.0.0.1:9001/login", "jwks_uri": "http://127.0.0.1:9001/jwks",
            "redirect_uris": ["http://127.0.0.1:9001/launch", "http://127.0.0.1:9001/deeplink"],
            "response_types": ["id_token"], "token_endpoint_auth_method": "private_key_jwt",
            "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score https://example.org/unknown",
            TOOL_CONFIGURATION: {
                "domain": "127.0.0.1:9001", "target_link_uri": "http://127.0.0.1:9001/launch",
                "claims": ["iss", "sub", "email"],
                "messages": [{"type": "LtiDeepLinkingRequest", "target_link_uri": "http://127.0.0.1:9001/deeplink"}]
            }
        })
    }

    #[test]
    fn moodle_shaped_request_registers_with_requested_scopes_and_claims() {
        let tool = parse_registration(&moodle_request(), "abc").expect("valid");
        assert_eq!(
            tool.scopes,
            Some(vec![
                "https://purl.imsglobal.org/spec/lti-ags/scope/score".to_owned()
            ])
        );
        assert!(tool.send_email && !tool.send_name);
        assert_eq!(
            tool.deep_linking_url.map(String::from).as_deref(),
            Some("http://127.0.0.1:9001/deeplink")
        );
        assert_eq!(tool.redirect_uris.len(), 2);
    }

    #[test]
    fn requests_breaking_moodle_rules_are_refused() {
        let mut wrong_domain = moodle_request();
        wrong_domain[TOOL_CONFIGURATION]["domain"] = json!("evil.example");
        assert!(
            parse_registration(&wrong_domain, "a")
                .unwrap_err()
                .contains("domain")
        );
        let mut no_jwt_auth = moodle_request();
        no_jwt_auth["token_endpoint_auth_method"] = json!("client_secret_basic");
        assert!(parse_registration(&no_jwt_auth, "a").is_err());
        let mut no_redirects = moodle_request();
        no_redirects["redirect_uris"] = json!([]);
        assert!(parse_registration(&no_redirects, "a").is_err());
    }
}
