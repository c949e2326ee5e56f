//! The institution view for platform and institution administrators: completion and
//! certificates by job role, overdue learners and certificates about to expire, across every
//! course of the session's own platform registration, as a page and as CSV.

use crate::content::{JobRole, Lang};
use crate::courses::Placement;
use crate::courses::timing::{Timing, show_unix};
use crate::db::institution::DueVisit;
use crate::error::AppError;
use crate::i18n::{Tr, UiLang};
use crate::institution::{self, EXPIRING_WITHIN_DAYS, Summary};
use crate::launch::unix_now;
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/institution", get(show_institution))
        .route("/s/{sid}/institution.csv", get(export_institution))
}

/// Whether the session's launch roles include an institution or system administrator role.
pub fn is_institution_admin(s: &Session) -> bool {
    s.roles().iter().any(lti::Role::is_admin)
}

/// Only administrators of the platform see figures about every course on it. A course
/// instructor is not one: their view is the roster of their own course.
fn require_admin(s: &Session) -> Result<(), AppError> {
    is_institution_admin(s).then_some(()).ok_or_else(|| {
        AppError::forbidden(
            "institution_admins_only",
            "Only your organisation's LMS administrators can see the institution overview. Course instructors find their learners' progress on the course roster.",
        )
    })
}

/// The interface language: the LMS locale, else English.
fn tr_for(s: &Session) -> Tr {
    Tr::new(UiLang::negotiate(
        s.locale.as_deref().and_then(Lang::parse).as_ref(),
    ))
}

/// The figures for the session's own registration: the tenant comes from the verified launch,
/// never from the request, so another platform's learners cannot be asked for.
async fn summary_for(app: &AppState, s: &Session) -> Result<Summary, AppError> {
    require_admin(s)?;
    let facts = app.store.institution_facts(s.registration_id).await?;
    Ok(institution::summarise(&facts, unix_now(), |path| {
        app.content
            .path(path)
            .map(|p| p.modules.clone())
            .unwrap_or_default()
    }))
}

/// The page lists at most this many overdue learners and expiring certificates each (a large
/// hospital group can have thousands); the CSV has every row.
const PAGE_ROWS: usize = 200;

/// One row of the overdue or expiring table, ready to print.
struct Line {
    user_id: String,
    name: String,
    role: String,
    course: String,
    item: String,
    date: String,
    detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "institution/index.html")]
struct InstitutionPage {
    t: Tr,
    lang: &'static str,
    sid: String,
    platform: String,
    intro: String,
    /// (role name, learners, completed, completion %, modules passed, certified, expiring,
    /// expired, revoked)
    roles: Vec<(String, [String; 8])>,
    total: [String; 8],
    overdue: Vec<Line>,
    /// "Showing the first 200 of 950", when the list was cut.
    overdue_cut: Option<String>,
    expiring: Vec<Line>,
    expiring_cut: Option<String>,
    expiring_heading: String,
}

/// The note under a list cut at [`PAGE_ROWS`].
fn cut_note(t: Tr, total: usize) -> Option<String> {
    (total > PAGE_ROWS).then(|| {
        t.with(
            "in-showing-first",
            &[
                ("shown", (PAGE_ROWS as f64).into()),
                ("total", (total as f64).into()),
            ],
        )
    })
}

fn role_name(t: Tr, role: Option<JobRole>) -> String {
    match role {
        Some(r) => t
            .get(&format!("role-{}", r.as_str().to_ascii_lowercase()))
            .to_owned(),
        None => t.get("in-role-none").to_owned(),
    }
}

fn cells(l: &institution::RoleLine) -> [String; 8] {
    [
        l.learners.to_string(),
        l.completed.to_string(),
        format!("{}%", l.completion_percent()),
        l.modules_passed.to_string(),
        l.certified.to_string(),
        l.expiring.to_string(),
        l.expired.to_string(),
        l.revoked.to_string(),
    ]
}

/// A module's or path's title in the page language, else its id.
fn item_title(app: &AppState, lang: &Lang, id: &str) -> String {
    if let Some(m) = app.content.module(id) {
        return format!("{} ({id})", m.title(lang));
    }
    app.content
        .path(id)
        .map_or_else(|| id.to_owned(), |p| p.title(lang).to_owned())
}

fn page(app: &AppState, s: &Session, t: Tr, platform: String, sum: &Summary) -> InstitutionPage {
    let lang = Lang::parse(t.lang().code()).unwrap_or_else(Lang::english);
    let n = |v: usize| (v as f64).into();
    let overdue = sum
        .overdue
        .iter()
        .take(PAGE_ROWS)
        .map(|o| Line {
            user_id: o.user_id.clone(),
            name: o.name.clone().unwrap_or_default(),
            role: role_name(t, o.role),
            course: o.course.clone(),
            item: item_title(app, &lang, &o.item),
            date: show_unix(o.due_at),
            detail: t.with(
                "in-overdue-detail",
                &[
                    ("days", n(o.days_late as usize)),
                    ("done", n(o.done)),
                    ("of", n(o.of)),
                ],
            ),
        })
        .collect();
    let expiring = sum
        .expiring
        .iter()
        .take(PAGE_ROWS)
        .map(|e| Line {
            user_id: e.user_id.clone(),
            name: e.name.clone().unwrap_or_default(),
            role: role_name(t, e.role),
            course: e.course.clone(),
            item: item_title(app, &lang, &e.path_id),
            date: show_unix(e.valid_until),
            detail: t.num("in-days-left", "days", e.days_left as f64),
        })
        .collect();
    InstitutionPage {
        t,
        lang: t.lang().code(),
        sid: s.id.as_str().to_owned(),
        intro: t.with(
            "in-intro",
            &[
                ("learners", n(sum.total.learners)),
                ("courses", n(sum.courses)),
                ("date", show_unix(unix_now()).into()),
            ],
        ),
        platform,
        roles: sum
            .by_role
            .iter()
            .map(|l| (role_name(t, l.role), cells(l)))
            .collect(),
        total: cells(&sum.total),
        overdue,
        overdue_cut: cut_note(t, sum.overdue.len()),
        expiring,
        expiring_cut: cut_note(t, sum.expiring.len()),
        expiring_heading: t.num("in-expiring", "days", EXPIRING_WITHIN_DAYS as f64),
    }
}

/// The refusal as a page in the session's language (the CSV keeps the plain error).
#[derive(Template, WebTemplate)]
#[template(path = "institution/refused.html")]
struct RefusedPage {
    t: Tr,
    sid: String,
    code: &'static str,
}

pub async fn show_institution(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    if let Err(e) = require_admin(&s) {
        let page = RefusedPage {
            t: tr_for(&s),
            sid: s.id.as_str().to_owned(),
            code: e.code,
        };
        return Ok((e.status, page).into_response());
    }
    let summary = summary_for(&app, &s).await?;
    let platform = match app.registry.by_id(s.registration_id).await? {
        Some(r) => r.name,
        None => s.data.platform_name.clone().unwrap_or_default(),
    };
    Ok(page(&app, &s, tr_for(&s), platform, &summary).into_response())
}

pub async fn export_institution(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let summary = summary_for(&app, &s).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"institution.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        institution::to_csv(&summary),
    )
        .into_response())
}

/// Remembers that a learner opened a placement with a due date, so the institution view can
/// tell who is overdue. Called by the module and path pages with the item they show (only the
/// placement's own item counts, so browsing elsewhere costs no write); a failure is logged and
/// never keeps the learner from the page. Instructors previewing the activity are not recorded.
pub async fn note_due_visit(app: &AppState, s: &Session, placement: &Placement, shown: &str) {
    // A placement names one item: its module, else its path.
    let item = placement.module.as_deref().or(placement.path.as_deref());
    if item != Some(shown) {
        return;
    }
    let (Some(link), Some(due)) = (
        s.resource_link_id.as_deref(),
        Timing::from_custom(&s.data.custom).due,
    ) else {
        return;
    };
    if s.is_instructor() {
        return;
    }
    let visit = DueVisit {
        registration_id: s.registration_id,
        resource_link_id: link.to_owned(),
        user_id: s.user_id.clone(),
        context_id: s.context_id.clone(),
        context_title: s.data.context_title.clone(),
        learner_name: s.data.name.clone(),
        module_id: placement.module.clone(),
        path_id: placement
            .module
            .is_none()
            .then(|| placement.path.clone())
            .flatten(),
        due_at: due.unix_timestamp(),
    };
    if let Err(e) = app.store.note_due_visit(&visit, unix_now()).await {
        tracing::warn!(error = %e, "could not remember a dated placement for the institution view");
    }
}
