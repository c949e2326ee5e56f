//! The institution view as CSV for a spreadsheet: one table with a `section` column (by role,
//! overdue, expiring), so it opens as one sheet. Cells that could start a formula are defused.

use super::{RoleLine, Summary};
use crate::courses::timing::show_unix;

/// The CSV header; every section fills the columns it has and leaves the others empty.
pub const HEADER: [&str; 14] = [
    "section",
    "job_role",
    "learners",
    "completed",
    "completion_percent",
    "modules_passed",
    "certified",
    "expiring",
    "expired",
    "revoked",
    "user_id",
    "name",
    "course",
    "detail",
];

/// The whole summary as CSV (CRLF line ends, as RFC 4180 has them).
pub fn to_csv(s: &Summary) -> String {
    let mut out = line(HEADER.iter().map(|h| (*h).to_owned()));
    let role = |r: Option<crate::content::JobRole>| r.map_or(String::new(), |r| r.to_string());
    for l in &s.by_role {
        out += &role_line(
            l,
            &l.role.map_or_else(|| "none".to_owned(), |r| r.to_string()),
        );
    }
    out += &role_line(&s.total, "all");
    for o in &s.overdue {
        let mut cells = vec!["overdue".to_owned(), role(o.role)];
        cells.extend(std::iter::repeat_n(String::new(), 8));
        cells.extend([
            o.user_id.clone(),
            o.name.clone().unwrap_or_default(),
            o.course.clone(),
            format!(
                "{} due {} ({}/{} modules passed)",
                o.item,
                show_unix(o.due_at),
                o.done,
                o.of
            ),
        ]);
        out += &line(cells);
    }
    for e in &s.expiring {
        let mut cells = vec!["expiring".to_owned(), role(e.role)];
        cells.extend(std::iter::repeat_n(String::new(), 8));
        cells.extend([
            e.user_id.clone(),
            e.name.clone().unwrap_or_default(),
            e.course.clone(),
            format!("{} valid until {}", e.path_id, show_unix(e.valid_until)),
        ]);
        out += &line(cells);
    }
    out
}

fn role_line(l: &RoleLine, name: &str) -> String {
    let n = |v: usize| v.to_string();
    line([
        "by_role".to_owned(),
        name.to_owned(),
        n(l.learners),
        n(l.completed),
        l.completion_percent().to_string(),
        n(l.modules_passed),
        n(l.certified),
        n(l.expiring),
        n(l.expired),
        n(l.revoked),
    ])
}

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut cells: Vec<String> = cells.into_iter().collect();
    cells.resize(HEADER.len(), String::new());
    crate::spreadsheet::line(cells)
}
