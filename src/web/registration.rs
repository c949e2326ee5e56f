//! `/lti/register` (1EdTech Dynamic Registration, opened by the LMS in an iframe) and
//! `/lti/canvas.json` (the Canvas Developer Key configuration), both from one tool description.

use super::headers::FrameAncestor;
use crate::registration::ToolConfiguration;
use crate::registration::flow::{self, Failure};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lti/register", get(register_platform))
        .route("/lti/canvas.json", get(show_canvas_json))
        .route("/static/registration-close.js", get(close_script))
        .route("/static/logo.svg", get(logo))
}

/// The registration token is a credential: no `Debug`, so it cannot be logged by accident.
#[derive(Deserialize)]
struct RegisterParams {
    openid_configuration: Option<String>,
    registration_token: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "registration/done.html")]
struct RegisteredPage {
    platform: String,
    issuer: String,
    client_id: String,
    deployment_id: Option<String>,
    registration_id: String,
    pending: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "registration/failed.html")]
struct RegistrationFailedPage {
    message: String,
    fix: &'static str,
    code: &'static str,
}

async fn register_platform(
    State(app): State<AppState>,
    Query(params): Query<RegisterParams>,
) -> Response {
    let config_url = flow::configuration_url(params.openid_configuration.as_deref());
    // The platform is not registered yet, so the security headers would forbid it to frame
    // this page: allow the configuration URL's origin for this response only.
    let ancestor = config_url
        .as_ref()
        .ok()
        .map(|u| FrameAncestor(u.origin().ascii_serialization()));
    let token = params.registration_token.unwrap_or_default();
    let outcome = match config_url {
        Ok(url) => flow::register(&app, &url, &token).await,
        Err(e) => Err(e),
    };
    let mut response = match outcome {
        Ok(done) => {
            metrics::counter!("lti_registrations_total", "outcome" => "ok").increment(1);
            let r = done.registration;
            RegisteredPage {
                platform: done.product,
                issuer: r.issuer.to_string(),
                client_id: r.client_id.to_string(),
                deployment_id: r.deployments.first().map(ToString::to_string),
                registration_id: r.id.to_string(),
                pending: r.status == crate::platforms::RegistrationStatus::Pending,
            }
            .into_response()
        }
        Err(failure) => failure_page(failure),
    };
    if let Some(a) = ancestor {
        response.extensions_mut().insert(a);
    }
    response
}

fn failure_page(failure: Failure) -> Response {
    let (status, code, fix) = match &failure {
        Failure::MissingParameter(_) | Failure::BadConfigurationUrl(_) => (
            StatusCode::BAD_REQUEST,
            "registration_bad_request",
            "Open this page from the LMS's \"Add LTI Advantage\" (Moodle) or dynamic registration (Canvas) form, not directly.",
        ),
        Failure::NotPublic { .. } => (
            StatusCode::BAD_REQUEST,
            "registration_address_not_public",
            "Register from the LMS's public address. For a demo or test LMS on this machine or a private network, the tool's operator can set `registration_allow_private_addresses`.",
        ),
        Failure::Unreachable { .. } => (
            StatusCode::BAD_GATEWAY,
            "registration_platform_unreachable",
            "Check that the LMS is reachable from the tool's server at the address it gave, then try again.",
        ),
        Failure::Protocol(lti::registration::RegistrationError::Refused { .. }) => (
            StatusCode::BAD_GATEWAY,
            "registration_refused",
            "The registration link may have expired or been used already: start a new registration in the LMS.",
        ),
        Failure::Protocol(_) => (
            StatusCode::BAD_GATEWAY,
            "registration_platform_configuration",
            "The LMS's LTI 1.3 configuration is incomplete: check its LTI Advantage settings, or register the tool manually with `securehospitals platform add`.",
        ),
        Failure::Duplicate(_) => (
            StatusCode::CONFLICT,
            "registration_duplicate",
            "Remove the old registration on the tool first, or use the one already registered.",
        ),
        Failure::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "registration_store",
            "Ask the tool's operator to check the tool's logs and database.",
        ),
    };
    metrics::counter!("lti_registrations_total", "outcome" => code).increment(1);
    if status.is_server_error() {
        tracing::error!(error = ?failure, code, "dynamic registration failed");
    } else {
        tracing::warn!(error = %failure, code, "dynamic registration refused");
    }
    let page = RegistrationFailedPage {
        message: failure.to_string(),
        fix,
        code,
    };
    (status, page).into_response()
}

async fn show_canvas_json(State(app): State<AppState>) -> Response {
    match ToolConfiguration::new(&app.config.public_url) {
        Ok(tool) => Json(tool.canvas_json()).into_response(),
        Err(e) => crate::error::AppError::internal(e)
            .as_json()
            .into_response(),
    }
}

async fn close_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/registration-close.js"),
    )
}

async fn logo() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/logo.svg"),
    )
}
