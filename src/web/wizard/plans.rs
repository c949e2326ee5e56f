//! The wizard's start page: the trainer's plans in this course, a new plan (empty or from an
//! earlier run's answers), and importing a plan exported as JSON.

use super::{require_planner, tr_for};
use crate::error::AppError;
use crate::launch::unix_now;
use crate::state::AppState;
use crate::web::CurrentSession;
use crate::wizard::{MAX_UNIT_CHARS, PlanExport, RawAnswers, StoredPlan};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct PlanRow {
    pub id: String,
    pub unit: String,
    pub updated: String,
    pub status: String,
    pub finished: bool,
    pub step: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "wizard/index.html")]
pub struct PlansPage {
    pub switch: super::Switcher,
    pub t: crate::i18n::Tr,
    pub sid: String,
    pub course: String,
    pub plans: Vec<PlanRow>,
    pub deep_linking: bool,
    pub unit: String,
    pub problem: Option<String>,
    pub import_json: String,
}

/// Plans one instructor may keep in one course: enough for every unit, bounded for the database.
const MAX_PLANS: usize = 200;

/// Refuses a new plan when the owner has `MAX_PLANS` already.
async fn room_for_one_more(
    app: &AppState,
    s: &crate::sessions::Session,
    t: crate::i18n::Tr,
) -> Result<Option<Response>, AppError> {
    let owner = require_planner(s, t)?;
    if app.store.list_plans(&owner).await?.len() < MAX_PLANS {
        return Ok(None);
    }
    let mut p = page(app, s, t).await?;
    p.problem = Some(t.num("wizard-too-many-plans", "max", MAX_PLANS as f64));
    Ok(Some((StatusCode::BAD_REQUEST, p).into_response()))
}

pub fn date(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|d| {
            d.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_default()
}

async fn page(
    app: &AppState,
    s: &crate::sessions::Session,
    t: crate::i18n::Tr,
) -> Result<PlansPage, AppError> {
    let owner = require_planner(s, t)?;
    let total = app.wizard.bank.steps.len();
    let plans = app
        .store
        .list_plans(&owner)
        .await?
        .into_iter()
        .map(|p| PlanRow {
            status: if p.finished_at.is_some() {
                t.get("wizard-status-done").to_owned()
            } else {
                t.with(
                    "wizard-status-step",
                    &[
                        ("step", (p.step + 1).into()),
                        ("total", (total as i64).into()),
                    ],
                )
            },
            finished: p.finished_at.is_some(),
            updated: date(p.updated_at),
            step: p.step,
            id: p.id,
            unit: p.unit,
        })
        .collect();
    Ok(PlansPage {
        t,
        switch: super::switcher(t, "wizard".into()),
        sid: s.id.as_str().to_owned(),
        course: s.data.context_title.clone().unwrap_or_default(),
        plans,
        deep_linking: s.data.deep_linking.is_some(),
        unit: String::new(),
        problem: None,
        import_json: String::new(),
    })
}

pub async fn show_plans(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    Ok(page(&app, &s, t).await?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewPlan {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    copy_from: String,
}

pub async fn create_plan(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Form(form): Form<NewPlan>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t)?;
    let unit = form.unit.trim();
    if unit.is_empty() || unit.chars().count() > MAX_UNIT_CHARS {
        let mut p = page(&app, &s, t).await?;
        p.problem = Some(t.num("wizard-unit-invalid", "max", MAX_UNIT_CHARS as f64));
        p.unit = form.unit.chars().take(MAX_UNIT_CHARS * 2).collect();
        return Ok((StatusCode::BAD_REQUEST, p).into_response());
    }
    if let Some(refusal) = room_for_one_more(&app, &s, t).await? {
        return Ok(refusal);
    }
    // A re-run starts from the earlier answers, so only what changed needs touching.
    let answers: RawAnswers = if form.copy_from.is_empty() {
        RawAnswers::new()
    } else {
        super::plan_of(&app, &owner, &form.copy_from, t)
            .await?
            .answers
    };
    let plan = StoredPlan::new(unit, answers, unix_now());
    app.store.insert_plan(&owner, &plan).await?;
    let to = format!("/s/{}/wizard/plans/{}/steps/1", s.id.as_str(), plan.id);
    Ok(Redirect::to(&to).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    json: String,
}

pub async fn import_plan(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Form(form): Form<ImportForm>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t)?;
    if let Some(refusal) = room_for_one_more(&app, &s, t).await? {
        return Ok(refusal);
    }
    let file = match PlanExport::import(&app.wizard, &form.json) {
        Ok(file) => file,
        Err(e) => {
            let mut p = page(&app, &s, t).await?;
            p.problem = Some(t.text("wizard-import-invalid", "reason", &e.to_string()));
            p.import_json = form.json;
            return Ok((StatusCode::BAD_REQUEST, p).into_response());
        }
    };
    let mut plan = StoredPlan::new(&file.unit, file.answers, unix_now());
    let first_gap = app.wizard.bank.first_incomplete_step(&plan.answers);
    plan.step = first_gap.unwrap_or(0) as i64;
    plan.finished_at = first_gap.is_none().then_some(plan.created_at);
    app.store.insert_plan(&owner, &plan).await?;
    let to = match first_gap {
        None => format!("/s/{}/wizard/plans/{}/advice", s.id.as_str(), plan.id),
        Some(step) => format!(
            "/s/{}/wizard/plans/{}/steps/{}",
            s.id.as_str(),
            plan.id,
            step + 1
        ),
    };
    Ok(Redirect::to(&to).into_response())
}

/// Deletes one of the owner's plans (another owner's plan is a 404, as everywhere).
pub async fn delete_plan(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    axum::extract::Path((_, pid)): axum::extract::Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t)?;
    let plan = super::plan_of(&app, &owner, &pid, t).await?;
    if !app.store.delete_plan(&owner, &plan.id).await? {
        return Err(AppError::not_found(t.get("wizard-not-found")));
    }
    Ok(Redirect::to(&format!("/s/{}/wizard", s.id.as_str())).into_response())
}
