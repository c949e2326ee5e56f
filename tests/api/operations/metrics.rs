//! `/metrics`: refused without the token, present after activity, or on its own address.

use super::{pass_m01, wait_for};
use crate::helpers::{Backend, TestApp, http};
use securehospitals::lms_simulator::LaunchSpec;

const TOKEN: &str = "metrics-token-for-the-test-0123";

async fn scrape(url: &str, token: Option<&str>) -> (u16, String) {
    let mut req = http().get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The value of the first sample line naming `metric` with all of `labels`.
fn sample(text: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(metric) && labels.iter().all(|x| l.contains(x)))
        .find_map(|l| l.rsplit(' ').next()?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_token_and_count_launches_requests_and_scores_by_platform() {
    let app = TestApp::build(Backend::Sqlite, |a| {
        a.metrics_token = Some(TOKEN.into());
        a.grade_poll_ms = Some(25);
    })
    .await
    .unwrap();
    let url = app.url("/metrics");
    assert_eq!(scrape(&url, None).await.0, 401);
    let (status, body) = scrape(&url, Some("metrics-token-for-the-test-0124")).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("metrics_token_required"), "{body}");

    pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
    // Made-up methods, to an address that exists and to one that does not: each answers with
    // the tool's error (JSON for an API client), and all share one metrics label.
    for (n, path) in ["/healthz", "/no-such-page"].iter().enumerate() {
        let method = reqwest::Method::from_bytes(format!("XYZZY{n}").as_bytes()).unwrap();
        let r = crate::helpers::http()
            .request(method, app.url(path))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 404 | 405),
            "{path}: {}",
            r.status()
        );
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["correlation_id"].is_string(), "{body}");
    }
    let launcher = app.launcher();
    let first = launcher
        .launch(LaunchSpec::resource_link("5", "rl-1"))
        .await;
    let replay = launcher
        .post_launch(&first.form, first.state_cookie.as_deref())
        .await;
    replay.assert_refused(400, "nonce_replayed");
    wait_for("the score's delivery", async || {
        app.tool
            .state
            .store
            .outbox_status()
            .await
            .unwrap()
            .delivered
            == 1
    })
    .await;

    let (status, text) = scrape(&url, Some(TOKEN)).await;
    assert_eq!(status, 200);
    let platform = format!("platform=\"{}\"", app.registration.id);
    assert_eq!(
        sample(&text, "lti_launches_total", &[&platform, "outcome=\"ok\""]),
        Some(2.0),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("lti_launches_total")
            && l.contains(&platform)
            && l.contains("outcome=\"nonce_replayed\"")),
        "the replayed launch is counted with its reason: {text}"
    );
    assert!(
        sample(
            &text,
            "http_request_duration_seconds_count",
            &["route=\"/lti/launch\""]
        )
        .is_some_and(|n| n >= 2.0),
        "{text}"
    );
    assert!(
        text.contains("route=\"/s/{sid}/"),
        "routes are patterns, no session ids"
    );
    assert!(
        !text.contains("XYZZY"),
        "a label per made-up method: {text}"
    );
    assert!(text.contains("method=\"other\""), "{text}");
    assert!(sample(&text, "grade_scores_delivered_total", &[]).is_some_and(|n| n >= 1.0));
    assert!(text.contains("grade_outbox_pending"), "queue depth: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_listen_serves_metrics_on_its_own_address_only() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::build(Backend::Sqlite, |a| {
        a.metrics_listen = Some(format!("127.0.0.1:{port}").parse().unwrap());
    })
    .await
    .unwrap();
    let (status, _) = scrape(&app.url("/metrics"), None).await;
    assert_eq!(status, 404, "not on the public address without a token");
    let (status, text) = scrape(&format!("http://127.0.0.1:{port}/metrics"), None).await;
    assert_eq!(status, 200);
    assert!(text.contains("http_request_duration_seconds"), "{text}");
    let (status, _) = scrape(&format!("http://127.0.0.1:{port}/healthz"), None).await;
    assert_eq!(status, 404, "nothing else there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_are_counted_by_platform_and_made_up_issuers_add_no_label_values() {
    let app = TestApp::build(Backend::Sqlite, |a| {
        a.metrics_token = Some(TOKEN.into());
    })
    .await
    .unwrap();
    app.launcher()
        .launch(LaunchSpec::resource_link("4", "rl-1"))
        .await;
    let target = app.url("/lti/launch");
    for n in 0..5 {
        let iss = format!("https://evil-{n}.example");
        let r = http()
            .get(app.url("/lti/login"))
            .query(&[
                ("iss", iss.as_str()),
                ("login_hint", "4"),
                ("target_link_uri", target.as_str()),
                ("client_id", &format!("evil-client-{n}")),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
    }
    // The platform's issuer with a client id it does not have: still not a new label.
    let r = http()
        .get(app.url("/lti/login"))
        .query(&[
            ("iss", app.sim.issuer()),
            ("login_hint", "4"),
            ("target_link_uri", target.as_str()),
            ("client_id", "evil-client-x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    let (status, text) = scrape(&app.url("/metrics"), Some(TOKEN)).await;
    assert_eq!(status, 200);
    let platform = format!("platform=\"{}\"", app.registration.id);
    assert_eq!(
        sample(&text, "lti_logins_total", &[&platform, "outcome=\"ok\""]),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(
            &text,
            "lti_logins_total",
            &["platform=\"unknown\"", "outcome=\"unknown_issuer\""]
        )
        .is_some_and(|n| n >= 5.0),
        "{text}"
    );
    assert!(
        sample(
            &text,
            "lti_logins_total",
            &["platform=\"unknown\"", "outcome=\"unknown_client\""]
        )
        .is_some_and(|n| n >= 1.0),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.contains("evil")),
        "caller-chosen values never become labels: {text}"
    );
}
