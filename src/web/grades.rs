//! The grade sync view (`/s/{sid}/grades`, CSV at `/s/{sid}/grades.csv`) for a course's
//! instructors and LMS administrators, and the submission review page (`/s/{sid}/review`) that a
//! gradebook's review launch lands on. Every query is scoped to the session's platform and course.

mod review;
mod sync;

use super::session::tr_for;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/grades", get(sync::show_grades))
        .route("/s/{sid}/grades.csv", get(sync::export_grades))
        .route("/s/{sid}/review", get(review::show_review))
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
