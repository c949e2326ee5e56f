//! Log lines never carry an id_token, an access token, key material or a session id: a real
//! `securehospitals serve` logs a launch, a quiz and a grade delivery at debug level as JSON
//! into a file, and the file is searched for every secret the run used.

use super::wait_for;
use crate::helpers::serve::{Serve, launch, register};
use crate::helpers::{TEST_KEK, http};
use reqwest::header::LOCATION;
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{LaunchSpec, LmsSimulator, SimulatorConfig};

/// Posts a form inside the session and returns the redirect target.
async fn post(base: &str, path: &str, form: &[(&str, &str)]) -> String {
    let r = http()
        .post(format!("{base}{path}"))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{path}: {:?}", r.text().await);
    r.headers()[LOCATION].to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_of_a_launch_quiz_and_grade_delivery_hold_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("tool.db").display());
    let store = securehospitals::db::open(&db).await.unwrap();
    let log_path = dir.path().join("serve.log");
    let serve = Serve::new(&db)
        .args(&["--grade-poll-ms", "50", "--log-format", "json"])
        .log_to(log_path.clone(), "debug");
    let base = serve.base();
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .unwrap();
    let registered = register(&store, &sim, &base).await;
    let mut tool = serve.spawn();
    tool.ready().await;

    // A launch: login, the platform's auth endpoint, the id_token back to the tool.
    let spec = LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01");
    let sid = launch(&sim, &base, spec).await;

    // A quiz attempt, submitted.
    post(
        &base,
        &format!("/s/{sid}/role"),
        &[("role", "NU"), ("next", "modules/M01")],
    )
    .await;
    let attempt_url = post(
        &base,
        &format!("/s/{sid}/modules/M01/attempts"),
        &[("kind", "quiz")],
    )
    .await;
    let attempt = attempt_url.rsplit('/').next().unwrap().to_owned();
    post(
        &base,
        &attempt_url,
        &[("attempt", attempt.as_str()), ("blank", "confirmed")],
    )
    .await;

    // A score delivered (a token request and an AGS call).
    let activity = sim
        .add_activity(&registered.client_id, "2", "M01", Some(100.0))
        .unwrap();
    let li = sim.url(&format!(
        "/mod/lti/services.php/2/lineitems/{}/lineitem?type_id={}",
        activity.line_item_id.unwrap(),
        registered.type_id
    ));
    let score = QueuedScore::new(registered.id, &li, "4", "M01", 80, "M01: best result");
    store.enqueue_score(&score).await.unwrap();
    wait_for("the score's delivery", async || {
        store.outbox_status().await.unwrap().pending == 0
            && store.outbox_status().await.unwrap().delivered >= 1
    })
    .await;
    tool.terminate();
    assert!(tool.exit().await.success());

    let logs = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        logs.contains("\"request_id\"") && logs.contains("/lti/launch"),
        "JSON lines with request ids: {logs}"
    );
    let id_tokens = sim.issued_id_tokens();
    let access_tokens = sim.issued_access_tokens();
    assert!(!id_tokens.is_empty() && !access_tokens.is_empty());
    for token in &id_tokens {
        for part in token.jwt.split('.') {
            assert!(!logs.contains(part), "an id_token part is in the logs");
        }
    }
    for token in &access_tokens {
        assert!(
            !logs.contains(token.as_str()),
            "an access token is in the logs"
        );
    }
    for key in store.list_keys().await.unwrap() {
        assert!(
            !logs.contains(&key.private_jwe),
            "a private key is in the logs"
        );
    }
    assert!(
        !logs.contains(TEST_KEK),
        "the key-encryption key is in the logs"
    );
    assert!(
        !logs.contains("PRIVATE KEY"),
        "PEM key material is in the logs"
    );
    assert!(
        !logs.contains(&sid),
        "a session id (a credential in the path) is in the logs"
    );
    assert!(
        !logs.contains(&attempt),
        "an attempt id (in the quiz path) is in the logs"
    );
}
