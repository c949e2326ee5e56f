//! The instructor's roster: every member of the course from the platform's Names and Role
//! Provisioning Service (all pages), joined with each learner's progress in the tool.

mod cache;
mod csv;
mod fetch;
mod standing;

pub use cache::{Cached, CourseKey, FRESH_FOR_SECS, RosterCache};
pub use csv::to_csv;
pub use fetch::{MAX_PAGES, PAGE_LIMIT, RosterError, fetch_members};
pub use standing::{CertificateState, Progress, add_standing, certificates_of, overdue_modules};

use crate::courses::{Learner, ModuleProgress, ModuleStatus};
use crate::db::{DynStore, StoreResult};
use crate::platforms::RegistrationId;
use lti::Member;

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// Short role names (`Instructor`, `Learner`), whatever form the platform sent.
    pub roles: Vec<String>,
    /// `Active`, `Inactive`, `Deleted`.
    pub status: String,
    pub passed: Vec<String>,
    pub in_progress: Vec<String>,
    /// Best quiz percent per module that has one, in module order.
    pub best_scores: Vec<(String, u8)>,
    /// First quiz percent per module that has one (kept whatever happens later).
    pub first_scores: Vec<(String, u8)>,
    /// Modules whose quiz came in after its due date in this course, with that due date
    /// (unix seconds), oldest first.
    pub late: Vec<(String, i64)>,
    /// The member's last lesson or quiz activity in the tool (unix seconds); `None` for someone
    /// who never used it.
    pub last_activity: Option<i64>,
    /// The learner's learning path (id, title) from the job role they chose.
    pub path: Option<(String, String)>,
    /// Whether that path is completed.
    pub path_completed: bool,
    /// The newest certificate per path issued in this course.
    pub certificates: Vec<CertificateState>,
    /// Modules whose due date (or the learner's extension) passed without a pass, with it.
    pub overdue: Vec<(String, i64)>,
    /// Extensions granted in this course: item (module or path id) and new due date.
    pub extensions: Vec<(String, i64)>,
    /// Resets of the learner's attempts in this course, oldest first.
    pub resets: Vec<crate::instructor_actions::ResetRecord>,
}

impl RosterRow {
    /// A member with their progress (empty for someone who never launched the tool).
    pub fn new(member: &Member, progress: &[ModuleProgress]) -> RosterRow {
        let mut progress = progress.to_vec();
        progress.sort_by(|a, b| a.module_id.cmp(&b.module_id));
        let with = |status: ModuleStatus| {
            progress
                .iter()
                .filter(|p| p.status == status)
                .map(|p| p.module_id.clone())
                .collect()
        };
        RosterRow {
            user_id: member.user_id.as_str().to_owned(),
            name: display_name(member),
            email: member.email.clone().unwrap_or_default(),
            roles: member
                .roles
                .iter()
                .map(|r| r.short_name().to_owned())
                .collect(),
            status: member.status.as_str().to_owned(),
            passed: with(ModuleStatus::Passed),
            in_progress: with(ModuleStatus::InProgress),
            best_scores: progress
                .iter()
                .filter_map(|p| Some((p.module_id.clone(), p.best_score?)))
                .collect(),
            first_scores: progress
                .iter()
                .filter_map(|p| Some((p.module_id.clone(), p.first_score?)))
                .collect(),
            late: Vec::new(),
            last_activity: None,
            path: None,
            path_completed: false,
            certificates: Vec::new(),
            overdue: Vec::new(),
            extensions: Vec::new(),
            resets: Vec::new(),
        }
    }

    /// Whether the member learns here (only learners have progress worth a column).
    pub fn is_learner(&self) -> bool {
        self.roles.iter().any(|r| r == "Learner")
    }
}

/// The roster's filters (empty fields match everyone); rows come sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct RosterFilter {
    /// A short role name (`Learner`).
    #[serde(default)]
    pub role: String,
    /// `Active`, `Inactive`.
    #[serde(default)]
    pub status: String,
    /// Only members who passed this module.
    #[serde(default)]
    pub passed: String,
    /// `name` (the default), `passed` (most modules passed first) or `late` (most late first).
    #[serde(default)]
    pub sort: String,
    /// `not_started`, `in_progress`, `completed` or `overdue` (see [`Progress::of`]): in the
    /// chosen module, else in the course.
    #[serde(default)]
    pub progress: String,
    /// A module id: with `progress`, where members stand in it; alone, members who started it.
    #[serde(default)]
    pub module: String,
}

impl RosterFilter {
    pub fn matches(&self, row: &RosterRow) -> bool {
        let role = self.role.is_empty() || row.roles.contains(&self.role);
        let status = self.status.is_empty() || row.status == self.status;
        let passed = self.passed.is_empty() || row.passed.contains(&self.passed);
        let module = (!self.module.is_empty()).then_some(self.module.as_str());
        let progress = match (self.progress.as_str(), module) {
            ("", None) => true,
            ("", Some(_)) => Progress::of(row, module) != Progress::NotStarted,
            (p, _) => Progress::parse(p) == Some(Progress::of(row, module)),
        };
        role && status && passed && progress
    }

    /// The matching rows in the chosen order; ties (and the default) by name then user id.
    pub fn apply(&self, rows: Vec<RosterRow>) -> Vec<RosterRow> {
        let mut rows: Vec<RosterRow> = rows.into_iter().filter(|r| self.matches(r)).collect();
        let by_name = |a: &RosterRow, b: &RosterRow| {
            (a.name.to_lowercase(), &a.user_id).cmp(&(b.name.to_lowercase(), &b.user_id))
        };
        match self.sort.as_str() {
            "passed" => rows.sort_by(|a, b| {
                b.passed
                    .len()
                    .cmp(&a.passed.len())
                    .then_with(|| by_name(a, b))
            }),
            "late" => {
                rows.sort_by(|a, b| b.late.len().cmp(&a.late.len()).then_with(|| by_name(a, b)))
            }
            _ => rows.sort_by(by_name),
        }
        rows
    }
}

/// The roster rows for `members` of one registration, each with their stored progress and the
/// late submissions in this course context.
pub async fn join_progress(
    store: &DynStore,
    registration_id: RegistrationId,
    context_id: Option<&str>,
    members: &[Member],
) -> StoreResult<Vec<RosterRow>> {
    let late = match context_id {
        Some(context) => store.late_attempts_in(registration_id, context).await?,
        None => Vec::new(),
    };
    let activity = store.last_activity(registration_id).await?;
    let mut rows = Vec::with_capacity(members.len());
    for member in members {
        let learner = Learner {
            registration_id,
            user_id: member.user_id.as_str().to_owned(),
        };
        let progress = store.module_progress(&learner).await?;
        let mut row = RosterRow::new(member, &progress);
        row.last_activity = activity
            .iter()
            .find(|(user, _)| *user == row.user_id)
            .map(|(_, at)| *at);
        for l in late.iter().filter(|l| l.user_id == row.user_id) {
            if !row.late.iter().any(|(m, _)| *m == l.module_id) {
                row.late.push((l.module_id.clone(), l.due_at));
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

fn display_name(member: &Member) -> String {
    if let Some(name) = member.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return name.to_owned();
    }
    let parts: Vec<&str> = [member.given_name.as_deref(), member.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        member.user_id.as_str().to_owned()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests;
