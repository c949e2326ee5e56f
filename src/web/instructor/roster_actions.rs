//! The roster's action forms: reset a learner's attempts (with a reason) and grant an extension.
//! Instructors of the session's course only; the learner must be a member of that course's NRPS
//! list; a form from another origin is refused (the session id in the path is the other guard).

use super::require_instructor;
use super::roster::{Unavailable, member_list};
use crate::error::AppError;
use crate::instructor_actions::{
    ActionError, Actor, AttemptReset, Extension, Reason, Target, parse_new_due,
};
use crate::launch::unix_now;
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, Default, serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    user_id: String,
    /// `module:M01` or `path:nursing`.
    #[serde(default)]
    item: String,
    #[serde(default)]
    reason: String,
    /// The new due date (extensions only).
    #[serde(default)]
    due: String,
}

pub async fn reset_attempts(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let done = async {
        let context = check(&app, &s, &headers).await?;
        let target = Target::parse(&form.item, &app.content)?;
        let reason = Reason::parse(&form.reason)?;
        let learner = member(&app, &s, &form.user_id).await?;
        let plan = AttemptReset::plan(
            learner,
            &context,
            target,
            reason,
            actor(&s),
            &app.content,
            unix_now(),
        );
        let reset = app.store.reset_attempts(&plan).await?;
        tracing::info!(
            target_kind = plan.target.kind(),
            target_id = plan.target.id(),
            reset,
            "instructor reset a learner's attempts"
        );
        Ok::<_, AppError>(back(&s, "reset"))
    };
    done.await
        .unwrap_or_else(|e| e.for_client(&headers).into_response())
}

pub async fn grant_extension(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let done = async {
        let context = check(&app, &s, &headers).await?;
        let target = Target::parse(&form.item, &app.content)?;
        let now = unix_now();
        let due_at = parse_new_due(&form.due, now)?;
        let note: String = form.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        let note: String = note.chars().filter(|c| !c.is_control()).take(500).collect();
        let learner = member(&app, &s, &form.user_id).await?;
        let extension = Extension {
            registration_id: learner.registration_id,
            context_id: context,
            user_id: learner.user_id,
            item_id: target.id().to_owned(),
            due_at,
            reason: note,
            actor_user_id: s.user_id.clone(),
            actor_name: s.data.name.clone(),
            granted_at: now,
        };
        app.store.grant_extension(&extension).await?;
        Ok::<_, AppError>(back(&s, "extended"))
    };
    done.await
        .unwrap_or_else(|e| e.for_client(&headers).into_response())
}

/// An instructor of a course, posting from the tool's own pages; returns the course.
async fn check(app: &AppState, s: &Session, headers: &HeaderMap) -> Result<String, AppError> {
    require_instructor(s)?;
    let own = app.config.public_url.origin().ascii_serialization();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin.is_some_and(|o| o != own) {
        return Err(AppError::forbidden(
            "csrf_check_failed",
            "This form did not come from the tool's roster page. Open the roster again and retry.",
        ));
    }
    s.context_id
        .clone()
        .ok_or_else(|| to_app(ActionError::NoCourse))
}

/// The member of the session's course with this LMS user id, from its NRPS list; a user of
/// another course or platform is not in that list.
async fn member(
    app: &AppState,
    s: &Session,
    user_id: &str,
) -> Result<crate::courses::Learner, AppError> {
    let (list, _) = member_list(app, s, false).await.map_err(|e| match e {
        Unavailable::Store(e) => e,
        Unavailable::Platform(e) => AppError::new(
            super::roster::unavailable_status(&e),
            e.code(),
            format!("The course's member list is unavailable, so nothing was changed: {e}."),
        ),
    })?;
    let known = list
        .members
        .iter()
        .any(|m| m.user_id.as_str() == user_id && !user_id.is_empty());
    if !known {
        return Err(to_app(ActionError::NotAMember(
            user_id.chars().take(80).collect(),
        )));
    }
    Ok(crate::courses::Learner {
        registration_id: s.registration_id,
        user_id: user_id.to_owned(),
    })
}

fn actor(s: &Session) -> Actor {
    Actor {
        user_id: s.user_id.clone(),
        name: s.data.name.clone(),
    }
}

/// Back to the roster, saying what was done (post, redirect, get).
fn back(s: &Session, done: &str) -> Response {
    Redirect::to(&format!("/s/{}/roster?done={done}", s.id.as_str())).into_response()
}

fn to_app(e: ActionError) -> AppError {
    let status = match e {
        ActionError::Store(e) => return e.into(),
        ActionError::NotAMember(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut message = e.to_string();
    if let Some(first) = message.get(..1) {
        message = first.to_uppercase() + &message[1..];
    }
    AppError::new(status, e.code(), format!("{message}. Nothing was changed."))
}

impl From<ActionError> for AppError {
    fn from(e: ActionError) -> AppError {
        to_app(e)
    }
}
