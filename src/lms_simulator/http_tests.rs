//! Tests that start the simulator on loopback and talk to it over real HTTP: JWKS, key rotation
//! and the OIDC authorization endpoint (its error paths and the id_token it issues).

mod linking;
mod pages;
mod paging;
mod services;

use std::sync::OnceLock;

use axum::Json;
use axum::routing::get;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Map, Value, json};

use super::keys::PlatformKey;
use super::*;

/// The fake tool's signing key, generated once per test binary.
fn tool_key() -> &'static PlatformKey {
    static KEY: OnceLock<PlatformKey> = OnceLock::new();
    KEY.get_or_init(|| PlatformKey::generate().expect("tool key generation"))
}

/// A tool that only publishes its JWKS (enough for client assertions and deep linking).
struct FakeTool {
    base: String,
    _task: tokio::task::JoinHandle<()>,
}

async fn fake_tool() -> FakeTool {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind tool");
    let addr = listener.local_addr().expect("tool addr");
    let jwks = json!({"keys": [tool_key().public_jwk()]});
    let app = axum::Router::new().route(
        "/.well-known/jwks.json",
        get(move || async move { Json(jwks) }),
    );
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FakeTool {
        base: format!("http://{addr}"),
        _task: task,
    }
}

struct Setup {
    sim: RunningSimulator,
    tool: RegisteredTool,
    _fake: FakeTool,
    http: reqwest::Client,
}

async fn setup_with(config: SimulatorConfig) -> Setup {
    let sim = LmsSimulator::start(config).await.expect("simulator starts");
    let fake = fake_tool().await;
    let registration = ToolRegistration::for_tool(&fake.base).expect("tool URLs");
    let tool = sim.register_tool(registration).expect("tool registers");
    Setup {
        sim,
        tool,
        _fake: fake,
        http: reqwest::Client::new(),
    }
}

async fn setup() -> Setup {
    setup_with(SimulatorConfig::default()).await
}

/// The authentication request a tool sends after a login initiation.
fn auth_params(init: &LoginInitiation, tool: &RegisteredTool) -> Vec<(String, String)> {
    let p = |name: &str| init.param(name).unwrap_or_default().to_owned();
    [
        ("scope", "openid".to_owned()),
        ("response_type", "id_token".to_owned()),
        ("response_mode", "form_post".to_owned()),
        ("prompt", "none".to_owned()),
        ("client_id", p("client_id")),
        (
            "redirect_uri",
            tool.registration.redirect_uris[0].to_string(),
        ),
        ("login_hint", p("login_hint")),
        ("lti_message_hint", p("lti_message_hint")),
        ("state", "state-123".to_owned()),
        ("nonce", "nonce-456".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn set(params: &mut [(String, String)], name: &str, value: &str) {
    if let Some(slot) = params.iter_mut().find(|(n, _)| n == name) {
        slot.1 = value.to_owned();
    }
}

async fn get_auth(s: &Setup, params: &[(String, String)]) -> reqwest::Response {
    s.http
        .get(s.sim.auth_url())
        .query(params)
        .send()
        .await
        .expect("auth request")
}

/// Runs a launch up to the auto-submitting form; returns the form and the verified claims.
async fn launch(s: &Setup, spec: LaunchSpec) -> (AutoPostForm, Map<String, Value>) {
    let init = s.sim.login_initiation(spec).expect("initiation");
    let response = s
        .http
        .post(s.sim.auth_url())
        .form(&auth_params(&init, &s.tool))
        .send()
        .await
        .expect("auth");
    assert_eq!(response.status(), 200);
    let form = AutoPostForm::parse(&response.text().await.expect("page")).expect("auto-post form");
    let claims = verify_id_token(s, form.field("id_token").unwrap_or_default()).await;
    (form, claims)
}

/// Verifies an id_token the way a tool would: with the JWKS fetched over HTTP.
async fn verify_id_token(s: &Setup, token: &str) -> Map<String, Value> {
    let jwks: jsonwebtoken::jwk::JwkSet = s
        .http
        .get(s.sim.jwks_url())
        .send()
        .await
        .expect("jwks")
        .json()
        .await
        .expect("jwks json");
    let kid = decode_header(token).expect("header").kid.expect("kid");
    let key = DecodingKey::from_jwk(jwks.find(&kid).expect("published kid")).expect("key");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[&s.tool.client_id]);
    validation.set_issuer(&[s.sim.issuer()]);
    decode::<Map<String, Value>>(token, &key, &validation)
        .expect("valid id_token")
        .claims
}

#[tokio::test]
async fn jwks_is_cacheable_and_fetches_are_counted() {
    let s = setup().await;
    let response = s.http.get(s.sim.jwks_url()).send().await.expect("jwks");
    assert_eq!(response.headers()["cache-control"], "max-age=300");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["keys"][0]["kid"], s.sim.current_kid());
    s.http.get(s.sim.url("/jwks")).send().await.expect("alias");
    assert_eq!(s.sim.jwks_fetches(), 2);
}

#[tokio::test]
async fn rotated_keys_are_published_and_sign_new_launches() {
    let s = setup().await;
    let old = s.sim.current_kid();
    let new = s.sim.rotate_keys(OldKey::KeepPublished).expect("rotate");
    assert!(s.sim.is_key_published(&old) && s.sim.is_key_published(&new));
    let (form, _) = launch(&s, LaunchSpec::resource_link("4", "1")).await;
    let token = form.field("id_token").unwrap_or_default();
    assert_eq!(
        decode_header(token).expect("header").kid.as_deref(),
        Some(new.as_str())
    );
    s.sim.rotate_keys(OldKey::Drop).expect("rotate again");
    assert!(!s.sim.is_key_published(&new));
}

#[tokio::test]
async fn resource_link_launch_carries_moodle_shaped_claims() {
    let s = setup().await;
    let spec = LaunchSpec::resource_link("4", "1")
        .with_title("Phishing basics")
        .with_custom("module", "phishing");
    let (form, c) = launch(&s, spec).await;
    assert_eq!(form.action, s.tool.registration.redirect_uris[0].as_str());
    assert_eq!(form.field("state"), Some("state-123"));
    let lti = |name: &str| c[&format!("https://purl.imsglobal.org/spec/lti/claim/{name}")].clone();
    assert_eq!(
        c["aud"],
        json!(s.tool.client_id),
        "aud is a plain string like Moodle"
    );
    assert_eq!(
        c["exp"].as_i64().unwrap_or(0) - c["iat"].as_i64().unwrap_or(0),
        60
    );
    assert_eq!(
        (c["sub"].clone(), c["nonce"].clone(), c["name"].clone()),
        (json!("4"), json!("nonce-456"), json!("Sam Student"))
    );
    assert_eq!(lti("roles"), json!([roles::LEARNER]));
    assert_eq!(lti("deployment_id"), json!("1"));
    assert_eq!(lti("resource_link")["title"], "Phishing basics");
    assert_eq!(lti("custom")["module"], "phishing");
    assert_eq!(lti("context")["id"], SEED_COURSE_ID);
    let ags = &c["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"];
    let item = ags["lineitem"].as_str().unwrap_or_default();
    assert!(item.ends_with("/lineitem?type_id=1"), "{item}");
    assert!(
        s.sim
            .line_item_by_url(item)
            .is_some_and(|i| i.resource_link_id.as_deref() == Some("1"))
    );
    let issued = s.sim.last_id_token().expect("recorded");
    assert_eq!(issued.jwt, form.field("id_token").unwrap_or_default());
}

#[tokio::test]
async fn launch_without_context_or_personal_data_omits_those_claims() {
    let s = setup().await;
    let spec = LaunchSpec::resource_link("3", "9")
        .without_context()
        .without_name()
        .without_email()
        .with_roles(&[roles::INSTRUCTOR]);
    let (_, c) = launch(&s, spec).await;
    for absent in [
        "name",
        "email",
        "given_name",
        "https://purl.imsglobal.org/spec/lti/claim/context",
        "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
    ] {
        assert!(c.get(absent).is_none(), "{absent} must be absent");
    }
    assert_eq!(
        c["https://purl.imsglobal.org/spec/lti/claim/resource_link"]["id"],
        "9"
    );
}

#[tokio::test]
async fn auth_endpoint_refuses_requests_a_platform_must_refuse() {
    let s = setup().await;
    let cases: [(&str, &str, &str); 8] = [
        ("response_type", "code", "response_type"),
        ("scope", "profile", "openid"),
        ("response_mode", "query", "response_mode"),
        ("prompt", "login", "prompt"),
        ("client_id", "stranger", "client_id"),
        ("redirect_uri", "http://evil.example/launch", "redirect_uri"),
        ("login_hint", "5", "login_hint"),
        ("nonce", "", "nonce"),
    ];
    for (name, value, reason) in cases {
        let init = s
            .sim
            .login_initiation(LaunchSpec::resource_link("4", "1"))
            .expect("initiation");
        let mut params = auth_params(&init, &s.tool);
        set(&mut params, name, value);
        let response = get_auth(&s, &params).await;
        assert_eq!(response.status(), 400, "{name}={value}");
        let text = response.text().await.unwrap_or_default();
        assert!(text.contains(reason), "{name}: {text}");
    }
}

#[tokio::test]
async fn message_hint_is_single_use() {
    let s = setup().await;
    let init = s
        .sim
        .login_initiation(LaunchSpec::resource_link("4", "1"))
        .expect("initiation");
    let params = auth_params(&init, &s.tool);
    assert_eq!(get_auth(&s, &params).await.status(), 200);
    let again = get_auth(&s, &params).await;
    assert_eq!(again.status(), 400);
    assert!(
        again
            .text()
            .await
            .unwrap_or_default()
            .contains("lti_message_hint")
    );
}

#[tokio::test]
async fn tampered_launches_reach_the_tool_spoiled() {
    let s = setup().await;
    let spec = LaunchSpec::resource_link("4", "1").with_tamper(Tamper::AlgNone);
    let init = s.sim.login_initiation(spec).expect("initiation");
    let page = get_auth(&s, &auth_params(&init, &s.tool))
        .await
        .text()
        .await
        .unwrap_or_default();
    let token = AutoPostForm::parse(&page)
        .expect("form")
        .field("id_token")
        .unwrap_or_default()
        .to_owned();
    assert!(token.ends_with('.'), "alg none has an empty signature");
    let spec = LaunchSpec::resource_link("4", "1").with_tamper(Tamper::RemoveClaim("sub".into()));
    let init = s.sim.login_initiation(spec).expect("initiation");
    get_auth(&s, &auth_params(&init, &s.tool)).await;
    assert!(
        s.sim
            .last_id_token()
            .expect("issued")
            .claims
            .get("sub")
            .is_none()
    );
}

#[tokio::test]
async fn login_initiation_names_the_platform_and_tool() {
    let s = setup().await;
    let init = s
        .sim
        .login_initiation(LaunchSpec::deep_linking(SEED_INSTRUCTOR))
        .expect("initiation");
    assert_eq!(init.url, s.tool.registration.login_url);
    assert_eq!(init.param("iss"), Some(s.sim.issuer()));
    assert_eq!(init.param("lti_deployment_id"), Some("1"));
    assert!(
        init.param("lti_message_hint")
            .is_some_and(|h| h.starts_with("{\"cmid\""))
    );
    assert!(
        init.get_url()
            .query()
            .is_some_and(|q| q.contains("login_hint=3"))
    );
    assert!(
        s.sim
            .login_initiation(LaunchSpec::resource_link("999", "1"))
            .is_err(),
        "unknown user"
    );
    assert!(
        s.sim
            .login_initiation(LaunchSpec::resource_link("4", "1").with_client("nope"))
            .is_err()
    );
}

#[tokio::test]
async fn submission_review_and_token_lifetime_follow_the_config() {
    let config = SimulatorConfig {
        id_token_lifetime: std::time::Duration::from_secs(5),
        ..SimulatorConfig::default()
    };
    let s = setup_with(config).await;
    let (_, c) = launch(&s, LaunchSpec::submission_review(SEED_INSTRUCTOR, "5", "1")).await;
    assert_eq!(
        c["exp"].as_i64().unwrap_or(0) - c["iat"].as_i64().unwrap_or(0),
        5
    );
    let lti = |name: &str| c[&format!("https://purl.imsglobal.org/spec/lti/claim/{name}")].clone();
    assert_eq!(lti("message_type"), "LtiSubmissionReviewRequest");
    assert_eq!(lti("for_user")["user_id"], "5");
    let ags = &c["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"];
    assert!(
        ags["lineitem"]
            .as_str()
            .is_some_and(|u| u.contains("/lineitem?type_id="))
    );
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .expect("start");
    let url = sim.jwks_url();
    let http = reqwest::Client::new();
    assert_eq!(http.get(&url).send().await.expect("served").status(), 200);
    sim.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(
        fresh.get(&url).send().await.is_err(),
        "nothing listens after shutdown"
    );
}
