//! The operator's overview (registrations with the values to paste into an LMS, grade sync
//! health, key status) and its actions: approve, add a deployment, retry dead letters.

use super::{CsrfForm, Operator};
use crate::error::AppError;
use crate::platforms::{RegistrationId, RegistrationRef, RegistrationStatus};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator", get(show_dashboard))
        .route("/operator/registrations/{id}/approve", post(approve))
        .route(
            "/operator/registrations/{id}/deployments",
            post(add_deployment),
        )
        .route("/operator/grades/retry", post(retry_dead_letters))
}

/// The values an LMS administrator pastes into Moodle or Canvas.
struct SetupValues {
    login_url: String,
    launch_url: String,
    jwks_url: String,
    register_url: String,
    canvas_json_url: String,
}

struct RegistrationRow {
    id: String,
    name: String,
    issuer: String,
    client_id: String,
    status: &'static str,
    pending: bool,
    deployments: Vec<String>,
}

struct FailureRow {
    platform: String,
    dead: i64,
    retrying: i64,
    last_error: String,
}

struct DeadLetterRow {
    platform: String,
    user_id: String,
    score: i64,
    answer: String,
}

struct KeyRow {
    kid: String,
    status: String,
    signs_from: String,
    retires_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "operator/dashboard.html")]
struct DashboardPage {
    csrf: String,
    setup: SetupValues,
    registrations: Vec<RegistrationRow>,
    pending: i64,
    delivered: i64,
    dead: i64,
    oldest_pending: String,
    failures: Vec<FailureRow>,
    dead_letters: Vec<DeadLetterRow>,
    keys: Vec<KeyRow>,
}

async fn show_dashboard(
    State(app): State<AppState>,
    who: Operator,
) -> Result<DashboardPage, AppError> {
    let now = crate::launch::unix_now();
    let registrations = app
        .store
        .list_registrations()
        .await
        .map_err(AppError::internal)?;
    let names: HashMap<String, String> = registrations
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let outbox = app
        .store
        .outbox_status()
        .await
        .map_err(AppError::internal)?;
    let keys = crate::keys::list(app.store.as_ref(), now)
        .await
        .map_err(AppError::internal)?;
    let url = |p: &str| app.config.url(p).to_string();
    Ok(DashboardPage {
        csrf: who.csrf().to_owned(),
        setup: SetupValues {
            login_url: url("lti/login"),
            launch_url: url("lti/launch"),
            jwks_url: url(".well-known/jwks.json"),
            register_url: url("lti/register"),
            canvas_json_url: url("lti/canvas.json"),
        },
        registrations: registrations
            .iter()
            .map(|r| RegistrationRow {
                id: r.id.to_string(),
                name: r.name.clone(),
                issuer: r.issuer.to_string(),
                client_id: r.client_id.to_string(),
                status: r.status.as_str(),
                pending: r.status == RegistrationStatus::Pending,
                deployments: r.deployments.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        pending: outbox.pending,
        delivered: outbox.delivered,
        dead: outbox.dead,
        oldest_pending: outbox.oldest_pending_ms.map_or_else(
            || "none".to_owned(),
            |t| format!("{} s ago", (now * 1000 - t).max(0) / 1000),
        ),
        failures: outbox
            .failures
            .iter()
            .map(|f| FailureRow {
                platform: name(&f.registration_id),
                dead: f.dead,
                retrying: f.retrying,
                last_error: f.last_error.clone().unwrap_or_default(),
            })
            .collect(),
        dead_letters: outbox
            .dead_letters
            .iter()
            .map(|d| DeadLetterRow {
                platform: name(&d.registration_id),
                user_id: d.user_id.clone(),
                score: d.score_given,
                answer: d.answer.clone(),
            })
            .collect(),
        keys: keys
            .iter()
            .map(|k| KeyRow {
                kid: k.kid.clone(),
                status: k.status.to_string(),
                signs_from: crate::keys::format_time(k.signs_from),
                retires_at: k
                    .retires_at
                    .map_or_else(|| "-".to_owned(), crate::keys::format_time),
            })
            .collect(),
    })
}

async fn registration(
    app: &AppState,
    id: &str,
) -> Result<crate::platforms::Registration, AppError> {
    let not_found = || AppError::not_found("No such registration.");
    let id = RegistrationId::parse(id).ok_or_else(not_found)?;
    app.store
        .find_registration(&RegistrationRef::Id(id))
        .await
        .map_err(AppError::internal)?
        .ok_or_else(not_found)
}

async fn approve(
    State(app): State<AppState>,
    who: Operator,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Redirect, AppError> {
    who.check_form(&app, &headers, &form.csrf)?;
    let r = registration(&app, &id).await?;
    app.store
        .set_registration_status(r.id, RegistrationStatus::Active)
        .await
        .map_err(AppError::internal)?;
    app.registry.invalidate();
    tracing::info!(registration = %r.id, "operator approved a registration");
    Ok(Redirect::to("/operator"))
}

#[derive(Deserialize)]
struct DeploymentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    deployment_id: String,
}

async fn add_deployment(
    State(app): State<AppState>,
    who: Operator,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DeploymentForm>,
) -> Result<Redirect, AppError> {
    who.check_form(&app, &headers, &form.csrf)?;
    let r = registration(&app, &id).await?;
    let deployment =
        crate::platforms::operator_deployment_id(&form.deployment_id).map_err(|e| {
            AppError::bad_request(
                "invalid_deployment_id",
                format!("That deployment id cannot be used: {e}."),
            )
        })?;
    app.store
        .add_deployment(r.id, &deployment)
        .await
        .map_err(AppError::internal)?;
    app.registry.invalidate();
    Ok(Redirect::to("/operator"))
}

async fn retry_dead_letters(
    State(app): State<AppState>,
    who: Operator,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Redirect, AppError> {
    who.check_form(&app, &headers, &form.csrf)?;
    let now_ms = crate::grades::unix_ms(std::time::SystemTime::now());
    let n = app
        .store
        .retry_dead_letters(now_ms)
        .await
        .map_err(AppError::internal)?;
    tracing::info!(rows = n, "operator queued dead letters again");
    Ok(Redirect::to("/operator"))
}
