//! Over-HTTP tests of deep linking (the return endpoint verifying the tool's response) and of
//! dynamic registration.

use serde_json::{Value, json};

use super::{Setup, launch, setup, tool_key};
use crate::lms_simulator::state::now;
use crate::lms_simulator::tamper::sign_rs256;
use crate::lms_simulator::*;

fn deep_link_response(s: &Setup, claims: &serde_json::Map<String, Value>, items: Value) -> String {
    let body = json!({
        "iss": s.tool.client_id, "aud": s.sim.issuer(), "iat": now(), "exp": now() + 300, "nonce": "dl-nonce",
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingResponse",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"],
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": items,
    });
    sign_rs256(&body, tool_key()).expect("sign")
}

#[tokio::test]
async fn deep_linking_response_is_verified_and_places_graded_activities() {
    let s = setup().await;
    let (_, claims) = launch(&s, LaunchSpec::deep_linking(SEED_INSTRUCTOR)).await;
    let return_url = claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]["deep_link_return_url"]
        .as_str().unwrap_or_default().to_owned();
    let items = json!([{"type": "ltiResourceLink", "title": "Phishing", "custom": {"module": "phishing"},
        "lineItem": {"scoreMaximum": 50, "label": "Phishing", "resourceId": "phishing", "tag": "quiz"}}]);
    let forged = sign_rs256(
        &json!({"iss": s.tool.client_id}),
        &PlatformKey::generate().expect("key"),
    )
    .expect("sign");
    let refused = s
        .http
        .post(&return_url)
        .form(&[("JWT", forged)])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 400);
    let jwt = deep_link_response(&s, &claims, items);
    let accepted = s
        .http
        .post(&return_url)
        .form(&[("JWT", jwt.clone())])
        .send()
        .await
        .expect("post");
    assert_eq!(accepted.status(), 200);
    let page = accepted.text().await.unwrap_or_default();
    assert!(
        page.contains("1 content item(s) received") && page.contains("/course/view.php?id=2"),
        "{page}"
    );
    let result = s.sim.deep_link_results().pop().expect("stored");
    assert_eq!(result.activities.len(), 1);
    let item = s
        .sim
        .line_items()
        .into_iter()
        .find(|i| i.resource_id == "phishing")
        .expect("line item");
    assert_eq!((item.score_maximum, item.tag.as_str()), (50.0, "quiz"));
    let replay = s
        .http
        .post(&return_url)
        .form(&[("JWT", jwt)])
        .send()
        .await
        .expect("post");
    assert_eq!(replay.status(), 400, "one response per request");
    let spec = LaunchSpec::resource_link("4", &result.activities[0].resource_link_id);
    let (_, launch_claims) = launch(&s, spec).await;
    assert_eq!(
        launch_claims["https://purl.imsglobal.org/spec/lti/claim/custom"]["module"],
        "phishing"
    );
}

#[tokio::test]
async fn dynamic_registration_creates_a_pending_tool() {
    let s = setup().await;
    let start = s.sim.start_registration().expect("start");
    let config: Value = s
        .http
        .get(&start.openid_configuration)
        .send()
        .await
        .expect("config")
        .json()
        .await
        .expect("json");
    let endpoint = config["registration_endpoint"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let request = json!({
        "application_type": "web", "client_name": "SecureHospitals", "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"], "token_endpoint_auth_method": "private_key_jwt",
        "initiate_login_uri": "http://127.0.0.1:9001/lti/login", "jwks_uri": "http://127.0.0.1:9001/jwks",
        "redirect_uris": ["http://127.0.0.1:9001/lti/launch"], "scope": SCOPE_SCORE,
        "https://purl.imsglobal.org/spec/lti-tool-configuration": {
            "domain": "127.0.0.1:9001", "target_link_uri": "http://127.0.0.1:9001/lti/launch", "claims": ["iss", "sub"]}
    });
    let answer = s
        .http
        .post(&endpoint)
        .bearer_auth(&start.registration_token)
        .json(&request)
        .send()
        .await
        .expect("register");
    assert_eq!(answer.status(), 200, "Moodle answers 200, not 201");
    let body: Value = answer.json().await.expect("json");
    let client_id = body["client_id"].as_str().unwrap_or_default().to_owned();
    assert!(
        !s.sim.tool(&client_id).expect("registered").active,
        "pending until an admin activates it"
    );
    assert!(
        s.sim
            .login_initiation(LaunchSpec::resource_link("4", "1").with_client(&client_id))
            .is_err()
    );
    let again = s
        .http
        .post(&endpoint)
        .bearer_auth(&start.registration_token)
        .json(&request)
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), 401);
    s.sim.activate_tool(&client_id).expect("activate");
    assert!(
        s.sim
            .login_initiation(LaunchSpec::resource_link("4", "1").with_client(&client_id))
            .is_ok()
    );
}

#[tokio::test]
async fn line_items_are_ignored_when_the_request_did_not_accept_them() {
    let s = setup().await;
    let options = DeepLinkingOptions {
        accept_lineitem: Some(false),
        ..DeepLinkingOptions::default()
    };
    let (_, claims) = launch(
        &s,
        LaunchSpec::deep_linking(SEED_INSTRUCTOR).with_deep_linking_options(options),
    )
    .await;
    let return_url = claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]["deep_link_return_url"]
        .as_str().unwrap_or_default().to_owned();
    let items =
        json!([{"type": "ltiResourceLink", "title": "Ungraded", "lineItem": {"scoreMaximum": 5}}]);
    let posted = s
        .http
        .post(&return_url)
        .form(&[("JWT", deep_link_response(&s, &claims, items))])
        .send()
        .await;
    assert_eq!(posted.expect("post").status(), 200);
    let result = s.sim.deep_link_results().pop().expect("stored");
    assert_eq!(result.activities.len(), 1);
    assert_eq!(result.activities[0].line_item_id, None);
    assert!(s.sim.line_items().is_empty());
}
