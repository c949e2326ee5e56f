//! `securehospitals demo`: starts the tool and the demo LMS on loopback, prints the one URL to
//! open, and runs until Ctrl+C. Its database is a SQLite file recreated at every start, never the
//! configured database, so a demo cannot touch real data.

use crate::config::ConfigArgs;
use crate::demo::{self, DemoOptions};
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the tool listens. Loopback by default: the demo has no logins.
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub tool_addr: SocketAddr,
    /// Where the demo LMS listens (its home page is the URL to open).
    #[arg(long, default_value = "127.0.0.1:8001")]
    pub lms_addr: SocketAddr,
    /// Folder of the demo's SQLite database (`demo.db`, deleted and recreated at every start).
    #[arg(long, default_value = "data/demo")]
    pub data_dir: PathBuf,
}

pub async fn run(
    configured: &ConfigArgs,
    content_dir: Option<PathBuf>,
    args: DemoArgs,
) -> anyhow::Result<()> {
    for (option, set) in [
        ("database URL", configured.database_url.is_some()),
        ("listen address", configured.listen.is_some()),
        ("public URL", configured.public_url.is_some()),
    ] {
        if set {
            eprintln!("note: the demo ignores the configured {option}; it uses its own");
        }
    }
    let database = fresh_database(&args.data_dir)?;
    let options = DemoOptions {
        tool_listen: args.tool_addr,
        lms_listen: args.lms_addr,
        database_url: format!("sqlite:{}", database.display()),
        key_encryption_key: None,
        content_dir,
    };
    let running = demo::start(options, super::shutdown_signal()).await?;
    let exposed = [running.tool.addr, running.lms.addr()]
        .into_iter()
        .filter(|a| !a.ip().is_loopback())
        .collect::<Vec<_>>();
    eprintln!("SecureHospitals demo");
    eprintln!(
        "  The tool ({}) and the demo LMS ({}) run in this process.",
        running.tool.addr,
        running.lms.addr()
    );
    if exposed.is_empty() {
        eprintln!("  Both listen on loopback only: no other computer can reach them.");
    } else {
        eprintln!(
            "  WARNING: {exposed:?} can be reached from other computers, and the demo has no logins."
        );
    }
    eprintln!(
        "  The tool registered itself with the demo LMS through LTI Dynamic Registration \
         (client id {}, deployment {}).",
        running.client_id, running.deployment_id
    );
    eprintln!(
        "  Demo data: {} (recreated at every start).",
        database.display()
    );
    eprintln!("  Press Ctrl+C to stop.\n");
    println!("Open {}", running.home_url());
    running.tool.wait().await
}

/// Deletes the previous demo database (the demo LMS forgets everything when it stops, so old
/// tool data would only point at people and links that no longer exist).
fn fresh_database(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let database = dir.join("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.clone().into_os_string();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("removing the old demo database {name:?}"));
            }
        }
    }
    Ok(database)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    #[test]
    fn the_demo_listens_on_loopback_unless_told_otherwise() {
        let cli = Cli::try_parse_from(["securehospitals", "demo"]).expect("parses");
        let Command::Demo(args) = cli.command else {
            panic!("not the demo command");
        };
        assert!(args.tool_addr.ip().is_loopback() && args.lms_addr.ip().is_loopback());
        assert_ne!(args.tool_addr.port(), args.lms_addr.port());
    }

    #[test]
    fn each_start_gets_a_fresh_database_and_keeps_other_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["demo.db", "demo.db-wal", "demo.db-shm", "notes.txt"] {
            std::fs::write(dir.path().join(name), "old").expect("write");
        }
        let database = fresh_database(dir.path()).expect("fresh");
        assert_eq!(database, dir.path().join("demo.db"));
        for name in ["demo.db", "demo.db-wal", "demo.db-shm"] {
            assert!(!dir.path().join(name).exists(), "{name} removed");
        }
        assert!(dir.path().join("notes.txt").exists());
    }
}
