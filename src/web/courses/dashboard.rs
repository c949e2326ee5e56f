//! The learner's dashboard (the paths for their job role, then every other module) and a
//! learning path's page, each module with its status and first and best scores.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::frame::{Frame, Player};
use super::problems::{self, render};
use super::settings::role_page;
use crate::content::{LearningPath, Module};
use crate::courses::{ModuleProgress, ModuleStatus};
use crate::state::AppState;

/// One module in a table of modules.
pub struct ModuleRow {
    pub href: String,
    pub id: String,
    pub title: String,
    /// The language the module's texts are in (its `lang` attribute, for screen readers).
    pub title_lang: String,
    /// The language's own name when it is not the learner's (the module is not translated yet).
    pub other_language: Option<&'static str>,
    pub minutes: String,
    /// `not_started`, `in_progress` or `passed`, for the badge's class.
    pub status: &'static str,
    pub status_label: String,
    pub first: String,
    pub best: String,
}

pub struct PathView {
    pub title: String,
    pub summary: String,
    pub href: String,
    pub progress: String,
    pub complete: bool,
    pub rows: Vec<ModuleRow>,
}

#[derive(Template)]
#[template(path = "courses/dashboard.html")]
struct DashboardPage {
    frame: Frame,
    paths: Vec<PathView>,
    others: Vec<ModuleRow>,
    /// Certificates that expire soon or have expired.
    reminders: Vec<String>,
    /// The next module of the learner's path (link, label), while one is left.
    next: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "courses/path.html")]
struct PathPage {
    frame: Frame,
    path: PathView,
}

pub fn module_row(player: &Player, module: &Module, all: &[ModuleProgress]) -> ModuleRow {
    let t = player.tr;
    let p = ModuleProgress::find(all, &module.id);
    let shown = module.language_for(&player.lang);
    let score =
        |s: Option<u8>| s.map_or_else(|| t.get("score-none").to_owned(), |s| format!("{s} %"));
    ModuleRow {
        href: format!("/s/{}/modules/{}", player.sid(), module.id),
        id: module.id.clone(),
        title: module.title(&player.lang).to_owned(),
        title_lang: shown.lang.to_string(),
        other_language: shown
            .fell_back
            .then(|| crate::i18n::UiLang::parse(shown.lang.primary()))
            .flatten()
            .map(crate::i18n::UiLang::native_name),
        minutes: t.num("minutes", "n", module.minutes),
        status: p.status.as_str(),
        status_label: t.get(&format!("status-{}", p.status.as_str())).to_owned(),
        first: score(p.first_score),
        best: score(p.best_score),
    }
}

fn path_view(
    player: &Player,
    app: &AppState,
    path: &LearningPath,
    all: &[ModuleProgress],
    done: &[String],
) -> PathView {
    let modules: Vec<&Module> = path
        .modules
        .iter()
        .filter_map(|id| app.content.module(id))
        .collect();
    let passed = modules
        .iter()
        .filter(|m| ModuleProgress::find(all, &m.id).status == ModuleStatus::Passed)
        .count();
    let progress = player.tr.with(
        "path-progress",
        &[
            ("done", (passed as f64).into()),
            ("total", (modules.len() as f64).into()),
        ],
    );
    PathView {
        title: path.title(&player.lang).to_owned(),
        summary: path.summary(&player.lang).to_owned(),
        href: format!("/s/{}/paths/{}", player.sid(), path.id),
        progress,
        complete: done.contains(&path.id) || (passed == modules.len() && !modules.is_empty()),
        rows: modules.iter().map(|m| module_row(player, m, all)).collect(),
    }
}

/// What a learner does next on their path: a module, or their certificates once it is done.
pub enum NextStep {
    Module { href: String, label: String },
    Certificates { href: String, label: String },
}

impl NextStep {
    /// The link and its label, whichever it is.
    pub fn link(self) -> (String, String) {
        match self {
            NextStep::Module { href, label } | NextStep::Certificates { href, label } => {
                (href, label)
            }
        }
    }
}

/// The first module of the learner's path (the placement's, else their job role's) they have
/// not passed, or their certificates when none is left.
pub fn next_step(app: &AppState, player: &Player, progress: &[ModuleProgress]) -> Option<NextStep> {
    let t = player.tr;
    let path = match &player.placement.path {
        Some(id) => app.content.path(id),
        None => {
            let (role, _) = player.role()?;
            app.content.paths_for(role).next()
        }
    }?;
    let done = |m: &String| ModuleProgress::find(progress, m).status == ModuleStatus::Passed;
    match path.modules.iter().find(|m| !done(m)) {
        Some(id) => {
            let module = app.content.module(id)?;
            Some(NextStep::Module {
                href: format!("/s/{}/modules/{id}", player.sid()),
                label: t.text("result-next", "module", module.title(&player.lang)),
            })
        }
        None => Some(NextStep::Certificates {
            href: format!("/s/{}/certificates", player.sid()),
            label: t.get("result-certificates").to_owned(),
        }),
    }
}

pub async fn show_dashboard(State(app): State<AppState>, player: Player) -> Response {
    let Some((role, _)) = player.role() else {
        return role_page(&player, StatusCode::OK, false, &player.here);
    };
    let (all, done) = match progress_of(&app, &player).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let paths: Vec<&LearningPath> = app.content.paths_for(role).collect();
    let others = app
        .content
        .modules()
        .filter(|m| !paths.iter().any(|p| p.modules.contains(&m.id)))
        .map(|m| module_row(&player, m, &all))
        .collect();
    let paths = paths
        .into_iter()
        .map(|p| path_view(&player, &app, p, &all, &done))
        .collect();
    let reminders = super::certificates::reminders(&player, &app).await;
    // One button for the learner with ten minutes: where to carry on.
    let next = match next_step(&app, &player, &all) {
        Some(NextStep::Module { href, label }) => Some((href, label)),
        _ => None,
    };
    let frame = player.frame(player.tr.get("dash-title"));
    render(
        StatusCode::OK,
        &DashboardPage {
            frame,
            paths,
            others,
            reminders,
            next,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct PathParams {
    path_id: String,
}

pub async fn show_path(
    State(app): State<AppState>,
    player: Player,
    Path(params): Path<PathParams>,
) -> Response {
    let Some(path) = app.content.path(&params.path_id) else {
        return problems::no_such_path(&player, &params.path_id);
    };
    crate::web::institution::note_due_visit(&app, &player.session, &player.placement, &path.id)
        .await;
    if player.role().is_none() {
        return role_page(&player, StatusCode::OK, false, &player.here);
    }
    let (all, done) = match progress_of(&app, &player).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let view = path_view(&player, &app, path, &all, &done);
    let frame = player.frame(view.title.clone());
    render(StatusCode::OK, &PathPage { frame, path: view })
}

async fn progress_of(
    app: &AppState,
    player: &Player,
) -> Result<(Vec<ModuleProgress>, Vec<String>), Response> {
    let all = app
        .store
        .module_progress(&player.learner)
        .await
        .map_err(problems::store)?;
    let done = app
        .store
        .completed_paths(&player.learner)
        .await
        .map_err(problems::store)?;
    Ok((all, done))
}
