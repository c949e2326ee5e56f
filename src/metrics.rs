//! Metric names and the helpers that record them, so every counter is named in one place.

/// Counts a login initiation by outcome (`ok` or a refusal code) and by platform registration
/// (`unknown` when the login names none that is registered).
pub fn login(platform: &str, outcome: &'static str) {
    metrics::counter!("lti_logins_total", "outcome" => outcome, "platform" => platform.to_owned())
        .increment(1);
}

/// Counts a launch by outcome (`ok` or a refusal code from `docs/launch-errors.md`) and by
/// platform registration (`unknown` when the launch could not be tied to one).
pub fn launch(platform: Option<&str>, outcome: &'static str) {
    let platform = platform.unwrap_or("unknown").to_owned();
    metrics::counter!("lti_launches_total", "outcome" => outcome, "platform" => platform)
        .increment(1);
}

/// Counts a completed launch by how the browser proved it started the login
/// (`partitioned_cookie`, `postmessage`, `new_window`), so support sees which path users take.
pub fn launch_path(path: &'static str) {
    metrics::counter!("lti_launch_paths_total", "path" => path).increment(1);
}

/// Counts a score delivered to a gradebook and how long it waited since it was queued, by
/// platform registration (a slow LMS shows as its own latency).
pub fn grade_delivered(platform: &str, latency: std::time::Duration) {
    metrics::counter!("grade_scores_delivered_total", "platform" => platform.to_owned())
        .increment(1);
    metrics::histogram!("grade_delivery_latency_seconds", "platform" => platform.to_owned())
        .record(latency.as_secs_f64());
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

/// Counts a call to a platform's NRPS memberships service by outcome (`ok` or `error`).
pub fn nrps_call(platform: &str, outcome: &'static str) {
    metrics::counter!("nrps_calls_total", "platform" => platform.to_owned(), "outcome" => outcome)
        .increment(1);
}

/// Counts a certificate issued.
pub fn certificate_issued() {
    metrics::counter!("certificates_issued_total").increment(1);
}

/// Counts a certificate verification by outcome (`valid`, `revoked`, `unknown`, ...).
pub fn certificate_verified(outcome: &'static str) {
    metrics::counter!("certificates_verified_total", "outcome" => outcome).increment(1);
}

/// Records one HTTP request: its route (the pattern, never the concrete path, so session ids
/// stay out of the labels), method, status class and duration.
pub fn http_request(route: &str, method: &str, status: u16, elapsed: std::time::Duration) {
    let class = match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    // Any caller may send any method token: a label per made-up method would grow the series
    // (and the recorder's memory) without end.
    let method: &'static str = match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    metrics::histogram!(
        "http_request_duration_seconds",
        "route" => route.to_owned(),
        "method" => method,
        "status" => class
    )
    .record(elapsed.as_secs_f64());
}

/// How often the recorder folds recorded histogram samples into its buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Folds histogram samples into their buckets every few seconds, for as long as the runtime
/// runs. A recorder from `build_recorder` keeps every sample until something does this (or a
/// scrape renders them): without it, a server nobody scrapes grows by every request it times.
pub fn spawn_upkeep() {
    let handle = prometheus();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(UPKEEP_EVERY);
        loop {
            tick.tick().await;
            handle.run_upkeep();
        }
    });
}

/// The process-wide Prometheus recorder, installed on first use. Metrics recorded before it
/// is installed are lost, so `app::start_on` installs it before serving.
pub fn prometheus() -> &'static metrics_exporter_prometheus::PrometheusHandle {
    static HANDLE: std::sync::OnceLock<metrics_exporter_prometheus::PrometheusHandle> =
        std::sync::OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Suffix("_seconds".into()),
                &[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
                    300.0,
                ],
            )
            .map(|b| b.build_recorder())
            .unwrap_or_else(|_| {
                metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder()
            });
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics shows nothing");
        }
        handle
    })
}
