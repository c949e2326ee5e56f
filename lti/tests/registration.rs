//! Dynamic registration against Moodle 4.3's real exchange (`fixtures/moodle-4.3/dynreg-*`,
//! `platform-openid-configuration.json`) and the ways a platform configuration can be unusable.

use lti::MessageType;
use lti::registration::{
    LtiToolConfiguration, PlatformConfiguration, RegistrationError, RegistrationResponse,
    ToolRegistrationRequest,
};
use serde_json::{Value, json};
use url::Url;

const CONFIG: &str = include_str!("fixtures/moodle-4.3/platform-openid-configuration.json");
const REQUEST: &str = include_str!("fixtures/moodle-4.3/dynreg-registration-request.json");
const RESPONSE: &str = include_str!("fixtures/moodle-4.3/dynreg-registration-response.json");

fn moodle_url() -> Url {
    "http://127.0.0.1:8080/mod/lti/openid-configuration.php"
        .parse()
        .unwrap()
}

fn config_without(field: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(CONFIG).unwrap();
    v.as_object_mut().unwrap().remove(field);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn registration_moodle_configuration_at_its_own_path_is_accepted() {
    let c = PlatformConfiguration::parse(CONFIG.as_bytes(), &moodle_url()).unwrap();
    assert_eq!(c.issuer.as_str(), "http://127.0.0.1:8080");
    assert_eq!(
        c.registration_endpoint.as_str(),
        "http://127.0.0.1:8080/mod/lti/openid-registration.php"
    );
    assert_eq!(c.lti.product_family_code, "moodle");
    assert!(c.supports(MessageType::DeepLinking));
    assert!(!c.supports(MessageType::SubmissionReview));
    let granted = c.grantable_scopes(&[
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://example.org/not-offered",
    ]);
    assert_eq!(
        granted,
        ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]
    );
}

#[test]
fn registration_configuration_from_another_origin_than_its_issuer_is_refused() {
    let elsewhere: Url = "http://attacker.example/mod/lti/openid-configuration.php"
        .parse()
        .unwrap();
    let err = PlatformConfiguration::parse(CONFIG.as_bytes(), &elsewhere).unwrap_err();
    assert!(
        matches!(err, RegistrationError::IssuerMismatch { .. }),
        "{err}"
    );
    let other_port: Url = "http://127.0.0.1:9999/c".parse().unwrap();
    assert!(PlatformConfiguration::parse(CONFIG.as_bytes(), &other_port).is_err());
}

#[test]
fn registration_configuration_missing_an_endpoint_names_it() {
    for field in [
        "registration_endpoint",
        "token_endpoint",
        "jwks_uri",
        "authorization_endpoint",
    ] {
        let err = PlatformConfiguration::parse(&config_without(field), &moodle_url()).unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
}

#[test]
fn registration_configuration_without_the_lti_extension_or_launches_is_refused() {
    let err = PlatformConfiguration::parse(
        &config_without(lti::registration::PLATFORM_CONFIGURATION),
        &moodle_url(),
    )
    .unwrap_err();
    assert!(matches!(err, RegistrationError::NotLti), "{err}");
    let mut v: Value = serde_json::from_str(CONFIG).unwrap();
    v[lti::registration::PLATFORM_CONFIGURATION]["messages_supported"] =
        json!([{"type": "LtiDeepLinkingRequest"}]);
    let err =
        PlatformConfiguration::parse(&serde_json::to_vec(&v).unwrap(), &moodle_url()).unwrap_err();
    assert!(err.to_string().contains("LtiResourceLinkRequest"), "{err}");
    assert!(PlatformConfiguration::parse(b"<html>", &moodle_url()).is_err());
}

#[test]
fn registration_moodle_answer_with_200_gives_client_and_deployment() {
    let captured: Value = serde_json::from_str(RESPONSE).unwrap();
    let body = captured["body"].as_str().unwrap();
    let answer = RegistrationResponse::parse(200, body.as_bytes()).unwrap();
    assert_eq!(answer.client_id.as_str(), "bA3kBQErPSHZuNY");
    assert_eq!(answer.deployment_id.unwrap().as_str(), "1");
    assert_eq!(answer.scopes.len(), 5);
}

#[test]
fn registration_refusal_keeps_status_and_body_for_the_admin() {
    let err = RegistrationResponse::parse(401, b"registration token expired").unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    assert!(err.to_string().contains("token expired"), "{err}");
    assert!(RegistrationResponse::parse(200, b"{}").is_err());
}

#[test]
fn registration_request_has_every_field_moodle_requires_and_reads_like_the_capture() {
    let captured: Value = serde_json::from_str(REQUEST).unwrap();
    let lti_config: LtiToolConfiguration =
        serde_json::from_value(captured[lti::registration::TOOL_CONFIGURATION].clone()).unwrap();
    let ours = ToolRegistrationRequest::new(
        "Tool".into(),
        "http://127.0.0.1:9001/login".into(),
        vec!["http://127.0.0.1:9001/launch".into()],
        "http://127.0.0.1:9001/jwks".into(),
        None,
        &["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
        lti_config.clone(),
    );
    let ours = serde_json::to_value(&ours).unwrap();
    for key in [
        "application_type",
        "response_types",
        "grant_types",
        "token_endpoint_auth_method",
        lti::registration::TOOL_CONFIGURATION,
    ] {
        assert_eq!(ours[key], captured[key], "{key}");
    }
    assert_eq!(ours["redirect_uris"][0], "http://127.0.0.1:9001/launch");
    let back: LtiToolConfiguration =
        serde_json::from_value(ours[lti::registration::TOOL_CONFIGURATION].clone()).unwrap();
    assert_eq!(back, lti_config);
}
