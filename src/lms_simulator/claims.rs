//! Building id_token claims with serde_json, independently of the tool's `lti` crate, shaped like
//! Moodle 4.3's (plain-string `aud`, `ext`, `lis`, `tool_platform`, memberships URL in `custom`).

use serde_json::{Map, Value, json};

use super::directory::{Course, User};
use super::launch::{DeepLinkingOptions, MessageKind};

const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
const AGS_ENDPOINT: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
const DL_SETTINGS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";

/// The AGS endpoint claim's values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AgsClaim {
    pub lineitems: String,
    pub lineitem: Option<String>,
    pub scope: Vec<String>,
}

/// Everything an id_token says, resolved from the launch spec and the platform's data.
#[derive(Debug, Clone)]
pub(crate) struct ClaimInputs<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub deployment_id: &'a str,
    pub nonce: &'a str,
    pub now: i64,
    pub lifetime: i64,
    pub message: &'a MessageKind,
    pub user: &'a User,
    pub roles: &'a [String],
    pub course: Option<&'a Course>,
    /// Resource link id and title.
    pub resource_link: Option<(String, String)>,
    pub target_link_uri: &'a str,
    pub custom: Map<String, Value>,
    pub locale: &'a str,
    pub return_url: String,
    pub ags: Option<AgsClaim>,
    pub nrps_url: Option<String>,
    pub deep_link_return_url: Option<String>,
    pub for_user: Option<&'a User>,
    pub include_name: bool,
    pub include_email: bool,
}

fn person(claims: &mut Map<String, Value>, user: &User, name: bool, email: bool) {
    if name {
        claims.insert("given_name".into(), json!(user.given_name));
        claims.insert("family_name".into(), json!(user.family_name));
        claims.insert("name".into(), json!(user.name()));
    }
    if email {
        claims.insert("email".into(), json!(user.email));
    }
}

fn deep_linking_settings(options: &DeepLinkingOptions, return_url: &str) -> Value {
    let mut settings = json!({
        "accept_copy_advice": false,
        "accept_multiple": options.accept_multiple,
        "accept_presentation_document_targets": options.accept_presentation_document_targets,
        "accept_types": options.accept_types,
        "accept_unsigned": false,
        "auto_create": options.auto_create,
        "can_confirm": false,
        "deep_link_return_url": return_url,
        "text": options.text,
        "title": options.title,
    });
    if let Some(accept) = options.accept_lineitem {
        settings["accept_lineitem"] = json!(accept);
    }
    if let Some(data) = &options.data {
        settings["data"] = json!(data);
    }
    settings
}

fn lti(name: &str) -> String {
    format!("{LTI}{name}")
}

/// `iss`, `aud`, `sub`, times, nonce, the person and the core LTI claims.
fn core_claims(c: &mut Map<String, Value>, i: &ClaimInputs<'_>) {
    c.insert("iss".into(), json!(i.issuer));
    c.insert("aud".into(), json!(i.client_id));
    c.insert("sub".into(), json!(i.user.id));
    c.insert("iat".into(), json!(i.now));
    c.insert("exp".into(), json!(i.now + i.lifetime));
    c.insert("nonce".into(), json!(i.nonce));
    person(c, i.user, i.include_name, i.include_email);
    c.insert(lti("version"), json!("1.3.0"));
    c.insert(lti("message_type"), json!(i.message.message_type()));
    c.insert(lti("deployment_id"), json!(i.deployment_id));
    c.insert(lti("target_link_uri"), json!(i.target_link_uri));
    c.insert(lti("roles"), json!(i.roles));
}

/// Context, resource link, presentation, and Moodle's `lis`, `ext`, `tool_platform`, `custom`.
fn context_claims(c: &mut Map<String, Value>, i: &ClaimInputs<'_>) {
    let mut lis = json!({"person_sourcedid": i.user.sourced_id});
    if let Some(course) = i.course {
        let context = json!({"id": course.id, "label": course.label, "title": course.title,
            "type": ["CourseSection"]});
        c.insert(lti("context"), context);
        lis["course_section_sourcedid"] = json!(format!("{}-2026", course.label));
    }
    c.insert(lti("lis"), lis);
    if let Some((id, title)) = &i.resource_link {
        c.insert(
            lti("resource_link"),
            json!({"id": id, "title": title, "description": ""}),
        );
    }
    let mut presentation = json!({"locale": i.locale});
    if !matches!(i.message, MessageKind::DeepLinking(_)) {
        presentation["document_target"] = json!("iframe");
        presentation["return_url"] = json!(i.return_url);
    }
    c.insert(lti("launch_presentation"), presentation);
    c.insert(
        lti("ext"),
        json!({"lms": "moodle-2", "user_username": i.user.username}),
    );
    let platform = json!({"guid": "securehospitals-lms-simulator",
        "name": "SecureHospitals LMS simulator", "description": "Simulated Moodle",
        "product_family_code": "moodle", "version": "2023100900"});
    c.insert(lti("tool_platform"), platform);
    if !i.custom.is_empty() {
        c.insert(lti("custom"), Value::Object(i.custom.clone()));
    }
}

/// AGS, NRPS, deep linking settings and the submission review's `for_user`.
fn service_claims(c: &mut Map<String, Value>, i: &ClaimInputs<'_>) {
    if let Some(ags) = &i.ags {
        let mut endpoint = json!({"scope": ags.scope, "lineitems": ags.lineitems});
        if let Some(item) = &ags.lineitem {
            endpoint["lineitem"] = json!(item);
        }
        c.insert(AGS_ENDPOINT.into(), endpoint);
    }
    if let Some(url) = &i.nrps_url {
        let nrps = json!({"context_memberships_url": url, "service_versions": ["1.0", "2.0"]});
        c.insert(NRPS.into(), nrps);
    }
    if let (MessageKind::DeepLinking(options), Some(url)) = (i.message, &i.deep_link_return_url) {
        c.insert(DL_SETTINGS.into(), deep_linking_settings(options, url));
    }
    if let Some(user) = i.for_user {
        let mut for_user = Map::new();
        for_user.insert("user_id".into(), json!(user.id));
        for_user.insert("person_sourcedid".into(), json!(user.sourced_id));
        person(&mut for_user, user, true, true);
        c.insert(lti("for_user"), Value::Object(for_user));
    }
}

/// The claims of one id_token (pure: no clock, no randomness beyond the inputs).
pub(crate) fn build_claims(i: &ClaimInputs<'_>) -> Map<String, Value> {
    let mut claims = Map::new();
    core_claims(&mut claims, i);
    context_claims(&mut claims, i);
    service_claims(&mut claims, i);
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lms_simulator::directory::{roles, seed_course, seed_users};

    fn inputs<'a>(
        message: &'a MessageKind,
        users: &'a [User],
        course: Option<&'a Course>,
    ) -> ClaimInputs<'a> {
        ClaimInputs {
            issuer: "http://lms",
            client_id: "client",
            deployment_id: "1",
            nonce: "n",
            now: 1000,
            lifetime: 60,
            message,
            user: &users[0],
            roles: &[],
            course,
            resource_link: Some(("7".into(), "Phishing".into())),
            target_link_uri: "http://tool/lti/launch",
            custom: Map::new(),
            locale: "de",
            return_url: "http://lms/return".into(),
            ags: None,
            nrps_url: None,
            deep_link_return_url: Some("http://lms/dl".into()),
            for_user: users.get(1),
            include_name: false,
            include_email: true,
        }
    }

    #[test]
    fn core_claims_follow_moodle() {
        let (users, course) = (seed_users(), seed_course());
        let c = build_claims(&inputs(&MessageKind::ResourceLink, &users, Some(&course)));
        assert_eq!(
            (c["aud"].clone(), c["exp"].clone()),
            (json!("client"), json!(1060))
        );
        assert_eq!(c[&lti("message_type")], "LtiResourceLinkRequest");
        assert_eq!(c[&lti("context")]["type"], json!(["CourseSection"]));
        assert_eq!(c[&lti("launch_presentation")]["locale"], "de");
        assert!(c.get("name").is_none() && c.get("email").is_some());
        assert!(
            c.get(DL_SETTINGS).is_none(),
            "no deep linking settings on a resource link"
        );
    }

    #[test]
    fn deep_linking_request_carries_settings_and_no_return_url() {
        let users = seed_users();
        let options = DeepLinkingOptions {
            data: Some("d".into()),
            accept_lineitem: Some(true),
            ..DeepLinkingOptions::default()
        };
        let message = MessageKind::DeepLinking(options);
        let c = build_claims(&inputs(&message, &users, None));
        let settings = &c[DL_SETTINGS];
        assert_eq!(settings["deep_link_return_url"], "http://lms/dl");
        assert_eq!(
            (
                settings["data"].clone(),
                settings["accept_lineitem"].clone()
            ),
            (json!("d"), json!(true))
        );
        assert!(c[&lti("launch_presentation")].get("return_url").is_none());
        assert!(c.get(&lti("context")).is_none());
    }

    #[test]
    fn submission_review_names_the_reviewed_user() {
        let users = seed_users();
        let message = MessageKind::SubmissionReview {
            for_user_id: users[1].id.clone(),
        };
        let mut i = inputs(&message, &users, None);
        let roles = [roles::INSTRUCTOR.to_owned()];
        i.roles = &roles;
        let c = build_claims(&i);
        assert_eq!(c[&lti("for_user")]["user_id"], json!(users[1].id));
        assert_eq!(c[&lti("for_user")]["name"], json!(users[1].name()));
        assert_eq!(c[&lti("roles")], json!([roles::INSTRUCTOR]));
    }
}
