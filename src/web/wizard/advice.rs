//! The advice: as a page (with what changed since an earlier run for the same unit), as JSON,
//! and "Add to course", which answers the session's deep linking request with the recommended
//! modules and their line items in one signed response.

use super::view::{self, evidence, recommendation};
use super::{plan_of, require_planner, tr_for};
use crate::deep_linking::{self, Choice, PlaceableKind};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::launch::unix_now;
use crate::state::AppState;
use crate::web::CurrentSession;
use crate::wizard::pdf::Block;
use crate::wizard::{
    Advice, CalendarEntry, PlanExport, PlanOwner, Recommendation, StoredPlan, Wave, Wizard, compare,
};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lti::claims::DeepLinkingSettings;
use lti::{DeepLinkingRequest, DeepLinkingResponse, DeploymentId, KeyId, ResponseMessages};
use std::time::SystemTime;

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

fn advice_page(app: &AppState, t: Tr, sid: &str, plan: &StoredPlan, a: &Advice) -> AdvicePage {
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
                supported: c.supported_by.join(", "),
            })
        })
        .collect();
    AdvicePage {
        t,
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
async fn complete_plan(
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
async fn changes(
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

#[derive(Debug, serde::Deserialize)]
pub struct AddForm {
    #[serde(default)]
    graded: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "instructor/return.html")]
struct ReturnPage {
    t: Tr,
    lang: &'static str,
    action: String,
    fields: Vec<(&'static str, String)>,
    message: String,
}

/// Answers the session's deep linking request with this year's recommended modules.
pub async fn add_to_course(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid)): Path<(String, String)>,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let (_, _, advice) = complete_plan(&app, &s, &pid, t).await?;
    let not_dl = || AppError::bad_request("not_deep_linking", t.get("wizard-dl-how"));
    let advice = advice
        .map_err(|_| AppError::bad_request("plan_incomplete", t.get("wizard-incomplete-short")))?;
    let settings: DeepLinkingSettings = s
        .data
        .deep_linking
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(not_dl)?;
    let deployment = DeploymentId::parse(s.deployment_id.clone()).map_err(|_| not_dl())?;
    let registration = app
        .registry
        .by_id(s.registration_id)
        .await?
        .ok_or_else(not_dl)?;
    let lang =
        crate::content::Lang::parse(t.lang().code()).unwrap_or_else(crate::content::Lang::english);
    let wanted = advice.modules_this_year();
    let graded = form.graded.is_some();
    let items: Vec<_> = deep_linking::placeables(&app.content, &lang)
        .into_iter()
        .filter(|p| p.kind == PlaceableKind::Module && wanted.contains(&p.id))
        .map(|p| {
            let choice = Choice {
                key: p.key(),
                opens: None,
                due: None,
                graded,
            };
            p.content_item(&choice)
        })
        .collect();
    let request = DeepLinkingRequest::new(
        &settings,
        &registration.client_id,
        &registration.issuer,
        &deployment,
    );
    let message = t.num("wizard-added", "count", items.len() as f64);
    let response = DeepLinkingResponse::new(
        &request,
        items,
        ResponseMessages::msg(message.clone()),
        SystemTime::now(),
    )
    .map_err(|e| {
        AppError::bad_request(
            "course_refused",
            t.text("wizard-course-refused", "reason", &e.to_string()),
        )
    })?;
    let keys = app.keys.current();
    let no_key = || {
        AppError::unavailable(
            "no_signing_key",
            "The tool has no signing key right now, so it cannot answer the course. Ask the tool's administrator to run `keys rotate`.",
            anyhow::anyhow!("no current signing key"),
        )
    };
    let (kid, key) = keys.signing_key(unix_now()).ok_or_else(no_key)?;
    let kid = KeyId::parse(kid.to_owned()).map_err(|_| no_key())?;
    let signed = response.sign(key, &kid).map_err(AppError::internal)?;
    let page = ReturnPage {
        t,
        lang: t.lang().code(),
        action: signed.return_url().to_string(),
        fields: signed
            .auto_submit_form_fields()
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect(),
        message,
    };
    Ok((StatusCode::OK, page).into_response())
}

/// The advice page's content as PDF blocks, in the same order and words as the page.
fn pdf_blocks(p: &AdvicePage) -> Vec<Block> {
    let t = p.t;
    let mut b = vec![
        Block::H1(p.heading.clone()),
        Block::P(t.get("wizard-disclaimer").to_owned()),
    ];
    b.push(Block::H2(t.get("wizard-summary").to_owned()));
    if p.top_gaps.is_empty() {
        b.push(Block::P(t.get("wizard-summary-none").to_owned()));
    } else {
        b.push(Block::P(t.get("wizard-summary-gaps").to_owned()));
        b.extend(p.top_gaps.iter().map(|g| Block::Li(g.clone())));
    }
    b.push(Block::P(p.counts.clone()));
    if let Some(c) = &p.changes {
        b.push(Block::H2(c.label.clone()));
        b.extend(c.items.iter().map(|i| Block::Li(i.clone())));
    }
    b.push(Block::H2(t.get("wizard-heatmap").to_owned()));
    for h in &p.heat {
        b.push(Block::H3(format!("{}: {} %", h.name, h.score)));
        b.extend(h.because.iter().map(|x| Block::Li(x.clone())));
    }
    let recs = |b: &mut Vec<Block>, title: &str, recs: &[RecView]| {
        b.push(Block::H2(t.get(title).to_owned()));
        for r in recs {
            b.push(Block::Li(r.text.clone()));
            b.push(Block::P(format!(
                "{}: {}. {}: {}",
                t.get("wizard-because"),
                r.because.join("; "),
                t.get("wizard-source"),
                r.source
            )));
        }
    };
    recs(&mut b, "wizard-actions", &p.actions);
    b.push(Block::H2(t.get("wizard-curriculum").to_owned()));
    for r in &p.roles {
        b.push(Block::H3(r.heading.clone()));
        for m in &r.modules {
            let required = m
                .required
                .clone()
                .map(|r| format!(" {r}."))
                .unwrap_or_default();
            b.push(Block::Li(format!(
                "{} · {} min · {}.{required}",
                m.title, m.minutes, m.when
            )));
        }
        b.push(Block::P(r.total.clone()));
    }
    recs(&mut b, "wizard-methods", &p.methods);
    b.push(Block::H2(t.get("wizard-calendar").to_owned()));
    for m in &p.calendar {
        b.push(Block::H3(m.label.clone()));
        b.extend(m.items.iter().map(|i| Block::Li(i.clone())));
    }
    b.push(Block::H2(t.get("wizard-evaluation").to_owned()));
    for e in &p.evaluation {
        b.push(Block::H3(e.label.clone()));
        if e.items.is_empty() {
            b.push(Block::P(t.get("wizard-no-baseline").to_owned()));
        }
        b.extend(e.items.iter().map(|i| Block::Li(i.clone())));
    }
    b.push(Block::H2(t.get("wizard-compliance").to_owned()));
    for c in &p.compliance {
        b.push(Block::Li(format!(
            "{} {}: {} ({}: {})",
            c.framework,
            c.reference,
            c.text,
            t.get("wizard-supported-by"),
            c.supported
        )));
    }
    b
}

pub async fn export_pdf(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, pid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let (owner, plan, advice) = complete_plan(&app, &s, &pid, t).await?;
    let advice = advice
        .map_err(|_| AppError::bad_request("plan_incomplete", t.get("wizard-incomplete-short")))?;
    let mut page = advice_page(&app, t, s.id.as_str(), &plan, &advice);
    page.changes = changes(&app, &owner, &plan, &advice, t).await?;
    let blocks = pdf_blocks(&page);
    let bytes = crate::wizard::pdf::render(&page.heading, t.lang().code(), &blocks)
        .map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"wizard-advice.pdf\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
