//! The tool's registration request ([DR §3.6](https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration))
//! and the platform's answer ([DR §3.6.2](https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration)).

use super::RegistrationError;
use crate::types::{ClientId, DeploymentId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One message the tool offers, with where it appears.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ToolMessage {
    #[serde(rename = "type")]
    pub message_type: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_link_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub placements: Vec<String>,
}

/// The LTI tool configuration extension ([DR §3.6.1](https://www.imsglobal.org/spec/lti-dr/v1p0#lti-configuration-0)).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LtiToolConfiguration {
    /// Host (and port) of every launch URL; Moodle checks it against `target_link_uri`.
    pub domain: String,
    pub target_link_uri: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub custom_parameters: BTreeMap<String, String>,
    /// Identity claims the tool wants; Moodle sends names and e-mail only when asked here.
    #[serde(default)]
    pub claims: Vec<String>,
    #[serde(default)]
    pub messages: Vec<ToolMessage>,
    /// Only in the platform's answer: the deployment it created.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deployment_id: Option<String>,
}

/// The OAuth 2.0 client metadata LTI needs, plus the tool configuration.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ToolRegistrationRequest {
    pub application_type: &'static str,
    pub response_types: Vec<&'static str>,
    pub grant_types: Vec<&'static str>,
    pub initiate_login_uri: String,
    pub redirect_uris: Vec<String>,
    pub client_name: String,
    pub jwks_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    pub token_endpoint_auth_method: &'static str,
    /// Space-separated service scopes (AGS, NRPS).
    pub scope: String,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-tool-configuration")]
    pub lti: LtiToolConfiguration,
}

impl ToolRegistrationRequest {
    /// A request with the fixed values LTI prescribes: a web client using the implicit flow
    /// for launches and `private_key_jwt` client credentials for services.
    pub fn new(
        client_name: String,
        initiate_login_uri: String,
        redirect_uris: Vec<String>,
        jwks_uri: String,
        logo_uri: Option<String>,
        scopes: &[&str],
        lti: LtiToolConfiguration,
    ) -> Self {
        Self {
            application_type: "web",
            response_types: vec!["id_token"],
            grant_types: vec!["implicit", "client_credentials"],
            initiate_login_uri,
            redirect_uris,
            client_name,
            jwks_uri,
            logo_uri,
            token_endpoint_auth_method: "private_key_jwt",
            scope: scopes.join(" "),
            lti,
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawResponse {
    client_id: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-tool-configuration")]
    lti: Option<LtiToolConfiguration>,
}

/// What the platform registered: our client id, the deployment it made, the scopes granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationResponse {
    pub client_id: ClientId,
    pub deployment_id: Option<DeploymentId>,
    pub scopes: Vec<String>,
}

impl RegistrationResponse {
    /// Reads the answer to the registration POST. Moodle answers 200 where the OAuth spec says
    /// 201: both are success.
    pub fn parse(status: u16, body: &[u8]) -> Result<Self, RegistrationError> {
        if !(200..300).contains(&status) {
            let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
            return Err(RegistrationError::Refused { status, body: text });
        }
        let raw: RawResponse = serde_json::from_slice(body)
            .map_err(|e| RegistrationError::MalformedResponse(e.to_string()))?;
        let client_id = raw
            .client_id
            .and_then(|c| ClientId::parse(c).ok())
            .ok_or_else(|| RegistrationError::MalformedResponse("no client_id".into()))?;
        let deployment_id = raw
            .lti
            .and_then(|l| l.deployment_id)
            .and_then(|d| DeploymentId::parse(d).ok());
        let scopes = raw
            .scope
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        Ok(Self {
            client_id,
            deployment_id,
            scopes,
        })
    }
}
