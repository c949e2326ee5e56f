//! The request's settings enforced on responses, claims per the spec, and the signature.

use std::time::{Duration, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use serde_json::{Value, json};
use url::Url;

use super::*;
use crate::timestamp::Timestamp;
use crate::types::KeyId;

const KEY: &[u8] = include_bytes!("../../tests/fixtures/keys/platform-rsa.pem");
const PUBLIC_KEY: &[u8] = include_bytes!("../../tests/fixtures/keys/platform-rsa.pub.pem");
const NOW: u64 = 1_795_863_683;

struct Parties {
    settings: DeepLinkingSettings,
    client_id: ClientId,
    issuer: Issuer,
    deployment: DeploymentId,
}

impl Parties {
    fn new(settings: Value) -> Self {
        Self {
            settings: serde_json::from_value(settings).unwrap(),
            client_id: ClientId::parse("bA3kBQErPSHZuNY").unwrap(),
            issuer: Issuer::parse("http://127.0.0.1:8080").unwrap(),
            deployment: DeploymentId::parse("1").unwrap(),
        }
    }

    fn request(&self) -> DeepLinkingRequest<'_> {
        DeepLinkingRequest::new(
            &self.settings,
            &self.client_id,
            &self.issuer,
            &self.deployment,
        )
    }

    fn respond(&self, items: Vec<ContentItem>) -> Result<DeepLinkingResponse, DeepLinkingError> {
        DeepLinkingResponse::new(&self.request(), items, ResponseMessages::default(), now())
    }
}

fn now() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

fn settings(extra: Value) -> Value {
    let mut base = json!({
        "deep_link_return_url": "http://127.0.0.1:8080/mod/lti/contentitem_return.php?course=2&id=1&sesskey=IaT9EVFdoR",
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["frame", "iframe", "window"],
        "accept_multiple": true,
    });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn quiz(n: u32) -> ContentItem {
    LtiResourceLink::new(format!("Quiz {n}"))
        .with_url(Url::parse(&format!("https://tool.example/lti/launch?item=quiz{n}")).unwrap())
        .with_custom("item_id", format!("quiz{n}"))
        .with_line_item(
            LineItemRequest::new(format!("Quiz {n}"), 50.0)
                .with_resource_id(format!("quiz{n}"))
                .with_tag("quiz"),
        )
        .with_iframe(IframeOptions::sized(800, 600))
        .with_window(WindowOptions::named("securehospitals"))
        .into()
}

fn resource_link(item: &ContentItem) -> &LtiResourceLink {
    match item {
        ContentItem::LtiResourceLink(link) => link,
        other => panic!("not a resource link: {other:?}"),
    }
}

#[test]
fn the_claims_have_the_parties_times_and_constants_of_the_spec() {
    let p = Parties::new(settings(json!({"data": "opaque-🙂-{\"a\":1}"})));
    let response = p.respond(vec![quiz(1)]).unwrap();
    let c = response.claims();
    assert_eq!(c.iss.as_str(), "bA3kBQErPSHZuNY");
    assert_eq!(c.aud.as_str(), "http://127.0.0.1:8080");
    assert_eq!((c.iat, c.exp), (NOW, NOW + 300));
    assert_eq!(c.deployment_id.as_str(), "1");
    assert_eq!(c.message_type, "LtiDeepLinkingResponse");
    assert_eq!(c.version, "1.3.0");
    assert_eq!(c.data.as_deref(), Some("opaque-🙂-{\"a\":1}"));
    assert_eq!(c.nonce.as_str().len(), 43);
    assert_ne!(c.nonce, p.respond(vec![quiz(1)]).unwrap().claims().nonce);
    assert_eq!(
        response.return_url().as_str(),
        "http://127.0.0.1:8080/mod/lti/contentitem_return.php?course=2&id=1&sesskey=IaT9EVFdoR"
    );
    let shorter = response.with_lifetime(Duration::from_secs(60));
    assert_eq!(shorter.claims().exp, NOW + 60);
}

#[test]
fn a_type_the_platform_does_not_accept_is_refused() {
    let p = Parties::new(settings(json!({"accept_types": ["link"]})));
    let err = p.respond(vec![quiz(1)]).unwrap_err();
    assert_eq!(err.code(), "content_type_not_accepted");
    assert_eq!(
        err.to_string(),
        "content item 0 is a ltiResourceLink, which the platform does not accept here (it accepts: link)"
    );
    let link = LinkItem::new(
        Url::parse("https://tool.example/hub/phishing").unwrap(),
        "Hub",
    );
    assert!(p.respond(vec![link.into()]).is_ok());
    let nothing = Parties::new(settings(json!({"accept_types": []})));
    let err = nothing
        .respond(vec![HtmlItem::new("<p>x</p>").into()])
        .unwrap_err();
    assert!(err.to_string().ends_with("(it accepts: nothing)"), "{err}");
}

#[test]
fn several_items_need_accept_multiple() {
    for multiple in [json!(false), Value::Null] {
        let p = Parties::new(settings(json!({"accept_multiple": multiple})));
        let err = p.respond(vec![quiz(1), quiz(2)]).unwrap_err();
        assert_eq!(err.code(), "multiple_not_accepted");
        assert!(p.respond(vec![quiz(1)]).is_ok());
    }
    let p = Parties::new(settings(json!({})));
    let response = p.respond(vec![quiz(1), quiz(2), quiz(3)]).unwrap();
    assert_eq!(response.claims().content_items.len(), 3);
}

#[test]
fn line_items_are_dropped_only_when_accept_lineitem_is_false() {
    let refuses = Parties::new(settings(json!({"accept_lineitem": false})));
    let response = refuses.respond(vec![quiz(1)]).unwrap();
    let link = resource_link(&response.claims().content_items[0]);
    assert_eq!(link.line_item, None);
    assert_eq!(link.custom["item_id"], "quiz1", "custom parameters stay");
    for setting in [json!(true), Value::Null] {
        let p = Parties::new(settings(json!({"accept_lineitem": setting})));
        let response = p.respond(vec![quiz(1)]).unwrap();
        let line_item = resource_link(&response.claims().content_items[0])
            .line_item
            .as_ref();
        assert_eq!(line_item.unwrap().score_maximum, 50.0);
    }
}

#[test]
fn presentations_the_platform_does_not_list_are_dropped() {
    let canvas = Parties::new(settings(
        json!({"accept_presentation_document_targets": ["iframe"]}),
    ));
    let response = canvas.respond(vec![quiz(1)]).unwrap();
    let link = resource_link(&response.claims().content_items[0]);
    assert_eq!(link.iframe, Some(IframeOptions::sized(800, 600)));
    assert_eq!(link.window, None);
    let window_only = Parties::new(settings(
        json!({"accept_presentation_document_targets": ["window"]}),
    ));
    let response = window_only.respond(vec![quiz(1)]).unwrap();
    let link = resource_link(&response.claims().content_items[0]);
    assert_eq!(
        (link.iframe.is_some(), link.window.is_some()),
        (false, true)
    );
}

#[test]
fn the_preferred_presentation_is_the_first_the_platform_accepts() {
    let canvas = Parties::new(settings(
        json!({"accept_presentation_document_targets": ["iframe"]}),
    ));
    let request = canvas.request();
    assert_eq!(
        request.preferred_target(&["window", "iframe"]),
        Some("iframe")
    );
    assert_eq!(request.preferred_target(&["window"]), None);
    let moodle = Parties::new(settings(json!({})));
    assert_eq!(
        moodle.request().preferred_target(&["window", "iframe"]),
        Some("window")
    );
}

#[test]
fn invalid_items_are_refused_with_their_position() {
    let p = Parties::new(settings(
        json!({"accept_types": ["ltiResourceLink", "html"]}),
    ));
    let zero_max = LtiResourceLink::new("Q").with_line_item(LineItemRequest::new("Q", 0.0));
    let t = |s| Timestamp::from_system_time(UNIX_EPOCH + Duration::from_secs(s));
    let backwards =
        LtiResourceLink::new("Q").with_submission(TimeWindow::new(Some(t(2_000)), Some(t(1_000))));
    let script = LtiResourceLink::new("Q").with_url(Url::parse("javascript:alert(1)").unwrap());
    let cases: Vec<(ContentItem, &str)> = vec![
        (zero_max.into(), "scoreMaximum is 0"),
        (backwards.into(), "submission starts at"),
        (script.into(), "not an http(s) URL"),
        (HtmlItem::new("  ").into(), "html fragment is empty"),
    ];
    for (item, reason) in cases {
        let err = p.respond(vec![quiz(1), item]).unwrap_err();
        assert_eq!(err.code(), "content_item_invalid");
        assert!(
            err.to_string().starts_with("content item 1 is invalid"),
            "{err}"
        );
        assert!(err.to_string().contains(reason), "{err}");
    }
}

#[test]
fn cancelling_sends_no_items_a_message_and_the_data_back() {
    let p = Parties::new(settings(
        json!({"accept_multiple": false, "data": "csrf-123"}),
    ));
    let response =
        DeepLinkingResponse::cancel(&p.request(), Some("Nothing selected".into()), now());
    let json = serde_json::to_value(response.claims()).unwrap();
    assert_eq!(json[claim::CONTENT_ITEMS], json!([]));
    assert_eq!(json[claim::MSG], "Nothing selected");
    assert_eq!(json[claim::DATA], "csrf-123");
    assert!(json.get(claim::ERRORMSG).is_none() && json.get(claim::LOG).is_none());
}

#[test]
fn messages_go_to_their_claims() {
    let p = Parties::new(settings(json!({})));
    let messages = ResponseMessages::msg("2 modules added")
        .with_log("picked m01,m02")
        .with_errormsg("m03 has no German version")
        .with_errorlog("m03 de missing");
    let response = DeepLinkingResponse::new(&p.request(), vec![quiz(1)], messages, now()).unwrap();
    let json = serde_json::to_value(response.claims()).unwrap();
    assert_eq!(json[claim::MSG], "2 modules added");
    assert_eq!(json[claim::LOG], "picked m01,m02");
    assert_eq!(json[claim::ERRORMSG], "m03 has no German version");
    assert_eq!(json[claim::ERRORLOG], "m03 de missing");
    assert!(
        json.get(claim::DATA).is_none(),
        "no data in the request, none echoed"
    );
}

#[test]
fn the_signed_response_verifies_with_the_tool_public_key_and_posts_as_jwt() {
    let p = Parties::new(settings(json!({"data": "d"})));
    let response = p.respond(vec![quiz(1)]).unwrap();
    let kid = KeyId::parse("tool-2026").unwrap();
    let signed = response
        .sign(&EncodingKey::from_rsa_pem(KEY).unwrap(), &kid)
        .unwrap();
    let header = jsonwebtoken::decode_header(signed.jwt()).unwrap();
    assert_eq!(
        (header.alg, header.kid.as_deref()),
        (Algorithm::RS256, Some("tool-2026"))
    );
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&["http://127.0.0.1:8080"]);
    validation.set_issuer(&["bA3kBQErPSHZuNY"]);
    validation.validate_exp = false;
    let decoded = jsonwebtoken::decode::<DeepLinkingResponseClaims>(
        signed.jwt(),
        &DecodingKey::from_rsa_pem(PUBLIC_KEY).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(&decoded.claims, response.claims());
    assert_eq!(signed.auto_submit_form_fields(), [("JWT", signed.jwt())]);
    assert_eq!(signed.return_url(), response.return_url());
}
