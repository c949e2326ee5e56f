//! One step of the questionnaire per page. Every submit saves what was typed, valid or not, so
//! nothing is lost; "Next" also checks the step and explains what needs attention.

use super::view::first_value;
use super::{plan_of, require_planner, tr_for};
use crate::content::JobRole;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::launch::unix_now;
use crate::state::AppState;
use crate::web::CurrentSession;
use crate::wizard::{AnswerProblem, Kind, NaMeaning, Question, RawAnswers, StoredPlan, Wizard};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct CountView {
    pub field: String,
    pub label: String,
    pub value: String,
}

pub struct QuestionView {
    pub id: String,
    pub text: String,
    /// `radio`, `checkbox`, `number` or `headcount`.
    pub input: &'static str,
    pub options: Vec<OptionView>,
    pub counts: Vec<CountView>,
    pub value: String,
    pub required: bool,
    pub problem: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "wizard/step.html")]
pub struct StepPage {
    pub switch: super::Switcher,
    pub t: Tr,
    pub sid: String,
    pub plan_id: String,
    pub unit: String,
    pub number: usize,
    pub total: usize,
    pub title: String,
    pub progress: String,
    pub questions: Vec<QuestionView>,
    pub has_problems: bool,
    pub last: bool,
}

fn problem_text(t: Tr, p: &AnswerProblem) -> String {
    match p {
        AnswerProblem::Missing => t.get("wizard-problem-missing").to_owned(),
        AnswerProblem::UnknownOption(v) => t.text("wizard-problem-unknown", "value", v),
        AnswerProblem::NotANumber(v) => t.text("wizard-problem-number", "value", v),
        AnswerProblem::OutOfRange { value, min, max } => t.with(
            "wizard-problem-range",
            &[
                ("value", (*value).into()),
                ("min", (*min).into()),
                ("max", (*max).into()),
            ],
        ),
        AnswerProblem::TooMany(max) => t.num("wizard-problem-too-many", "max", *max as f64),
        AnswerProblem::NoRoles => t.get("wizard-problem-no-roles").to_owned(),
    }
}

fn options(q: &Question, t: Tr, raw: &RawAnswers) -> Vec<OptionView> {
    let picked = raw.get(&q.id).cloned().unwrap_or_default();
    let make = |value: String, label: String| OptionView {
        checked: picked.contains(&value),
        value,
        label,
    };
    match q.kind {
        Kind::Single | Kind::Multi => q
            .options
            .iter()
            .map(|o| make(o.id.clone(), o.label.get(t.lang()).to_owned()))
            .collect(),
        Kind::YesNo => ["yes", "no", "notsure"]
            .iter()
            .map(|v| make((*v).to_owned(), t.get(&format!("wizard-{v}")).to_owned()))
            .collect(),
        Kind::Scale => {
            let mut v: Vec<OptionView> = (1..=5)
                .map(|n| {
                    let label = match n {
                        1 => t.get("wizard-scale-low").to_owned(),
                        5 => t.get("wizard-scale-high").to_owned(),
                        _ => n.to_string(),
                    };
                    make(n.to_string(), label)
                })
                .collect();
            let na = match q.na {
                Some(NaMeaning::NoPolicy) => t.get("wizard-na-no-policy"),
                _ => t.get("wizard-na-not-applicable"),
            };
            v.push(make("na".into(), na.to_owned()));
            v
        }
        Kind::Headcount | Kind::Percent => Vec::new(),
    }
}

fn question_view(
    q: &Question,
    t: Tr,
    raw: &RawAnswers,
    problems: &BTreeMap<String, AnswerProblem>,
) -> QuestionView {
    let input = match q.kind {
        Kind::Multi => "checkbox",
        Kind::Percent => "number",
        Kind::Headcount => "headcount",
        _ => "radio",
    };
    let counts = match q.kind {
        Kind::Headcount => JobRole::ALL
            .iter()
            .map(|r| {
                let field = crate::wizard::headcount_field(&q.id, *r);
                CountView {
                    label: super::view::role_name(t, r.as_str()),
                    value: first_value(raw, &field),
                    field,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    QuestionView {
        id: q.id.clone(),
        text: q.text.get(t.lang()).to_owned(),
        input,
        options: options(q, t, raw),
        counts,
        value: first_value(raw, &q.id),
        required: q.required,
        problem: problems.get(&q.id).map(|p| problem_text(t, p)),
    }
}

fn step_page(
    w: &Wizard,
    t: Tr,
    sid: &str,
    plan: &StoredPlan,
    index: usize,
    problems: &BTreeMap<String, AnswerProblem>,
) -> StepPage {
    StepPage {
        t,
        switch: super::switcher(t, format!("wizard/plans/{}/steps/{}", plan.id, index + 1)),
        sid: sid.to_owned(),
        plan_id: plan.id.clone(),
        unit: plan.unit.clone(),
        number: index + 1,
        total: w.bank.steps.len(),
        title: w.bank.steps[index].title.get(t.lang()).to_owned(),
        progress: t.with(
            "wizard-progress",
            &[
                ("step", (index as i64 + 1).into()),
                ("total", (w.bank.steps.len() as i64).into()),
            ],
        ),
        questions: w
            .bank
            .step_questions(index)
            .into_iter()
            .map(|q| question_view(q, t, &plan.answers, problems))
            .collect(),
        has_problems: !problems.is_empty(),
        last: index + 1 == w.bank.steps.len(),
    }
}

/// The 0-based step of a 1-based path segment, or a 404 page.
fn step_index(w: &Wizard, t: Tr, step: &str) -> Result<usize, AppError> {
    step.parse::<usize>()
        .ok()
        .filter(|n| (1..=w.bank.steps.len()).contains(n))
        .map(|n| n - 1)
        .ok_or_else(|| AppError::not_found(t.get("wizard-no-step")))
}

pub async fn show_step(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid, step)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t)?;
    let plan = plan_of(&app, &owner, &pid, t).await?;
    let index = step_index(&app.wizard, t, &step)?;
    // Values that cannot be used are explained on arrival, too (after a resume or an import).
    let problems = app.wizard.bank.step_problems(index, &plan.answers, false);
    Ok(step_page(&app.wizard, t, s.id.as_str(), &plan, index, &problems).into_response())
}

/// Replaces this step's fields in `answers` with the submitted ones (unticked boxes clear).
fn merge(w: &Wizard, answers: &mut RawAnswers, index: usize, fields: Vec<(String, String)>) {
    let ids: Vec<String> = w
        .bank
        .step_questions(index)
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let mine = |k: &str| {
        ids.iter()
            .any(|id| k == id || k.starts_with(&format!("{id}.")))
    };
    answers.retain(|k, _| !mine(k));
    let mut submitted = RawAnswers::new();
    for (k, v) in fields.into_iter().filter(|(k, _)| mine(k)) {
        submitted.entry(k).or_default().push(v);
    }
    answers.extend(w.bank.keep_known(submitted));
}

pub async fn save_step(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid, step)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t)?;
    let mut plan = plan_of(&app, &owner, &pid, t).await?;
    let w = &app.wizard;
    let index = step_index(w, t, &step)?;
    let go = fields
        .iter()
        .find(|(k, _)| k == "go")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    merge(w, &mut plan.answers, index, fields);
    let complete = w.bank.first_incomplete_step(&plan.answers);
    plan.finished_at = match complete {
        None => plan.finished_at.or(Some(unix_now())),
        Some(_) => None,
    };
    plan.updated_at = unix_now();
    plan.step = index as i64;
    let problems = w.bank.step_problems(index, &plan.answers, go == "next");
    let base = format!("/s/{}/wizard", s.id.as_str());
    let target = match go.as_str() {
        "back" => Some(format!("{base}/plans/{pid}/steps/{}", index.max(1))),
        "save" => Some(base.clone()),
        _ if !problems.is_empty() => None,
        _ if index + 1 < w.bank.steps.len() => {
            plan.step = index as i64 + 1;
            Some(format!("{base}/plans/{pid}/steps/{}", index + 2))
        }
        _ => Some(match complete {
            None => format!("{base}/plans/{pid}/advice"),
            Some(i) => format!("{base}/plans/{pid}/steps/{}", i + 1),
        }),
    };
    if !app.store.save_plan(&owner, &plan).await? {
        return Err(AppError::not_found(t.get("wizard-not-found")));
    }
    match target {
        Some(to) => Ok(Redirect::to(&to).into_response()),
        None => {
            let page = step_page(w, t, s.id.as_str(), &plan, index, &problems);
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}
