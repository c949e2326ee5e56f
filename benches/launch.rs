//! The launch benchmark: CPU time of the tool per complete LTI launch (login + launch, JWKS
//! cached) and launch latency under concurrent load, with pylti1.3 (Flask) measured side by side
//! in the same run. `cargo bench --bench launch`; docs/benchmarks.md explains it.

#[path = "launch/browser.rs"]
mod browser;
#[path = "launch/cpu.rs"]
mod cpu;
#[path = "launch/floor.rs"]
mod floor;
#[path = "launch/load.rs"]
mod load;
#[path = "launch/report.rs"]
mod report;
#[path = "launch/servers.rs"]
mod servers;

use load::{Phase, PhaseSpec};
use securehospitals::lms_simulator::{LmsSimulator, SimulatorConfig};
use servers::Server;
use std::process::ExitCode;
use std::time::Duration;

// As in the tool's binary, so that the floor server allocates like the tool.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What to run, from the environment (see docs/benchmarks.md).
#[derive(Debug)]
struct Options {
    launches: usize,
    warmup: usize,
    time_limit: Duration,
    concurrency: Vec<usize>,
    pylti: bool,
    floor: bool,
    database_url: Option<String>,
}

impl Options {
    fn from_env() -> Result<Self, String> {
        let number = |name: &str, default: u64| -> Result<u64, String> {
            match std::env::var(name) {
                Ok(v) => v.parse().map_err(|_| format!("{name}={v} is not a number")),
                Err(_) => Ok(default),
            }
        };
        // `cargo bench` passes --bench; `cargo test --benches` does not: then a short smoke run.
        let full = std::env::args().any(|a| a == "--bench");
        let skip = std::env::var("BENCH_SKIP_PYLTI").is_ok_and(|v| !v.is_empty() && v != "0");
        let floor = !std::env::var("BENCH_SKIP_FLOOR").is_ok_and(|v| !v.is_empty() && v != "0");
        let pylti = !skip && (full || servers::pylti_venv().join("bin/gunicorn").exists());
        Ok(Self {
            launches: number("BENCH_LAUNCHES", if full { 3000 } else { 5 })?.max(1) as usize,
            warmup: number("BENCH_WARMUP", if full { 50 } else { 2 })?.max(1) as usize,
            time_limit: Duration::from_secs(number("BENCH_PHASE_SECS", 120)?.max(1)),
            concurrency: vec![1, 4, 16],
            pylti,
            floor,
            database_url: std::env::var("BENCH_DATABASE_URL")
                .ok()
                .filter(|v| !v.is_empty()),
        })
    }
}

fn main() -> ExitCode {
    if let Some(code) = floor::serve_if_asked() {
        return code;
    }
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
            eprintln!("launch benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let options = Options::from_env()?;
    let clock = cpu::CpuClock::new();
    report::machine(clock);
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .map_err(|e| format!("starting the LMS simulator: {e}"))?;
    let dir = tempfile::tempdir().map_err(|e| format!("creating a temp dir: {e}"))?;
    let db = dir.path().join("bench.db");
    let database_url = match &options.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite:{}", db.display()),
    };
    let tool = servers::start_tool(&sim, dir.path(), &database_url).await?;
    let backend = if options.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let ours = measure(&sim, &tool, "rl-securehospitals", &options, clock).await;
    drop(tool);
    let ours = (format!("{} on {backend}", "SecureHospitals (Rust)"), ours?);
    let pylti = if options.pylti {
        Some(measure_pylti(&sim, dir.path(), &options, clock).await?)
    } else {
        println!("\npylti1.3 skipped (BENCH_SKIP_PYLTI set, or a smoke run without its venv)");
        None
    };
    let floor = if options.floor {
        let server = floor::start(&sim, dir.path()).await?;
        let phases = measure(&sim, &server, "rl-floor", &options, clock).await?;
        Some((server.name.to_owned(), phases))
    } else {
        None
    };
    report::summary(&ours, pylti.as_ref(), floor.as_ref());
    let all = [Some(&ours), pylti.as_ref(), floor.as_ref()];
    let errors: usize = all
        .iter()
        .flatten()
        .flat_map(|(_, p)| p)
        .map(|p| p.errors)
        .sum();
    if errors > 0 {
        return Err(format!(
            "{errors} launches failed; the figures above are not valid"
        ));
    }
    Ok(())
}

async fn measure_pylti(
    sim: &LmsSimulator,
    dir: &std::path::Path,
    options: &Options,
    clock: cpu::CpuClock,
) -> Result<(String, Vec<Phase>), String> {
    servers::ensure_pylti_venv()
        .map_err(|e| format!("{e}\n(set BENCH_SKIP_PYLTI=1 to run without the pylti1.3 side)"))?;
    let server = servers::start_pylti(sim, dir).await?;
    let phases = measure(sim, &server, "rl-pylti", options, clock).await?;
    Ok((server.name.to_owned(), phases))
}

/// Warm-up (fills the JWKS cache), then one measured phase per concurrency level.
async fn measure(
    sim: &LmsSimulator,
    server: &Server,
    resource_link: &str,
    options: &Options,
    clock: cpu::CpuClock,
) -> Result<Vec<Phase>, String> {
    let target = (server.pid(), server.client_id.as_str(), resource_link);
    let warmup = PhaseSpec {
        concurrency: 1,
        launches: options.warmup,
        time_limit: options.time_limit,
    };
    let warm = load::run(sim, target, warmup, clock).await?;
    if let Some(e) = warm.first_error {
        return Err(format!(
            "{}: warm-up launch failed: {e}\n{}",
            server.name,
            server.log_tail()
        ));
    }
    let jwks_before = sim.jwks_fetches();
    let mut phases = Vec::new();
    for &concurrency in &options.concurrency {
        let spec = PhaseSpec {
            concurrency,
            launches: options.launches,
            time_limit: options.time_limit,
        };
        let phase = load::run(sim, target, spec, clock).await?;
        report::phase(server.name, &phase);
        phases.push(phase);
    }
    let fetched = sim.jwks_fetches() - jwks_before;
    println!(
        "{}: the platform JWKS was fetched {fetched} times while measuring",
        server.name
    );
    Ok(phases)
}
