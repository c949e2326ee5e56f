//! The Deep Linking picker: choose modules or paths with their timing and grading, then post a
//! signed `LtiDeepLinkingResponse` (or an empty one on cancel) back to the platform.

use super::{registration_of, require_placer};
use crate::content::{JobRole, Lang};
use crate::deep_linking::{self, Choice, Filter, ITEM_TYPE, Placeable, parse_choices};
use crate::error::AppError;
use crate::launch::unix_now;
use crate::platforms::Registration;
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lti::claims::DeepLinkingSettings;
use lti::{DeepLinkingRequest, DeepLinkingResponse, DeploymentId, KeyId, ResponseMessages};
use serde::Deserialize;
use std::time::SystemTime;

/// What the deep linking request of this session needs to be answered.
struct Request {
    settings: DeepLinkingSettings,
    registration: Registration,
    deployment: DeploymentId,
}

impl Request {
    fn load_parts(s: &Session) -> Result<(DeepLinkingSettings, DeploymentId), AppError> {
        let not_dl = || {
            AppError::bad_request(
                "not_deep_linking",
                "This page answers a deep linking request, and this session did not start with one. Use \"Add an activity\" in your LMS.",
            )
        };
        let settings = s.data.deep_linking.clone().ok_or_else(not_dl)?;
        let settings = serde_json::from_value(settings).map_err(|_| not_dl())?;
        let deployment = DeploymentId::parse(s.deployment_id.clone()).map_err(|_| not_dl())?;
        Ok((settings, deployment))
    }

    async fn of(app: &AppState, s: &Session) -> Result<Request, AppError> {
        require_placer(s)?;
        let (settings, deployment) = Self::load_parts(s)?;
        let registration = registration_of(app, s).await?;
        Ok(Request {
            settings,
            registration,
            deployment,
        })
    }

    fn lti(&self) -> DeepLinkingRequest<'_> {
        DeepLinkingRequest::new(
            &self.settings,
            &self.registration.client_id,
            &self.registration.issuer,
            &self.deployment,
        )
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    lang: String,
}

impl FilterQuery {
    fn filter(&self) -> Filter {
        Filter {
            query: self.q.clone(),
            role: JobRole::parse(&self.role),
            language: Lang::parse(&self.lang),
        }
    }
}

struct Row {
    key: String,
    kind: &'static str,
    id: String,
    title: String,
    summary: String,
    minutes: u32,
    languages: String,
    roles: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/picker.html")]
struct PickerPage {
    sid: String,
    course: String,
    rows: Vec<Row>,
    multiple: bool,
    line_items: bool,
    accepts_links: bool,
    accepted: String,
    q: String,
    /// Filter options with whether each is selected.
    roles: Vec<(&'static str, bool)>,
    langs: Vec<(&'static str, bool)>,
    problem: Option<String>,
}

fn instructor_lang(s: &Session) -> Lang {
    s.locale
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::english)
}

fn picker_page(app: &AppState, s: &Session, req: &Request, q: &FilterQuery) -> PickerPage {
    let filter = q.filter();
    let join = |v: Vec<&str>| v.join(", ");
    let rows = deep_linking::placeables(&app.content, &instructor_lang(s))
        .into_iter()
        .filter(|p| filter.matches(p))
        .map(|p| Row {
            key: p.key(),
            kind: p.kind.label(),
            languages: join(p.languages.iter().map(Lang::as_str).collect()),
            roles: join(p.roles.iter().map(|r| r.as_str()).collect()),
            id: p.id,
            title: p.title,
            summary: p.summary,
            minutes: p.minutes,
        })
        .collect();
    let lti = req.lti();
    PickerPage {
        sid: s.id.as_str().to_owned(),
        course: s.data.context_title.clone().unwrap_or_default(),
        rows,
        multiple: lti.accepts_multiple(),
        line_items: lti.accepts_line_items(),
        accepts_links: lti.accepts_type(ITEM_TYPE),
        accepted: req.settings.accept_types.join(", "),
        q: q.q.clone(),
        roles: JobRole::ALL
            .iter()
            .map(|r| (r.as_str(), r.as_str() == q.role))
            .collect(),
        langs: ["en", "de", "fr", "es", "it", "nl"]
            .map(|l| (l, l == q.lang))
            .to_vec(),
        problem: None,
    }
}

pub async fn show_picker(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Query(q): Query<FilterQuery>,
) -> Result<Response, AppError> {
    let req = Request::of(&app, &s).await?;
    Ok(picker_page(&app, &s, &req, &q).into_response())
}

/// The picked placeables with their choices, or the reason the form cannot be used.
fn picked(
    app: &AppState,
    s: &Session,
    fields: &[(String, String)],
) -> Result<Vec<(Placeable, Choice)>, String> {
    let choices = parse_choices(fields).map_err(|e| e.to_string())?;
    let all = deep_linking::placeables(&app.content, &instructor_lang(s));
    choices
        .into_iter()
        .map(|c| match all.iter().find(|p| p.key() == c.key) {
            Some(p) => Ok((p.clone(), c)),
            None => Err(format!("{} is not something SecureHospitals offers", c.key)),
        })
        .collect()
}

pub async fn submit_selection(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let req = Request::of(&app, &s).await?;
    let refuse = |problem: String| {
        let page = PickerPage {
            problem: Some(problem),
            ..picker_page(&app, &s, &req, &FilterQuery::default())
        };
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    };
    let picked = match picked(&app, &s, &fields) {
        Ok(p) => p,
        Err(problem) => return refuse(problem),
    };
    let items = picked.iter().map(|(p, c)| p.content_item(c)).collect();
    let count = picked.len();
    let msg = format!(
        "{count} SecureHospitals activit{} added.",
        if count == 1 { "y" } else { "ies" }
    );
    let response = DeepLinkingResponse::new(
        &req.lti(),
        items,
        ResponseMessages::msg(msg.clone()),
        SystemTime::now(),
    );
    match response {
        Ok(response) => return_page(&app, &response, msg),
        Err(e) => refuse(format!("The course cannot take this selection: {e}")),
    }
}

pub async fn cancel_selection(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let req = Request::of(&app, &s).await?;
    let msg = "Nothing was added: the selection was cancelled in SecureHospitals.".to_owned();
    let response = DeepLinkingResponse::cancel(&req.lti(), Some(msg.clone()), SystemTime::now());
    return_page(&app, &response, msg)
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/return.html")]
struct ReturnPage {
    action: String,
    fields: Vec<(&'static str, String)>,
    message: String,
}

/// Signs with the tool's current key and renders the form that carries the JWT to the platform.
fn return_page(
    app: &AppState,
    response: &DeepLinkingResponse,
    message: String,
) -> Result<Response, AppError> {
    let keys = app.keys.current();
    let no_key = || {
        AppError::unavailable(
            "no_signing_key",
            "The tool has no signing key right now, so it cannot answer the course. Ask the tool's administrator to run `keys rotate`.",
            anyhow::anyhow!("no current signing key"),
        )
    };
    let (kid, key) = keys.signing_key(unix_now()).ok_or_else(no_key)?;
    let kid = KeyId::parse(kid.to_owned()).map_err(|_| no_key())?;
    let signed = response.sign(key, &kid).map_err(AppError::internal)?;
    let page = ReturnPage {
        action: signed.return_url().to_string(),
        fields: signed
            .auto_submit_form_fields()
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect(),
        message,
    };
    Ok(page.into_response())
}
