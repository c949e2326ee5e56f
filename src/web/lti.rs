//! `/lti/login` (OIDC login initiation, GET and POST) and `/lti/launch` (the id_token post, and a
//! harmless answer to the plain GET that Moodle sends when a teacher saves an activity).

use super::rate_limit;
use crate::error::AppError;
use crate::launch::{self, LaunchStep, LoginNext, Proof, Refusal, RefusalKind};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/lti/login", get(login_get).post(login_post))
        .route("/lti/launch", get(launch_probe).post(launch_post))
        .route("/lti/cookie-check/{digest}", get(cookie_check))
        .route("/static/lti-storage.js", get(storage_script))
        .layer(rate_limit::layer(&state.config))
}

/// The state cookie's name carries a digest of the state, so concurrent launches in several tabs
/// never overwrite each other's cookie (the state itself is a few hundred characters long).
fn state_cookie_name(state: &str) -> String {
    format!("lti_state_{}", launch::binding::short_digest(state))
}

async fn login_get(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    login(app, headers, params).await
}

async fn login_post(
    State(app): State<AppState>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Response {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    login(app, headers, params).await
}

async fn login(app: AppState, headers: HeaderMap, params: Vec<(String, String)>) -> Response {
    let framed = headers
        .get("sec-fetch-dest")
        .is_some_and(|v| v.as_bytes() == b"iframe");
    // Only a refused login needs the registry again for its label: a started one says which
    // registration it is for.
    let (iss, client_id) = login_names(&params);
    match launch::begin_login(&app, params, framed).await {
        Ok(redirect) => {
            crate::metrics::login(&redirect.registration_id.to_string(), "ok");
            let mut response = match redirect.next {
                LoginNext::Redirect => {
                    let mut r = Redirect::to(redirect.auth_url.as_str()).into_response();
                    *r.status_mut() = StatusCode::FOUND;
                    r
                }
                LoginNext::Page(ref page) => {
                    super::lti_pages::login_page(&redirect, page, &headers)
                }
            };
            if redirect.set_cookie {
                let cookie = Cookie::build((state_cookie_name(&redirect.state), "1"))
                    .path("/lti/")
                    .http_only(true)
                    .secure(true)
                    .same_site(SameSite::None)
                    .partitioned(true)
                    .max_age(time::Duration::seconds(redirect.state_ttl_secs))
                    .build();
                if let Ok(v) = header::HeaderValue::from_str(&cookie.to_string()) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            response
        }
        Err(refusal) => {
            let platform = login_platform(&app, iss, client_id).await;
            crate::metrics::login(&platform, refusal.code);
            refusal_response(refusal, &headers)
        }
    }
}

/// The `iss` and `client_id` a login names, before the parameters move into the login.
fn login_names(params: &[(String, String)]) -> (Option<String>, Option<String>) {
    let find = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    (find("iss"), find("client_id"))
}

/// The metric label of a login: the id of the registration it names, or `unknown`. Only
/// registrations the operator added can become labels, so a caller sending made-up issuers
/// adds no label values.
async fn login_platform(app: &AppState, iss: Option<String>, client_id: Option<String>) -> String {
    let Some(iss) = iss.and_then(|i| lti::Issuer::parse(i).ok()) else {
        return "unknown".into();
    };
    let client_id = client_id.and_then(|c| lti::ClientId::parse(c).ok());
    match app.registry.lookup(&iss, client_id.as_ref()).await {
        Ok(crate::registry::Lookup::Found(r)) => r.id.to_string(),
        _ => "unknown".into(),
    }
}

#[derive(Deserialize)]
struct LaunchForm {
    id_token: Option<String>,
    state: Option<String>,
    /// The platform-storage secret, posted by the restore page.
    lti_storage_secret: Option<String>,
}

async fn launch_post(
    State(app): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LaunchForm>,
) -> Response {
    let (Some(id_token), Some(state)) = (form.id_token, form.state) else {
        crate::metrics::launch(None, "missing_parameter");
        return AppError::bad_request(
            "missing_parameter",
            "The launch needs both `id_token` and `state` form fields.",
        )
        .for_client(&headers)
        .into_response();
    };
    let proof = Proof {
        cookie: jar.get(&state_cookie_name(&state)).is_some(),
        secret: form
            .lti_storage_secret
            .filter(|s| !s.is_empty() && s.len() <= 128),
    };
    let attempt = launch::complete_launch(&app, &id_token, &state, &proof).await;
    // The platform label comes from the sealed state (checked, so a caller cannot invent one).
    let platform = attempt.registration_id.map(|id| id.to_string());
    match attempt.result {
        Ok(LaunchStep::ReadStorage(get)) => {
            super::lti_pages::restore_page(&get, &id_token, &state, &headers)
        }
        Ok(LaunchStep::Done(outcome)) => {
            crate::metrics::launch(platform.as_deref(), "ok");
            crate::metrics::launch_path(outcome.path.as_str());
            let mut jar = jar.remove(Cookie::build(state_cookie_name(&state)).path("/lti/"));
            jar = jar.add(super::session::session_cookie(
                &outcome.session_id,
                app.config.session_idle.as_secs() as i64,
            ));
            let to = format!("/s/{}/{}", outcome.session_id.as_str(), outcome.landing);
            (jar, Redirect::to(&to)).into_response()
        }
        Err(refusal) => {
            crate::metrics::launch(platform.as_deref(), refusal.code);
            refusal_response(refusal, &headers)
        }
    }
}

fn refusal_response(refusal: Refusal, headers: &HeaderMap) -> Response {
    let status = match refusal.kind {
        RefusalKind::Invalid => StatusCode::BAD_REQUEST,
        RefusalKind::NotAllowed => StatusCode::FORBIDDEN,
        RefusalKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    AppError {
        status,
        code: refusal.code,
        message: refusal.message,
        cause: refusal.source,
        json: false,
    }
    .for_client(headers)
    .into_response()
}

/// Whether the state cookie of one login came back: the login page asks before relying on it
/// (a browser may drop even partitioned cookies in frames).
async fn cookie_check(
    axum::extract::Path(digest): axum::extract::Path<String>,
    jar: CookieJar,
) -> Response {
    let name = format!("lti_state_{digest}");
    let cookie = digest.len() == 32 && jar.get(&name).is_some();
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "cookie": cookie })),
    )
        .into_response()
}

async fn storage_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/lti-storage.js"),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "lti/probe.html")]
struct ProbePage;

/// Moodle fetches the launch URL server-side (no id_token) when a teacher saves an activity.
async fn launch_probe() -> ProbePage {
    ProbePage
}
