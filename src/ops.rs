//! Operations without HTTP or SQL: retention periods and what `purge` removes, the tables that
//! hold a learner's or a tenant's data (for GDPR export and erasure), and their reports.

pub mod tables;

use std::time::Duration;

/// How long data is kept. Sessions and used nonces need no setting: they go when they expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Quiz attempts (with the learner's answers), counted from the attempt's start. Module
    /// progress (best score, passed) is kept: it is the learner's training record.
    pub attempts: Duration,
    /// Scores delivered to a gradebook (the LMS holds them now).
    pub delivered_scores: Duration,
    /// Scores the platform refused for good, kept for an operator to look at and retry.
    pub dead_letters: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            attempts: days(365),
            delivered_scores: days(30),
            dead_letters: days(180),
        }
    }
}

pub fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

impl Retention {
    /// The cutoffs for a purge run at `now_secs` (unix seconds).
    pub fn cutoffs(&self, now_secs: i64) -> PurgeCutoffs {
        let before = |d: Duration| now_secs.saturating_sub(d.as_secs() as i64);
        PurgeCutoffs {
            now_secs,
            attempts_before_secs: before(self.attempts),
            delivered_before_ms: before(self.delivered_scores).saturating_mul(1000),
            dead_before_ms: before(self.dead_letters).saturating_mul(1000),
        }
    }
}

/// Rows older than these go: expired sessions and nonces, attempts started before
/// `attempts_before_secs`, delivered and dead scores created before their cutoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgeCutoffs {
    pub now_secs: i64,
    pub attempts_before_secs: i64,
    pub delivered_before_ms: i64,
    pub dead_before_ms: i64,
}

/// Rows removed, by table (or by kind of row).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RowCounts(pub Vec<(String, u64)>);

impl RowCounts {
    pub fn add(&mut self, what: &str, n: u64) {
        self.0.push((what.to_owned(), n));
    }
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
    /// The counts of the named tables only.
    pub fn only(&self, tables: &[&str]) -> Self {
        Self(
            self.0
                .iter()
                .filter(|(w, _)| tables.contains(&w.as_str()))
                .cloned()
                .collect(),
        )
    }
    pub fn get(&self, what: &str) -> u64 {
        self.0
            .iter()
            .filter(|(w, _)| w == what)
            .map(|(_, n)| n)
            .sum()
    }
}

impl std::fmt::Display for RowCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (what, n) in &self.0 {
            writeln!(f, "  {what}: {n}")?;
        }
        write!(f, "  total: {}", self.total())
    }
}

/// Everything stored about one learner of one platform (GDPR Art. 15): per table, the rows as
/// column → value (values as text, as the database holds them; `null` when empty).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LearnerExport {
    pub platform: String,
    pub user: String,
    pub exported_at: i64,
    pub tables: std::collections::BTreeMap<String, Vec<serde_json::Map<String, serde_json::Value>>>,
}

/// A running server applies the retention periods once an hour (the first run an hour after
/// start, so a restart loop does not hammer the database). Deletes are idempotent: several
/// instances purging at once remove each row once.
pub fn spawn_retention_purge(state: crate::state::AppState) {
    tokio::spawn(async move {
        let hour = std::time::Duration::from_secs(3600);
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            tick.tick().await;
            let cutoffs = state.config.retention.cutoffs(crate::launch::unix_now());
            match state.store.purge_retained(&cutoffs).await {
                Ok(n) => tracing::info!(rows = n.total(), "retention purge"),
                Err(e) => tracing::warn!(error = %e, "retention purge failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_lie_the_retention_period_before_now() {
        let r = Retention {
            attempts: days(2),
            delivered_scores: Duration::from_secs(10),
            dead_letters: Duration::from_secs(20),
        };
        let c = r.cutoffs(1_000_000);
        assert_eq!(c.attempts_before_secs, 1_000_000 - 2 * 86_400);
        assert_eq!(c.delivered_before_ms, 999_990_000);
        assert_eq!(c.dead_before_ms, 999_980_000);
        assert_eq!(c.now_secs, 1_000_000);
    }

    #[test]
    fn row_counts_add_up_and_print_per_table() {
        let mut n = RowCounts::default();
        n.add("sessions", 2);
        n.add("quiz_attempts", 3);
        assert_eq!(n.total(), 5);
        assert_eq!(n.get("quiz_attempts"), 3);
        assert!(n.to_string().contains("quiz_attempts: 3"));
    }
}
