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
//! LTI Advantage services, sans-IO (the app sends the HTTP requests and passes bodies and
//! headers in):
//!
//! - **Tokens** ([`token`]): sign a [`ClientAssertionClaims`] with the tool key, POST
//!   [`token_request_form`] for a [`ScopeSet`], read the answer with
//!   [`AccessToken::parse_response`] (JSON whatever the `Content-Type`).
//! - **Grades** ([`ags`]): POST a [`Score`] to [`LineItemUrl::scores_url`], read back
//!   [`ResultItem`]s from [`LineItemUrl::results_url`], find or create [`LineItem`]s through
//!   [`LineItemsUrl::with_query`]; containers page with [`PageLinks`].
//! - **Roster** ([`nrps`]): GET [`MembershipsQuery::first_page_url`], then
//!   [`MembershipPage::parse`] each page and follow [`MembershipPage::next`].
//! - **Deep Linking** ([`deep_linking`]): answer a [`DeepLinkingRequest`] with a
//!   [`DeepLinkingResponse`] checked against its settings, signed and auto-submitted.
//!
//! Specifications: [LTI 1.3](https://www.imsglobal.org/spec/lti/v1p3),
//! [1EdTech Security Framework](https://www.imsglobal.org/spec/security/v1p0/),
//! [AGS 2.0](https://www.imsglobal.org/spec/lti-ags/v2p0),
//! [NRPS 2.0](https://www.imsglobal.org/spec/lti-nrps/v2p0),
//! [Deep Linking 2.0](https://www.imsglobal.org/spec/lti-dl/v2p0).

pub mod ags;
pub mod claims;
pub mod dangerous;
pub mod deep_linking;
pub mod jwks;
pub mod launch;
pub mod login;
pub mod nrps;
pub mod paging;
pub mod registration;
pub mod roles;
pub mod service_url;
pub mod timestamp;
pub mod token;
pub mod types;

pub use ags::{
    ActivityProgress, AgsError, GradingProgress, LineItem, ResultItem, Score, ScoreSubmission,
    SubmissionReview,
};
pub use claims::{Audience, IdTokenClaims};
pub use deep_linking::{
    ContentItem, DeepLinkingError, DeepLinkingRequest, DeepLinkingResponse,
    DeepLinkingResponseClaims, LineItemRequest, LtiResourceLink, ResponseMessages,
    SignedDeepLinkingResponse,
};
/// The `jsonwebtoken` types in this crate's API (`Algorithm`, `DecodingKey`, `EncodingKey`).
pub use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
pub use jwks::{
    FetchError, FetchFuture, FetchedJwks, JwksCache, JwksCacheConfig, JwksError, JwksFetcher,
    PlatformKey, parse_cache_control_max_age,
};
pub use launch::{Expectations, LaunchError, LaunchValidator, ValidatedLaunch, ValidatorConfig};
pub use login::{AuthRequest, LoginError, LoginInitiation};
pub use nrps::{
    Member, MemberStatus, MembershipContainer, MembershipPage, MembershipsQuery, NrpsError,
};
pub use paging::PageLinks;
pub use roles::{Role, RoleScope};
pub use service_url::{LineItemUrl, LineItemsQuery, LineItemsUrl, ServiceUrlError};
pub use timestamp::{Timestamp, TimestampError};
pub use token::{AccessToken, ClientAssertionClaims, ScopeSet, TokenError, token_request_form};
pub use types::{
    ClientId, ContextId, DeploymentId, EmptyValueError, Issuer, KeyId, LoginHint, LtiMessageHint,
    MessageType, Nonce, ResourceLinkId, State, UserId,
};
