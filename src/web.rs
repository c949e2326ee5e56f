//! HTTP: the router, shared middleware (security headers, limits, tracing) and one module per area.

mod certificates;
mod courses;
mod grades;
mod headers;
mod hub;
mod institution;
mod instructor;
mod jwks;
mod lang;
mod lti;
mod lti_pages;
pub mod metrics;
mod operator;
mod pages;
mod privacy;
mod rate_limit;
mod registration;
mod session;
mod wizard;

pub use certificates::report_json as certificate_report_json;
pub use session::CurrentSession;

use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body any route accepts; a launch form (one id_token) is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(lti::router(state.clone()))
        .merge(jwks::router())
        .merge(session::router())
        .merge(pages::router())
        .merge(courses::router())
        .merge(grades::router())
        .merge(certificates::router(&state))
        .merge(registration::router())
        .merge(instructor::router())
        .merge(institution::router())
        .merge(wizard::router())
        .merge(hub::router())
        .merge(metrics::router())
        .merge(privacy::router())
        .merge(operator::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(lang::localize_error_pages))
        .layer(axum::middleware::from_fn(metrics::record_latency))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(span_without_query))
        // A request id on every log line of a request and on its response (a proxy's
        // `x-request-id` is kept, so one id follows the request through both logs).
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .with_state(state)
}

/// Request spans carry the route pattern only: query strings hold credentials (the dynamic
/// registration token) that must never reach the logs, whatever the log level.
fn span_without_query(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The route pattern, not the path: `/s/{sid}/...` paths carry the session id, a credential.
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", |p| p.as_str());
    tracing::info_span!("request", request_id = %id, method = %request.method(), route = %route)
}
