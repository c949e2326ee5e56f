//! The knowledge hub's pages under `/s/{sid}/hub`: search with filters, articles, the three
//! directories, and the community of practice (course and module discussions, the trainers'
//! forum). Every discussion read and write is scoped to the session's platform and context.

mod browse;
mod discuss;

use super::session::tr_for;
use crate::content::{JobRole, Lang};
use crate::error::AppError;
use crate::hub::SearchFilter;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/hub", get(browse::show_hub))
        .route("/s/{sid}/hub/articles/{slug}", get(browse::show_article))
        .route(
            "/s/{sid}/hub/directories/{directory}",
            get(browse::show_directory),
        )
        .route("/s/{sid}/hub/discuss", get(discuss::show_discussions))
        .route("/s/{sid}/hub/discuss/{scope}", get(discuss::show_thread))
        .route(
            "/s/{sid}/hub/discuss/{scope}/posts",
            post(discuss::add_post),
        )
        .route(
            "/s/{sid}/hub/discuss/{scope}/posts/{pid}/{action}",
            post(discuss::moderate_post),
        )
        .route(
            "/s/{sid}/hub/discuss/{scope}/{action}",
            post(discuss::lock_thread),
        )
}

/// The content language matching the interface (module titles).
fn content_lang(t: Tr) -> Lang {
    Lang::parse(t.lang().code()).unwrap_or_else(Lang::english)
}

/// Filters as they arrive in the query string; empty means "any".
#[derive(Debug, Default, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    topic: String,
}

fn short_code(s: &str, max: usize) -> bool {
    s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl FilterQuery {
    /// Checks every filter; a value no page offers is a 400 with the reason, never a guess.
    fn filter(&self, t: Tr) -> Result<SearchFilter, AppError> {
        let bad = || AppError::bad_request("bad_filter", t.get("hub-bad-filter"));
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let kind = opt(&self.kind);
        if kind
            .as_deref()
            .is_some_and(|k| k != "article" && crate::hub::Directory::parse(k).is_none())
        {
            return Err(bad());
        }
        let role = match self.role.as_str() {
            "" => None,
            code => Some(JobRole::parse(code).ok_or_else(bad)?),
        };
        let lang = opt(&self.lang);
        let country = opt(&self.country);
        let topic = opt(&self.topic);
        let fields = [&lang, &country, &topic];
        if fields
            .iter()
            .any(|f| f.as_deref().is_some_and(|v| !short_code(v, 24)))
            || self.q.chars().count() > 200
        {
            return Err(bad());
        }
        Ok(SearchFilter {
            kind,
            role,
            language: lang,
            country,
            topic,
        })
    }
}
