//! LTI 1.3 launch validation: the id_token a platform posts to the tool's redirect URI is
//! verified (signature via the platform JWKS, never `none` or HMAC) and every OIDC and LTI claim
//! rule is checked with a reason that names what failed.

mod checks;
mod error;
mod jwt;
mod validated;

use std::time::{Duration, SystemTime};

use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use url::{Origin, Url};

use crate::claims::IdTokenClaims;
use crate::jwks::JwksCache;
use crate::types::{ClientId, Issuer, KeyId};

pub use error::LaunchError;
pub use validated::ValidatedLaunch;

/// The longest clock leeway the validator allows, whatever is configured.
pub const MAX_LEEWAY: Duration = Duration::from_secs(300);

/// Every asymmetric algorithm `jsonwebtoken` verifies; the default allowed list.
pub const ASYMMETRIC_ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

pub(crate) fn is_asymmetric(alg: Algorithm) -> bool {
    alg.family() != AlgorithmFamily::Hmac
}

/// Tuning of a [`LaunchValidator`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatorConfig {
    /// Clock skew tolerated on `exp`, `iat` and `nbf` (default 60 s: Moodle's tokens live only
    /// 60 s). Capped at [`MAX_LEEWAY`].
    pub leeway: Duration,
    /// Signature algorithms accepted (default: [`ASYMMETRIC_ALGORITHMS`]). HMAC algorithms are
    /// ignored even if listed: a platform's public key must never be usable as an HMAC secret.
    pub algorithms: Vec<Algorithm>,
}

impl Default for ValidatorConfig {
    fn default() -> Self {
        Self {
            leeway: Duration::from_secs(60),
            algorithms: ASYMMETRIC_ALGORITHMS.to_vec(),
        }
    }
}

/// What a launch must match, from the login that started it and the tool's configuration.
#[derive(Debug, Clone)]
pub struct Expectations<'a> {
    /// The registration's issuer.
    pub issuer: &'a Issuer,
    /// The registration's client id (the one the login used).
    pub client_id: &'a ClientId,
    /// The nonce the tool issued at login and stored with the state.
    pub nonce: &'a str,
    /// The tool's public origin: `target_link_uri` must be on it.
    pub tool_origin: Origin,
    /// The current time (injected so tests and replays of captures use a fixed clock).
    pub now: SystemTime,
}

/// Validates LTI 1.3 launches. Cheap to share (`Send + Sync`, no interior state).
/// [LTI 1.3 §5.1.3](https://www.imsglobal.org/spec/lti/v1p3#authentication-response-validation),
/// [1EdTech Security Framework §5.1.3](https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation).
#[derive(Debug, Clone, Default)]
pub struct LaunchValidator {
    config: ValidatorConfig,
}

impl LaunchValidator {
    /// A validator; the leeway is capped at [`MAX_LEEWAY`] and HMAC algorithms are dropped.
    pub fn new(mut config: ValidatorConfig) -> Self {
        config.leeway = config.leeway.min(MAX_LEEWAY);
        config.algorithms.retain(|alg| is_asymmetric(*alg));
        Self { config }
    }

    /// The effective configuration.
    pub fn config(&self) -> &ValidatorConfig {
        &self.config
    }

    /// Validates `token` with the platform key from `jwks` at `jwks_url`. The header is checked
    /// (algorithm allowed, `kid` present) before any key lookup, so a token with `alg: none` or
    /// `HS256` never causes a JWKS fetch.
    pub async fn validate(
        &self,
        token: &str,
        expected: &Expectations<'_>,
        jwks: &JwksCache,
        jwks_url: &Url,
    ) -> Result<ValidatedLaunch, LaunchError> {
        let parts = jwt::parse(token, &self.config.algorithms)?;
        let key = jwks
            .key(jwks_url, &parts.kid, parts.alg, expected.now)
            .await?;
        let claims = parts.verify(key.decoding_key())?;
        self.check(claims, expected, &parts.kid)
    }

    /// Validates `token` with a key the caller already has (a platform registered with a fixed
    /// public key, or tests). The same header rules apply, `kid` included.
    pub fn validate_with_key(
        &self,
        token: &str,
        key: &DecodingKey,
        expected: &Expectations<'_>,
    ) -> Result<ValidatedLaunch, LaunchError> {
        let parts = jwt::parse(token, &self.config.algorithms)?;
        let claims = parts.verify(key)?;
        self.check(claims, expected, &parts.kid)
    }

    fn check(
        &self,
        claims: IdTokenClaims,
        expected: &Expectations<'_>,
        kid: &str,
    ) -> Result<ValidatedLaunch, LaunchError> {
        checks::check_parties(&claims, expected)?;
        checks::check_times(&claims, expected.now, self.config.leeway)?;
        let nonce = checks::check_nonce(&claims, expected.nonce)?;
        let core = checks::check_core(&claims)?;
        let target_link_uri = checks::check_target(&claims, expected)?;
        checks::check_message(&claims, core.message_type)?;
        Ok(ValidatedLaunch {
            message_type: core.message_type,
            deployment_id: core.deployment_id,
            roles: core.roles,
            nonce,
            return_url: validated::parse_return_url(&claims),
            key_id: KeyId::parse(kid).map_err(|_| LaunchError::MissingKid)?,
            target_link_uri,
            claims,
        })
    }
}
