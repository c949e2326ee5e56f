//! The claim rules of an LTI 1.3 launch, checked on a verified token in a fixed order: who it is
//! from and for, when, which login, then the LTI claims its message type requires.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use url::Url;

use super::{Expectations, LaunchError};
use crate::claims::IdTokenClaims;
use crate::roles::Role;
use crate::types::{DeploymentId, MessageType, Nonce};

/// The only LTI version this crate validates.
pub(crate) const LTI_VERSION: &str = "1.3.0";

pub(crate) fn unix_seconds(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `iss`, `aud` and `azp`. [LTI 1.3 §5.1.2](https://www.imsglobal.org/spec/lti/v1p3#id-token).
pub(crate) fn check_parties(
    claims: &IdTokenClaims,
    exp: &Expectations<'_>,
) -> Result<(), LaunchError> {
    if claims.iss != *exp.issuer {
        return Err(LaunchError::IssuerMismatch {
            expected: exp.issuer.to_string(),
            actual: claims.iss.to_string(),
        });
    }
    if !claims.aud.contains(exp.client_id) {
        return Err(LaunchError::AudienceMismatch {
            expected: exp.client_id.to_string(),
            actual: claims.aud.to_string(),
        });
    }
    match &claims.azp {
        None if claims.aud.is_multiple() => Err(LaunchError::AzpMissing {
            aud: claims.aud.to_string(),
        }),
        Some(azp) if azp != exp.client_id => Err(LaunchError::AzpMismatch {
            expected: exp.client_id.to_string(),
            actual: azp.to_string(),
        }),
        _ => Ok(()),
    }
}

/// `exp`, `iat` and `nbf`, each with the leeway.
pub(crate) fn check_times(
    claims: &IdTokenClaims,
    now: SystemTime,
    leeway: Duration,
) -> Result<(), LaunchError> {
    let now = unix_seconds(now);
    let slack = leeway.as_secs();
    if now > claims.exp.saturating_add(slack) {
        let ago = Duration::from_secs(now - claims.exp);
        return Err(LaunchError::Expired { ago, leeway });
    }
    if claims.iat > now.saturating_add(slack) {
        let ahead = Duration::from_secs(claims.iat - now);
        return Err(LaunchError::IssuedInFuture { ahead, leeway });
    }
    if let Some(nbf) = claims.nbf
        && nbf > now.saturating_add(slack)
    {
        return Err(LaunchError::NotYetValid {
            ahead: Duration::from_secs(nbf - now),
            leeway,
        });
    }
    Ok(())
}

/// The nonce issued at login, compared in constant time.
pub(crate) fn check_nonce(claims: &IdTokenClaims, expected: &str) -> Result<Nonce, LaunchError> {
    let nonce = claims.nonce.as_ref().ok_or(LaunchError::NonceMissing)?;
    if !nonce.matches(expected) {
        return Err(LaunchError::NonceMismatch);
    }
    Ok(nonce.clone())
}

/// The claims every LTI message must carry, once checked.
pub(crate) struct Core {
    pub(crate) message_type: MessageType,
    pub(crate) deployment_id: DeploymentId,
    pub(crate) roles: Vec<Role>,
}

/// What every LTI message needs: version, message type, deployment, roles.
/// [LTI 1.3 §5.3](https://www.imsglobal.org/spec/lti/v1p3#required-message-claims).
pub(crate) fn check_core(claims: &IdTokenClaims) -> Result<Core, LaunchError> {
    if !claims.has_lti_claims() {
        return Err(LaunchError::NoLtiClaims);
    }
    match claims.version.as_deref() {
        None => return Err(LaunchError::VersionMissing),
        Some(LTI_VERSION) => {}
        Some(other) => {
            return Err(LaunchError::VersionUnsupported {
                version: other.to_owned(),
            });
        }
    }
    let message_type = claims
        .message_type
        .as_deref()
        .ok_or(LaunchError::MessageTypeMissing)?
        .parse::<MessageType>()
        .map_err(|e| LaunchError::MessageTypeUnknown { message_type: e.0 })?;
    let deployment_id = claims
        .deployment_id
        .clone()
        .ok_or(LaunchError::DeploymentIdMissing)?;
    let roles = claims.roles.as_deref().ok_or(LaunchError::RolesMissing)?;
    Ok(Core {
        message_type,
        deployment_id,
        roles: Role::parse_all(roles),
    })
}

/// `target_link_uri` must be a URL on the tool's own origin.
/// [LTI 1.3 §5.3.4](https://www.imsglobal.org/spec/lti/v1p3#target-link-uri).
pub(crate) fn check_target(
    claims: &IdTokenClaims,
    exp: &Expectations<'_>,
) -> Result<Url, LaunchError> {
    let raw = claims
        .target_link_uri
        .as_deref()
        .ok_or(LaunchError::TargetLinkUriMissing)?;
    let url = Url::parse(raw).map_err(|source| LaunchError::TargetLinkUriInvalid {
        value: raw.to_owned(),
        source,
    })?;
    if url.origin() != exp.tool_origin {
        return Err(LaunchError::TargetLinkUriForeign {
            target: url.to_string(),
            tool: exp.tool_origin.ascii_serialization(),
        });
    }
    Ok(url)
}

/// The claims only one message type requires.
pub(crate) fn check_message(
    claims: &IdTokenClaims,
    message_type: MessageType,
) -> Result<(), LaunchError> {
    match message_type {
        MessageType::ResourceLink if claims.resource_link.is_none() => {
            Err(LaunchError::ResourceLinkMissing)
        }
        MessageType::DeepLinking if claims.deep_linking_settings.is_none() => {
            Err(LaunchError::DeepLinkingSettingsMissing)
        }
        MessageType::SubmissionReview if claims.for_user.is_none() => {
            Err(LaunchError::ForUserMissing)
        }
        _ => Ok(()),
    }
}
