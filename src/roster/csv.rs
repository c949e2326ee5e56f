//! The roster as CSV for spreadsheets (cells quoted and defused by `crate::spreadsheet`).

use super::RosterRow;
use crate::spreadsheet::line;

const HEADER: [&str; 17] = [
    "user_id",
    "name",
    "email",
    "roles",
    "status",
    "passed",
    "in_progress",
    "best_scores",
    "first_scores",
    "path",
    "progress",
    "overdue",
    "certificate",
    "extensions",
    "resets",
    "late",
    "last_activity",
];

/// The whole roster, header first, CRLF line ends.
pub fn to_csv(rows: &[RosterRow]) -> String {
    let mut out = line(HEADER.iter().map(|h| (*h).to_owned()));
    for row in rows {
        out.push_str(&line([
            row.user_id.clone(),
            row.name.clone(),
            row.email.clone(),
            row.roles.join("; "),
            row.status.clone(),
            row.passed.join("; "),
            row.in_progress.join("; "),
            percents(&row.best_scores),
            percents(&row.first_scores),
            row.path.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
            super::Progress::of(row, None).as_str().to_owned(),
            dated(&row.overdue, "due"),
            row.certificates
                .iter()
                .map(super::CertificateState::describe)
                .collect::<Vec<_>>()
                .join("; "),
            dated(&row.extensions, "to"),
            row.resets
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {} by {}: {}",
                        r.target_id,
                        crate::courses::timing::show_unix(r.at),
                        r.attempts_reset,
                        r.actor_name.as_deref().unwrap_or(&r.actor_user_id),
                        r.reason
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            row.late
                .iter()
                .map(|(m, due)| format!("{m} (due {})", crate::courses::timing::show_unix(*due)))
                .collect::<Vec<_>>()
                .join("; "),
            row.last_activity
                .map(crate::courses::timing::show_unix)
                .unwrap_or_default(),
        ]));
    }
    out
}

/// `M01 (due 2027-…); M02 (due …)`.
fn dated(entries: &[(String, i64)], word: &str) -> String {
    entries
        .iter()
        .map(|(m, at)| format!("{m} ({word} {})", crate::courses::timing::show_unix(*at)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn percents(scores: &[(String, u8)]) -> String {
    scores
        .iter()
        .map(|(m, s)| format!("{m} {s}%"))
        .collect::<Vec<_>>()
        .join("; ")
}
