//! Public pages without a session: the front page, health and readiness, static assets.

use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_index))
        .route("/ended", get(show_ended))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(show_ready))
        .route("/static/site.css", get(site_css))
}

#[derive(Template, WebTemplate)]
#[template(path = "index.html")]
struct IndexPage {
    login_url: String,
    launch_url: String,
    jwks_url: String,
}

async fn show_index(State(app): State<AppState>) -> IndexPage {
    IndexPage {
        login_url: app.config.url("lti/login").to_string(),
        launch_url: app.config.url("lti/launch").to_string(),
        jwks_url: app.config.url(".well-known/jwks.json").to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "ended.html")]
struct EndedPage {
    t: crate::i18n::Tr,
}

/// `?lang=de`: the language of the session that just ended (anything else gives English).
#[derive(Debug, Default, serde::Deserialize)]
struct EndedQuery {
    #[serde(default)]
    lang: String,
}

async fn show_ended(axum::extract::Query(q): axum::extract::Query<EndedQuery>) -> EndedPage {
    let lang = crate::i18n::UiLang::parse(&q.lang).unwrap_or(crate::i18n::UiLang::En);
    EndedPage {
        t: crate::i18n::Tr::new(lang),
    }
}

/// Ready when the database answers with every migration applied and a signing key is loaded.
async fn show_ready(State(app): State<AppState>) -> impl IntoResponse {
    let db = app.store.ready().await;
    if let Err(e) = &db {
        tracing::warn!(error = %e, "readiness: the database is not ready");
    }
    let keys = app
        .keys
        .current()
        .has_signing_key(crate::launch::unix_now());
    let ok = db.is_ok() && keys;
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "ready": ok,
        // This answer is public: the tool's own finding (migrations behind) is shown, a driver's
        // error (SQL, file paths, hosts) only in the log.
        "database": match &db {
            Ok(()) => "ok".to_owned(),
            Err(crate::db::StoreError::Corrupt(finding)) => finding.clone(),
            Err(_) => "unavailable (see the log)".to_owned(),
        },
        "keys": if keys { "ok" } else { "no signing key" },
    });
    (status, Json(body))
}

async fn site_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/site.css"),
    )
}
