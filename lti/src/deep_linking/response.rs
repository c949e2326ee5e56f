//! Building the `LtiDeepLinkingResponse`: enforce the request's settings on the picked items,
//! fill in the claims, sign them with the tool key.

use std::time::{Duration, SystemTime};

use jsonwebtoken::EncodingKey;
use serde::{Deserialize, Serialize};
use url::Url;

use super::{ContentItem, DeepLinkingError, DeepLinkingRequest, RESPONSE_MESSAGE_TYPE};
use crate::timestamp::unix_seconds;
use crate::token::sign_rs256;
use crate::types::{ClientId, DeploymentId, Issuer, KeyId, Nonce};

/// The response's lifetime unless changed: the browser posts it straight away.
pub const DEFAULT_RESPONSE_LIFETIME: Duration = Duration::from_secs(300);

/// The texts a response may carry for the teacher (`msg`, `errormsg`) and the platform's log
/// (`log`, `errorlog`). [Deep Linking 2.0 §4.5](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMessages {
    /// Shown to the teacher.
    pub msg: Option<String>,
    /// Shown to the teacher as an error.
    pub errormsg: Option<String>,
    /// Logged by the platform.
    pub log: Option<String>,
    /// Logged by the platform as an error.
    pub errorlog: Option<String>,
}

impl ResponseMessages {
    /// A message for the teacher, e.g. "2 modules added".
    pub fn msg(msg: impl Into<String>) -> Self {
        Self {
            msg: Some(msg.into()),
            ..Self::default()
        }
    }

    /// Adds a log message.
    pub fn with_log(mut self, log: impl Into<String>) -> Self {
        self.log = Some(log.into());
        self
    }

    /// Adds an error message for the teacher.
    pub fn with_errormsg(mut self, errormsg: impl Into<String>) -> Self {
        self.errormsg = Some(errormsg.into());
        self
    }

    /// Adds an error log message.
    pub fn with_errorlog(mut self, errorlog: impl Into<String>) -> Self {
        self.errorlog = Some(errorlog.into());
        self
    }
}

/// The claims of an `LtiDeepLinkingResponse` JWT.
/// [Deep Linking 2.0 §4.5](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeepLinkingResponseClaims {
    /// The tool's client id.
    pub iss: ClientId,
    /// The platform's issuer.
    pub aud: Issuer,
    /// Issue time, seconds since the Unix epoch.
    pub iat: u64,
    /// Expiry, seconds since the Unix epoch.
    pub exp: u64,
    /// A fresh random value.
    pub nonce: Nonce,
    /// The request's deployment.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/deployment_id")]
    pub deployment_id: DeploymentId,
    /// Always `LtiDeepLinkingResponse`.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/message_type")]
    pub message_type: String,
    /// Always `1.3.0`.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/version")]
    pub version: String,
    /// The picked items; empty when the teacher cancelled.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items")]
    pub content_items: Vec<ContentItem>,
    /// The request's `data`, byte for byte.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/data")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Message for the teacher.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/msg")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<String>,
    /// Error message for the teacher.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errormsg: Option<String>,
    /// Log message.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/log")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// Error log message.
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errorlog: Option<String>,
}

/// A response ready to sign: the items passed the request's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepLinkingResponse {
    claims: DeepLinkingResponseClaims,
    return_url: Url,
}

impl DeepLinkingResponse {
    /// Builds the response to `request` with the picked `items`, issued `now`, valid for
    /// [`DEFAULT_RESPONSE_LIFETIME`]. Enforces the settings: every item's type must be in
    /// `accept_types`, several items need `accept_multiple`, line items are dropped when
    /// `accept_lineitem` is false, `iframe`/`window` presentations the platform does not list
    /// in `accept_presentation_document_targets` are dropped, and `data` is echoed unchanged.
    /// An empty `items` (the teacher cancelled) is always valid.
    pub fn new(
        request: &DeepLinkingRequest<'_>,
        items: Vec<ContentItem>,
        messages: ResponseMessages,
        now: SystemTime,
    ) -> Result<Self, DeepLinkingError> {
        let content_items = super::enforce::enforce(request, items)?;
        Ok(Self::build(request, content_items, messages, now))
    }

    /// The answer when the teacher cancels: no items, and `msg` for the teacher if given.
    pub fn cancel(request: &DeepLinkingRequest<'_>, msg: Option<String>, now: SystemTime) -> Self {
        let messages = ResponseMessages {
            msg,
            ..ResponseMessages::default()
        };
        Self::build(request, Vec::new(), messages, now)
    }

    fn build(
        request: &DeepLinkingRequest<'_>,
        content_items: Vec<ContentItem>,
        messages: ResponseMessages,
        now: SystemTime,
    ) -> Self {
        let iat = unix_seconds(now);
        let claims = DeepLinkingResponseClaims {
            iss: request.client_id.clone(),
            aud: request.platform_issuer.clone(),
            iat,
            exp: iat.saturating_add(DEFAULT_RESPONSE_LIFETIME.as_secs()),
            nonce: Nonce::random(),
            deployment_id: request.deployment_id.clone(),
            message_type: RESPONSE_MESSAGE_TYPE.to_owned(),
            version: "1.3.0".to_owned(),
            content_items,
            data: request.settings.data.clone(),
            msg: messages.msg,
            errormsg: messages.errormsg,
            log: messages.log,
            errorlog: messages.errorlog,
        };
        Self {
            claims,
            return_url: request.settings.deep_link_return_url.clone(),
        }
    }

    /// Sets how long the response is valid (`exp` = `iat` + `lifetime`).
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.claims.exp = self.claims.iat.saturating_add(lifetime.as_secs());
        self
    }

    /// The claims that will be signed.
    pub fn claims(&self) -> &DeepLinkingResponseClaims {
        &self.claims
    }

    /// Where the browser posts the response: the request's `deep_link_return_url`.
    pub fn return_url(&self) -> &Url {
        &self.return_url
    }

    /// Signs the claims with the tool's current RSA key, RS256, `kid` in the header (the
    /// platform verifies with the tool's JWKS).
    pub fn sign(
        &self,
        key: &EncodingKey,
        kid: &KeyId,
    ) -> Result<SignedDeepLinkingResponse, DeepLinkingError> {
        let jwt = sign_rs256(&self.claims, key, kid)
            .map_err(|source| DeepLinkingError::Signing { source })?;
        Ok(SignedDeepLinkingResponse {
            jwt,
            return_url: self.return_url.clone(),
        })
    }
}

/// A signed response, to be posted by the browser to the platform.
/// [Deep Linking 2.0 §4.5](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-response-message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDeepLinkingResponse {
    jwt: String,
    return_url: Url,
}

impl SignedDeepLinkingResponse {
    /// The compact JWT.
    pub fn jwt(&self) -> &str {
        &self.jwt
    }

    /// The form's `action`: the request's `deep_link_return_url`.
    pub fn return_url(&self) -> &Url {
        &self.return_url
    }

    /// The fields of the auto-submitting form (POST, `application/x-www-form-urlencoded`):
    /// the single field `JWT`.
    pub fn auto_submit_form_fields(&self) -> [(&'static str, &str); 1] {
        [("JWT", &self.jwt)]
    }
}
