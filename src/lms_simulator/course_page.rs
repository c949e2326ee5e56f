//! The course page a demo visitor clicks through: every activity with a launch button per member,
//! deep linking for instructors, and the launch trigger that starts a real OIDC login at the tool.
//! Launches open in a new window (Moodle's "new window" launch container): the tool's cookies are
//! then first-party, whatever the browser's rules for embedded pages.

use axum::extract::{Form, Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::directory::{Course, User, roles, short_role_name};
use super::html::{auto_post_page, escape};
use super::launch::LaunchSpec;
use super::pages::CourseQuery;
use super::state::{LmsSimulator, SimError};
use super::tools::RegisteredTool;
use super::urls::{GRADEBOOK_PATH, LAUNCH_PATH};

/// The launch a button asks for.
#[derive(Debug, Deserialize)]
pub(crate) struct LaunchForm {
    client_id: String,
    course: String,
    user: String,
    /// A resource link id; empty for a deep linking request.
    #[serde(default)]
    link: String,
}

/// A small form posting one launch to [`launch_from_page`].
fn launch_button(sim: &LmsSimulator, form: &LaunchForm, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{action}\" target=\"_blank\" style=\"display:inline\">\
         <input type=\"hidden\" name=\"client_id\" value=\"{client}\">\
         <input type=\"hidden\" name=\"course\" value=\"{course}\">\
         <input type=\"hidden\" name=\"user\" value=\"{user}\">\
         <input type=\"hidden\" name=\"link\" value=\"{link}\">\
         <button type=\"submit\">{label}</button></form>\n",
        action = escape(&sim.url(LAUNCH_PATH)),
        client = escape(&form.client_id),
        course = escape(&form.course),
        user = escape(&form.user),
        link = escape(&form.link),
        label = escape(label),
    )
}

fn member_label(user: &User, roles: &[String]) -> String {
    let roles: Vec<&str> = roles.iter().map(|r| short_role_name(r)).collect();
    format!("{} ({}, {})", user.name(), roles.join(", "), user.locale)
}

/// One tool's section: deep linking for instructors, then its activities with launch buttons.
fn tool_section(
    sim: &LmsSimulator,
    tool: &RegisteredTool,
    course: &Course,
    users: &[User],
) -> String {
    let members: Vec<(&User, &[String])> = course
        .members
        .iter()
        .filter_map(|m| {
            users
                .iter()
                .find(|u| u.id == m.user_id)
                .map(|u| (u, m.roles.as_slice()))
        })
        .collect();
    let mut html = format!("<h2>{}</h2>\n", escape(&tool.registration.name));
    let form = |user: &User, link: &str| LaunchForm {
        client_id: tool.client_id.clone(),
        course: course.id.clone(),
        user: user.id.clone(),
        link: link.to_owned(),
    };
    for (user, _) in members
        .iter()
        .filter(|(_, r)| r.iter().any(|r| r == roles::INSTRUCTOR))
    {
        html.push_str(&launch_button(
            sim,
            &form(user, ""),
            &format!("Add content as {}", user.name()),
        ));
    }
    let activities = sim
        .activities()
        .into_iter()
        .filter(|a| a.client_id == tool.client_id && a.context_id == course.id);
    for activity in activities {
        html.push_str(&format!("<h3>{}</h3>\n", escape(&activity.title)));
        for (user, member_roles) in &members {
            let label = format!("Launch as {}", member_label(user, member_roles));
            html.push_str(&launch_button(
                sim,
                &form(user, &activity.resource_link_id),
                &label,
            ));
        }
    }
    html
}

/// `GET /course/view.php?id={course}`.
pub(crate) async fn show_course(
    State(sim): State<LmsSimulator>,
    Query(query): Query<CourseQuery>,
) -> Result<Html<String>, SimError> {
    let id = query
        .id
        .ok_or_else(|| SimError::bad_request("the id query parameter (course) is missing"))?;
    let course = sim
        .course(&id)
        .ok_or_else(|| SimError::bad_request(format!("no course {id}")))?;
    let users = sim.users();
    let sections: String = sim
        .tools()
        .iter()
        .filter(|t| t.active)
        .map(|t| tool_section(&sim, t, &course, &users))
        .collect();
    let gradebook = sim.url(&format!("{GRADEBOOK_PATH}?id={}", course.id));
    Ok(Html(format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n\
         <h1>{title}</h1>\n<p><a href=\"{gradebook}\">Gradebook</a></p>\n{sections}</body></html>\n",
        title = escape(&course.title),
        gradebook = escape(&gradebook),
    )))
}

/// `POST /mod/lti/launch.php`: starts the launch and sends the browser to the tool's login.
pub(crate) async fn launch_from_page(
    State(sim): State<LmsSimulator>,
    Form(form): Form<LaunchForm>,
) -> Result<Html<String>, SimError> {
    let spec = if form.link.is_empty() {
        LaunchSpec::deep_linking(&form.user)
    } else {
        LaunchSpec::resource_link(&form.user, &form.link)
    };
    let initiation =
        sim.login_initiation(spec.with_client(&form.client_id).in_context(&form.course))?;
    let fields: Vec<(&str, &str)> = initiation
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Ok(Html(auto_post_page(
        "Launching the tool",
        initiation.url.as_str(),
        &fields,
    )))
}
