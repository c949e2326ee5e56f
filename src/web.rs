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
        .fallback(no_such_page)
        .method_not_allowed_fallback(wrong_method)
        // Innermost first. The timeout and the panic guard sit inside the error-page layer and
        // the security headers, so a request that hangs or a handler that panics still gets the
        // tool's error answer with every header.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            lang::localize_error_pages,
        ))
        .layer(axum::middleware::from_fn(metrics::record_latency))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(span_without_query))
        // A request id on every log line of a request and on its response (a proxy's
        // `x-request-id` is kept, so one id follows the request through both logs).
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .layer(axum::middleware::map_request(drop_unsafe_request_id))
        .with_state(state)
}

/// A caller's `x-request-id` is kept (a proxy's id follows the request through both logs) only
/// when it is a plain token; anything else (spaces, braces, `=`: text that would pose as more
/// fields or a second log line) is dropped, and the request gets an id of its own.
async fn drop_unsafe_request_id(
    mut request: axum::http::Request<axum::body::Body>,
) -> axum::http::Request<axum::body::Body> {
    let plain = |v: &axum::http::HeaderValue| {
        let b = v.as_bytes();
        !b.is_empty()
            && b.len() <= 128
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
    };
    if let Some(v) = request.headers().get("x-request-id")
        && !plain(v)
    {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// Any address the tool does not serve: a page (or JSON) that says so, not an empty 404.
async fn no_such_page(headers: axum::http::HeaderMap) -> crate::error::AppError {
    crate::error::AppError::not_found(
        "There is no page at this address. If you followed a link, it may be out of date: open the \
         activity again from your LMS.",
    )
    .for_client(&headers)
}

/// A known address asked with a method it does not answer (axum adds the `Allow` header).
async fn wrong_method(
    method: axum::http::Method,
    headers: axum::http::HeaderMap,
) -> crate::error::AppError {
    crate::error::AppError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("This address does not answer {method} requests."),
    )
    .for_client(&headers)
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
