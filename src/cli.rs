//! The command line: `securehospitals <noun> <verb>`. Each verb is a thin call into the domain.

mod certificate_cmd;
mod content_cmd;
mod demo_cmd;
mod grades_cmd;
mod keys_cmd;
mod operator_cmd;
mod ops_cmd;
mod platform_cmd;

use crate::config::{Config, ConfigArgs, LogFormat};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "securehospitals",
    version,
    about = "SecureHospitals cybersecurity awareness training as an LTI 1.3 tool"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the tool's web service.
    Serve,
    /// Try it out: the tool plus a built-in demo LMS on this computer, registered with each other.
    Demo(demo_cmd::DemoArgs),
    /// Platform registrations (LMSs) and their deployments.
    Platform {
        #[command(subcommand)]
        verb: Box<platform_cmd::PlatformVerb>,
    },
    /// The tool's signing keys.
    Keys {
        #[command(subcommand)]
        verb: keys_cmd::KeysVerb,
    },
    /// Grade passback: the outbox of scores for LMS gradebooks.
    Grades {
        #[command(subcommand)]
        verb: grades_cmd::GradesVerb,
    },
    /// Certificates: check a credential file, rotate the issuer key.
    Certificate {
        #[command(subcommand)]
        verb: certificate_cmd::CertificateVerb,
    },
    /// The course content under `content/`.
    Content {
        #[command(subcommand)]
        verb: content_cmd::ContentVerb,
    },
    /// Copy the SQLite database consistently while the tool runs (PostgreSQL: use pg_dump).
    Backup(ops_cmd::BackupArgs),
    /// Delete data past its retention period (a running server does this every hour).
    Purge,
    /// One learner's data on one platform: export or erase (GDPR Art. 15 and 17).
    Learner {
        #[command(subcommand)]
        verb: ops_cmd::LearnerVerb,
    },
    /// The operator pages' login (`/operator`).
    Operator {
        #[command(subcommand)]
        verb: operator_cmd::OperatorVerb,
    },
}

/// Runs the parsed command line with its resolved configuration (`Config::resolve`; `main`
/// resolves it first because the runtime's thread count is part of it).
pub async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    init_tracing(config.log_format);
    match cli.command {
        Command::Serve => serve(config).await,
        Command::Demo(args) => demo_cmd::run(&cli.config, Some(config.content_dir), args).await,
        Command::Platform { verb } => platform_cmd::run(config, *verb).await,
        Command::Keys { verb } => keys_cmd::run(config, verb).await,
        Command::Grades { verb } => grades_cmd::run(config, verb).await,
        Command::Certificate { verb } => certificate_cmd::run(config, verb).await,
        Command::Content { verb } => content_cmd::run(config, verb),
        Command::Backup(args) => ops_cmd::backup(config, args).await,
        Command::Purge => ops_cmd::purge(config).await,
        Command::Learner { verb } => ops_cmd::learner(config, verb).await,
        Command::Operator { verb } => operator_cmd::run(config, verb).await,
    }
}

/// An error and its causes on one line, each cause once: many errors repeat their source's
/// text in their own message (`database error: {0}`), which `{:#}` would print again.
pub fn describe_error(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only for a person at a terminal: a log file or journald gets plain lines (and
    // each line costs less to write).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let public = config.public_url.clone();
    let database = crate::db::redact_url(&config.database_url);
    let content = config.content_dir.display().to_string();
    let format = config.log_format;
    let running = crate::app::start(config, shutdown_signal()).await?;
    tracing::info!(
        addr = %running.addr,
        public_url = %public,
        %database,
        %content,
        "SecureHospitals LTI is serving"
    );
    // A line for a person at a terminal; a JSON log stays JSON line by line.
    if format == LogFormat::Text {
        eprintln!(
            "SecureHospitals LTI listening on http://{} (public URL {public})",
            running.addr
        );
    }
    let stopped = running.wait().await;
    tracing::info!("SecureHospitals LTI stopped");
    stopped
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}

#[cfg(test)]
mod tests {
    use super::Cli;

    #[test]
    fn an_error_names_each_cause_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("database error: {0}")]
        struct Wrapped(#[source] std::io::Error);
        let io = std::io::Error::other("unable to open database file");
        let e = anyhow::Error::new(Wrapped(io)).context("opening the database");
        assert_eq!(
            super::describe_error(&e),
            "opening the database: database error: unable to open database file"
        );
    }
    use clap::CommandFactory;

    #[test]
    fn every_option_is_documented_with_its_flag_and_environment_variable() {
        let doc = include_str!("../docs/configuration.md");
        for arg in Cli::command().get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if matches!(long, "help" | "version") {
                continue;
            }
            assert!(
                doc.contains(&format!("`--{long}`")),
                "docs/configuration.md lacks --{long}"
            );
            if let Some(env) = arg.get_env() {
                let env = env.to_string_lossy();
                assert!(
                    doc.contains(env.as_ref()),
                    "docs/configuration.md lacks {env}"
                );
            }
        }
    }
}
