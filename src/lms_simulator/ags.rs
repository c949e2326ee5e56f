//! Assignment and Grade Services, line items part: the container per course and tool type (list
//! with filters, create) and single line items (read, update, delete), with Moodle's URL shapes.

mod scores;

pub use scores::{GradebookEntry, ScoreRecord};
pub(crate) use scores::{get_results, post_score, seconds};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::state::{Inner, LmsSimulator, Settings, SimError};
use super::token::{SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, authorize_service};

const LINEITEM_TYPE: &str = "application/vnd.ims.lis.v2.lineitem+json; charset=utf-8";
const CONTAINER_TYPE: &str = "application/vnd.ims.lis.v2.lineitemcontainer+json; charset=utf-8";

/// A gradebook column the tool can post scores to.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub id: u64,
    pub context_id: String,
    pub type_id: u32,
    pub label: String,
    pub score_maximum: f64,
    pub resource_id: String,
    pub tag: String,
    pub resource_link_id: Option<String>,
    pub start_date_time: Option<String>,
    pub end_date_time: Option<String>,
    pub submission_review: Option<Value>,
}

impl LineItem {
    pub fn new(id: u64, context_id: &str, type_id: u32, label: &str, score_maximum: f64) -> Self {
        Self {
            id,
            context_id: context_id.to_owned(),
            type_id,
            label: label.to_owned(),
            score_maximum,
            resource_id: String::new(),
            tag: String::new(),
            resource_link_id: None,
            start_date_time: None,
            end_date_time: None,
            submission_review: None,
        }
    }

    /// The line item as Moodle serializes it (empty `resourceId`/`tag`, `ltiLinkId` beside
    /// `resourceLinkId`).
    pub(crate) fn to_json(&self, settings: &Settings) -> Value {
        let mut item = json!({
            "id": settings.lineitem_url(&self.context_id, self.id, self.type_id),
            "label": self.label,
            "scoreMaximum": number(self.score_maximum),
            "resourceId": self.resource_id,
            "tag": self.tag,
        });
        if let Some(link) = &self.resource_link_id {
            item["resourceLinkId"] = json!(link);
            item["ltiLinkId"] = json!(link);
        }
        let optional = [
            (
                "startDateTime",
                self.start_date_time.as_ref().map(|v| json!(v)),
            ),
            ("endDateTime", self.end_date_time.as_ref().map(|v| json!(v))),
            ("submissionReview", self.submission_review.clone()),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                item[name] = value;
            }
        }
        item
    }
}

/// A JSON number without a needless `.0` (Moodle prints `100`, not `100.0`).
pub(crate) fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[expect(clippy::cast_possible_truncation, reason = "whole number below 1e15")]
        let whole = value as i64;
        json!(whole)
    } else {
        json!(value)
    }
}

/// Query parameters of the AGS endpoints.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AgsQuery {
    pub type_id: Option<String>,
    pub resource_link_id: Option<String>,
    pub resource_id: Option<String>,
    pub tag: Option<String>,
    pub limit: Option<String>,
    pub from: Option<String>,
    pub user_id: Option<String>,
}

impl AgsQuery {
    /// Moodle routes AGS calls by `?type_id=`; a URL that lost it (or mangled it) is refused.
    pub fn type_id(&self) -> Result<u32, SimError> {
        let raw = self.type_id.as_deref().ok_or_else(|| {
            SimError::service(
                StatusCode::BAD_REQUEST,
                "the type_id query parameter is missing",
            )
        })?;
        raw.parse().map_err(|_| {
            SimError::service(
                StatusCode::BAD_REQUEST,
                format!("type_id {raw:?} is not a tool type id"),
            )
        })
    }

    pub fn limit(&self) -> Result<Option<usize>, SimError> {
        self.limit
            .as_deref()
            .map(|l| {
                l.parse().map_err(|_| {
                    SimError::service(StatusCode::BAD_REQUEST, "limit is not a number")
                })
            })
            .transpose()
    }

    pub fn from(&self) -> Result<Option<usize>, SimError> {
        let raw = self.from.as_deref();
        let parse = |f: &str| {
            f.parse()
                .map_err(|_| SimError::service(StatusCode::BAD_REQUEST, "from is not a number"))
        };
        raw.map(parse).transpose()
    }
}

fn json_response(status: StatusCode, content_type: &'static str, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        body.to_string(),
    )
        .into_response()
}

pub(crate) fn parse_json(body: &Bytes) -> Result<Value, SimError> {
    serde_json::from_slice(body)
        .map_err(|e| SimError::service(StatusCode::BAD_REQUEST, format!("body is not JSON: {e}")))
}

/// The line item `item` of `course`, if it belongs to tool type `type_id`.
pub(crate) fn find_item<'a>(
    inner: &'a Inner,
    course: &str,
    item: u64,
    type_id: u32,
) -> Result<&'a LineItem, SimError> {
    inner
        .line_items
        .get(&item)
        .filter(|i| i.context_id == course && i.type_id == type_id)
        .ok_or_else(|| {
            SimError::service(
                StatusCode::NOT_FOUND,
                format!("no line item {item} in course {course}"),
            )
        })
}

/// Validates a line item body (create or update) into `item`.
fn apply_body(inner: &Inner, item: &mut LineItem, body: &Value) -> Result<(), SimError> {
    let bad = |reason: String| SimError::service(StatusCode::BAD_REQUEST, reason);
    let max = body.get("scoreMaximum").and_then(Value::as_f64);
    item.score_maximum = max
        .filter(|m| *m > 0.0)
        .ok_or_else(|| bad("scoreMaximum must be a number > 0".into()))?;
    let label = body
        .get("label")
        .and_then(Value::as_str)
        .filter(|l| !l.trim().is_empty());
    item.label = label
        .ok_or_else(|| bad("label is required".into()))?
        .to_owned();
    let text = |name: &str| -> Result<Option<String>, SimError> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(format!("{name} must be a string"))),
        }
    };
    item.resource_id = text("resourceId")?.unwrap_or_default();
    item.tag = text("tag")?.unwrap_or_default();
    for (name, slot) in [
        ("startDateTime", &mut item.start_date_time),
        ("endDateTime", &mut item.end_date_time),
    ] {
        *slot = text(name)?;
        if let Some(value) = slot.as_deref() {
            time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
                .map_err(|_| bad(format!("{name} {value:?} is not an ISO 8601 date-time")))?;
        }
    }
    item.submission_review = body
        .get("submissionReview")
        .filter(|v| !v.is_null())
        .cloned();
    if let Some(link) = text("resourceLinkId")? {
        let known = inner
            .activities
            .iter()
            .any(|a| a.resource_link_id == link && a.context_id == item.context_id);
        if !known {
            return Err(bad(format!(
                "resourceLinkId {link} is not a resource link of course {}",
                item.context_id
            )));
        }
        item.resource_link_id = Some(link);
    }
    Ok(())
}

/// The `Link: rel="next"` value for the page after `end`, keeping the filters.
fn next_link(items_url: &str, query: &AgsQuery, end: usize, limit: usize) -> Option<HeaderValue> {
    let mut url = url::Url::parse(items_url).ok()?;
    {
        let mut pairs = url.query_pairs_mut();
        let filters = [
            ("resource_link_id", &query.resource_link_id),
            ("resource_id", &query.resource_id),
            ("tag", &query.tag),
        ];
        for (name, value) in filters {
            if let Some(value) = value {
                pairs.append_pair(name, value);
            }
        }
        pairs
            .append_pair("from", &end.to_string())
            .append_pair("limit", &limit.to_string());
    }
    HeaderValue::from_str(&format!("<{url}>; rel=\"next\"")).ok()
}

/// `GET lineitems`: the tool's line items in a course, filtered, paged when a page size is set.
pub(crate) async fn list_line_items(
    State(sim): State<LmsSimulator>,
    Path(course): Path<String>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    let scopes = [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY];
    authorize_service(&sim.shared, &headers, &scopes, type_id)?;
    let settings = &sim.shared.settings;
    let limit = query
        .limit()?
        .or(settings.lineitems_page_size)
        .filter(|l| *l > 0);
    let from = query.from()?.unwrap_or(0);
    let inner = sim.shared.inner();
    if inner.course(&course).is_none() {
        return Err(SimError::service(
            StatusCode::NOT_FOUND,
            format!("no course {course}"),
        ));
    }
    let wanted = |filter: &Option<String>, value: Option<&str>| {
        filter.as_deref().is_none_or(|w| Some(w) == value)
    };
    let matching: Vec<&LineItem> = inner
        .line_items
        .values()
        .filter(|i| i.context_id == course && i.type_id == type_id)
        .filter(|i| wanted(&query.resource_link_id, i.resource_link_id.as_deref()))
        .filter(|i| {
            wanted(&query.resource_id, Some(&i.resource_id)) && wanted(&query.tag, Some(&i.tag))
        })
        .collect();
    let end = limit.map_or(matching.len(), |l| {
        from.saturating_add(l).min(matching.len())
    });
    let page: Vec<Value> = matching
        .iter()
        .take(end)
        .skip(from)
        .map(|i| i.to_json(settings))
        .collect();
    let mut response = json_response(StatusCode::OK, CONTAINER_TYPE, &Value::Array(page));
    let items_url = settings.lineitems_url(&course, type_id);
    if let Some(link) = limit
        .filter(|_| end < matching.len())
        .and_then(|l| next_link(&items_url, &query, end, l))
    {
        response.headers_mut().insert(header::LINK, link);
    }
    Ok(response)
}

/// `POST lineitems`: creates a line item, 201 with it.
pub(crate) async fn create_line_item(
    State(sim): State<LmsSimulator>,
    Path(course): Path<String>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(&sim.shared, &headers, &[SCOPE_LINEITEM], type_id)?;
    let body = parse_json(&body)?;
    let mut inner = sim.shared.inner();
    if inner.course(&course).is_none() {
        return Err(SimError::service(
            StatusCode::NOT_FOUND,
            format!("no course {course}"),
        ));
    }
    let mut item = LineItem::new(0, &course, type_id, "", 0.0);
    apply_body(&inner, &mut item, &body)?;
    item.id = inner.next_id();
    let json = item.to_json(&sim.shared.settings);
    inner.line_items.insert(item.id, item);
    Ok(json_response(StatusCode::CREATED, LINEITEM_TYPE, &json))
}

/// `GET lineitem`.
pub(crate) async fn get_line_item(
    State(sim): State<LmsSimulator>,
    Path((course, item)): Path<(String, u64)>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(
        &sim.shared,
        &headers,
        &[SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY],
        type_id,
    )?;
    let inner = sim.shared.inner();
    let json = find_item(&inner, &course, item, type_id)?.to_json(&sim.shared.settings);
    Ok(json_response(StatusCode::OK, LINEITEM_TYPE, &json))
}

/// `PUT lineitem`: replaces the line item's fields (its resource link stays).
pub(crate) async fn update_line_item(
    State(sim): State<LmsSimulator>,
    Path((course, item)): Path<(String, u64)>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(&sim.shared, &headers, &[SCOPE_LINEITEM], type_id)?;
    let body = parse_json(&body)?;
    let mut inner = sim.shared.inner();
    let mut updated = find_item(&inner, &course, item, type_id)?.clone();
    apply_body(&inner, &mut updated, &body)?;
    let json = updated.to_json(&sim.shared.settings);
    inner.line_items.insert(item, updated);
    Ok(json_response(StatusCode::OK, LINEITEM_TYPE, &json))
}

/// `DELETE lineitem`: removes it and its scores, 204.
pub(crate) async fn delete_line_item(
    State(sim): State<LmsSimulator>,
    Path((course, item)): Path<(String, u64)>,
    Query(query): Query<AgsQuery>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let type_id = query.type_id()?;
    authorize_service(&sim.shared, &headers, &[SCOPE_LINEITEM], type_id)?;
    let mut inner = sim.shared.inner();
    find_item(&inner, &course, item, type_id)?;
    inner.line_items.remove(&item);
    inner.scores.retain(|s| s.line_item_id != item);
    inner.latest_score_times.retain(|(id, _), _| *id != item);
    Ok(StatusCode::NO_CONTENT.into_response())
}

impl LmsSimulator {
    /// Every line item the platform holds.
    pub fn line_items(&self) -> Vec<LineItem> {
        self.shared.inner().line_items.values().cloned().collect()
    }

    /// The line item behind a URL the platform gave out (claim, container, create answer).
    pub fn line_item_by_url(&self, url: &str) -> Option<LineItem> {
        let settings = &self.shared.settings;
        let inner = self.shared.inner();
        inner
            .line_items
            .values()
            .find(|i| settings.lineitem_url(&i.context_id, i.id, i.type_id) == url)
            .cloned()
    }
}
