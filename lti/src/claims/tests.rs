//! Deserialisation tests of [`IdTokenClaims`] against Moodle captures and platform variations.

use serde_json::{Value, json};

use super::*;

const INSTRUCTOR: &str =
    include_str!("../../tests/fixtures/moodle-4.3/id_token-instructor.decoded.json");
const DEEP_LINKING: &str =
    include_str!("../../tests/fixtures/moodle-4.3/id_token-deep-linking.decoded.json");

fn claims_of(fixture: &str) -> Value {
    serde_json::from_str::<Value>(fixture).unwrap()["claims"].clone()
}

fn minimal() -> Value {
    json!({
        "iss": "https://lms.example.edu",
        "aud": "client-1",
        "exp": 1_800_000_060,
        "iat": 1_800_000_000,
        "nonce": "n-1",
    })
}

fn parse(value: Value) -> Result<IdTokenClaims, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn moodle_instructor_claims_parse_completely() {
    let claims = parse(claims_of(INSTRUCTOR)).unwrap();
    assert_eq!(claims.iss.as_str(), "http://127.0.0.1:8080");
    assert_eq!(claims.sub.as_ref().unwrap().as_str(), "3");
    assert_eq!(claims.aud.as_slice(), ["bA3kBQErPSHZuNY"]);
    assert_eq!(claims.exp - claims.iat, 60);
    assert_eq!(claims.deployment_id.as_ref().unwrap().as_str(), "1");
    let link = claims.resource_link.as_ref().unwrap();
    assert_eq!(link.id.as_str(), "1");
    assert_eq!(link.title.as_deref(), Some("Capture activity (AGS)"));
    let context = claims.context.as_ref().unwrap();
    assert_eq!(
        context.context_type.as_deref(),
        Some(&["CourseSection".to_owned()][..])
    );
    let ags = claims.ags.as_ref().unwrap();
    assert_eq!(ags.lineitem.as_ref().unwrap().query(), Some("type_id=1"));
    assert!(ags.has_scope("https://purl.imsglobal.org/spec/lti-ags/scope/score"));
    assert_eq!(
        claims.nrps.as_ref().unwrap().service_versions,
        ["1.0", "2.0"]
    );
    assert_eq!(
        claims.custom_str("activity_param").as_deref(),
        Some("hello")
    );
    let platform = claims.tool_platform.as_ref().unwrap();
    assert_eq!(platform.product_family_code.as_deref(), Some("moodle"));
    assert_eq!(
        claims.lis.as_ref().unwrap().person_sourcedid.as_deref(),
        Some("SIS-teacher1")
    );
    assert!(claims.has_lti_claims());
}

#[test]
fn moodle_basicoutcome_and_ext_claims_are_kept_aside() {
    let claims = parse(claims_of(INSTRUCTOR)).unwrap();
    assert!(
        claims
            .extra
            .contains_key("https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome")
    );
    assert!(
        claims
            .extra
            .contains_key("https://purl.imsglobal.org/spec/lti/claim/ext")
    );
    assert_eq!(claims.extra.len(), 2, "{:?}", claims.extra.keys());
}

#[test]
fn claims_round_trip_to_the_same_json() {
    for fixture in [INSTRUCTOR, DEEP_LINKING] {
        let original = claims_of(fixture);
        let claims = parse(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&claims).unwrap(), original);
    }
}

#[test]
fn moodle_deep_linking_settings_parse() {
    let claims = parse(claims_of(DEEP_LINKING)).unwrap();
    let dl = claims.deep_linking_settings.as_ref().unwrap();
    assert_eq!(dl.accept_types, ["ltiResourceLink"]);
    assert_eq!(
        dl.accept_presentation_document_targets,
        ["frame", "iframe", "window"]
    );
    assert_eq!(dl.accept_multiple, Some(true));
    assert_eq!(
        dl.deep_link_return_url.path(),
        "/mod/lti/contentitem_return.php"
    );
    assert_eq!(dl.title.as_deref(), Some("DL test"));
}

#[test]
fn audience_may_be_a_string_or_an_array() {
    let mut value = minimal();
    value["aud"] = json!(["client-1", "other"]);
    let claims = parse(value).unwrap();
    assert!(claims.aud.is_multiple());
    assert!(claims.aud.contains(&ClientId::parse("other").unwrap()));
    assert_eq!(claims.aud.to_string(), r#"["client-1", "other"]"#);
    assert_eq!(parse(minimal()).unwrap().aud.to_string(), r#""client-1""#);
}

#[test]
fn missing_roles_differ_from_empty_roles() {
    assert_eq!(parse(minimal()).unwrap().roles, None);
    let mut value = minimal();
    value[uri::ROLES] = json!([]);
    assert_eq!(parse(value).unwrap().roles, Some(vec![]));
}

#[test]
fn custom_values_may_be_numbers_or_booleans() {
    let mut value = minimal();
    value[uri::CUSTOM] = json!({"n": 42, "b": true, "s": "x", "o": {"a": 1}});
    let claims = parse(value).unwrap();
    assert_eq!(claims.custom_str("n").as_deref(), Some("42"));
    assert_eq!(claims.custom_str("b").as_deref(), Some("true"));
    assert_eq!(claims.custom_str("s").as_deref(), Some("x"));
    assert_eq!(claims.custom_str("o"), None);
    assert_eq!(claims.custom_str("missing"), None);
}

#[test]
fn fractional_timestamps_are_accepted() {
    let mut value = minimal();
    value["exp"] = json!(1_800_000_060.75);
    value["nbf"] = json!(1_799_999_999.5);
    let claims = parse(value).unwrap();
    assert_eq!(claims.exp, 1_800_000_060);
    assert_eq!(claims.nbf, Some(1_799_999_999));
}

#[test]
fn sub_claims_without_their_id_count_as_absent() {
    let mut value = minimal();
    value[uri::RESOURCE_LINK] = json!({"title": "no id"});
    value[uri::DEEP_LINKING_SETTINGS] = json!({"accept_types": ["ltiResourceLink"]});
    value[uri::FOR_USER] = json!({"user_id": ""});
    let claims = parse(value).unwrap();
    assert!(claims.resource_link.is_none());
    assert!(claims.deep_linking_settings.is_none());
    assert!(claims.for_user.is_none());
}

#[test]
fn malformed_sub_claims_are_reported_with_the_claim_name() {
    let mut value = minimal();
    value[uri::CONTEXT] = json!({"label": "no id"});
    let bytes = serde_json::to_vec(&value).unwrap();
    let err = parse(value).unwrap_err().to_string();
    assert!(err.contains("context claim: missing field `id`"), "{err}");
    // As a launch parses it: straight from the token's bytes.
    let err = serde_json::from_slice::<IdTokenClaims>(&bytes)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("context claim: missing field `id` at line 1"),
        "{err}"
    );

    let mut value = minimal();
    value[uri::NRPS] = json!({"context_memberships_url": "not a url"});
    let err = parse(value).unwrap_err().to_string();
    assert!(err.contains("namesroleservice claim"), "{err}");
}

#[test]
fn lenient_presentation_sizes_and_context_type() {
    let mut value = minimal();
    value[uri::LAUNCH_PRESENTATION] = json!({"width": "800", "height": "tall"});
    value[uri::CONTEXT] = json!({"id": "c1", "type": "CourseOffering"});
    let claims = parse(value).unwrap();
    let presentation = claims.launch_presentation.unwrap();
    assert_eq!(presentation.width, Some(800.0));
    assert_eq!(presentation.height, None);
    assert_eq!(
        claims.context.unwrap().context_type.unwrap(),
        ["CourseOffering"]
    );
}

#[test]
fn empty_sub_is_a_parse_error_naming_sub() {
    let mut value = minimal();
    value["sub"] = json!("");
    let err = parse(value).unwrap_err().to_string();
    assert!(err.contains("user id (sub) must not be empty"), "{err}");
}

#[test]
fn a_plain_oidc_token_has_no_lti_claims() {
    assert!(!parse(minimal()).unwrap().has_lti_claims());
    let mut value = minimal();
    value["https://purl.imsglobal.org/spec/lti/claim/lti1p1"] = json!({});
    assert!(parse(value).unwrap().has_lti_claims());
}

#[test]
fn a_deep_link_return_url_must_be_a_web_address() {
    let mut value = claims_of(DEEP_LINKING);
    value["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]["deep_link_return_url"] =
        serde_json::json!("javascript:alert(1)");
    let parsed = parse(value);
    assert!(
        parsed
            .as_ref()
            .map_or(true, |c| c.deep_linking_settings.is_none()),
        "{parsed:?}"
    );
}
