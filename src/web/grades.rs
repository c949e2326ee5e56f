//! The grade sync view (`/s/{sid}/grades`, CSV at `/s/{sid}/grades.csv`) for a course's
//! instructors and LMS administrators, and the submission review page (`/s/{sid}/review`) that a
//! gradebook's review launch lands on. Every query is scoped to the session's platform and course.

mod review;
mod sync;

use crate::content::Lang;
use crate::i18n::{Tr, UiLang};
use crate::sessions::Session;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/grades", get(sync::show_grades))
        .route("/s/{sid}/grades.csv", get(sync::export_grades))
        .route("/s/{sid}/review", get(review::show_review))
}

/// The page language: the learner's chosen language, else the launch's locale.
async fn tr_for(app: &AppState, s: &Session) -> Tr {
    let learner = crate::courses::Learner {
        registration_id: s.registration_id,
        user_id: s.user_id.clone(),
    };
    let chosen = app
        .store
        .learner_profile(&learner)
        .await
        .ok()
        .and_then(|p| p.language);
    let lang = chosen.or_else(|| s.locale.as_deref().and_then(Lang::parse));
    Tr::new(UiLang::negotiate(lang.as_ref()))
}

/// A unix time in milliseconds as `2026-11-28 10:04 UTC`.
fn show_ms(ms: i64) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else {
        return String::new();
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}
