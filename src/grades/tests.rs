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
    let item = GradedItem {
        id: "M01".into(),
        percent: 80,
        comment: String::new(),
        on_link_column: true,
    };
    assert!(QueuedScore::for_launch(Some(&ags), None, reg, "4", &item).is_none());
    let ags = serde_json::json!({"lineitem": "https://lms/li?type_id=1", "scope": [SCOPE_SCORE]});
    let score = QueuedScore::for_launch(Some(&ags), None, reg, "4", &item).unwrap();
    assert_eq!(score.score_given, 80);
    assert!(lti::Timestamp::parse(&score.timestamp).is_ok());
}

#[test]
fn a_links_column_takes_only_what_the_link_places() {
    let catalogue = crate::content::Catalogue::load(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
    )
    .unwrap();
    let placed = |module: Option<&str>, path: Option<&str>| crate::courses::Placement {
        module: module.map(str::to_owned),
        path: path.map(str::to_owned),
        job_role: None,
        pass_mark: None,
        graded: crate::courses::Graded::None,
    };
    let m03 = placed(Some("M03"), None);
    let own = GradedItem::for_attempt(&m03, &catalogue, "M03", 70, &[]).unwrap();
    assert_eq!(
        (own.id.as_str(), own.percent, own.on_link_column),
        ("M03", 70, true)
    );
    assert_eq!(
        GradedItem::for_attempt(&m03, &catalogue, "M01", 100, &[]),
        None
    );
    let path = placed(None, Some("administrative"));
    let passed = ["M01".to_owned(), "M02".to_owned(), "M11".to_owned()];
    let share = GradedItem::for_attempt(&path, &catalogue, "M02", 100, &passed).unwrap();
    assert_eq!((share.id.as_str(), share.percent), ("administrative", 25));
    assert_eq!(
        GradedItem::for_attempt(&path, &catalogue, "M11", 100, &passed),
        None
    );
    let unplaced = placed(None, None);
    let any = GradedItem::for_attempt(&unplaced, &catalogue, "M05", 90, &[]).unwrap();
    assert_eq!((any.id.as_str(), any.on_link_column), ("M05", false));
}
