//! AGS line items (gradebook columns): what the tool creates, and what platforms list, with
//! Moodle's empty strings and extra members tolerated.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use super::{ActivityProgress, AgsError, empty_as_none, parse_body};
use crate::service_url::LineItemUrl;
use crate::timestamp::Timestamp;
use crate::types::ResourceLinkId;

/// A line item. [AGS 2.0 §3.2.3](https://www.imsglobal.org/spec/lti-ags/v2p0#line-item-service),
/// media type [`super::media_type::LINE_ITEM`].
///
/// To create one, build it with [`Self::new`] and POST it to the line items container; the
/// platform answers with the item including its `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LineItem {
    /// The line item's URL; absent only on an item not created yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<LineItemUrl>,
    /// The maximum score (positive).
    pub score_maximum: f64,
    /// The column's title in the gradebook.
    #[serde(default)]
    pub label: String,
    /// The tool's own id of the graded thing (for us: the module or path id).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// The resource link the line item is bound to.
    #[serde(default, deserialize_with = "empty_as_none")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_link_id: Option<ResourceLinkId>,
    /// A tool-defined qualifier, e.g. `quiz` or `final`.
    #[serde(default, deserialize_with = "empty_as_none")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// When submissions open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<Timestamp>,
    /// When submissions are due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Timestamp>,
    /// Whether learners see the grades (AGS 2.0 errata; Canvas and Moodle ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades_released: Option<bool>,
    /// Asks the platform to offer "review submission" launches for this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_review: Option<SubmissionReview>,
    /// Members this crate does not interpret, kept as sent (Moodle's `ltiLinkId`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The submission review request on a line item: which launches a reviewer may open.
/// [Submission Review 1.0 §2.2](https://www.imsglobal.org/spec/lti-sr/v1p0#submissionreview-property).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubmissionReview {
    /// For which activity progress values a review is offered; empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewable_status: Vec<ActivityProgress>,
    /// The label of the review link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the review launch goes; the tool's default launch URL if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Custom parameters of the review launch.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub custom: Map<String, Value>,
}

impl SubmissionReview {
    /// A review offered for any activity progress, launched at the tool's default URL.
    pub fn new() -> Self {
        Self::default()
    }

    /// Launch reviews at `url`.
    pub fn with_url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    /// Offer the review only for these activity progress values.
    pub fn with_reviewable_status(mut self, status: Vec<ActivityProgress>) -> Self {
        self.reviewable_status = status;
        self
    }

    /// Adds a custom parameter to the review launch.
    pub fn with_custom(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.insert(key.into(), Value::String(value.into()));
        self
    }
}

impl LineItem {
    /// A line item to create, with a label and a positive, finite maximum score.
    pub fn new(label: impl Into<String>, score_maximum: f64) -> Result<Self, AgsError> {
        let item = Self {
            id: None,
            score_maximum,
            label: label.into(),
            resource_id: None,
            resource_link_id: None,
            tag: None,
            start_date_time: None,
            end_date_time: None,
            grades_released: None,
            submission_review: None,
            extra: Map::new(),
        };
        item.validate()?;
        Ok(item)
    }

    /// Checks what AGS requires of a line item the tool sends: a non-empty label, a positive
    /// finite maximum, and a start no later than the end.
    pub fn validate(&self) -> Result<(), AgsError> {
        let invalid = |reason: String| Err(AgsError::LineItemInvalid { reason });
        if self.label.trim().is_empty() {
            return invalid("the label is empty".into());
        }
        if !(self.score_maximum.is_finite() && self.score_maximum > 0.0) {
            return invalid(format!(
                "scoreMaximum is {}, it must be a number greater than 0",
                self.score_maximum
            ));
        }
        if let (Some(start), Some(end)) = (self.start_date_time, self.end_date_time)
            && start > end
        {
            return invalid(format!("startDateTime {start} is after endDateTime {end}"));
        }
        Ok(())
    }

    /// Sets the tool resource id (for us: the module or path id).
    pub fn with_resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Binds the line item to a resource link.
    pub fn with_resource_link_id(mut self, id: ResourceLinkId) -> Self {
        self.resource_link_id = Some(id);
        self
    }

    /// Sets the tag.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Sets when submissions open and are due; refuses a start after the end.
    pub fn with_dates(
        mut self,
        start: Option<Timestamp>,
        end: Option<Timestamp>,
    ) -> Result<Self, AgsError> {
        self.start_date_time = start;
        self.end_date_time = end;
        self.validate()?;
        Ok(self)
    }

    /// Requests submission review launches for this line item.
    pub fn with_submission_review(mut self, review: SubmissionReview) -> Self {
        self.submission_review = Some(review);
        self
    }

    /// Parses one line item (the answer to GET, PUT or the creating POST).
    pub fn parse(body: &[u8]) -> Result<Self, AgsError> {
        serde_json::from_slice(body).map_err(|source| AgsError::Malformed {
            what: "line item",
            source,
        })
    }

    /// Parses a line items container (a JSON array; an empty body is an empty container).
    /// Follow [`crate::paging::PageLinks::next`] for more pages.
    pub fn parse_container(body: &[u8]) -> Result<Vec<Self>, AgsError> {
        parse_body(body, "line items container")
    }
}
