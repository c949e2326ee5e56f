//! Deep Linking 2.0 return endpoint: verifies the tool's `LtiDeepLinkingResponse` JWT against its
//! JWKS and the request it answers, places the returned links as activities, and shows them.

use axum::extract::{Form, Query, State};
use axum::response::Html;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::ags::LineItem;
use super::html::escape;
use super::launch::DeepLinkingOptions;
use super::state::{Inner, LmsSimulator, SimError};
use super::token::verify_tool_jwt;
use super::tools::Activity;
use super::urls::COURSE_PATH;

const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
const DL: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/";

/// A deep linking request the platform sent, waiting for its response (keyed by `sesskey`).
#[derive(Debug, Clone)]
pub(crate) struct DeepLinkRequest {
    pub client_id: String,
    pub deployment_id: String,
    pub context_id: Option<String>,
    pub options: DeepLinkingOptions,
    pub user_id: String,
}

/// A verified deep linking response, as the platform stored it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepLinkResult {
    pub client_id: String,
    pub context_id: Option<String>,
    pub user_id: String,
    /// The `content_items` claim (empty when the instructor cancelled).
    pub items: Vec<Value>,
    pub msg: Option<String>,
    pub log: Option<String>,
    pub errormsg: Option<String>,
    pub errorlog: Option<String>,
    /// Activities placed in the course for the returned `ltiResourceLink` items.
    pub activities: Vec<Activity>,
    /// Every claim of the response JWT.
    pub claims: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReturnQuery {
    sesskey: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReturnForm {
    #[serde(rename = "JWT")]
    jwt: Option<String>,
}

fn claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

/// Checks the LTI claims of a response against the request it answers; returns the items.
fn check_response(
    claims: &Map<String, Value>,
    request: &DeepLinkRequest,
) -> Result<Vec<Value>, String> {
    if claim(claims, "nonce").is_none_or(str::is_empty) {
        return Err("nonce is missing".into());
    }
    let expect = |name: &str, want: &str| match claim(claims, &format!("{LTI}{name}")) {
        Some(got) if got == want => Ok(()),
        got => Err(format!("{name} must be {want:?}, got {got:?}")),
    };
    expect("message_type", "LtiDeepLinkingResponse")?;
    expect("version", "1.3.0")?;
    expect("deployment_id", &request.deployment_id)?;
    if let Some(data) = &request.options.data
        && claim(claims, &format!("{DL}data")) != Some(data)
    {
        return Err("data does not echo the request's data".into());
    }
    let items = match claims.get(&format!("{DL}content_items")) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err("content_items must be an array".into()),
    };
    if items.len() > 1 && !request.options.accept_multiple {
        return Err(format!(
            "{} content items returned but accept_multiple is false",
            items.len()
        ));
    }
    for item in &items {
        let kind = item
            .get("type")
            .and_then(Value::as_str)
            .ok_or("a content item has no type")?;
        if !request.options.accept_types.iter().any(|t| t == kind) {
            return Err(format!("content item type {kind} was not accepted"));
        }
        let max = item
            .get("lineItem")
            .map(|li| li.get("scoreMaximum").and_then(Value::as_f64));
        if max.is_some_and(|m| m.is_none_or(|m| m <= 0.0)) {
            return Err("a lineItem needs scoreMaximum > 0".into());
        }
        for window in ["available", "submission", "lineItem"] {
            if let Some(w) = item.get(window) {
                check_window(window, w)?;
            }
        }
    }
    Ok(items)
}

/// A window's (or line item's) `startDateTime` and `endDateTime`: ISO 8601 with a time zone,
/// the end not before the start (Deep Linking 2.0 §3.1, AGS 2.0 §3.2).
fn check_window(name: &str, window: &Value) -> Result<(), String> {
    let date = |field: &str| -> Result<Option<time::OffsetDateTime>, String> {
        match window.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                    .map(Some)
                    .map_err(|_| format!("{name}.{field} {s:?} is not an ISO 8601 date-time"))
            }
            Some(other) => Err(format!("{name}.{field} must be a string, got {other}")),
        }
    };
    match (date("startDateTime")?, date("endDateTime")?) {
        (Some(start), Some(end)) if end < start => Err(format!("{name} ends before it starts")),
        _ => Ok(()),
    }
}

fn text(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// The line item a content item's `lineItem` asks for, linked to the new resource link.
fn new_line_item(
    id: u64,
    context_id: &str,
    type_id: u32,
    link_id: &str,
    title: &str,
    li: &Value,
) -> LineItem {
    let max = li
        .get("scoreMaximum")
        .and_then(Value::as_f64)
        .unwrap_or(100.0);
    let label = text(li, "label").unwrap_or_else(|| title.to_owned());
    let mut line_item = LineItem::new(id, context_id, type_id, &label, max);
    line_item.resource_id = text(li, "resourceId").unwrap_or_default();
    line_item.tag = text(li, "tag").unwrap_or_default();
    line_item.start_date_time = text(li, "startDateTime");
    line_item.end_date_time = text(li, "endDateTime");
    line_item.resource_link_id = Some(link_id.to_owned());
    line_item
}

/// Places `ltiResourceLink` items as activities, graded ones with a line item (what Moodle does
/// when the teacher saves the pre-filled form).
fn place_activities(
    inner: &mut Inner,
    request: &DeepLinkRequest,
    items: &[Value],
) -> Vec<Activity> {
    let type_id = inner.tool(&request.client_id).map(|t| t.type_id);
    let (Some(context_id), Some(type_id)) = (request.context_id.clone(), type_id) else {
        return Vec::new();
    };
    // A platform that did not accept line items ignores them (Deep Linking 2.0 §4.4.6).
    let accepts_line_items = request.options.accept_lineitem != Some(false);
    let links = items
        .iter()
        .filter(|i| i.get("type").and_then(Value::as_str) == Some("ltiResourceLink"));
    let mut placed = Vec::new();
    for item in links {
        let link_id = inner.next_id().to_string();
        let title = text(item, "title").unwrap_or_else(|| format!("Activity {link_id}"));
        let line_item = item
            .get("lineItem")
            .filter(|_| accepts_line_items)
            .map(|li| new_line_item(inner.next_id(), &context_id, type_id, &link_id, &title, li));
        let line_item_id = line_item.map(|li| {
            let id = li.id;
            inner.line_items.insert(id, li);
            id
        });
        let activity = Activity {
            resource_link_id: link_id,
            context_id: context_id.clone(),
            client_id: request.client_id.clone(),
            title,
            url: text(item, "url"),
            custom: item
                .get("custom")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            line_item_id,
        };
        inner.activities.push(activity.clone());
        placed.push(activity);
    }
    placed
}

fn result_page(result: &DeepLinkResult, back: Option<&str>) -> String {
    let items: String = result
        .items
        .iter()
        .map(|i| {
            let title = i
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("(untitled)");
            let kind = i.get("type").and_then(Value::as_str).unwrap_or("?");
            format!(
                "<li>{} <small>{}</small></li>\n",
                escape(title),
                escape(kind)
            )
        })
        .collect();
    let message = result
        .msg
        .as_deref()
        .or(result.errormsg.as_deref())
        .unwrap_or("");
    let back = back.map(|url| {
        format!(
            "<p><a href=\"{}\">Back to the course</a></p>\n",
            escape(url)
        )
    });
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Content selected</title></head><body>\n\
         <h1>{} content item(s) received</h1>\n<p>{}</p>\n<ul>\n{items}</ul>\n{}</body></html>\n",
        result.items.len(),
        escape(message),
        back.unwrap_or_default(),
    )
}

/// `POST /mod/lti/contentitem_return.php?course=..&id=..&sesskey=..` with the form field `JWT`.
pub(crate) async fn deep_link_return(
    State(sim): State<LmsSimulator>,
    Query(query): Query<ReturnQuery>,
    Form(form): Form<ReturnForm>,
) -> Result<Html<String>, SimError> {
    let sesskey = query
        .sesskey
        .ok_or_else(|| SimError::bad_request("sesskey is missing"))?;
    let jwt = form
        .jwt
        .filter(|j| !j.is_empty())
        .ok_or_else(|| SimError::bad_request("the JWT field is missing"))?;
    let request = sim.shared.inner().deep_link_requests.get(&sesskey).cloned();
    let request =
        request.ok_or_else(|| SimError::bad_request("sesskey matches no deep linking request"))?;
    let tool = sim
        .tool(&request.client_id)
        .ok_or_else(|| SimError::bad_request("the tool was removed"))?;
    let audiences = [sim.shared.settings.issuer.clone()];
    let claims = verify_tool_jwt(&sim.shared, &tool, &jwt, &audiences)
        .await
        .map_err(SimError::bad_request)?;
    let items = check_response(&claims, &request).map_err(SimError::bad_request)?;
    let mut inner = sim.shared.inner();
    if inner.deep_link_requests.remove(&sesskey).is_none() {
        return Err(SimError::bad_request(
            "this deep linking request was already answered",
        ));
    }
    let activities = place_activities(&mut inner, &request, &items);
    let dl_text = |name: &str| claim(&claims, &format!("{DL}{name}")).map(str::to_owned);
    let result = DeepLinkResult {
        client_id: request.client_id.clone(),
        context_id: request.context_id.clone(),
        user_id: request.user_id.clone(),
        items,
        msg: dl_text("msg"),
        log: dl_text("log"),
        errormsg: dl_text("errormsg"),
        errorlog: dl_text("errorlog"),
        activities,
        claims: claims.clone(),
    };
    let back = result
        .context_id
        .as_ref()
        .map(|c| sim.url(&format!("{COURSE_PATH}?id={c}")));
    let page = result_page(&result, back.as_deref());
    inner.deep_link_results.push(result);
    Ok(Html(page))
}

impl LmsSimulator {
    /// Every verified deep linking response, oldest first.
    pub fn deep_link_results(&self) -> Vec<DeepLinkResult> {
        self.shared.inner().deep_link_results.clone()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn request(options: DeepLinkingOptions) -> DeepLinkRequest {
        DeepLinkRequest {
            client_id: "c".into(),
            deployment_id: "1".into(),
            context_id: Some("2".into()),
            options,
            user_id: "3".into(),
        }
    }

    fn response(items: Value) -> Map<String, Value> {
        let claims = json!({
            "nonce": "n",
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingResponse",
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "1",
            "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": items,
        });
        claims.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn moodle_accepted_response_passes() {
        let items = json!([{"type": "ltiResourceLink", "title": "Quiz", "url": "http://tool/launch",
            "lineItem": {"scoreMaximum": 50, "label": "Quiz", "resourceId": "quiz1", "tag": "quiz"}}]);
        let got = check_response(&response(items), &request(DeepLinkingOptions::default()))
            .expect("valid");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn responses_breaking_the_request_settings_are_refused() {
        let single = DeepLinkingOptions {
            accept_multiple: false,
            ..DeepLinkingOptions::default()
        };
        let two = json!([{"type": "ltiResourceLink"}, {"type": "ltiResourceLink"}]);
        assert!(check_response(&response(two), &request(single)).is_err());
        let html = json!([{"type": "html", "html": "<p>x</p>"}]);
        assert!(check_response(&response(html), &request(DeepLinkingOptions::default())).is_err());
        let bad_item = json!([{"type": "ltiResourceLink", "lineItem": {"scoreMaximum": 0}}]);
        assert!(
            check_response(&response(bad_item), &request(DeepLinkingOptions::default())).is_err()
        );
        let with_data = DeepLinkingOptions {
            data: Some("d1".into()),
            ..DeepLinkingOptions::default()
        };
        assert!(check_response(&response(json!([])), &request(with_data)).is_err());
        let mut wrong = response(json!([]));
        wrong.insert(format!("{LTI}deployment_id"), json!("9"));
        assert!(check_response(&wrong, &request(DeepLinkingOptions::default())).is_err());
    }

    #[test]
    fn windows_must_be_dates_in_order() {
        let ok = json!([{"type": "ltiResourceLink",
            "available": {"startDateTime": "2026-12-01T09:00:00Z"},
            "submission": {"endDateTime": "2026-12-08T17:00:00Z"},
            "lineItem": {"scoreMaximum": 100, "startDateTime": "2026-12-01T09:00:00Z", "endDateTime": "2026-12-08T17:00:00Z"}}]);
        assert!(check_response(&response(ok), &request(DeepLinkingOptions::default())).is_ok());
        let reversed = json!([{"type": "ltiResourceLink",
            "submission": {"startDateTime": "2026-12-08T17:00:00Z", "endDateTime": "2026-12-01T09:00:00Z"}}]);
        assert!(
            check_response(&response(reversed), &request(DeepLinkingOptions::default())).is_err()
        );
        let no_zone = json!([{"type": "ltiResourceLink", "available": {"startDateTime": "2026-12-01T09:00"}}]);
        assert!(
            check_response(&response(no_zone), &request(DeepLinkingOptions::default())).is_err()
        );
    }

    #[test]
    fn cancel_returns_no_items() {
        let mut claims = response(Value::Null);
        claims.remove(&format!("{DL}content_items"));
        assert_eq!(
            check_response(&claims, &request(DeepLinkingOptions::default())),
            Ok(Vec::new())
        );
    }
}
