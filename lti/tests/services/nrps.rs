//! Moodle's membership answer: short role names, no Link header, its extra members kept.

use lti::{MembershipPage, MembershipsQuery, Role};
use url::Url;

use crate::support::step;

#[test]
fn moodles_memberships_parse_with_short_roles_and_no_next_page() {
    let capture = step("nrps-memberships");
    assert_eq!(
        capture.req_header("Accept"),
        lti::nrps::MEDIA_TYPE_MEMBERSHIP_CONTAINER
    );
    let url = Url::parse(capture.url()).unwrap();
    let page = MembershipPage::parse(&url, capture.body(), []).unwrap();
    assert_eq!(page.next, None, "Moodle sends no Link header: one page");
    assert_eq!(page.context_id().unwrap().as_str(), "2");
    let members = &page.container.members;
    let ids: Vec<&str> = members.iter().map(|m| m.user_id.as_str()).collect();
    assert_eq!(ids, ["5", "4", "3"]);
    assert!(members[0].is_learner() && members[0].is_active());
    assert!(members[2].is_instructor() && !members[2].is_learner());
    assert_eq!(
        members[2].roles[0].full_uri(),
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
    );
    assert_eq!(
        members[1].lis_person_sourcedid.as_deref(),
        Some("SIS-student1")
    );
    assert_eq!(members[1].email.as_deref(), Some("student1@example.com"));
    assert_eq!(members[1].extra["ext_user_username"], "student1");
}

#[test]
fn the_memberships_url_from_the_launch_claim_gets_a_role_filter() {
    let claim_url = Url::parse(step("nrps-memberships").url()).unwrap();
    let first = MembershipsQuery::new()
        .role(Role::parse("Learner"))
        .limit(100)
        .first_page_url(&claim_url);
    let pairs: Vec<(String, String)> = first.query_pairs().into_owned().collect();
    assert_eq!(first.path(), claim_url.path());
    assert_eq!(
        pairs,
        [
            (
                "role".to_owned(),
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner".to_owned()
            ),
            ("limit".to_owned(), "100".to_owned()),
        ]
    );
}

#[test]
fn three_pages_are_followed_to_the_end() {
    let first = Url::parse("https://lms.example/api/lti/courses/1/names_and_roles").unwrap();
    let pages = [
        (
            r#"[{"user_id":"1","roles":["Learner"]}]"#,
            Some("<https://lms.example/api/lti/courses/1/names_and_roles?page=2>; rel=\"next\""),
        ),
        (
            r#"[{"user_id":"2","roles":["Instructor"]}]"#,
            Some(
                "<https://lms.example/api/lti/courses/1/names_and_roles?page=3>; rel=next, <https://lms.example/api/lti/courses/1/names_and_roles?page=1>; rel=first",
            ),
        ),
        (r#"[{"user_id":"3"}]"#, None),
    ];
    let mut url = first;
    let mut seen = Vec::new();
    for (members, link) in pages {
        let body = format!(r#"{{"context":{{"id":"c1"}},"members":{members}}}"#);
        let page = MembershipPage::parse(&url, body.as_bytes(), link).unwrap();
        seen.extend(
            page.container
                .members
                .into_iter()
                .map(|m| m.user_id.into_string()),
        );
        match page.next {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(seen, ["1", "2", "3"]);
    assert_eq!(url.query(), Some("page=3"));
}
