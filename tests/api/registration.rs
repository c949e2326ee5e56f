//! Dynamic registration at `/lti/register` against the simulator's Moodle-shaped registration,
//! the pending/active policy, failures that leave nothing behind, and `/lti/canvas.json`.

use crate::helpers::{Backend, TestApp, http};
use crate::on_both_backends;
use securehospitals::config::NewRegistrationPolicy;
use securehospitals::lms_simulator::{LaunchSpec, RegistrationInitiation};
use securehospitals::platforms::{Registration, RegistrationRef, RegistrationStatus};
use serde_json::{Value, json};

const TOOL_CONFIGURATION: &str = "https://purl.imsglobal.org/spec/lti-tool-configuration";

/// Opens the registration page as Moodle's iframe does; returns status, CSP and body.
async fn open_registration(app: &TestApp, init: &RegistrationInitiation) -> (u16, String, String) {
    let url = init.url_for(&app.url("/lti/register").parse().unwrap());
    let response = http().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (status, csp, response.text().await.unwrap())
}

async fn stored(app: &TestApp, client_id: &str) -> Option<Registration> {
    let key = RegistrationRef::IssuerClient(
        lti::Issuer::parse(app.sim.issuer()).unwrap(),
        lti::ClientId::parse(client_id).unwrap(),
    );
    app.tool.state.store.find_registration(&key).await.unwrap()
}

async fn registration_count(app: &TestApp) -> usize {
    app.tool
        .state
        .store
        .list_registrations()
        .await
        .unwrap()
        .len()
}

/// Checks what the simulator received against everything Moodle 4.3 requires.
fn assert_moodle_would_accept(request: &Value, base: &str) {
    assert!(
        request["response_types"]
            .as_array()
            .unwrap()
            .contains(&json!("id_token"))
    );
    assert_eq!(request["initiate_login_uri"], format!("{base}/lti/login"));
    assert_eq!(
        request["redirect_uris"],
        json!([format!("{base}/lti/launch")])
    );
    assert_eq!(request["jwks_uri"], format!("{base}/.well-known/jwks.json"));
    assert_eq!(request["client_name"], "SecureHospitals");
    assert_eq!(request["logo_uri"], format!("{base}/static/logo.svg"));
    assert_eq!(request["token_endpoint_auth_method"], "private_key_jwt");
    let scope = request["scope"].as_str().unwrap();
    assert!(
        scope.contains("lti-ags/scope/score")
            && scope.contains("lti-nrps/scope/contextmembership.readonly")
    );
    let lti = &request[TOOL_CONFIGURATION];
    let target: url::Url = lti["target_link_uri"].as_str().unwrap().parse().unwrap();
    let host = format!("{}:{}", target.host_str().unwrap(), target.port().unwrap());
    assert_eq!(lti["domain"], host);
    let claims = lti["claims"].as_array().unwrap();
    assert!(claims.contains(&json!("name")) && claims.contains(&json!("email")));
    let types: Vec<&str> = lti["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    for t in [
        "LtiResourceLinkRequest",
        "LtiDeepLinkingRequest",
        "LtiSubmissionReviewRequest",
    ] {
        assert!(types.contains(&t), "{t} missing from {types:?}");
    }
}

on_both_backends! {
    async fn registration_by_moodle_is_pending_until_approved_then_launches(app) {
        let init = app.sim.start_registration().unwrap();
        let (status, csp, body) = open_registration(&app, &init).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("/static/registration-close.js") && !body.contains("<script>"), "{body}");
        assert!(body.contains("platform approve"), "{body}");
        let sim_origin = app.sim.issuer().trim_end_matches('/');
        assert!(csp.contains(&format!("frame-ancestors 'self' {sim_origin}")), "{csp}");

        let sent = app.sim.registrations();
        assert_eq!(sent.len(), 1);
        assert_moodle_would_accept(&sent[0].request, &app.base);
        let client_id = sent[0].client_id.clone();
        let registration = stored(&app, &client_id).await.expect("registration stored");
        assert_eq!(registration.status, RegistrationStatus::Pending);
        assert_eq!(registration.deployments.len(), 1, "deployment stored with the registration");

        app.sim.activate_tool(&client_id).unwrap();
        app.refresh_registry();
        let spec = || LaunchSpec::resource_link("4", "rl-1").with_client(&client_id);
        let (refused, _) = app.launcher().login(spec()).await;
        assert_eq!(refused.status(), 403);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains("registration_pending") && refused.contains("waiting for approval"), "{refused}");

        // What `securehospitals platform approve <id>` does.
        let store = &app.tool.state.store;
        store.set_registration_status(registration.id, RegistrationStatus::Active).await.unwrap();
        app.refresh_registry();
        let launched = app.launcher().launch(spec()).await;
        assert_eq!(launched.status, 303, "{}", launched.body);
    }
}

on_both_backends! {
    async fn registration_with_a_bad_token_shows_the_refusal_and_stores_nothing(app) {
        let mut init = app.sim.start_registration().unwrap();
        init.registration_token = "not-a-token".into();
        let before = registration_count(&app).await;
        let (status, csp, body) = open_registration(&app, &init).await;
        assert_eq!(status, 502, "{body}");
        assert!(body.contains("registration_refused") && body.contains("401"), "{body}");
        assert!(body.contains("start a new registration"), "{body}");
        assert!(csp.contains(app.sim.issuer().trim_end_matches('/')), "error page frameable: {csp}");
        assert!(!body.contains("not-a-token"), "the token is never echoed");
        assert_eq!(registration_count(&app).await, before);
        assert!(app.sim.registrations().is_empty());
    }
}

on_both_backends! {
    async fn registration_with_an_unreachable_configuration_says_so(app) {
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gone = closed.local_addr().unwrap();
        drop(closed);
        let init = RegistrationInitiation {
            openid_configuration: format!("http://{gone}/mod/lti/openid-configuration.php"),
            registration_token: app.sim.start_registration().unwrap().registration_token,
        };
        let before = registration_count(&app).await;
        let (status, _, body) = open_registration(&app, &init).await;
        assert_eq!(status, 502, "{body}");
        assert!(body.contains("registration_platform_unreachable") && body.contains("could not be reached"), "{body}");
        assert_eq!(registration_count(&app).await, before);

        let init = RegistrationInitiation { openid_configuration: "file:///etc/passwd".into(), registration_token: "t".into() };
        let (status, _, body) = open_registration(&app, &init).await;
        assert_eq!(status, 400, "{body}");
    }
}

/// Serves the simulator's configuration from another port with `registration_endpoint` removed
/// (and the issuer moved along, so only the missing endpoint is wrong).
async fn serve_configuration_without_registration_endpoint(app: &TestApp) -> String {
    let mut config: Value = http()
        .get(app.sim.openid_configuration_url())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    config["issuer"] = json!(origin);
    config
        .as_object_mut()
        .unwrap()
        .remove("registration_endpoint");
    let router = axum::Router::new().route(
        "/config",
        axum::routing::get(move || async move { axum::Json(config) }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("{origin}/config")
}

on_both_backends! {
    async fn registration_with_a_configuration_missing_an_endpoint_names_it(app) {
        let init = RegistrationInitiation {
            openid_configuration: serve_configuration_without_registration_endpoint(&app).await,
            registration_token: app.sim.start_registration().unwrap().registration_token,
        };
        let before = registration_count(&app).await;
        let (status, _, body) = open_registration(&app, &init).await;
        assert_eq!(status, 502, "{body}");
        assert!(body.contains("registration_endpoint") && body.contains("registration_platform_configuration"), "{body}");
        assert_eq!(registration_count(&app).await, before);
        assert!(app.sim.registrations().is_empty());
    }
}

async fn registration_policy_active_launches_without_approval(backend: Backend) {
    let Some(app) = TestApp::build(backend, |a| {
        a.new_registration_policy = Some(NewRegistrationPolicy::Active)
    })
    .await
    else {
        return;
    };
    let init = app.sim.start_registration().unwrap();
    let (status, _, body) = open_registration(&app, &init).await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains("platform approve"), "{body}");
    let client_id = app.sim.registrations()[0].client_id.clone();
    assert_eq!(
        stored(&app, &client_id).await.unwrap().status,
        RegistrationStatus::Active
    );
    app.sim.activate_tool(&client_id).unwrap();
    app.refresh_registry();
    let launched = app
        .launcher()
        .launch(LaunchSpec::resource_link("4", "rl-1").with_client(&client_id))
        .await;
    assert_eq!(launched.status, 303, "{}", launched.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_policy_active_launches_without_approval_on_sqlite() {
    registration_policy_active_launches_without_approval(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_policy_active_launches_without_approval_on_postgres() {
    registration_policy_active_launches_without_approval(Backend::Postgres).await;
}

#[tokio::test]
async fn registration_canvas_json_agrees_with_the_dynamic_registration_document() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let canvas: Value = http()
        .get(app.url("/lti/canvas.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for key in [
        "title",
        "description",
        "oidc_initiation_url",
        "target_link_uri",
        "public_jwk_url",
    ] {
        assert!(
            canvas[key].as_str().is_some_and(|v| !v.is_empty()),
            "{key} in {canvas}"
        );
    }
    let placements: Vec<&str> = canvas["extensions"][0]["settings"]["placements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["placement"].as_str().unwrap())
        .collect();
    assert_eq!(
        placements,
        [
            "course_navigation",
            "link_selection",
            "assignment_selection"
        ]
    );

    let init = app.sim.start_registration().unwrap();
    assert_eq!(open_registration(&app, &init).await.0, 200);
    let request = &app.sim.registrations()[0].request;
    let lti = &request[TOOL_CONFIGURATION];
    assert_eq!(canvas["oidc_initiation_url"], request["initiate_login_uri"]);
    assert_eq!(canvas["target_link_uri"], lti["target_link_uri"]);
    assert_eq!(canvas["public_jwk_url"], request["jwks_uri"]);
    let canvas_scopes: Vec<&str> = canvas["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(canvas_scopes.join(" "), request["scope"].as_str().unwrap());
    let offered: Vec<&Value> = lti["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["type"])
        .collect();
    for p in canvas["extensions"][0]["settings"]["placements"]
        .as_array()
        .unwrap()
    {
        assert!(offered.contains(&&p["message_type"]), "{p}");
        assert_eq!(p["target_link_uri"], lti["target_link_uri"]);
    }
    let logo = http()
        .get(
            canvas["extensions"][0]["settings"]["icon_url"]
                .as_str()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(logo.status(), 200);
}

#[tokio::test]
async fn registration_refuses_an_oversized_configuration_without_reading_it_all() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let huge = format!(
        "{{\"issuer\":\"{origin}\",\"pad\":\"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    let router =
        axum::Router::new().route("/config", axum::routing::get(move || async move { huge }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    let init = RegistrationInitiation {
        openid_configuration: format!("{origin}/config"),
        registration_token: "t".into(),
    };
    let (status, _, body) = open_registration(&app, &init).await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("larger than"), "{body}");
    assert_eq!(
        registration_count(&app).await,
        1,
        "only the test's own registration"
    );
}

on_both_backends! {
    async fn registration_refuses_a_configuration_url_on_a_private_address_by_default(app) {
        // `app` allows private addresses (the simulator is on loopback); a second tool on the
        // same database does not, as in production.
        let mut args = securehospitals::config::ConfigArgs {
            database_url: Some(app._db.url.clone()),
            key_encryption_key: Some(crate::helpers::TEST_KEK.into()),
            ..Default::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        args.listen = Some(addr);
        args.public_url = Some(format!("http://{addr}/").parse().unwrap());
        let config = securehospitals::config::Config::resolve(&args).unwrap();
        let strict = securehospitals::app::start_on(listener, config, std::future::pending())
            .await
            .unwrap();
        let before = registration_count(&app).await;
        let init = app.sim.start_registration().unwrap();
        let url = init.url_for(&format!("http://{addr}/lti/register").parse().unwrap());
        let response = http().get(url).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let body = response.text().await.unwrap();
        assert!(body.contains("registration_address_not_public"), "{body}");
        assert!(body.contains("registration_allow_private_addresses"), "{body}");
        assert!(app.sim.registrations().is_empty(), "nothing was posted to the platform");
        assert_eq!(registration_count(&app).await, before);
        drop(strict);
    }
}

#[derive(Clone, Default)]
struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// One thread: every task of the tool and the simulator logs where the subscriber is set.
#[tokio::test(flavor = "current_thread")]
async fn registration_tokens_never_reach_the_logs() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_env_filter("trace")
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::spawn(Backend::Sqlite).await;

    let good = app.sim.start_registration().unwrap();
    let (status, _, body) = open_registration(&app, &good).await;
    assert_eq!(status, 200, "{body}");
    // A token the platform refuses is logged with the failure, but not the token itself.
    let bad = RegistrationInitiation {
        registration_token: format!("{}x", good.registration_token),
        ..app.sim.start_registration().unwrap()
    };
    let (status, _, body) = open_registration(&app, &bad).await;
    assert_eq!(status, 502, "{body}");

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("dynamic registration stored"),
        "the capture works"
    );
    for token in [&good.registration_token, &bad.registration_token] {
        for part in token.split('.') {
            assert!(
                !logs.contains(part),
                "a registration token part is in the logs"
            );
        }
    }
}
