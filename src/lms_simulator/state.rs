//! The simulator's shared state and its public handle: registered tools, people, courses, and the
//! error type every handler answers with (a 4xx with a reason, never a panic).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde_json::json;

use super::ags::{LineItem, ScoreRecord};
use super::deep_linking::{DeepLinkRequest, DeepLinkResult};
use super::directory::{Course, User};
use super::faults::Faults;
use super::keys::KeyRing;
use super::launch::IssuedIdToken;
use super::registration::PendingRegistration;
use super::tools::{Activity, PendingLaunch, RegisteredTool};

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A random URL-safe token of `bytes` random bytes.
pub(crate) fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Fixed settings of one simulator, derived from its configuration at start.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub base_url: String,
    pub issuer: String,
    pub id_token_lifetime: i64,
    pub access_token_lifetime: i64,
    pub jwks_max_age: Option<u64>,
    pub nrps_page_size: Option<usize>,
    pub lineitems_page_size: Option<usize>,
    pub nrps_full_role_uris: bool,
    pub leeway: u64,
}

impl Settings {
    /// An absolute URL at the simulator for `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// Everything the handlers change, behind one lock (never held across an await).
#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub tools: Vec<RegisteredTool>,
    pub users: Vec<User>,
    pub courses: Vec<Course>,
    pub activities: Vec<Activity>,
    pub pending_launches: HashMap<String, PendingLaunch>,
    pub issued: Vec<IssuedIdToken>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub used_jtis: HashMap<String, i64>,
    pub line_items: BTreeMap<u64, LineItem>,
    pub scores: Vec<ScoreRecord>,
    /// The newest score timestamp per (line item, user).
    pub latest_score_times: HashMap<(u64, String), time::OffsetDateTime>,
    pub deep_link_requests: HashMap<String, DeepLinkRequest>,
    pub deep_link_results: Vec<DeepLinkResult>,
    pub registrations: Vec<PendingRegistration>,
    pub used_registration_tokens: HashSet<String>,
    /// AGS results container page size (`None`: everything in one page, like Moodle).
    pub results_page_size: Option<usize>,
    pub next_id: u64,
}

impl Inner {
    /// A fresh numeric id (line items, resource links, tool types share one sequence).
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn tool(&self, client_id: &str) -> Option<&RegisteredTool> {
        self.tools.iter().find(|t| t.client_id == client_id)
    }

    pub fn user(&self, user_id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == user_id)
    }

    pub fn course(&self, course_id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == course_id)
    }
}

/// An access token the token endpoint handed out.
#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_at: i64,
}

/// State shared by the handlers and the handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub settings: Settings,
    pub keys: RwLock<KeyRing>,
    pub inner: Mutex<Inner>,
    pub faults: Arc<Faults>,
    pub http: reqwest::Client,
}

impl Shared {
    pub fn inner(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    pub fn keys(&self) -> std::sync::RwLockReadGuard<'_, KeyRing> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A handle on a simulated platform: cheap to clone, usable from tests and from the demo.
#[derive(Debug, Clone)]
pub struct LmsSimulator {
    pub(crate) shared: Arc<Shared>,
}

/// A refused request or call: the status a real platform would answer and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    status: StatusCode,
    reason: String,
    json: bool,
}

impl SimError {
    /// A plain-text error answer (browser-facing endpoints).
    pub fn new(status: StatusCode, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
            json: false,
        }
    }

    pub(crate) fn bad_request(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, reason)
    }

    /// A JSON error answer shaped like Moodle's services (`{"status": .., "reason": ..}`).
    pub(crate) fn service(status: StatusCode, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
            json: true,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.reason)
    }
}

impl std::error::Error for SimError {}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        if self.json {
            let body = json!({ "status": self.status.as_u16(), "reason": self.reason });
            (
                self.status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body.to_string(),
            )
                .into_response()
        } else {
            (self.status, self.reason).into_response()
        }
    }
}
