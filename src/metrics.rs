//! Metric names and the helpers that record them, so every counter is named in one place.

/// Counts a login initiation by outcome (`ok` or a refusal code).
pub fn login(outcome: &'static str) {
    metrics::counter!("lti_logins_total", "outcome" => outcome).increment(1);
}

/// Counts a launch by outcome (`ok` or a refusal code from `docs/launch-errors.md`).
pub fn launch(outcome: &'static str) {
    metrics::counter!("lti_launches_total", "outcome" => outcome).increment(1);
}

/// Counts a score delivered to a gradebook and how long it waited since it was queued.
pub fn grade_delivered(latency: std::time::Duration) {
    metrics::counter!("grade_scores_delivered_total").increment(1);
    metrics::histogram!("grade_delivery_latency_seconds").record(latency.as_secs_f64());
}

/// Counts a failed delivery by platform registration and kind (`temporary`, `dead_letter`).
pub fn grade_failure(platform: &str, kind: &'static str) {
    metrics::counter!("grade_delivery_failures_total", "platform" => platform.to_owned(), "kind" => kind)
        .increment(1);
}

/// The outbox depth: scores waiting and dead letters.
pub fn grade_queue(pending: i64, dead: i64) {
    metrics::gauge!("grade_outbox_pending").set(pending as f64);
    metrics::gauge!("grade_outbox_dead_letters").set(dead as f64);
}
