//! Row shapes shared by both backends, and their conversion into domain types.

use super::{StoreError, StoreResult};
use crate::platforms::{DeploymentPolicy, Registration, RegistrationId, RegistrationStatus};
use crate::sessions::{LaunchData, Session, SessionId};

/// `SELECT … FROM registrations` followed by the given tail, as one static string.
macro_rules! select_registration {
    ($tail:literal) => {
        concat!(
            "SELECT id, name, issuer, client_id, auth_url, token_url, jwks_url, status, deployment_policy, created_at \
             FROM registrations",
            $tail
        )
    };
}
pub(crate) use select_registration;

/// `SELECT … FROM sessions` followed by the given tail, as one static string.
macro_rules! select_session {
    ($tail:literal) => {
        concat!(
            "SELECT id, registration_id, deployment_id, context_id, user_id, roles, locale, message_type, \
             resource_link_id, data, created_at, last_seen_at, idle_timeout FROM sessions",
            $tail
        )
    };
}
pub(crate) use select_session;

#[derive(Debug, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub auth_url: String,
    pub token_url: String,
    pub jwks_url: String,
    pub status: String,
    pub deployment_policy: String,
    pub created_at: i64,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

pub fn into_registration(
    row: RegistrationRow,
    deployments: Vec<String>,
    origins: Vec<String>,
) -> StoreResult<Registration> {
    let url = |what: &str, s: &str| url::Url::parse(s).map_err(|_| corrupt(what, s));
    Ok(Registration {
        id: RegistrationId::parse(&row.id).ok_or_else(|| corrupt("registration id", &row.id))?,
        issuer: lti::Issuer::parse(row.issuer.clone())
            .map_err(|_| corrupt("issuer", &row.issuer))?,
        client_id: lti::ClientId::parse(row.client_id.clone())
            .map_err(|_| corrupt("client id", &row.client_id))?,
        auth_url: url("auth url", &row.auth_url)?,
        token_url: url("token url", &row.token_url)?,
        jwks_url: url("jwks url", &row.jwks_url)?,
        status: RegistrationStatus::parse(&row.status)
            .ok_or_else(|| corrupt("status", &row.status))?,
        deployment_policy: DeploymentPolicy::parse(&row.deployment_policy)
            .ok_or_else(|| corrupt("deployment policy", &row.deployment_policy))?,
        deployments: deployments
            .into_iter()
            .map(|d| lti::DeploymentId::parse(d.clone()).map_err(|_| corrupt("deployment id", &d)))
            .collect::<StoreResult<_>>()?,
        frame_origins: origins,
        name: row.name,
        created_at: row.created_at,
    })
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub registration_id: String,
    pub deployment_id: String,
    pub context_id: Option<String>,
    pub user_id: String,
    pub roles: String,
    pub locale: Option<String>,
    pub message_type: String,
    pub resource_link_id: Option<String>,
    pub data: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub idle_timeout: i64,
}

pub fn into_session(row: SessionRow) -> StoreResult<Session> {
    let roles: Vec<String> =
        serde_json::from_str(&row.roles).map_err(|_| corrupt("session roles", &row.roles))?;
    let data: LaunchData = serde_json::from_str(&row.data)
        .map_err(|e| StoreError::Corrupt(format!("session data: {e}")))?;
    Ok(Session {
        id: SessionId::parse(&row.id).ok_or_else(|| corrupt("session id", "(redacted)"))?,
        registration_id: RegistrationId::parse(&row.registration_id)
            .ok_or_else(|| corrupt("registration id", &row.registration_id))?,
        deployment_id: row.deployment_id,
        context_id: row.context_id,
        user_id: row.user_id,
        roles,
        locale: row.locale,
        message_type: row.message_type,
        resource_link_id: row.resource_link_id,
        data,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        idle_timeout: row.idle_timeout,
    })
}
