//! The grade passback benchmark: how fast a backlog of queued scores drains into the LMS
//! simulator once the platform is reachable, in scores per second. `cargo bench --bench grades`
//! (10,000 scores; `BENCH_GRADES=n` to change it, `BENCH_DATABASE_URL` for PostgreSQL).

use securehospitals::config::{Config, ConfigArgs};
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{
    Endpoint, Fault, LmsSimulator, RunningSimulator, SimulatorConfig, ToolRegistration,
};
use securehospitals::platforms::{DeploymentPolicy, NewRegistration, RegistrationStatus};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const KEK: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";
const LEARNERS: [&str; 3] = ["4", "5", "6"];

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    let outcome = match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => Err(format!("cannot start the async runtime: {e}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grades benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scores_to_send() -> Result<usize, String> {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then a short smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    match std::env::var("BENCH_GRADES") {
        Ok(v) => v
            .parse()
            .map_err(|_| format!("BENCH_GRADES={v} is not a number")),
        Err(_) => Ok(if full { 10_000 } else { 150 }),
    }
}

async fn run() -> Result<(), String> {
    let n = scores_to_send()?.max(3);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let database_url = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let config = Config::resolve(&ConfigArgs {
        database_url: Some(database_url.clone()),
        key_encryption_key: Some(KEK.into()),
        public_url: Some(
            format!("http://{addr}/")
                .parse()
                .map_err(|e| format!("{e}"))?,
        ),
        listen: Some(addr),
        grade_retry_base_ms: Some(200),
        grade_retry_max_secs: Some(1),
        grade_poll_ms: Some(50),
        content_dir: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/content").into()),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    // The platform is down while the backlog builds up (every score POST answers 503).
    sim.inject_fault(Endpoint::Scores, Fault::Status(503), u32::MAX);
    let tool = securehospitals::app::start_on(listener, config, std::future::pending())
        .await
        .map_err(|e| format!("starting the tool: {e:#}"))?;
    let registration = register(&sim, &tool, &format!("http://{addr}")).await?;
    let started = Instant::now();
    enqueue_backlog(&sim, &tool, registration, n).await?;
    println!(
        "queued {n} scores in {:.1} s while the platform answered 503",
        started.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    sim.clear_faults();
    let recovered = Instant::now();
    let store = &tool.state.store;
    loop {
        let status = store.outbox_status().await.map_err(|e| e.to_string())?;
        if status.pending == 0 {
            let secs = recovered.elapsed().as_secs_f64();
            let backend = database_url.split(':').next().unwrap_or("?");
            println!(
                "backend {backend}: drained {} scores in {secs:.2} s after the platform recovered",
                status.delivered
            );
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let rate = status.delivered as f64 / secs;
            println!("delivered {rate:.0} scores/s (includes up to 1 s of remaining backoff)");
            if status.delivered != i64::try_from(n).unwrap_or(i64::MAX) || status.dead != 0 {
                return Err(format!("expected {n} delivered and none dead: {status:?}"));
            }
            break;
        }
        if recovered.elapsed() > Duration::from_secs(600) {
            return Err(format!("not drained after 10 minutes: {status:?}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let accepted = sim.gradebook().len();
    if accepted != n {
        return Err(format!(
            "the gradebook holds {accepted} cells, expected {n}"
        ));
    }
    Ok(())
}

async fn register(
    sim: &RunningSimulator,
    tool: &securehospitals::app::Running,
    base: &str,
) -> Result<securehospitals::platforms::RegistrationId, String> {
    let tool_reg = ToolRegistration::for_tool(base).map_err(|e| e.to_string())?;
    let registered = sim.register_tool(tool_reg).map_err(|e| e.to_string())?;
    let deployment = registered
        .registration
        .deployment_ids
        .first()
        .cloned()
        .unwrap_or_else(|| registered.type_id.to_string());
    let parse = |what: &str, e: String| format!("{what}: {e}");
    let reg = tool
        .state
        .store
        .insert_registration(NewRegistration {
            name: "Simulated Moodle".into(),
            issuer: lti::Issuer::parse(sim.issuer()).map_err(|e| parse("issuer", e.to_string()))?,
            client_id: lti::ClientId::parse(registered.client_id.clone())
                .map_err(|e| parse("client id", e.to_string()))?,
            auth_url: sim
                .auth_url()
                .parse()
                .map_err(|e: url::ParseError| e.to_string())?,
            token_url: sim
                .token_url()
                .parse()
                .map_err(|e: url::ParseError| e.to_string())?,
            jwks_url: sim
                .jwks_url()
                .parse()
                .map_err(|e: url::ParseError| e.to_string())?,
            status: RegistrationStatus::Active,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![],
            deployments: vec![lti::DeploymentId::parse(deployment).map_err(|e| e.to_string())?],
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(reg.id)
}

/// One score per learner and line item (so no score supersedes another).
async fn enqueue_backlog(
    sim: &RunningSimulator,
    tool: &securehospitals::app::Running,
    registration: securehospitals::platforms::RegistrationId,
    n: usize,
) -> Result<(), String> {
    let client_id = sim
        .tools()
        .first()
        .map(|t| t.client_id.clone())
        .ok_or("no tool")?;
    let type_id = sim.tool(&client_id).ok_or("no tool")?.type_id;
    let mut queued = 0;
    while queued < n {
        let activity = sim
            .add_activity(&client_id, "2", "Module", Some(100.0))
            .map_err(|e| e.to_string())?;
        let item = activity.line_item_id.ok_or("activity without line item")?;
        let url = sim.url(&format!(
            "/mod/lti/services.php/2/lineitems/{item}/lineitem?type_id={type_id}"
        ));
        for user in LEARNERS.iter().take(n - queued) {
            let score = QueuedScore::new(registration, &url, user, "M01", 80, "benchmark");
            tool.state
                .store
                .enqueue_score(&score)
                .await
                .map_err(|e| e.to_string())?;
            queued += 1;
        }
    }
    Ok(())
}
