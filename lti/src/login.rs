//! OIDC third-party-initiated login: parse the platform's login initiation (GET query or POST
//! form) and build the authentication request URL the browser is redirected to.

use url::{Origin, Url};

use crate::types::{ClientId, DeploymentId, Issuer, LoginHint, LtiMessageHint, Nonce, State};

/// Why a login initiation was refused. Each variant names the parameter at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// A required parameter is absent or empty.
    #[error("the login request has no `{0}` parameter (or it is empty); the platform must send it")]
    MissingParameter(&'static str),
    /// A parameter was sent twice with different values, so it is ambiguous.
    #[error("the login request carries `{0}` more than once with different values")]
    DuplicateParameter(&'static str),
    /// `target_link_uri` is not an absolute http(s) URL.
    #[error("target_link_uri {value:?} is not an absolute http(s) URL: {reason}")]
    InvalidTargetLinkUri {
        /// The value as sent.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `target_link_uri` points at another host than this tool.
    #[error(
        "target_link_uri {target} is not on this tool ({tool}); check the tool URL configured in the LMS"
    )]
    ForeignTargetLinkUri {
        /// The target as sent.
        target: Url,
        /// The tool's own origin.
        tool: String,
    },
}

impl LoginError {
    /// A stable reason code for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingParameter(_) => "login_param_missing",
            Self::DuplicateParameter(_) => "login_param_duplicated",
            Self::InvalidTargetLinkUri { .. } => "target_link_uri_invalid",
            Self::ForeignTargetLinkUri { .. } => "target_link_uri_foreign",
        }
    }
}

/// A platform's login initiation, the first step of every LTI 1.3 launch.
/// [1EdTech Security Framework §5.1.1.1](https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login),
/// [LTI 1.3 §4.1](https://www.imsglobal.org/spec/lti/v1p3#additional-login-parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginInitiation {
    /// The platform's issuer.
    pub iss: Issuer,
    /// Opaque user hint, echoed in the authentication request.
    pub login_hint: LoginHint,
    /// Where the launch should land (checked against the tool's origin by the app or by
    /// [`Self::check_target_origin`]).
    pub target_link_uri: Url,
    /// The client id, when the platform sends it (needed when one issuer has several clients,
    /// as every Canvas cloud customer shares one issuer).
    pub client_id: Option<ClientId>,
    /// The deployment, when the platform sends it (Canvas may omit it).
    pub lti_deployment_id: Option<DeploymentId>,
    /// Opaque message hint, echoed byte for byte.
    pub lti_message_hint: Option<LtiMessageHint>,
    /// The frame name for the LTI client-side postMessage storage, when the platform offers it
    /// (Canvas: `post_message_forwarding`).
    pub lti_storage_target: Option<String>,
}

#[derive(Default)]
struct Collected {
    iss: Option<String>,
    login_hint: Option<String>,
    target_link_uri: Option<String>,
    client_id: Option<String>,
    lti_deployment_id: Option<String>,
    lti_message_hint: Option<String>,
    lti_storage_target: Option<String>,
}

impl Collected {
    fn slot(&mut self, name: &str) -> Option<(&'static str, &mut Option<String>)> {
        Some(match name {
            "iss" => ("iss", &mut self.iss),
            "login_hint" => ("login_hint", &mut self.login_hint),
            "target_link_uri" => ("target_link_uri", &mut self.target_link_uri),
            "client_id" => ("client_id", &mut self.client_id),
            "lti_deployment_id" => ("lti_deployment_id", &mut self.lti_deployment_id),
            "lti_message_hint" => ("lti_message_hint", &mut self.lti_message_hint),
            "lti_storage_target" => ("lti_storage_target", &mut self.lti_storage_target),
            _ => return None,
        })
    }
}

/// A required parameter, non-empty.
fn required<T>(
    value: Option<String>,
    name: &'static str,
    parse: impl FnOnce(String) -> Result<T, crate::types::EmptyValueError>,
) -> Result<T, LoginError> {
    value
        .and_then(|v| parse(v).ok())
        .ok_or(LoginError::MissingParameter(name))
}

/// An optional parameter; an empty value counts as absent.
fn optional<T>(
    value: Option<String>,
    parse: impl FnOnce(String) -> Result<T, crate::types::EmptyValueError>,
) -> Option<T> {
    value.and_then(|v| parse(v).ok())
}

impl LoginInitiation {
    /// Parses the login parameters from a GET query or a POST form (both occur: Moodle posts,
    /// other platforms redirect). Unknown parameters (Canvas adds `canvas_region`, ...) are
    /// ignored.
    pub fn from_params<I>(params: I) -> Result<Self, LoginError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut collected = Collected::default();
        for (name, value) in params {
            let Some((name, slot)) = collected.slot(&name) else {
                continue;
            };
            match slot {
                Some(existing) if *existing != value => {
                    return Err(LoginError::DuplicateParameter(name));
                }
                _ => *slot = Some(value),
            }
        }
        let target = required(collected.target_link_uri, "target_link_uri", Ok)?;
        Ok(Self {
            iss: required(collected.iss, "iss", Issuer::parse)?,
            login_hint: required(collected.login_hint, "login_hint", LoginHint::parse)?,
            target_link_uri: parse_target(target)?,
            client_id: optional(collected.client_id, ClientId::parse),
            lti_deployment_id: optional(collected.lti_deployment_id, DeploymentId::parse),
            lti_message_hint: optional(collected.lti_message_hint, LtiMessageHint::parse),
            lti_storage_target: collected.lti_storage_target.filter(|s| !s.is_empty()),
        })
    }

    /// Refuses a `target_link_uri` whose origin (scheme, host, port) is not the tool's.
    pub fn check_target_origin(&self, tool: &Origin) -> Result<(), LoginError> {
        if self.target_link_uri.origin() == *tool {
            return Ok(());
        }
        Err(LoginError::ForeignTargetLinkUri {
            target: self.target_link_uri.clone(),
            tool: tool.ascii_serialization(),
        })
    }
}

fn parse_target(value: String) -> Result<Url, LoginError> {
    let invalid = |reason: String| LoginError::InvalidTargetLinkUri {
        value: value.clone(),
        reason,
    };
    let url = Url::parse(&value).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            "only http and https URLs with a host are allowed".into(),
        ));
    }
    Ok(url)
}

/// The OIDC authentication request the tool sends the browser to (an implicit-flow
/// `id_token` request answered with a form post to `redirect_uri`).
/// [1EdTech Security Framework §5.1.1.2](https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// The platform's OIDC authorization endpoint (a query string on it is kept).
    pub auth_endpoint: Url,
    /// This tool's client id at the platform.
    pub client_id: ClientId,
    /// The tool's launch URL, registered at the platform.
    pub redirect_uri: Url,
    /// The login hint from the login initiation.
    pub login_hint: LoginHint,
    /// The message hint from the login initiation, if any.
    pub lti_message_hint: Option<LtiMessageHint>,
    /// The state the launch must return.
    pub state: State,
    /// The nonce the id_token must carry.
    pub nonce: Nonce,
}

impl AuthRequest {
    /// The URL to redirect the browser to: the endpoint's own query parameters first, then
    /// `scope=openid`, `response_type=id_token`, `response_mode=form_post`, `prompt=none`,
    /// `client_id`, `redirect_uri`, `login_hint`, `state`, `nonce` and `lti_message_hint` (only
    /// when present), in the order Moodle's own tools use.
    pub fn to_url(&self) -> Url {
        let mut url = self.auth_endpoint.clone();
        url.set_fragment(None);
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("scope", "openid")
                .append_pair("response_type", "id_token")
                .append_pair("response_mode", "form_post")
                .append_pair("prompt", "none")
                .append_pair("client_id", self.client_id.as_str())
                .append_pair("redirect_uri", self.redirect_uri.as_str())
                .append_pair("login_hint", self.login_hint.as_str())
                .append_pair("state", self.state.as_str())
                .append_pair("nonce", self.nonce.as_str());
            if let Some(hint) = &self.lti_message_hint {
                query.append_pair("lti_message_hint", hint.as_str());
            }
        }
        url
    }
}

#[cfg(test)]
mod tests;
