//! Platform registrations and deployments: who may launch the tool. Each registration
//! (issuer + client_id) is a tenant; nothing of one is ever visible from another.

use lti::{ClientId, DeploymentId, Issuer};
use serde::Serialize;
use std::fmt;
use url::Url;

/// Our id for a registration (a tenant). Stable, printed by `platform add`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct RegistrationId(pub uuid::Uuid);

impl RegistrationId {
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7())
    }
    pub fn parse(s: &str) -> Option<Self> {
        uuid::Uuid::parse_str(s).ok().map(Self)
    }
}

impl Default for RegistrationId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RegistrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether a registration may launch. New dynamic registrations may wait for an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Active,
    Pending,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Pending => "pending",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "pending" => Some(Self::Pending),
            _ => None,
        }
    }
}

/// What to do with a launch from a deployment the registration does not list yet
/// (a course copy, a new Canvas sub-account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentPolicy {
    /// Refuse, telling the admin how to add the deployment.
    #[default]
    Refuse,
    /// Add the deployment on its first verified launch.
    AutoAdd,
}

impl DeploymentPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refuse => "refuse",
            Self::AutoAdd => "auto_add",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "refuse" => Some(Self::Refuse),
            "auto_add" => Some(Self::AutoAdd),
            _ => None,
        }
    }
}

/// A platform registration: the tool as one client of one LMS.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub id: RegistrationId,
    pub name: String,
    pub issuer: Issuer,
    pub client_id: ClientId,
    pub auth_url: Url,
    pub token_url: Url,
    pub jwks_url: Url,
    pub status: RegistrationStatus,
    pub deployment_policy: DeploymentPolicy,
    /// Origins allowed to frame the tool besides those learned from verified launches.
    pub frame_origins: Vec<String>,
    pub deployments: Vec<DeploymentId>,
    pub created_at: i64,
}

impl Registration {
    pub fn has_deployment(&self, id: &DeploymentId) -> bool {
        self.deployments.iter().any(|d| d == id)
    }
}

/// What `platform add` (or dynamic registration) supplies.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub name: String,
    pub issuer: Issuer,
    pub client_id: ClientId,
    pub auth_url: Url,
    pub token_url: Url,
    pub jwks_url: Url,
    pub status: RegistrationStatus,
    pub deployment_policy: DeploymentPolicy,
    pub frame_origins: Vec<String>,
    pub deployments: Vec<DeploymentId>,
}

/// How the CLI names a registration: by id, or by issuer and client id.
#[derive(Debug, Clone)]
pub enum RegistrationRef {
    Id(RegistrationId),
    IssuerClient(Issuer, ClientId),
}

/// A deployment id as an operator gives it (CLI or operator page): LTI caps it at 255 ASCII
/// characters, and one with spaces or control characters was mistyped or pasted with more.
pub fn operator_deployment_id(text: &str) -> Result<DeploymentId, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".into());
    }
    if text.len() > 255 {
        return Err(format!(
            "it is {} characters long; LTI allows at most 255",
            text.len()
        ));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "it holds spaces, control or non-ASCII characters; copy it again from the LMS".into(),
        );
    }
    DeploymentId::parse(text.to_owned()).map_err(|e| e.to_string())
}

/// An issuer as an operator gives it: an `https` (or, for a test LMS, `http`) URL, exactly as
/// the platform's id_tokens carry it. Returns a warning for a trailing slash, which platforms
/// rarely send (Moodle's issuer is its address without one) and which then never matches.
pub fn operator_issuer(text: &str) -> Result<(Issuer, Option<String>), String> {
    if text.trim() != text {
        return Err("it starts or ends with spaces; an issuer is compared byte for byte".into());
    }
    let url = Url::parse(text).map_err(|e| format!("it is not a URL ({e})"))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(
            "it must be the platform's https address, e.g. https://moodle.example.org".into(),
        );
    }
    let warning = (text.ends_with('/') && url.path() == "/").then(|| {
        format!(
            "the issuer ends with '/': most platforms send it without one ({}), and a launch must \
             match it exactly",
            text.trim_end_matches('/')
        )
    });
    let issuer = Issuer::parse(text.to_owned()).map_err(|e| e.to_string())?;
    Ok((issuer, warning))
}

/// A platform endpoint (auth, token, JWKS): the tool calls or redirects to it over the web.
pub fn check_platform_url(url: &Url) -> Result<(), String> {
    if matches!(url.scheme(), "https" | "http") && url.host().is_some() {
        Ok(())
    } else {
        Err(format!("{url} is not an https address"))
    }
}

/// An origin allowed to frame the tool: `scheme://host[:port]` and nothing more, as the CSP's
/// `frame-ancestors` takes it (anything else would be dropped from the header without a word).
pub fn check_frame_origin(text: &str) -> Result<(), String> {
    let origin = Url::parse(text)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .map(|u| u.origin().ascii_serialization());
    match origin {
        Some(o) if o == text => Ok(()),
        Some(o) => Err(format!("{text:?} is not a bare origin; did you mean {o}?")),
        None => Err(format!(
            "{text:?} is not an origin such as https://moodle.example.org"
        )),
    }
}

#[cfg(test)]
mod operator_input_tests {
    use super::*;

    #[test]
    fn issuers_urls_and_origins_are_checked_as_an_operator_types_them() {
        assert!(
            operator_issuer("https://moodle.example.org")
                .unwrap()
                .1
                .is_none()
        );
        assert!(
            operator_issuer("https://moodle.example.org/")
                .unwrap()
                .1
                .is_some()
        );
        assert!(operator_issuer("moodle.example.org").is_err());
        assert!(operator_issuer(" https://x.example ").is_err());
        assert!(check_platform_url(&Url::parse("ftp://m/a").unwrap()).is_err());
        assert!(check_platform_url(&Url::parse("javascript:alert(1)").unwrap()).is_err());
        assert!(check_platform_url(&Url::parse("https://m.example/token").unwrap()).is_ok());
        assert!(check_frame_origin("https://canvas.example:8443").is_ok());
        assert!(check_frame_origin("https://canvas.example/courses").is_err());
        assert!(check_frame_origin("*").is_err());
        assert!(check_frame_origin("not an origin").is_err());
    }

    #[test]
    fn deployment_ids_are_short_plain_ascii() {
        assert_eq!(operator_deployment_id(" 42 ").unwrap().as_str(), "42");
        assert!(operator_deployment_id(&"x".repeat(256)).is_err());
        assert!(operator_deployment_id("a\u{1}b").is_err());
        assert!(operator_deployment_id("a b").is_err());
        assert!(operator_deployment_id("").is_err());
    }
}
