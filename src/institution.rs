//! The institution view: across every course of one platform registration, completion and
//! certificates by job role, learners overdue on a dated placement, and certificates about to
//! expire. Domain only: the facts come from the store (`db/institution.rs`), the page and the
//! CSV from `web/institution.rs`.

mod csv;

pub use csv::to_csv;

use crate::content::JobRole;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Certificates ending within this many days count as expiring soon.
pub const EXPIRING_WITHIN_DAYS: i64 = 60;
const DAY: i64 = 86_400;

/// A learner of the platform with their job role (`None`: never chosen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerFact {
    pub user_id: String,
    pub job_role: Option<JobRole>,
}

/// One issued certificate, as the institution view needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFact {
    pub user_id: String,
    pub learner_name: Option<String>,
    pub context_id: Option<String>,
    pub path_id: String,
    pub valid_until: i64,
    pub revoked: bool,
}

/// A learner who opened a placement with a due date (the store's `due_placements`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueFact {
    pub user_id: String,
    pub learner_name: Option<String>,
    pub context_id: Option<String>,
    pub context_title: Option<String>,
    pub module_id: Option<String>,
    pub path_id: Option<String>,
    pub due_at: i64,
}

/// Everything the store knows about one platform's learners, read for one registration only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub learners: Vec<LearnerFact>,
    /// Modules each learner passed: (user id, module id).
    pub passes: Vec<(String, String)>,
    /// Learning paths each learner completed: (user id, path id).
    pub completed_paths: Vec<(String, String)>,
    pub certificates: Vec<CertificateFact>,
    pub due: Vec<DueFact>,
    /// Course contexts in which quizzes were taken.
    pub attempt_contexts: Vec<String>,
}

/// One line of the table by job role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleLine {
    /// `None` for learners who have not chosen a role.
    pub role: Option<JobRole>,
    pub learners: usize,
    /// Learners who completed at least one learning path.
    pub completed: usize,
    pub modules_passed: usize,
    /// Learners holding a certificate that is valid now.
    pub certified: usize,
    pub expiring: usize,
    pub expired: usize,
    pub revoked: usize,
}

impl RoleLine {
    /// Completion in whole percent of the line's learners.
    pub fn completion_percent(&self) -> u32 {
        if self.learners == 0 {
            return 0;
        }
        (self.completed * 100 / self.learners) as u32
    }
}

/// A learner past a due date without having finished what was due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub user_id: String,
    pub name: Option<String>,
    pub role: Option<JobRole>,
    pub course: String,
    /// The module or path id that was due.
    pub item: String,
    pub due_at: i64,
    pub days_late: i64,
    /// Modules of the item passed, out of how many.
    pub done: usize,
    pub of: usize,
}

/// A valid certificate ending soon, with no renewal issued yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring {
    pub user_id: String,
    pub name: Option<String>,
    pub role: Option<JobRole>,
    pub course: String,
    pub path_id: String,
    pub valid_until: i64,
    pub days_left: i64,
}

/// The institution view's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// One line per job role that has learners, in the product's order, then "not chosen".
    pub by_role: Vec<RoleLine>,
    pub total: RoleLine,
    /// Most overdue first.
    pub overdue: Vec<Overdue>,
    /// Soonest to expire first.
    pub expiring: Vec<Expiring>,
    /// Course contexts with any activity seen.
    pub courses: usize,
}

/// Works out the institution view at `now`. `path_modules` gives a learning path's modules
/// (empty for a path the catalogue no longer has).
pub fn summarise(facts: &Facts, now: i64, path_modules: impl Fn(&str) -> Vec<String>) -> Summary {
    let roles: HashMap<&str, Option<JobRole>> = facts
        .learners
        .iter()
        .map(|l| (l.user_id.as_str(), l.job_role))
        .collect();
    let role_of = |user: &str| roles.get(user).copied().flatten();
    let passed: BTreeSet<(&str, &str)> = facts
        .passes
        .iter()
        .map(|(u, m)| (u.as_str(), m.as_str()))
        .collect();
    let mut users: BTreeSet<&str> = roles.keys().copied().collect();
    users.extend(passed.iter().map(|(u, _)| *u));
    users.extend(facts.completed_paths.iter().map(|(u, _)| u.as_str()));
    users.extend(facts.certificates.iter().map(|c| c.user_id.as_str()));
    users.extend(facts.due.iter().map(|d| d.user_id.as_str()));

    let index = Index::of(facts, &passed);
    let mut lines: BTreeMap<Option<JobRole>, RoleLine> = BTreeMap::new();
    for user in &users {
        let role = role_of(user);
        let line = lines.entry(role).or_insert_with(|| RoleLine {
            role,
            ..RoleLine::default()
        });
        index.count(line, user, now);
    }
    // `None` sorts first in a BTreeMap; the page lists learners without a role last.
    let mut by_role: Vec<RoleLine> = lines.into_values().collect();
    let unchosen_first = by_role.first().is_some_and(|l| l.role.is_none());
    by_role.rotate_left(usize::from(unchosen_first));
    let total = by_role.iter().fold(RoleLine::default(), add_lines);

    let mut courses: BTreeSet<&str> = facts
        .certificates
        .iter()
        .filter_map(|c| c.context_id.as_deref())
        .collect();
    courses.extend(facts.due.iter().filter_map(|d| d.context_id.as_deref()));
    courses.extend(facts.attempt_contexts.iter().map(String::as_str));
    // Certificates carry only the course id; a dated placement seen in it may know its title.
    let titles: HashMap<&str, &str> = facts
        .due
        .iter()
        .filter_map(|d| Some((d.context_id.as_deref()?, d.context_title.as_deref()?)))
        .collect();
    Summary {
        by_role,
        total,
        overdue: overdue(facts, now, &passed, &role_of, &path_modules),
        expiring: expiring(facts, now, &role_of, &titles),
        courses: courses.len(),
    }
}

/// The facts grouped by learner, so each learner is counted without scanning every row.
struct Index<'a> {
    passes: HashMap<&'a str, usize>,
    completed: BTreeSet<&'a str>,
    certificates: HashMap<&'a str, Vec<&'a CertificateFact>>,
}

impl<'a> Index<'a> {
    fn of(facts: &'a Facts, passed: &BTreeSet<(&'a str, &'a str)>) -> Self {
        let mut passes = HashMap::new();
        for (user, _) in passed {
            *passes.entry(*user).or_insert(0) += 1;
        }
        let mut certificates: HashMap<&str, Vec<&CertificateFact>> = HashMap::new();
        for c in &facts.certificates {
            certificates.entry(c.user_id.as_str()).or_default().push(c);
        }
        Index {
            passes,
            completed: facts
                .completed_paths
                .iter()
                .map(|(u, _)| u.as_str())
                .collect(),
            certificates,
        }
    }

    fn count(&self, line: &mut RoleLine, user: &str, now: i64) {
        line.learners += 1;
        line.modules_passed += self.passes.get(user).copied().unwrap_or(0);
        line.completed += usize::from(self.completed.contains(user));
        let certs = self.certificates.get(user).map_or(&[][..], Vec::as_slice);
        let valid = |c: &CertificateFact| !c.revoked && c.valid_until > now;
        let has_valid = certs.iter().any(|c| valid(c));
        line.certified += usize::from(has_valid);
        // Expiring: every valid certificate the learner holds ends soon.
        line.expiring += usize::from(
            has_valid
                && !certs
                    .iter()
                    .any(|c| valid(c) && !ends_soon(c.valid_until, now)),
        );
        line.expired += usize::from(!has_valid && certs.iter().any(|c| !c.revoked));
        line.revoked += usize::from(certs.iter().any(|c| c.revoked));
    }
}

fn add_lines(mut sum: RoleLine, l: &RoleLine) -> RoleLine {
    sum.learners += l.learners;
    sum.completed += l.completed;
    sum.modules_passed += l.modules_passed;
    sum.certified += l.certified;
    sum.expiring += l.expiring;
    sum.expired += l.expired;
    sum.revoked += l.revoked;
    sum
}

fn ends_soon(valid_until: i64, now: i64) -> bool {
    valid_until > now && valid_until <= now + EXPIRING_WITHIN_DAYS * DAY
}

/// Whole days from `from` to `to`, rounded up (a certificate ending in 3 hours has 1 day left).
fn days_between(from: i64, to: i64) -> i64 {
    (to - from + DAY - 1).div_euclid(DAY)
}

fn overdue(
    facts: &Facts,
    now: i64,
    passed: &BTreeSet<(&str, &str)>,
    role_of: &impl Fn(&str) -> Option<JobRole>,
    path_modules: &impl Fn(&str) -> Vec<String>,
) -> Vec<Overdue> {
    let mut out: Vec<Overdue> = facts
        .due
        .iter()
        .filter(|d| d.due_at < now)
        .filter_map(|d| {
            let (item, modules) = match (&d.module_id, &d.path_id) {
                (Some(m), _) => (m.clone(), vec![m.clone()]),
                (None, Some(p)) => (p.clone(), path_modules(p)),
                (None, None) => return None,
            };
            let done = modules
                .iter()
                .filter(|m| passed.contains(&(d.user_id.as_str(), m.as_str())))
                .count();
            (modules.is_empty() || done < modules.len()).then(|| Overdue {
                user_id: d.user_id.clone(),
                name: d.learner_name.clone(),
                role: role_of(&d.user_id),
                course: course_name(d.context_title.as_deref(), d.context_id.as_deref()),
                item,
                due_at: d.due_at,
                days_late: (now - d.due_at).div_euclid(DAY),
                done,
                of: modules.len(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.due_at, &a.user_id, &a.item).cmp(&(b.due_at, &b.user_id, &b.item)));
    out
}

fn expiring(
    facts: &Facts,
    now: i64,
    role_of: &impl Fn(&str) -> Option<JobRole>,
    titles: &HashMap<&str, &str>,
) -> Vec<Expiring> {
    let valid = |c: &CertificateFact| !c.revoked && c.valid_until > now;
    let mut out: Vec<Expiring> = facts
        .certificates
        .iter()
        .filter(|c| valid(c) && ends_soon(c.valid_until, now))
        // A renewal already issued for the same path means nothing is about to lapse.
        .filter(|c| {
            !facts.certificates.iter().any(|o| {
                o.user_id == c.user_id
                    && o.path_id == c.path_id
                    && valid(o)
                    && o.valid_until > c.valid_until
            })
        })
        .map(|c| Expiring {
            user_id: c.user_id.clone(),
            name: c.learner_name.clone(),
            role: role_of(&c.user_id),
            course: course_name(
                c.context_id
                    .as_deref()
                    .and_then(|id| titles.get(id).copied()),
                c.context_id.as_deref(),
            ),
            path_id: c.path_id.clone(),
            valid_until: c.valid_until,
            days_left: days_between(now, c.valid_until),
        })
        .collect();
    out.sort_by(|a, b| (a.valid_until, &a.user_id).cmp(&(b.valid_until, &b.user_id)));
    out
}

/// A course as people know it: its title, else its LMS id.
fn course_name(title: Option<&str>, id: Option<&str>) -> String {
    title
        .filter(|t| !t.trim().is_empty())
        .or(id)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests;
