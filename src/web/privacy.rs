//! `/privacy`: what the tool stores and for how long, with the periods from the running
//! configuration (so the page and `purge` cannot disagree).

use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/privacy", get(show_privacy))
}

#[derive(Template, WebTemplate)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    session_idle_hours: String,
    attempts_days: u64,
    delivered_days: u64,
    dead_letter_days: u64,
}

async fn show_privacy(State(app): State<AppState>) -> PrivacyPage {
    let days = |d: std::time::Duration| d.as_secs() / 86_400;
    let r = &app.config.retention;
    let idle = app.config.session_idle.as_secs_f64() / 3600.0;
    PrivacyPage {
        session_idle_hours: format!("{idle:.1}").trim_end_matches(".0").to_owned(),
        attempts_days: days(r.attempts),
        delivered_days: days(r.delivered_scores),
        dead_letter_days: days(r.dead_letters),
    }
}
