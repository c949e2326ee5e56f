//! HTTP: the router, shared middleware (security headers, limits, tracing) and one module per area.

mod courses;
mod headers;
mod instructor;
mod jwks;
mod lti;
mod pages;
mod rate_limit;
mod registration;
mod session;

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
        .merge(registration::router())
        .merge(instructor::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(span_without_query))
        .with_state(state)
}

/// Request spans carry the path only: query strings hold credentials (the dynamic registration
/// token) that must never reach the logs, whatever the log level.
fn span_without_query(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
}
