//! The submission review page: a learner's attempts on the reviewed line item's module, with
//! each question's result and feedback. The access rules live in `grades::review`.

use super::{show_ms, tr_for};
use crate::content::Lang;
use crate::courses::ItemFeedback;
use crate::error::AppError;
use crate::grades::review::{ReviewError, review_for};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// One attempt as the page shows it.
struct AttemptView {
    number: usize,
    submitted: String,
    percent: u8,
    pass_mark: u8,
    passed: bool,
    items: Vec<ItemFeedback>,
}

#[derive(Template, WebTemplate)]
#[template(path = "grades/review.html")]
struct ReviewPage {
    t: Tr,
    sid: String,
    learner: String,
    module: String,
    attempts: Vec<AttemptView>,
}

fn refused(t: Tr, e: ReviewError) -> AppError {
    match e {
        ReviewError::NotAReview => AppError::new(
            StatusCode::NOT_FOUND,
            "not_a_review",
            t.get("review-not-a-review"),
        ),
        ReviewError::OtherLearner => {
            AppError::forbidden("other_learner", t.get("review-other-learner"))
        }
        ReviewError::NoContext => AppError::bad_request("no_context", t.get("review-no-context")),
        ReviewError::UnknownLineItem => AppError::new(
            StatusCode::NOT_FOUND,
            "unknown_line_item",
            t.get("review-unknown-line-item"),
        ),
        ReviewError::Store(e) => e.into(),
    }
}

pub async fn show_review(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let review = review_for(&app, &s).await.map_err(|e| refused(t, e))?;
    let lang = Lang::parse(t.lang().code());
    let module = match (app.content.module(&review.module_id), &lang) {
        (Some(m), Some(lang)) => format!("{} {}", m.id, m.title(lang)),
        _ => review.module_id.clone(),
    };
    let attempts = review
        .attempts
        .into_iter()
        .filter_map(|a| Some((a.submitted_at?, a.result?)))
        .enumerate()
        .map(|(i, (at, result))| AttemptView {
            number: i + 1,
            submitted: show_ms(at.saturating_mul(1000)),
            percent: result.percent,
            pass_mark: result.pass_mark,
            passed: result.passed,
            items: result.items,
        })
        .collect();
    let learner = match review.user_name {
        Some(name) => format!("{name} ({})", review.user_id),
        None => review.user_id,
    };
    Ok(ReviewPage {
        t,
        sid: s.id.as_str().to_owned(),
        learner,
        module,
        attempts,
    }
    .into_response())
}
