//! Quiz attempts over HTTP: start (a fresh draw), show (the form, or the result once
//! submitted), submit (scored on the server, recorded once; a repeated submission shows the
//! first result). Another learner's or tenant's attempt is a 404.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::frame::{Frame, Player};
use super::problems::{self, render};
use super::quiz_view::{ItemView, item_views};
use super::settings::role_page;
use crate::content::Module;
use crate::courses::{
    self, Attempt, AttemptKind, AttemptRequest, AttemptResult, FinishError, FormProblem,
    ModuleProgress,
};

use crate::courses::timing::{self, Timing};
use crate::launch::unix_now;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct ModuleParams {
    module_id: String,
}

#[derive(Debug, Deserialize)]
pub struct StartForm {
    kind: Option<String>,
}

pub async fn start_attempt(
    State(app): State<AppState>,
    player: Player,
    Path(p): Path<ModuleParams>,
    Form(form): Form<StartForm>,
) -> Response {
    let Some(module) = app.content.module(&p.module_id) else {
        return problems::no_such_module(&player, &p.module_id);
    };
    let Some((role, _)) = player.role() else {
        return role_page(
            &player,
            StatusCode::OK,
            false,
            &format!("modules/{}", module.id),
        );
    };
    let kind = form
        .kind
        .as_deref()
        .and_then(AttemptKind::parse)
        .unwrap_or(AttemptKind::Quiz);
    let req = AttemptRequest {
        learner: &player.learner,
        module,
        kind,
        role,
        lang: &player.lang,
        pass_mark: player.placement.pass_mark_for(module),
        context_id: player.session.context_id.as_deref(),
        resource_link_id: player.session.resource_link_id.as_deref(),
        now: unix_now(),
    };
    let attempt = match courses::new_attempt(req, &mut rand::rng()) {
        Ok(attempt) => attempt,
        Err(e) => return crate::error::AppError::internal(e).into_response(),
    };
    if let Err(e) = app.store.insert_attempt(&attempt).await {
        return problems::store(e);
    }
    // The course's roster tells who is overdue from the due dates its placements were opened with.
    let timing = Timing::for_module(
        &player.session.data.custom,
        &player.placement,
        &module.id,
        &app.content,
    );
    if let Err(e) = crate::instructor_actions::note_placed_due(
        &app.store,
        &player.learner,
        player.session.context_id.as_deref(),
        player.session.resource_link_id.as_deref(),
        &player.placement,
        &timing,
        unix_now(),
    )
    .await
    {
        return problems::store(e);
    }
    Redirect::to(&attempt_url(player.sid(), &module.id, &attempt.id)).into_response()
}

fn attempt_url(sid: &str, module_id: &str, attempt_id: &str) -> String {
    format!("/s/{sid}/modules/{module_id}/attempts/{attempt_id}")
}

#[derive(Debug, Deserialize)]
pub struct AttemptParams {
    module_id: String,
    attempt_id: String,
}

/// The learner's own attempt in this module, or the 404 page.
async fn own_attempt<'a>(
    app: &'a AppState,
    player: &Player,
    p: &AttemptParams,
) -> Result<(Attempt, &'a Module), Response> {
    let attempt = app
        .store
        .find_attempt(&player.learner, &p.attempt_id)
        .await
        .map_err(problems::store)?
        .filter(|a| a.module_id == p.module_id)
        .ok_or_else(|| problems::unknown_attempt(player))?;
    let module = app
        .content
        .module(&attempt.module_id)
        .ok_or_else(|| problems::stale(player))?;
    Ok((attempt, module))
}

pub async fn show_attempt(
    State(app): State<AppState>,
    player: Player,
    Path(p): Path<AttemptParams>,
) -> Response {
    let (attempt, module) = match own_attempt(&app, &player, &p).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match &attempt.result {
        Some(result) => result_page(&app, &player, &attempt, module, result).await,
        None => quiz_page(&player, &attempt, module, &[], &[], false),
    }
}

pub async fn submit_attempt(
    State(app): State<AppState>,
    player: Player,
    Path(p): Path<AttemptParams>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let (attempt, module) = match own_attempt(&app, &player, &p).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let again =
        || Redirect::to(&attempt_url(player.sid(), &module.id, &attempt.id)).into_response();
    if attempt.submitted_at.is_some() {
        // A second submission (double click, back button, replay) shows the first result.
        return again();
    }
    let pool = module.pool_for(attempt.job_role, &attempt.language).value;
    let answers = match courses::parse_answers(&fields, &attempt.id, &attempt.draw, &pool) {
        Ok(answers) => answers,
        Err(FormProblem::Incomplete(items)) => {
            return quiz_page(&player, &attempt, module, &fields, &items, false);
        }
        Err(FormProblem::Blank) => {
            return quiz_page(&player, &attempt, module, &fields, &[], true);
        }
        Err(problem) => return problems::invalid_answers(&player, &problem.to_string()),
    };
    let mut completion = match courses::finish_attempt(
        &attempt,
        &player.learner,
        &app.content,
        &answers,
        unix_now(),
    ) {
        Ok(completion) => completion,
        Err(FinishError::AlreadySubmitted) => return again(),
        Err(FinishError::Stale { .. }) => return problems::stale(&player),
        Err(e) => return problems::invalid_answers(&player, &e.to_string()),
    };
    // Grade passback: queued in the same transaction as the attempt (see `crate::grades`).
    let passed = match player.placement.path {
        Some(_) => match app.store.module_progress(&player.learner).await {
            Ok(progress) => passed_with(progress, &completion),
            Err(e) => return problems::store(e),
        },
        None => Vec::new(),
    };
    let graded = crate::grades::GradedItem::for_attempt(
        &player.placement,
        &app.content,
        &completion.module_id,
        completion.result.percent,
        &passed,
    );
    completion.effects.scores.extend(
        graded
            .and_then(|item| {
                crate::grades::QueuedScore::for_launch(
                    player.session.data.ags.as_ref(),
                    player.session.resource_link_id.as_deref(),
                    player.learner.registration_id,
                    &player.learner.user_id,
                    &item,
                )
            })
            .map(|q| q.in_context(player.session.context_id.as_deref())),
    );
    // After the due date the attempt is recorded all the same, and marked late.
    let timing = Timing::for_module(
        &player.session.data.custom,
        &player.placement,
        &completion.module_id,
        &app.content,
    );
    // The learner's own due date when an instructor extended it (see `crate::instructor_actions`).
    let own = match crate::instructor_actions::learner_timing(
        &app.store,
        &player.learner,
        player.session.context_id.as_deref(),
        &player.placement,
        timing,
    )
    .await
    {
        Ok(own) => own,
        Err(e) => return problems::store(e),
    };
    completion.effects.late = own.late_mark(
        completion.submitted_at,
        player.session.context_id.as_deref(),
    );
    if let Err(e) = crate::instructor_actions::note_placed_due(
        &app.store,
        &player.learner,
        player.session.context_id.as_deref(),
        player.session.resource_link_id.as_deref(),
        &player.placement,
        &timing,
        unix_now(),
    )
    .await
    {
        return problems::store(e);
    }
    // A line item created later through AGS for this link carries the same dates.
    if let (false, Some(link)) = (timing.is_empty(), &player.session.resource_link_id)
        && let Err(e) = app
            .store
            .remember_timing(player.learner.registration_id, link, &timing, unix_now())
            .await
    {
        return problems::store(e);
    }
    // Certificates: drafted for the paths this attempt may complete; the store issues them in
    // the same transaction, and they are signed right after it.
    let declared = app
        .store
        .declared_name(&player.learner)
        .await
        .ok()
        .flatten();
    completion.effects.certificates = crate::certificates::drafts_for_terms(
        crate::certificates::Holder {
            learner: &player.learner,
            context_id: player.session.context_id.as_deref(),
            name: player.session.data.name.as_deref(),
            declared_name: declared.as_deref(),
            email: player.session.data.email.as_deref(),
            language: player.lang.as_str(),
        },
        &crate::certificates::path_terms(
            &app.content,
            &crate::certificates::own_paths(
                &app.content,
                &completion.effects.path_checks,
                attempt.job_role,
                player.placement.path.as_deref(),
            ),
        ),
        completion.submitted_at,
        &mut rand::rng(),
    );
    match app.store.complete_attempt(&completion).await {
        Ok(_) => {
            crate::web::certificates::sign_pending(&app).await;
            again()
        }
        Err(e) => problems::store(e),
    }
}

#[derive(Template)]
#[template(path = "courses/quiz.html")]
struct QuizPage {
    frame: Frame,
    /// "Quiz" or "Test-out", in the interface language (the module title follows in its own).
    heading: String,
    module_title: String,
    module_href: String,
    action: String,
    attempt_id: String,
    content_lang: String,
    items: Vec<ItemView>,
    incomplete: bool,
    /// Sent with no answer at all: say so, and let a second send confirm it.
    blank: bool,
}

fn quiz_page(
    player: &Player,
    attempt: &Attempt,
    module: &Module,
    fields: &[(String, String)],
    incomplete: &[String],
    blank: bool,
) -> Response {
    if module.version != attempt.content_version {
        return problems::stale(player);
    }
    let pool = module.pool_for(attempt.job_role, &attempt.language).value;
    let Ok(presented) = crate::quiz::present(&attempt.draw, &pool) else {
        return problems::stale(player);
    };
    let t = player.tr;
    let heading = match attempt.kind {
        AttemptKind::Quiz => t.get("quiz-title"),
        AttemptKind::PreTest => t.get("testout-page-title"),
    };
    let page = QuizPage {
        frame: player.frame(format!("{heading}: {}", module.title(&player.lang))),
        heading: heading.to_owned(),
        module_title: module.title(&player.lang).to_owned(),
        module_href: format!("/s/{}/modules/{}", player.sid(), module.id),
        action: attempt_url(player.sid(), &module.id, &attempt.id),
        attempt_id: attempt.id.clone(),
        content_lang: attempt.language.to_string(),
        items: item_views(t, &presented, fields, incomplete),
        incomplete: !incomplete.is_empty(),
        blank,
    };
    let status = if incomplete.is_empty() && !blank {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &page)
}

#[derive(Template)]
#[template(path = "courses/result.html")]
struct ResultPage<'a> {
    frame: Frame,
    module_href: String,
    attempts_url: String,
    result: &'a AttemptResult,
    score_line: String,
    verdict: String,
    scores: String,
    tested_out: bool,
    content_lang: String,
    /// "Submitted after the due date", when it was.
    late: Option<String>,
    /// After a pass: the next module of the learner's path, or their certificates once the path
    /// is done (link, label).
    next: Option<(String, String)>,
}

async fn result_page(
    app: &AppState,
    player: &Player,
    attempt: &Attempt,
    module: &Module,
    result: &AttemptResult,
) -> Response {
    let all = match app.store.module_progress(&player.learner).await {
        Ok(all) => all,
        Err(e) => return problems::store(e),
    };
    let progress = ModuleProgress::find(&all, &module.id);
    let t = player.tr;
    let late = match app.store.late_attempt(&player.learner, &attempt.id).await {
        Ok(due) => due.map(|due| t.text("timing-late", "due", &timing::show_unix(due))),
        Err(e) => return problems::store(e),
    };
    let num = |v: usize| (v as f64).into();
    let score_line = t.with(
        "result-score",
        &[
            ("percent", f64::from(result.percent).into()),
            ("correct", num(result.correct)),
            ("total", num(result.total)),
        ],
    );
    let verdict = if result.passed {
        t.get("result-passed").to_owned()
    } else {
        t.num("result-failed", "mark", result.pass_mark)
    };
    let score = |s: Option<u8>| f64::from(s.unwrap_or(result.percent)).into();
    let page = ResultPage {
        frame: player.frame(format!(
            "{}: {}",
            t.get("result-title"),
            module.title(&player.lang)
        )),
        module_href: format!("/s/{}/modules/{}", player.sid(), module.id),
        attempts_url: format!("/s/{}/modules/{}/attempts", player.sid(), module.id),
        result,
        score_line,
        verdict,
        scores: t.with(
            "result-scores",
            &[
                ("first", score(progress.first_score)),
                ("best", score(progress.best_score)),
            ],
        ),
        tested_out: attempt.kind == AttemptKind::PreTest && result.passed,
        content_lang: attempt.language.to_string(),
        late,
        next: if result.passed {
            super::dashboard::next_step(app, player, &all).map(super::dashboard::NextStep::link)
        } else {
            None
        },
    };
    render(StatusCode::OK, &page)
}

/// The modules the learner has passed once this attempt is recorded.
fn passed_with(
    progress: Vec<courses::ModuleProgress>,
    completion: &courses::Completion,
) -> Vec<String> {
    let mut passed: Vec<String> = progress
        .into_iter()
        .filter(|p| p.status == courses::ModuleStatus::Passed)
        .map(|p| p.module_id)
        .collect();
    if completion.result.passed && !passed.contains(&completion.module_id) {
        passed.push(completion.module_id.clone());
    }
    passed
}
