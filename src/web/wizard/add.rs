//! "Add to course": answers the session's deep linking request with this year's recommended
//! modules, each with its line item, in one signed response.

use super::advice::complete_plan;
use super::tr_for;
use crate::deep_linking::{self, Choice, PlaceableKind};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::CurrentSession;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use lti::claims::DeepLinkingSettings;
use lti::{DeepLinkingRequest, DeepLinkingResponse, DeploymentId, ResponseMessages};
use std::time::SystemTime;

#[derive(Debug, serde::Deserialize)]
pub struct AddForm {
    #[serde(default)]
    graded: Option<String>,
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
    crate::web::instructor::return_page(&app, t, &response, message)
}
