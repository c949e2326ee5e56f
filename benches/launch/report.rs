//! Printing: the machine, each phase as it ends, and a Markdown summary with the CPU ratio
//! (ready to paste into docs/benchmarks.md).

use super::cpu::CpuClock;
use super::load::{Phase, percentile};
use std::time::Duration;

/// The aim for SecureHospitals on SQLite with two cores (reported, never asserted).
const AIM: Duration = Duration::from_micros(150);

/// A server's name and its measured phases.
pub type Measured = (String, Vec<Phase>);

pub fn machine(clock: CpuClock) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")?
                .split_once(':')
                .map(|(_, m)| m.trim())
        })
        .unwrap_or("unknown");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    // Other work on the machine inflates every figure: say how busy it was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!(
        "machine: {cores} CPUs, {model}; load average {} before the run; CPU time resolution {:?}",
        load.join(" "),
        clock.tick()
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn us(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1_000_000.0)
}

pub fn phase(name: &str, p: &Phase) {
    println!(
        "{name}, C={}: {} launches ({} failed) in {:.2} s, {:.0}/s; server CPU {} ms = {} µs per launch, {:.1} context switches per launch; \
         tool latency p50/p95/p99 {}/{}/{} ms",
        p.spec.concurrency,
        p.ok,
        p.errors,
        p.wall.as_secs_f64(),
        p.launches_per_sec(),
        ms(p.cpu),
        us(p.cpu_per_launch()),
        p.switches_per_launch(),
        ms(percentile(&p.tool, 50.0)),
        ms(percentile(&p.tool, 95.0)),
        ms(percentile(&p.tool, 99.0)),
    );
    if let Some(e) = &p.first_error {
        println!("  first failure: {e}");
    }
}

/// Server CPU per launch over every measured phase of a server.
fn overall(phases: &[Phase]) -> Duration {
    let cpu: Duration = phases.iter().map(|p| p.cpu).sum();
    let ok: usize = phases.iter().map(|p| p.ok).sum();
    cpu / u32::try_from(ok.max(1)).unwrap_or(u32::MAX)
}

/// The table of every server's phases, then the per-launch figures: ours against the aim, the
/// ratio to pylti1.3, and our own work above the floor.
pub fn summary(ours: &Measured, pylti: Option<&Measured>, floor: Option<&Measured>) {
    let results: Vec<&Measured> = [Some(ours), pylti, floor].into_iter().flatten().collect();
    println!(
        "\n| server | C | launches | failed | CPU per launch | launches/s | tool p50 / p95 / p99 (ms) | whole flow p50 / p95 / p99 (ms) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, phases) in &results {
        for p in phases {
            let pct = |v: &[Duration]| [50.0, 95.0, 99.0].map(|q| ms(percentile(v, q))).join(" / ");
            println!(
                "| {name} | {} | {} | {} | {} µs | {:.0} | {} | {} |",
                p.spec.concurrency,
                p.ok,
                p.errors,
                us(p.cpu_per_launch()),
                p.launches_per_sec(),
                pct(&p.tool),
                pct(&p.flow),
            );
        }
    }
    println!();
    for (name, phases) in &results {
        let per_launch = overall(phases);
        println!(
            "{name}: {} µs of server CPU per complete launch ({} µs per request), all phases",
            us(per_launch),
            us(per_launch / 2)
        );
    }
    let (name, phases) = ours;
    let verdict = if overall(phases) <= AIM {
        "met"
    } else {
        "NOT met"
    };
    println!(
        "aim for {name}: at most {} µs per launch: {verdict}",
        us(AIM)
    );
    if let Some((_, theirs)) = pylti {
        let ratio = overall(theirs).as_secs_f64() / overall(phases).as_secs_f64().max(1e-12);
        println!("pylti1.3 spends {ratio:.1} times as much CPU per launch");
    }
    if let Some((_, bare)) = floor {
        let own = overall(phases).saturating_sub(overall(bare));
        println!(
            "above the floor (HTTP, loopback and scheduling alone: {} µs), the tool's own work is {} µs per launch",
            us(overall(bare)),
            us(own)
        );
    }
}
