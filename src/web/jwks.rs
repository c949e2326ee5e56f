//! The tool's public keys, for platforms verifying our client assertions and deep linking
//! responses. Cacheable for a short while: a rotation publishes the next key well before use.

use crate::launch::unix_now;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/.well-known/jwks.json", get(show_jwks))
}

async fn show_jwks(State(app): State<AppState>) -> impl IntoResponse {
    let keys = app.keys.current();
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(keys.jwks(unix_now())),
    )
}
