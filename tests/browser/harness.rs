//! One Chromium per test (serialized: the machine has few cores), a tool and an LMS simulator on
//! two sites, and helpers that print the page's text and URL when an expectation fails.

use fantoccini::{Client, ClientBuilder, Locator};
use securehospitals::config::{Config, ConfigArgs};
use securehospitals::lms_simulator::{
    LmsSimulator, RunningSimulator, SimulatorConfig, ToolRegistration,
};
use securehospitals::platforms::{DeploymentPolicy, NewRegistration, RegistrationStatus};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// 32 bytes of 0x2a, base64url.
const TEST_KEK: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Chromium and chromedriver, or `None` (skip) locally; in CI their absence is a failure.
fn chromium() -> Option<(PathBuf, PathBuf)> {
    let driver = find_program(&["chromedriver"]);
    let browser = ["/usr/lib/chromium/chromium"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| find_program(&["chromium", "chromium-browser", "google-chrome"]));
    match (browser, driver) {
        (Some(b), Some(d)) => Some((b, d)),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "CI=true but chromium or chromedriver is missing: install the Debian packages `chromium` and `chromium-driver`"
            )
        }
        _ => {
            eprintln!(
                "SKIPPED: browser tests need `chromium` and `chromedriver` (Debian: apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A chromedriver process, killed on drop.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How the tool and the platform are set up for one test.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// The tool's partitioned-cookie path.
    pub partitioned_cookie: bool,
}

/// A browser, a tool and an LMS simulator that knows it.
pub struct Session {
    pub client: Client,
    _tool: securehospitals::app::Running,
    pub tool_base: String,
    pub sim: RunningSimulator,
    pub client_id: String,
    _driver: Driver,
    _db: tempfile::TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Session {
    pub async fn start(setup: Setup) -> Option<Self> {
        let (browser, driver_bin) = chromium()?;
        let turn = ONE_AT_A_TIME.lock().await;
        let (tool, tool_base, db) = start_tool(setup).await;
        let sim = start_platform().await;
        let client_id = register(&tool, &sim, &tool_base).await;
        let port = free_port();
        let driver = Driver(
            Command::new(driver_bin)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let client = connect(&browser, port).await;
        Some(Self {
            client,
            _tool: tool,
            tool_base,
            sim,
            client_id,
            _driver: driver,
            _db: db,
            _turn: turn,
        })
    }

    /// A browser and `securehospitals demo` (the tool and the demo LMS, joined by dynamic
    /// registration) started in this process on an embedded SQLite database.
    pub async fn start_demo() -> Option<Self> {
        let (browser, driver_bin) = chromium()?;
        let turn = ONE_AT_A_TIME.lock().await;
        let db = tempfile::tempdir().unwrap();
        let options = securehospitals::demo::DemoOptions {
            tool_listen: "127.0.0.1:0".parse().unwrap(),
            lms_listen: "127.0.0.1:0".parse().unwrap(),
            database_url: format!("sqlite:{}", db.path().join("demo.db").display()),
            key_encryption_key: Some(TEST_KEK.into()),
            content_dir: None,
        };
        let demo = securehospitals::demo::start(options, std::future::pending())
            .await
            .expect("the demo starts");
        let port = free_port();
        let driver = Driver(
            Command::new(driver_bin)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let client = connect(&browser, port).await;
        Some(Self {
            client,
            tool_base: demo.tool_url(),
            _tool: demo.tool,
            sim: demo.lms,
            client_id: demo.client_id,
            _driver: driver,
            _db: db,
            _turn: turn,
        })
    }

    /// The in-process tool's state (store, content), to compute what a test expects.
    pub fn tool_state(&self) -> &securehospitals::state::AppState {
        &self._tool.state
    }

    /// Prints the page's URL and text (and the frame's, when inside one) and fails.
    pub async fn fail(&self, what: &str) -> ! {
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let text = self
            .client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        panic!("{what}\n--- page URL: {url}\n--- page text:\n{text}\n---");
    }

    /// Waits until `check` (a JavaScript expression) is true in the current frame.
    pub async fn wait_until(&self, what: &str, check: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let script = format!("try {{ return !!({check}); }} catch (e) {{ return false; }}");
        while Instant::now() < deadline {
            if let Ok(v) = self.client.execute(&script, vec![]).await
                && v.as_bool() == Some(true)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(&format!("timed out waiting for {what} ({check})"))
            .await
    }

    /// Waits for the tool's framed page whose path contains `fragment`, then stays in the frame.
    pub async fn wait_in_tool_frame(&self, fragment: &str) {
        self.client.enter_parent_frame().await.ok();
        self.wait_until("the tool's frame", "document.getElementById('tool')")
            .await;
        self.client
            .find(Locator::Id("tool"))
            .await
            .expect("frame")
            .enter_frame()
            .await
            .expect("enter frame");
        self.wait_until(
            &format!("a tool page at {fragment}"),
            &format!(
                "document.readyState === 'complete' && location.pathname.indexOf({}) >= 0",
                serde_json::to_string(fragment).unwrap()
            ),
        )
        .await;
    }

    /// Clicks the element matching `css` in the current frame.
    pub async fn click(&self, css: &str) {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => {
                if let Err(err) = e.click().await {
                    self.fail(&format!("could not click {css}: {err}")).await
                }
            }
            Err(err) => self.fail(&format!("no element {css}: {err}")).await,
        }
    }

    /// The current value of `lti_launch_paths_total{path}` in the tool's metrics.
    pub fn launch_path_count(&self, path: &str) -> u64 {
        let text = securehospitals::metrics::prometheus().render();
        let needle = format!("lti_launch_paths_total{{path=\"{path}\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&needle))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

async fn start_tool(setup: Setup) -> (securehospitals::app::Running, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let args = ConfigArgs {
        database_url: Some(format!("sqlite:{}", dir.path().join("t.db").display())),
        key_encryption_key: Some(TEST_KEK.into()),
        public_url: Some(format!("{base}/").parse().unwrap()),
        listen: Some(addr),
        launch_partitioned_cookie: Some(setup.partitioned_cookie),
        registration_allow_private_addresses: Some(true),
        new_registration_policy: Some(securehospitals::config::NewRegistrationPolicy::Active),
        ..Default::default()
    };
    let config = Config::resolve(&args).unwrap();
    let tool = securehospitals::app::start_on(listener, config, std::future::pending())
        .await
        .unwrap();
    (tool, base, dir)
}

/// The platform answers at `localhost`, another site than the tool's `127.0.0.1`.
async fn start_platform() -> RunningSimulator {
    let port = free_port();
    LmsSimulator::start(SimulatorConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        base_url: Some(format!("http://localhost:{port}")),
        ..Default::default()
    })
    .await
    .unwrap()
}

async fn register(
    tool: &securehospitals::app::Running,
    sim: &RunningSimulator,
    tool_base: &str,
) -> String {
    let registered = sim
        .register_tool(ToolRegistration::for_tool(tool_base).unwrap())
        .unwrap();
    let deployment = registered
        .registration
        .deployment_ids
        .first()
        .cloned()
        .unwrap_or_else(|| registered.type_id.to_string());
    tool.state
        .store
        .insert_registration(NewRegistration {
            name: "Simulated Moodle".into(),
            issuer: lti::Issuer::parse(sim.issuer()).unwrap(),
            client_id: lti::ClientId::parse(registered.client_id.clone()).unwrap(),
            auth_url: sim.auth_url().parse().unwrap(),
            token_url: sim.token_url().parse().unwrap(),
            jwks_url: sim.jwks_url().parse().unwrap(),
            status: RegistrationStatus::Active,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![sim.base_url().to_owned()],
            deployments: vec![lti::DeploymentId::parse(deployment).unwrap()],
        })
        .await
        .unwrap();
    tool.state.registry.invalidate();
    registered.client_id
}

/// Headless Chromium with third-party cookies blocked (partitioned cookies still work there).
async fn connect(browser: &std::path::Path, port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": browser,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--no-first-run", "--disable-extensions"],
            "prefs": {
                "profile.block_third_party_cookies": true,
                "profile.cookie_controls_mode": 1
            }
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut builder = ClientBuilder::rustls().expect("rustls client");
        builder.capabilities(caps.clone());
        match builder.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => return c,
            Err(e) if Instant::now() > deadline => panic!("chromedriver did not start: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
        }
    }
}
