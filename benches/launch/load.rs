//! A measured phase: C concurrent browsers share a bounded number of launches (and a time
//! limit), while the server's process-tree CPU time is read before and after.

use super::browser::{Browser, Timing};
use super::cpu::CpuClock;
use securehospitals::lms_simulator::LmsSimulator;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What one phase asks for.
#[derive(Debug, Clone, Copy)]
pub struct PhaseSpec {
    pub concurrency: usize,
    pub launches: usize,
    pub time_limit: Duration,
}

/// What one phase measured.
#[derive(Debug)]
pub struct Phase {
    pub spec: PhaseSpec,
    pub ok: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub wall: Duration,
    pub cpu: Duration,
    /// Context switches of the server's threads (a diagnostic).
    pub switches: u64,
    /// Sorted tool latencies (login + launch round trips) and whole-flow latencies.
    pub tool: Vec<Duration>,
    pub flow: Vec<Duration>,
}

impl Phase {
    /// Server CPU per successful launch.
    pub fn cpu_per_launch(&self) -> Duration {
        self.cpu / u32::try_from(self.ok.max(1)).unwrap_or(u32::MAX)
    }

    pub fn switches_per_launch(&self) -> f64 {
        self.switches as f64 / self.ok.max(1) as f64
    }

    pub fn launches_per_sec(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// The `p`-th percentile (0..=100) of sorted values, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

type Outcome = Vec<Result<Timing, String>>;

/// Runs one phase against the server `pid` whose registration is `client_id`.
pub async fn run(
    sim: &LmsSimulator,
    target: (u32, &str, &str),
    spec: PhaseSpec,
    clock: CpuClock,
) -> Result<Phase, String> {
    let (pid, client_id, resource_link) = target;
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + spec.time_limit;
    let cpu_before = clock.tree(pid)?;
    let switches_before = super::cpu::tree_context_switches(pid);
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..spec.concurrency {
        let (sim, next) = (sim.clone(), next.clone());
        let (client_id, link) = (client_id.to_owned(), resource_link.to_owned());
        let browser = Browser::new()?;
        workers.push(tokio::spawn(async move {
            let mut out = Outcome::new();
            while next.fetch_add(1, Ordering::Relaxed) < spec.launches && Instant::now() < deadline
            {
                out.push(browser.launch(&sim, &client_id, &link).await);
            }
            out
        }));
    }
    let mut results = Outcome::new();
    for worker in workers {
        results.extend(
            worker
                .await
                .map_err(|e| format!("a browser task failed: {e}"))?,
        );
    }
    let wall = start.elapsed();
    let cpu = clock.tree(pid)?.saturating_sub(cpu_before);
    let switches = super::cpu::tree_context_switches(pid).saturating_sub(switches_before);
    let mut phase = summarise(spec, results, wall, cpu);
    phase.switches = switches;
    Ok(phase)
}

fn summarise(spec: PhaseSpec, results: Outcome, wall: Duration, cpu: Duration) -> Phase {
    let mut phase = Phase {
        spec,
        ok: 0,
        errors: 0,
        first_error: None,
        wall,
        cpu,
        switches: 0,
        tool: Vec::new(),
        flow: Vec::new(),
    };
    for result in results {
        match result {
            Ok(t) => {
                phase.ok += 1;
                phase.tool.push(t.tool);
                phase.flow.push(t.flow);
            }
            Err(e) => {
                phase.errors += 1;
                phase.first_error.get_or_insert(e);
            }
        }
    }
    phase.tool.sort_unstable();
    phase.flow.sort_unstable();
    phase
}
