//! The operator pages under `/operator`: a password login (rate-limited per client address), then
//! registrations, grade sync health and key status, with a few actions. The session cookie is
//! `HttpOnly`, `Secure`, `SameSite=Strict` on `/operator`; every form carries the session's CSRF
//! token and a cross-origin `Origin` is refused.

mod dashboard;

use crate::error::AppError;
use crate::operator::{self, COOKIE, OperatorError};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/login", get(show_login).post(log_in))
        .route("/operator/logout", post(log_out))
        .merge(dashboard::router())
}

/// A signed-in operator: the session's token and CSRF token. Without one, pages redirect to
/// the login form.
#[derive(Debug)]
pub struct Operator {
    token: String,
    csrf: String,
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let to_login = || Redirect::to("/operator/login").into_response();
        let Some(token) = jar.get(COOKIE).map(|c| c.value().to_owned()) else {
            return Err(to_login());
        };
        match operator::session(&app.store, &token, crate::launch::unix_now()).await {
            Ok(Some(s)) => Ok(Self {
                token,
                csrf: s.csrf,
            }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(AppError::internal(e).into_response()),
        }
    }
}

impl Operator {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// A state-changing form is accepted only with this session's CSRF token and, when the
    /// browser names one, from the tool's own origin.
    pub fn check_form(
        &self,
        app: &AppState,
        headers: &HeaderMap,
        csrf: &str,
    ) -> Result<(), AppError> {
        let own = app.config.public_url.origin().ascii_serialization();
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        if origin.is_some_and(|o| o != own) || !operator::same_secret(csrf, &self.csrf) {
            return Err(AppError::forbidden(
                "csrf_check_failed",
                "This form did not come from the operator pages of this session. Reload the page and try again.",
            ));
        }
        Ok(())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "operator/login.html")]
struct LoginPage {
    message: Option<String>,
}

async fn show_login() -> LoginPage {
    LoginPage { message: None }
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    password: String,
}

async fn log_in(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    // Counted like the other limits: an IPv6 client as its /64 network.
    let client = super::rate_limit::ClientIp::new(app.config.trusted_proxies.clone())
        .limit_key(
            Some(peer.ip()),
            headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
        )
        .to_string();
    let now = crate::launch::unix_now();
    match operator::log_in(&app.store, &client, &form.password, now).await {
        Ok(login) => {
            let cookie = Cookie::build((COOKIE, login.token))
                .path("/operator")
                .http_only(true)
                .secure(true)
                .same_site(SameSite::Strict)
                .max_age(time::Duration::seconds(login.max_age_secs))
                .build();
            (CookieJar::new().add(cookie), Redirect::to("/operator")).into_response()
        }
        Err(e) => login_refused(e),
    }
}

fn login_refused(e: OperatorError) -> Response {
    let status = match &e {
        OperatorError::WrongPassword | OperatorError::NoPassword => StatusCode::UNAUTHORIZED,
        OperatorError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => return AppError::internal(e).into_response(),
    };
    tracing::warn!(reason = %e, "operator login refused");
    let mut response = (
        status,
        LoginPage {
            message: Some(e.to_string()),
        },
    )
        .into_response();
    if let OperatorError::RateLimited { retry_after_secs } = e
        && let Ok(v) = retry_after_secs.to_string().parse()
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

async fn log_out(
    State(app): State<AppState>,
    who: Operator,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    who.check_form(&app, &headers, &form.csrf)?;
    operator::log_out(&app.store, &who.token)
        .await
        .map_err(AppError::internal)?;
    let gone = Cookie::build(COOKIE).path("/operator").build();
    Ok((
        CookieJar::new().remove(gone),
        Redirect::to("/operator/login"),
    )
        .into_response())
}
