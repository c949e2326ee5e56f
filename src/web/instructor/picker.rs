//! The Deep Linking picker: choose modules or paths with their timing and grading, then post a
//! signed `LtiDeepLinkingResponse` (or an empty one on cancel) back to the platform.

use super::{registration_of, require_placer};
use crate::content::{JobRole, Lang};
use crate::deep_linking::{
    self, Choice, ChoiceError, Filter, ITEM_TYPE, Placeable, PlaceableKind, parse_choices,
};
use crate::error::AppError;
use crate::i18n::{Tr, UiLang};
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
    kind: String,
    id: String,
    title: String,
    summary: String,
    minutes: u32,
    languages: String,
    roles: String,
    /// What the instructor typed or ticked, kept when the form comes back with a problem.
    checked: bool,
    opens: String,
    due: String,
    graded: bool,
    /// Modules and paths only: the other kinds have no score to send.
    gradable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/picker.html")]
struct PickerPage {
    t: Tr,
    lang: &'static str,
    sid: String,
    course: String,
    rows: Vec<Row>,
    multiple: bool,
    line_items: bool,
    accepts_links: bool,
    /// `Some(true)`: the LMS creates the items at once; `Some(false)`: it shows them first.
    auto_create: Option<bool>,
    accepted: String,
    q: String,
    /// Filter options with their label and whether each is selected.
    roles: Vec<(&'static str, String, bool)>,
    langs: Vec<(&'static str, bool)>,
    problem: Option<String>,
}

fn instructor_lang(s: &Session) -> Lang {
    s.locale
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::english)
}

/// The interface language of the instructor pages: the LMS locale, else English.
pub(super) fn instructor_tr(s: &Session) -> Tr {
    Tr::new(UiLang::negotiate(Some(&instructor_lang(s))))
}

/// The kind's name in the instructor's language (`kind-module`); a kind added later without a
/// message keeps its English label.
fn kind_name(t: Tr, kind: PlaceableKind) -> String {
    let id = format!("kind-{}", kind.custom_key());
    match t.get(&id) {
        text if text == id => kind.label().to_owned(),
        text => text.to_owned(),
    }
}

/// A job role's name as the player shows it (`role-cl`).
fn role_name(t: Tr, role: JobRole) -> String {
    let id = format!("role-{}", role.as_str().to_ascii_lowercase());
    t.get(&id).to_owned()
}

/// The picker, with the form's earlier values (`fields`, empty on a first visit) filled in.
fn picker_page(
    app: &AppState,
    s: &Session,
    req: &Request,
    q: &FilterQuery,
    fields: &[(String, String)],
) -> PickerPage {
    let t = instructor_tr(s);
    let filter = q.filter();
    let join = |v: Vec<&str>| v.join(", ");
    let value = |name: String| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let rows = deep_linking::placeables(&app.content, &instructor_lang(s))
        .into_iter()
        .chain(app.hub.placeables(t))
        .chain([deep_linking::certificates_placeable(t)])
        .filter(|p| filter.matches(p))
        .map(|p| {
            let key = p.key();
            Row {
                kind: kind_name(t, p.kind),
                languages: join(p.languages.iter().map(Lang::as_str).collect()),
                roles: join(p.roles.iter().map(|r| r.as_str()).collect()),
                checked: fields.iter().any(|(k, v)| k == "item" && *v == key),
                opens: value(format!("opens.{key}")),
                due: value(format!("due.{key}")),
                graded: fields.is_empty() || !value(format!("graded.{key}")).is_empty(),
                gradable: p.kind.is_gradable(),
                key,
                id: p.id,
                title: p.title,
                summary: p.summary,
                minutes: p.minutes,
            }
        })
        .collect();
    let lti = req.lti();
    PickerPage {
        t,
        lang: t.lang().code(),
        sid: s.id.as_str().to_owned(),
        course: s.data.context_title.clone().unwrap_or_default(),
        rows,
        multiple: lti.accepts_multiple(),
        line_items: lti.accepts_line_items(),
        accepts_links: lti.accepts_type(ITEM_TYPE),
        auto_create: req.settings.auto_create,
        accepted: req.settings.accept_types.join(", "),
        q: q.q.clone(),
        roles: JobRole::ALL
            .iter()
            .map(|r| (r.as_str(), role_name(t, *r), r.as_str() == q.role))
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
    Ok(picker_page(&app, &s, &req, &q, &[]).into_response())
}

/// A form problem in the instructor's language.
fn explain(t: Tr, all: &[Placeable], e: &ChoiceError) -> String {
    match e {
        ChoiceError::BadTime { value, .. } => t.text("dl-error-bad-time", "value", value),
        ChoiceError::DueBeforeOpens { key } => {
            let title = all
                .iter()
                .find(|p| p.key() == *key)
                .map(|p| p.title.as_str());
            t.text("dl-error-due-before", "title", title.unwrap_or(key))
        }
        _ => t.get("dl-error-nothing").to_owned(),
    }
}

/// The picked placeables with their choices, or the reason the form cannot be used.
fn picked(
    app: &AppState,
    s: &Session,
    fields: &[(String, String)],
) -> Result<Vec<(Placeable, Choice)>, String> {
    let t = instructor_tr(s);
    let mut all = deep_linking::placeables(&app.content, &instructor_lang(s));
    all.extend(app.hub.placeables(t));
    all.push(deep_linking::certificates_placeable(t));
    let choices = parse_choices(fields).map_err(|e| explain(t, &all, &e))?;
    choices
        .into_iter()
        .map(|c| match all.iter().find(|p| p.key() == c.key) {
            Some(p) => Ok((p.clone(), c)),
            None => Err(t.text("dl-error-unknown", "key", &c.key)),
        })
        .collect()
}

pub async fn submit_selection(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let req = Request::of(&app, &s).await?;
    let t = instructor_tr(&s);
    // The page comes back with everything the instructor typed, and the problem on top.
    let refuse = |problem: String| {
        let page = PickerPage {
            problem: Some(problem),
            ..picker_page(&app, &s, &req, &FilterQuery::default(), &fields)
        };
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    };
    let picked = match picked(&app, &s, &fields) {
        Ok(p) => p,
        Err(problem) => return refuse(problem),
    };
    let items = picked.iter().map(|(p, c)| p.content_item(c)).collect();
    let msg = t.num("dl-added", "count", picked.len() as f64);
    let response = DeepLinkingResponse::new(
        &req.lti(),
        items,
        ResponseMessages::msg(msg.clone()),
        SystemTime::now(),
    );
    match response {
        Ok(response) => return_page(&app, t, &response, msg),
        Err(e) => refuse(t.text("dl-error-platform", "reason", &e.to_string())),
    }
}

pub async fn cancel_selection(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let req = Request::of(&app, &s).await?;
    let t = instructor_tr(&s);
    let msg = t.get("dl-cancelled").to_owned();
    let response = DeepLinkingResponse::cancel(&req.lti(), Some(msg.clone()), SystemTime::now());
    return_page(&app, t, &response, msg)
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/return.html")]
struct ReturnPage {
    t: Tr,
    lang: &'static str,
    action: String,
    fields: Vec<(&'static str, String)>,
    message: String,
}

/// Signs with the tool's current key and renders the form that carries the JWT to the platform.
pub(crate) fn return_page(
    app: &AppState,
    t: Tr,
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
        t,
        lang: t.lang().code(),
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
