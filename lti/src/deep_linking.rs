//! Deep Linking 2.0 responses: the items a teacher picked, checked against what the platform's
//! request accepts, as a signed `LtiDeepLinkingResponse` JWT for an auto-submitting form.
//!
//! ```text
//! request  = DeepLinkingRequest::from_launch(&launch, &client_id)?
//! response = DeepLinkingResponse::new(&request, items, ResponseMessages::default(), now)?
//! signed   = response.sign(&tool_key, &tool_kid)?
//! page     = <form method=post action={signed.return_url()}> + signed.auto_submit_form_fields()
//! ```

mod content_item;
mod enforce;
mod response;

use crate::claims::DeepLinkingSettings;
use crate::launch::ValidatedLaunch;
use crate::types::{ClientId, DeploymentId, Issuer, MessageType};

pub use content_item::{
    ContentItem, HtmlItem, IframeOptions, Image, LineItemRequest, LinkItem, LtiResourceLink,
    TimeWindow, WindowOptions,
};
pub use response::{
    DEFAULT_RESPONSE_LIFETIME, DeepLinkingResponse, DeepLinkingResponseClaims, ResponseMessages,
    SignedDeepLinkingResponse,
};

/// The `message_type` of the response.
/// [Deep Linking 2.0 §4.5](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
pub const RESPONSE_MESSAGE_TYPE: &str = "LtiDeepLinkingResponse";

/// The full URIs of the response's Deep Linking claims.
/// [Deep Linking 2.0 §4.5](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
pub mod claim {
    /// The picked items.
    pub const CONTENT_ITEMS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    /// The request's `data`, echoed.
    pub const DATA: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    /// A message the platform shows the teacher.
    pub const MSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";
    /// A message the platform logs.
    pub const LOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/log";
    /// An error message the platform shows the teacher.
    pub const ERRORMSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg";
    /// An error message the platform logs.
    pub const ERRORLOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog";
}

/// Why no response could be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeepLinkingError {
    /// The launch is not a deep linking request with settings.
    #[error("the launch is a {message_type}, not a deep linking request with settings")]
    NotDeepLinking {
        /// The launch's message type.
        message_type: MessageType,
    },
    /// An item's type is not in `accept_types`.
    #[error(
        "content item {index} is a {item_type}, which the platform does not accept here (it accepts: {})",
        if .accepted.is_empty() { "nothing".to_owned() } else { .accepted.join(", ") }
    )]
    TypeNotAccepted {
        /// Position in the selection.
        index: usize,
        /// The item's type.
        item_type: &'static str,
        /// The request's `accept_types`.
        accepted: Vec<String>,
    },
    /// Several items, but the request does not set `accept_multiple`.
    #[error("{count} items were selected, but the platform accepts only one here")]
    MultipleNotAccepted {
        /// How many were selected.
        count: usize,
    },
    /// An item breaks a rule of the spec (a non-positive maximum, a window ending before it
    /// starts, a URL that is not http(s)).
    #[error("content item {index} is invalid: {reason}")]
    InvalidItem {
        /// Position in the selection.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The response could not be signed with the tool key.
    #[error("could not sign the deep linking response with the tool key: {source}")]
    Signing {
        /// The signing error.
        source: jsonwebtoken::errors::Error,
    },
}

impl DeepLinkingError {
    /// A stable reason code for logs and the picker's error page.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotDeepLinking { .. } => "not_deep_linking_request",
            Self::TypeNotAccepted { .. } => "content_type_not_accepted",
            Self::MultipleNotAccepted { .. } => "multiple_not_accepted",
            Self::InvalidItem { .. } => "content_item_invalid",
            Self::Signing { .. } => "response_signing_failed",
        }
    }
}

/// The deep linking request being answered: its settings and the parties of the response
/// (`iss` = the tool's client id, `aud` = the platform's issuer).
/// [Deep Linking 2.0 §4.4](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-request-message).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct DeepLinkingRequest<'a> {
    /// The request's `deep_linking_settings`.
    pub settings: &'a DeepLinkingSettings,
    /// The tool's client id at this platform.
    pub client_id: &'a ClientId,
    /// The platform's issuer.
    pub platform_issuer: &'a Issuer,
    /// The deployment the request came from.
    pub deployment_id: &'a DeploymentId,
}

impl<'a> DeepLinkingRequest<'a> {
    /// A request from its parts.
    pub fn new(
        settings: &'a DeepLinkingSettings,
        client_id: &'a ClientId,
        platform_issuer: &'a Issuer,
        deployment_id: &'a DeploymentId,
    ) -> Self {
        Self {
            settings,
            client_id,
            platform_issuer,
            deployment_id,
        }
    }

    /// The request of a validated launch; `client_id` is the registration's (the launch's
    /// audience).
    pub fn from_launch(
        launch: &'a ValidatedLaunch,
        client_id: &'a ClientId,
    ) -> Result<Self, DeepLinkingError> {
        let settings = launch
            .deep_linking_settings()
            .filter(|_| launch.message_type() == MessageType::DeepLinking)
            .ok_or(DeepLinkingError::NotDeepLinking {
                message_type: launch.message_type(),
            })?;
        Ok(Self::new(
            settings,
            client_id,
            launch.issuer(),
            launch.deployment_id(),
        ))
    }

    /// Whether the platform accepts items of `item_type` (e.g. `ltiResourceLink`).
    pub fn accepts_type(&self, item_type: &str) -> bool {
        self.settings.accept_types.iter().any(|t| t == item_type)
    }

    /// Whether several items may be returned at once (`accept_multiple`; false when absent).
    pub fn accepts_multiple(&self) -> bool {
        self.settings.accept_multiple == Some(true)
    }

    /// Whether line items are kept: unless `accept_lineitem` is false. Moodle 4.3 omits the
    /// setting and creates the line items, so an absent setting keeps them.
    pub fn accepts_line_items(&self) -> bool {
        self.settings.accept_lineitem != Some(false)
    }

    /// Whether the platform accepts the presentation target (`iframe`, `window`, `embed`).
    pub fn accepts_target(&self, target: &str) -> bool {
        self.settings
            .accept_presentation_document_targets
            .iter()
            .any(|t| t == target)
    }

    /// The first of the tool's `preferences` (e.g. `["iframe", "window"]`) that the platform
    /// accepts, to decide which presentation to put on the items; `None` if it accepts none.
    pub fn preferred_target<'p>(&self, preferences: &[&'p str]) -> Option<&'p str> {
        preferences.iter().copied().find(|t| self.accepts_target(t))
    }
}

#[cfg(test)]
mod tests;
