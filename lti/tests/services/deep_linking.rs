//! Answering Moodle's real deep linking request: its settings are honoured, and our response
//! has the claims and content item shape of the response Moodle accepted.

use std::time::{Duration, UNIX_EPOCH};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use lti::deep_linking::{LinkItem, claim};
use lti::{
    ClientId, ContentItem, DeepLinkingError, DeepLinkingRequest, DeepLinkingResponse,
    DeepLinkingResponseClaims, Expectations, Issuer, KeyId, LaunchValidator, LineItemRequest,
    LtiResourceLink, ResponseMessages, ValidatedLaunch, ValidatorConfig,
};
use serde_json::Value;
use url::Url;

use crate::support::same_json;

const DEEP_LINKING_JWT: &str = include_str!("../fixtures/moodle-4.3/id_token-deep-linking.jwt");
const LEARNER_JWT: &str = include_str!("../fixtures/moodle-4.3/id_token-learner.jwt");
const DEEP_LINKING_DECODED: &str =
    include_str!("../fixtures/moodle-4.3/id_token-deep-linking.decoded.json");
const LEARNER_DECODED: &str = include_str!("../fixtures/moodle-4.3/id_token-learner.decoded.json");
const ACCEPTED: &str =
    include_str!("../fixtures/moodle-4.3/deep-linking-response-accepted.decoded.json");
const JWKS: &str = include_str!("../fixtures/moodle-4.3/platform-jwks.json");
const TOOL_KEY: &[u8] = include_bytes!("../fixtures/keys/platform-rsa.pem");
const TOOL_PUBLIC_KEY: &[u8] = include_bytes!("../fixtures/keys/platform-rsa.pub.pem");
const CLIENT_ID: &str = "bA3kBQErPSHZuNY";

/// Validates a captured Moodle token with Moodle's key, at its issue time.
fn launch(jwt: &str, decoded: &str) -> ValidatedLaunch {
    let claims: Value = serde_json::from_str::<Value>(decoded).unwrap()["claims"].clone();
    let jwks: JwkSet = serde_json::from_str(JWKS).unwrap();
    let key = DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
    let issuer = Issuer::parse("http://127.0.0.1:8080").unwrap();
    let client_id = ClientId::parse(CLIENT_ID).unwrap();
    let expected = Expectations {
        issuer: &issuer,
        client_id: &client_id,
        nonce: claims["nonce"].as_str().unwrap(),
        tool_origin: Url::parse("http://127.0.0.1:9001").unwrap().origin(),
        now: UNIX_EPOCH + Duration::from_secs(claims["iat"].as_u64().unwrap() + 1),
    };
    LaunchValidator::new(ValidatorConfig::default())
        .validate_with_key(jwt.trim(), &key, &expected)
        .unwrap()
}

fn accepted() -> Value {
    serde_json::from_str(ACCEPTED).unwrap()
}

/// The item Moodle accepted, built with our types.
fn quiz1() -> ContentItem {
    LtiResourceLink::new("Deep-linked quiz #1")
        .with_url(Url::parse("http://127.0.0.1:9001/launch?item=quiz1").unwrap())
        .with_text("created by deep linking")
        .with_custom("item_id", "quiz1")
        .with_line_item(
            LineItemRequest::new("Quiz 1 (DL)", 50.0)
                .with_resource_id("quiz1")
                .with_tag("quiz"),
        )
        .into()
}

fn respond(
    launch: &ValidatedLaunch,
    items: Vec<ContentItem>,
) -> Result<DeepLinkingResponse, DeepLinkingError> {
    let client_id = ClientId::parse(CLIENT_ID).unwrap();
    let request = DeepLinkingRequest::from_launch(launch, &client_id)?;
    let now = UNIX_EPOCH + Duration::from_secs(accepted()["iat"].as_u64().unwrap());
    DeepLinkingResponse::new(&request, items, ResponseMessages::default(), now)
}

#[test]
fn our_response_to_moodles_request_has_the_claims_moodle_accepted() {
    let launch = launch(DEEP_LINKING_JWT, DEEP_LINKING_DECODED);
    let response = respond(&launch, vec![quiz1()]).unwrap();
    let ours = serde_json::to_value(response.claims()).unwrap();
    let theirs = accepted();
    let keys = |v: &Value| {
        let mut k = v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        k.sort();
        k
    };
    assert_eq!(keys(&ours), keys(&theirs), "same claim names");
    for name in ["iss", "iat", claim::CONTENT_ITEMS] {
        same_json(&ours[name], &theirs[name]);
    }
    for name in [
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
        "https://purl.imsglobal.org/spec/lti/claim/message_type",
        "https://purl.imsglobal.org/spec/lti/claim/version",
    ] {
        assert_eq!(ours[name], theirs[name], "{name}");
    }
    // Moodle accepted `aud` as a one-element array; the spec's example, and we, send the string.
    assert_eq!(theirs["aud"][0], ours["aud"]);
    assert_eq!(response.claims().exp - response.claims().iat, 300);
    assert_eq!(
        response.return_url().as_str(),
        "http://127.0.0.1:8080/mod/lti/contentitem_return.php?course=2&id=1&sesskey=IaT9EVFdoR"
    );
}

#[test]
fn moodles_settings_allow_several_resource_links_and_no_plain_links() {
    let launch = launch(DEEP_LINKING_JWT, DEEP_LINKING_DECODED);
    let several = respond(&launch, vec![quiz1(), quiz1(), quiz1()]).unwrap();
    assert_eq!(several.claims().content_items.len(), 3);
    let link = LinkItem::new(Url::parse("https://tool.example/hub").unwrap(), "Hub");
    let err = respond(&launch, vec![quiz1(), link.into()]).unwrap_err();
    assert_eq!(err.code(), "content_type_not_accepted");
    assert_eq!(
        several.claims().data,
        None,
        "Moodle sent no data, none is echoed"
    );
}

#[test]
fn a_resource_link_launch_cannot_be_answered_with_deep_linking() {
    let launch = launch(LEARNER_JWT, LEARNER_DECODED);
    let err = respond(&launch, vec![quiz1()]).unwrap_err();
    assert_eq!(err.code(), "not_deep_linking_request");
    assert!(err.to_string().contains("LtiResourceLinkRequest"), "{err}");
}

#[test]
fn the_signed_response_verifies_as_moodle_would_check_it() {
    let launch = launch(DEEP_LINKING_JWT, DEEP_LINKING_DECODED);
    let response = respond(&launch, vec![quiz1()]).unwrap();
    let kid = KeyId::parse("tool-key-1").unwrap();
    let signed = response
        .sign(&EncodingKey::from_rsa_pem(TOOL_KEY).unwrap(), &kid)
        .unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[CLIENT_ID]);
    validation.set_audience(&["http://127.0.0.1:8080"]);
    validation.validate_exp = false;
    let verified = jsonwebtoken::decode::<DeepLinkingResponseClaims>(
        signed.jwt(),
        &DecodingKey::from_rsa_pem(TOOL_PUBLIC_KEY).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(&verified.claims, response.claims());
    assert_eq!(
        jsonwebtoken::decode_header(signed.jwt())
            .unwrap()
            .kid
            .as_deref(),
        Some("tool-key-1")
    );
    let [(field, value)] = signed.auto_submit_form_fields();
    assert_eq!((field, value), ("JWT", signed.jwt()));
}
