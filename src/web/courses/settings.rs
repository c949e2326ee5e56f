//! The learner's settings: the job role (asked on the first launch unless the placement sets
//! it, changeable later) and the interface language (the switcher). Both are remembered per
//! learner of a tenant.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::frame::{Frame, Player, role_key};
use super::problems::{self, render};
use crate::content::{JobRole, Lang};
use crate::courses::RoleSource;
use crate::i18n::UiLang;
use crate::launch::unix_now;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "courses/role.html")]
pub struct RolePage {
    frame: Frame,
    roles: Vec<RoleOption>,
    /// Set when the placement fixes the role: the text saying so.
    fixed: Option<String>,
    error: bool,
    next: String,
}

struct RoleOption {
    code: &'static str,
    name: String,
    description: String,
    checked: bool,
}

/// The job role form, to come back to `next` once saved.
pub fn role_page(player: &Player, status: StatusCode, error: bool, next: &str) -> Response {
    let t = player.tr;
    let current = player.role();
    let roles = JobRole::ALL
        .iter()
        .map(|&r| RoleOption {
            code: r.as_str(),
            name: t.get(role_key(r)).to_owned(),
            description: t.get(&format!("{}-desc", role_key(r))).to_owned(),
            checked: current.is_some_and(|(c, _)| c == r),
        })
        .collect();
    let fixed = match current {
        Some((role, RoleSource::Placement)) => {
            Some(t.text("role-fixed", "role", t.get(role_key(role))))
        }
        _ => None,
    };
    let page = RolePage {
        frame: player.frame(t.get("role-title")),
        roles,
        fixed,
        error,
        next: safe_next(next).to_owned(),
    };
    render(status, &page)
}

pub async fn show_role(player: Player) -> Response {
    role_page(&player, StatusCode::OK, false, "courses")
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    role: Option<String>,
    next: Option<String>,
}

pub async fn save_role(
    State(app): State<AppState>,
    player: Player,
    Form(form): Form<RoleForm>,
) -> Response {
    let next = safe_next(form.next.as_deref().unwrap_or("courses")).to_owned();
    if matches!(player.role(), Some((_, RoleSource::Placement))) {
        return role_page(&player, StatusCode::CONFLICT, false, &next);
    }
    let Some(role) = form.role.as_deref().and_then(JobRole::parse) else {
        return role_page(&player, StatusCode::UNPROCESSABLE_ENTITY, true, &next);
    };
    if let Err(e) = app
        .store
        .set_job_role(&player.learner, role, unix_now())
        .await
    {
        return problems::store(e);
    }
    Redirect::to(&format!("/s/{}/{next}", player.sid())).into_response()
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
    back: Option<String>,
}

pub async fn save_language(
    State(app): State<AppState>,
    player: Player,
    Form(form): Form<LanguageForm>,
) -> Response {
    let back = safe_next(form.back.as_deref().unwrap_or("courses")).to_owned();
    if let Some(lang) = UiLang::parse(&form.lang).and_then(|l| Lang::parse(l.code()))
        && let Err(e) = app
            .store
            .set_language(&player.learner, &lang, unix_now())
            .await
    {
        return problems::store(e);
    }
    Redirect::to(&format!("/s/{}/{back}", player.sid())).into_response()
}

/// A page below the session to return to: only plain relative paths, so a forged `next` can
/// neither leave the session's prefix nor the site. No `%` either: a browser resolves `%2e%2e`
/// as `..`, and the tool's own pages need no escapes.
pub fn safe_next(next: &str) -> &str {
    let plain = next
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    if plain
        && !next.is_empty()
        && !next.starts_with('/')
        && !next.contains("..")
        && !next.contains("//")
    {
        next
    } else {
        "courses"
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_plain_relative_pages_are_returned_to() {
        assert_eq!(safe_next("%2e%2e/%2e%2e/operator"), "courses");
        assert_eq!(
            safe_next("modules/M02/lessons/01-x"),
            "modules/M02/lessons/01-x"
        );
        for bad in [
            "",
            "/evil",
            "//evil.example",
            "https://evil.example",
            "../../end",
            "courses?x=1",
            "a\\b",
        ] {
            assert_eq!(safe_next(bad), "courses", "{bad}");
        }
    }
}
