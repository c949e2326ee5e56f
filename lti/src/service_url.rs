//! AGS service URLs: derive the scores and results URLs from a line item URL, and filter the line
//! items container, for URLs that already carry a query string (Moodle's `?type_id=1`).

use std::fmt;

use url::Url;

use crate::types::{ResourceLinkId, UserId};

/// A service URL the platform handed out is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceUrlError {
    /// Not an absolute URL.
    #[error("{value:?} is not an absolute URL: {source}")]
    NotAUrl {
        /// The value as sent.
        value: String,
        /// Why it does not parse.
        source: url::ParseError,
    },
    /// Not an http(s) URL with a host.
    #[error("{value:?} is not an http(s) URL with a host")]
    NotHttp {
        /// The value as sent.
        value: String,
    },
}

impl ServiceUrlError {
    /// A stable reason code for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAUrl { .. } => "service_url_invalid",
            Self::NotHttp { .. } => "service_url_not_http",
        }
    }
}

fn checked(url: Url) -> Result<Url, ServiceUrlError> {
    if matches!(url.scheme(), "http" | "https") && url.host().is_some() {
        Ok(url)
    } else {
        Err(ServiceUrlError::NotHttp { value: url.into() })
    }
}

fn parse_http(value: &str) -> Result<Url, ServiceUrlError> {
    let url = Url::parse(value).map_err(|source| ServiceUrlError::NotAUrl {
        value: value.to_owned(),
        source,
    })?;
    checked(url)
}

/// `url` with `segment` appended to its path, before the query string; the fragment is dropped.
/// `.../lineitem?type_id=1` + `scores` = `.../lineitem/scores?type_id=1`.
pub(crate) fn with_path_segment(url: &Url, segment: &str) -> Url {
    let mut out = url.clone();
    out.set_fragment(None);
    // Only URLs that cannot be a base (`mailto:`) refuse; service URLs are http(s).
    if let Ok(mut segments) = out.path_segments_mut() {
        segments.pop_if_empty().push(segment);
    }
    out
}

/// Sets query parameters on `url`, keeping the platform's own parameters (`type_id=1`) as they
/// are written. A parameter already present under the same name is replaced, not repeated.
pub(crate) fn set_query_params(url: &mut Url, params: &[(&str, &str)]) {
    if params.is_empty() {
        return;
    }
    let is_set = |name: &str| params.iter().any(|(p, _)| *p == name);
    if url.query_pairs().any(|(name, _)| is_set(&name)) {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_set(name))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        url.set_query(None);
        if !kept.is_empty() {
            url.query_pairs_mut().extend_pairs(kept);
        }
    }
    url.query_pairs_mut().extend_pairs(params);
}

macro_rules! service_url {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(Url);

        impl $name {
            /// Parses an absolute http(s) URL.
            pub fn parse(value: &str) -> Result<Self, ServiceUrlError> {
                parse_http(value).map(Self)
            }

            /// Wraps an already parsed URL, refusing anything but http(s) with a host.
            pub fn from_url(url: Url) -> Result<Self, ServiceUrlError> {
                checked(url).map(Self)
            }

            /// The URL as the platform sent it.
            pub fn as_url(&self) -> &Url {
                &self.0
            }

            /// The URL as text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Unwraps the URL.
            pub fn into_url(self) -> Url {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.0.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = String::deserialize(d)?;
                Self::parse(&value).map_err(serde::de::Error::custom)
            }
        }
    };
}

service_url!(
    /// The URL of one line item (gradebook column), e.g. the launch's `lineitem` or a line
    /// item's `id`. [AGS 2.0 §3.2](https://www.imsglobal.org/spec/lti-ags/v2p0#line-item-service).
    LineItemUrl
);
service_url!(
    /// The line items container of a context: the launch's `lineitems`.
    /// [AGS 2.0 §3.2](https://www.imsglobal.org/spec/lti-ags/v2p0#line-item-service).
    LineItemsUrl
);

impl LineItemUrl {
    /// Where scores for this line item are POSTed: the line item URL with `/scores` appended to
    /// its path, before any query string.
    /// [AGS 2.0 §3.4](https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service).
    pub fn scores_url(&self) -> Url {
        with_path_segment(&self.0, "scores")
    }

    /// Where the results of this line item are read: the line item URL with `/results`
    /// appended to its path, before any query string.
    /// [AGS 2.0 §3.3](https://www.imsglobal.org/spec/lti-ags/v2p0#result-service).
    pub fn results_url(&self) -> Url {
        with_path_segment(&self.0, "results")
    }

    /// The results URL filtered to one learner (`user_id`) and/or a page size (`limit`).
    /// [AGS 2.0 §3.3.4](https://www.imsglobal.org/spec/lti-ags/v2p0#result-service).
    pub fn results_url_for(&self, user_id: Option<&UserId>, limit: Option<u32>) -> Url {
        let mut url = self.results_url();
        let limit = limit.map(|l| l.to_string());
        let mut params = Vec::new();
        if let Some(user) = user_id {
            params.push(("user_id", user.as_str()));
        }
        if let Some(limit) = &limit {
            params.push(("limit", limit.as_str()));
        }
        set_query_params(&mut url, &params);
        url
    }
}

/// Filters for reading the line items container.
/// [AGS 2.0 §3.2.4](https://www.imsglobal.org/spec/lti-ags/v2p0#container-request-filters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineItemsQuery {
    /// Only line items bound to this resource link.
    pub resource_link_id: Option<ResourceLinkId>,
    /// Only line items with this tool resource id (for us: the module or path id).
    pub resource_id: Option<String>,
    /// Only line items with this tag.
    pub tag: Option<String>,
    /// At most this many per page.
    pub limit: Option<u32>,
}

impl LineItemsQuery {
    /// No filter: every line item of the context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only line items bound to `id`.
    pub fn resource_link_id(mut self, id: ResourceLinkId) -> Self {
        self.resource_link_id = Some(id);
        self
    }

    /// Only line items with this tool resource id.
    pub fn resource_id(mut self, id: impl Into<String>) -> Self {
        self.resource_id = Some(id.into());
        self
    }

    /// Only line items with this tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// At most `limit` line items per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl LineItemsUrl {
    /// The container URL with the filters of `query` added to the platform's own query string.
    pub fn with_query(&self, query: &LineItemsQuery) -> Url {
        let mut url = self.0.clone();
        url.set_fragment(None);
        let limit = query.limit.map(|l| l.to_string());
        let params: Vec<(&str, &str)> = [
            (
                "resource_link_id",
                query.resource_link_id.as_ref().map(ResourceLinkId::as_str),
            ),
            ("resource_id", query.resource_id.as_deref()),
            ("tag", query.tag.as_deref()),
            ("limit", limit.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
        set_query_params(&mut url, &params);
        url
    }
}

#[cfg(test)]
mod tests;
