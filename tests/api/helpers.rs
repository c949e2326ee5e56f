//! `TestApp`: a tool on a random port with its own database, an LMS simulator, and the
//! registration between them; plus a browser-like client that performs launches.

mod db;
mod launch_flow;
pub mod serve;

pub use db::{Backend, TestDb};
pub use launch_flow::Launcher;

use securehospitals::config::{Config, ConfigArgs};
use securehospitals::lms_simulator::{
    LmsSimulator, RunningSimulator, SimulatorConfig, ToolRegistration,
};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, Registration, RegistrationStatus,
};
use std::time::Duration;

/// Runs a test body on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::helpers::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                run($crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if let Some(app) = $crate::helpers::TestApp::try_spawn($crate::helpers::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
}

/// A running tool plus a running LMS simulator that knows it.
pub struct TestApp {
    pub tool: securehospitals::app::Running,
    pub base: String,
    pub sim: RunningSimulator,
    pub registration: Registration,
    pub client_id: String,
    pub deployment_id: String,
    pub _db: TestDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::try_spawn(backend).await.expect("backend available")
    }

    /// `None` when the backend is PostgreSQL and `TEST_DATABASE_URL` is not set.
    pub async fn try_spawn(backend: Backend) -> Option<Self> {
        Self::build(backend, |_| {}).await
    }

    /// Spawns with configuration changes (e.g. a shorter leeway).
    pub async fn build(backend: Backend, tweak: impl FnOnce(&mut ConfigArgs)) -> Option<Self> {
        let db = TestDb::create(backend).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let mut args = ConfigArgs {
            database_url: Some(db.url.clone()),
            key_encryption_key: Some(TEST_KEK.into()),
            public_url: Some(format!("{base}/").parse().unwrap()),
            listen: Some(addr),
            registration_allow_private_addresses: Some(true),
            ..Default::default()
        };
        tweak(&mut args);
        let config = Config::resolve(&args).unwrap();
        let tool = securehospitals::app::start_on(listener, config, std::future::pending())
            .await
            .unwrap();

        let sim = LmsSimulator::start(SimulatorConfig::default())
            .await
            .unwrap();
        let registered = sim
            .register_tool(ToolRegistration::for_tool(&base).unwrap())
            .unwrap();
        let client_id = registered.client_id.clone();
        let deployment_id = deployment_of(&registered);
        let registration = tool
            .state
            .store
            .insert_registration(NewRegistration {
                name: "Simulated Moodle".into(),
                issuer: lti::Issuer::parse(sim.issuer()).unwrap(),
                client_id: lti::ClientId::parse(client_id.clone()).unwrap(),
                auth_url: sim.auth_url().parse().unwrap(),
                token_url: sim.token_url().parse().unwrap(),
                jwks_url: sim.jwks_url().parse().unwrap(),
                status: RegistrationStatus::Active,
                deployment_policy: DeploymentPolicy::Refuse,
                frame_origins: vec![],
                deployments: vec![lti::DeploymentId::parse(deployment_id.clone()).unwrap()],
            })
            .await
            .unwrap();
        tool.state.registry.invalidate();
        Some(Self {
            tool,
            base,
            sim,
            registration,
            client_id,
            deployment_id,
            _db: db,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn launcher(&self) -> Launcher<'_> {
        Launcher::new(self)
    }

    /// Makes a registration change visible at once (the server refreshes every 2 s anyway).
    pub fn refresh_registry(&self) {
        self.tool.state.registry.invalidate();
    }
}

/// The simulator's deployment id for a registered tool (Moodle: the tool type id).
pub fn deployment_of(tool: &securehospitals::lms_simulator::RegisteredTool) -> String {
    tool.registration
        .deployment_ids
        .first()
        .cloned()
        .unwrap_or_else(|| tool.type_id.to_string())
}

/// A fixed key-encryption key for tests (32 bytes of 0x2a, base64url).
pub const TEST_KEK: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";

/// A client that never follows redirects, so each hop of a launch is visible.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}
