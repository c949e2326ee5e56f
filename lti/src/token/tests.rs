//! Client assertion claims and signature, the request form, and token responses as platforms
//! send them (Moodle's JSON labelled text/html, OAuth errors, HTML error pages).

use std::time::{Duration, UNIX_EPOCH};

use jsonwebtoken::{DecodingKey, Validation};
use serde_json::json;

use super::*;

const KEY: &[u8] = include_bytes!("../../tests/fixtures/keys/platform-rsa.pem");
const PUBLIC_KEY: &[u8] = include_bytes!("../../tests/fixtures/keys/platform-rsa.pub.pem");
const ENDPOINT: &str = "http://127.0.0.1:8080/mod/lti/token.php";
const NOW: u64 = 1_795_863_684;

fn claims() -> ClientAssertionClaims {
    let client = ClientId::parse("bA3kBQErPSHZuNY").unwrap();
    ClientAssertionClaims::new(
        &client,
        ENDPOINT,
        UNIX_EPOCH + Duration::from_secs(NOW),
        DEFAULT_ASSERTION_LIFETIME,
    )
}

#[test]
fn assertion_claims_name_the_tool_twice_and_the_token_endpoint() {
    let c = claims();
    assert_eq!(c.iss.as_str(), "bA3kBQErPSHZuNY");
    assert_eq!(c.sub, c.iss);
    assert_eq!(c.aud, ENDPOINT);
    assert_eq!((c.iat, c.exp), (NOW, NOW + 300));
    assert!(c.jti.len() >= 32);
    assert_ne!(c.jti, claims().jti, "every assertion needs its own jti");
}

#[test]
fn a_signed_assertion_verifies_with_the_tool_public_key() {
    let kid = KeyId::parse("tool-2026").unwrap();
    let jwt = claims()
        .sign(&EncodingKey::from_rsa_pem(KEY).unwrap(), &kid)
        .unwrap();
    let header = jsonwebtoken::decode_header(&jwt).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some("tool-2026"));
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[ENDPOINT]);
    validation.validate_exp = false;
    let decoded = jsonwebtoken::decode::<ClientAssertionClaims>(
        &jwt,
        &DecodingKey::from_rsa_pem(PUBLIC_KEY).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims, {
        let mut expected = claims();
        expected.jti = decoded.claims.jti.clone();
        expected
    });
}

#[test]
fn a_key_that_cannot_do_rs256_is_reported() {
    let kid = KeyId::parse("k").unwrap();
    let err = claims()
        .sign(&EncodingKey::from_secret(b"not an rsa key").unwrap(), &kid)
        .unwrap_err();
    assert_eq!(err.code(), "assertion_signing_failed");
}

#[test]
fn the_form_has_the_fields_moodle_accepted_with_sorted_scopes() {
    let scopes = ScopeSet::new([
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    ]);
    let form = token_request_form("a.b.c", &scopes).unwrap();
    assert_eq!(
        form,
        vec![
            ("grant_type", "client_credentials".to_owned()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned()
            ),
            ("client_assertion", "a.b.c".to_owned()),
            (
                "scope",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/score https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly".to_owned()
            ),
        ]
    );
    let err = token_request_form("a.b.c", &ScopeSet::default()).unwrap_err();
    assert_eq!(err.code(), "token_scope_missing");
}

#[test]
fn scope_sets_are_equal_however_listed_and_cover_subsets() {
    let a = ScopeSet::parse(" score  lineitem score");
    let b: ScopeSet = ["lineitem", "score"].into_iter().collect();
    assert_eq!(a, b);
    assert_eq!(a.to_param(), "lineitem score");
    assert_eq!(a.len(), 2);
    assert!(a.covers(&ScopeSet::parse("score")));
    assert!(!ScopeSet::parse("score").covers(&a));
    let mut c = ScopeSet::default();
    c.insert("score lineitem");
    assert_eq!(c, a);
    assert_eq!(serde_json::to_value(&a).unwrap(), json!("lineitem score"));
}

#[test]
fn an_access_token_never_shows_in_debug_output() {
    let token = AccessToken::parse_response(
        200,
        br#"{"access_token":"afb0134b27f76a313b67d4814ea448d8","token_type":"Bearer"}"#,
    )
    .unwrap();
    let debug = format!("{token:?}");
    assert!(!debug.contains("afb0134b"), "{debug}");
    assert!(debug.contains("redacted"));
    assert_eq!(
        token.authorization_header(),
        "Bearer afb0134b27f76a313b67d4814ea448d8"
    );
}

#[test]
fn oauth_errors_are_reported_with_code_and_description_whatever_the_status() {
    let body = br#"{"error":"invalid_client","error_description":"Client authentication failed"}"#;
    for status in [400, 401, 200] {
        let err = AccessToken::parse_response(status, body).unwrap_err();
        assert_eq!(err.code(), "token_refused");
        assert_eq!(err.oauth_error(), Some("invalid_client"));
        assert!(!err.is_temporary());
        assert!(
            err.to_string()
                .ends_with("invalid_client (Client authentication failed)"),
            "{err}"
        );
    }
    let busy = AccessToken::parse_response(503, br#"{"error":"temporarily_unavailable"}"#);
    assert!(busy.unwrap_err().is_temporary());
}

#[test]
fn non_json_error_pages_keep_an_excerpt_and_say_if_retrying_helps() {
    let err = AccessToken::parse_response(502, b"<html>Bad gateway</html>").unwrap_err();
    assert_eq!(err.code(), "token_http_error");
    assert!(err.is_temporary());
    assert!(
        err.to_string().contains("<html>Bad gateway</html>"),
        "{err}"
    );
    let err = AccessToken::parse_response(404, &[b'x'; 1000]).unwrap_err();
    assert!(!err.is_temporary());
    assert!(err.to_string().len() < 400);
    let err = AccessToken::parse_response(500, b"").unwrap_err();
    assert!(err.to_string().contains("(empty body)"));
}

#[test]
fn unusable_success_bodies_are_malformed_without_echoing_the_token() {
    for body in [
        &b"<html>ok</html>"[..],
        br#"["afb0"]"#,
        br#"{"token_type":"Bearer"}"#,
        br#"{"access_token":""}"#,
        br#"{"access_token":"secret-x","expires_in":-5}"#,
        br#"{"access_token":"secret-x","expires_in":"soon"}"#,
        br#"{"access_token":"secret-x","token_type":7}"#,
    ] {
        let err = AccessToken::parse_response(200, body).unwrap_err();
        assert_eq!(err.code(), "token_response_malformed", "{body:?}");
        assert!(!err.to_string().contains("secret-x"));
    }
    let mac = AccessToken::parse_response(200, br#"{"access_token":"t","token_type":"mac"}"#);
    assert_eq!(mac.unwrap_err().code(), "token_type_unsupported");
}

#[test]
fn lenient_success_bodies_still_give_a_token() {
    let token = AccessToken::parse_response(
        201,
        br#"{"access_token":"t","token_type":"bearer","expires_in":"3600"}"#,
    )
    .unwrap();
    assert_eq!(token.expires_in, Some(Duration::from_secs(3600)));
    assert_eq!(token.scope, None);
    let t0 = UNIX_EPOCH + Duration::from_secs(NOW);
    let until = token.use_until(t0, Duration::from_secs(600), Duration::from_secs(60));
    assert_eq!(until, t0 + Duration::from_secs(3540));
    let bare = AccessToken::parse_response(200, br#"{"access_token":"t"}"#).unwrap();
    assert_eq!(bare.token_type, "Bearer");
    assert_eq!(
        bare.use_until(t0, Duration::from_secs(600), Duration::from_secs(60)),
        t0 + Duration::from_secs(540)
    );
}
