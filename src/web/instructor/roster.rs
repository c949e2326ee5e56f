//! The roster page and its CSV export: every NRPS member with their progress. A launch without
//! the NRPS claim, or a platform that fails, gets a page saying so, never a 500.

use super::{registration_of, require_instructor};
use crate::content::Lang;
use crate::courses::timing;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::launch::unix_now;
use crate::roster::{self, Cached, CertificateState, RosterError, RosterFilter, RosterRow};
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
pub(super) enum Unavailable {
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

/// The course's member list: read in the last few minutes, fresh, or the last good copy when
/// the platform fails (with the failure).
pub(super) async fn member_list(
    app: &AppState,
    s: &Session,
    refresh: bool,
) -> Result<(Cached, Option<RosterError>), Unavailable> {
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
    Ok((list, failed))
}

async fn load_rows(
    app: &AppState,
    s: &Session,
    t: Tr,
    refresh: bool,
) -> Result<Loaded, Unavailable> {
    let (list, failed) = member_list(app, s, refresh).await?;
    let registration_id = s.registration_id;
    let mut rows = roster::join_progress(
        &app.store,
        registration_id,
        s.context_id.as_deref(),
        &list.members,
    )
    .await
    .map_err(|e| Unavailable::Store(e.into()))?;
    let lang = Lang::parse(t.lang().code()).unwrap_or_else(Lang::english);
    roster::add_standing(
        &app.store,
        &app.content,
        registration_id,
        s.context_id.as_deref(),
        &lang,
        &mut rows,
        unix_now(),
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
    /// `reset` or `extended` after an instructor action (see `roster_actions`).
    #[serde(default)]
    done: String,
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
    /// Learners of the whole course (id, name) for the action forms.
    learners_list: Vec<(String, String)>,
    /// Modules and paths (form value, label) for the action forms.
    items: Vec<(String, String)>,
    /// What the instructor's last action did.
    done: Option<String>,
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

    /// A membership role as people say it ("Teaching assistant"), else as the LMS sent it.
    fn role_label<'r>(&self, role: &'r str) -> &'r str {
        self.t
            .find(&format!("ro-role-{}", role.to_ascii_lowercase()))
            .unwrap_or(role)
    }

    fn roles(&self, row: &RosterRow) -> String {
        row.roles
            .iter()
            .map(|r| self.role_label(r))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn progress(&self, row: &RosterRow) -> String {
        let progress = roster::Progress::of(row, None);
        self.t
            .get(&format!("ra-progress-{}", progress.as_str()))
            .to_owned()
    }

    fn progress_options(&self) -> Vec<(&'static str, String)> {
        roster::Progress::ALL
            .into_iter()
            .map(|p| {
                let label = self
                    .t
                    .get(&format!("ra-progress-{}", p.as_str()))
                    .to_owned();
                (p.as_str(), label)
            })
            .collect()
    }

    fn path(&self, row: &RosterRow) -> String {
        match &row.path {
            Some((_, title)) => title.clone(),
            None => self.t.get("ra-no-path").to_owned(),
        }
    }

    /// Each path's newest certificate issued in this course, or "none".
    fn certificate(&self, row: &RosterRow) -> String {
        if row.certificates.is_empty() {
            return self.t.get("ra-cert-none").to_owned();
        }
        row.certificates
            .iter()
            .map(|c| {
                let (key, path, at) = match c {
                    CertificateState::Valid { path_id, until } => ("ra-cert-valid", path_id, until),
                    CertificateState::Expired { path_id, on } => ("ra-cert-expired", path_id, on),
                    CertificateState::Revoked { path_id, on } => ("ra-cert-revoked", path_id, on),
                };
                // The path's title as the action forms list it, else its id.
                let title = self
                    .items
                    .iter()
                    .find(|(value, _)| value.strip_prefix("path:") == Some(path.as_str()))
                    .map_or_else(|| path.clone(), |(_, title)| title.clone());
                self.t.with(
                    key,
                    &[
                        ("path", title.into()),
                        ("date", timing::show_unix(*at).into()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn overdue(&self, row: &RosterRow) -> String {
        row.overdue
            .iter()
            .map(|(module, due)| {
                self.t.with(
                    "ra-overdue-entry",
                    &[
                        ("module", module.clone().into()),
                        ("date", timing::show_unix(*due).into()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Extensions and resets of this learner in this course, one line each.
    fn actions(&self, row: &RosterRow) -> Vec<String> {
        let extended = row.extensions.iter().map(|(item, due)| {
            self.t.with(
                "ra-extended",
                &[
                    ("item", item.clone().into()),
                    ("date", timing::show_unix(*due).into()),
                ],
            )
        });
        let resets = row.resets.iter().map(|r| {
            let by = r
                .actor_name
                .clone()
                .unwrap_or_else(|| r.actor_user_id.clone());
            self.t.with(
                "ra-reset-entry",
                &[
                    ("item", r.target_id.clone().into()),
                    ("date", timing::show_unix(r.at).into()),
                    ("by", by.into()),
                    ("reason", r.reason.clone().into()),
                ],
            )
        });
        extended.chain(resets).collect()
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
    let lang = Lang::parse(t.lang().code()).unwrap_or_else(Lang::english);
    let items: Vec<(String, String)> = app
        .content
        .modules()
        .map(|m| {
            (
                format!("module:{}", m.id),
                format!("{} {}", m.id, m.title(&lang)),
            )
        })
        .chain(
            app.content
                .paths()
                .iter()
                .map(|p| (format!("path:{}", p.id), p.title(&lang).to_owned())),
        )
        .collect();
    let done = match refresh.done.as_str() {
        "reset" => Some(t.get("ra-done-reset").to_owned()),
        "extended" => Some(t.get("ra-done-extended").to_owned()),
        _ => None,
    };
    let page = |rows: Vec<RosterRow>, problem| RosterPage {
        fetched: String::new(),
        stale: None,
        learners_list: rows
            .iter()
            .filter(|r| r.is_learner())
            .map(|r| (r.user_id.clone(), r.name.clone()))
            .collect(),
        items: items.clone(),
        done: done.clone(),
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
    match load_rows(&app, &s, t, !refresh.refresh.is_empty()).await {
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
    let t = super::picker::instructor_tr(&s);
    let rows = match load_rows(&app, &s, t, false).await {
        Ok(loaded) => filter.apply(loaded.rows),
        Err(Unavailable::Store(e)) => return Err(e),
        Err(Unavailable::Platform(e)) => {
            return Err(AppError::new(
                unavailable_status(&e),
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

/// A launch without the member list service is the course's setup (409, as the page explains);
/// anything else is the platform failing (502).
pub(super) fn unavailable_status(e: &crate::roster::RosterError) -> StatusCode {
    match e {
        crate::roster::RosterError::NoService => StatusCode::CONFLICT,
        _ => StatusCode::BAD_GATEWAY,
    }
}
