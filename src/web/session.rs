//! Tool sessions over HTTP. Pages carry their session in the path (`/s/{sid}/…`), so two launches
//! in two tabs never mix; API callers may also send `Authorization: Bearer <sid>` or the cookie.

use crate::error::AppError;
use crate::launch::unix_now;
use crate::sessions::{Session, SessionId};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Serialize;

pub const SESSION_COOKIE: &str = "sh_session";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/session", get(show_session_json))
        .route("/s/{sid}/", get(show_home))
        .route("/s/{sid}/end", post(end_session))
}

/// The cookie that lets a framed page's API calls find their session when the path cannot.
pub fn session_cookie(id: &SessionId, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, id.as_str().to_owned()))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::None)
        .partitioned(true)
        .max_age(time::Duration::seconds(max_age_secs))
        .build()
}

/// The request's live session. Rejects with 401 (JSON for `/api/`, HTML otherwise).
#[derive(Debug)]
pub struct CurrentSession(pub Session);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let api = parts.uri.path().starts_with("/api/");
        let missing = || {
            let e = AppError::unauthorized(
                "no_session",
                "There is no active SecureHospitals session here: it ended or expired. Open the activity again from your LMS.",
            );
            if api { e.as_json() } else { e }
        };
        let raw = session_id_from(parts).ok_or_else(missing)?;
        let id = SessionId::parse(&raw).ok_or_else(missing)?;
        match app.store.find_session(&id, unix_now()).await {
            Ok(Some(s)) => Ok(Self(s)),
            Ok(None) => Err(missing()),
            Err(e) => Err(if api {
                AppError::from(e).as_json()
            } else {
                AppError::from(e)
            }),
        }
    }
}

/// The session a request names. Under `/s/` only the path counts: the first segment after it is
/// the session id, whatever the rest of the path holds. Never the cookie there, since a
/// cross-site form post carries the cookie (`SameSite=None`, for LMS frames) but cannot know the
/// id; a page whose path names no readable session has none. Elsewhere (`/api/…`) an API
/// caller's `Authorization: Bearer <sid>`, else the cookie.
fn session_id_from(parts: &Parts) -> Option<String> {
    if let Some(rest) = parts.uri.path().strip_prefix("/s/") {
        return rest
            .split('/')
            .next()
            .filter(|sid| !sid.is_empty())
            .map(str::to_owned);
    }
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    bearer.or_else(|| {
        CookieJar::from_headers(&parts.headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
    })
}

#[derive(Serialize)]
struct SessionJson<'a> {
    platform: String,
    client_id: Option<String>,
    deployment_id: &'a str,
    context_id: Option<&'a str>,
    user_id: &'a str,
    roles: Vec<RoleJson>,
    locale: Option<&'a str>,
    message_type: &'a str,
}

#[derive(Serialize)]
struct RoleJson {
    uri: String,
    short: String,
}

async fn show_session_json(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let registration = app
        .registry
        .by_id(s.registration_id)
        .await
        .map_err(|e| AppError::from(e).as_json())?;
    let body = SessionJson {
        platform: registration
            .as_ref()
            .map_or_else(String::new, |r| r.issuer.to_string()),
        client_id: registration.as_ref().map(|r| r.client_id.to_string()),
        deployment_id: &s.deployment_id,
        context_id: s.context_id.as_deref(),
        user_id: &s.user_id,
        roles: s
            .roles()
            .iter()
            .map(|r| RoleJson {
                uri: r.full_uri().into_owned(),
                short: r.short_name().to_owned(),
            })
            .collect(),
        locale: s.locale.as_deref(),
        message_type: &s.message_type,
    };
    Ok(Json(body).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "home/index.html")]
struct HomePage {
    t: crate::i18n::Tr,
    lang: &'static str,
    sid: String,
    welcome: String,
    course: Option<String>,
    platform: Option<String>,
    instructor: bool,
    /// An institution or system administrator: the institution view is open to them.
    admin: bool,
    deep_linking: bool,
    message_type: String,
}

/// The session's page language: the learner's chosen language, else the launch's locale.
/// Every page of the tool (player, grades, hub, wizard) asks here.
pub(super) async fn tr_for(app: &AppState, s: &Session) -> crate::i18n::Tr {
    let learner = crate::courses::Learner {
        registration_id: s.registration_id,
        user_id: s.user_id.clone(),
    };
    let chosen = app
        .store
        .learner_profile(&learner)
        .await
        .ok()
        .and_then(|p| p.language);
    let lang = chosen.or_else(|| s.locale.as_deref().and_then(crate::content::Lang::parse));
    crate::i18n::Tr::new(crate::i18n::UiLang::negotiate(lang.as_ref()))
}

/// The start page, in the session's language.
async fn show_home(State(app): State<AppState>, CurrentSession(s): CurrentSession) -> HomePage {
    let t = tr_for(&app, &s).await;
    let d = &s.data;
    let name = d.given_name.clone().or_else(|| d.name.clone());
    let present = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
    HomePage {
        t,
        lang: t.lang().code(),
        welcome: match name {
            Some(name) => t.text("home-welcome", "name", &name),
            None => t.get("home-welcome-anonymous").to_owned(),
        },
        course: present(&d.context_title)
            .or_else(|| present(&d.context_label))
            .map(|c| t.text("home-course", "course", &c)),
        platform: present(&d.platform_name).map(|p| t.text("home-platform", "platform", &p)),
        instructor: s.is_instructor(),
        admin: super::institution::is_institution_admin(&s),
        deep_linking: s.message_type == "LtiDeepLinkingRequest",
        message_type: s.message_type.clone(),
        sid: s.id.as_str().to_owned(),
    }
}

async fn end_session(
    State(app): State<AppState>,
    jar: CookieJar,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let lang = tr_for(&app, &s).await.lang().code();
    app.store.delete_session(&s.id).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    // The session is gone, so the page after it learns its language from the address.
    Ok((jar, Redirect::to(&format!("/ended?lang={lang}"))).into_response())
}
