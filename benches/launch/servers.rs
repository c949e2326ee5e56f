//! The servers under test, each its own process on a loopback port: the real
//! `securehospitals serve` binary on a fresh SQLite file, the pylti1.3 Flask tool under
//! gunicorn, and the floor (`floor.rs`). All are registered with the in-process LMS simulator
//! and stopped on drop.

use securehospitals::lms_simulator::{LmsSimulator, RegisteredTool, ToolRegistration};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fixed key-encryption key (32 bytes of 0x2a, base64url), as in the integration tests.
const BENCH_KEK: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A server process under test and how a launch at it looks.
#[derive(Debug)]
pub struct Server {
    pub name: &'static str,
    pub base: String,
    pub client_id: String,
    pub child: Child,
    log: PathBuf,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The end of the server's log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM first so gunicorn takes its worker down and the tool shuts down cleanly.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port (bound, read, released; nothing else on this host races for it).
pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn deployment_of(tool: &RegisteredTool) -> String {
    let first = tool.registration.deployment_ids.first().cloned();
    first.unwrap_or_else(|| tool.type_id.to_string())
}

fn run_cli(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running securehospitals: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("securehospitals {args:?} failed: {err}"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Registers the simulator with a fresh tool database through the CLI, then starts `serve`.
pub async fn start_tool(
    sim: &LmsSimulator,
    dir: &Path,
    database_url: &str,
) -> Result<Server, String> {
    let base = format!("http://127.0.0.1:{}", free_port()?);
    let tool = ToolRegistration::for_tool(&base).map_err(|e| e.to_string())?;
    let registered = sim.register_tool(tool).map_err(|e| e.to_string())?;
    let common = [
        "--database-url",
        database_url,
        "--key-encryption-key",
        BENCH_KEK,
    ];
    let (auth, token, jwks) = (sim.auth_url(), sim.token_url(), sim.jwks_url());
    let deployment = deployment_of(&registered);
    let mut add = common.to_vec();
    add.extend(["platform", "add", "--issuer", sim.issuer(), "--client-id"]);
    add.extend([
        registered.client_id.as_str(),
        "--deployment-id",
        &deployment,
    ]);
    add.extend([
        "--auth-url",
        &auth,
        "--token-url",
        &token,
        "--jwks-url",
        &jwks,
    ]);
    run_cli(dir, &add)?;
    let log = dir.join("tool.log");
    let content = format!("{MANIFEST_DIR}/content");
    let public = format!("{base}/");
    let listen = base.trim_start_matches("http://");
    let mut serve = common.to_vec();
    // Every simulated browser comes from 127.0.0.1: lift the per-address launch rate limit.
    serve.extend([
        "--launch-rate-per-minute",
        "6000000",
        "--content-dir",
        &content,
    ]);
    serve.extend(["--listen", listen, "--public-url", &public, "serve"]);
    let mut command = Command::new(env!("CARGO_BIN_EXE_securehospitals"));
    command.args(&serve).current_dir(dir);
    spawn(
        "SecureHospitals (Rust)",
        base,
        registered.client_id,
        command,
        log,
        "/lti/launch",
    )
    .await
}

/// Starts `command` as the server `name` at `base` (stdout dropped, stderr to `log`) and waits
/// until `ready_path` answers.
pub async fn spawn(
    name: &'static str,
    base: String,
    client_id: String,
    mut command: Command,
    log: PathBuf,
    ready_path: &str,
) -> Result<Server, String> {
    let stderr =
        std::fs::File::create(&log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    let child = command
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("starting {name}: {e}"))?;
    let server = Server {
        name,
        base,
        client_id,
        child,
        log,
    };
    wait_ready(server, ready_path).await
}

/// Polls `path` until it answers 200 (at most 60 s: the content is checked at start).
async fn wait_ready(mut server: Server, path: &str) -> Result<Server, String> {
    let client = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if let Ok(Some(status)) = server.child.try_wait() {
            let tail = server.log_tail();
            return Err(format!("{} exited with {status}:\n{tail}", server.name));
        }
        let url = format!("{}{path}", server.base);
        if let Ok(r) = client.get(&url).send().await
            && r.status().is_success()
        {
            return Ok(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "{} did not answer within 60 s:\n{}",
        server.name,
        server.log_tail()
    ))
}

/// The Python virtual environment with pylti1.3 (created on first use).
pub fn pylti_venv() -> PathBuf {
    PathBuf::from(format!("{MANIFEST_DIR}/target/bench-venv"))
}

/// Creates the venv and installs `bench/pylti/requirements.txt` unless gunicorn is already there.
pub fn ensure_pylti_venv() -> Result<(), String> {
    let venv = pylti_venv();
    if venv.join("bin/gunicorn").exists() {
        return Ok(());
    }
    eprintln!("creating {} with pylti1.3 (once)…", venv.display());
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|e| format!("python3 is not available ({e})"))?;
    if !status.success() {
        return Err("`python3 -m venv` failed (is the venv module installed?)".into());
    }
    let requirements = format!("{MANIFEST_DIR}/bench/pylti/requirements.txt");
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "-q", "-r", &requirements])
        .status()
        .map_err(|e| format!("running pip: {e}"))?;
    if !status.success() {
        return Err(format!("pip could not install {requirements}"));
    }
    Ok(())
}

/// Registers a tool at `base` whose login initiation is `/login` and whose launch (redirect and
/// target link) is `/launch`, as the pylti1.3 app and the floor server have them.
pub fn register_at(sim: &LmsSimulator, base: &str, name: &str) -> Result<RegisteredTool, String> {
    let url = |p: &str| url::Url::parse(&format!("{base}{p}")).map_err(|e| e.to_string());
    let mut tool = ToolRegistration::for_tool(base).map_err(|e| e.to_string())?;
    tool.name = name.into();
    tool.login_url = url("/login")?;
    tool.redirect_uris = vec![url("/launch")?];
    tool.target_link_uri = url("/launch")?;
    sim.register_tool(tool).map_err(|e| e.to_string())
}

/// Starts the pylti1.3 Flask tool under gunicorn (one worker process, four threads).
pub async fn start_pylti(sim: &LmsSimulator, dir: &Path) -> Result<Server, String> {
    let base = format!("http://127.0.0.1:{}", free_port()?);
    let registered = register_at(sim, &base, "pylti1.3 Flask")?;
    let config = serde_json::json!({ sim.issuer(): {
        "client_id": registered.client_id,
        "auth_login_url": sim.auth_url(),
        "auth_token_url": sim.token_url(),
        "key_set_url": sim.jwks_url(),
        "key_set": null,
        "deployment_ids": [deployment_of(&registered)],
    }});
    let log = dir.join("pylti.log");
    let bind = base.trim_start_matches("http://");
    let mut command = Command::new(pylti_venv().join("bin/gunicorn"));
    command
        .args(["--workers", "1", "--threads", "4", "--bind", bind])
        // Idle keep-alive connections stay open as long as the browsers' pools keep them.
        .args(["--keep-alive", "120"])
        .args(["--chdir", &format!("{MANIFEST_DIR}/bench/pylti"), "app:app"])
        .env("BENCH_PYLTI_CONFIG", config.to_string());
    spawn(
        "pylti1.3 (Flask, gunicorn)",
        base,
        registered.client_id,
        command,
        log,
        "/health",
    )
    .await
}
