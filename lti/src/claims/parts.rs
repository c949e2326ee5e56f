//! The core LTI 1.3 sub-claims: resource link, context, platform instance, launch presentation
//! and LIS identifiers.

use serde::{Deserialize, Serialize};

use super::lenient::{self, NamedClaim, RequiredMember};
use crate::types::{ContextId, ResourceLinkId};

/// The placed link being launched.
/// [LTI 1.3 §5.3.5](https://www.imsglobal.org/spec/lti/v1p3#resource-link-claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourceLinkClaim {
    /// Stable id of the link within the deployment.
    pub id: ResourceLinkId,
    /// The link's title as the teacher named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The link's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl NamedClaim for ResourceLinkClaim {
    const CLAIM: &'static str = "resource_link";
}

impl RequiredMember for ResourceLinkClaim {
    const REQUIRED: &'static [&'static str] = &["id"];
}

/// The context (course, section, group) the launch happens in.
/// [LTI 1.3 §5.4.1](https://www.imsglobal.org/spec/lti/v1p3#context-claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContextClaim {
    /// Stable id of the context within the deployment.
    pub id: ContextId,
    /// Short label, e.g. a course code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Full title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Context types, e.g. `CourseSection` or the full
    /// `http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering` (a lone string is accepted).
    #[serde(
        rename = "type",
        default,
        deserialize_with = "lenient::optional_one_or_many"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_type: Option<Vec<String>>,
}

impl NamedClaim for ContextClaim {
    const CLAIM: &'static str = "context";
}

/// Which platform instance sent the launch.
/// [LTI 1.3 §5.4.3](https://www.imsglobal.org/spec/lti/v1p3#platform-instance-claim).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolPlatformClaim {
    /// Stable id of the platform instance (required by the spec, absent on some platforms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// Administrative contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Human description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Instance name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Product family, e.g. `moodle` or `canvas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_family_code: Option<String>,
    /// Product version, e.g. Moodle's `2023100900`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl NamedClaim for ToolPlatformClaim {
    const CLAIM: &'static str = "tool_platform";
}

/// How the platform presents the tool, and where to send the user back.
/// [LTI 1.3 §5.4.4](https://www.imsglobal.org/spec/lti/v1p3#launch-presentation-claim).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LaunchPresentationClaim {
    /// `frame`, `iframe` or `window` (Canvas always says `iframe`, even for new tabs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_target: Option<String>,
    /// Height of the frame in pixels (a number or a numeric string; anything else is ignored).
    #[serde(default, deserialize_with = "lenient::loose_number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    /// Width of the frame in pixels.
    #[serde(default, deserialize_with = "lenient::loose_number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// Where to send the user when done, raw (see [`crate::ValidatedLaunch::return_url`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// The locale to render in, e.g. `en` or `de-CH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl NamedClaim for LaunchPresentationClaim {
    const CLAIM: &'static str = "launch_presentation";
}

/// SIS identifiers of the user and course.
/// [LTI 1.3 §5.4.5](https://www.imsglobal.org/spec/lti/v1p3#learning-information-services-lis-claim).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LisClaim {
    /// The user's SIS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_sourcedid: Option<String>,
    /// The course offering's SIS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_offering_sourcedid: Option<String>,
    /// The course section's SIS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_section_sourcedid: Option<String>,
}

impl NamedClaim for LisClaim {
    const CLAIM: &'static str = "lis";
}
