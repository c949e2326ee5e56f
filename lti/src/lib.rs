//! LTI 1.3 / LTI Advantage for tools: protocol types and claims, OIDC login initiation, a platform
//! JWKS cache and id_token launch validation, with no web framework or database attached.

pub mod claims;
pub mod roles;
pub mod types;
pub mod login;
pub mod jwks;
