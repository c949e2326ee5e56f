//! The grade sync view's logic: for each line item and learner of one course, what the tool sent
//! and what the platform's gradebook now holds (read back through the AGS Result service),
//! judged as in sync, pending, failed or differing. No HTTP and no SQL here.

use lti::ResultItem;
use std::collections::HashMap;

/// Ratios closer than this are the same grade (platforms round and rescale, Moodle to five
/// decimals on the line item's maximum).
const SAME_GRADE: f64 = 1e-4;

/// One outbox row of a course, as the sync view needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentScore {
    pub id: String,
    /// Empty while the line item is still to be found or created.
    pub lineitem_url: String,
    pub module_id: String,
    pub user_id: String,
    pub score_given: i64,
    pub score_maximum: i64,
    /// The AGS timestamp sent (RFC 3339).
    pub timestamp: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub created_at_ms: i64,
    pub delivered_at_ms: Option<i64>,
    /// The platform's last HTTP status and answer (kept for retries and dead letters).
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// Where an outbox row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Pending,
    Delivered,
    Dead,
    /// Replaced by a newer value of the same cell before it was sent.
    Superseded,
}

impl OutboxState {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "delivered" => Some(Self::Delivered),
            "dead" => Some(Self::Dead),
            "superseded" => Some(Self::Superseded),
            _ => None,
        }
    }
}

/// How the tool's value and the gradebook's compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    /// Delivered, and the platform holds the same grade.
    InSync,
    /// Still in the outbox (waiting or retrying).
    Pending,
    /// Refused for good (a dead letter); the platform's answer is kept.
    Failed,
    /// Delivered, but the platform now holds another grade or none (changed in the LMS).
    Differing,
    /// Delivered, but the platform's results could not be read just now.
    Unchecked,
}

impl SyncState {
    /// A stable code for CSV, CSS classes and tests.
    pub fn code(self) -> &'static str {
        match self {
            Self::InSync => "in_sync",
            Self::Pending => "pending",
            Self::Failed => "failed",
            Self::Differing => "differing",
            Self::Unchecked => "unchecked",
        }
    }
}

/// What the gradebook holds for one learner, as a percentage of the line item's maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// `None` when the platform has a result without a grade.
    pub percent: Option<f64>,
    pub timestamp: Option<String>,
    pub comment: Option<String>,
}

impl Held {
    pub fn from_result(r: &ResultItem) -> Self {
        Self {
            percent: r.ratio().map(|ratio| ratio * 100.0),
            timestamp: r.timestamp.as_ref().map(ToString::to_string),
            comment: r.comment.clone(),
        }
    }
}

/// One row of the view: a learner's latest value on a line item, and the platform's.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRow {
    pub sent: SentScore,
    pub held: Option<Held>,
    pub state: SyncState,
}

/// The read-back of one line item: every result by user, or why it could not be read.
pub type ReadBack = Result<HashMap<String, Held>, String>;

/// Keeps the newest value per line item and learner (older ones were superseded or improved
/// on), ordered by line item, then learner.
pub fn latest_per_cell(rows: Vec<SentScore>) -> Vec<SentScore> {
    let mut latest: HashMap<(String, String, String), SentScore> = HashMap::new();
    for row in rows {
        if row.state == OutboxState::Superseded {
            continue;
        }
        let key = (
            row.lineitem_url.clone(),
            row.module_id.clone(),
            row.user_id.clone(),
        );
        match latest.get(&key) {
            Some(kept) if kept.created_at_ms > row.created_at_ms => {}
            _ => {
                latest.insert(key, row);
            }
        }
    }
    let mut out: Vec<SentScore> = latest.into_values().collect();
    out.sort_by(|a, b| {
        (&a.module_id, &a.lineitem_url, &a.user_id).cmp(&(
            &b.module_id,
            &b.lineitem_url,
            &b.user_id,
        ))
    });
    out
}

/// Judges one row against the platform's result for its learner.
pub fn classify(sent: &SentScore, read_back: Option<&ReadBack>) -> (SyncState, Option<Held>) {
    let held = match read_back {
        Some(Ok(results)) => results.get(&sent.user_id).cloned(),
        _ => None,
    };
    let state = match sent.state {
        OutboxState::Pending | OutboxState::Superseded => SyncState::Pending,
        OutboxState::Dead => SyncState::Failed,
        OutboxState::Delivered => match read_back {
            Some(Ok(_)) if holds(sent, held.as_ref()) => SyncState::InSync,
            Some(Ok(_)) => SyncState::Differing,
            _ => SyncState::Unchecked,
        },
    };
    (state, held)
}

fn holds(sent: &SentScore, held: Option<&Held>) -> bool {
    let Some(percent) = held.and_then(|h| h.percent) else {
        return false;
    };
    if sent.score_maximum <= 0 {
        return false;
    }
    #[expect(clippy::cast_precision_loss, reason = "percentages, far below 2^52")]
    let ratio = sent.score_given as f64 / sent.score_maximum as f64;
    (ratio - percent / 100.0).abs() <= SAME_GRADE
}

/// The whole view: each row judged against the read-back of its line item.
pub fn build_rows(sent: Vec<SentScore>, read_backs: &HashMap<String, ReadBack>) -> Vec<SyncRow> {
    latest_per_cell(sent)
        .into_iter()
        .map(|s| {
            let (state, held) = classify(&s, read_backs.get(&s.lineitem_url));
            SyncRow {
                sent: s,
                held,
                state,
            }
        })
        .collect()
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 15] = [
    "line_item",
    "module",
    "user_id",
    "name",
    "status",
    "score_sent",
    "score_maximum",
    "score_timestamp",
    "queued_at_ms",
    "delivered_at_ms",
    "tries",
    "platform_status",
    "platform_answer",
    "platform_holds_percent",
    "platform_timestamp",
];

/// The view as CSV (RFC 4180, CRLF): one row per line item and learner. Cells a spreadsheet
/// would run as a formula are prefixed with `'`: user ids and platform answers come from outside.
pub fn to_csv(rows: &[SyncRow], names: &HashMap<String, String>) -> String {
    let mut out = crate::spreadsheet::line(CSV_HEADER.iter().map(|h| (*h).to_owned()));
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for row in rows {
        let s = &row.sent;
        let held = row.held.as_ref();
        out.push_str(&crate::spreadsheet::line([
            s.lineitem_url.clone(),
            s.module_id.clone(),
            s.user_id.clone(),
            names.get(&s.user_id).cloned().unwrap_or_default(),
            row.state.code().to_owned(),
            s.score_given.to_string(),
            s.score_maximum.to_string(),
            s.timestamp.clone(),
            s.created_at_ms.to_string(),
            opt(s.delivered_at_ms),
            s.attempts.to_string(),
            opt(s.last_status),
            s.last_error.clone().unwrap_or_default(),
            held.and_then(|h| h.percent)
                .map(|p| format!("{p:.2}"))
                .unwrap_or_default(),
            held.and_then(|h| h.timestamp.clone()).unwrap_or_default(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(user: &str, given: i64, state: OutboxState, at: i64) -> SentScore {
        SentScore {
            id: format!("{user}-{at}"),
            lineitem_url: "https://lms/li/1".into(),
            module_id: "M01".into(),
            user_id: user.into(),
            score_given: given,
            score_maximum: 100,
            timestamp: "2026-11-28T10:00:00.000Z".into(),
            state,
            attempts: 1,
            created_at_ms: at,
            delivered_at_ms: None,
            last_status: None,
            last_error: None,
        }
    }

    fn held(percent: f64) -> Held {
        Held {
            percent: Some(percent),
            timestamp: None,
            comment: None,
        }
    }

    #[test]
    fn a_delivered_score_is_in_sync_only_while_the_platform_holds_the_same_grade() {
        let row = sent("4", 80, OutboxState::Delivered, 1);
        let same: ReadBack = Ok(HashMap::from([("4".to_owned(), held(80.0))]));
        let changed: ReadBack = Ok(HashMap::from([("4".to_owned(), held(55.0))]));
        let gone: ReadBack = Ok(HashMap::new());
        let broken: ReadBack = Err("HTTP 500".into());
        assert_eq!(classify(&row, Some(&same)).0, SyncState::InSync);
        assert_eq!(classify(&row, Some(&changed)).0, SyncState::Differing);
        assert_eq!(classify(&row, Some(&gone)).0, SyncState::Differing);
        assert_eq!(classify(&row, Some(&broken)).0, SyncState::Unchecked);
    }

    #[test]
    fn queued_and_refused_scores_are_pending_and_failed_whatever_the_platform_holds() {
        let same: ReadBack = Ok(HashMap::from([("4".to_owned(), held(80.0))]));
        let pending = sent("4", 80, OutboxState::Pending, 1);
        let dead = sent("4", 80, OutboxState::Dead, 1);
        assert_eq!(classify(&pending, Some(&same)).0, SyncState::Pending);
        assert_eq!(classify(&dead, Some(&same)).0, SyncState::Failed);
    }

    #[test]
    fn only_the_newest_value_of_a_cell_is_shown() {
        let rows = vec![
            sent("4", 50, OutboxState::Delivered, 1),
            sent("4", 90, OutboxState::Pending, 3),
            sent("4", 70, OutboxState::Superseded, 2),
            sent("5", 60, OutboxState::Dead, 2),
        ];
        let kept = latest_per_cell(rows);
        assert_eq!(kept.len(), 2);
        assert_eq!((kept[0].user_id.as_str(), kept[0].score_given), ("4", 90));
        assert_eq!((kept[1].user_id.as_str(), kept[1].score_given), ("5", 60));
    }
}
