//! Real Moodle 4.3 captures: its signed id_tokens validate against its JWKS with a fixed clock
//! and parse completely, and our login answer reproduces the auth request Moodle expects.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use lti::{
    AuthRequest, ClientId, Expectations, FetchFuture, FetchedJwks, Issuer, JwksCache, JwksFetcher,
    LaunchValidator, LoginInitiation, MessageType, Nonce, State, ValidatedLaunch, ValidatorConfig,
};
use serde_json::Value;
use url::Url;

const JWKS: &str = include_str!("../fixtures/moodle-4.3/platform-jwks.json");

struct MoodleJwks(Arc<AtomicUsize>);

impl JwksFetcher for MoodleJwks {
    fn fetch<'a>(&'a self, url: &'a Url) -> FetchFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/mod/lti/certs.php");
        Box::pin(async {
            Ok(FetchedJwks {
                body: JWKS.as_bytes().to_vec(),
                max_age: None,
            })
        })
    }
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/moodle-4.3/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decoded(name: &str) -> Value {
    serde_json::from_str(&fixture(&format!("{name}.decoded.json"))).unwrap()
}

async fn validate(
    name: &str,
    cache: &JwksCache,
    seconds_after_iat: u64,
) -> Result<ValidatedLaunch, lti::LaunchError> {
    let expected_claims = &decoded(name)["claims"];
    let issuer = Issuer::parse("http://127.0.0.1:8080").unwrap();
    let client_id = ClientId::parse("bA3kBQErPSHZuNY").unwrap();
    let iat = expected_claims["iat"].as_u64().unwrap();
    let expected = Expectations {
        issuer: &issuer,
        client_id: &client_id,
        nonce: expected_claims["nonce"].as_str().unwrap(),
        tool_origin: Url::parse("http://127.0.0.1:9001").unwrap().origin(),
        now: UNIX_EPOCH + Duration::from_secs(iat + seconds_after_iat),
    };
    let jwks_url = Url::parse("http://127.0.0.1:8080/mod/lti/certs.php").unwrap();
    let token = fixture(&format!("{name}.jwt"));
    LaunchValidator::new(ValidatorConfig::default())
        .validate(token.trim(), &expected, cache, &jwks_url)
        .await
}

fn cache() -> (JwksCache, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    (
        JwksCache::new(Box::new(MoodleJwks(Arc::clone(&fetches)))),
        fetches,
    )
}

#[tokio::test]
async fn the_three_moodle_tokens_validate_and_their_claims_parse_completely() {
    let (cache, fetches) = cache();
    for (name, message_type) in [
        ("id_token-learner", MessageType::ResourceLink),
        ("id_token-instructor", MessageType::ResourceLink),
        ("id_token-deep-linking", MessageType::DeepLinking),
    ] {
        let launch = validate(name, &cache, 5)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(launch.message_type(), message_type, "{name}");
        assert_eq!(launch.key_id().as_str(), "6f9a0c6e728352d4cc10");
        let reserialised = serde_json::to_value(launch.claims()).unwrap();
        assert_eq!(
            reserialised,
            decoded(name)["claims"],
            "{name}: claims differ after parsing"
        );
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_moodle_learner_launch_exposes_what_the_session_needs() {
    let (cache, _) = cache();
    let launch = validate("id_token-learner", &cache, 5).await.unwrap();
    assert_eq!(launch.user().unwrap().as_str(), "4");
    assert!(launch.is_learner() && !launch.is_instructor());
    assert_eq!(launch.deployment_id().as_str(), "1");
    assert_eq!(launch.context().unwrap().id.as_str(), "2");
    assert_eq!(launch.resource_link().unwrap().id.as_str(), "1");
    assert_eq!(launch.locale(), Some("en"));
    assert_eq!(
        launch.custom_str("user_sis").as_deref(),
        Some("SIS-student1")
    );
    let ags = launch.ags().unwrap();
    assert_eq!(ags.lineitem.as_ref().unwrap().query(), Some("type_id=1"));
    assert!(
        launch
            .nrps()
            .unwrap()
            .context_memberships_url
            .path()
            .ends_with("/memberships")
    );
    assert_eq!(launch.return_url().unwrap().host_str(), Some("127.0.0.1"));
    assert_eq!(launch.expires_at(), 1_795_863_742);
}

#[tokio::test]
async fn moodle_tokens_expire_after_sixty_seconds_plus_leeway() {
    let (cache, _) = cache();
    validate("id_token-instructor", &cache, 120).await.unwrap();
    let err = validate("id_token-instructor", &cache, 121)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "token_expired");
    assert!(
        err.to_string().contains("expired 61 s ago (leeway 60 s)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_moodle_token_replayed_into_another_login_is_refused() {
    let (cache, _) = cache();
    let learner_nonce_in_instructor_login = {
        let issuer = Issuer::parse("http://127.0.0.1:8080").unwrap();
        let client_id = ClientId::parse("bA3kBQErPSHZuNY").unwrap();
        let expected = Expectations {
            issuer: &issuer,
            client_id: &client_id,
            nonce: "e5t3umdMnBcVp1cLTX5L6w",
            tool_origin: Url::parse("http://127.0.0.1:9001").unwrap().origin(),
            now: UNIX_EPOCH + Duration::from_secs(1_795_863_690),
        };
        let token = fixture("id_token-instructor.jwt");
        let jwks_url = Url::parse("http://127.0.0.1:8080/mod/lti/certs.php").unwrap();
        LaunchValidator::default()
            .validate(token.trim(), &expected, &cache, &jwks_url)
            .await
    };
    assert_eq!(
        learner_nonce_in_instructor_login.unwrap_err().code(),
        "nonce_mismatch"
    );
}

#[test]
fn the_moodle_login_initiation_yields_the_captured_auth_request() {
    let initiation: Value = serde_json::from_str(&fixture("oidc-login-initiation.json")).unwrap();
    let params = initiation["params"].as_object().unwrap().iter();
    let login = LoginInitiation::from_params(
        params.map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
    )
    .unwrap();
    assert_eq!(login.iss.as_str(), "http://127.0.0.1:8080");
    assert_eq!(login.lti_deployment_id.as_ref().unwrap().as_str(), "1");
    assert_eq!(
        login.lti_message_hint.as_ref().unwrap().as_str(),
        r#"{"cmid":1,"launchid":"ltilaunch1_1518893369"}"#
    );
    login
        .check_target_origin(&Url::parse("http://127.0.0.1:9001").unwrap().origin())
        .unwrap();

    let auth = AuthRequest {
        auth_endpoint: Url::parse("http://127.0.0.1:8080/mod/lti/auth.php").unwrap(),
        client_id: login.client_id.clone().unwrap(),
        redirect_uri: login.target_link_uri.clone(),
        login_hint: login.login_hint.clone(),
        lti_message_hint: login.lti_message_hint.clone(),
        state: State::parse("AFiimkdRrKJYP_lycUogtQ").unwrap(),
        nonce: Nonce::parse("e5t3umdMnBcVp1cLTX5L6w").unwrap(),
    };
    assert_eq!(
        auth.to_url().as_str(),
        fixture("oidc-auth-request.txt").trim()
    );
}
