//! The grade sync page and its CSV export.

use super::{show_ms, tr_for};
use crate::error::AppError;
use crate::grades::reconcile::{CourseSync, course_sync, learner_names};
use crate::grades::sync::{SyncRow, SyncState, to_csv};
use crate::i18n::Tr;
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Instructors and administrators of the launch's course only; the course must be known.
/// Returns the view and the learners' names (by user id) where the platform shares them.
async fn load(
    app: &AppState,
    s: &Session,
    tr: Tr,
) -> Result<(CourseSync, HashMap<String, String>), AppError> {
    if !s.is_instructor() {
        return Err(AppError::forbidden(
            "instructors_only",
            tr.get("grades-forbidden"),
        ));
    }
    let Some(context_id) = s.context_id.as_deref() else {
        return Err(AppError::bad_request(
            "no_context",
            tr.get("grades-no-context"),
        ));
    };
    let registration = app
        .registry
        .by_id(s.registration_id)
        .await?
        .ok_or_else(|| {
            AppError::forbidden(
                "registration_removed",
                "The platform this session came from is no longer registered with the tool.",
            )
        })?;
    let sync = course_sync(app, &registration, context_id).await?;
    let names = learner_names(app, &registration, s.data.nrps.as_ref()).await;
    Ok((sync, names))
}

/// One row as the page shows it.
struct RowView {
    column: String,
    module: String,
    learner: String,
    name: String,
    sent: String,
    sent_time: String,
    queued: String,
    delivered: String,
    tries: i64,
    answer: String,
    holds: String,
    state: &'static str,
    state_label: String,
}

fn view(
    t: Tr,
    row: &SyncRow,
    names: &HashMap<String, String>,
    paths: &HashMap<String, String>,
) -> RowView {
    let s = &row.sent;
    let none = || t.get("grades-no-value").to_owned();
    let answer = match (s.last_status, &s.last_error) {
        (Some(status), Some(body)) => format!("HTTP {status}: {body}"),
        (Some(status), None) => format!("HTTP {status}"),
        (None, Some(body)) => body.clone(),
        (None, None) if row.state == SyncState::Pending => String::new(),
        (None, None) => "HTTP 200".to_owned(),
    };
    RowView {
        column: s.lineitem_url.clone(),
        // A path's score is named by the path's title; a module by its id.
        module: paths
            .get(&s.module_id)
            .cloned()
            .unwrap_or_else(|| s.module_id.clone()),
        learner: s.user_id.clone(),
        name: names.get(&s.user_id).cloned().unwrap_or_default(),
        sent: format!("{} / {}", s.score_given, s.score_maximum),
        // As the other times on the page; the exact AGS timestamp stays in the CSV.
        sent_time: lti::Timestamp::parse(&s.timestamp)
            .ok()
            .map(|ts| show_ms(ts.unix_timestamp() * 1000))
            .unwrap_or_else(|| s.timestamp.clone()),
        queued: show_ms(s.created_at_ms),
        delivered: s
            .delivered_at_ms
            .map_or_else(|| t.get("grades-not-yet").to_owned(), show_ms),
        tries: s.attempts,
        answer,
        holds: row
            .held
            .as_ref()
            .and_then(|h| h.percent)
            .map_or_else(none, |p| format!("{} / 100", round(p))),
        state: row.state.code(),
        state_label: t
            .get(&format!("grades-state-{}", row.state.code()))
            .to_owned(),
    }
}

/// A percentage with at most two decimals and no trailing zeros.
fn round(p: f64) -> String {
    let text = format!("{p:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[derive(Template, WebTemplate)]
#[template(path = "grades/sync.html")]
struct SyncPage {
    t: Tr,
    sid: String,
    course: String,
    rows: Vec<RowView>,
    unread: Vec<(String, String)>,
    counts: Vec<(String, usize)>,
}

pub async fn show_grades(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let (sync, names) = load(&app, &s, t).await?;
    let states = [
        SyncState::InSync,
        SyncState::Pending,
        SyncState::Failed,
        SyncState::Differing,
        SyncState::Unchecked,
    ];
    let counts = states
        .into_iter()
        .map(|state| {
            let n = sync.rows.iter().filter(|r| r.state == state).count();
            (
                t.get(&format!("grades-state-{}", state.code())).to_owned(),
                n,
            )
        })
        .collect();
    Ok(SyncPage {
        t,
        sid: s.id.as_str().to_owned(),
        course: s
            .data
            .context_title
            .clone()
            .or_else(|| s.context_id.clone())
            .unwrap_or_default(),
        rows: {
            let paths = path_titles(&app, t);
            sync.rows
                .iter()
                .map(|r| view(t, r, &names, &paths))
                .collect()
        },
        unread: sync.unread,
        counts,
    }
    .into_response())
}

pub async fn export_grades(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let (sync, names) = load(&app, &s, t).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"grade-sync.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        to_csv(&sync.rows, &names),
    )
        .into_response())
}

/// Path id to title in the page's language.
fn path_titles(app: &AppState, t: Tr) -> HashMap<String, String> {
    let lang =
        crate::content::Lang::parse(t.lang().code()).unwrap_or_else(crate::content::Lang::english);
    app.content
        .paths()
        .iter()
        .map(|p| (p.id.clone(), p.title(&lang).to_owned()))
        .collect()
}
