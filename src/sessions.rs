//! Tool sessions. A session is created by one verified launch and carries
//! everything later pages need from it; each launch gets its own, so two tabs never mix.

use crate::platforms::RegistrationId;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An unguessable session id (256 bits). It is a bearer capability: `Debug` redacts it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }
    /// Accepts only strings shaped like ids we issue, so junk never reaches the database.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = s.len() == 43
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({}…)", &self.0[..6.min(self.0.len())])
    }
}

/// The parts of a launch that later pages and services need, kept as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LaunchData {
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub context_title: Option<String>,
    pub context_label: Option<String>,
    pub resource_link_title: Option<String>,
    pub custom: serde_json::Map<String, serde_json::Value>,
    pub return_url: Option<String>,
    pub ags: Option<serde_json::Value>,
    pub nrps: Option<serde_json::Value>,
    pub deep_linking: Option<serde_json::Value>,
    pub for_user: Option<serde_json::Value>,
    pub platform_name: Option<String>,
}

/// A session to insert.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: SessionId,
    pub registration_id: RegistrationId,
    pub deployment_id: String,
    pub context_id: Option<String>,
    pub user_id: String,
    pub roles: Vec<String>,
    pub locale: Option<String>,
    pub message_type: String,
    pub resource_link_id: Option<String>,
    pub data: LaunchData,
    pub created_at: i64,
    /// Idle timeout in seconds: the session ends this long after its last activity.
    pub idle_timeout: i64,
}

/// A live session as read back.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: SessionId,
    pub registration_id: RegistrationId,
    pub deployment_id: String,
    pub context_id: Option<String>,
    pub user_id: String,
    pub roles: Vec<String>,
    pub locale: Option<String>,
    pub message_type: String,
    pub resource_link_id: Option<String>,
    pub data: LaunchData,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub idle_timeout: i64,
}

impl Session {
    pub fn roles(&self) -> Vec<lti::Role> {
        self.roles.iter().map(|r| lti::Role::parse(r)).collect()
    }
    pub fn is_instructor(&self) -> bool {
        self.roles()
            .iter()
            .any(|r| r.is_instructor() || r.is_admin())
    }
}
