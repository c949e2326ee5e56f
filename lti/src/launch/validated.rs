//! A launch that passed every check, with typed accessors for what the app needs to open a tool
//! session. Only the validator can make one.

use serde_json::{Map, Value};
use url::Url;

use crate::claims::{
    AgsEndpointClaim, ContextClaim, DeepLinkingSettings, ForUserClaim, IdTokenClaims, NrpsClaim,
    ResourceLinkClaim,
};
use crate::roles::Role;
use crate::types::{DeploymentId, Issuer, KeyId, MessageType, Nonce, UserId};

/// A verified LTI 1.3 launch: signature, issuer, audience, times, nonce and the LTI claims its
/// message type requires have been checked. Note that `sub` may be absent (an anonymous launch,
/// which LTI allows): the app decides whether to accept that.
/// [LTI 1.3 §5](https://www.imsglobal.org/spec/lti/v1p3#lti-message-general-details).
#[derive(Debug, Clone)]
pub struct ValidatedLaunch {
    pub(super) claims: IdTokenClaims,
    pub(super) message_type: MessageType,
    pub(super) deployment_id: DeploymentId,
    pub(super) nonce: Nonce,
    pub(super) target_link_uri: Url,
    pub(super) roles: Vec<Role>,
    pub(super) return_url: Option<Url>,
    pub(super) key_id: KeyId,
}

impl ValidatedLaunch {
    /// Every claim of the token.
    pub fn claims(&self) -> &IdTokenClaims {
        &self.claims
    }

    /// Every claim of the token, by value.
    pub fn into_claims(self) -> IdTokenClaims {
        self.claims
    }

    /// The message type.
    pub fn message_type(&self) -> MessageType {
        self.message_type
    }

    /// The platform's issuer.
    pub fn issuer(&self) -> &Issuer {
        &self.claims.iss
    }

    /// The deployment the launch comes from (the app checks it is registered).
    pub fn deployment_id(&self) -> &DeploymentId {
        &self.deployment_id
    }

    /// The user, or `None` for an anonymous launch.
    pub fn user(&self) -> Option<&UserId> {
        self.claims.sub.as_ref()
    }

    /// The nonce, which matched the one issued at login. The app must consume it (refuse a
    /// second launch with it) and remember it at least until [`Self::expires_at`] plus leeway.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// The `kid` of the platform key that verified the token (for logs).
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The token's `exp`, in seconds since the Unix epoch.
    pub fn expires_at(&self) -> i64 {
        i64::try_from(self.claims.exp).unwrap_or(i64::MAX)
    }

    /// The roles, parsed once; empty if the platform sent an empty list.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// Whether any role teaches the context (see [`Role::is_instructor`]).
    pub fn is_instructor(&self) -> bool {
        self.roles.iter().any(Role::is_instructor)
    }

    /// Whether any role learns in the context (see [`Role::is_learner`]).
    pub fn is_learner(&self) -> bool {
        self.roles.iter().any(Role::is_learner)
    }

    /// The context (course); `None` for launches outside a course.
    pub fn context(&self) -> Option<&ContextClaim> {
        self.claims.context.as_ref()
    }

    /// The resource link; always present for [`MessageType::ResourceLink`].
    pub fn resource_link(&self) -> Option<&ResourceLinkClaim> {
        self.claims.resource_link.as_ref()
    }

    /// The verified `target_link_uri`, on the tool's own origin.
    pub fn target_link_uri(&self) -> &Url {
        &self.target_link_uri
    }

    /// The locale to render in: `launch_presentation.locale`, else the top-level `locale`.
    pub fn locale(&self) -> Option<&str> {
        self.claims
            .launch_presentation
            .as_ref()
            .and_then(|p| p.locale.as_deref())
            .or(self.claims.locale.as_deref())
            .filter(|l| !l.is_empty())
    }

    /// The custom parameters.
    pub fn custom(&self) -> Option<&Map<String, Value>> {
        self.claims.custom.as_ref()
    }

    /// One custom parameter as text (see [`IdTokenClaims::custom_str`]).
    pub fn custom_str(&self, key: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.claims.custom_str(key)
    }

    /// The Assignment and Grade Services claim.
    pub fn ags(&self) -> Option<&AgsEndpointClaim> {
        self.claims.ags.as_ref()
    }

    /// The Names and Role Provisioning Services claim.
    pub fn nrps(&self) -> Option<&NrpsClaim> {
        self.claims.nrps.as_ref()
    }

    /// Deep Linking settings; always present for [`MessageType::DeepLinking`].
    pub fn deep_linking_settings(&self) -> Option<&DeepLinkingSettings> {
        self.claims.deep_linking_settings.as_ref()
    }

    /// The reviewed learner; always present for [`MessageType::SubmissionReview`].
    pub fn for_user(&self) -> Option<&ForUserClaim> {
        self.claims.for_user.as_ref()
    }

    /// `launch_presentation.return_url`, if present and an absolute http(s) URL (anything else is
    /// dropped: it would be an open redirect or a script URL).
    pub fn return_url(&self) -> Option<&Url> {
        self.return_url.as_ref()
    }
}

pub(super) fn parse_return_url(claims: &IdTokenClaims) -> Option<Url> {
    let raw = claims.launch_presentation.as_ref()?.return_url.as_deref()?;
    Url::parse(raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}
