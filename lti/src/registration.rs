//! [LTI Dynamic Registration 1.0](https://www.imsglobal.org/spec/lti-dr/v1p0): the platform's
//! OpenID configuration with its LTI extension, checked; the tool's registration request; the
//! platform's answer giving the client id and deployment id. Sans-IO: the app does the HTTP.
//!
//! These are plain serde types rather than `openidconnect`'s `ProviderMetadata` and
//! `ClientRegistrationRequest`: those need a dozen generic parameters each for the handful of
//! fields LTI uses, and their checks (registration answered with 201) do not match Moodle's 200.

mod request;

pub use request::{
    LtiToolConfiguration, RegistrationResponse, ToolMessage, ToolRegistrationRequest,
};

use crate::types::{Issuer, MessageType};
use serde::Deserialize;
use url::Url;

/// Key of the platform configuration extension in the OpenID configuration.
pub const PLATFORM_CONFIGURATION: &str =
    "https://purl.imsglobal.org/spec/lti-platform-configuration";
/// Key of the tool configuration extension in the registration request and response.
pub const TOOL_CONFIGURATION: &str = "https://purl.imsglobal.org/spec/lti-tool-configuration";

/// Why a registration cannot go ahead; each says what the LMS administrator can fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegistrationError {
    #[error("the platform's OpenID configuration is not valid JSON of the expected shape: {0}")]
    MalformedConfiguration(#[source] serde_json::Error),
    #[error("the platform's OpenID configuration has no `{0}`")]
    MissingEndpoint(&'static str),
    #[error("the platform's `{field}` {value:?} is not an http(s) URL")]
    BadUrl { field: &'static str, value: String },
    #[error(
        "the configuration's issuer {issuer} does not match the origin of the configuration URL {url}"
    )]
    IssuerMismatch { issuer: String, url: String },
    #[error(
        "the platform's OpenID configuration has no LTI platform configuration ({PLATFORM_CONFIGURATION})"
    )]
    NotLti,
    #[error("the platform does not support {0}, which the tool needs")]
    Unsupported(String),
    #[error("the platform refused the registration with HTTP {status}: {body}")]
    Refused { status: u16, body: String },
    #[error("the platform's registration answer is not understood: {0}")]
    MalformedResponse(String),
}

/// One message type a platform supports, with its placements.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SupportedMessage {
    #[serde(rename = "type")]
    pub message_type: String,
    #[serde(default)]
    pub placements: Vec<String>,
}

/// The LTI platform configuration extension ([DR §3.5.1](https://www.imsglobal.org/spec/lti-dr/v1p0#lti-configuration)).
#[derive(Debug, Clone, Deserialize)]
pub struct LtiPlatformConfiguration {
    pub product_family_code: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub messages_supported: Vec<SupportedMessage>,
    #[serde(default)]
    pub variables: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawConfiguration {
    issuer: Option<String>,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    jwks_uri: Option<String>,
    registration_endpoint: Option<String>,
    #[serde(default)]
    scopes_supported: Vec<String>,
    #[serde(default)]
    response_types_supported: Vec<String>,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Vec<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-platform-configuration")]
    lti: Option<LtiPlatformConfiguration>,
}

/// A platform configuration that passed every check a tool needs before it registers
/// ([DR §3.4](https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match)).
#[derive(Debug, Clone)]
pub struct PlatformConfiguration {
    pub issuer: Issuer,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub jwks_uri: Url,
    pub registration_endpoint: Url,
    pub scopes_supported: Vec<String>,
    pub lti: LtiPlatformConfiguration,
}

fn http_url(field: &'static str, value: Option<String>) -> Result<Url, RegistrationError> {
    let value = value
        .filter(|v| !v.is_empty())
        .ok_or(RegistrationError::MissingEndpoint(field))?;
    match Url::parse(&value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => Err(RegistrationError::BadUrl { field, value }),
    }
}

impl PlatformConfiguration {
    /// Parses and checks the configuration fetched from `configuration_url`: the issuer must
    /// share the URL's scheme and host (Moodle serves it at its own PHP path, not the issuer's
    /// well-known one), every endpoint must be present, and launches and id_tokens supported.
    pub fn parse(body: &[u8], configuration_url: &Url) -> Result<Self, RegistrationError> {
        let raw: RawConfiguration =
            serde_json::from_slice(body).map_err(RegistrationError::MalformedConfiguration)?;
        let issuer_text = raw.issuer.clone().unwrap_or_default();
        let issuer_url = http_url("issuer", raw.issuer)?;
        if issuer_url.scheme() != configuration_url.scheme()
            || issuer_url.host() != configuration_url.host()
            || issuer_url.port_or_known_default() != configuration_url.port_or_known_default()
        {
            return Err(RegistrationError::IssuerMismatch {
                issuer: issuer_url.to_string(),
                url: configuration_url.to_string(),
            });
        }
        let config = Self {
            issuer: Issuer::parse(issuer_text)
                .map_err(|_| RegistrationError::MissingEndpoint("issuer"))?,
            authorization_endpoint: http_url("authorization_endpoint", raw.authorization_endpoint)?,
            token_endpoint: http_url("token_endpoint", raw.token_endpoint)?,
            jwks_uri: http_url("jwks_uri", raw.jwks_uri)?,
            registration_endpoint: http_url("registration_endpoint", raw.registration_endpoint)?,
            scopes_supported: raw.scopes_supported,
            lti: raw.lti.ok_or(RegistrationError::NotLti)?,
        };
        if !raw.response_types_supported.is_empty()
            && !raw.response_types_supported.iter().any(|r| r == "id_token")
        {
            return Err(RegistrationError::Unsupported(
                "the id_token response type".into(),
            ));
        }
        if !raw.token_endpoint_auth_methods_supported.is_empty()
            && !raw
                .token_endpoint_auth_methods_supported
                .iter()
                .any(|m| m == "private_key_jwt")
        {
            return Err(RegistrationError::Unsupported(
                "private_key_jwt client authentication".into(),
            ));
        }
        if !config.supports(MessageType::ResourceLink) {
            return Err(RegistrationError::Unsupported(
                "LtiResourceLinkRequest launches".into(),
            ));
        }
        Ok(config)
    }

    /// Whether the platform lists `message` among its supported messages.
    pub fn supports(&self, message: MessageType) -> bool {
        self.lti
            .messages_supported
            .iter()
            .any(|m| m.message_type == message.as_str())
    }

    /// The requested scopes the platform offers (all of them when it does not list any).
    pub fn grantable_scopes<'a>(&self, requested: &[&'a str]) -> Vec<&'a str> {
        requested
            .iter()
            .filter(|s| {
                self.scopes_supported.is_empty() || self.scopes_supported.iter().any(|o| o == *s)
            })
            .copied()
            .collect()
    }
}
