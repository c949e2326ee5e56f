//! LTI 1.3 / LTI Advantage for tools: protocol types and claims, OIDC login initiation, a platform
//! JWKS cache and id_token launch validation, with no web framework or database attached.
//!
//! A launch in two steps, as the app wires it:
//!
//! 1. **Login** (`/lti/login`, GET or POST): [`LoginInitiation::from_params`] parses the
//!    platform's parameters; the app picks the registration, stores a fresh [`State`] and
//!    [`Nonce`] and redirects to [`AuthRequest::to_url`].
//! 2. **Launch** (`/lti/launch`, form POST of `id_token` and `state`): the app takes the stored
//!    state, then [`LaunchValidator::validate`] checks the token against the registration
//!    ([`Expectations`]) with keys from a shared [`JwksCache`], yielding a [`ValidatedLaunch`] or a
//!    [`LaunchError`] whose [`LaunchError::code`] is a stable reason code. The app then consumes
//!    the nonce, checks the deployment and refuses anonymous launches (`user() == None`).
//!
//! Specifications: [LTI 1.3](https://www.imsglobal.org/spec/lti/v1p3),
//! [1EdTech Security Framework](https://www.imsglobal.org/spec/security/v1p0/).

pub mod ags;
pub mod claims;
pub mod dangerous;
pub mod deep_linking;
pub mod jwks;
pub mod launch;
pub mod login;
pub mod nrps;
pub mod paging;
pub mod roles;
pub mod service_url;
pub mod timestamp;
pub mod token;
pub mod types;

pub use claims::{Audience, IdTokenClaims};
/// The `jsonwebtoken` types in this crate's API (`Algorithm`, `DecodingKey`).
pub use jsonwebtoken::{Algorithm, DecodingKey};
pub use jwks::{
    FetchError, FetchFuture, FetchedJwks, JwksCache, JwksCacheConfig, JwksError, JwksFetcher,
    PlatformKey, parse_cache_control_max_age,
};
pub use launch::{Expectations, LaunchError, LaunchValidator, ValidatedLaunch, ValidatorConfig};
pub use login::{AuthRequest, LoginError, LoginInitiation};
pub use roles::{Role, RoleScope};
pub use types::{
    ClientId, ContextId, DeploymentId, EmptyValueError, Issuer, KeyId, LoginHint, LtiMessageHint,
    MessageType, Nonce, ResourceLinkId, State, UserId,
};
