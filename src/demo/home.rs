//! The demo LMS's home page: who is who in the demo hospital, one button per person to open the
//! tool, the trainer's button to add modules (deep linking), the placed modules, the gradebook.

use super::people::{DEMO_COURSE_ID, DemoPerson, people};
use super::{Setup, SharedSetup};
use crate::lms_simulator::LmsSimulator;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

#[derive(Clone)]
struct HomeState {
    lms: LmsSimulator,
    setup: SharedSetup,
}

pub(super) fn router(lms: LmsSimulator, setup: SharedSetup) -> Router {
    Router::new()
        .route("/", get(show_home))
        .with_state(HomeState { lms, setup })
}

/// A module the trainer placed, with the launch it opens.
struct Placed {
    title: String,
    link: String,
    graded: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "demo/home.html")]
struct DemoHomePage {
    course_title: String,
    course_id: &'static str,
    course_url: String,
    gradebook_url: String,
    launch_url: String,
    client_id: String,
    dashboard_link: String,
    wizard_link: String,
    people: &'static [DemoPerson],
    placed: Vec<Placed>,
    /// The values an LMS administrator would see after registering the tool.
    issuer: String,
    deployment_id: String,
    tool_url: String,
    lms_jwks_url: String,
}

async fn show_home(State(home): State<HomeState>) -> Response {
    let Some(setup) = home.setup.get().cloned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The demo is still starting: reload this page in a moment.",
        )
            .into_response();
    };
    page(&home.lms, setup).into_response()
}

fn page(lms: &LmsSimulator, setup: Setup) -> DemoHomePage {
    let course_title = lms
        .course(DEMO_COURSE_ID)
        .map(|c| c.title)
        .unwrap_or_default();
    let placed = lms
        .activities()
        .into_iter()
        .filter(|a| {
            a.client_id == setup.client_id
                && a.context_id == DEMO_COURSE_ID
                && a.resource_link_id != setup.dashboard_link
                && a.resource_link_id != setup.wizard_link
        })
        .map(|a| Placed {
            title: a.title,
            link: a.resource_link_id,
            graded: a.line_item_id.is_some(),
        })
        .collect();
    DemoHomePage {
        course_title,
        course_id: DEMO_COURSE_ID,
        course_url: lms.course_url(DEMO_COURSE_ID),
        gradebook_url: lms.gradebook_url(DEMO_COURSE_ID),
        launch_url: lms.launch_trigger_url(),
        client_id: setup.client_id,
        dashboard_link: setup.dashboard_link,
        wizard_link: setup.wizard_link,
        people: people(),
        placed,
        issuer: lms.issuer().to_owned(),
        deployment_id: setup.deployment_id,
        tool_url: setup.tool_url,
        lms_jwks_url: lms.jwks_url(),
    }
}
