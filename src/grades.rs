//! Grade passback: what the tool sends to an LMS gradebook and when it tries again. No HTTP and
//! no SQL here: `grades/client.rs` speaks AGS, `grades/worker.rs` drains the outbox the store
//! keeps, and the score row is written in the transaction that records the attempt.

pub mod client;
pub mod line_items;
pub mod reconcile;
pub mod review;
pub mod sync;
pub mod worker;

use crate::platforms::RegistrationId;
use std::time::Duration;

/// The maximum every SecureHospitals score is given on: a percentage.
pub const SCORE_MAXIMUM: i64 = 100;

/// A score to put into the outbox. In `complete_attempt` the value sent is the learner's best
/// score for the module (read in the same transaction), so a failed retake never lowers a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedScore {
    pub id: String,
    pub registration_id: RegistrationId,
    /// The AGS line item (`lineitem` of the launch's AGS claim), query string included.
    pub lineitem_url: String,
    /// When the launch had no `lineitem`: the line items service to find or create one in.
    pub lineitems_url: Option<String>,
    pub resource_link_id: Option<String>,
    /// The LTI context (course) the score was earned in: the grade sync view is per course.
    pub context_id: Option<String>,
    pub user_id: String,
    pub module_id: String,
    /// Used as is by `GradeStore::enqueue`; `complete_attempt` sends the best score instead
    /// when that is higher.
    pub score_given: i64,
    pub comment: String,
    /// The AGS timestamp (RFC 3339, milliseconds), fixed now so every retry resends it.
    pub timestamp: String,
    pub created_at_ms: i64,
}

impl QueuedScore {
    /// A score for `user_id` on a line item, stamped with the current time.
    pub fn new(
        registration_id: RegistrationId,
        lineitem_url: &str,
        user_id: &str,
        module_id: &str,
        score_given: i64,
        comment: &str,
    ) -> Self {
        let now = std::time::SystemTime::now();
        Self {
            id: uuid::Uuid::now_v7().to_string(),
            registration_id,
            lineitem_url: lineitem_url.to_owned(),
            lineitems_url: None,
            resource_link_id: None,
            context_id: None,
            user_id: user_id.to_owned(),
            module_id: module_id.to_owned(),
            score_given: score_given.clamp(0, SCORE_MAXIMUM),
            comment: comment.to_owned(),
            timestamp: lti::Timestamp::from_system_time(now).to_string(),
            created_at_ms: unix_ms(now),
        }
    }

    /// The same score, earned in the LTI context `context_id`.
    pub fn in_context(mut self, context_id: Option<&str>) -> Self {
        self.context_id = context_id.map(str::to_owned);
        self
    }

    /// The score for a completed attempt's graded item when the launch carried an AGS claim
    /// with the score scope: on the link's own line item when the item is the one the link
    /// places, else through the line items service (and the scope to use it), where the tool
    /// finds or creates a line item for this link and item; `None` when neither applies.
    pub fn for_launch(
        ags: Option<&serde_json::Value>,
        resource_link_id: Option<&str>,
        registration_id: RegistrationId,
        user_id: &str,
        item: &GradedItem,
    ) -> Option<Self> {
        let ags = ags?;
        let scopes = ags.get("scope")?.as_array()?;
        let has = |scope: &str| scopes.iter().any(|s| s.as_str() == Some(scope));
        if !has(SCOPE_SCORE) {
            return None;
        }
        let given = i64::from(item.percent);
        if item.on_link_column
            && let Some(lineitem) = ags.get("lineitem").and_then(|l| l.as_str())
        {
            return Some(Self::new(
                registration_id,
                lineitem,
                user_id,
                &item.id,
                given,
                &item.comment,
            ));
        }
        let lineitems = ags.get("lineitems")?.as_str()?;
        has(SCOPE_LINEITEM).then(|| Self {
            lineitems_url: Some(lineitems.to_owned()),
            resource_link_id: resource_link_id.map(str::to_owned),
            ..Self::new(registration_id, "", user_id, &item.id, given, &item.comment)
        })
    }
}

/// What a completed attempt scores in the gradebook, seen from the launch it was taken in. A
/// link's own gradebook column (the AGS claim's `lineitem`) belongs to what the link places: a
/// module link's column gets that module's result, a path link's column the share of the path's
/// modules passed. A learner who takes another module from there (the start page lists them
/// all) must not overwrite that column, so such a result stays in the tool. A link that places
/// nothing in particular has no column of its own to fill: its results go, per module, to line
/// items the tool finds or creates through the line items service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradedItem {
    /// A module id or a path id (the outbox's `module_id`, AGS `resourceId`).
    pub id: String,
    pub percent: u8,
    pub comment: String,
    /// Whether the link's own `lineitem` may take it.
    pub on_link_column: bool,
}

impl GradedItem {
    /// The graded item of an attempt at `module_id` (result `percent`) under `placement`.
    /// `passed` lists the learner's passed modules, this attempt's included; only a path
    /// placement needs it.
    pub fn for_attempt(
        placement: &crate::courses::Placement,
        catalogue: &crate::content::Catalogue,
        module_id: &str,
        percent: u8,
        passed: &[String],
    ) -> Option<Self> {
        let module_result = |on_link_column| Self {
            id: module_id.to_owned(),
            percent,
            comment: format!("SecureHospitals module {module_id}: best result"),
            on_link_column,
        };
        match (placement.module.as_deref(), placement.path.as_deref()) {
            (Some(placed), _) if placed == module_id => Some(module_result(true)),
            // A link that places nothing in particular: one column per module, found or made.
            (None, None) => Some(module_result(false)),
            (_, Some(path)) => {
                let path = catalogue.path(path)?;
                if !path.modules.iter().any(|m| m == module_id) {
                    return None;
                }
                let done = path.modules.iter().filter(|m| passed.contains(m)).count();
                let of = path.modules.len().max(1);
                Some(Self {
                    id: path.id.clone(),
                    percent: u8::try_from(done * 100 / of).unwrap_or(100),
                    comment: format!(
                        "SecureHospitals path {}: {done} of {of} modules passed",
                        path.id
                    ),
                    on_link_column: true,
                })
            }
            // Another module than the one placed: it stays out of this link's column.
            (Some(_), None) => None,
        }
    }
}

/// The AGS scope that allows posting scores.
pub const SCOPE_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
/// The AGS scope that allows finding and creating line items.
pub const SCOPE_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
/// The tag on line items the tool creates, so it finds its own again.
pub const LINE_ITEM_TAG: &str = "securehospitals";

/// Which line item a score without one goes to: one per resource link and module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineItemKey {
    pub registration_id: String,
    pub lineitems_url: String,
    /// Empty when the launch had no resource link.
    pub resource_link_id: String,
    /// The module id (AGS `resourceId`).
    pub resource_id: String,
}

/// A row claimed from the outbox for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: String,
    pub registration_id: String,
    pub lineitem_url: String,
    pub user_id: String,
    pub score_given: i64,
    pub score_maximum: i64,
    pub comment: String,
    pub timestamp: String,
    /// Deliveries tried so far, this one included.
    pub attempts: i64,
    pub created_at_ms: i64,
    pub lineitems_url: Option<String>,
    pub resource_link_id: Option<String>,
    pub module_id: String,
}

/// How long to wait between deliveries of one score, and when to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub max: Duration,
    /// After this many temporary failures the row is dead-lettered (kept, visible, retryable).
    pub max_attempts: i64,
}

impl RetryPolicy {
    /// The wait after failed attempt `attempt` (1-based): exponential from `base`, capped at
    /// `max`, with jitter in its upper half (`jitter` in `[0, 1)`) so a recovering platform is not
    /// hit by every queued score at once. A platform's `Retry-After` wins when it asks for longer.
    pub fn delay(&self, attempt: i64, retry_after: Option<Duration>, jitter: f64) -> Duration {
        let shift = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let exp = self.base.saturating_mul(1u32 << shift).min(self.max);
        let jittered = exp.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        match retry_after {
            Some(asked) => asked.min(self.max),
            None => jittered,
        }
    }
}

/// What a score POST's answer means for the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// Try again later (timeouts, 408, 429, 5xx).
    Temporary,
    /// The platform says it holds this timestamp already (409, or 400 on a retry): read the
    /// result back; if it holds our score the first try landed.
    CheckResult,
    /// A refusal that will not change by retrying (e.g. Moodle: a teacher is not gradable).
    Permanent,
}

/// Classifies a score POST's HTTP status. `is_retry`: the row was tried before, so a refusal of
/// its timestamp may mean the earlier try landed.
pub fn classify(status: u16, is_retry: bool) -> Verdict {
    match status {
        200..=299 => Verdict::Delivered,
        408 | 425 | 429 | 500..=599 => Verdict::Temporary,
        409 => Verdict::CheckResult,
        400 if is_retry => Verdict::CheckResult,
        _ => Verdict::Permanent,
    }
}

/// Milliseconds since the Unix epoch.
pub fn unix_ms(time: std::time::SystemTime) -> i64 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// What `grades status` shows: the queue and the failures, per platform.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxStatus {
    pub pending: i64,
    pub dead: i64,
    pub delivered: i64,
    pub oldest_pending_ms: Option<i64>,
    pub failures: Vec<PlatformFailures>,
    /// The oldest dead letters (at most 50), with the platform's answer.
    pub dead_letters: Vec<DeadLetter>,
}

/// A score the platform refused for good, kept with its answer until `grades retry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: String,
    pub registration_id: String,
    pub user_id: String,
    pub score_given: i64,
    pub status: Option<i64>,
    pub answer: String,
}

/// Dead letters and retrying rows of one platform registration, with the latest answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformFailures {
    pub registration_id: String,
    pub dead: i64,
    pub retrying: i64,
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests;
