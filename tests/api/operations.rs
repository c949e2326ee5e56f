//! Operations: health and readiness, `/metrics`, logs free of secrets, backup and restore,
//! retention purge, a learner's export and erasure, and two instances behaving as one tool.

mod data;
mod health;
mod instances;
mod logs;
mod metrics;
mod operator;
mod shutdown;

use crate::courses::player::{Learned, launch};
use crate::helpers::{TEST_KEK, TestApp};
use securehospitals::lms_simulator::LaunchSpec;
use std::process::Command;
use std::time::{Duration, Instant};

/// A learner who launches into M01, picks a role and passes its quiz (which queues a score).
async fn pass_m01<'a>(app: &'a TestApp, spec: LaunchSpec) -> Learned<'a> {
    let learner = launch(app, spec.with_custom("module", "M01")).await;
    learner.choose_role("NU", "modules/M01").await;
    let attempt = learner.start("M01", "quiz").await;
    let answers = learner.right_answers(&attempt).await;
    let done = learner.submit("M01", &attempt, &answers).await;
    assert_eq!(done.status, 303, "{}", done.body);
    learner
}

/// A learner of another platform registration than `app.registration` (the player's helpers
/// read attempts of that one only): submits M01's quiz with no answer given.
async fn fail_m01<'a>(app: &'a TestApp, spec: LaunchSpec) -> Learned<'a> {
    let learner = launch(app, spec.with_custom("module", "M01")).await;
    learner.choose_role("NU", "modules/M01").await;
    let attempt = learner.start("M01", "quiz").await;
    let done = learner
        .submit(
            "M01",
            &attempt,
            &[
                ("attempt".to_owned(), attempt.clone()),
                ("blank".to_owned(), "confirmed".to_owned()),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    learner
}

/// Runs the real binary with the test database and key; returns (success, stdout, stderr).
fn cli(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args(["--database-url", db, "--key-encryption-key", TEST_KEK])
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !done().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
