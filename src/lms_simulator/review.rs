//! Submission review launches (LTI Submission Review 1.0), as a platform that supports them
//! sends them: the AGS claim names the reviewed line item, and the line item's own
//! `submissionReview` (url, custom) shapes the launch. Moodle 4.3 never sends this message.

use serde_json::{Map, Value};

use super::ags::LineItem;
use super::state::Inner;
use super::tools::{Activity, RegisteredTool};

/// The line item a review launch on `activity` is about: a line item the tool created for the
/// resource link with a `submissionReview` request, else the activity's own graded line item.
pub(crate) fn review_line_item(
    inner: &Inner,
    activity: Option<&Activity>,
    tool: &RegisteredTool,
) -> Option<LineItem> {
    let activity = activity?;
    let requested = inner.line_items.values().find(|i| {
        i.context_id == activity.context_id
            && i.type_id == tool.type_id
            && i.resource_link_id.as_deref() == Some(activity.resource_link_id.as_str())
            && i.submission_review.is_some()
    });
    requested
        .or_else(|| inner.line_items.get(&activity.line_item_id?))
        .cloned()
}

/// The custom parameters the line item's `submissionReview` asks for.
pub(crate) fn review_custom(item: &LineItem) -> Map<String, Value> {
    item.submission_review
        .as_ref()
        .and_then(|r| r.get("custom"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Where the review launch goes: the line item's `submissionReview.url`, when it has one.
pub(crate) fn review_url(item: &LineItem) -> Option<String> {
    item.submission_review
        .as_ref()
        .and_then(|r| r.get("url"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}
