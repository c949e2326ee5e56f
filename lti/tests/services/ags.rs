//! Moodle's AGS answers parse, and the URLs and bodies we build are the ones Moodle took.

use std::time::{Duration, UNIX_EPOCH};

use lti::{
    LineItem, LineItemUrl, LineItemsQuery, LineItemsUrl, ResultItem, Score, Timestamp, UserId,
};
use serde_json::Value;

use crate::support::{same_json, step};

#[test]
fn moodles_line_items_container_parses_with_its_empty_strings_and_extras() {
    let items = LineItem::parse_container(step("ags-lineitems-after").body()).unwrap();
    assert_eq!(items.len(), 3);
    let capture = &items[0];
    assert_eq!(
        capture.id.as_ref().unwrap().as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1"
    );
    assert_eq!(capture.score_maximum, 100.0);
    assert_eq!(capture.resource_id, None, "Moodle's \"\" means none");
    assert_eq!(capture.tag, None);
    assert_eq!(capture.resource_link_id.as_ref().unwrap().as_str(), "1");
    assert_eq!(capture.extra["ltiLinkId"], "1");
    let created = &items[2];
    assert_eq!(
        (created.resource_id.as_deref(), created.tag.as_deref()),
        (Some("extra-1"), Some("extra"))
    );
    assert_eq!(created.resource_link_id, None);
}

#[test]
fn moodles_score_and_results_urls_are_derived_from_its_line_item_url() {
    let item = LineItem::parse(step("ags-lineitem").body()).unwrap();
    let url: &LineItemUrl = item.id.as_ref().unwrap();
    assert_eq!(url.as_str(), step("ags-lineitem").url());
    assert_eq!(url.scores_url().as_str(), step("ags-score-post").url());
    assert_eq!(url.results_url().as_str(), step("ags-results").url());
    let created = LineItem::parse(step("ags-lineitem-create").body()).unwrap();
    assert_eq!(
        created.id.unwrap().scores_url().as_str(),
        step("ags-score-post-new-lineitem").url()
    );
}

#[test]
fn line_item_filters_keep_moodles_type_id() {
    let container = LineItemsUrl::parse(step("ags-lineitems").url()).unwrap();
    let url = container.with_query(&LineItemsQuery::new().resource_id("quiz1").tag("quiz"));
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems?type_id=1&resource_id=quiz1&tag=quiz"
    );
}

#[test]
fn the_score_we_build_is_the_body_moodle_accepted() {
    let accepted = step("ags-score-post");
    let sent = accepted.req_body();
    let timestamp = Timestamp::parse(sent["timestamp"].as_str().unwrap()).unwrap();
    let score = Score::graded(UserId::parse("4").unwrap(), 87.0, 100.0, timestamp)
        .unwrap()
        .with_comment("Good work (from tool)");
    let ours: Value = serde_json::from_slice(&score.to_json()).unwrap();
    same_json(&ours, sent);
    assert_eq!(
        accepted.req_header("Content-Type"),
        lti::ags::media_type::SCORE
    );
    assert_eq!(accepted.status(), 200);
    assert!(
        accepted.body().is_empty(),
        "Moodle answers a score with an empty body"
    );
}

#[test]
fn a_timestamp_made_from_the_clock_looks_like_the_accepted_one() {
    let t = Timestamp::from_system_time(UNIX_EPOCH + Duration::from_millis(1_795_863_684_705));
    assert_eq!(
        t.to_string(),
        step("ags-score-post").req_body()["timestamp"]
    );
}

#[test]
fn moodles_results_parse_and_hold_the_scores_we_sent() {
    let results = ResultItem::parse_container(step("ags-results").body()).unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result.user_id.as_str(), "4");
    assert_eq!(
        result.score_of.as_ref().unwrap().as_str(),
        step("ags-lineitem").url()
    );
    assert_eq!(result.comment.as_deref(), Some("Good work (from tool)"));
    assert_eq!(
        result.timestamp.unwrap().to_string(),
        "2026-11-28T11:01:24.000+00:00"
    );
    let sent: Score = serde_json::from_value(step("ags-score-post").req_body().clone()).unwrap();
    assert!(result.holds(&sent));
    let other: Score =
        serde_json::from_value(step("ags-score-post-new-lineitem").req_body().clone()).unwrap();
    assert!(
        !result.holds(&other),
        "15/20 is not the 87/100 Moodle holds"
    );
}

#[test]
fn the_line_item_we_create_is_the_body_moodle_accepted() {
    let item = LineItem::new("Tool-created line item", 20.0)
        .unwrap()
        .with_resource_id("extra-1")
        .with_tag("extra");
    same_json(
        &serde_json::to_value(&item).unwrap(),
        step("ags-lineitem-create").req_body(),
    );
    assert_eq!(
        step("ags-lineitem-create").req_header("Content-Type"),
        lti::ags::media_type::LINE_ITEM
    );
}
