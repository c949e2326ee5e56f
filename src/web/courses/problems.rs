//! Player pages for things that went wrong, in the learner's language: an unknown module, path,
//! lesson or attempt (404, naming the id and the activity), a mis-set placement, a quiz whose
//! module changed, answers that do not belong to the attempt.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::frame::{Frame, Player};
use crate::courses::PlacementError;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "courses/problem.html")]
struct ProblemPage {
    frame: Frame,
    lines: Vec<String>,
}

/// Renders a player page with `status`; never cached, so "End session" on a shared terminal
/// leaves nothing behind the back button.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}

/// A store failure on a player page.
pub fn store(e: crate::db::StoreError) -> Response {
    AppError::from(e).into_response()
}

fn page(player: &Player, status: StatusCode, heading_id: &str, lines: Vec<String>) -> Response {
    let frame = player.frame(player.tr.get(heading_id));
    render(status, &ProblemPage { frame, lines })
}

fn not_found(player: &Player, message_id: &str, id: &str) -> Response {
    let t = player.tr;
    let mut lines = vec![t.text(message_id, "id", id)];
    let name = player.placement_name();
    if !name.is_empty() {
        lines.push(t.text("notfound-activity", "placement", &name));
    }
    lines.push(t.get("notfound-hint").to_owned());
    page(player, StatusCode::NOT_FOUND, "notfound-title", lines)
}

pub fn unknown_module(player: &Player, id: &str) -> Response {
    not_found(player, "notfound-module", id)
}

pub fn unknown_path(player: &Player, id: &str) -> Response {
    not_found(player, "notfound-path", id)
}

/// A module or path named in the page's address (typed, or an old link) that does not exist:
/// nothing for the teacher to fix, unlike a placement that names one.
pub fn no_such_module(player: &Player, id: &str) -> Response {
    not_in_catalogue(player, "notfound-address-module", id)
}

pub fn no_such_path(player: &Player, id: &str) -> Response {
    not_in_catalogue(player, "notfound-address-path", id)
}

fn not_in_catalogue(player: &Player, message_id: &str, id: &str) -> Response {
    let lines = vec![player.tr.text(message_id, "id", id)];
    page(player, StatusCode::NOT_FOUND, "notfound-title", lines)
}

pub fn unknown_lesson(player: &Player, slug: &str) -> Response {
    not_found(player, "notfound-lesson", slug)
}

pub fn unknown_attempt(player: &Player) -> Response {
    let t = player.tr;
    page(
        player,
        StatusCode::NOT_FOUND,
        "notfound-title",
        vec![t.get("notfound-attempt").to_owned()],
    )
}

/// A placement whose custom parameters the catalogue cannot serve.
pub fn placement(player: &Player, e: &PlacementError) -> Response {
    let t = player.tr;
    let (id, value) = match e {
        PlacementError::UnknownModule(id) => return unknown_module(player, id),
        PlacementError::UnknownPath(id) => return unknown_path(player, id),
        PlacementError::BadJobRole(v) => ("setup-job-role", v),
        PlacementError::BadPassMark(v) => ("setup-pass-mark", v),
        PlacementError::BadGraded(v) => ("setup-graded", v),
    };
    let mut lines = vec![t.text(id, "value", value)];
    let name = player.placement_name();
    if !name.is_empty() {
        lines.push(t.text("notfound-activity", "placement", &name));
    }
    lines.push(t.get("notfound-hint").to_owned());
    page(player, StatusCode::BAD_REQUEST, "setup-title", lines)
}

/// The module changed after the attempt started.
pub fn stale(player: &Player) -> Response {
    page(
        player,
        StatusCode::CONFLICT,
        "stale-title",
        vec![player.tr.get("stale-text").to_owned()],
    )
}

/// A form that no page of this attempt can have produced.
pub fn invalid_answers(player: &Player, reason: &str) -> Response {
    tracing::info!(%reason, "quiz submission refused");
    page(
        player,
        StatusCode::BAD_REQUEST,
        "invalid-title",
        vec![player.tr.get("invalid-text").to_owned()],
    )
}
