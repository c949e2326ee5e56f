//! Over-HTTP tests of the LTI Advantage services: token endpoint, AGS, NRPS paging, deep linking
//! return, dynamic registration and fault injection.

use serde_json::{Value, json};

use super::{Setup, launch, setup, setup_with, tool_key};
use crate::lms_simulator::state::now;
use crate::lms_simulator::tamper::sign_rs256;
use crate::lms_simulator::*;

fn assertion(s: &Setup, aud: &str, jti: &str) -> String {
    let id = &s.tool.client_id;
    let claims =
        json!({"iss": id, "sub": id, "aud": aud, "iat": now(), "exp": now() + 60, "jti": jti});
    sign_rs256(&claims, tool_key()).expect("assertion signs")
}

async fn request_token(s: &Setup, assertion: &str, scope: &str) -> reqwest::Response {
    let form = [
        ("grant_type", "client_credentials"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
        ("scope", scope),
    ];
    s.http
        .post(s.sim.token_url())
        .form(&form)
        .send()
        .await
        .expect("token request")
}

async fn token(s: &Setup) -> String {
    let response = request_token(
        s,
        &assertion(s, &s.sim.token_url(), &uuid::Uuid::new_v4().to_string()),
        &ALL_SCOPES.join(" "),
    )
    .await;
    let body: Value =
        serde_json::from_str(&response.text().await.unwrap_or_default()).expect("token JSON");
    body["access_token"].as_str().unwrap_or_default().to_owned()
}

fn score(user: &str, given: f64, timestamp: &str) -> String {
    json!({"userId": user, "scoreGiven": given, "scoreMaximum": 100, "activityProgress": "Completed",
        "gradingProgress": "FullyGraded", "timestamp": timestamp})
    .to_string()
}

async fn post_score(s: &Setup, token: &str, item: &str, body: String) -> reqwest::Response {
    s.http
        .post(with_path_suffix(item, "scores"))
        .bearer_auth(token)
        .header("content-type", "application/vnd.ims.lis.v1.score+json")
        .body(body)
        .send()
        .await
        .expect("score POST")
}

#[tokio::test]
async fn token_endpoint_grants_a_valid_assertion_as_json_labelled_html() {
    let s = setup().await;
    let response = request_token(
        &s,
        &assertion(&s, &s.sim.token_url(), "j1"),
        "https://purl.imsglobal.org/spec/lti-ags/scope/score https://example.org/other",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let body: Value =
        serde_json::from_str(&response.text().await.unwrap_or_default()).expect("JSON body");
    assert_eq!(body["scope"], SCOPE_SCORE, "only known scopes are granted");
    assert_eq!(
        (body["token_type"].clone(), body["expires_in"].clone()),
        (json!("Bearer"), json!(3600))
    );
}

#[tokio::test]
async fn token_endpoint_refuses_bad_assertions() {
    let s = setup().await;
    let reused = assertion(&s, &s.sim.token_url(), "same");
    assert_eq!(request_token(&s, &reused, SCOPE_SCORE).await.status(), 200);
    let cases = [
        (reused, "already used"),
        (assertion(&s, "http://elsewhere/token", "j2"), "not valid"),
        ("not-a-jwt".to_owned(), "not a JWT"),
        (
            sign_rs256(
                &json!({"iss": s.tool.client_id, "sub": s.tool.client_id, "aud": s.sim.token_url(),
            "iat": now(), "exp": now() + 60, "jti": "j3"}),
                &PlatformKey::generate().expect("key"),
            )
            .expect("sign"),
            "not in the tool's JWKS",
        ),
    ];
    for (jwt, reason) in cases {
        let response = request_token(&s, &jwt, SCOPE_SCORE).await;
        assert_eq!(response.status(), 400, "{reason}");
        assert!(
            response.text().await.unwrap_or_default().contains(reason),
            "{reason}"
        );
    }
}

#[tokio::test]
async fn ags_line_items_scores_and_results_round_trip() {
    let s = setup().await;
    let token = token(&s).await;
    let items_url = s
        .sim
        .lineitems_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url");
    let created = s.http.post(&items_url).bearer_auth(&token)
        .header("content-type", "application/vnd.ims.lis.v2.lineitem+json")
        .body(json!({"scoreMaximum": 20, "label": "Phishing quiz", "resourceId": "phishing", "tag": "quiz"}).to_string())
        .send().await.expect("create");
    assert_eq!(created.status(), 201);
    let item: Value = created.json().await.expect("item");
    let item_url = item["id"].as_str().unwrap_or_default().to_owned();
    assert!(item_url.ends_with("/lineitem?type_id=1"));
    let listed: Value = s
        .http
        .get(&items_url)
        .query(&[("resource_id", "phishing")])
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("list json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let ok = post_score(
        &s,
        &token,
        &item_url,
        score("4", 87.0, "2026-11-28T11:01:24.705+00:00"),
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert!(
        ok.text().await.unwrap_or_default().is_empty(),
        "Moodle answers an empty body"
    );
    let stale = post_score(
        &s,
        &token,
        &item_url,
        score("4", 50.0, "2026-11-28T11:01:24.705+00:00"),
    )
    .await;
    assert_eq!(stale.status(), 409);
    let teacher = post_score(
        &s,
        &token,
        &item_url,
        score(SEED_INSTRUCTOR, 10.0, "2026-11-28T12:00:00Z"),
    )
    .await;
    assert_eq!(teacher.status(), 400);

    let results: Value = s
        .http
        .get(with_path_suffix(&item_url, "results"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("results")
        .json()
        .await
        .expect("results json");
    assert_eq!(results[0]["userId"], "4");
    assert_eq!(
        results[0]["resultScore"],
        json!(17.4),
        "87/100 on a 20-point line item"
    );
    assert_eq!(s.sim.gradebook().len(), 1);
}

#[tokio::test]
async fn ags_refuses_calls_a_platform_must_refuse() {
    let s = setup().await;
    let token = token(&s).await;
    let items_url = s
        .sim
        .lineitems_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url");
    let no_token = s.http.get(&items_url).send().await.expect("call");
    assert_eq!(no_token.status(), 401);
    let no_type = s
        .http
        .get(items_url.replace("?type_id=1", ""))
        .bearer_auth(&token)
        .send()
        .await
        .expect("call");
    assert_eq!(no_type.status(), 400);
    let (_, claims) = launch(&s, LaunchSpec::resource_link("4", "1")).await;
    let item = claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]["lineitem"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let naive = s
        .http
        .post(format!("{item}/scores"))
        .bearer_auth(&token)
        .header("content-type", "application/vnd.ims.lis.v1.score+json")
        .body(score("4", 1.0, "2026-11-28T12:00:00Z"))
        .send()
        .await
        .expect("call");
    assert!(
        naive.status().is_client_error(),
        "scores appended after the query must fail"
    );
    let wrong_type = s
        .http
        .post(with_path_suffix(&item, "scores"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(score("4", 1.0, "2026-11-28T12:00:00Z"))
        .send()
        .await
        .expect("call");
    assert_eq!(wrong_type.status(), 415);
    s.sim.expire_access_tokens();
    assert_eq!(
        post_score(&s, &token, &item, score("4", 1.0, "2026-11-28T12:00:00Z"))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn nrps_pages_with_link_headers_and_short_role_names() {
    let s = setup_with(SimulatorConfig {
        nrps_page_size: Some(3),
        ..SimulatorConfig::default()
    })
    .await;
    let token = token(&s).await;
    let mut next = s.sim.memberships_url(SEED_COURSE_ID, &s.tool.client_id);
    let mut members = Vec::new();
    while let Some(url) = next.take() {
        let response = s
            .http
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("memberships");
        assert_eq!(response.status(), 200);
        let link = response
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        next = link.and_then(|l| {
            l.strip_prefix('<')
                .and_then(|l| l.split_once('>'))
                .map(|(u, _)| u.to_owned())
        });
        let body: Value = response.json().await.expect("json");
        members.extend(body["members"].as_array().cloned().unwrap_or_default());
    }
    assert_eq!(members.len(), 4);
    assert_eq!(members[0]["roles"], json!(["Instructor"]));
    assert_eq!(s.sim.calls(Endpoint::Memberships), 2);
}

#[tokio::test]
async fn injected_faults_answer_then_recover() {
    let s = setup().await;
    s.sim.inject_fault(Endpoint::Jwks, Fault::Status(503), 2);
    s.sim
        .inject_fault(Endpoint::Token, Fault::StatusRetryAfter(429, 7), 1);
    assert_eq!(
        s.http
            .get(s.sim.jwks_url())
            .send()
            .await
            .expect("jwks")
            .status(),
        503
    );
    assert_eq!(
        s.http
            .get(s.sim.jwks_url())
            .send()
            .await
            .expect("jwks")
            .status(),
        503
    );
    assert_eq!(
        s.http
            .get(s.sim.jwks_url())
            .send()
            .await
            .expect("jwks")
            .status(),
        200
    );
    let limited = request_token(&s, &assertion(&s, &s.sim.token_url(), "f1"), SCOPE_SCORE).await;
    assert_eq!(
        (
            limited.status().as_u16(),
            limited.headers()["retry-after"]
                .to_str()
                .unwrap_or_default()
        ),
        (429, "7")
    );
    s.sim.inject_fault(
        Endpoint::Jwks,
        Fault::Delay(std::time::Duration::from_millis(300)),
        1,
    );
    let started = std::time::Instant::now();
    assert_eq!(
        s.http
            .get(s.sim.jwks_url())
            .send()
            .await
            .expect("jwks")
            .status(),
        200
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(s.sim.jwks_fetches(), 4);
}

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
