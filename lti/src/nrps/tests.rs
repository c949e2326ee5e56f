//! Memberships URLs, pages with and without Link headers, roles in both spellings, and links
//! that would carry the token elsewhere.

use serde_json::json;

use super::*;
use crate::roles::RoleScope;

const MOODLE: &str =
    "http://127.0.0.1:8080/mod/lti/services.php/CourseSection/2/bindings/1/memberships";

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn body(members: serde_json::Value) -> Vec<u8> {
    json!({"id": MOODLE, "context": {"id": "2", "title": "LTI Test Course 101"}, "members": members})
        .to_string()
        .into_bytes()
}

#[test]
fn the_first_page_url_adds_role_and_limit_to_any_query() {
    let query = MembershipsQuery::new()
        .role(Role::parse("Learner"))
        .limit(50);
    assert_eq!(
        query.first_page_url(&url(MOODLE)).as_str(),
        format!(
            "{MOODLE}?role=http%3A%2F%2Fpurl.imsglobal.org%2Fvocab%2Flis%2Fv2%2Fmembership%23Learner&limit=50"
        )
    );
    let with_query = url("https://lms.example/nrps?course=7&limit=10");
    assert_eq!(
        MembershipsQuery::new()
            .limit(100)
            .resource_link_id(ResourceLinkId::parse("rl-1").unwrap())
            .first_page_url(&with_query)
            .as_str(),
        "https://lms.example/nrps?course=7&limit=100&rlid=rl-1"
    );
    assert_eq!(
        MembershipsQuery::new()
            .first_page_url(&url(MOODLE))
            .as_str(),
        MOODLE
    );
}

#[test]
fn short_and_full_role_names_mean_the_same_roles() {
    let page = MembershipPage::parse(
        &url(MOODLE),
        &body(json!([
            {"user_id": "5", "roles": ["Learner"]},
            {"user_id": "3", "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]},
            {"user_id": "9", "roles": ["Instructor#TeachingAssistant", "urn:vendor:role:Observer"]},
        ])),
        [],
    )
    .unwrap();
    let members = &page.container.members;
    assert!(members[0].is_learner() && !members[0].is_instructor());
    assert!(members[1].is_instructor());
    assert_eq!(
        members[0].roles[0],
        Role::parse("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")
    );
    assert_eq!(members[2].roles[1].scope(), RoleScope::Unrecognised);
    assert_eq!(page.next, None);
    assert_eq!(page.context_id().unwrap().as_str(), "2");
}

#[test]
fn status_defaults_to_active_and_unknown_values_are_kept() {
    let page = MembershipPage::parse(
        &url(MOODLE),
        &body(json!([
            {"user_id": "1"},
            {"user_id": "2", "status": "Inactive", "roles": []},
            {"user_id": "3", "status": "Deleted"},
            {"user_id": "4", "status": "Suspended"},
        ])),
        [],
    )
    .unwrap();
    let status: Vec<&str> = page
        .container
        .members
        .iter()
        .map(|m| m.status.as_str())
        .collect();
    assert_eq!(status, ["Active", "Inactive", "Deleted", "Suspended"]);
    assert!(page.container.members[0].is_active());
    assert!(!page.container.members[3].is_active());
}

#[test]
fn next_and_differences_come_from_the_link_headers() {
    let page = MembershipPage::parse(
        &url("https://lms.example/nrps?page=1"),
        &body(json!([])),
        [
            "<https://lms.example/nrps?page=2>; rel=\"next\"",
            "</nrps/changes?since=123>; rel=differences",
        ],
    )
    .unwrap();
    assert_eq!(
        page.next.unwrap().as_str(),
        "https://lms.example/nrps?page=2"
    );
    assert_eq!(
        page.differences.unwrap().as_str(),
        "https://lms.example/nrps/changes?since=123"
    );
}

#[test]
fn a_next_link_to_another_origin_is_refused_so_the_token_stays_home() {
    let err = MembershipPage::parse(
        &url("https://lms.example/nrps"),
        &body(json!([])),
        ["<https://collector.example/steal?page=2>; rel=next"],
    )
    .unwrap_err();
    assert_eq!(err.code(), "nrps_link_foreign");
    assert!(err.to_string().contains("collector.example"), "{err}");
}

#[test]
fn members_without_user_id_and_non_json_bodies_are_malformed() {
    let err = MembershipPage::parse(&url(MOODLE), &body(json!([{"roles": ["Learner"]}])), [])
        .unwrap_err();
    assert_eq!(err.code(), "nrps_response_malformed");
    assert!(MembershipPage::parse(&url(MOODLE), b"<html>error</html>", []).is_err());
}

#[test]
fn members_serialize_with_roles_as_sent() {
    let member: Member = serde_json::from_value(
        json!({"user_id": "5", "roles": ["Learner"], "ext_user_username": "student2"}),
    )
    .unwrap();
    let json = serde_json::to_value(&member).unwrap();
    assert_eq!(json["roles"], json!(["Learner"]));
    assert_eq!(json["status"], "Active");
    assert_eq!(json["ext_user_username"], "student2");
}
