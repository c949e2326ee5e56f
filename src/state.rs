//! Shared application state: configuration, store, caches and keys, cheap to clone.

use crate::config::Config;
use crate::db::DynStore;
use crate::keyring::KeyRing;
use crate::registry::Registry;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
pub struct Inner {
    pub config: Config,
    pub store: DynStore,
    pub registry: Registry,
    pub keys: KeyRing,
    pub jwks: lti::JwksCache,
    pub validator: lti::LaunchValidator,
    pub http: reqwest::Client,
    /// One service client per process for AGS and NRPS, so grade passback and the roster share
    /// its access-token cache.
    pub ags: Arc<crate::grades::client::AgsClient>,
    /// Member lists last read from each course's NRPS service (see `roster::RosterCache`).
    pub rosters: crate::roster::RosterCache,
    /// Seals OIDC login states into the `state` parameter (no database row per login).
    pub login_seal: crate::launch::LoginStateSeal,
    /// The checked course content, loaded once at start.
    pub content: Arc<crate::content::Catalogue>,
    /// The Curriculum Wizard's questionnaire and rules, checked at start.
    pub wizard: Arc<crate::wizard::Wizard>,
    /// The knowledge hub's articles and directories, checked at start.
    pub hub: Arc<crate::hub::Hub>,
    /// The credential issuer's keys (certificates), apart from the LTI keys.
    pub credential_keys: crate::certificates::issuer_keys::CredentialKeys,
    /// Signed status lists of this instance, until a revocation makes them stale.
    pub status_lists: crate::certificates::status_cache::StatusListCache,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}
