//! The request's settings applied to the picked items: refuse what the platform cannot take,
//! drop the optional parts it said it ignores, and check each item against the spec.

use url::Url;

use super::{ContentItem, DeepLinkingError, DeepLinkingRequest, LineItemRequest, TimeWindow};

/// Checks and trims `items` for `request` (see [`super::DeepLinkingResponse::new`]).
pub(super) fn enforce(
    request: &DeepLinkingRequest<'_>,
    items: Vec<ContentItem>,
) -> Result<Vec<ContentItem>, DeepLinkingError> {
    if items.len() > 1 && !request.accepts_multiple() {
        return Err(DeepLinkingError::MultipleNotAccepted { count: items.len() });
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            if !request.accepts_type(item.type_name()) {
                return Err(DeepLinkingError::TypeNotAccepted {
                    index,
                    item_type: item.type_name(),
                    accepted: request.settings.accept_types.clone(),
                });
            }
            check(&item).map_err(|reason| DeepLinkingError::InvalidItem { index, reason })?;
            Ok(trim(request, item))
        })
        .collect()
}

/// Drops line items and presentations the platform said it does not take.
fn trim(request: &DeepLinkingRequest<'_>, mut item: ContentItem) -> ContentItem {
    let iframe_ok = request.accepts_target("iframe");
    let window_ok = request.accepts_target("window");
    match &mut item {
        ContentItem::LtiResourceLink(link) => {
            if !request.accepts_line_items() {
                link.line_item = None;
            }
            if !iframe_ok {
                link.iframe = None;
            }
            if !window_ok {
                link.window = None;
            }
        }
        ContentItem::Link(link) => {
            if !iframe_ok {
                link.iframe = None;
            }
            if !window_ok {
                link.window = None;
            }
        }
        ContentItem::Html(_) => {}
    }
    item
}

/// What the spec requires of an item, as a reason for the teacher.
fn check(item: &ContentItem) -> Result<(), String> {
    match item {
        ContentItem::LtiResourceLink(link) => {
            if let Some(url) = &link.url {
                check_http("url", url)?;
            }
            if let Some(line_item) = &link.line_item {
                check_line_item(line_item)?;
            }
            check_window("available", link.available.as_ref())?;
            check_window("submission", link.submission.as_ref())?;
            match link.custom.keys().find(|k| k.trim().is_empty()) {
                Some(key) => Err(format!("custom parameter name {key:?} is empty")),
                None => Ok(()),
            }
        }
        ContentItem::Link(link) => check_http("url", &link.url),
        ContentItem::Html(html) if html.html.trim().is_empty() => {
            Err("the html fragment is empty".to_owned())
        }
        ContentItem::Html(_) => Ok(()),
    }
}

fn check_http(what: &str, url: &Url) -> Result<(), String> {
    if matches!(url.scheme(), "http" | "https") {
        Ok(())
    } else {
        Err(format!("{what} {url} is not an http(s) URL"))
    }
}

fn check_line_item(line_item: &LineItemRequest) -> Result<(), String> {
    let max = line_item.score_maximum;
    if !(max.is_finite() && max > 0.0) {
        return Err(format!(
            "lineItem.scoreMaximum is {max}, it must be a number greater than 0"
        ));
    }
    if line_item
        .label
        .as_deref()
        .is_some_and(|l| l.trim().is_empty())
    {
        return Err("lineItem.label is empty".to_owned());
    }
    let dates = TimeWindow::new(line_item.start_date_time, line_item.end_date_time);
    check_window("lineItem", Some(&dates))
}

fn check_window(what: &str, window: Option<&TimeWindow>) -> Result<(), String> {
    match window {
        Some(TimeWindow {
            start_date_time: Some(start),
            end_date_time: Some(end),
        }) if start > end => Err(format!("{what} starts at {start}, after it ends at {end}")),
        _ => Ok(()),
    }
}
