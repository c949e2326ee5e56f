//! A real `securehospitals serve` as a child process, for what only a process shows: signals,
//! crashes, log files, several instances. One builder for every such test, plus the simulated
//! platform registered with it and a launch performed against it.

use super::{TEST_KEK, deployment_of, http};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::db::DynStore;
use securehospitals::lms_simulator::{AutoPostForm, LaunchSpec, LmsSimulator, ToolRegistration};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, RegistrationId, RegistrationStatus,
};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How to start `serve`: the database, the port, extra global options and where its log goes.
pub struct Serve {
    db: String,
    port: u16,
    args: Vec<String>,
    log: Option<PathBuf>,
    rust_log: String,
}

impl Serve {
    /// `serve` on `db` at a free loopback port, with the test key and the repository's content.
    pub fn new(db: &str) -> Self {
        Self {
            db: db.to_owned(),
            port: free_port(),
            args: Vec::new(),
            log: None,
            rust_log: "warn".into(),
        }
    }

    /// A fixed port (a platform was registered for it before the process starts).
    pub fn on_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Extra global options (`--grade-poll-ms 50`, ...).
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    /// Logs at `level` (`RUST_LOG`) into `path` instead of the test's stderr.
    pub fn log_to(mut self, path: PathBuf, level: &str) -> Self {
        self.log = Some(path);
        level.clone_into(&mut self.rust_log);
        self
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn listen_port(&self) -> u16 {
        self.port
    }

    pub fn spawn(self) -> ServeProcess {
        let base = self.base();
        let mut command = Command::new(env!("CARGO_BIN_EXE_securehospitals"));
        command
            .args(["--database-url", &self.db, "--key-encryption-key", TEST_KEK])
            .args([
                "--listen",
                &format!("127.0.0.1:{}", self.port),
                "--public-url",
                &format!("{base}/"),
                "--content-dir",
                concat!(env!("CARGO_MANIFEST_DIR"), "/content"),
            ])
            .args(&self.args)
            .arg("serve")
            .env_remove("DATABASE_URL")
            .env_remove("SECUREHOSPITALS_DATABASE_URL")
            .env("RUST_LOG", &self.rust_log);
        if let Some(path) = &self.log {
            command.stderr(Stdio::from(std::fs::File::create(path).unwrap()));
        }
        ServeProcess {
            child: command.spawn().unwrap(),
            base,
        }
    }
}

/// A running `serve`; killed (SIGKILL) if the test ends without stopping it.
pub struct ServeProcess {
    child: Child,
    pub base: String,
}

impl ServeProcess {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Waits until `/readyz` answers 200.
    pub async fn ready(&self) {
        let url = self.url("/readyz");
        let start = Instant::now();
        loop {
            if matches!(http().get(&url).send().await, Ok(r) if r.status() == 200) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "serve never became ready"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM, as systemd does on `stop`.
    pub fn terminate(&self) {
        let term = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(term.success());
    }

    /// SIGKILL: a crash.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Waits for the process to exit (at most 30 s).
    pub async fn exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "serve did not exit"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The simulator's tool registration for a tool at `base`, stored active in `store`.
pub struct Registered {
    pub client_id: String,
    pub type_id: u32,
    pub id: RegistrationId,
}

pub async fn register(store: &DynStore, sim: &LmsSimulator, base: &str) -> Registered {
    let registered = sim
        .register_tool(ToolRegistration::for_tool(base).unwrap())
        .unwrap();
    let reg = store
        .insert_registration(NewRegistration {
            name: "Simulated Moodle".into(),
            issuer: lti::Issuer::parse(sim.issuer()).unwrap(),
            client_id: lti::ClientId::parse(registered.client_id.clone()).unwrap(),
            auth_url: sim.auth_url().parse().unwrap(),
            token_url: sim.token_url().parse().unwrap(),
            jwks_url: sim.jwks_url().parse().unwrap(),
            status: RegistrationStatus::Active,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![],
            deployments: vec![lti::DeploymentId::parse(deployment_of(&registered)).unwrap()],
        })
        .await
        .unwrap();
    Registered {
        type_id: registered.type_id,
        client_id: registered.client_id,
        id: reg.id,
    }
}

/// A launch against the process at `base`: login, the platform's auth endpoint, the id_token
/// back to the tool. Returns the session id.
pub async fn launch(sim: &LmsSimulator, base: &str, spec: LaunchSpec) -> String {
    let init = sim.login_initiation(spec).unwrap();
    let login = http()
        .post(init.url.as_str())
        .form(&init.params)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 302);
    let cookie = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("lti_state_"))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap();
    let auth = http()
        .get(login.headers()[LOCATION].to_str().unwrap())
        .send()
        .await
        .unwrap();
    let form = AutoPostForm::parse(&auth.text().await.unwrap()).unwrap();
    let launch = http()
        .post(format!("{base}/lti/launch"))
        .header(COOKIE, cookie)
        .form(&form.fields)
        .send()
        .await
        .unwrap();
    assert_eq!(launch.status(), 303);
    let location = launch.headers()[LOCATION].to_str().unwrap().to_owned();
    location
        .trim_start_matches("/s/")
        .split('/')
        .next()
        .unwrap()
        .to_owned()
}
