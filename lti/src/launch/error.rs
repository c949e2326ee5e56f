//! Why a launch was refused: one variant per rule, each with a stable reason code and a message
//! an LMS administrator can act on.

use std::time::Duration;

use jsonwebtoken::Algorithm;

use crate::jwks::JwksError;

/// A refused id_token. [`LaunchError::code`] gives the stable reason code:
///
/// | code | meaning |
/// |---|---|
/// | `jwt_too_large` | the token exceeds 64 KiB |
/// | `jwt_malformed` | not a JWT: not three base64url parts, header not JSON, bad signature encoding |
/// | `alg_not_allowed` | `alg` is `none`, HMAC, unknown, or not in the configured list |
/// | `kid_missing` | the header has no `kid` |
/// | `kid_unknown` | no key with that `kid` in the platform JWKS, even after a refetch |
/// | `key_alg_mismatch` | the key exists but may not verify this `alg` |
/// | `jwks_unavailable` | the platform JWKS could not be fetched (temporary) |
/// | `jwks_invalid` | the platform JWKS URL does not serve a JWKS |
/// | `key_unusable` | the key does not fit the algorithm (wrong key type) |
/// | `signature_invalid` | the signature does not verify: forged or tampered token |
/// | `claims_malformed` | the payload is not the JSON of an id_token (missing `iss`/`aud`/`exp`/`iat`, wrong types, empty `sub`) |
/// | `iss_mismatch` | `iss` is not the registered issuer |
/// | `aud_mismatch` | `aud` does not contain the tool's client id |
/// | `azp_missing` | `aud` has several values and there is no `azp` |
/// | `azp_mismatch` | `azp` is not the tool's client id |
/// | `token_expired` | `exp` passed, beyond the leeway |
/// | `iat_in_future` | `iat` lies in the future, beyond the leeway |
/// | `nbf_in_future` | `nbf` lies in the future, beyond the leeway |
/// | `nonce_missing` | no `nonce` |
/// | `nonce_mismatch` | `nonce` is not the one issued at login |
/// | `lti_claims_missing` | no LTI claim at all: not an LTI launch |
/// | `version_missing` / `version_unsupported` | LTI `version` absent / not `1.3.0` |
/// | `message_type_missing` / `message_type_unknown` | `message_type` absent / not handled |
/// | `deployment_id_missing` | no `deployment_id` |
/// | `target_link_uri_missing` / `target_link_uri_invalid` / `target_link_uri_foreign` | absent / not a URL / not on the tool's origin |
/// | `roles_missing` | no `roles` claim (an empty array is fine) |
/// | `resource_link_missing` | a resource link launch without `resource_link.id` |
/// | `deep_linking_settings_missing` | a deep linking request without settings and return URL |
/// | `for_user_missing` | a submission review without `for_user.user_id` |
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LaunchError {
    #[error("the id_token is {bytes} bytes long; at most {max} are accepted")]
    TooLarge { bytes: usize, max: usize },
    #[error("the id_token is malformed: {reason}")]
    Malformed { reason: String },
    #[error(
        "the id_token is signed with algorithm {alg:?}, which this tool does not accept (LTI platforms sign with RS256 or another asymmetric algorithm)"
    )]
    AlgorithmNotAllowed { alg: String },
    #[error("the id_token header has no kid, so the platform key that signed it cannot be chosen")]
    MissingKid,
    #[error(transparent)]
    Key(#[from] JwksError),
    #[error("the platform key cannot verify {alg:?} signatures: {source}")]
    KeyUnusable {
        alg: Algorithm,
        source: jsonwebtoken::errors::Error,
    },
    #[error(
        "the id_token signature does not verify with platform key {kid:?}: the token was altered or not signed by this platform"
    )]
    SignatureInvalid { kid: String },
    #[error("the id_token claims are not valid: {source}")]
    ClaimsMalformed { source: serde_json::Error },
    #[error("the id_token is from issuer {actual:?}, but this login expects {expected:?}")]
    IssuerMismatch { expected: String, actual: String },
    #[error(
        "the id_token is for audience {actual}, not this tool's client_id {expected:?} (Moodle puts an activity's resource key there when one is set: clear it in the activity settings)"
    )]
    AudienceMismatch { expected: String, actual: String },
    #[error("the id_token has several audiences ({aud}) but no azp naming this tool")]
    AzpMissing { aud: String },
    #[error("the id_token's azp is {actual:?}, not this tool's client_id {expected:?}")]
    AzpMismatch { expected: String, actual: String },
    #[error("the id_token expired {} s ago (leeway {} s); check the clocks of the LMS and the tool, or open the activity again", .ago.as_secs(), .leeway.as_secs())]
    Expired { ago: Duration, leeway: Duration },
    #[error("the id_token was issued {} s in the future (leeway {} s); the LMS's or the tool's clock is wrong", .ahead.as_secs(), .leeway.as_secs())]
    IssuedInFuture { ahead: Duration, leeway: Duration },
    #[error("the id_token is not valid for another {} s (nbf; leeway {} s); the LMS's or the tool's clock is wrong", .ahead.as_secs(), .leeway.as_secs())]
    NotYetValid { ahead: Duration, leeway: Duration },
    #[error("the id_token has no nonce")]
    NonceMissing,
    #[error(
        "the id_token's nonce is not the one this tool issued at login: the token belongs to another login"
    )]
    NonceMismatch,
    #[error("the id_token carries no LTI claims at all: it is not an LTI 1.3 launch")]
    NoLtiClaims,
    #[error("the id_token has no LTI version claim")]
    VersionMissing,
    #[error("the id_token has LTI version {version:?}; this tool supports 1.3.0")]
    VersionUnsupported { version: String },
    #[error("the id_token has no LTI message_type claim")]
    MessageTypeMissing,
    #[error("the id_token has message_type {message_type:?}, which this tool does not handle")]
    MessageTypeUnknown { message_type: String },
    #[error("the id_token has no deployment_id claim")]
    DeploymentIdMissing,
    #[error("the id_token has no target_link_uri claim")]
    TargetLinkUriMissing,
    #[error("the id_token's target_link_uri {value:?} is not a URL: {source}")]
    TargetLinkUriInvalid {
        value: String,
        source: url::ParseError,
    },
    #[error(
        "the id_token's target_link_uri {target} is not on this tool ({tool}); check the tool URL configured in the LMS"
    )]
    TargetLinkUriForeign { target: String, tool: String },
    #[error("the id_token has no roles claim (an empty list is allowed, a missing one is not)")]
    RolesMissing,
    #[error("the resource link launch has no resource_link claim with an id")]
    ResourceLinkMissing,
    #[error(
        "the deep linking request has no deep_linking_settings claim with a deep_link_return_url"
    )]
    DeepLinkingSettingsMissing,
    #[error("the submission review request has no for_user claim with a user_id")]
    ForUserMissing,
}

impl LaunchError {
    /// The stable reason code (see the table above); metrics count launches by it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "jwt_too_large",
            Self::Malformed { .. } => "jwt_malformed",
            Self::AlgorithmNotAllowed { .. } => "alg_not_allowed",
            Self::MissingKid => "kid_missing",
            Self::Key(e) => e.code(),
            Self::KeyUnusable { .. } => "key_unusable",
            Self::SignatureInvalid { .. } => "signature_invalid",
            Self::ClaimsMalformed { .. } => "claims_malformed",
            Self::IssuerMismatch { .. } => "iss_mismatch",
            Self::AudienceMismatch { .. } => "aud_mismatch",
            Self::AzpMissing { .. } => "azp_missing",
            Self::AzpMismatch { .. } => "azp_mismatch",
            Self::Expired { .. } => "token_expired",
            Self::IssuedInFuture { .. } => "iat_in_future",
            Self::NotYetValid { .. } => "nbf_in_future",
            Self::NonceMissing => "nonce_missing",
            Self::NonceMismatch => "nonce_mismatch",
            Self::NoLtiClaims => "lti_claims_missing",
            Self::VersionMissing => "version_missing",
            Self::VersionUnsupported { .. } => "version_unsupported",
            Self::MessageTypeMissing => "message_type_missing",
            Self::MessageTypeUnknown { .. } => "message_type_unknown",
            Self::DeploymentIdMissing => "deployment_id_missing",
            Self::TargetLinkUriMissing => "target_link_uri_missing",
            Self::TargetLinkUriInvalid { .. } => "target_link_uri_invalid",
            Self::TargetLinkUriForeign { .. } => "target_link_uri_foreign",
            Self::RolesMissing => "roles_missing",
            Self::ResourceLinkMissing => "resource_link_missing",
            Self::DeepLinkingSettingsMissing => "deep_linking_settings_missing",
            Self::ForUserMissing => "for_user_missing",
        }
    }

    /// Whether the same launch may succeed later: only when the platform JWKS was unreachable.
    pub fn is_temporary(&self) -> bool {
        matches!(self, Self::Key(e) if e.is_temporary())
    }
}
