//! Reads every page of a context's memberships: the first page from the launch's NRPS claim,
//! then each `Link: rel="next"` (kept on the platform's origin by the lti crate).

use crate::grades::client::{AgsClient, CallError};
use crate::keys::ToolKeys;
use crate::platforms::Registration;
use lti::nrps::SCOPE_CONTEXT_MEMBERSHIP_READONLY;
use lti::{Member, MembershipPage, MembershipsQuery, NrpsError, ScopeSet};
use std::time::Duration;
use url::Url;

/// Members asked for per page; platforms may send fewer.
pub const PAGE_LIMIT: u32 = 100;
/// A platform whose `next` links never end is stopped here (100 000 members at full pages).
pub const MAX_PAGES: usize = 1000;
const TIMEOUT: Duration = Duration::from_secs(15);

/// Why the roster could not be read from the platform.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    #[error(
        "the launch carried no Names and Role Provisioning claim, so the platform offers no member list here"
    )]
    NoService,
    #[error("the platform refused an access token for the member list: {0}")]
    Token(#[source] CallError),
    #[error("the platform's member list did not answer at {url}: {source}")]
    Transport { url: String, source: reqwest::Error },
    #[error("the platform's member list answered HTTP {status} at {url}")]
    Status { status: u16, url: String },
    #[error(transparent)]
    Nrps(#[from] NrpsError),
    #[error("the platform's member list has more than {MAX_PAGES} pages; stopped following it")]
    TooManyPages,
}

impl RosterError {
    /// A stable reason code for the "roster unavailable" page and the logs.
    pub fn code(&self) -> &'static str {
        match self {
            RosterError::NoService => "nrps_not_offered",
            RosterError::Token(_) => "nrps_token_refused",
            RosterError::Transport { .. } => "nrps_unreachable",
            RosterError::Status { .. } => "nrps_error_status",
            RosterError::Nrps(e) => e.code(),
            RosterError::TooManyPages => "nrps_too_many_pages",
        }
    }
}

/// Every member of the context at `memberships_url`, all pages, in the platform's order.
///
/// The access token comes from the app's shared service client (`AppState::ags`), so a token
/// fetched for one roster view serves the next ones until it expires.
pub async fn fetch_members(
    ags: &AgsClient,
    http: &reqwest::Client,
    registration: &Registration,
    keys: &ToolKeys,
    memberships_url: &Url,
) -> Result<Vec<Member>, RosterError> {
    let scopes = ScopeSet::new([SCOPE_CONTEXT_MEMBERSHIP_READONLY]);
    let token = ags
        .token(registration, keys, &scopes)
        .await
        .map_err(RosterError::Token)?;
    let authorization = token.authorization_header();
    let mut next = Some(
        MembershipsQuery::new()
            .limit(PAGE_LIMIT)
            .first_page_url(memberships_url),
    );
    let mut members = Vec::new();
    let mut pages = 0;
    while let Some(url) = next {
        pages += 1;
        if pages > MAX_PAGES {
            return Err(RosterError::TooManyPages);
        }
        let page = fetch_page(http, &authorization, &url).await;
        let outcome = if page.is_ok() { "ok" } else { "error" };
        crate::metrics::nrps_call(&registration.id.to_string(), outcome);
        let page = page?;
        members.extend(page.container.members);
        next = page.next;
    }
    Ok(members)
}

async fn fetch_page(
    http: &reqwest::Client,
    authorization: &str,
    url: &Url,
) -> Result<MembershipPage, RosterError> {
    let transport = |source| RosterError::Transport {
        url: url.to_string(),
        source,
    };
    let response = http
        .get(url.clone())
        .header(reqwest::header::AUTHORIZATION, authorization)
        .header(
            reqwest::header::ACCEPT,
            lti::nrps::MEDIA_TYPE_MEMBERSHIP_CONTAINER,
        )
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(transport)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(RosterError::Status {
            status,
            url: url.to_string(),
        });
    }
    let links: Vec<String> = response
        .headers()
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let body = response.bytes().await.map_err(transport)?;
    Ok(MembershipPage::parse(
        url,
        &body,
        links.iter().map(String::as_str),
    )?)
}
