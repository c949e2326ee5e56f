//! Grade passback over real HTTP against the LMS simulator, with faults injected: every test
//! ends with the platform holding exactly the right score and the outbox explaining itself.

mod best_score;
mod line_items;
mod processes;
mod review;
mod sync_view;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{Endpoint, Fault};
use std::time::{Duration, Instant};

/// A tool with short retry waits, so fault tests take a second or two.
async fn fast_app(backend: Backend) -> Option<TestApp> {
    TestApp::build(backend, |args| {
        args.grade_retry_base_ms = Some(50);
        args.grade_retry_max_secs = Some(5);
        args.grade_poll_ms = Some(25);
        args.grade_timeout_ms = Some(700);
        args.grade_max_attempts = Some(8);
    })
    .await
}

/// A graded activity in the seeded course; returns its line item URL (with `?type_id=`).
fn line_item(app: &TestApp) -> String {
    let activity = app
        .sim
        .add_activity(&app.client_id, "2", "M01 Phishing", Some(100.0))
        .unwrap();
    let type_id = app.sim.tool(&app.client_id).unwrap().type_id;
    app.sim.url(&format!(
        "/mod/lti/services.php/2/lineitems/{}/lineitem?type_id={type_id}",
        activity.line_item_id.unwrap()
    ))
}

async fn enqueue(app: &TestApp, lineitem: &str, user: &str, percent: i64) -> QueuedScore {
    let score = QueuedScore::new(
        app.registration.id,
        lineitem,
        user,
        "M01",
        percent,
        "M01: best result",
    );
    app.tool.state.store.enqueue_score(&score).await.unwrap();
    score
}

/// Waits until nothing is pending; panics after 15 s.
async fn drained(app: &TestApp) -> securehospitals::grades::OutboxStatus {
    let start = Instant::now();
    loop {
        let status = app.tool.state.store.outbox_status().await.unwrap();
        if status.pending == 0 {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "outbox did not drain: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The gradebook cell of `user`: (result on the line item's scale, accepted scores).
fn cell(app: &TestApp, user: &str) -> Option<(Option<f64>, usize)> {
    app.sim
        .gradebook()
        .into_iter()
        .find(|e| e.user_id == user)
        .map(|e| (e.result_score, e.accepted_scores))
}

async fn run_with(backend: Backend, test: impl AsyncFnOnce(TestApp)) {
    if let Some(app) = fast_app(backend).await {
        test(app).await;
    }
}

macro_rules! grade_test {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                run_with(Backend::Sqlite, $body).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                run_with(Backend::Postgres, $body).await;
            }
        }
    };
}

grade_test!(
    a_score_arrives_after_the_platform_recovers_from_503s,
    async |app: TestApp| {
        let li = line_item(&app);
        app.sim
            .inject_fault(Endpoint::Scores, Fault::Status(503), 3);
        let sent = enqueue(&app, &li, "4", 80).await;
        let status = drained(&app).await;
        assert_eq!(status.delivered, 1);
        assert_eq!(cell(&app, "4"), Some((Some(80.0), 1)));
        assert_eq!(app.sim.calls(Endpoint::Scores), 4);
        let held = &app.sim.scores()[0];
        assert_eq!(held.activity_progress, "Completed");
        assert_eq!(held.grading_progress, "FullyGraded");
        assert_eq!(held.comment.as_deref(), Some("M01: best result"));
        assert_eq!(
            lti::Timestamp::from(held.timestamp).to_string(),
            sent.timestamp
        );
    }
);

grade_test!(retry_after_on_429_is_honoured, async |app: TestApp| {
    let li = line_item(&app);
    app.sim
        .inject_fault(Endpoint::Scores, Fault::StatusRetryAfter(429, 1), 1);
    let start = Instant::now();
    enqueue(&app, &li, "4", 90).await;
    drained(&app).await;
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "retried before Retry-After"
    );
    assert_eq!(cell(&app, "4"), Some((Some(90.0), 1)));
});

grade_test!(an_expired_token_is_refreshed_once, async |app: TestApp| {
    let li = line_item(&app);
    enqueue(&app, &li, "4", 60).await;
    drained(&app).await;
    assert_eq!(app.sim.calls(Endpoint::Token), 1);
    app.sim.expire_access_tokens();
    enqueue(&app, &li, "4", 70).await;
    drained(&app).await;
    assert_eq!(app.sim.calls(Endpoint::Token), 2);
    assert_eq!(cell(&app, "4"), Some((Some(70.0), 2)));
});

grade_test!(
    concurrent_deliveries_share_one_token_and_one_refresh,
    async |app: TestApp| {
        let items = [line_item(&app), line_item(&app)];
        let enqueue_all = async |percent| {
            for li in &items {
                for user in ["4", "5", "6"] {
                    enqueue(&app, li, user, percent).await;
                }
            }
        };
        enqueue_all(40).await;
        drained(&app).await;
        assert_eq!(
            app.sim.calls(Endpoint::Token),
            1,
            "six deliveries, one token"
        );
        app.sim.expire_access_tokens();
        enqueue_all(50).await;
        let status = drained(&app).await;
        assert_eq!(status.delivered, 12);
        assert_eq!(
            app.sim.calls(Endpoint::Token),
            2,
            "one refresh for all of them"
        );
    }
);

grade_test!(
    a_slow_platform_times_out_and_the_retry_delivers,
    async |app: TestApp| {
        let li = line_item(&app);
        app.sim
            .inject_fault(Endpoint::Scores, Fault::Delay(Duration::from_secs(2)), 1);
        enqueue(&app, &li, "4", 75).await;
        drained(&app).await;
        assert_eq!(cell(&app, "4"), Some((Some(75.0), 1)));
    }
);

grade_test!(
    a_lost_answer_ends_with_exactly_one_score,
    async |app: TestApp| {
        let li = line_item(&app);
        app.sim
            .inject_fault(Endpoint::Scores, Fault::StatusAfterServing(502), 1);
        enqueue(&app, &li, "4", 85).await;
        let status = drained(&app).await;
        assert_eq!((status.delivered, status.dead), (1, 0));
        assert_eq!(cell(&app, "4"), Some((Some(85.0), 1)));
        assert!(
            app.sim.calls(Endpoint::Results) >= 1,
            "the result was read back"
        );
    }
);

grade_test!(
    a_teacher_score_becomes_a_dead_letter_with_the_answer,
    async |app: TestApp| {
        let li = line_item(&app);
        enqueue(&app, &li, "3", 100).await;
        let status = drained(&app).await;
        assert_eq!(status.dead, 1);
        assert_eq!(
            app.sim.calls(Endpoint::Scores),
            1,
            "a permanent refusal is not retried"
        );
        let dead = &status.dead_letters[0];
        assert_eq!(dead.status, Some(400));
        assert!(!dead.answer.is_empty());
        assert_eq!(status.failures[0].dead, 1);
        assert_eq!(cell(&app, "3"), None);
    }
);

on_both_backends!(
    async fn a_newer_value_supersedes_a_pending_one(app) {
        let li = line_item(&app);
        let first = QueuedScore::new(app.registration.id, &li, "4", "M01", 50, "c");
        let second = QueuedScore::new(app.registration.id, &li, "4", "M01", 90, "c");
        app.tool.state.store.enqueue_score(&first).await.unwrap();
        app.tool.state.store.enqueue_score(&second).await.unwrap();
        let start = Instant::now();
        while cell(&app, "4").and_then(|c| c.0) != Some(90.0) {
            assert!(start.elapsed() < Duration::from_secs(10), "{:?}", app.sim.gradebook());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
);
