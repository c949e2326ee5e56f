//! The LTI 1.3 id_token as platforms send it: OIDC claims plus every LTI claim under its full URI.
//! Deserialising is lenient where platforms differ; the launch validator enforces what is required.

mod lenient;
mod parts;
mod services;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::types::{ClientId, DeploymentId, Issuer, Nonce, UserId};

pub use parts::{
    ContextClaim, LaunchPresentationClaim, LisClaim, ResourceLinkClaim, ToolPlatformClaim,
};
pub use services::{AgsEndpointClaim, DeepLinkingSettings, ForUserClaim, NrpsClaim};

/// The full URIs of the LTI claims, as they appear as keys of the id_token.
/// [LTI 1.3 §5](https://www.imsglobal.org/spec/lti/v1p3#lti-message-general-details).
pub mod uri {
    /// [LTI 1.3 §5.3.1](https://www.imsglobal.org/spec/lti/v1p3#message-type-claim)
    pub const MESSAGE_TYPE: &str = "https://purl.imsglobal.org/spec/lti/claim/message_type";
    /// [LTI 1.3 §5.3.2](https://www.imsglobal.org/spec/lti/v1p3#lti-version-claim)
    pub const VERSION: &str = "https://purl.imsglobal.org/spec/lti/claim/version";
    /// [LTI 1.3 §5.3.3](https://www.imsglobal.org/spec/lti/v1p3#lti-deployment-id-claim)
    pub const DEPLOYMENT_ID: &str = "https://purl.imsglobal.org/spec/lti/claim/deployment_id";
    /// [LTI 1.3 §5.3.4](https://www.imsglobal.org/spec/lti/v1p3#target-link-uri)
    pub const TARGET_LINK_URI: &str = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri";
    /// [LTI 1.3 §5.3.5](https://www.imsglobal.org/spec/lti/v1p3#resource-link-claim)
    pub const RESOURCE_LINK: &str = "https://purl.imsglobal.org/spec/lti/claim/resource_link";
    /// [LTI 1.3 §5.3.7](https://www.imsglobal.org/spec/lti/v1p3#roles-claim)
    pub const ROLES: &str = "https://purl.imsglobal.org/spec/lti/claim/roles";
    /// [LTI 1.3 §5.4.2](https://www.imsglobal.org/spec/lti/v1p3#role-scope-mentor-claim)
    pub const ROLE_SCOPE_MENTOR: &str =
        "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor";
    /// [LTI 1.3 §5.4.1](https://www.imsglobal.org/spec/lti/v1p3#context-claim)
    pub const CONTEXT: &str = "https://purl.imsglobal.org/spec/lti/claim/context";
    /// [LTI 1.3 §5.4.3](https://www.imsglobal.org/spec/lti/v1p3#platform-instance-claim)
    pub const TOOL_PLATFORM: &str = "https://purl.imsglobal.org/spec/lti/claim/tool_platform";
    /// [LTI 1.3 §5.4.4](https://www.imsglobal.org/spec/lti/v1p3#launch-presentation-claim)
    pub const LAUNCH_PRESENTATION: &str =
        "https://purl.imsglobal.org/spec/lti/claim/launch_presentation";
    /// [LTI 1.3 §5.4.6](https://www.imsglobal.org/spec/lti/v1p3#custom-properties-and-variable-substitution)
    pub const CUSTOM: &str = "https://purl.imsglobal.org/spec/lti/claim/custom";
    /// [LTI 1.3 §5.4.5](https://www.imsglobal.org/spec/lti/v1p3#learning-information-services-lis-claim)
    pub const LIS: &str = "https://purl.imsglobal.org/spec/lti/claim/lis";
    /// [Submission Review 1.0](https://www.imsglobal.org/spec/lti-sr/v1p0#for_user-claim)
    pub const FOR_USER: &str = "https://purl.imsglobal.org/spec/lti/claim/for_user";
    /// [AGS 2.0 §3.1](https://www.imsglobal.org/spec/lti-ags/v2p0#assignment-and-grade-service-claim)
    pub const AGS_ENDPOINT: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    /// [NRPS 2.0 §3.6.1](https://www.imsglobal.org/spec/lti-nrps/v2p0#lti-1-3-integration)
    pub const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    /// [Deep Linking 2.0 §4.4.1](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-settings)
    pub const DEEP_LINKING_SETTINGS: &str =
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    /// Prefix shared by every LTI claim.
    pub const LTI_PREFIX: &str = "https://purl.imsglobal.org/spec/lti";
}

/// The `aud` claim: one client id or several. Moodle sends a plain string, Canvas sometimes an
/// array. [OIDC Core §2](https://openid.net/specs/openid-connect-core-1_0.html#IDToken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience(Vec<String>);

impl Audience {
    /// Whether `client_id` is one of the audiences (exact, byte-for-byte comparison).
    pub fn contains(&self, client_id: &ClientId) -> bool {
        self.0.iter().any(|a| a == client_id.as_str())
    }

    /// The audiences in the order sent.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether there is more than one audience (then `azp` is required).
    pub fn is_multiple(&self) -> bool {
        self.0.len() > 1
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one:?}"),
            many => write!(f, "{many:?}"),
        }
    }
}

impl Serialize for Audience {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => serializer.serialize_str(one),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient::one_or_many(deserializer).map(Self)
    }
}

/// Every claim of an LTI 1.3 id_token. Obtain one from a [`crate::ValidatedLaunch`]; the
/// validator has then checked everything LTI requires (deserialising alone checks little).
/// [LTI 1.3 §5](https://www.imsglobal.org/spec/lti/v1p3#lti-message-general-details).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdTokenClaims {
    /// The platform's issuer identifier.
    pub iss: Issuer,
    /// The user; `None` for an anonymous launch, which LTI allows (the app decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<UserId>,
    /// The client id(s) the token is meant for.
    pub aud: Audience,
    /// The authorized party; required when `aud` has several values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<ClientId>,
    /// Expiry, seconds since the Unix epoch.
    #[serde(deserialize_with = "lenient::numeric_date")]
    pub exp: u64,
    /// Issue time, seconds since the Unix epoch.
    #[serde(deserialize_with = "lenient::numeric_date")]
    pub iat: u64,
    /// Not-before time, seconds since the Unix epoch.
    #[serde(default, deserialize_with = "lenient::optional_numeric_date")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// The nonce the tool issued at login (the validator requires it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<Nonce>,
    /// Full name (OIDC standard claim), only if the platform shares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name (OIDC standard claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name (OIDC standard claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail address (OIDC standard claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's locale (OIDC standard claim), e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,

    /// `message_type`, raw; the validator maps it to [`crate::MessageType`].
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/message_type")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<String>,
    /// `version`, raw; must be `1.3.0`.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/version")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `deployment_id`.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/deployment_id")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<DeploymentId>,
    /// `target_link_uri`, raw; the validator parses it and checks its origin.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_link_uri: Option<String>,
    /// `resource_link`; a claim without an `id` counts as absent.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/resource_link")]
    #[serde(default, deserialize_with = "lenient::absent_without_required")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_link: Option<ResourceLinkClaim>,
    /// `roles`, raw: `None` if the claim is missing, `Some(vec![])` if it is empty (allowed).
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/roles")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// `role_scope_mentor`: the users a mentor may see.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_scope_mentor: Option<Vec<String>>,
    /// `context`: the course or section; absent for launches outside a course.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/context")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextClaim>,
    /// `tool_platform`: which LMS product and instance sent the launch.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/tool_platform")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_platform: Option<ToolPlatformClaim>,
    /// `launch_presentation`: frame, size, return URL and locale.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_presentation: Option<LaunchPresentationClaim>,
    /// `custom`: custom parameters; values are usually strings but numbers and booleans occur.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/custom")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Map<String, Value>>,
    /// `lis`: SIS identifiers.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/lis")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lis: Option<LisClaim>,
    /// The Assignment and Grade Services endpoint claim.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ags: Option<AgsEndpointClaim>,
    /// The Names and Role Provisioning Services claim.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice")]
    #[serde(default, deserialize_with = "lenient::named")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nrps: Option<NrpsClaim>,
    /// Deep Linking settings; a claim without `deep_link_return_url` counts as absent.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings")]
    #[serde(default, deserialize_with = "lenient::absent_without_required")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep_linking_settings: Option<DeepLinkingSettings>,
    /// Submission review: the learner whose submission is reviewed; counts as absent without
    /// `user_id`.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/for_user")]
    #[serde(default, deserialize_with = "lenient::absent_without_required")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_user: Option<ForUserClaim>,
    /// Every other claim, kept but not interpreted: Moodle's LTI 1.1 `lti-bo` basicoutcome,
    /// its `ext` claim, Canvas extensions, `lti1p1`, ...
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl IdTokenClaims {
    /// Whether the token carries any LTI claim at all (the 1EdTech "Missing LTI Claims" case is
    /// a plain OIDC token without them).
    pub fn has_lti_claims(&self) -> bool {
        self.message_type.is_some()
            || self.version.is_some()
            || self.deployment_id.is_some()
            || self.target_link_uri.is_some()
            || self.roles.is_some()
            || self.resource_link.is_some()
            || self.context.is_some()
            || self.deep_linking_settings.is_some()
            || self.extra.keys().any(|k| k.starts_with(uri::LTI_PREFIX))
    }

    /// A custom parameter as text: strings as sent, numbers and booleans in their JSON form,
    /// `None` for missing keys, nulls, arrays and objects.
    pub fn custom_str(&self, key: &str) -> Option<std::borrow::Cow<'_, str>> {
        match self.custom.as_ref()?.get(key)? {
            Value::String(s) => Some(std::borrow::Cow::Borrowed(s)),
            Value::Number(n) => Some(std::borrow::Cow::Owned(n.to_string())),
            Value::Bool(b) => Some(std::borrow::Cow::Owned(b.to_string())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
