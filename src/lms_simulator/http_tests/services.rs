//! Over-HTTP tests of the LTI Advantage services: token endpoint, AGS, NRPS paging and fault
//! injection.

use serde_json::{Value, json};

use super::{Setup, launch, setup, tool_key};
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

pub(super) async fn token(s: &Setup) -> String {
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

pub(super) fn score(user: &str, given: f64, timestamp: &str) -> String {
    json!({"userId": user, "scoreGiven": given, "scoreMaximum": 100, "activityProgress": "Completed",
        "gradingProgress": "FullyGraded", "timestamp": timestamp})
    .to_string()
}

pub(super) async fn post_score(
    s: &Setup,
    token: &str,
    item: &str,
    body: String,
) -> reqwest::Response {
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

    let newer = post_score(
        &s,
        &token,
        &item_url,
        score("4", 95.0, "2026-11-28T11:05:00Z"),
    )
    .await;
    assert_eq!(newer.status(), 200);
    let other = post_score(
        &s,
        &token,
        &item_url,
        score("5", 40.0, "2026-11-28T11:05:00Z"),
    )
    .await;
    assert_eq!(other.status(), 200);
    let only_sam: Value = s
        .http
        .get(with_path_suffix(&item_url, "results"))
        .query(&[("user_id", "4")])
        .bearer_auth(&token)
        .send()
        .await
        .expect("results")
        .json()
        .await
        .expect("json");
    assert_eq!(only_sam.as_array().map(Vec::len), Some(1));
    assert_eq!(only_sam[0]["resultScore"], json!(19));
    let cell = s
        .sim
        .gradebook()
        .into_iter()
        .find(|e| e.user_id == "4")
        .expect("Sam's cell");
    assert_eq!((cell.accepted_scores, cell.result_score), (2, Some(19.0)));
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

#[tokio::test]
async fn service_calls_are_limited_to_the_token_scopes_and_tool() {
    let s = setup().await;
    let score_only = request_token(&s, &assertion(&s, &s.sim.token_url(), "s1"), SCOPE_SCORE).await;
    let body: Value =
        serde_json::from_str(&score_only.text().await.unwrap_or_default()).expect("json");
    let score_token = body["access_token"].as_str().unwrap_or_default().to_owned();
    let items_url = s
        .sim
        .lineitems_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url");
    let listed = s
        .http
        .get(&items_url)
        .bearer_auth(&score_token)
        .send()
        .await
        .expect("list");
    assert_eq!(listed.status(), 403);
    assert!(listed.text().await.unwrap_or_default().contains("scope"));

    let mut other = ToolRegistration::for_tool("http://127.0.0.1:9").expect("urls");
    other.client_id = Some("other-tool".into());
    let other = s.sim.register_tool(other).expect("second tool");
    let foreign_url = items_url.replace("type_id=1", &format!("type_id={}", other.type_id));
    let foreign = s
        .http
        .get(&foreign_url)
        .bearer_auth(token(&s).await)
        .send()
        .await
        .expect("list");
    assert_eq!(
        foreign.status(),
        403,
        "a token of tool 1 cannot read tool 2's line items"
    );
}

#[tokio::test]
async fn a_score_can_land_although_its_answer_is_lost() {
    let s = setup().await;
    let token = token(&s).await;
    let (_, claims) = launch(&s, LaunchSpec::resource_link("4", "1")).await;
    let endpoint = &claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"];
    let item = endpoint["lineitem"].as_str().unwrap_or_default().to_owned();
    s.sim
        .inject_fault(Endpoint::Scores, Fault::StatusAfterServing(502), 1);
    let first = post_score(&s, &token, &item, score("4", 80.0, "2026-11-28T12:00:00Z")).await;
    assert_eq!(first.status(), 502);
    assert_eq!(
        s.sim.scores().len(),
        1,
        "the score landed although the answer was an error"
    );
    let retry = post_score(&s, &token, &item, score("4", 80.0, "2026-11-28T12:00:00Z")).await;
    assert_eq!(
        retry.status(),
        409,
        "the retry with the same timestamp is refused"
    );

    s.sim.inject_fault(
        Endpoint::Scores,
        Fault::DelayAfterServing(std::time::Duration::from_secs(2)),
        1,
    );
    let impatient = reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .expect("client");
    let timed_out = impatient
        .post(with_path_suffix(&item, "scores"))
        .bearer_auth(&token)
        .header("content-type", "application/vnd.ims.lis.v1.score+json")
        .body(score("4", 90.0, "2026-11-28T12:05:00Z"))
        .send()
        .await;
    assert!(timed_out.is_err(), "the client gave up");
    assert_eq!(s.sim.scores().len(), 2, "but the platform stored the score");
}
