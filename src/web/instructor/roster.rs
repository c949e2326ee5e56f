//! The roster page and its CSV export: every NRPS member with their progress. A launch without
//! the NRPS claim, or a platform that fails, gets a page saying so, never a 500.

use super::{registration_of, require_instructor};
use crate::courses::timing;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::launch::unix_now;
use crate::roster::{self, RosterError, RosterFilter, RosterRow};
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lti::claims::NrpsClaim;

/// Why there is no roster to show.
enum Unavailable {
    Platform(RosterError),
    Store(AppError),
}

/// The rows to show: from the member list read in the last few minutes, a fresh one, or, when
/// the platform fails, the last good copy with the failure (never an empty class).
struct Loaded {
    rows: Vec<RosterRow>,
    fetched_at: i64,
    failed: Option<RosterError>,
}

async fn load_rows(app: &AppState, s: &Session, refresh: bool) -> Result<Loaded, Unavailable> {
    let claim: NrpsClaim = s
        .data
        .nrps
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or(Unavailable::Platform(RosterError::NoService))?;
    let registration = registration_of(app, s).await.map_err(Unavailable::Store)?;
    // Scoped by platform and course: the list of one course never answers for another.
    let key = (
        registration.id.to_string(),
        s.context_id.clone().unwrap_or_default(),
    );
    let now = unix_now();
    let fresh = if refresh {
        None
    } else {
        app.rosters.fresh(&key, now)
    };
    let (list, failed) = match fresh {
        Some(list) => (list, None),
        None => {
            let keys = app.keys.current();
            let read = roster::fetch_members(
                &app.ags,
                &app.http,
                &registration,
                &keys,
                &claim.context_memberships_url,
            )
            .await;
            match (read, app.rosters.last_good(&key)) {
                (Ok(members), _) => (app.rosters.put(key, members, now), None),
                (Err(e), Some(last)) => (last, Some(e)),
                (Err(e), None) => return Err(Unavailable::Platform(e)),
            }
        }
    };
    let rows = roster::join_progress(
        &app.store,
        registration.id,
        s.context_id.as_deref(),
        &list.members,
    )
    .await
    .map_err(|e| Unavailable::Store(e.into()))?;
    Ok(Loaded {
        rows,
        fetched_at: list.fetched_at,
        failed,
    })
}

/// `?refresh=1` reads the member list from the platform again.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Refresh {
    #[serde(default)]
    refresh: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/roster.html")]
struct RosterPage {
    t: Tr,
    lang: &'static str,
    sid: String,
    course: String,
    rows: Vec<RosterRow>,
    total: usize,
    learners: usize,
    filter: RosterFilter,
    modules: Vec<String>,
    problem: Option<(String, &'static str)>,
    /// When the member list shown was read from the platform.
    fetched: String,
    /// The platform's failure, when the list shown is the last good copy.
    stale: Option<String>,
}

impl RosterPage {
    /// "12 members, 10 learners; 10 shown."
    fn summary(&self) -> String {
        let n = |v: usize| (v as f64).into();
        self.t.with(
            "ro-summary",
            &[
                ("total", n(self.total)),
                ("learners", n(self.learners)),
                ("shown", n(self.rows.len())),
            ],
        )
    }

    /// When a member last used the tool, or that they never did.
    fn last(&self, row: &RosterRow) -> String {
        match row.last_activity {
            Some(at) => timing::show_unix(at),
            None => self.t.get("ro-never").to_owned(),
        }
    }

    /// A member's late modules, with the due date each missed.
    fn late(&self, row: &RosterRow) -> String {
        row.late
            .iter()
            .map(|(module, due)| {
                self.t.with(
                    "ro-late-entry",
                    &[
                        ("module", module.clone().into()),
                        ("due", timing::show_unix(*due).into()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub async fn show_roster(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Query(filter): Query<RosterFilter>,
    Query(refresh): Query<Refresh>,
) -> Result<Response, AppError> {
    require_instructor(&s)?;
    let t = super::picker::instructor_tr(&s);
    let page = |rows: Vec<RosterRow>, problem| RosterPage {
        fetched: String::new(),
        stale: None,
        t,
        lang: t.lang().code(),
        sid: s.id.as_str().to_owned(),
        course: s.data.context_title.clone().unwrap_or_default(),
        total: rows.len(),
        learners: rows.iter().filter(|r| r.is_learner()).count(),
        rows: filter.apply(rows),
        filter: filter.clone(),
        modules: app.content.modules().map(|m| m.id.clone()).collect(),
        problem,
    };
    match load_rows(&app, &s, !refresh.refresh.is_empty()).await {
        Ok(loaded) => {
            let date = timing::show_unix(loaded.fetched_at);
            if let Some(e) = &loaded.failed {
                tracing::warn!(code = e.code(), error = %e, "roster refresh failed; showing the last good copy");
            }
            let stale = loaded.failed.map(|e| {
                t.with(
                    "ro-stale",
                    &[
                        ("reason", e.to_string().into()),
                        ("date", date.clone().into()),
                    ],
                )
            });
            let page = RosterPage {
                fetched: t.text("ro-fetched", "date", &date),
                stale,
                ..page(loaded.rows, None)
            };
            Ok(page.into_response())
        }
        Err(Unavailable::Store(e)) => Err(e),
        Err(Unavailable::Platform(e)) => {
            let status = match e {
                RosterError::NoService => StatusCode::OK,
                _ => StatusCode::BAD_GATEWAY,
            };
            if status != StatusCode::OK {
                tracing::warn!(code = e.code(), error = %e, "roster unavailable");
            }
            Ok((status, page(Vec::new(), Some((e.to_string(), e.code())))).into_response())
        }
    }
}

pub async fn export_roster(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Query(filter): Query<RosterFilter>,
) -> Result<Response, AppError> {
    require_instructor(&s)?;
    let rows = match load_rows(&app, &s, false).await {
        Ok(loaded) => filter.apply(loaded.rows),
        Err(Unavailable::Store(e)) => return Err(e),
        Err(Unavailable::Platform(e)) => {
            return Err(AppError::new(
                StatusCode::BAD_GATEWAY,
                e.code(),
                format!("The roster is unavailable: {e}."),
            ));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"roster.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        roster::to_csv(&rows),
    )
        .into_response())
}
