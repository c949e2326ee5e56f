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
