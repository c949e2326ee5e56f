//! Builds the grade sync view of one course: the outbox rows of the tenant (platform + context),
//! and for each line item one read-back of every result through the AGS Result service.

use super::client::AgsClient;
use super::sync::{Held, ReadBack, SyncRow, build_rows};
use crate::db::StoreError;
use crate::platforms::Registration;
use crate::state::AppState;
use lti::LineItemUrl;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

/// How long one results call may take before the view shows the line item as not checked.
const READ_BACK_TIMEOUT: Duration = Duration::from_secs(10);

/// The view of one course.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseSync {
    pub rows: Vec<SyncRow>,
    /// Line items whose results could not be read, with the reason (their delivered rows are
    /// `Unchecked`).
    pub unread: Vec<(String, String)>,
}

/// The sync view for the course `context_id` of `reg`, newest value per learner and line
/// item. A platform that cannot be read makes its rows `Unchecked`, never an error.
pub async fn course_sync(
    state: &AppState,
    reg: &Registration,
    context_id: &str,
) -> Result<CourseSync, StoreError> {
    let sent = state.store.course_scores(reg.id, context_id).await?;
    let urls: BTreeSet<String> = sent
        .iter()
        .filter(|s| !s.lineitem_url.is_empty())
        .map(|s| s.lineitem_url.clone())
        .collect();
    // Its own client: the view must not wait behind the delivery worker's token requests.
    let client = AgsClient::new(state.http.clone(), READ_BACK_TIMEOUT);
    let keys = state.keys.current();
    let mut read_backs: HashMap<String, ReadBack> = HashMap::new();
    let mut unread = Vec::new();
    for url in urls {
        let read = match LineItemUrl::parse(&url) {
            Ok(line_item) => client
                .read_all_results(reg, &keys, &line_item)
                .await
                .map(|results| {
                    results
                        .iter()
                        .map(|r| (r.user_id.as_str().to_owned(), Held::from_result(r)))
                        .collect()
                })
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(reason) = &read {
            tracing::warn!(registration = %reg.id, %reason, "grade sync: results read-back failed");
            unread.push((url.clone(), reason.clone()));
        }
        read_backs.insert(url, read);
    }
    Ok(CourseSync {
        rows: build_rows(sent, &read_backs),
        unread,
    })
}

/// Learners' names by user id, from the course's NRPS memberships service when the launch
/// offered one; empty when it did not or the platform failed (the view then shows user ids).
pub async fn learner_names(
    state: &AppState,
    reg: &Registration,
    nrps: Option<&serde_json::Value>,
) -> HashMap<String, String> {
    let Some(claim) =
        nrps.and_then(|v| serde_json::from_value::<lti::claims::NrpsClaim>(v.clone()).ok())
    else {
        return HashMap::new();
    };
    let keys = state.keys.current();
    let url = &claim.context_memberships_url;
    match crate::roster::fetch_members(&state.ags, &state.http, reg, &keys, url).await {
        Ok(members) => members
            .into_iter()
            .filter_map(|m| Some((m.user_id.as_str().to_owned(), m.name?)))
            .collect(),
        Err(e) => {
            tracing::warn!(registration = %reg.id, error = %e, "grade sync: no learner names");
            HashMap::new()
        }
    }
}
