//! Metric names and the helpers that record them, so every counter is named in one place.

/// Counts a login initiation by outcome (`ok` or a refusal code).
pub fn login(outcome: &'static str) {
    metrics::counter!("lti_logins_total", "outcome" => outcome).increment(1);
}

/// Counts a launch by outcome (`ok` or a refusal code from `docs/launch-errors.md`).
pub fn launch(outcome: &'static str) {
    metrics::counter!("lti_launches_total", "outcome" => outcome).increment(1);
}
