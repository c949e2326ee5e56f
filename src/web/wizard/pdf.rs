//! The advice as a tagged PDF: the same words, in the same order, as the advice page.

use super::advice::{AdvicePage, RecView, advice_page, changes, complete_plan};
use super::tr_for;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::CurrentSession;
use crate::wizard::pdf::Block;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

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
    let heading = page.heading.clone();
    let lang = t.lang().code();
    // CPU-heavy: off the async workers (see the certificate PDF).
    let bytes =
        tokio::task::spawn_blocking(move || crate::wizard::pdf::render(&heading, lang, &blocks))
            .await
            .map_err(AppError::internal)?
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
