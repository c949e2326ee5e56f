//! The floor: what the same two requests cost on this machine when the server does none of the
//! LTI work. A bare axum server with the tool's runtime settings (the same worker threads)
//! answers the platform's login initiation
//! with a 302 to the platform's auth endpoint (a random state and nonce, a state cookie) and the
//! id_token form post with a 303 and a session cookie, validating nothing and storing nothing.
//! Every simulated browser step is the same as for the real tools, so the difference between
//! the tool's figure and this one is the tool's own work; this one is HTTP, loopback TCP and
//! scheduling on this VM.
//!
//! It runs as its own process, like the servers it is compared with: the benchmark binary starts
//! itself again with `BENCH_FLOOR_LISTEN` set.

use super::servers::{Server, free_port, register_at, spawn};
use axum::Router;
use axum::extract::Form;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use rand::distr::{Alphanumeric, SampleString};
use securehospitals::lms_simulator::LmsSimulator;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const LISTEN: &str = "BENCH_FLOOR_LISTEN";
const AUTH_URL: &str = "BENCH_FLOOR_AUTH_URL";
const REDIRECT_URI: &str = "BENCH_FLOOR_REDIRECT_URI";

/// When started as the floor server: serve until killed and return the exit code.
pub fn serve_if_asked() -> Option<std::process::ExitCode> {
    let listen = std::env::var(LISTEN).ok()?;
    let failed = |e: String| {
        eprintln!("floor server: {e}");
        Some(std::process::ExitCode::FAILURE)
    };
    let auth = std::env::var(AUTH_URL)
        .ok()
        .and_then(|u| url::Url::parse(&u).ok());
    let (Some(auth), Ok(redirect)) = (auth, std::env::var(REDIRECT_URI)) else {
        return failed(format!("{AUTH_URL} (a URL) and {REDIRECT_URI} must be set"));
    };
    // The tool's own default, so both run with the same number of request threads.
    let workers = match securehospitals::config::Config::resolve(&Default::default()) {
        Ok(c) => c.worker_threads,
        Err(e) => return failed(e.to_string()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => return failed(e.to_string()),
    };
    let app = Router::new()
        .route(
            "/login",
            post(move |f| login(f, auth.clone(), redirect.clone())),
        )
        .route("/launch", post(launch).get(|| async { "ready" }));
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&listen).await?;
        axum::serve(listener, app).await
    });
    match served {
        Ok(()) => Some(std::process::ExitCode::SUCCESS),
        Err(e) => failed(e.to_string()),
    }
}

async fn login(
    Form(form): Form<HashMap<String, String>>,
    auth: url::Url,
    redirect_uri: String,
) -> (StatusCode, HeaderMap) {
    let random = || Alphanumeric.sample_string(&mut rand::rng(), 43);
    let state = random();
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let mut target = auth;
    target
        .query_pairs_mut()
        .append_pair("scope", "openid")
        .append_pair("response_type", "id_token")
        .append_pair("response_mode", "form_post")
        .append_pair("prompt", "none")
        .append_pair("client_id", field("client_id"))
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("login_hint", field("login_hint"))
        .append_pair("lti_message_hint", field("lti_message_hint"))
        .append_pair("state", &state)
        .append_pair("nonce", &random());
    let mut headers = HeaderMap::new();
    if let Ok(v) = target.as_str().parse() {
        headers.insert(LOCATION, v);
    }
    let cookie = format!("floor_state={state}; Path=/; HttpOnly; Secure; SameSite=None");
    if let Ok(v) = cookie.parse() {
        headers.insert(SET_COOKIE, v);
    }
    (StatusCode::FOUND, headers)
}

async fn launch(Form(form): Form<HashMap<String, String>>) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    let seen = form.get("id_token").map_or(0, String::len);
    let page = format!("/course?token_bytes={seen}");
    if let Ok(v) = page.parse() {
        headers.insert(LOCATION, v);
    }
    let cookie = format!(
        "floor_session={}; Path=/; HttpOnly; Secure; SameSite=None",
        Alphanumeric.sample_string(&mut rand::rng(), 43)
    );
    if let Ok(v) = cookie.parse() {
        headers.insert(SET_COOKIE, v);
    }
    (StatusCode::SEE_OTHER, headers)
}

/// Registers the floor server with the simulator and starts it (this binary, again).
pub async fn start(sim: &LmsSimulator, dir: &Path) -> Result<Server, String> {
    let base = format!("http://127.0.0.1:{}", free_port()?);
    let registered = register_at(sim, &base, "floor")?;
    let log = dir.join("floor.log");
    let exe = std::env::current_exe().map_err(|e| format!("finding this benchmark: {e}"))?;
    let mut command = Command::new(exe);
    command
        .env(LISTEN, base.trim_start_matches("http://"))
        .env(AUTH_URL, sim.auth_url())
        .env(REDIRECT_URI, format!("{base}/launch"));
    spawn(
        "floor: bare axum, no LTI work",
        base,
        registered.client_id,
        command,
        log,
        "/launch",
    )
    .await
}
