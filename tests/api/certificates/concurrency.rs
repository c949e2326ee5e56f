//! The last two modules of a path passed in two simultaneous requests: on PostgreSQL (read
//! committed) neither completing transaction sees the other's pass, yet the path must be
//! recorded complete and exactly one certificate issued, every time.

use super::*;
use crate::on_both_backends;

/// Passes every module of the path but the last two, then submits passing attempts of those
/// two at the same moment.
async fn pass_last_two_at_once(app: &TestApp, user: &str) -> Vec<Certificate> {
    let learner = launch(app, LaunchSpec::resource_link(user, "rl-cert")).await;
    learner.choose_role("AD", "courses").await;
    let modules = learner.catalogue().path(PATH).unwrap().modules.clone();
    let (rest, last_two) = modules.split_at(modules.len() - 2);
    for module in rest {
        pass(&learner, module).await;
    }
    let (ma, mb) = (&last_two[0], &last_two[1]);
    let a = learner.start(ma, "quiz").await;
    let b = learner.start(mb, "quiz").await;
    let (fa, fb) = (
        learner.right_answers(&a).await,
        learner.right_answers(&b).await,
    );
    let (ra, rb) = tokio::join!(learner.submit(ma, &a, &fa), learner.submit(mb, &b, &fb));
    assert_eq!(
        (ra.status, rb.status),
        (303, 303),
        "{} {}",
        ra.body,
        rb.body
    );
    let completed = app
        .tool
        .state
        .store
        .completed_paths(&learner.learner())
        .await
        .unwrap();
    let progress = app
        .tool
        .state
        .store
        .module_progress(&learner.learner())
        .await
        .unwrap();
    assert!(
        completed.iter().any(|p| p == PATH),
        "learner {user}: the path is recorded complete after {progress:?}"
    );
    certificates(&learner).await
}

on_both_backends! {
    async fn passing_the_last_two_modules_at_once_issues_exactly_one_certificate(app) {
        for round in 0..3 {
            // One seeded learner per round: a certificate holder cannot complete the path again.
            let user = ["4", "5", "6"][round];
            let certs = pass_last_two_at_once(&app, user).await;
            assert_eq!(certs.len(), 1, "round {round}: exactly one certificate, got {}", certs.len());
            assert_eq!(certs[0].path_id, PATH);
            assert!(certs[0].credential_jwt.is_some(), "round {round}: the certificate is signed");
        }
    }
}
