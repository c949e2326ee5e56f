//! `/privacy`: what the tool stores and for how long, with the periods from the running
//! configuration (so the page and `purge` cannot disagree), in the visitor's language
//! (`?lang=de`, else `Accept-Language`; nobody is logged in here).

use super::lang::visitor_lang;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/privacy", get(show_privacy))
}

#[derive(Template, WebTemplate)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    t: Tr,
    lang: &'static str,
    session_kept: String,
    attempts_kept: String,
    scores_kept: String,
    dead_kept: String,
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

async fn show_privacy(
    State(app): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> PrivacyPage {
    let lang = visitor_lang(query.lang.as_deref(), &headers);
    let t = Tr::new(lang);
    let days = |d: std::time::Duration| (d.as_secs() / 86_400).to_string();
    let r = &app.config.retention;
    let idle = app.config.session_idle.as_secs_f64() / 3600.0;
    let hours = format!("{idle:.1}").trim_end_matches(".0").to_owned();
    PrivacyPage {
        session_kept: t.text("privacy-session-kept", "hours", &hours),
        attempts_kept: t.text("privacy-attempts-kept", "days", &days(r.attempts)),
        scores_kept: t.text("privacy-scores-kept", "days", &days(r.delivered_scores)),
        dead_kept: t.text("privacy-dead-kept", "days", &days(r.dead_letters)),
        lang: lang.code(),
        t,
    }
}

#[cfg(test)]
mod translations {
    use crate::i18n::message_id;
    use std::collections::BTreeSet;

    fn ids(source: &str) -> BTreeSet<&str> {
        source.lines().filter_map(message_id).collect()
    }

    #[test]
    fn every_language_has_every_privacy_message() {
        let english = ids(include_str!("../../i18n/en/privacy.ftl"));
        assert!(english.len() > 20);
        for (lang, source) in [
            ("de", include_str!("../../i18n/de/privacy.ftl")),
            ("fr", include_str!("../../i18n/fr/privacy.ftl")),
            ("es", include_str!("../../i18n/es/privacy.ftl")),
            ("it", include_str!("../../i18n/it/privacy.ftl")),
            ("nl", include_str!("../../i18n/nl/privacy.ftl")),
        ] {
            assert_eq!(ids(source), english, "i18n/{lang}/privacy.ftl");
        }
    }
}
