//! An honest LTI 1.3 / LTI Advantage platform over real HTTP, shaped like Moodle 4.3, used by the
//! integration tests and by `securehospitals demo`. It shares no code with the `lti` crate on
//! purpose: a bug on the tool's side is never cancelled by the same bug here.
//!
//! Endpoints (under the base URL, which is also the issuer):
//!
//! | path | what |
//! |---|---|
//! | `/mod/lti/auth.php` | OIDC authorization endpoint (GET or POST), answers a `form_post` page |
//! | `/mod/lti/token.php` | client credentials with `private_key_jwt`; JSON labelled `text/html` |
//! | `/mod/lti/certs.php` (alias `/jwks`) | platform JWKS, `Cache-Control: max-age` configurable |
//! | `/mod/lti/openid-configuration.php` | platform configuration for dynamic registration |
//! | `/mod/lti/openid-registration.php` | dynamic registration (bearer registration token, 200) |
//! | `/mod/lti/services.php/{course}/lineitems?type_id=N` | AGS line items (GET, POST) |
//! | `.../lineitems/{id}/lineitem?type_id=N` (+ `/scores`, `/results`) | AGS line item, scores, results |
//! | `/mod/lti/services.php/CourseSection/{course}/bindings/{type}/memberships` | NRPS, paged |
//! | `/mod/lti/contentitem_return.php` | deep linking return (form field `JWT`) |
//! | `/course/view.php?id={course}` | the course page: launch buttons per activity and member |
//! | `/mod/lti/launch.php` | the buttons' target: starts a launch, auto-posts to the tool's login |
//! | `/mod/lti/embed.php` | one launch (or a dynamic registration) in an iframe, with postMessage storage |
//! | `/grade/report/grader/index.php?id={course}` | the gradebook as an HTML page |
//!
//! A launch as a browser performs it:
//!
//! ```no_run
//! use securehospitals::lms_simulator::{LaunchSpec, LmsSimulator, SimulatorConfig, ToolRegistration};
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = LmsSimulator::start(SimulatorConfig::default()).await?;
//! let tool = sim.register_tool(ToolRegistration::for_tool("http://127.0.0.1:8000")?)?;
//! let spec = LaunchSpec::resource_link("4", "1").with_client(&tool.client_id);
//! let init = sim.login_initiation(spec)?;
//! // POST `init.params` to `init.url` (the tool's login), follow its redirect to `auth.php`,
//! // parse the answer with `AutoPostForm::parse` and POST its fields to its action.
//! # Ok(())
//! # }
//! ```

mod ags;
mod auth;
mod claims;
mod course_page;
mod deep_linking;
mod directory;
mod embed;
mod faults;
mod html;
mod keys;
mod launch;
mod nrps;
mod pages;
mod registration;
mod resolve;
mod review;
mod server;
mod state;
mod tamper;
mod token;
mod tools;
mod urls;

#[cfg(test)]
mod http_tests;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};

pub use ags::{GradebookEntry, LineItem, ScoreRecord};
pub use auth::LoginInitiation;
pub use deep_linking::DeepLinkResult;
pub use directory::{
    Course, Enrolment, SEED_COURSE_ID, SEED_INSTRUCTOR, SEED_LEARNERS, User, roles, short_role_name,
};
pub use faults::{Endpoint, Fault};
pub use html::{AutoPostForm, FormParseError, auto_post_page};
pub use keys::{KeyError, OldKey, PlatformKey};
pub use launch::{DeepLinkingOptions, IssuedIdToken, LaunchSpec, MessageKind};
pub use registration::{PendingRegistration, RegistrationInitiation};
pub use server::RunningSimulator;
pub use state::{LmsSimulator, SimError};
pub use tamper::Tamper;
pub use token::{
    SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_MEMBERSHIPS, SCOPE_RESULT_READONLY, SCOPE_SCORE,
};
pub use tools::{ALL_SCOPES, Activity, RegisteredTool, ToolRegistration};
pub use urls::with_path_suffix;

use faults::{FaultPoint, apply_faults};
use keys::KeyRing;
use state::{Inner, Settings, Shared};

/// How to run a simulator. `Default` is Moodle-like on a random loopback port.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Where [`LmsSimulator::start`] listens; port 0 picks a free one.
    pub listen: SocketAddr,
    /// The public base URL; `http://{bound address}` when `None`. Set it when mounting
    /// [`LmsSimulator::router`] elsewhere (the demo), including any path prefix.
    pub base_url: Option<String>,
    /// The issuer; the base URL when `None` (Moodle uses its wwwroot).
    pub issuer: Option<String>,
    /// Moodle's id_tokens live 60 seconds.
    pub id_token_lifetime: Duration,
    pub access_token_lifetime: Duration,
    /// `Cache-Control: max-age` of the JWKS; no header when `None`.
    pub jwks_max_age: Option<Duration>,
    /// NRPS page size; Moodle answers everything in one page (`None`).
    pub nrps_page_size: Option<usize>,
    /// AGS line items container page size; Moodle answers everything in one page (`None`).
    pub lineitems_page_size: Option<usize>,
    /// NRPS roles as full URIs instead of Moodle's short names.
    pub nrps_full_role_uris: bool,
    /// Clock leeway when verifying the tool's JWTs.
    pub leeway: Duration,
    /// Timeout of calls to the tool (its JWKS).
    pub http_timeout: Duration,
    /// Start with the seeded course and people.
    pub seed: bool,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            base_url: None,
            issuer: None,
            id_token_lifetime: Duration::from_secs(60),
            access_token_lifetime: Duration::from_secs(3600),
            jwks_max_age: Some(Duration::from_secs(300)),
            nrps_page_size: None,
            lineitems_page_size: None,
            nrps_full_role_uris: false,
            leeway: Duration::from_secs(60),
            http_timeout: Duration::from_secs(5),
            seed: true,
        }
    }
}

/// Why a simulator could not be created or started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the simulator's base URL {url:?} is not a URL")]
    BaseUrl {
        url: String,
        #[source]
        source: url::ParseError,
    },
    #[error("the simulator's platform keys could not be loaded: {0}")]
    Keys(String),
    #[error("the simulator's HTTP client could not be built")]
    HttpClient(#[source] reqwest::Error),
    #[error("the simulator cannot listen on {addr}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

impl LmsSimulator {
    /// A simulator answering at `base_url` (serve it with [`LmsSimulator::router`]).
    pub fn new(config: &SimulatorConfig, base_url: &str) -> Result<Self, StartError> {
        let base_url = base_url.trim_end_matches('/').to_owned();
        if let Err(source) = url::Url::parse(&base_url) {
            return Err(StartError::BaseUrl {
                url: base_url,
                source,
            });
        }
        let keys = KeyRing::shipped().map_err(StartError::Keys)?;
        let http = reqwest::Client::builder()
            .timeout(config.http_timeout)
            .user_agent("SecureHospitals-LMS-simulator/1.0")
            .build()
            .map_err(StartError::HttpClient)?;
        let settings = Settings {
            issuer: config.issuer.clone().unwrap_or_else(|| base_url.clone()),
            base_url,
            id_token_lifetime: secs(config.id_token_lifetime),
            access_token_lifetime: secs(config.access_token_lifetime),
            jwks_max_age: config.jwks_max_age.map(|d| d.as_secs()),
            nrps_page_size: config.nrps_page_size,
            lineitems_page_size: config.lineitems_page_size,
            nrps_full_role_uris: config.nrps_full_role_uris,
            leeway: config.leeway.as_secs(),
        };
        let mut inner = Inner {
            next_id: 100,
            ..Inner::default()
        };
        if config.seed {
            inner.users = directory::seed_users();
            inner.courses = vec![directory::seed_course()];
        }
        let shared = Shared {
            settings,
            keys: RwLock::new(keys),
            inner: Mutex::new(inner),
            faults: Arc::default(),
            http,
        };
        Ok(Self {
            shared: Arc::new(shared),
        })
    }

    /// The simulator's routes, for serving or mounting (the demo nests it).
    pub fn router(&self) -> Router {
        let point = |endpoint| FaultPoint {
            faults: self.shared.faults.clone(),
            endpoint,
        };
        let faulty = |route: MethodRouter<LmsSimulator>, endpoint| {
            route.layer(from_fn_with_state(point(endpoint), apply_faults))
        };
        Router::new()
            .route(
                urls::AUTH_PATH,
                faulty(get(auth::auth_get).post(auth::auth_post), Endpoint::Auth),
            )
            .route(
                urls::TOKEN_PATH,
                faulty(post(token::token_endpoint), Endpoint::Token),
            )
            .route(urls::JWKS_PATH, faulty(get(jwks), Endpoint::Jwks))
            .route(urls::JWKS_ALIAS_PATH, faulty(get(jwks), Endpoint::Jwks))
            .route(
                urls::OPENID_CONFIGURATION_PATH,
                faulty(
                    get(registration::openid_configuration),
                    Endpoint::OpenIdConfiguration,
                ),
            )
            .route(
                urls::REGISTRATION_PATH,
                faulty(post(registration::register), Endpoint::Registration),
            )
            .route(
                urls::LINEITEMS_ROUTE,
                faulty(
                    get(ags::list_line_items).post(ags::create_line_item),
                    Endpoint::LineItems,
                ),
            )
            .route(
                urls::LINEITEM_ROUTE,
                faulty(
                    get(ags::get_line_item)
                        .put(ags::update_line_item)
                        .delete(ags::delete_line_item),
                    Endpoint::LineItems,
                ),
            )
            .route(
                urls::SCORES_ROUTE,
                faulty(post(ags::post_score), Endpoint::Scores),
            )
            .route(
                urls::RESULTS_ROUTE,
                faulty(get(ags::get_results), Endpoint::Results),
            )
            .route(
                urls::MEMBERSHIPS_ROUTE,
                faulty(get(nrps::get_memberships), Endpoint::Memberships),
            )
            .route(
                urls::DEEP_LINK_RETURN_PATH,
                faulty(
                    post(deep_linking::deep_link_return),
                    Endpoint::DeepLinkReturn,
                ),
            )
            .route(urls::GRADEBOOK_PATH, get(pages::gradebook_page))
            .route(urls::COURSE_PATH, get(course_page::show_course))
            .route(urls::LAUNCH_PATH, post(course_page::launch_from_page))
            .route(urls::EMBED_PATH, get(embed::show_embedded))
            .route(urls::EMBED_FRAME_PATH, get(embed::launch_in_frame))
            .route(urls::EMBED_SCRIPT_PATH, get(embed::storage_script))
            .with_state(self.clone())
    }

    /// The base URL every endpoint hangs off.
    pub fn base_url(&self) -> &str {
        &self.shared.settings.base_url
    }

    /// The `iss` of the platform's id_tokens.
    pub fn issuer(&self) -> &str {
        &self.shared.settings.issuer
    }

    /// An absolute URL at the simulator (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        self.shared.settings.url(path)
    }

    pub fn auth_url(&self) -> String {
        self.url(urls::AUTH_PATH)
    }

    pub fn token_url(&self) -> String {
        self.url(urls::TOKEN_PATH)
    }

    pub fn jwks_url(&self) -> String {
        self.url(urls::JWKS_PATH)
    }

    pub fn openid_configuration_url(&self) -> String {
        self.url(urls::OPENID_CONFIGURATION_PATH)
    }

    /// The course page of a course (its activities with launch buttons).
    pub fn course_url(&self, course_id: &str) -> String {
        self.url(&format!("{}?id={course_id}", urls::COURSE_PATH))
    }

    /// The gradebook page of a course.
    pub fn gradebook_url(&self, course_id: &str) -> String {
        self.url(&format!("{}?id={course_id}", urls::GRADEBOOK_PATH))
    }

    /// Where a page's launch buttons post (fields `client_id`, `course`, `user`, `link`; an
    /// empty `link` asks for a deep linking launch).
    pub fn launch_trigger_url(&self) -> String {
        self.url(urls::LAUNCH_PATH)
    }

    /// The AGS line items URL of a course for a tool (as the AGS claim carries it).
    pub fn lineitems_url(&self, course_id: &str, client_id: &str) -> Option<String> {
        let type_id = self.tool(client_id)?.type_id;
        Some(self.shared.settings.lineitems_url(course_id, type_id))
    }

    /// The NRPS memberships URL of a course for a tool.
    pub fn memberships_url(&self, course_id: &str, client_id: &str) -> Option<String> {
        let type_id = self.tool(client_id)?.type_id;
        Some(self.shared.settings.memberships_url(course_id, type_id))
    }

    /// The kid that signs id_tokens now.
    pub fn current_kid(&self) -> String {
        self.shared.keys().current().kid().to_owned()
    }

    /// Whether a kid is in the published JWKS.
    pub fn is_key_published(&self, kid: &str) -> bool {
        self.shared.keys().is_published(kid)
    }

    /// The published JWKS document.
    pub fn jwks(&self) -> serde_json::Value {
        self.shared.keys().jwks()
    }

    /// Publishes a new key and signs with it from now on; returns the new kid.
    pub fn rotate_keys(&self, old: OldKey) -> Result<String, KeyError> {
        self.shared
            .keys
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .rotate(old)
    }

    /// Queues `fault` for the next `times` calls of `endpoint`.
    pub fn inject_fault(&self, endpoint: Endpoint, fault: Fault, times: u32) {
        self.shared.faults.inject(endpoint, fault, times);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// How many requests reached `endpoint` (faulted ones included).
    pub fn calls(&self, endpoint: Endpoint) -> u64 {
        self.shared.faults.calls(endpoint)
    }

    /// How many times the JWKS was fetched.
    pub fn jwks_fetches(&self) -> u64 {
        self.calls(Endpoint::Jwks)
    }
}

/// `GET /mod/lti/certs.php`: the published keys, cacheable for the configured time.
async fn jwks(State(sim): State<LmsSimulator>) -> Response {
    let body = sim.shared.keys().jwks().to_string();
    let mut response = (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response();
    if let Some(max_age) = sim.shared.settings.jwks_max_age
        && let Ok(value) = HeaderValue::from_str(&format!("max-age={max_age}"))
    {
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}
