//! The delivery worker: claims due outbox rows with a lease, posts each score, and records the
//! outcome (delivered, retry later with backoff, or dead letter with the platform's answer).

use super::client::{AgsClient, CallError};
use super::line_items::{Unresolved, line_item_for};
use super::{OutboxRow, RetryPolicy, Verdict, classify, unix_ms};
use crate::platforms::RegistrationId;
use crate::state::AppState;
use lti::{Score, Timestamp, UserId};
use std::time::{Duration, SystemTime};
use tokio::sync::watch;

/// Why a delivery did not succeed: the HTTP status when there was one, and the answer or error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: Option<u16>,
    pub answer: String,
}

/// How the worker runs (from `Config`).
#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    pub retry: RetryPolicy,
    pub lease: Duration,
    pub poll: Duration,
    pub timeout: Duration,
    /// Rows claimed and delivered concurrently per round.
    pub batch: i64,
}

enum Outcome {
    Delivered,
    Retry(Failure, Option<Duration>),
    Dead(Failure),
}

/// Starts the worker; it stops when `shutdown` turns true and then returns its claimed rows to
/// the queue. The returned handle finishes after that.
pub fn spawn(state: AppState, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    let settings = state.config.grades;
    // The process's shared client: its token cache also serves the roster (NRPS).
    let client = state.ags.clone();
    let owner = format!("worker-{}", uuid::Uuid::now_v7());
    tokio::spawn(async move {
        while !*shutdown.borrow() {
            let now = unix_ms(SystemTime::now());
            let lease_end = now + i64::try_from(settings.lease.as_millis()).unwrap_or(i64::MAX / 2);
            let rows = match state
                .store
                .claim_scores(&owner, now, lease_end, settings.batch)
                .await
            {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming queued scores failed");
                    Vec::new()
                }
            };
            if rows.is_empty() {
                tokio::select! {
                    _ = tokio::time::sleep(settings.poll) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            let mut set = tokio::task::JoinSet::new();
            for row in rows {
                let (state, client, owner) = (state.clone(), client.clone(), owner.clone());
                set.spawn(async move {
                    let outcome = deliver(&state, &client, &row).await;
                    record(&state, &owner, &row, outcome).await;
                });
            }
            while set.join_next().await.is_some() {}
        }
        match state.store.release_scores(&owner).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "returned claimed scores to the queue"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "returning claimed scores failed; their lease runs out")
            }
        }
    })
}

/// Updates the outbox depth gauges every 15 s.
pub fn spawn_gauges(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(15));
        loop {
            tick.tick().await;
            if let Ok(status) = state.store.outbox_status().await {
                crate::metrics::grade_queue(status.pending, status.dead);
            }
        }
    });
}

fn dead(reason: impl Into<String>) -> Outcome {
    Outcome::Dead(Failure {
        status: None,
        answer: reason.into(),
    })
}

/// One delivery. The score is rebuilt from the row exactly as first queued (same timestamp
/// text), so a retry of a score that landed is recognised by the platform.
async fn deliver(state: &AppState, client: &AgsClient, row: &OutboxRow) -> Outcome {
    let Some(reg_id) = RegistrationId::parse(&row.registration_id) else {
        return dead("the outbox row names no valid registration");
    };
    let reg = match state.store.find_registration_by_id(reg_id).await {
        Ok(Some(reg)) => reg,
        Ok(None) => return dead("the platform registration was removed"),
        Err(e) => return Outcome::Retry(failure(None, e.to_string()), None),
    };
    let score = match build_score(row) {
        Ok(score) => score,
        Err(reason) => return dead(reason),
    };
    let keys = state.keys.current();
    let line_item = match line_item_for(state, client, &reg, &keys, row).await {
        Ok(url) => url,
        Err(Unresolved::Temporary(reason)) => return Outcome::Retry(failure(None, reason), None),
        Err(Unresolved::Permanent(reason)) => return dead(reason),
    };
    let answer = match client.post_score(&reg, &keys, &line_item, &score).await {
        Ok(answer) => answer,
        Err(e) => return call_failed(e),
    };
    let refused = failure(Some(answer.status), answer.body.clone());
    match classify(answer.status, row.attempts > 1) {
        Verdict::Delivered => Outcome::Delivered,
        Verdict::Temporary => Outcome::Retry(refused, answer.retry_after),
        Verdict::Permanent => Outcome::Dead(refused),
        Verdict::CheckResult => {
            match client
                .read_results(&reg, &keys, &line_item, score.user_id())
                .await
            {
                Ok(results) if results.iter().any(|r| r.holds(&score)) => Outcome::Delivered,
                Ok(_) => Outcome::Dead(failure(
                    Some(answer.status),
                    format!("{} (the platform holds a different value)", answer.body),
                )),
                Err(e) => call_failed(e),
            }
        }
    }
}

fn build_score(row: &OutboxRow) -> Result<Score, String> {
    let user = UserId::parse(row.user_id.clone()).map_err(|e| e.to_string())?;
    let timestamp = Timestamp::parse(&row.timestamp).map_err(|e| e.to_string())?;
    #[expect(clippy::cast_precision_loss, reason = "percentages, far below 2^52")]
    let (given, max) = (row.score_given as f64, row.score_maximum as f64);
    Score::graded(user, given, max, timestamp)
        .map(|s| s.with_comment(row.comment.clone()))
        .map_err(|e| e.to_string())
}

/// The platform's answer as kept in the outbox: its first 500 characters.
fn failure(status: Option<u16>, answer: String) -> Failure {
    let answer = answer.chars().take(500).collect();
    Failure { status, answer }
}

fn call_failed(e: CallError) -> Outcome {
    if e.is_temporary() {
        Outcome::Retry(failure(None, e.to_string()), None)
    } else {
        Outcome::Dead(failure(None, e.to_string()))
    }
}

async fn record(state: &AppState, owner: &str, row: &OutboxRow, outcome: Outcome) {
    let settings = state.config.grades;
    let now = SystemTime::now();
    let result = match outcome {
        Outcome::Delivered => {
            let waited = unix_ms(now).saturating_sub(row.created_at_ms);
            crate::metrics::grade_delivered(
                &row.registration_id,
                Duration::from_millis(u64::try_from(waited).unwrap_or(0)),
            );
            state
                .store
                .mark_delivered(&row.id, owner, unix_ms(now))
                .await
        }
        Outcome::Retry(f, _) if row.attempts >= settings.retry.max_attempts => {
            crate::metrics::grade_failure(&row.registration_id, "dead_letter");
            state.store.dead_letter(&row.id, owner, &f).await
        }
        Outcome::Retry(f, retry_after) => {
            crate::metrics::grade_failure(&row.registration_id, "temporary");
            let wait = settings
                .retry
                .delay(row.attempts, retry_after, rand::random::<f64>());
            let next = unix_ms(now + wait);
            tracing::info!(score = %row.id, status = ?f.status, wait_ms = wait.as_millis(), "score delivery failed, retrying later");
            state.store.reschedule_score(&row.id, owner, next, &f).await
        }
        Outcome::Dead(f) => {
            crate::metrics::grade_failure(&row.registration_id, "dead_letter");
            tracing::warn!(score = %row.id, status = ?f.status, answer = %f.answer, "score refused for good; kept as a dead letter");
            state.store.dead_letter(&row.id, owner, &f).await
        }
    };
    if let Err(e) = result {
        tracing::warn!(score = %row.id, error = %e, "recording a delivery outcome failed; the lease runs out and it is retried");
    }
}
