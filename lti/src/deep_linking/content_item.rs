//! The content items a Deep Linking response carries: LTI resource links (with line item,
//! custom parameters, availability and submission windows), plain links and HTML fragments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::timestamp::Timestamp;

/// One item the teacher picked.
/// [Deep Linking 2.0 §3](https://www.imsglobal.org/spec/lti-dl/v2p0#content-item-types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
#[expect(
    clippy::large_enum_variant,
    reason = "a response holds a handful of items, built once per teacher's pick; boxing the common variant would only complicate every caller"
)]
pub enum ContentItem {
    /// `ltiResourceLink`: a link that launches back into the tool.
    #[serde(rename = "ltiResourceLink")]
    LtiResourceLink(LtiResourceLink),
    /// `link`: a plain URL.
    #[serde(rename = "link")]
    Link(LinkItem),
    /// `html`: an HTML fragment the platform embeds.
    #[serde(rename = "html")]
    Html(HtmlItem),
}

impl ContentItem {
    /// The `type` value, as `accept_types` lists it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::LtiResourceLink(_) => "ltiResourceLink",
            Self::Link(_) => "link",
            Self::Html(_) => "html",
        }
    }
}

impl From<LtiResourceLink> for ContentItem {
    fn from(item: LtiResourceLink) -> Self {
        Self::LtiResourceLink(item)
    }
}

impl From<LinkItem> for ContentItem {
    fn from(item: LinkItem) -> Self {
        Self::Link(item)
    }
}

impl From<HtmlItem> for ContentItem {
    fn from(item: HtmlItem) -> Self {
        Self::Html(item)
    }
}

/// An LTI resource link. Its `custom` parameters come back in every launch of the placed link,
/// so they identify what to open.
/// [Deep Linking 2.0 §3.1](https://www.imsglobal.org/spec/lti-dl/v2p0#lti-resource-link).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LtiResourceLink {
    /// The launch URL; the tool's default launch URL when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Title shown in the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Plain-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Image>,
    /// Thumbnail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Image>,
    /// Open in a new window (kept only if the platform accepts the `window` target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowOptions>,
    /// Open in an iframe (kept only if the platform accepts the `iframe` target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iframe: Option<IframeOptions>,
    /// Custom parameters for the launches of this link.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    /// A gradebook column to create with the link (dropped if `accept_lineitem` is false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_item: Option<LineItemRequest>,
    /// When learners may open the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<TimeWindow>,
    /// When learners may submit (the due date is its end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<TimeWindow>,
}

impl LtiResourceLink {
    /// A link with a title, launching at the tool's default URL until [`Self::with_url`].
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            ..Self::default()
        }
    }

    /// Launches at `url`.
    pub fn with_url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    /// Sets the description.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Sets the icon.
    pub fn with_icon(mut self, icon: Image) -> Self {
        self.icon = Some(icon);
        self
    }

    /// Sets the thumbnail.
    pub fn with_thumbnail(mut self, thumbnail: Image) -> Self {
        self.thumbnail = Some(thumbnail);
        self
    }

    /// Adds a custom parameter.
    pub fn with_custom(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.insert(key.into(), value.into());
        self
    }

    /// Asks the platform to create a gradebook column for the link.
    pub fn with_line_item(mut self, line_item: LineItemRequest) -> Self {
        self.line_item = Some(line_item);
        self
    }

    /// Sets the iframe presentation.
    pub fn with_iframe(mut self, iframe: IframeOptions) -> Self {
        self.iframe = Some(iframe);
        self
    }

    /// Sets the new-window presentation.
    pub fn with_window(mut self, window: WindowOptions) -> Self {
        self.window = Some(window);
        self
    }

    /// Sets when learners may open the link.
    pub fn with_available(mut self, available: TimeWindow) -> Self {
        self.available = Some(available);
        self
    }

    /// Sets when learners may submit.
    pub fn with_submission(mut self, submission: TimeWindow) -> Self {
        self.submission = Some(submission);
        self
    }
}

/// The line item a platform creates with a resource link.
/// [Deep Linking 2.0 §3.1](https://www.imsglobal.org/spec/lti-dl/v2p0#lti-resource-link).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LineItemRequest {
    /// Column title; the link's title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Maximum score (positive).
    pub score_maximum: f64,
    /// The tool's id of the graded thing (for us: the module or path id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// A tool-defined qualifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Whether learners see the grades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades_released: Option<bool>,
    /// When submissions open, as on AGS line items
    /// ([AGS 2.0 §3.2.8](https://www.imsglobal.org/spec/lti-ags/v2p0#startdatetime)); Canvas reads
    /// it, platforms that do not simply ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<Timestamp>,
    /// When submissions are due ([AGS 2.0 §3.2.9](https://www.imsglobal.org/spec/lti-ags/v2p0#enddatetime)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Timestamp>,
}

impl LineItemRequest {
    /// A column with this label and maximum (checked when the response is built).
    pub fn new(label: impl Into<String>, score_maximum: f64) -> Self {
        Self {
            label: Some(label.into()),
            score_maximum,
            resource_id: None,
            tag: None,
            grades_released: None,
            start_date_time: None,
            end_date_time: None,
        }
    }

    /// Sets the start and end date-times (checked like a window when the response is built).
    pub fn with_dates(mut self, start: Option<Timestamp>, end: Option<Timestamp>) -> Self {
        self.start_date_time = start;
        self.end_date_time = end;
        self
    }

    /// Sets the resource id.
    pub fn with_resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Sets the tag.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Sets whether learners see the grades.
    pub fn with_grades_released(mut self, released: bool) -> Self {
        self.grades_released = Some(released);
        self
    }
}

/// A start and/or end date-time (`available`, `submission`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimeWindow {
    /// Opens at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<Timestamp>,
    /// Closes at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Timestamp>,
}

impl TimeWindow {
    /// A window from `start` to `end`, either open-ended (checked when the response is built).
    pub fn new(start: Option<Timestamp>, end: Option<Timestamp>) -> Self {
        Self {
            start_date_time: start,
            end_date_time: end,
        }
    }
}

/// An icon or thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Image {
    /// The image URL.
    pub url: Url,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

impl Image {
    /// An image of unknown size.
    pub fn new(url: Url) -> Self {
        Self {
            url,
            width: None,
            height: None,
        }
    }

    /// Sets the size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.width = Some(width);
        self.height = Some(height);
        self
    }
}

/// New-window presentation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WindowOptions {
    /// The window name, so repeated launches reuse one window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// `window.open` features, e.g. `noopener`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_features: Option<String>,
}

impl WindowOptions {
    /// A new window named `target_name`.
    pub fn named(target_name: impl Into<String>) -> Self {
        Self {
            target_name: Some(target_name.into()),
            ..Self::default()
        }
    }
}

/// Iframe presentation of a resource link.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IframeOptions {
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

impl IframeOptions {
    /// An iframe of this size.
    pub fn sized(width: u32, height: u32) -> Self {
        Self {
            width: Some(width),
            height: Some(height),
        }
    }
}

/// A plain link. [Deep Linking 2.0 §3.2](https://www.imsglobal.org/spec/lti-dl/v2p0#link).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkItem {
    /// The URL.
    pub url: Url,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Plain-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Image>,
    /// Thumbnail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Image>,
    /// New-window presentation (kept only if `window` is accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowOptions>,
    /// Iframe presentation (kept only if `iframe` is accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iframe: Option<IframeOptions>,
}

impl LinkItem {
    /// A link to `url` with a title.
    pub fn new(url: Url, title: impl Into<String>) -> Self {
        Self {
            url,
            title: Some(title.into()),
            text: None,
            icon: None,
            thumbnail: None,
            window: None,
            iframe: None,
        }
    }
}

/// An HTML fragment. [Deep Linking 2.0 §3.4](https://www.imsglobal.org/spec/lti-dl/v2p0#html-fragment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlItem {
    /// The HTML.
    pub html: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Plain-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl HtmlItem {
    /// A fragment of `html`.
    pub fn new(html: impl Into<String>) -> Self {
        Self {
            html: html.into(),
            title: None,
            text: None,
        }
    }
}
