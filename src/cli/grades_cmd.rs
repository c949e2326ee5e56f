//! `securehospitals grades status|retry`: the grade outbox as an operator sees it, and putting
//! dead letters back into the queue once their cause is fixed.

use crate::config::Config;
use crate::grades::{OutboxStatus, unix_ms};
use clap::Subcommand;
use std::collections::HashMap;
use std::fmt::Write;

#[derive(Debug, Subcommand)]
pub enum GradesVerb {
    /// Queue depth, oldest pending score, failures by platform and the dead letters.
    Status,
    /// Queue every dead letter again (it keeps its timestamp, so a score that did land is
    /// recognised by read-back and not counted twice).
    Retry,
}

pub async fn run(config: Config, verb: GradesVerb) -> anyhow::Result<()> {
    let (store, _) = crate::app::open_existing_store(&config).await?;
    let now = unix_ms(std::time::SystemTime::now());
    match verb {
        GradesVerb::Status => {
            let status = store.outbox_status().await?;
            let names = store
                .list_registrations()
                .await?
                .into_iter()
                .map(|r| (r.id.to_string(), r.name))
                .collect();
            print!("{}", render_status(&status, &names, now));
        }
        GradesVerb::Retry => {
            let n = store.retry_dead_letters(now).await?;
            if n == 0 {
                println!("no dead letters: nothing to queue again");
            } else {
                println!("{n} dead letter(s) queued again; a running server delivers them shortly");
            }
        }
    }
    Ok(())
}

/// The status as text: one summary line, then failures per platform, then dead letters.
pub fn render_status(s: &OutboxStatus, names: &HashMap<String, String>, now_ms: i64) -> String {
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut out = String::new();
    let oldest = s.oldest_pending_ms.map_or_else(
        || "none".to_owned(),
        |t| format!("{} s ago", (now_ms - t).max(0) / 1000),
    );
    let _ = writeln!(
        out,
        "queue: {} pending (oldest {oldest}), {} dead letter(s), {} delivered",
        s.pending, s.dead, s.delivered
    );
    if !s.failures.is_empty() {
        let _ = writeln!(out, "failures by platform:");
    }
    for f in &s.failures {
        let _ = writeln!(
            out,
            "  {}: {} dead, {} retrying; last answer: {}",
            name(&f.registration_id),
            f.dead,
            f.retrying,
            f.last_error.as_deref().unwrap_or("-")
        );
    }
    if !s.dead_letters.is_empty() {
        let _ = writeln!(out, "dead letters (fix the cause, then `grades retry`):");
    }
    for d in &s.dead_letters {
        let status = d
            .status
            .map_or_else(|| "no answer".to_owned(), |c| format!("HTTP {c}"));
        let _ = writeln!(
            out,
            "  {} {} user {} score {}: {status}: {}",
            d.id,
            name(&d.registration_id),
            d.user_id,
            d.score_given,
            d.answer
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grades::{DeadLetter, PlatformFailures};

    #[test]
    fn status_names_the_platform_and_keeps_its_answer() {
        let status = OutboxStatus {
            pending: 2,
            dead: 1,
            delivered: 5,
            oldest_pending_ms: Some(10_000),
            failures: vec![PlatformFailures {
                registration_id: "r1".into(),
                dead: 1,
                retrying: 0,
                last_error: Some("not gradable".into()),
            }],
            dead_letters: vec![DeadLetter {
                id: "s1".into(),
                registration_id: "r1".into(),
                user_id: "3".into(),
                score_given: 100,
                status: Some(400),
                answer: "not gradable".into(),
            }],
        };
        let names = HashMap::from([("r1".to_owned(), "Moodle".to_owned())]);
        let text = render_status(&status, &names, 70_000);
        assert!(
            text.contains("2 pending (oldest 60 s ago), 1 dead letter(s), 5 delivered"),
            "{text}"
        );
        assert!(
            text.contains("Moodle: 1 dead, 0 retrying; last answer: not gradable"),
            "{text}"
        );
        assert!(
            text.contains("s1 Moodle user 3 score 100: HTTP 400: not gradable"),
            "{text}"
        );
    }
}
