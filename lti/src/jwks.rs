//! A cache of platform JWKS, shared by all launches: keys are parsed once per fetch, freshness
//! follows the platform's `Cache-Control`, and an unknown `kid` triggers one rate-limited refetch
//! so platform key rotation never breaks launches. The HTTP call is the app's, behind a trait.

mod cache_control;
mod keys;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use jsonwebtoken::Algorithm;
use url::Url;

pub use cache_control::parse_cache_control_max_age;
pub use keys::{KeyRejected, KeySet, PlatformKey};

/// A JWKS response body and the lifetime its `Cache-Control` granted, if any.
#[derive(Debug, Clone)]
pub struct FetchedJwks {
    /// The response body (JSON, whatever the `Content-Type` says).
    pub body: Vec<u8>,
    /// See [`parse_cache_control_max_age`].
    pub max_age: Option<Duration>,
}

/// The app's HTTP client failed to get the JWKS (network error, non-2xx status, timeout).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct FetchError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl FetchError {
    /// A failure described by `message`, e.g. "HTTP 503 from the platform".
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// A failure with its underlying cause kept.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

/// The future a [`JwksFetcher`] returns.
pub type FetchFuture<'a> =
    Pin<Box<dyn Future<Output = Result<FetchedJwks, FetchError>> + Send + 'a>>;

/// Fetches a JWKS document over HTTP; the app implements it with its HTTP client (send a
/// User-Agent, bound the body size and time, treat non-2xx as an error, and read `max_age` with
/// [`parse_cache_control_max_age`]).
pub trait JwksFetcher: Send + Sync {
    /// GET `url`.
    fn fetch<'a>(&'a self, url: &'a Url) -> FetchFuture<'a>;
}

/// Why no key could be had for a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    /// The platform's JWKS could not be fetched.
    #[error("could not fetch the platform's JWKS from {url}: {source}")]
    Fetch {
        /// The JWKS URL.
        url: String,
        /// The fetcher's error.
        source: FetchError,
    },
    /// The last fetch failed moments ago; it is not retried before the rate limit allows.
    #[error(
        "the platform's JWKS at {url} could not be fetched {ago} s ago ({error}); retrying in {retry_in} s"
    )]
    RecentlyFailed {
        /// The JWKS URL.
        url: String,
        /// The last failure.
        error: String,
        /// Seconds since the failure.
        ago: u64,
        /// Seconds until the next attempt is allowed.
        retry_in: u64,
    },
    /// The document is not a JWKS (not JSON, or no `keys` array).
    #[error("the document at {url} is not a JWKS: {source}")]
    Invalid {
        /// The JWKS URL.
        url: String,
        /// The parse error.
        source: serde_json::Error,
    },
    /// No usable key has the token's `kid`.
    #[error(
        "the platform's JWKS at {url} has no usable key with kid {kid:?} (it has: {known}); {}. \
         Check that the platform publishes the key it signs with at this URL",
        if *.refetched { "it was fetched again just now" } else { "it was fetched moments ago and is not refetched yet" }
    )]
    UnknownKid {
        /// The JWKS URL.
        url: String,
        /// The token's kid.
        kid: String,
        /// The usable kids, comma-separated (or "none").
        known: String,
        /// Whether this lookup refetched the JWKS.
        refetched: bool,
    },
    /// The key exists but may not verify the token's algorithm.
    #[error(
        "platform key {kid:?} may not verify {alg:?} signatures (its key type, curve or declared alg differs)"
    )]
    AlgorithmMismatch {
        /// The key.
        kid: String,
        /// The token's algorithm.
        alg: Algorithm,
    },
}

impl JwksError {
    /// A stable reason code for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Fetch { .. } | Self::RecentlyFailed { .. } => "jwks_unavailable",
            Self::Invalid { .. } => "jwks_invalid",
            Self::UnknownKid { .. } => "kid_unknown",
            Self::AlgorithmMismatch { .. } => "key_alg_mismatch",
        }
    }

    /// Whether trying again later may succeed (the platform's JWKS endpoint is unreachable).
    pub fn is_temporary(&self) -> bool {
        matches!(self, Self::Fetch { .. } | Self::RecentlyFailed { .. })
    }
}

/// Tuning of a [`JwksCache`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct JwksCacheConfig {
    /// Lifetime when the platform sends no `max-age` (default 5 minutes).
    pub default_ttl: Duration,
    /// Shortest lifetime, whatever the platform says (default 60 s).
    pub min_ttl: Duration,
    /// Longest lifetime, whatever the platform says (default 24 hours).
    pub max_ttl: Duration,
    /// At most one fetch per URL within this interval after a fetch, whether for an unknown
    /// `kid` or after a failure (default 10 s), so a flood of bogus kids cannot hammer the platform.
    pub min_refetch_interval: Duration,
    /// When a refresh fails, expired keys are still used for this long (default 1 hour), so a
    /// brief platform outage does not stop launches signed with a known key.
    pub stale_if_error: Duration,
}

impl Default for JwksCacheConfig {
    fn default() -> Self {
        Self {
            default_ttl: Duration::from_secs(300),
            min_ttl: Duration::from_secs(60),
            max_ttl: Duration::from_secs(24 * 3600),
            min_refetch_interval: Duration::from_secs(10),
            stale_if_error: Duration::from_secs(3600),
        }
    }
}

#[derive(Debug)]
struct Entry {
    keys: Arc<KeySet>,
    expires_at: SystemTime,
    last_attempt: SystemTime,
    last_error: Option<String>,
}

fn since(now: SystemTime, then: SystemTime) -> Duration {
    now.duration_since(then).unwrap_or_default()
}

impl Entry {
    fn is_fresh(&self, now: SystemTime) -> bool {
        now < self.expires_at
    }

    fn may_fetch(&self, now: SystemTime, interval: Duration) -> bool {
        since(now, self.last_attempt) >= interval
    }

    fn usable_stale(&self, now: SystemTime, grace: Duration) -> bool {
        self.expires_at
            .checked_add(grace)
            .is_none_or(|until| now < until)
    }
}

enum Plan {
    Use { keys: Arc<KeySet>, refetched: bool },
    Fail(JwksError),
    Fetch(FetchReason),
}

/// Why a fetch happens. Only unknown-kid refetches count against the rate limit: a platform
/// that rotates its key right after a routine refresh must still be followed at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FetchReason {
    /// Nothing cached, or the cached set expired.
    Refresh,
    /// The cached set is fresh but lacks the token's `kid`.
    UnknownKid,
}

/// Platform JWKS keyed by URL, shared across requests (`Send + Sync`; put it in an `Arc` or the
/// app state). The clock is passed in, so tests control expiry.
///
/// Concurrency: the lock is never held across the fetch. An unknown-kid refetch is claimed
/// under the lock, so concurrent launches trigger at most one; on a cold or expired cache,
/// concurrent launches may each fetch once (acceptable: it happens once per lifetime).
pub struct JwksCache {
    fetcher: Box<dyn JwksFetcher>,
    config: JwksCacheConfig,
    entries: Mutex<HashMap<Url, Entry>>,
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwksCache")
            .field("config", &self.config)
            .field("urls", &self.lock().len())
            .finish_non_exhaustive()
    }
}

mod lookup;

#[cfg(test)]
mod tests;
