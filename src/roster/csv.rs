//! The roster as CSV for spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run
//! as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'` so they stay text.

use super::RosterRow;

const HEADER: [&str; 11] = [
    "user_id",
    "name",
    "email",
    "roles",
    "status",
    "passed",
    "in_progress",
    "best_scores",
    "first_scores",
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

fn percents(scores: &[(String, u8)]) -> String {
    scores
        .iter()
        .map(|(m, s)| format!("{m} {s}%"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = cells
        .into_iter()
        .map(|c| cell(&c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// One cell: defused if it could start a formula, quoted if it holds a separator or quote.
pub fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}
