//! The NRPS membership container and its members, with roles parsed whether the platform sends
//! full LIS URIs or short names (Moodle 4.3 sends `Learner`, `Instructor`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::NrpsError;
use crate::roles::Role;
use crate::types::{ContextId, UserId};

/// The membership container: one context and (a page of) its members.
/// [NRPS 2.0 §2.2](https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MembershipContainer {
    /// The container's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The context; required by NRPS, tolerated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<MembershipContext>,
    /// The members on this page.
    #[serde(default)]
    pub members: Vec<Member>,
}

impl MembershipContainer {
    /// Parses a container body (JSON, whatever the `Content-Type`).
    pub fn parse(body: &[u8]) -> Result<Self, NrpsError> {
        serde_json::from_slice(body).map_err(|source| NrpsError::Malformed { source })
    }
}

/// The context of a membership container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MembershipContext {
    /// The context id (the launch's `context.id`).
    pub id: ContextId,
    /// Short label, e.g. a course code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Full title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A member's enrolment status; `Active` when the platform does not say.
/// [NRPS 2.0 §2.2](https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum MemberStatus {
    /// Enrolled and active.
    #[default]
    Active,
    /// Enrolled but suspended.
    Inactive,
    /// Removed (only in a differences response).
    Deleted,
    /// A value NRPS does not define, kept as sent.
    Other(String),
}

impl MemberStatus {
    /// The status as NRPS spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
            Self::Deleted => "Deleted",
            Self::Other(other) => other,
        }
    }
}

impl fmt::Display for MemberStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MemberStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MemberStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(match value.as_str() {
            "Active" => Self::Active,
            "Inactive" => Self::Inactive,
            "Deleted" => Self::Deleted,
            _ => Self::Other(value),
        })
    }
}

/// One member of the context.
/// [NRPS 2.0 §2.2](https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Member {
    /// The user id, the same as the `sub` of the user's launches.
    pub user_id: UserId,
    /// Enrolment status.
    #[serde(default)]
    pub status: MemberStatus,
    /// Roles in the context, full URIs or short names; unknown roles are kept.
    #[serde(default, with = "raw_roles")]
    pub roles: Vec<Role>,
    /// Full name, if the platform shares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// SIS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lis_person_sourcedid: Option<String>,
    /// Resource-link specific claims, when asked for with `rlid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Vec<Map<String, Value>>>,
    /// Members this crate does not interpret (Moodle's `ext_user_username`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Member {
    /// Whether the member is enrolled and active.
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }

    /// Whether any role teaches the context (see [`Role::is_instructor`]).
    pub fn is_instructor(&self) -> bool {
        self.roles.iter().any(Role::is_instructor)
    }

    /// Whether any role learns in the context (see [`Role::is_learner`]).
    pub fn is_learner(&self) -> bool {
        self.roles.iter().any(Role::is_learner)
    }
}

/// Roles travel as the strings the platform sent and are parsed with [`Role::parse`].
mod raw_roles {
    use super::*;

    pub(super) fn serialize<S: Serializer>(roles: &[Role], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(roles.iter().map(Role::as_str))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Role>, D::Error> {
        let raw = Option::<Vec<String>>::deserialize(d)?.unwrap_or_default();
        Ok(Role::parse_all(&raw))
    }
}
