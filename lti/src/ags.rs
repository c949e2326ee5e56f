//! Assignment and Grade Services 2.0 as data, without HTTP: line items, scores and results with
//! their media types and scopes. The app sends the requests; this module builds and parses bodies.
//!
//! URLs: [`crate::service_url::LineItemUrl`] derives the scores and results URLs.

mod line_item;
mod result;
mod score;

pub use line_item::{LineItem, SubmissionReview};
pub use result::ResultItem;
pub use score::{ActivityProgress, GradingProgress, Score, ScoreSubmission};

/// The media types of AGS requests and responses (`Accept` and `Content-Type`).
/// [AGS 2.0 §5](https://www.imsglobal.org/spec/lti-ags/v2p0#media-types-and-schemas).
pub mod media_type {
    /// One line item: GET, PUT and the POST that creates one.
    pub const LINE_ITEM: &str = "application/vnd.ims.lis.v2.lineitem+json";
    /// The line items container (a JSON array).
    pub const LINE_ITEM_CONTAINER: &str = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    /// A score POSTed to `.../scores` (note: `v1`, not `v2`).
    pub const SCORE: &str = "application/vnd.ims.lis.v1.score+json";
    /// The results container (a JSON array).
    pub const RESULT_CONTAINER: &str = "application/vnd.ims.lis.v2.resultcontainer+json";
}

/// The OAuth 2 scopes of AGS, as requested from the token endpoint.
/// [AGS 2.0 §3.1](https://www.imsglobal.org/spec/lti-ags/v2p0#assignment-and-grade-service-claim).
pub mod scope {
    /// Read, create, update and delete line items.
    pub const LINE_ITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    /// Read line items only.
    pub const LINE_ITEM_READONLY: &str =
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    /// Read results.
    pub const RESULT_READONLY: &str =
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    /// Publish scores.
    pub const SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
}

/// An AGS body is invalid: a score or line item the tool was about to send, or a platform
/// response that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AgsError {
    /// A score breaks the AGS rules or this tool's (see [`Score::graded`]).
    #[error("invalid score: {reason}")]
    ScoreInvalid {
        /// What is wrong, with the values.
        reason: String,
    },
    /// A line item lacks a label or a positive maximum.
    #[error("invalid line item: {reason}")]
    LineItemInvalid {
        /// What is wrong, with the values.
        reason: String,
    },
    /// The platform's response body is not the JSON AGS defines.
    #[error("the platform's {what} response is not valid AGS JSON: {source}")]
    Malformed {
        /// Which response: "line item", "line items container", "results container".
        what: &'static str,
        /// The parse error.
        source: serde_json::Error,
    },
}

impl AgsError {
    /// A stable reason code for logs, metrics and the grade sync view.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ScoreInvalid { .. } => "score_invalid",
            Self::LineItemInvalid { .. } => "line_item_invalid",
            Self::Malformed { .. } => "ags_response_malformed",
        }
    }
}

/// Parses a JSON body; a container body that is empty or only whitespace is an empty container.
fn parse_body<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
    what: &'static str,
) -> Result<T, AgsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|source| AgsError::Malformed { what, source })
}

/// An optional string member that counts as absent when empty (Moodle sends `"resourceId": ""`
/// and `"tag": ""` for line items that have none).
fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    use serde::Deserialize as _;
    match Option::<String>::deserialize(d)? {
        Some(s) if !s.is_empty() => s.parse().map(Some).map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests;
