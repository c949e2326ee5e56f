//! Where each member stands in the course beyond their modules: their learning path, their
//! certificates, what is overdue (a placement's due date, or their extension, passed without
//! the module passed) and the instructor actions taken for them.

use super::RosterRow;
use crate::certificates::Certificate;
use crate::content::{Catalogue, Lang};
use crate::courses::Learner;
use crate::db::{DynStore, StoreResult};
use crate::instructor_actions::{Extension, PlacedDue};
use crate::platforms::RegistrationId;

/// A learner's progress in the course, or in one module: the roster's status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    InProgress,
    Completed,
    Overdue,
}

impl Progress {
    pub const ALL: [Progress; 4] = [
        Progress::NotStarted,
        Progress::InProgress,
        Progress::Completed,
        Progress::Overdue,
    ];

    pub fn parse(text: &str) -> Option<Progress> {
        Progress::ALL.into_iter().find(|p| p.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Progress::NotStarted => "not_started",
            Progress::InProgress => "in_progress",
            Progress::Completed => "completed",
            Progress::Overdue => "overdue",
        }
    }

    /// Where `row` stands in `module`, or overall: overdue before anything else; completed is
    /// the module passed, or overall the learner's own path completed.
    pub fn of(row: &RosterRow, module: Option<&str>) -> Progress {
        match module {
            Some(m) if row.overdue.iter().any(|(o, _)| o == m) => Progress::Overdue,
            Some(m) if row.passed.iter().any(|p| p == m) => Progress::Completed,
            Some(m) if row.in_progress.iter().any(|p| p == m) => Progress::InProgress,
            Some(_) => Progress::NotStarted,
            None if !row.overdue.is_empty() => Progress::Overdue,
            None if row.path_completed => Progress::Completed,
            None if !row.passed.is_empty() || !row.in_progress.is_empty() => Progress::InProgress,
            None => Progress::NotStarted,
        }
    }
}

/// The state of a learner's newest certificate for a path issued in this course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateState {
    Valid { path_id: String, until: i64 },
    Expired { path_id: String, on: i64 },
    Revoked { path_id: String, on: i64 },
}

impl CertificateState {
    fn of(c: &Certificate, now: i64) -> CertificateState {
        let path_id = c.path_id.clone();
        match &c.revocation {
            Some(r) => CertificateState::Revoked { path_id, on: r.at },
            None if c.valid_until <= now => CertificateState::Expired {
                path_id,
                on: c.valid_until,
            },
            None => CertificateState::Valid {
                path_id,
                until: c.valid_until,
            },
        }
    }

    pub fn path_id(&self) -> &str {
        match self {
            CertificateState::Valid { path_id, .. }
            | CertificateState::Expired { path_id, .. }
            | CertificateState::Revoked { path_id, .. } => path_id,
        }
    }

    /// For spreadsheets: `nursing valid until 2027-…`.
    pub fn describe(&self) -> String {
        let show = crate::courses::timing::show_unix;
        match self {
            CertificateState::Valid { path_id, until } => {
                format!("{path_id} valid until {}", show(*until))
            }
            CertificateState::Expired { path_id, on } => {
                format!("{path_id} expired {}", show(*on))
            }
            CertificateState::Revoked { path_id, on } => {
                format!("{path_id} revoked {}", show(*on))
            }
        }
    }
}

/// The newest certificate per path of `user_id` (certificates come newest first).
pub fn certificates_of(all: &[Certificate], user_id: &str, now: i64) -> Vec<CertificateState> {
    let mut out: Vec<CertificateState> = Vec::new();
    for c in all.iter().filter(|c| c.learner.user_id == user_id) {
        if !out.iter().any(|s| s.path_id() == c.path_id) {
            out.push(CertificateState::of(c, now));
        }
    }
    out
}

/// The modules overdue for `row`: each placed item's latest due date (or the learner's later
/// extension) passed at `now` while a module of the item is not passed; earliest due first.
pub fn overdue_modules(
    row: &RosterRow,
    dues: &[PlacedDue],
    extensions: &[Extension],
    catalogue: &Catalogue,
    now: i64,
) -> Vec<(String, i64)> {
    let mut items: Vec<(&str, i64)> = Vec::new();
    for d in dues {
        match items.iter_mut().find(|(item, _)| *item == d.item_id) {
            Some(entry) => entry.1 = entry.1.max(d.due_at),
            None => items.push((&d.item_id, d.due_at)),
        }
    }
    let mut out: Vec<(String, i64)> = Vec::new();
    for (item, placed) in items {
        let extended = extensions
            .iter()
            .find(|e| e.user_id == row.user_id && e.item_id == item)
            .map_or(placed, |e| e.due_at.max(placed));
        if now <= extended {
            continue;
        }
        let modules = match catalogue.path(item) {
            Some(path) => path.modules.clone(),
            None => vec![item.to_owned()],
        };
        for m in modules {
            if !row.passed.contains(&m) && !out.iter().any(|(o, _)| *o == m) {
                out.push((m, extended));
            }
        }
    }
    out.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    out
}

/// Adds path, certificates, overdue modules and instructor actions to the rows of one course.
pub async fn add_standing(
    store: &DynStore,
    catalogue: &Catalogue,
    registration_id: RegistrationId,
    context_id: Option<&str>,
    lang: &Lang,
    rows: &mut [RosterRow],
    now: i64,
) -> StoreResult<()> {
    let (certificates, dues, extensions, resets) = match context_id {
        Some(c) => (
            store.context_certificates(registration_id, c).await?,
            store.placed_dues_in(registration_id, c).await?,
            store.extensions_in(registration_id, c).await?,
            store.resets_in(registration_id, c).await?,
        ),
        None => Default::default(),
    };
    for row in rows.iter_mut() {
        let learner = Learner {
            registration_id,
            user_id: row.user_id.clone(),
        };
        let profile = store.learner_profile(&learner).await?;
        let path = profile
            .job_role
            .and_then(|role| catalogue.paths_for(role).next());
        if let Some(path) = path {
            row.path = Some((path.id.clone(), path.title(lang).to_owned()));
            row.path_completed = store.completed_paths(&learner).await?.contains(&path.id);
        }
        row.certificates = certificates_of(&certificates, &row.user_id, now);
        if row.is_learner() {
            row.overdue = overdue_modules(row, &dues, &extensions, catalogue, now);
        }
        row.extensions = extensions
            .iter()
            .filter(|e| e.user_id == row.user_id)
            .map(|e| (e.item_id.clone(), e.due_at))
            .collect();
        row.resets = resets
            .iter()
            .filter(|r| r.user_id == row.user_id)
            .cloned()
            .collect();
    }
    Ok(())
}
