//! Score and line item rules, wire shapes, and read-back matching.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;

use super::*;
use crate::timestamp::Timestamp;
use crate::types::UserId;

fn at(millis: u64) -> Timestamp {
    Timestamp::from_system_time(UNIX_EPOCH + Duration::from_millis(millis))
}

fn user(id: &str) -> UserId {
    UserId::parse(id).unwrap()
}

#[test]
fn a_graded_score_serializes_like_the_one_moodle_accepted() {
    let score = Score::graded(user("4"), 87.0, 100.0, at(1_795_863_684_705))
        .unwrap()
        .with_comment("Good work (from tool)");
    assert_eq!(
        serde_json::to_value(&score).unwrap(),
        json!({
            "userId": "4",
            "scoreGiven": 87.0,
            "scoreMaximum": 100.0,
            "comment": "Good work (from tool)",
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
            "timestamp": "2026-11-28T11:01:24.705+00:00"
        })
    );
}

#[test]
fn scores_outside_zero_to_maximum_are_refused() {
    let t = at(0);
    for (given, max) in [
        (-1.0, 100.0),
        (101.0, 100.0),
        (1.0, 0.0),
        (0.0, -5.0),
        (f64::NAN, 100.0),
        (50.0, f64::INFINITY),
        (f64::INFINITY, f64::INFINITY),
    ] {
        let err = Score::graded(user("4"), given, max, t).unwrap_err();
        assert_eq!(err.code(), "score_invalid", "{given}/{max}");
    }
    let err = Score::graded(user("4"), 101.0, 100.0, t).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid score: scoreGiven is 101, it must be between 0 and scoreMaximum 100"
    );
    assert!(Score::graded(user("4"), 0.0, 100.0, t).is_ok());
    assert!(Score::graded(user("4"), 100.0, 100.0, t).is_ok());
}

#[test]
fn a_progress_report_carries_no_score_and_submission_times() {
    let score = Score::progress(
        user("4"),
        ActivityProgress::Started,
        GradingProgress::NotReady,
        at(1_000),
    )
    .with_submission(ScoreSubmission::new(Some(at(500)), None));
    let json = serde_json::to_value(&score).unwrap();
    assert_eq!(json["activityProgress"], "Started");
    assert_eq!(json["gradingProgress"], "NotReady");
    assert!(json.get("scoreGiven").is_none() && json.get("scoreMaximum").is_none());
    assert_eq!(
        json["submission"],
        json!({"startedAt": "1970-01-01T00:00:00.500+00:00"})
    );
}

#[test]
fn every_progress_value_has_its_spec_spelling() {
    let activity = [
        (ActivityProgress::Initialized, "Initialized"),
        (ActivityProgress::Started, "Started"),
        (ActivityProgress::InProgress, "InProgress"),
        (ActivityProgress::Submitted, "Submitted"),
        (ActivityProgress::Completed, "Completed"),
    ];
    for (value, text) in activity {
        assert_eq!(serde_json::to_value(value).unwrap(), text);
    }
    let grading = [
        (GradingProgress::FullyGraded, "FullyGraded"),
        (GradingProgress::Pending, "Pending"),
        (GradingProgress::PendingManual, "PendingManual"),
        (GradingProgress::Failed, "Failed"),
        (GradingProgress::NotReady, "NotReady"),
    ];
    for (value, text) in grading {
        assert_eq!(serde_json::to_value(value).unwrap(), text);
    }
}

#[test]
fn a_score_read_back_from_the_outbox_is_checked_again() {
    let score = Score::graded(user("4"), 15.0, 20.0, at(42)).unwrap();
    let stored = score.to_json();
    let again: Score = serde_json::from_slice(&stored).unwrap();
    assert_eq!(again, score);
    let tampered = json!({"userId": "4", "scoreGiven": 30, "scoreMaximum": 20,
        "timestamp": "2026-11-28T11:01:24.705Z", "activityProgress": "Completed",
        "gradingProgress": "FullyGraded"});
    let err = serde_json::from_value::<Score>(tampered).unwrap_err();
    assert!(
        err.to_string().contains("between 0 and scoreMaximum 20"),
        "{err}"
    );
    let no_max = json!({"userId": "4", "scoreGiven": 3,
        "timestamp": "2026-11-28T11:01:24.705Z", "activityProgress": "Completed",
        "gradingProgress": "FullyGraded"});
    assert!(serde_json::from_value::<Score>(no_max).is_err());
}

#[test]
fn a_line_item_to_create_matches_moodles_accepted_request() {
    let item = LineItem::new("Tool-created line item", 20.0)
        .unwrap()
        .with_resource_id("extra-1")
        .with_tag("extra");
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        json!({"scoreMaximum": 20.0, "label": "Tool-created line item",
            "resourceId": "extra-1", "tag": "extra"})
    );
}

#[test]
fn line_items_need_a_label_a_positive_maximum_and_ordered_dates() {
    assert_eq!(
        LineItem::new(" ", 10.0).unwrap_err().code(),
        "line_item_invalid"
    );
    assert!(LineItem::new("Quiz", 0.0).is_err());
    assert!(LineItem::new("Quiz", f64::NAN).is_err());
    let err = LineItem::new("Quiz", 10.0)
        .unwrap()
        .with_dates(Some(at(2_000)), Some(at(1_000)))
        .unwrap_err();
    assert!(err.to_string().contains("is after endDateTime"), "{err}");
}

#[test]
fn a_line_item_with_submission_review_and_dates_has_the_spec_shape() {
    let review = SubmissionReview::new()
        .with_reviewable_status(vec![ActivityProgress::Completed])
        .with_url(url::Url::parse("https://tool.example/review").unwrap())
        .with_custom("module", "m02");
    let item = LineItem::new("M02 Phishing", 100.0)
        .unwrap()
        .with_dates(Some(at(0)), Some(at(86_400_000)))
        .unwrap()
        .with_submission_review(review);
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["startDateTime"], "1970-01-01T00:00:00.000+00:00");
    assert_eq!(json["endDateTime"], "1970-01-02T00:00:00.000+00:00");
    assert_eq!(
        json["submissionReview"],
        json!({"reviewableStatus": ["Completed"], "url": "https://tool.example/review",
            "custom": {"module": "m02"}})
    );
}

#[test]
fn results_hold_a_score_rescaled_by_the_platform() {
    let score = Score::graded(user("4"), 15.0, 20.0, at(0)).unwrap();
    let held: ResultItem =
        serde_json::from_value(json!({"userId": "4", "resultScore": 75.0, "resultMaximum": 100}))
            .unwrap();
    assert!(held.holds(&score));
    let other_user: ResultItem =
        serde_json::from_value(json!({"userId": "5", "resultScore": 75.0, "resultMaximum": 100}))
            .unwrap();
    assert!(!other_user.holds(&score));
    let lower: ResultItem =
        serde_json::from_value(json!({"userId": "4", "resultScore": 70.0, "resultMaximum": 100}))
            .unwrap();
    assert!(!lower.holds(&score));
    let ungraded: ResultItem = serde_json::from_value(json!({"userId": "4"})).unwrap();
    assert!(!ungraded.holds(&score));
}

#[test]
fn a_result_without_maximum_is_out_of_one() {
    let result: ResultItem =
        serde_json::from_value(json!({"userId": "4", "resultScore": 0.5})).unwrap();
    assert_eq!(result.ratio(), Some(0.5));
}

#[test]
fn containers_tolerate_empty_bodies_but_not_garbage() {
    assert!(ResultItem::parse_container(b"").unwrap().is_empty());
    assert!(LineItem::parse_container(b" \n").unwrap().is_empty());
    let err = LineItem::parse_container(b"<html>Login</html>").unwrap_err();
    assert_eq!(err.code(), "ags_response_malformed");
    assert!(err.to_string().contains("line items container"), "{err}");
    assert!(LineItem::parse(b"").is_err());
}
