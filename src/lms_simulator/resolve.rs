//! Resolving a pending launch against the platform's data: who launches, in which course and
//! activity (placing the activity and its line item on first launch, as a teacher would), and which
//! service URLs the id_token offers.

use serde_json::{Map, Value, json};

use super::ags::LineItem;
use super::claims::{AgsClaim, ClaimInputs, build_claims};
use super::deep_linking::DeepLinkRequest;
use super::directory::{Course, User};
use super::launch::MessageKind;
use super::state::{Inner, Settings, SimError, random_token};
use super::tools::{Activity, PendingLaunch, RegisteredTool};

/// The people and places a launch refers to.
struct Parties {
    tool: RegisteredTool,
    user: User,
    course: Option<Course>,
    roles: Vec<String>,
    for_user: Option<User>,
}

fn parties(inner: &Inner, p: &PendingLaunch) -> Result<Parties, SimError> {
    let missing =
        |what: String| SimError::bad_request(format!("launch refers to an unknown {what}"));
    let tool = inner
        .tool(&p.client_id)
        .cloned()
        .ok_or_else(|| missing(format!("tool {}", p.client_id)))?;
    let user = inner.user(&p.spec.user_id).cloned();
    let user = user.ok_or_else(|| missing(format!("user {}", p.spec.user_id)))?;
    let course = match &p.spec.context_id {
        Some(id) => Some(
            inner
                .course(id)
                .cloned()
                .ok_or_else(|| missing(format!("course {id}")))?,
        ),
        None => None,
    };
    let enrolled = course
        .as_ref()
        .and_then(|c| c.roles_of(&user.id))
        .map(<[String]>::to_vec);
    let roles = p.spec.roles.clone().or(enrolled).unwrap_or_default();
    let for_user = match &p.spec.message {
        MessageKind::SubmissionReview { for_user_id } => {
            let reviewed = inner.user(for_user_id).cloned();
            Some(reviewed.ok_or_else(|| missing(format!("user {for_user_id}")))?)
        }
        _ => None,
    };
    Ok(Parties {
        tool,
        user,
        course,
        roles,
        for_user,
    })
}

/// Finds the launch's activity, placing it (graded when AGS is on) if the course lacks it.
fn resolve_activity(
    inner: &mut Inner,
    p: &PendingLaunch,
    tool: &RegisteredTool,
) -> Option<Activity> {
    if matches!(p.spec.message, MessageKind::DeepLinking(_)) {
        return None;
    }
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

/// The resource link claim: the activity's, or the spec's for a launch without a context.
fn resource_link(activity: Option<&Activity>, p: &PendingLaunch) -> Option<(String, String)> {
    if let Some(a) = activity {
        return Some((a.resource_link_id.clone(), a.title.clone()));
    }
    if matches!(p.spec.message, MessageKind::DeepLinking(_)) {
        return None;
    }
    let id = p
        .spec
        .resource_link_id
        .clone()
        .filter(|id| !id.is_empty())?;
    let title = p
        .spec
        .resource_link_title
        .clone()
        .unwrap_or_else(|| format!("Activity {id}"));
    Some((id, title))
}

fn ags_claim(
    settings: &Settings,
    tool: &RegisteredTool,
    course: &str,
    activity: Option<&Activity>,
) -> AgsClaim {
    let item = activity.and_then(|a| a.line_item_id);
    AgsClaim {
        lineitems: settings.lineitems_url(course, tool.type_id),
        lineitem: item.map(|item| settings.lineitem_url(course, item, tool.type_id)),
        scope: tool
            .scopes()
            .into_iter()
            .filter(|s| s.contains("/lti-ags/"))
            .collect(),
    }
}

/// Remembers a deep linking request and returns its `deep_link_return_url`.
fn deep_link_return(
    inner: &mut Inner,
    settings: &Settings,
    p: &PendingLaunch,
    who: &Parties,
) -> Option<String> {
    let MessageKind::DeepLinking(options) = &p.spec.message else {
        return None;
    };
    let sesskey = random_token(8);
    let course_id = who.course.as_ref().map(|c| c.id.clone());
    let url = settings.deep_link_return_url(course_id.as_deref(), who.tool.type_id, &sesskey);
    let request = DeepLinkRequest {
        client_id: who.tool.client_id.clone(),
        deployment_id: p.deployment_id.clone(),
        context_id: course_id,
        options: options.clone(),
        user_id: who.user.id.clone(),
    };
    inner.deep_link_requests.insert(sesskey, request);
    Some(url)
}

/// Resolves a pending launch against the platform's data and builds its claims.
pub(crate) fn prepare_claims(
    inner: &mut Inner,
    settings: &Settings,
    p: &PendingLaunch,
    nonce: &str,
    now: i64,
) -> Result<Map<String, Value>, SimError> {
    let who = parties(inner, p)?;
    let activity = resolve_activity(inner, p, &who.tool);
    let course_id = who.course.as_ref().map(|c| c.id.clone());
    let mut custom = activity
        .as_ref()
        .map(|a| a.custom.clone())
        .unwrap_or_default();
    let review_item = matches!(p.spec.message, MessageKind::SubmissionReview { .. })
        .then(|| super::review::review_line_item(inner, activity.as_ref(), &who.tool))
        .flatten();
    if let Some(item) = &review_item {
        custom.extend(super::review::review_custom(item));
    }
    custom.extend(p.spec.custom.clone());
    let in_course = |wanted: bool| course_id.as_deref().filter(|_| wanted);
    let ags = in_course(p.spec.ags).map(|c| {
        let mut claim = ags_claim(settings, &who.tool, c, activity.as_ref());
        if let Some(item) = &review_item {
            claim.lineitem = Some(settings.lineitem_url(c, item.id, item.type_id));
        }
        claim
    });
    let review_target = review_item.as_ref().and_then(super::review::review_url);
    let nrps_url = in_course(p.spec.nrps).map(|c| settings.memberships_url(c, who.tool.type_id));
    if let Some(url) = &nrps_url {
        // Moodle 4.3 also repeats the memberships URL as a custom parameter.
        custom
            .entry("context_memberships_url")
            .or_insert_with(|| json!(url));
    }
    let resource_link = resource_link(activity.as_ref(), p);
    let link_id = resource_link.as_ref().map(|(id, _)| id.clone());
    let inputs = ClaimInputs {
        issuer: &settings.issuer,
        client_id: &who.tool.client_id,
        deployment_id: &p.deployment_id,
        nonce,
        now,
        lifetime: settings.id_token_lifetime,
        message: &p.spec.message,
        user: &who.user,
        roles: &who.roles,
        course: who.course.as_ref(),
        resource_link,
        target_link_uri: review_target.as_deref().unwrap_or(&p.target_link_uri),
        custom,
        locale: p.spec.locale.as_deref().unwrap_or(&who.user.locale),
        return_url: settings.launch_return_url(course_id.as_deref(), link_id.as_deref()),
        ags,
        nrps_url,
        deep_link_return_url: deep_link_return(inner, settings, p, &who),
        for_user: who.for_user.as_ref(),
        include_name: p.spec.include_name && who.tool.registration.send_name,
        include_email: p.spec.include_email && who.tool.registration.send_email,
    };
    Ok(build_claims(&inputs))
}
