//! The course player over HTTP: dashboard, paths, module overviews, lessons, quizzes, job role
//! and language. Every page lives under `/s/{sid}/`, and every link and form keeps that prefix.

mod certificates;
mod dashboard;
mod frame;
mod lessons;
mod problems;
mod quiz;
mod quiz_view;
mod settings;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/courses", get(dashboard::show_dashboard))
        .route("/s/{sid}/paths/{path_id}", get(dashboard::show_path))
        .route("/s/{sid}/modules/{module_id}", get(lessons::show_module))
        .route(
            "/s/{sid}/modules/{module_id}/lessons/{slug}",
            get(lessons::show_lesson),
        )
        .route(
            "/s/{sid}/modules/{module_id}/attempts",
            axum::routing::post(quiz::start_attempt),
        )
        .route(
            "/s/{sid}/modules/{module_id}/attempts/{attempt_id}",
            get(quiz::show_attempt).post(quiz::submit_attempt),
        )
        .route(
            "/s/{sid}/role",
            get(settings::show_role).post(settings::save_role),
        )
        .route(
            "/s/{sid}/language",
            axum::routing::post(settings::save_language),
        )
        .route(
            "/s/{sid}/certificates",
            get(certificates::show_certificates),
        )
        .route(
            "/s/{sid}/certificates/course",
            get(certificates::show_course_certificates),
        )
        .route(
            "/s/{sid}/certificates/name",
            axum::routing::post(certificates::declare_name),
        )
        .route(
            "/s/{sid}/certificates/{id}/revoke",
            axum::routing::post(certificates::revoke_certificate),
        )
        .route("/static/courses.css", get(courses_css))
}

async fn courses_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/courses.css"),
    )
}
