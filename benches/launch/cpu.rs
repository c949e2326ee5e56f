//! CPU time (user + system) of a process and all its descendants, read from `/proc` (Linux), so
//! the benchmark charges a server exactly what it spent, wherever in its process tree.

use std::collections::HashMap;
use std::time::Duration;

/// Reads CPU times of process trees; knows the kernel's clock tick.
#[derive(Debug, Clone, Copy)]
pub struct CpuClock {
    ticks_per_sec: u64,
}

impl CpuClock {
    /// The clock tick from `getconf CLK_TCK` (100 on every common Linux).
    pub fn new() -> Self {
        let ticks_per_sec = std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .filter(|&t| t > 0)
            .unwrap_or(100);
        Self { ticks_per_sec }
    }

    /// The resolution of the figures.
    pub fn tick(&self) -> Duration {
        Duration::from_nanos(1_000_000_000 / self.ticks_per_sec)
    }

    /// utime + stime of `root` and every live descendant. Threads that ended are included (the
    /// kernel folds them into their process); processes that ended are not, and none do here.
    pub fn tree(&self, root: u32) -> Result<Duration, String> {
        let procs = all_processes();
        if !procs.contains_key(&root) {
            return Err(format!("process {root} is gone"));
        }
        let mut ticks = 0;
        for (&pid, stat) in &procs {
            if descends_from(pid, root, &procs) {
                ticks += stat.ticks;
            }
        }
        Ok(Duration::from_nanos(
            ticks.saturating_mul(1_000_000_000) / self.ticks_per_sec,
        ))
    }
}

/// Context switches (voluntary and not) of the live threads of `root` and its descendants: a
/// diagnostic, since every thread hop costs CPU on both sides.
pub fn tree_context_switches(root: u32) -> u64 {
    let procs = all_processes();
    let mut total = 0;
    for &pid in procs
        .keys()
        .filter(|&&pid| descends_from(pid, root, &procs))
    {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for task in tasks.filter_map(Result::ok) {
            let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            total += status
                .lines()
                .filter(|l| l.contains("ctxt_switches:"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    total
}

struct ProcStat {
    ppid: u32,
    ticks: u64,
}

fn descends_from(mut pid: u32, root: u32, procs: &HashMap<u32, ProcStat>) -> bool {
    for _ in 0..64 {
        if pid == root {
            return true;
        }
        match procs.get(&pid) {
            Some(p) if p.ppid != 0 && p.ppid != pid => pid = p.ppid,
            _ => return false,
        }
    }
    false
}

fn all_processes() -> HashMap<u32, ProcStat> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            Some((pid, parse_stat(&text)?))
        })
        .collect()
}

/// `/proc/<pid>/stat`: the command name may hold spaces and parentheses, so fields are counted
/// after the last `)`. There, index 1 is the ppid, 11 utime and 12 stime (fields 4, 14, 15).
fn parse_stat(text: &str) -> Option<ProcStat> {
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some(ProcStat {
        ppid: u32::try_from(field(1)?).ok()?,
        ticks: field(11)? + field(12)?,
    })
}
