//! Attacks and edge cases beyond the certification guide: algorithm confusion, forged and
//! tampered tokens, audiences, nonces, clocks, targets and message-type specific claims.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use lti::{LaunchError, MessageType};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn alg_none_is_refused_without_fetching_keys() {
    let tool = Tool::new();
    let token = raw_token(
        &json!({"alg": "none", "kid": KID}),
        &claims(INSTRUCTOR),
        b"",
    );
    let (code, message) = tool.refusal(&token).await;
    assert_eq!(code, "alg_not_allowed");
    assert!(message.contains("\"none\""), "{message}");
    assert_eq!(tool.fetches(), 0);
}

#[tokio::test]
async fn hs256_signed_with_the_platforms_public_key_is_refused() {
    let tool = Tool::new();
    let secret = EncodingKey::from_secret(RSA_PUBLIC_PEM).unwrap();
    let token = sign_with(Algorithm::HS256, Some(KID), &secret, &claims(INSTRUCTOR));
    assert_eq!(tool.refusal(&token).await.0, "alg_not_allowed");
    assert_eq!(tool.fetches(), 0);
}

#[tokio::test]
async fn hmac_stays_refused_even_if_configured() {
    let validator = lti::LaunchValidator::new(lti::ValidatorConfig {
        algorithms: vec![Algorithm::HS256, Algorithm::RS256],
        ..Default::default()
    });
    assert_eq!(validator.config().algorithms, [Algorithm::RS256]);
}

#[tokio::test]
async fn a_token_signed_by_an_unpublished_key_is_refused() {
    let tool = Tool::new();
    let rogue = EncodingKey::from_rsa_pem(ROTATED_PEM).unwrap();
    let own_kid = sign_with(Algorithm::RS256, Some("rogue"), &rogue, &claims(INSTRUCTOR));
    assert_eq!(tool.refusal(&own_kid).await.0, "kid_unknown");
    let borrowed_kid = sign_with(Algorithm::RS256, Some(KID), &rogue, &claims(INSTRUCTOR));
    assert_eq!(tool.refusal(&borrowed_kid).await.0, "signature_invalid");
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let tool = Tool::new();
    let token = sign(&claims(LEARNER));
    let promoted = claims(INSTRUCTOR).to_string();
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(promoted);
    let (code, message) = tool.refusal(&parts.join(".")).await;
    assert_eq!(code, "signature_invalid");
    assert!(message.contains("altered"), "{message}");
}

#[tokio::test]
async fn an_rsa_key_cannot_verify_an_es256_token() {
    let tool = Tool::new();
    let ec = EncodingKey::from_ec_pem(EC_PEM).unwrap();
    let token = sign_with(Algorithm::ES256, Some(KID), &ec, &claims(INSTRUCTOR));
    assert_eq!(tool.refusal(&token).await.0, "key_alg_mismatch");
}

#[tokio::test]
async fn es256_and_ps256_tokens_from_published_keys_are_accepted() {
    let tool = Tool::new();
    let ec = EncodingKey::from_ec_pem(EC_PEM).unwrap();
    let es = sign_with(Algorithm::ES256, Some(EC_KID), &ec, &claims(INSTRUCTOR));
    assert_eq!(tool.launch(&es).await.unwrap().key_id().as_str(), EC_KID);
    let tool = Tool::new();
    let mut jwks = tool.platform.jwks.lock().unwrap().clone();
    jwks["keys"][0].as_object_mut().unwrap().remove("alg");
    *tool.platform.jwks.lock().unwrap() = jwks;
    let ps = sign_with(Algorithm::PS256, Some(KID), &rsa_key(), &claims(INSTRUCTOR));
    tool.launch(&ps).await.unwrap();
}

#[tokio::test]
async fn a_wrong_audience_is_refused_and_named() {
    let tool = Tool::new();
    let token = sign(&set(
        claims(INSTRUCTOR),
        "aud",
        json!("moodle-resource-key"),
    ));
    let (code, message) = tool.refusal(&token).await;
    assert_eq!(code, "aud_mismatch");
    assert!(
        message.contains("\"moodle-resource-key\"") && message.contains(CLIENT_ID),
        "{message}"
    );
}

#[tokio::test]
async fn several_audiences_require_azp_naming_the_tool() {
    let tool = Tool::new();
    let aud = json!([CLIENT_ID, "another-client"]);
    let no_azp = sign(&set(claims(INSTRUCTOR), "aud", aud.clone()));
    assert_eq!(tool.refusal(&no_azp).await.0, "azp_missing");
    let foreign = sign(&set(
        set(claims(INSTRUCTOR), "aud", aud.clone()),
        "azp",
        json!("another-client"),
    ));
    assert_eq!(tool.refusal(&foreign).await.0, "azp_mismatch");
    let ours = sign(&set(
        set(claims(INSTRUCTOR), "aud", aud),
        "azp",
        json!(CLIENT_ID),
    ));
    tool.launch(&ours).await.unwrap();
}

#[tokio::test]
async fn a_foreign_azp_is_refused_even_with_a_single_audience() {
    let tool = Tool::new();
    let token = sign(&set(claims(INSTRUCTOR), "azp", json!("another-client")));
    assert_eq!(tool.refusal(&token).await.0, "azp_mismatch");
}

#[tokio::test]
async fn another_issuer_is_refused() {
    let tool = Tool::new();
    let token = sign(&set(
        claims(INSTRUCTOR),
        "iss",
        json!("https://evil.example"),
    ));
    assert_eq!(tool.refusal(&token).await.0, "iss_mismatch");
}

#[tokio::test]
async fn a_nonce_from_another_login_or_none_at_all_is_refused() {
    let tool = Tool::new();
    let other = sign(&set(
        claims(INSTRUCTOR),
        "nonce",
        json!("nonce-from-another-login"),
    ));
    assert_eq!(tool.refusal(&other).await.0, "nonce_mismatch");
    let missing = sign(&without(claims(INSTRUCTOR), "nonce"));
    assert_eq!(tool.refusal(&missing).await.0, "nonce_missing");
}

#[tokio::test]
async fn expiry_is_checked_with_the_leeway() {
    let tool = Tool::new();
    let token = sign(&claims(INSTRUCTOR));
    let expired = tool.launch_at(&token, NOW + 60 + 75).await.unwrap_err();
    assert_eq!(expired.code(), "token_expired");
    assert!(
        expired
            .to_string()
            .contains("expired 75 s ago (leeway 60 s)"),
        "{expired}"
    );
    let within = tool.launch_at(&token, NOW + 60 + 60).await.unwrap();
    assert_eq!(within.expires_at(), (NOW + 60) as i64);
}

#[tokio::test]
async fn tokens_from_the_future_are_refused_beyond_the_leeway() {
    let tool = Tool::new();
    let token = sign(&claims(INSTRUCTOR));
    let err = tool.launch_at(&token, NOW - 61).await.unwrap_err();
    assert!(matches!(err, LaunchError::IssuedInFuture { .. }), "{err}");
    assert!(
        err.to_string().contains("issued 61 s in the future"),
        "{err}"
    );
    tool.launch_at(&token, NOW - 60).await.unwrap();
    let nbf = sign(&set(claims(INSTRUCTOR), "nbf", json!(NOW + 300)));
    assert_eq!(tool.refusal(&nbf).await.0, "nbf_in_future");
}

#[tokio::test]
async fn target_link_uri_must_be_on_the_tools_origin() {
    let tool = Tool::new();
    for (target, code) in [
        ("https://evil.example/lti/launch", "target_link_uri_foreign"),
        ("http://tool.example/lti/launch", "target_link_uri_foreign"),
        (
            "https://tool.example:8443/lti/launch",
            "target_link_uri_foreign",
        ),
        ("/lti/launch", "target_link_uri_invalid"),
    ] {
        let token = sign(&set(
            claims(INSTRUCTOR),
            &lti_key("target_link_uri"),
            json!(target),
        ));
        assert_eq!(tool.refusal(&token).await.0, code, "{target}");
    }
    let missing = sign(&without(claims(INSTRUCTOR), "target_link_uri"));
    assert_eq!(tool.refusal(&missing).await.0, "target_link_uri_missing");
}

#[tokio::test]
async fn an_unknown_message_type_is_refused() {
    let tool = Tool::new();
    let token = sign(&set(
        claims(INSTRUCTOR),
        &lti_key("message_type"),
        json!("LtiStartProctoring"),
    ));
    let (code, message) = tool.refusal(&token).await;
    assert_eq!(code, "message_type_unknown");
    assert!(message.contains("LtiStartProctoring"), "{message}");
}

fn deep_linking() -> serde_json::Value {
    let claims = without(claims(INSTRUCTOR), "resource_link");
    set(
        claims,
        &lti_key("message_type"),
        json!("LtiDeepLinkingRequest"),
    )
}

#[tokio::test]
async fn deep_linking_requires_settings_with_a_return_url() {
    let tool = Tool::new();
    assert_eq!(
        tool.refusal(&sign(&deep_linking())).await.0,
        "deep_linking_settings_missing"
    );
    let key = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    let no_url = set(
        deep_linking(),
        key,
        json!({"accept_types": ["ltiResourceLink"]}),
    );
    assert_eq!(
        tool.refusal(&sign(&no_url)).await.0,
        "deep_linking_settings_missing"
    );
    let settings = json!({"deep_link_return_url": "https://platform.example/dl", "accept_types": ["ltiResourceLink"], "data": "opaque"});
    let launch = tool
        .launch(&sign(&set(deep_linking(), key, settings)))
        .await
        .unwrap();
    assert_eq!(launch.message_type(), MessageType::DeepLinking);
    assert_eq!(
        launch.deep_linking_settings().unwrap().data.as_deref(),
        Some("opaque")
    );
}

#[tokio::test]
async fn submission_review_requires_for_user() {
    let tool = Tool::new();
    let review = set(
        claims(INSTRUCTOR),
        &lti_key("message_type"),
        json!("LtiSubmissionReviewRequest"),
    );
    assert_eq!(tool.refusal(&sign(&review)).await.0, "for_user_missing");
    let with_user = set(
        review,
        &lti_key("for_user"),
        json!({"user_id": "learner-9"}),
    );
    let launch = tool.launch(&sign(&with_user)).await.unwrap();
    assert_eq!(launch.for_user().unwrap().user_id.as_str(), "learner-9");
}

#[tokio::test]
async fn an_empty_sub_is_malformed_not_anonymous() {
    let tool = Tool::new();
    let (code, message) = tool
        .refusal(&sign(&set(claims(INSTRUCTOR), "sub", json!(""))))
        .await;
    assert_eq!(code, "claims_malformed");
    assert!(message.contains("(sub) must not be empty"), "{message}");
}

#[tokio::test]
async fn oversized_tokens_and_critical_headers_are_refused() {
    let tool = Tool::new();
    let huge = set(claims(INSTRUCTOR), "padding", json!("x".repeat(70_000)));
    assert_eq!(tool.refusal(&sign(&huge)).await.0, "jwt_too_large");
    let crit = raw_token(
        &json!({"alg": "RS256", "kid": KID, "crit": ["exp"]}),
        &claims(INSTRUCTOR),
        b"sig",
    );
    assert_eq!(tool.refusal(&crit).await.0, "jwt_malformed");
    assert_eq!(tool.fetches(), 0);
}

#[tokio::test]
async fn accessors_expose_the_launch() {
    let tool = Tool::new();
    let launch = tool.launch(&sign(&claims(INSTRUCTOR))).await.unwrap();
    assert_eq!(launch.issuer().as_str(), ISSUER);
    assert_eq!(launch.deployment_id().as_str(), "deployment-1");
    assert_eq!(launch.nonce().as_str(), NONCE);
    assert_eq!(launch.locale(), Some("de-CH"));
    assert_eq!(
        launch.return_url().unwrap().as_str(),
        "https://platform.example/return"
    );
    assert_eq!(launch.resource_link().unwrap().id.as_str(), "link-1");
    assert_eq!(launch.context().unwrap().id.as_str(), "course-1");
    assert_eq!(launch.target_link_uri().path(), "/lti/launch");
    let presentation = lti_key("launch_presentation");
    let script = set(
        claims(INSTRUCTOR),
        &presentation,
        json!({"return_url": "javascript:alert(1)"}),
    );
    let launch = tool
        .launch(&sign(&set(script, "locale", json!("fr"))))
        .await
        .unwrap();
    assert_eq!(launch.return_url(), None);
    assert_eq!(launch.locale(), Some("fr"));
}
