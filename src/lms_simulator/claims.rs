//! Building id_token claims with serde_json, independently of the tool's `lti` crate, shaped like
//! Moodle 4.3's (plain-string `aud`, `ext`, `lis`, `tool_platform`, memberships URL in `custom`).

use serde_json::{Map, Value, json};

use super::ags::LineItem;
use super::deep_linking::DeepLinkRequest;
use super::directory::{Course, User};
use super::launch::{DeepLinkingOptions, MessageKind};
use super::state::{Inner, Settings, SimError, random_token};
use super::tools::{Activity, PendingLaunch, RegisteredTool};

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

/// The claims of one id_token (pure: no clock, no randomness beyond the inputs).
pub(crate) fn build_claims(i: &ClaimInputs<'_>) -> Map<String, Value> {
    let mut c = Map::new();
    let lti = |name: &str| format!("{LTI}{name}");
    c.insert("iss".into(), json!(i.issuer));
    c.insert("aud".into(), json!(i.client_id));
    c.insert("sub".into(), json!(i.user.id));
    c.insert("iat".into(), json!(i.now));
    c.insert("exp".into(), json!(i.now + i.lifetime));
    c.insert("nonce".into(), json!(i.nonce));
    person(&mut c, i.user, i.include_name, i.include_email);
    c.insert(lti("version"), json!("1.3.0"));
    c.insert(lti("message_type"), json!(i.message.message_type()));
    c.insert(lti("deployment_id"), json!(i.deployment_id));
    c.insert(lti("target_link_uri"), json!(i.target_link_uri));
    c.insert(lti("roles"), json!(i.roles));
    let mut lis = json!({"person_sourcedid": i.user.sourced_id});
    if let Some(course) = i.course {
        let context = json!({"id": course.id, "label": course.label, "title": course.title, "type": ["CourseSection"]});
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
    let platform = json!({"guid": "securehospitals-lms-simulator", "name": "SecureHospitals LMS simulator",
        "description": "Simulated Moodle", "product_family_code": "moodle", "version": "2023100900"});
    c.insert(lti("tool_platform"), platform);
    if !i.custom.is_empty() {
        c.insert(lti("custom"), Value::Object(i.custom.clone()));
    }
    if let Some(ags) = &i.ags {
        let mut endpoint = json!({"scope": ags.scope, "lineitems": ags.lineitems});
        if let Some(item) = &ags.lineitem {
            endpoint["lineitem"] = json!(item);
        }
        c.insert(AGS_ENDPOINT.into(), endpoint);
    }
    if let Some(url) = &i.nrps_url {
        c.insert(
            NRPS.into(),
            json!({"context_memberships_url": url, "service_versions": ["1.0", "2.0"]}),
        );
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
    c
}

/// Finds the launch's activity, placing it (graded when AGS is on) if the course lacks it.
fn resolve_activity(
    inner: &mut Inner,
    p: &PendingLaunch,
    tool: &RegisteredTool,
) -> Option<Activity> {
    let link_id = p
        .spec
        .resource_link_id
        .clone()
        .filter(|id| !id.is_empty())?;
    let context_id = p.spec.context_id.clone()?;
    let found = inner.activities.iter().find(|a| {
        a.resource_link_id == link_id && a.client_id == tool.client_id && a.context_id == context_id
    });
    if let Some(activity) = found {
        return Some(activity.clone());
    }
    let title = p
        .spec
        .resource_link_title
        .clone()
        .unwrap_or_else(|| format!("Activity {link_id}"));
    let line_item_id = p.spec.ags.then(|| {
        let mut item = LineItem::new(inner.next_id(), &context_id, tool.type_id, &title, 100.0);
        item.resource_link_id = Some(link_id.clone());
        let id = item.id;
        inner.line_items.insert(id, item);
        id
    });
    let activity = Activity {
        resource_link_id: link_id,
        context_id,
        client_id: tool.client_id.clone(),
        title,
        url: None,
        custom: Map::new(),
        line_item_id,
    };
    inner.activities.push(activity.clone());
    Some(activity)
}

/// Resolves a pending launch against the platform's data and builds its claims.
pub(crate) fn prepare_claims(
    inner: &mut Inner,
    settings: &Settings,
    p: &PendingLaunch,
    nonce: &str,
    now: i64,
) -> Result<Map<String, Value>, SimError> {
    let missing =
        |what: String| SimError::bad_request(format!("launch refers to an unknown {what}"));
    let tool = inner
        .tool(&p.client_id)
        .cloned()
        .ok_or_else(|| missing(format!("tool {}", p.client_id)))?;
    let user = inner
        .user(&p.spec.user_id)
        .cloned()
        .ok_or_else(|| missing(format!("user {}", p.spec.user_id)))?;
    let course = match &p.spec.context_id {
        Some(id) => Some(
            inner
                .course(id)
                .cloned()
                .ok_or_else(|| missing(format!("course {id}")))?,
        ),
        None => None,
    };
    let roles = p.spec.roles.clone().unwrap_or_else(|| {
        course
            .as_ref()
            .and_then(|c| c.roles_of(&user.id))
            .map(<[String]>::to_vec)
            .unwrap_or_default()
    });
    let for_user = match &p.spec.message {
        MessageKind::SubmissionReview { for_user_id } => Some(
            inner
                .user(for_user_id)
                .cloned()
                .ok_or_else(|| missing(format!("user {for_user_id}")))?,
        ),
        _ => None,
    };
    let is_link = !matches!(p.spec.message, MessageKind::DeepLinking(_));
    let activity = if is_link {
        resolve_activity(inner, p, &tool)
    } else {
        None
    };
    let course_id = course.as_ref().map(|c| c.id.as_str());
    let mut custom = activity
        .as_ref()
        .map(|a| a.custom.clone())
        .unwrap_or_default();
    custom.extend(p.spec.custom.clone());
    let ags = (p.spec.ags && course.is_some()).then(|| AgsClaim {
        lineitems: settings.lineitems_url(course_id.unwrap_or_default(), tool.type_id),
        lineitem: activity
            .as_ref()
            .and_then(|a| a.line_item_id)
            .map(|item| settings.lineitem_url(course_id.unwrap_or_default(), item, tool.type_id)),
        scope: tool
            .scopes()
            .into_iter()
            .filter(|s| s.contains("/lti-ags/"))
            .collect(),
    });
    let nrps_url = (p.spec.nrps && course.is_some())
        .then(|| settings.memberships_url(course_id.unwrap_or_default(), tool.type_id));
    if let Some(url) = &nrps_url {
        // Moodle 4.3 also repeats the memberships URL as a custom parameter.
        custom
            .entry("context_memberships_url")
            .or_insert_with(|| json!(url));
    }
    let deep_link_return_url = match &p.spec.message {
        MessageKind::DeepLinking(options) => {
            let sesskey = random_token(8);
            let request = DeepLinkRequest {
                client_id: tool.client_id.clone(),
                deployment_id: p.deployment_id.clone(),
                context_id: course_id.map(str::to_owned),
                options: options.clone(),
                user_id: user.id.clone(),
            };
            inner.deep_link_requests.insert(sesskey.clone(), request);
            Some(settings.deep_link_return_url(course_id, tool.type_id, &sesskey))
        }
        _ => None,
    };
    let resource_link = match (&activity, is_link, &p.spec.resource_link_id) {
        (Some(a), _, _) => Some((a.resource_link_id.clone(), a.title.clone())),
        (None, true, Some(id)) if !id.is_empty() => Some((
            id.clone(),
            p.spec
                .resource_link_title
                .clone()
                .unwrap_or_else(|| format!("Activity {id}")),
        )),
        _ => None,
    };
    let link_id = resource_link.as_ref().map(|(id, _)| id.as_str());
    let inputs = ClaimInputs {
        issuer: &settings.issuer,
        client_id: &tool.client_id,
        deployment_id: &p.deployment_id,
        nonce,
        now,
        lifetime: settings.id_token_lifetime,
        message: &p.spec.message,
        user: &user,
        roles: &roles,
        course: course.as_ref(),
        return_url: settings.launch_return_url(course_id, link_id),
        resource_link: resource_link.clone(),
        target_link_uri: &p.target_link_uri,
        custom,
        locale: p.spec.locale.as_deref().unwrap_or(&user.locale),
        ags,
        nrps_url,
        deep_link_return_url,
        for_user: for_user.as_ref(),
        include_name: p.spec.include_name && tool.registration.send_name,
        include_email: p.spec.include_email && tool.registration.send_email,
    };
    Ok(build_claims(&inputs))
}
