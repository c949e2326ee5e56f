//! Service URL derivation against Moodle's real URLs and the awkward shapes URLs can take.

use proptest::prelude::*;

use super::*;

const MOODLE_ITEM: &str =
    "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1";
const MOODLE_ITEMS: &str = "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems?type_id=1";

fn item(url: &str) -> LineItemUrl {
    LineItemUrl::parse(url).unwrap()
}

#[test]
fn moodle_scores_and_results_urls_insert_the_segment_before_the_query() {
    let line_item = item(MOODLE_ITEM);
    assert_eq!(
        line_item.scores_url().as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1"
    );
    assert_eq!(
        line_item.results_url().as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem/results?type_id=1"
    );
}

#[test]
fn urls_without_a_query_get_the_segment_appended() {
    let canvas = item("https://canvas.example/api/lti/courses/1/line_items/7");
    assert_eq!(
        canvas.scores_url().as_str(),
        "https://canvas.example/api/lti/courses/1/line_items/7/scores"
    );
    let trailing = item("https://lms.example/lineitems/7/");
    assert_eq!(
        trailing.results_url().as_str(),
        "https://lms.example/lineitems/7/results"
    );
}

#[test]
fn fragments_are_dropped_and_multi_parameter_queries_kept_verbatim() {
    let odd = item("https://lms.example/li/9?a=1&b=x%20y#frag");
    assert_eq!(
        odd.scores_url().as_str(),
        "https://lms.example/li/9/scores?a=1&b=x%20y"
    );
}

#[test]
fn moodle_results_for_one_user_keep_type_id_first() {
    let user = UserId::parse("4").unwrap();
    assert_eq!(
        item(MOODLE_ITEM)
            .results_url_for(Some(&user), Some(10))
            .as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem/results?type_id=1&user_id=4&limit=10"
    );
    assert_eq!(
        item(MOODLE_ITEM).results_url_for(None, None),
        item(MOODLE_ITEM).results_url()
    );
}

#[test]
fn line_items_filters_are_added_after_moodles_type_id() {
    let items = LineItemsUrl::parse(MOODLE_ITEMS).unwrap();
    let query = LineItemsQuery::new()
        .resource_link_id(ResourceLinkId::parse("2").unwrap())
        .resource_id("m02-phishing")
        .tag("quiz & exam")
        .limit(50);
    assert_eq!(
        items.with_query(&query).as_str(),
        "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems?type_id=1&resource_link_id=2&resource_id=m02-phishing&tag=quiz+%26+exam&limit=50"
    );
    assert_eq!(
        items.with_query(&LineItemsQuery::new()).as_str(),
        MOODLE_ITEMS
    );
}

#[test]
fn line_items_filters_work_on_urls_without_or_with_an_empty_query() {
    let plain = LineItemsUrl::parse("https://lms.example/lineitems").unwrap();
    let query = LineItemsQuery::new().tag("quiz");
    assert_eq!(
        plain.with_query(&query).as_str(),
        "https://lms.example/lineitems?tag=quiz"
    );
    let empty = LineItemsUrl::parse("https://lms.example/lineitems?").unwrap();
    assert_eq!(
        empty.with_query(&query).as_str(),
        "https://lms.example/lineitems?tag=quiz"
    );
}

#[test]
fn a_filter_already_in_the_url_is_replaced_not_repeated() {
    let items = LineItemsUrl::parse("https://lms.example/li?type_id=1&limit=5").unwrap();
    let url = items.with_query(&LineItemsQuery::new().limit(100));
    assert_eq!(url.as_str(), "https://lms.example/li?type_id=1&limit=100");
}

#[test]
fn non_http_and_relative_urls_are_refused_with_a_code() {
    let err = LineItemUrl::parse("/mod/lti/services.php/2/lineitems/2/lineitem").unwrap_err();
    assert_eq!(err.code(), "service_url_invalid");
    let err = LineItemUrl::parse("mailto:grades@lms.example").unwrap_err();
    assert_eq!(err.code(), "service_url_not_http");
    assert!(err.to_string().contains("mailto:grades@lms.example"));
    assert!(serde_json::from_str::<LineItemsUrl>("\"ftp://lms.example/x\"").is_err());
}

#[test]
fn line_item_urls_serialize_as_the_string_sent() {
    let url: LineItemUrl = serde_json::from_str(&format!("{MOODLE_ITEM:?}")).unwrap();
    assert_eq!(url.as_str(), MOODLE_ITEM);
    assert_eq!(
        serde_json::to_string(&url).unwrap(),
        format!("{MOODLE_ITEM:?}")
    );
}

proptest! {
    #[test]
    fn the_scores_segment_always_lands_at_the_end_of_the_path_and_the_query_is_kept(
        segments in prop::collection::vec("[a-zA-Z0-9._~-]{1,8}", 0..5),
        query in prop::option::of("[a-z_]{1,6}=[a-zA-Z0-9%]{0,6}(&[a-z_]{1,6}=[0-9]{1,3}){0,2}"),
        trailing_slash in any::<bool>(),
    ) {
        let mut text = format!("https://lms.example/{}", segments.join("/"));
        if trailing_slash && !segments.is_empty() {
            text.push('/');
        }
        if let Some(q) = &query {
            text.push('?');
            text.push_str(q);
        }
        let line_item = item(&text);
        let original = line_item.as_url();
        for (derived, segment) in [(line_item.scores_url(), "scores"), (line_item.results_url(), "results")] {
            let base_path = original.path().trim_end_matches('/');
            prop_assert_eq!(derived.path(), format!("{base_path}/{segment}"));
            prop_assert_eq!(derived.query(), original.query());
            prop_assert_eq!(derived.host_str(), Some("lms.example"));
        }
    }
}
