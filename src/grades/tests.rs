//! Unit tests of the delivery rules: backoff, Retry-After and the meaning of each status.

use super::*;

fn policy() -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_secs(1),
        max: Duration::from_secs(60),
        max_attempts: 10,
    }
}

#[test]
fn backoff_doubles_and_stays_under_the_cap() {
    let p = policy();
    assert_eq!(p.delay(1, None, 1.0), Duration::from_secs(1));
    assert_eq!(p.delay(3, None, 1.0), Duration::from_secs(4));
    assert_eq!(p.delay(3, None, 0.0), Duration::from_secs(2));
    assert_eq!(p.delay(40, None, 1.0), Duration::from_secs(60));
}

#[test]
fn retry_after_is_honoured_but_capped() {
    let p = policy();
    assert_eq!(
        p.delay(1, Some(Duration::from_secs(7)), 0.3),
        Duration::from_secs(7)
    );
    assert_eq!(
        p.delay(1, Some(Duration::from_secs(600)), 0.3),
        Duration::from_secs(60)
    );
}

#[test]
fn statuses_map_to_what_the_worker_does() {
    assert_eq!(classify(200, false), Verdict::Delivered);
    assert_eq!(classify(204, true), Verdict::Delivered);
    assert_eq!(classify(503, false), Verdict::Temporary);
    assert_eq!(classify(429, false), Verdict::Temporary);
    assert_eq!(classify(409, false), Verdict::CheckResult);
    assert_eq!(classify(400, true), Verdict::CheckResult);
    assert_eq!(classify(400, false), Verdict::Permanent);
    assert_eq!(classify(403, true), Verdict::Permanent);
}

#[test]
fn a_launch_without_the_score_scope_queues_nothing() {
    let reg = RegistrationId::new();
    let ags = serde_json::json!({"lineitem": "https://lms/li?type_id=1", "scope": []});
    assert!(QueuedScore::for_launch(Some(&ags), None, reg, "4", "M01", 80).is_none());
    let ags = serde_json::json!({"lineitem": "https://lms/li?type_id=1", "scope": [SCOPE_SCORE]});
    let score = QueuedScore::for_launch(Some(&ags), None, reg, "4", "M01", 80).unwrap();
    assert_eq!(score.score_given, 80);
    assert!(lti::Timestamp::parse(&score.timestamp).is_ok());
}
