//! The advice: as a page (with what changed since an earlier run for the same unit), as JSON,
//! and "Add to course", which answers the session's deep linking request with the recommended
//! modules and their line items in one signed response.

use super::view::{self, evidence, recommendation};
use super::{plan_of, require_planner, tr_for};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::CurrentSession;
use crate::wizard::{
    Advice, CalendarEntry, PlanExport, PlanOwner, Recommendation, StoredPlan, Wave, Wizard, compare,
};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

pub struct RecView {
    pub text: String,
    pub because: Vec<String>,
    pub source: String,
}

pub struct HeatRow {
    pub name: String,
    pub score: String,
    pub level: &'static str,
    pub because: Vec<String>,
}

pub struct ModView {
    pub title: String,
    pub minutes: u32,
    pub when: String,
    pub required: Option<String>,
    pub because: Vec<String>,
}

pub struct RoleView {
    pub heading: String,
    pub total: String,
    pub modules: Vec<ModView>,
}

pub struct LineView {
    pub label: String,
    pub items: Vec<String>,
}

pub struct CompView {
    pub framework: String,
    pub reference: String,
    pub text: String,
    pub supported: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "wizard/advice.html")]
pub struct AdvicePage {
    pub switch: super::Switcher,
    pub t: Tr,
    pub sid: String,
    pub plan_id: String,
    pub unit: String,
    pub heading: String,
    pub top_gaps: Vec<String>,
    pub counts: String,
    pub heat: Vec<HeatRow>,
    pub actions: Vec<RecView>,
    pub roles: Vec<RoleView>,
    pub methods: Vec<RecView>,
    pub calendar: Vec<LineView>,
    pub evaluation: Vec<LineView>,
    pub compliance: Vec<CompView>,
    pub changes: Option<LineView>,
    pub deep_linking: bool,
}

fn rec_views(w: &Wizard, t: Tr, recs: &[Recommendation]) -> Vec<RecView> {
    recs.iter()
        .map(|r| RecView {
            text: recommendation(w, t, r),
            because: r.because.iter().map(|e| evidence(w, t, e)).collect(),
            source: r.source.clone(),
        })
        .collect()
}

fn role_views(app: &AppState, t: Tr, a: &Advice) -> Vec<RoleView> {
    let w = &app.wizard;
    a.roles
        .iter()
        .map(|r| RoleView {
            heading: t.with(
                "wizard-role-heading",
                &[
                    ("role", view::role_name(t, &r.role).into()),
                    ("people", i64::from(r.headcount).into()),
                    ("budget", i64::from(r.budget_minutes).into()),
                ],
            ),
            total: t.with(
                "wizard-role-total",
                &[
                    ("now", i64::from(r.minutes(Wave::ThisYear)).into()),
                    ("later", i64::from(r.minutes(Wave::LaterQuarter)).into()),
                ],
            ),
            modules: r
                .modules
                .iter()
                .map(|m| ModView {
                    title: view::module_title(&app.content, t, &m.module),
                    minutes: m.minutes,
                    when: match m.month {
                        Some(month) => t.num("wizard-month", "month", month),
                        None => t.get("wizard-later").to_owned(),
                    },
                    required: m
                        .required_by
                        .as_ref()
                        .map(|s| t.text("wizard-required-by", "source", s)),
                    because: m.because.iter().map(|e| evidence(w, t, e)).collect(),
                })
                .collect(),
        })
        .collect()
}

fn calendar_views(app: &AppState, t: Tr, a: &Advice) -> Vec<LineView> {
    let w = &app.wizard;
    a.calendar
        .iter()
        .map(|m| LineView {
            label: t.num("wizard-month", "month", m.month),
            items: m
                .entries
                .iter()
                .map(|e| match e {
                    CalendarEntry::Module { role, module } => format!(
                        "{}: {}",
                        view::role_name(t, role),
                        view::module_title(&app.content, t, module)
                    ),
                    CalendarEntry::Method { method } => w.rules.method(method).map_or_else(
                        || method.clone(),
                        |m| {
                            let text = m.text.get(t.lang());
                            text.split(". ").next().unwrap_or(text).to_owned()
                        },
                    ),
                    CalendarEntry::Rerun => t.get("wizard-calendar-rerun").to_owned(),
                })
                .collect(),
        })
        .collect()
}

pub(super) fn advice_page(
    app: &AppState,
    t: Tr,
    sid: &str,
    plan: &StoredPlan,
    a: &Advice,
) -> AdvicePage {
    let w = &app.wizard;
    let heat = a
        .gaps
        .iter()
        .map(|g| HeatRow {
            name: view::domain_name(w, t, &g.domain),
            score: view::percent(g.score),
            level: if g.score >= 0.6 {
                "high"
            } else if g.score >= 0.3 {
                "medium"
            } else {
                "low"
            },
            because: g.evidence.iter().map(|e| evidence(w, t, e)).collect(),
        })
        .collect();
    let evaluation = w
        .rules
        .evaluation
        .iter()
        .zip(&a.evaluation)
        .map(|(rule, line)| LineView {
            label: format!(
                "{}: {}",
                t.num("wizard-level", "level", rule.level),
                rule.text.get(t.lang())
            ),
            items: line.baseline.iter().map(|e| evidence(w, t, e)).collect(),
        })
        .collect();
    let compliance = a
        .compliance
        .iter()
        .filter_map(|c| {
            let rule = w
                .rules
                .compliance
                .iter()
                .find(|r| r.framework == c.framework && r.reference == c.reference)?;
            Some(CompView {
                framework: c.framework.clone(),
                reference: c.reference.clone(),
                text: rule.text.get(t.lang()).to_owned(),
                // What supports the requirement, as the page names it elsewhere: a module by its
                // number and title, an action or method by its text (the ids are the data's).
                supported: c
                    .supported_by
                    .iter()
                    .map(|id| supporter(app, t, id))
                    .collect::<Vec<_>>()
                    .join("; "),
            })
        })
        .collect();
    AdvicePage {
        t,
        switch: super::switcher(t, format!("wizard/plans/{}/advice", plan.id)),
        sid: sid.to_owned(),
        plan_id: plan.id.clone(),
        unit: plan.unit.clone(),
        heading: t.text("wizard-advice-title", "unit", &plan.unit),
        top_gaps: a
            .priority_gaps()
            .iter()
            .map(|g| {
                format!(
                    "{} ({} %)",
                    view::domain_name(w, t, &g.domain),
                    view::percent(g.score)
                )
            })
            .collect(),
        counts: t.with(
            "wizard-summary-counts",
            &[
                ("actions", (a.actions.len() as i64).into()),
                ("modules", (a.modules_this_year().len() as i64).into()),
                ("methods", (a.methods.len() as i64).into()),
            ],
        ),
        heat,
        actions: rec_views(w, t, &a.actions),
        roles: role_views(app, t, a),
        methods: rec_views(w, t, &a.methods),
        calendar: calendar_views(app, t, a),
        evaluation,
        compliance,
        changes: None,
        deep_linking: false,
    }
}

/// The plan's advice, or a redirect to the first step that still needs answers.
pub(super) async fn complete_plan(
    app: &AppState,
    s: &crate::sessions::Session,
    pid: &str,
    t: Tr,
) -> Result<(PlanOwner, StoredPlan, Result<Advice, usize>), AppError> {
    let owner = require_planner(s, t)?;
    let plan = plan_of(app, &owner, pid, t).await?;
    let advice = match app.wizard.bank.first_incomplete_step(&plan.answers) {
        Some(step) => Err(step),
        None => Ok(app.wizard.advise(&app.wizard.bank.parse_all(&plan.answers))),
    };
    Ok((owner, plan, advice))
}

/// What changed since the latest earlier finished run for the same unit, if there is one.
pub(super) async fn changes(
    app: &AppState,
    owner: &PlanOwner,
    plan: &StoredPlan,
    now: &Advice,
    t: Tr,
) -> Result<Option<LineView>, AppError> {
    let earlier = app.store.list_plans(owner).await?.into_iter().find(|p| {
        p.id != plan.id
            && p.finished_at.is_some()
            && p.created_at <= plan.created_at
            && p.unit.trim().eq_ignore_ascii_case(plan.unit.trim())
    });
    let Some(earlier) = earlier else {
        return Ok(None);
    };
    let w = &app.wizard;
    let before = w.advise(&w.bank.parse_all(&earlier.answers));
    let c = compare(&before, now);
    let mut items: Vec<String> = c
        .gaps
        .iter()
        .map(|(d, a, b)| {
            format!(
                "{}: {} % → {} %",
                view::domain_name(w, t, d),
                view::percent(*a),
                view::percent(*b)
            )
        })
        .collect();
    let titles = |ids: &[String]| {
        ids.iter()
            .map(|m| view::module_title(&app.content, t, m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.modules_added.is_empty() {
        items.push(format!(
            "{}: {}",
            t.get("wizard-modules-added"),
            titles(&c.modules_added)
        ));
    }
    if !c.modules_dropped.is_empty() {
        items.push(format!(
            "{}: {}",
            t.get("wizard-modules-dropped"),
            titles(&c.modules_dropped)
        ));
    }
    let count = |key: &str, n: usize| t.num(key, "count", n as f64);
    if !c.actions_closed.is_empty() {
        items.push(count("wizard-actions-closed", c.actions_closed.len()));
    }
    if !c.actions_new.is_empty() {
        items.push(count("wizard-actions-new", c.actions_new.len()));
    }
    if items.is_empty() {
        items.push(t.get("wizard-changes-none").to_owned());
    }
    Ok(Some(LineView {
        label: t.with(
            "wizard-changes",
            &[
                ("unit", earlier.unit.clone().into()),
                ("date", super::plans::date(earlier.updated_at).into()),
            ],
        ),
        items,
    }))
}

pub async fn show_advice(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let (owner, plan, advice) = complete_plan(&app, &s, &pid, t).await?;
    let advice = match advice {
        Ok(a) => a,
        Err(step) => {
            let to = format!("/s/{}/wizard/plans/{pid}/steps/{}", s.id.as_str(), step + 1);
            return Ok(Redirect::to(&to).into_response());
        }
    };
    let mut page = advice_page(&app, t, s.id.as_str(), &plan, &advice);
    page.changes = changes(&app, &owner, &plan, &advice, t).await?;
    page.deep_linking = s.data.deep_linking.is_some();
    Ok(page.into_response())
}

pub async fn export_json(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let owner = require_planner(&s, t).map_err(AppError::as_json)?;
    let plan = plan_of(&app, &owner, &pid, t)
        .await
        .map_err(AppError::as_json)?;
    let file = PlanExport::new(&app.wizard, &plan.unit, &plan.answers);
    let body = serde_json::to_string_pretty(&file).map_err(AppError::internal)?;
    let name: String = plan
        .unit
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"wizard-plan-{name}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// A module, action or method id of a compliance line, as a reader knows it.
fn supporter(app: &AppState, t: Tr, id: &str) -> String {
    if app.content.module(id).is_some() {
        return view::module_title(&app.content, t, id);
    }
    app.wizard
        .rules
        .actions
        .iter()
        .chain(app.wizard.rules.methods.iter())
        .find(|r| r.id == id)
        .map_or_else(|| id.to_owned(), |r| r.text.get(t.lang()).to_owned())
}
