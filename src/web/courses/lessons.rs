//! A module's overview (lessons with their status, where to resume, the quiz and the test-out)
//! and its lesson pages with previous and next; opening a lesson records it as seen.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::frame::{Frame, Player};
use super::problems::{self, render};
use super::settings::role_page;
use crate::content::{JobRole, Lesson, Module};
use crate::courses::{self, LessonState, ModuleProgress, ModuleStatus};
use crate::launch::unix_now;
use crate::state::AppState;

struct LessonRow {
    href: String,
    title: String,
    minutes: String,
    outcome: String,
    /// `seen`, `skipped` or `new`, for the badge's class.
    state: &'static str,
    state_label: String,
}

#[derive(Template)]
#[template(path = "courses/module.html")]
struct ModulePage {
    frame: Frame,
    module_id: String,
    summary: String,
    content_lang: String,
    fell_back: bool,
    lessons: Vec<LessonRow>,
    /// `(href, label)` of the resume link.
    resume: Option<(String, String)>,
    quiz_about: String,
    must_pass: bool,
    progress: ModuleProgress,
    attempts_label: String,
    scores: String,
    attempts_url: String,
    /// Related modules: link, "M06 title" and the language the title is in.
    related: Vec<(String, String, String)>,
    /// `(href, title)` of knowledge hub articles tagged with this module.
    hub_articles: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct ModuleParams {
    module_id: String,
}

/// The module and role a module page needs, or the page to show instead.
#[expect(
    clippy::result_large_err,
    reason = "the error is the finished page, built once per request"
)]
fn module_and_role<'a>(
    app: &'a AppState,
    player: &Player,
    id: &str,
) -> Result<(&'a Module, JobRole), Response> {
    let module = app
        .content
        .module(id)
        .ok_or_else(|| problems::no_such_module(player, id))?;
    let (role, _) = player
        .role()
        .ok_or_else(|| role_page(player, StatusCode::OK, false, &player.here))?;
    Ok((module, role))
}

pub async fn show_module(
    State(app): State<AppState>,
    player: Player,
    Path(p): Path<ModuleParams>,
) -> Response {
    crate::web::institution::note_due_visit(&app, &player.session, &player.placement, &p.module_id)
        .await;
    let (module, role) = match module_and_role(&app, &player, &p.module_id) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let store = &app.store;
    let (all, marks) = match tokio::try_join!(
        store.module_progress(&player.learner),
        store.lesson_marks(&player.learner, &module.id)
    ) {
        Ok(found) => found,
        Err(e) => return problems::store(e),
    };
    let t = player.tr;
    let sid = player.sid();
    let lessons = module.lessons_for(role, &player.lang);
    let progress = ModuleProgress::find(&all, &module.id);
    let resume = courses::resume_lesson(&lessons.value, &marks).map(|l| {
        let label = if progress.status == ModuleStatus::NotStarted && marks.is_empty() {
            t.get("module-begin").to_owned()
        } else {
            t.text("module-resume", "title", &l.title)
        };
        (lesson_href(sid, &module.id, l), label)
    });
    let rows = lessons
        .value
        .iter()
        .map(|l| {
            let state = marks.iter().find(|m| m.slug == l.slug).map(|m| m.state);
            let (class, label) = match state {
                Some(LessonState::Seen) => ("seen", "lesson-seen"),
                Some(LessonState::Skipped) => ("skipped", "lesson-skipped"),
                None => ("new", "lesson-new"),
            };
            LessonRow {
                href: lesson_href(sid, &module.id, l),
                title: l.title.clone(),
                minutes: t.num("minutes", "n", l.minutes),
                outcome: l.outcome.clone(),
                state: class,
                state_label: t.get(label).to_owned(),
            }
        })
        .collect();
    let pass_mark = player.placement.pass_mark_for(module);
    let quiz_about = t.with(
        "quiz-about",
        &[
            ("items", (module.quiz.draw as f64).into()),
            ("mark", f64::from(pass_mark).into()),
        ],
    );
    let score = |s: Option<u8>| s.map_or(0.0, f64::from);
    let page = ModulePage {
        frame: player.frame(module.title(&player.lang)),
        module_id: module.id.clone(),
        summary: module.summary(&player.lang).to_owned(),
        content_lang: lessons.lang.to_string(),
        fell_back: lessons.fell_back,
        lessons: rows,
        resume,
        quiz_about,
        must_pass: module
            .pool_for(role, &player.lang)
            .value
            .iter()
            .any(|i| i.must_pass),
        attempts_label: t.num("quiz-attempts", "n", progress.attempts),
        scores: t.with(
            "result-scores",
            &[
                ("first", score(progress.first_score).into()),
                ("best", score(progress.best_score).into()),
            ],
        ),
        progress,
        attempts_url: format!("/s/{sid}/modules/{}/attempts", module.id),
        related: module
            .related
            .iter()
            .filter_map(|id| app.content.module(id))
            .map(|m| {
                (
                    format!("/s/{sid}/modules/{}", m.id),
                    format!("{} {}", m.id, m.title(&player.lang)),
                    m.language_for(&player.lang).lang.to_string(),
                )
            })
            .collect(),
        hub_articles: app
            .hub
            .related_articles(&module.id)
            .into_iter()
            .map(|a| (format!("/s/{sid}/hub/articles/{}", a.slug), a.title.clone()))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

fn lesson_href(sid: &str, module_id: &str, lesson: &Lesson) -> String {
    format!("/s/{sid}/modules/{module_id}/lessons/{}", lesson.slug)
}

#[derive(Template)]
#[template(path = "courses/lesson.html")]
struct LessonPage<'a> {
    frame: Frame,
    module_title: String,
    module_href: String,
    lesson: &'a Lesson,
    position: String,
    minutes: String,
    content_lang: String,
    fell_back: bool,
    /// `(href, title)` of the neighbours.
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct LessonParams {
    module_id: String,
    slug: String,
}

pub async fn show_lesson(
    State(app): State<AppState>,
    player: Player,
    Path(p): Path<LessonParams>,
) -> Response {
    let (module, role) = match module_and_role(&app, &player, &p.module_id) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let lessons = module.lessons_for(role, &player.lang);
    let Some(place) = courses::neighbours(&lessons.value, &p.slug) else {
        return problems::unknown_lesson(&player, &p.slug);
    };
    if let Err(e) = app
        .store
        .record_lesson_seen(&player.learner, &module.id, &p.slug, unix_now())
        .await
    {
        return problems::store(e);
    }
    let sid = player.sid();
    let t = player.tr;
    let lesson = lessons.value[place.number - 1];
    let link = |l: &Lesson| (lesson_href(sid, &module.id, l), l.title.clone());
    let page = LessonPage {
        frame: player.frame(lesson.title.clone()),
        module_title: module.title(&player.lang).to_owned(),
        module_href: format!("/s/{sid}/modules/{}", module.id),
        lesson,
        position: t.with(
            "lesson-position",
            &[
                ("n", (place.number as f64).into()),
                ("count", (place.count as f64).into()),
            ],
        ),
        minutes: t.num("minutes", "n", lesson.minutes),
        content_lang: lessons.lang.to_string(),
        fell_back: lessons.fell_back,
        previous: place.previous.map(link),
        next: place.next.map(link),
    };
    render(StatusCode::OK, &page)
}
