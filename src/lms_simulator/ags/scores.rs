//! AGS scores and results: score validation with Moodle's rules (only gradable users, timestamps
//! must be newer than the stored one), the results container, and the gradebook view.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{AgsQuery, LineItem, find_item, number, parse_json};
use crate::lms_simulator::state::{Inner, LmsSimulator, SimError, now};
use crate::lms_simulator::token::{SCOPE_RESULT_READONLY, SCOPE_SCORE, authorize_service};
use crate::lms_simulator::urls::with_path_suffix;

const SCORE_TYPE: &str = "application/vnd.ims.lis.v1.score+json";
const RESULTS_TYPE: &str = "application/vnd.ims.lis.v2.resultcontainer+json; charset=utf-8";
const ACTIVITY_PROGRESS: [&str; 5] = [
    "Initialized",
    "Started",
    "InProgress",
    "Submitted",
    "Completed",
];
const GRADING_PROGRESS: [&str; 5] = [
    "FullyGraded",
    "Pending",
    "PendingManual",
    "Failed",
    "NotReady",
];

/// One score the platform accepted, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRecord {
    pub line_item_id: u64,
    pub user_id: String,
    pub score_given: Option<f64>,
    pub score_maximum: Option<f64>,
    pub comment: Option<String>,
    pub activity_progress: String,
    pub grading_progress: String,
    pub timestamp: OffsetDateTime,
    /// When it arrived (Unix seconds).
    pub received_at: i64,
}

impl ScoreRecord {
    /// The result on the line item's scale, when the score is final (`FullyGraded`).
    pub fn result_score(&self, line_item_maximum: f64) -> Option<f64> {
        let (given, max) = (self.score_given?, self.score_maximum?);
        (self.grading_progress == "FullyGraded").then(|| given / max * line_item_maximum)
    }
}

fn text_field(body: &Value, name: &str, required: bool) -> Result<Option<String>, String> {
    match body.get(name) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) if !required => Ok(None),
        None | Some(Value::Null) => Err(format!("{name} is required")),
        Some(_) => Err(format!("{name} must be a string")),
    }
}

/// Validates a score body (AGS 2.0 §3.4): user, progress values, numbers and timestamp.
pub(crate) fn parse_score(body: &Value, line_item_id: u64) -> Result<ScoreRecord, String> {
    let user_id = text_field(body, "userId", true)?.unwrap_or_default();
    let activity_progress = text_field(body, "activityProgress", true)?.unwrap_or_default();
    if !ACTIVITY_PROGRESS.contains(&activity_progress.as_str()) {
        return Err(format!(
            "activityProgress {activity_progress:?} is not a known value"
        ));
    }
    let grading_progress = text_field(body, "gradingProgress", true)?.unwrap_or_default();
    if !GRADING_PROGRESS.contains(&grading_progress.as_str()) {
        return Err(format!(
            "gradingProgress {grading_progress:?} is not a known value"
        ));
    }
    let raw_time = text_field(body, "timestamp", true)?.unwrap_or_default();
    let timestamp = OffsetDateTime::parse(&raw_time, &Rfc3339)
        .map_err(|_| format!("timestamp {raw_time:?} is not an ISO 8601 date-time with offset"))?;
    let number_field = |name: &str| match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("{name} must be a number")),
    };
    let score_given = number_field("scoreGiven")?;
    let score_maximum = number_field("scoreMaximum")?;
    if score_given.is_some_and(|g| g < 0.0) {
        return Err("scoreGiven must not be negative".into());
    }
    if score_given.is_some() && score_maximum.is_none_or(|m| m <= 0.0) {
        return Err("scoreMaximum must be a number > 0 when scoreGiven is present".into());
    }
    Ok(ScoreRecord {
        line_item_id,
        user_id,
        score_given,
        score_maximum,
        comment: text_field(body, "comment", false)?,
        activity_progress,
        grading_progress,
        timestamp,
        received_at: now(),
    })
}

fn check_content_type(headers: &HeaderMap) -> Result<(), SimError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let content_type = content_type.unwrap_or("");
    if content_type.starts_with(SCORE_TYPE) {
        return Ok(());
    }
    let reason = format!("Content-Type must be {SCORE_TYPE}, got {content_type:?}");
    Err(SimError::service(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        reason,
    ))
}

/// Moodle's rules: only gradable users, and a timestamp newer than the stored one (AGS 2.0:
/// the platform must not apply an update older than what it holds).
fn accept_score(inner: &mut Inner, course: &str, score: ScoreRecord) -> Result<(), SimError> {
    let gradable = inner
        .course(course)
        .is_some_and(|c| c.is_gradable(&score.user_id));
    if !gradable {
        let reason = format!("user {} is not gradable in course {course}", score.user_id);
        return Err(SimError::service(StatusCode::BAD_REQUEST, reason));
    }
    // An index keeps this check O(1): the backlog benchmarks post thousands of scores.
    let cell = (score.line_item_id, score.user_id.clone());
    if let Some(held) = inner
        .latest_score_times
        .get(&cell)
        .filter(|t| **t >= score.timestamp)
    {
        let reason = format!(
            "refusing score with timestamp {} for user {}: the platform holds one from {held}",
            score.timestamp, score.user_id
        );
        return Err(SimError::service(StatusCode::CONFLICT, reason));
    }
    inner.latest_score_times.insert(cell, score.timestamp);
    inner.scores.push(score);
    Ok(())
}

/// `POST lineitem/scores`: 200 with an empty body like Moodle.
pub(crate) async fn post_score(
    State(sim): State<LmsSimulator>,
    Path((course, item)): Path<(String, u64)>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(&sim.shared, &headers, &[SCOPE_SCORE], type_id)?;
    check_content_type(&headers)?;
    let score = parse_score(&parse_json(&body)?, item)
        .map_err(|r| SimError::service(StatusCode::BAD_REQUEST, r))?;
    let mut inner = sim.shared.inner();
    find_item(&inner, &course, item, type_id)?;
    accept_score(&mut inner, &course, score)?;
    let content_type = "application/vnd.ims.lis.v1.score+json; charset=utf-8";
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], "").into_response())
}

/// A timestamp with whole seconds and `+00:00`, as Moodle prints them.
pub(crate) fn seconds(timestamp: OffsetDateTime) -> String {
    let t = timestamp.to_offset(time::UtcOffset::UTC);
    let (date, time) = (t.date(), t.time());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        date.year(),
        u8::from(date.month()),
        date.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// The latest score of each user on a line item, ordered by user id (one pass over the scores).
fn latest_per_user(scores: &[ScoreRecord], item: u64) -> Vec<&ScoreRecord> {
    let mut latest: HashMap<&str, &ScoreRecord> = HashMap::new();
    for score in scores.iter().filter(|s| s.line_item_id == item) {
        latest.insert(&score.user_id, score);
    }
    let mut list: Vec<&ScoreRecord> = latest.into_values().collect();
    list.sort_unstable_by(|a, b| a.user_id.cmp(&b.user_id));
    list
}

fn result_json(score: &ScoreRecord, item: &LineItem, item_url: &str) -> Value {
    let results_url = with_path_suffix(item_url, "results");
    let mut result = json!({
        "id": format!("{results_url}&user_id={}", score.user_id),
        "userId": score.user_id,
        "resultMaximum": number(item.score_maximum),
        "scoreOf": item_url,
        "timestamp": seconds(score.timestamp),
    });
    if let Some(value) = score.result_score(item.score_maximum) {
        result["resultScore"] = number(value);
    }
    if let Some(comment) = &score.comment {
        result["comment"] = json!(comment);
    }
    result
}

/// `GET lineitem/results`: the latest result of every user with a score.
pub(crate) async fn get_results(
    State(sim): State<LmsSimulator>,
    Path((course, item)): Path<(String, u64)>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(&sim.shared, &headers, &[SCOPE_RESULT_READONLY], type_id)?;
    let inner = sim.shared.inner();
    let limit = query
        .limit()?
        .or(inner.results_page_size)
        .filter(|l| *l > 0);
    let from = query.from()?.unwrap_or(0);
    let line_item = find_item(&inner, &course, item, type_id)?;
    let item_url = sim.shared.settings.lineitem_url(&course, item, type_id);
    let wanted = |s: &&ScoreRecord| query.user_id.as_deref().is_none_or(|u| u == s.user_id);
    let matching: Vec<&ScoreRecord> = latest_per_user(&inner.scores, item)
        .into_iter()
        .filter(wanted)
        .collect();
    let end = limit.map_or(matching.len(), |l| {
        from.saturating_add(l).min(matching.len())
    });
    let results: Vec<Value> = matching
        .iter()
        .take(end)
        .skip(from)
        .map(|s| result_json(s, line_item, &item_url))
        .collect();
    let body = Value::Array(results).to_string();
    let mut response =
        (StatusCode::OK, [(header::CONTENT_TYPE, RESULTS_TYPE)], body).into_response();
    // Paged like the line items container: `Link: <...&from=N&limit=L>; rel="next"`.
    if let Some(l) = limit.filter(|_| end < matching.len()) {
        let mut next = url::Url::parse(&with_path_suffix(&item_url, "results"))
            .map_err(|e| SimError::service(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        next.query_pairs_mut()
            .append_pair("from", &end.to_string())
            .append_pair("limit", &l.to_string());
        if let Ok(value) = header::HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

/// What the gradebook shows for one learner and line item.
#[derive(Debug, Clone, PartialEq)]
pub struct GradebookEntry {
    pub context_id: String,
    pub line_item_id: u64,
    pub label: String,
    pub user_id: String,
    /// On the line item's scale; `None` until a `FullyGraded` score arrives.
    pub result_score: Option<f64>,
    pub result_maximum: f64,
    /// The latest score as received.
    pub latest: ScoreRecord,
    /// How many scores were accepted for this cell.
    pub accepted_scores: usize,
}

impl LmsSimulator {
    /// Pages the AGS results container (`None`: one page, like Moodle).
    pub fn set_results_page_size(&self, size: Option<usize>) {
        self.shared.inner().results_page_size = size;
    }

    /// A teacher overrides a grade in the gradebook, behind the tool's back: `user_id` now
    /// holds `score_given` out of the line item's maximum (`None` clears the grade). False
    /// when no line item has this URL.
    pub fn override_grade(
        &self,
        lineitem_url: &str,
        user_id: &str,
        score_given: Option<f64>,
    ) -> bool {
        let Some(item) = self.line_item_by_url(lineitem_url) else {
            return false;
        };
        let now = OffsetDateTime::now_utc();
        let mut inner = self.shared.inner();
        inner
            .latest_score_times
            .insert((item.id, user_id.to_owned()), now);
        inner.scores.push(ScoreRecord {
            line_item_id: item.id,
            user_id: user_id.to_owned(),
            score_given,
            score_maximum: Some(item.score_maximum),
            comment: Some("Changed in the gradebook".into()),
            activity_progress: "Completed".into(),
            grading_progress: "FullyGraded".into(),
            timestamp: now,
            received_at: now.unix_timestamp(),
        });
        true
    }

    /// Every score accepted so far, oldest first.
    pub fn scores(&self) -> Vec<ScoreRecord> {
        self.shared.inner().scores.clone()
    }

    /// The gradebook: one entry per line item and user with a score, in order of first score.
    pub fn gradebook(&self) -> Vec<GradebookEntry> {
        let inner = self.shared.inner();
        let mut entries: Vec<GradebookEntry> = Vec::new();
        let mut index: HashMap<(u64, &str), usize> = HashMap::new();
        for score in &inner.scores {
            let Some(item) = inner.line_items.get(&score.line_item_id) else {
                continue;
            };
            let slot = *index
                .entry((item.id, score.user_id.as_str()))
                .or_insert_with(|| {
                    entries.push(GradebookEntry {
                        context_id: item.context_id.clone(),
                        line_item_id: item.id,
                        label: item.label.clone(),
                        user_id: score.user_id.clone(),
                        result_score: None,
                        result_maximum: item.score_maximum,
                        latest: score.clone(),
                        accepted_scores: 0,
                    });
                    entries.len() - 1
                });
            if let Some(entry) = entries.get_mut(slot) {
                entry.result_score = score.result_score(item.score_maximum);
                entry.latest = score.clone();
                entry.accepted_scores += 1;
            }
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Value {
        json!({"userId": "4", "scoreGiven": 87, "scoreMaximum": 100, "comment": "Good work",
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": "2026-11-28T11:01:24.705+00:00"})
    }

    #[test]
    fn moodle_capture_score_is_valid() {
        let score = parse_score(&body(), 2).expect("valid score");
        assert_eq!(score.user_id, "4");
        assert_eq!(score.result_score(50.0), Some(43.5));
        assert_eq!(seconds(score.timestamp), "2026-11-28T11:01:24+00:00");
    }

    #[test]
    fn invalid_scores_are_refused_with_a_reason() {
        let cases = [
            ("userId", Value::Null, "userId is required"),
            ("activityProgress", json!("Done"), "activityProgress"),
            (
                "gradingProgress",
                json!(3),
                "gradingProgress must be a string",
            ),
            ("timestamp", json!("yesterday"), "timestamp"),
            ("scoreGiven", json!(-1), "negative"),
            ("scoreMaximum", json!(0), "scoreMaximum"),
        ];
        for (field, value, reason) in cases {
            let mut b = body();
            b[field] = value;
            let error = parse_score(&b, 1).expect_err(field);
            assert!(error.contains(reason), "{field}: {error}");
        }
    }

    #[test]
    fn extra_credit_and_pending_scores_are_kept_but_only_final_ones_count() {
        let mut b = body();
        b["scoreGiven"] = json!(120);
        assert_eq!(
            parse_score(&b, 1)
                .expect("extra credit")
                .result_score(100.0),
            Some(120.0)
        );
        b["gradingProgress"] = json!("Pending");
        assert_eq!(
            parse_score(&b, 1).expect("pending").result_score(100.0),
            None
        );
    }
}
