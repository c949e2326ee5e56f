//! `/metrics` in the Prometheus text format, and the middleware that times every request.
//! Its labels name platforms, so it is never public: on the main address it needs the bearer
//! token (`--metrics-token`); `--metrics-listen` serves it on a second, private address.

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Instant;

/// `/metrics` on the main address: only with a token configured, and only for its bearer.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(show_metrics_with_token))
}

/// `/metrics` alone, for the separate listener (the token still applies when set).
pub fn standalone(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(show_metrics_on_private_address))
        .with_state(state)
}

/// Serves `/metrics` alone on its own listener until aborted.
pub fn serve(
    listener: tokio::net::TcpListener,
    state: crate::state::AppState,
) -> tokio::task::JoinHandle<()> {
    let app = standalone(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::warn!(error = %e, "the metrics listener stopped");
        }
    })
}

async fn show_metrics_with_token(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = app.config.metrics_token.as_deref() else {
        return AppError::not_found(
            "Metrics are not served on this address (see --metrics-listen and --metrics-token).",
        )
        .as_json()
        .into_response();
    };
    render_if_allowed(token, &headers)
}

async fn show_metrics_on_private_address(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Response {
    match app.config.metrics_token.as_deref() {
        Some(token) => render_if_allowed(token, &headers),
        None => render(),
    }
}

fn render_if_allowed(token: &str, headers: &HeaderMap) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if same_secret(given.trim(), token.trim()) => render(),
        _ => AppError::unauthorized(
            "metrics_token_required",
            "Send the metrics token as `Authorization: Bearer <token>`.",
        )
        .as_json()
        .into_response(),
    }
}

fn render() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::prometheus().render(),
    )
        .into_response()
}

/// Compares in time independent of where the strings differ (the token is a secret).
fn same_secret(a: &str, b: &str) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Times a request by its route pattern (`/s/{sid}/...`, never the session id itself).
pub async fn record_latency(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    crate::metrics::http_request(&route, &method, response.status().as_u16(), start.elapsed());
    response
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret("0123456789abcdef", "0123456789abcdef"));
        assert!(!same_secret("0123456789abcdef", "0123456789abcdeX"));
        assert!(!same_secret("", "0123456789abcdef"));
    }
}
