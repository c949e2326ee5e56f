//! Which line item a queued score goes to when the launch named none: the one remembered for its
//! resource link and module, else one found or created through the line items service.

use super::client::{AgsClient, CallError};
use super::{LineItemKey, OutboxRow, unix_ms};
use crate::keys::ToolKeys;
use crate::platforms::Registration;
use crate::state::AppState;
use lti::{LineItemUrl, LineItemsUrl};

/// Why no line item could be had: worth retrying, or not.
#[derive(Debug)]
pub enum Unresolved {
    Temporary(String),
    Permanent(String),
}

/// The row's line item URL, resolving (and remembering) it when the row has none. Resolution
/// is serialised per process, so one instance never creates two columns for one module.
pub async fn line_item_for(
    state: &AppState,
    client: &AgsClient,
    reg: &Registration,
    keys: &ToolKeys,
    row: &OutboxRow,
) -> Result<LineItemUrl, Unresolved> {
    let parse = |url: &str| {
        LineItemUrl::parse(url)
            .map_err(|e| Unresolved::Permanent(format!("line item URL {url} is invalid: {e}")))
    };
    if !row.lineitem_url.is_empty() {
        return parse(&row.lineitem_url);
    }
    let Some(lineitems) = row.lineitems_url.as_deref() else {
        return Err(Unresolved::Permanent(
            "the score names no line item and no line items service".into(),
        ));
    };
    let service = LineItemsUrl::parse(lineitems).map_err(|e| {
        Unresolved::Permanent(format!("line items URL {lineitems} is invalid: {e}"))
    })?;
    let key = LineItemKey {
        registration_id: row.registration_id.clone(),
        lineitems_url: lineitems.to_owned(),
        resource_link_id: row.resource_link_id.clone().unwrap_or_default(),
        resource_id: row.module_id.clone(),
    };
    let _one_at_a_time = client.resolving.lock().await;
    let store_failed = |e: crate::db::StoreError| Unresolved::Temporary(e.to_string());
    if let Some(url) = state
        .store
        .find_line_item(&key)
        .await
        .map_err(store_failed)?
    {
        return parse(&url);
    }
    let label = state.content.module(&row.module_id).map_or_else(
        || row.module_id.clone(),
        |m| format!("SecureHospitals {}", m.id),
    );
    // The placement's opening and due dates, when a timed launch of this link left them.
    let timing = match row.resource_link_id.as_deref() {
        Some(link) => state
            .store
            .timing_of(&row.registration_id, link)
            .await
            .map_err(store_failed)?
            .unwrap_or_default(),
        None => crate::courses::timing::Timing::default(),
    };
    let url = client
        .find_or_create_line_item(
            reg,
            keys,
            &service,
            &key,
            super::client::NewColumn {
                label: &label,
                review: review_request(state, row),
                dates: (timing.opens, timing.due),
            },
        )
        .await
        .map_err(|e| classify(&e))?;
    let now = unix_ms(std::time::SystemTime::now());
    state
        .store
        .remember_line_item(&key, url.as_str(), now)
        .await
        .map_err(store_failed)?;
    // Another instance may have remembered one first: use whichever the store kept.
    let kept = state
        .store
        .find_line_item(&key)
        .await
        .map_err(store_failed)?;
    parse(kept.as_deref().unwrap_or(url.as_str()))
}

fn classify(e: &CallError) -> Unresolved {
    if e.is_temporary() {
        Unresolved::Temporary(e.to_string())
    } else {
        Unresolved::Permanent(e.to_string())
    }
}

/// What a line item the tool creates asks of the platform: offer "review submission" launches
/// (Submission Review 1.0) for finished attempts, at the tool's launch URL, naming the module
/// so the review shows the right attempts. Moodle 4.3 ignores it and never sends the launch.
fn review_request(state: &AppState, row: &OutboxRow) -> lti::SubmissionReview {
    lti::SubmissionReview::new()
        .with_reviewable_status(vec![lti::ActivityProgress::Completed])
        .with_custom("module", row.module_id.clone())
        .with_url(state.config.url("lti/launch"))
}
