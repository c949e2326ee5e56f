//! Instructor pages: the Deep Linking picker and the course roster. Every route checks the
//! session's roles; a learner gets a 403 page. Pages speak the LMS locale (six languages).

mod picker;
pub(crate) use picker::return_page;
mod roster;
mod roster_actions;

use crate::error::AppError;
use crate::platforms::Registration;
use crate::sessions::Session;
use crate::state::AppState;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/s/{sid}/deep-linking",
            get(picker::show_picker).post(picker::submit_selection),
        )
        .route(
            "/s/{sid}/deep-linking/cancel",
            post(picker::cancel_selection),
        )
        .route("/s/{sid}/roster", get(roster::show_roster))
        .route("/s/{sid}/roster.csv", get(roster::export_roster))
        .route(
            "/s/{sid}/roster/reset",
            post(roster_actions::reset_attempts),
        )
        .route(
            "/s/{sid}/roster/extend",
            post(roster_actions::grant_extension),
        )
        .route("/static/deep-linking-return.js", get(return_script))
}

/// Instructors, administrators and content developers may place content.
fn require_placer(s: &Session) -> Result<(), AppError> {
    let allowed = s
        .roles()
        .iter()
        .any(|r| r.is_instructor() || r.is_admin() || r.is_content_developer());
    allowed.then_some(()).ok_or_else(|| {
        AppError::forbidden(
            "instructors_only",
            "Only instructors and content developers can add SecureHospitals activities to a course.",
        )
    })
}

/// Only instructors (and administrators) of this context see its roster.
fn require_instructor(s: &Session) -> Result<(), AppError> {
    s.is_instructor().then_some(()).ok_or_else(|| {
        AppError::forbidden(
            "instructors_only",
            "Only the course's instructors can see its roster and progress.",
        )
    })
}

/// The registration the session was launched through.
async fn registration_of(app: &AppState, s: &Session) -> Result<Registration, AppError> {
    app.registry.by_id(s.registration_id).await?.ok_or_else(|| {
        AppError::forbidden(
            "registration_removed",
            "The platform this session came from is no longer registered with the tool.",
        )
    })
}

/// Submits the deep linking response form once the page has loaded (CSP allows only our own
/// scripts, so this cannot be inline); the visible button covers browsers without scripts.
async fn return_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/deep-linking-return.js"),
    )
}
