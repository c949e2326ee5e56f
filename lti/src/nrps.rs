//! Names and Role Provisioning Services 2.0 without HTTP: the first page's URL, and each page's
//! members and `Link` paging read from the body and headers the app fetched.

mod member;

use url::Url;

use crate::paging::PageLinks;
use crate::roles::Role;
use crate::service_url::set_query_params;
use crate::types::{ContextId, ResourceLinkId};

pub use member::{Member, MemberStatus, MembershipContainer, MembershipContext};

/// The media type of the membership container (`Accept` header).
/// [NRPS 2.0 §2.2](https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type).
pub const MEDIA_TYPE_MEMBERSHIP_CONTAINER: &str =
    "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

/// The OAuth 2 scope for reading memberships.
/// [NRPS 2.0 §3.6.1](https://www.imsglobal.org/spec/lti-nrps/v2p0#lti-1-3-integration).
pub const SCOPE_CONTEXT_MEMBERSHIP_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

/// A membership page could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NrpsError {
    /// The body is not a membership container.
    #[error("the platform's membership response is not a valid NRPS container: {source}")]
    Malformed {
        /// The parse error.
        source: serde_json::Error,
    },
    /// A paging link points to another origin; following it would send the bearer token there.
    #[error(
        "the platform's membership response links its {rel} page to {url}, outside {origin}; it was not followed so the access token cannot leak"
    )]
    ForeignLink {
        /// `next` or `differences`.
        rel: &'static str,
        /// The link target.
        url: String,
        /// The origin of the request.
        origin: String,
    },
}

impl NrpsError {
    /// A stable reason code for logs and the "roster unavailable" page.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "nrps_response_malformed",
            Self::ForeignLink { .. } => "nrps_link_foreign",
        }
    }
}

/// Filters for the first memberships page.
/// [NRPS 2.0 §2.3](https://www.imsglobal.org/spec/lti-nrps/v2p0#role-query-parameter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MembershipsQuery {
    /// Only members with this role (sent as its full LIS URI).
    pub role: Option<Role>,
    /// At most this many members per page.
    pub limit: Option<u32>,
    /// Members with the `message` section for this resource link (`rlid`).
    pub resource_link_id: Option<ResourceLinkId>,
}

impl MembershipsQuery {
    /// No filter: every member of the context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only members with `role`.
    pub fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }

    /// At most `limit` members per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Ask for the resource link's `message` section (`rlid`).
    pub fn resource_link_id(mut self, id: ResourceLinkId) -> Self {
        self.resource_link_id = Some(id);
        self
    }

    /// The first page's URL: the claim's `context_memberships_url` with the filters added to
    /// any query it already has. Later pages come from [`MembershipPage::next`].
    pub fn first_page_url(&self, context_memberships_url: &Url) -> Url {
        let mut url = context_memberships_url.clone();
        url.set_fragment(None);
        let role = self.role.as_ref().map(Role::full_uri);
        let limit = self.limit.map(|l| l.to_string());
        let params: Vec<(&str, &str)> = [
            ("role", role.as_deref()),
            ("limit", limit.as_deref()),
            (
                "rlid",
                self.resource_link_id.as_ref().map(ResourceLinkId::as_str),
            ),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
        set_query_params(&mut url, &params);
        url
    }
}

/// One page of memberships with the links to the next page and to later differences.
/// [NRPS 2.0 §2.4](https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MembershipPage {
    /// The members and context of this page.
    pub container: MembershipContainer,
    /// The next page; `None` on the last one (or when the platform sends no `Link` header).
    pub next: Option<Url>,
    /// Where to ask later for the changes since this response.
    pub differences: Option<Url>,
}

impl MembershipPage {
    /// Reads a page from the URL it was fetched from, its body (JSON whatever the
    /// `Content-Type`) and its `Link` header values (each header separately; none is fine).
    /// Paging links must stay on the request's origin.
    pub fn parse<'a>(
        request_url: &Url,
        body: &[u8],
        link_headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, NrpsError> {
        let container = MembershipContainer::parse(body)?;
        let links = PageLinks::parse(link_headers, request_url);
        Ok(Self {
            container,
            next: same_origin("next", links.next(), request_url)?,
            differences: same_origin("differences", links.differences(), request_url)?,
        })
    }

    /// The context the members belong to, if the platform named it.
    pub fn context_id(&self) -> Option<&ContextId> {
        self.container.context.as_ref().map(|c| &c.id)
    }
}

fn same_origin(
    rel: &'static str,
    link: Option<&Url>,
    request_url: &Url,
) -> Result<Option<Url>, NrpsError> {
    match link {
        Some(url) if url.origin() != request_url.origin() => Err(NrpsError::ForeignLink {
            rel,
            url: url.to_string(),
            origin: request_url.origin().ascii_serialization(),
        }),
        other => Ok(other.cloned()),
    }
}

#[cfg(test)]
mod tests;
