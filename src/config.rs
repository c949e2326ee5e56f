//! Configuration: flags, then `SECUREHOSPITALS_*` environment variables, then an optional TOML
//! file (`--config`), then defaults. Every option is listed in `docs/configuration.md`.

use clap::Args;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// Options shared by every command that opens the database or serves.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArgs {
    /// TOML file with any of the options below (flags and environment win over it).
    #[arg(long, env = "SECUREHOSPITALS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Database URL: `sqlite:data/securehospitals.db` (default) or `postgres://…`. `DATABASE_URL` works too.
    #[arg(long, env = "SECUREHOSPITALS_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Key-encryption key for the tool's private keys (32 bytes, base64url). Required with PostgreSQL.
    #[arg(
        long,
        env = "SECUREHOSPITALS_KEY_ENCRYPTION_KEY",
        global = true,
        hide_env_values = true
    )]
    pub key_encryption_key: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "SECUREHOSPITALS_LISTEN", global = true)]
    pub listen: Option<SocketAddr>,
    /// The tool's public base URL, as LMSs reach it; every URL the tool hands out derives from it.
    #[arg(long, env = "SECUREHOSPITALS_PUBLIC_URL", global = true)]
    pub public_url: Option<Url>,
    /// Clock leeway for id_token `iat`/`exp`, in seconds.
    #[arg(long, env = "SECUREHOSPITALS_LAUNCH_LEEWAY_SECS", global = true)]
    pub launch_leeway_secs: Option<u64>,
    /// How long a login state (between `/lti/login` and `/lti/launch`) stays valid, in seconds.
    #[arg(long, env = "SECUREHOSPITALS_LOGIN_STATE_TTL_SECS", global = true)]
    pub login_state_ttl_secs: Option<u64>,
    /// A tool session ends after this many seconds without activity.
    #[arg(long, env = "SECUREHOSPITALS_SESSION_IDLE_SECS", global = true)]
    pub session_idle_secs: Option<u64>,
    /// Proxies whose `X-Forwarded-For` is trusted for client addresses (comma-separated IPs).
    #[arg(
        long,
        env = "SECUREHOSPITALS_TRUSTED_PROXIES",
        global = true,
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<IpAddr>>,
    /// Requests per minute per client address on `/lti/login` and `/lti/launch`.
    #[arg(long, env = "SECUREHOSPITALS_LAUNCH_RATE_PER_MINUTE", global = true)]
    pub launch_rate_per_minute: Option<u32>,
    /// After `keys rotate`, seconds before the new key starts signing (it is published at once).
    #[arg(long, env = "SECUREHOSPITALS_KEY_SIGN_DELAY_SECS", global = true)]
    pub key_sign_delay_secs: Option<u64>,
    /// Seconds a retired key stays published after it stopped signing.
    #[arg(long, env = "SECUREHOSPITALS_KEY_GRACE_SECS", global = true)]
    pub key_grace_secs: Option<u64>,
    /// On SIGTERM or Ctrl-C, seconds in-flight requests get to finish before the server stops.
    #[arg(long, env = "SECUREHOSPITALS_SHUTDOWN_GRACE_SECS", global = true)]
    pub shutdown_grace_secs: Option<u64>,
    /// Threads that run requests (default: one per CPU core but one, at least one).
    #[arg(long, env = "SECUREHOSPITALS_WORKER_THREADS", global = true)]
    pub worker_threads: Option<usize>,
    /// Log format: `text` or `json`.
    #[arg(long, env = "SECUREHOSPITALS_LOG_FORMAT", global = true)]
    pub log_format: Option<LogFormat>,
    /// Folder with the course content (modules, lessons, quizzes, paths), checked at start.
    #[arg(long, env = "SECUREHOSPITALS_CONTENT_DIR", global = true)]
    pub content_dir: Option<PathBuf>,
    /// First wait before a failed score delivery is retried, in milliseconds (doubles each time).
    #[arg(long, env = "SECUREHOSPITALS_GRADE_RETRY_BASE_MS", global = true)]
    pub grade_retry_base_ms: Option<u64>,
    /// Longest wait between score delivery retries, in seconds (also caps `Retry-After`).
    #[arg(long, env = "SECUREHOSPITALS_GRADE_RETRY_MAX_SECS", global = true)]
    pub grade_retry_max_secs: Option<u64>,
    /// Deliveries of one score before it becomes a dead letter.
    #[arg(long, env = "SECUREHOSPITALS_GRADE_MAX_ATTEMPTS", global = true)]
    pub grade_max_attempts: Option<u32>,
    /// How long a worker holds a claimed score before another instance may take it, in seconds.
    #[arg(long, env = "SECUREHOSPITALS_GRADE_LEASE_SECS", global = true)]
    pub grade_lease_secs: Option<u64>,
    /// Timeout of every call to a platform's token and AGS endpoints, in milliseconds.
    #[arg(long, env = "SECUREHOSPITALS_GRADE_TIMEOUT_MS", global = true)]
    pub grade_timeout_ms: Option<u64>,
    /// How often an idle worker looks for due scores, in milliseconds.
    #[arg(long, env = "SECUREHOSPITALS_GRADE_POLL_MS", global = true)]
    pub grade_poll_ms: Option<u64>,
    /// New dynamic registrations: `pending` (no launches until `platform approve`) or `active`.
    #[arg(long, env = "SECUREHOSPITALS_NEW_REGISTRATION_POLICY", global = true)]
    pub new_registration_policy: Option<NewRegistrationPolicy>,
    /// A second address serving only `/metrics` (e.g. a private interface); unset: none.
    #[arg(long, env = "SECUREHOSPITALS_METRICS_LISTEN", global = true)]
    pub metrics_listen: Option<SocketAddr>,
    /// Bearer token that `/metrics` requires (at least 16 characters); unset: `/metrics` is
    /// served only on `--metrics-listen`.
    #[arg(
        long,
        env = "SECUREHOSPITALS_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,
    /// Days quiz attempts (with the answers given) are kept, counted from their start.
    #[arg(long, env = "SECUREHOSPITALS_RETENTION_ATTEMPTS_DAYS", global = true)]
    pub retention_attempts_days: Option<u64>,
    /// Days a score delivered to a gradebook stays in the grade outbox.
    #[arg(
        long,
        env = "SECUREHOSPITALS_RETENTION_DELIVERED_SCORES_DAYS",
        global = true
    )]
    pub retention_delivered_scores_days: Option<u64>,
    /// Days a dead-lettered score is kept for an operator to retry.
    #[arg(
        long,
        env = "SECUREHOSPITALS_RETENTION_DEAD_LETTERS_DAYS",
        global = true
    )]
    pub retention_dead_letters_days: Option<u64>,
    /// Bind launches to the browser with a partitioned (CHIPS) state cookie; `false` leaves
    /// platform postMessage storage and the new-window launch.
    #[arg(long, env = "SECUREHOSPITALS_LAUNCH_PARTITIONED_COOKIE", global = true)]
    pub launch_partitioned_cookie: Option<bool>,
    /// Let dynamic registration fetch platform URLs on loopback or private addresses (demo, tests).
    #[arg(
        long,
        env = "SECUREHOSPITALS_REGISTRATION_ALLOW_PRIVATE_ADDRESSES",
        global = true
    )]
    pub registration_allow_private_addresses: Option<bool>,
}

/// Whether a platform that registers itself through `/lti/register` may launch at once.
/// Pending is the default: the registration URL is public, so any LMS could otherwise add itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum NewRegistrationPolicy {
    Active,
    #[default]
    Pending,
}

impl NewRegistrationPolicy {
    pub fn status(self) -> crate::platforms::RegistrationStatus {
        match self {
            Self::Active => crate::platforms::RegistrationStatus::Active,
            Self::Pending => crate::platforms::RegistrationStatus::Pending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The same options as read from the TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct FileConfig {
    database_url: Option<String>,
    key_encryption_key: Option<String>,
    listen: Option<SocketAddr>,
    public_url: Option<Url>,
    launch_leeway_secs: Option<u64>,
    login_state_ttl_secs: Option<u64>,
    session_idle_secs: Option<u64>,
    trusted_proxies: Option<Vec<IpAddr>>,
    launch_rate_per_minute: Option<u32>,
    key_sign_delay_secs: Option<u64>,
    key_grace_secs: Option<u64>,
    shutdown_grace_secs: Option<u64>,
    worker_threads: Option<usize>,
    log_format: Option<LogFormat>,
    content_dir: Option<PathBuf>,
    grade_retry_base_ms: Option<u64>,
    grade_retry_max_secs: Option<u64>,
    grade_max_attempts: Option<u32>,
    grade_lease_secs: Option<u64>,
    grade_timeout_ms: Option<u64>,
    grade_poll_ms: Option<u64>,
    new_registration_policy: Option<NewRegistrationPolicy>,
    metrics_listen: Option<SocketAddr>,
    metrics_token: Option<String>,
    retention_attempts_days: Option<u64>,
    retention_delivered_scores_days: Option<u64>,
    retention_dead_letters_days: Option<u64>,
    launch_partitioned_cookie: Option<bool>,
    registration_allow_private_addresses: Option<bool>,
}

/// Resolved configuration.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub key_encryption_key: Option<String>,
    pub listen: SocketAddr,
    pub public_url: Url,
    pub launch_leeway: Duration,
    pub login_state_ttl: Duration,
    pub session_idle: Duration,
    pub trusted_proxies: Vec<IpAddr>,
    pub launch_rate_per_minute: u32,
    pub key_sign_delay: Duration,
    pub key_grace: Duration,
    /// How long a stopping server waits for in-flight requests.
    pub shutdown_grace: Duration,
    /// The async runtime's worker threads (blocking work has a pool of its own).
    pub worker_threads: usize,
    pub log_format: LogFormat,
    pub content_dir: PathBuf,
    /// Grade passback: retries, leases, timeouts.
    pub grades: crate::grades::worker::WorkerSettings,
    /// Status of registrations made through `/lti/register`.
    pub new_registration_policy: crate::platforms::RegistrationStatus,
    /// A second listener for `/metrics` only.
    pub metrics_listen: Option<SocketAddr>,
    /// The bearer token `/metrics` requires, if any.
    pub metrics_token: Option<String>,
    /// Retention periods applied by `purge` and the server's daily purge.
    pub retention: crate::ops::Retention,
    /// Launches may use the partitioned state cookie.
    pub partitioned_cookie: bool,
    /// Dynamic registration may fetch loopback and private addresses.
    pub registration_allow_private_addresses: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"(redacted)")
            .field(
                "key_encryption_key",
                &self.key_encryption_key.as_ref().map(|_| "(set)"),
            )
            .field("listen", &self.listen)
            .field("public_url", &self.public_url.as_str())
            .finish_non_exhaustive()
    }
}

/// A configuration error names the option so the operator knows what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("option {option}: {message}")]
    Invalid {
        option: &'static str,
        message: String,
    },
}

fn retention(args: &ConfigArgs, file: &FileConfig) -> crate::ops::Retention {
    let d = crate::ops::Retention::default();
    let days = |arg: Option<u64>, file: Option<u64>, default: Duration| {
        arg.or(file).map_or(default, crate::ops::days)
    };
    crate::ops::Retention {
        attempts: days(
            args.retention_attempts_days,
            file.retention_attempts_days,
            d.attempts,
        ),
        delivered_scores: days(
            args.retention_delivered_scores_days,
            file.retention_delivered_scores_days,
            d.delivered_scores,
        ),
        dead_letters: days(
            args.retention_dead_letters_days,
            file.retention_dead_letters_days,
            d.dead_letters,
        ),
    }
}

fn grade_settings(args: &ConfigArgs, file: &FileConfig) -> crate::grades::worker::WorkerSettings {
    let ms = Duration::from_millis;
    crate::grades::worker::WorkerSettings {
        retry: crate::grades::RetryPolicy {
            base: ms(args
                .grade_retry_base_ms
                .or(file.grade_retry_base_ms)
                .unwrap_or(2000)),
            max: secs(
                args.grade_retry_max_secs
                    .or(file.grade_retry_max_secs)
                    .unwrap_or(3600),
            ),
            max_attempts: i64::from(
                args.grade_max_attempts
                    .or(file.grade_max_attempts)
                    .unwrap_or(40),
            ),
        },
        lease: secs(
            args.grade_lease_secs
                .or(file.grade_lease_secs)
                .unwrap_or(60),
        ),
        poll: ms(args.grade_poll_ms.or(file.grade_poll_ms).unwrap_or(1000)),
        timeout: ms(args
            .grade_timeout_ms
            .or(file.grade_timeout_ms)
            .unwrap_or(10_000)),
        batch: 32,
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/securehospitals.db";

impl Config {
    /// Resolves flags/environment over the TOML file over defaults.
    pub fn resolve(args: &ConfigArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let grades = grade_settings(args, &file);
        let retention = retention(args, &file);
        let database_url = args
            .database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|s| !s.is_empty()))
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let listen = args
            .listen
            .or(file.listen)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let public_url = args
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| {
                Url::parse(&format!("http://{listen}/"))
                    .expect("a socket address makes a valid URL")
            });
        let config = Self {
            database_url,
            key_encryption_key: args.key_encryption_key.clone().or(file.key_encryption_key),
            listen,
            public_url,
            launch_leeway: secs(
                args.launch_leeway_secs
                    .or(file.launch_leeway_secs)
                    .unwrap_or(60),
            ),
            login_state_ttl: secs(
                args.login_state_ttl_secs
                    .or(file.login_state_ttl_secs)
                    .unwrap_or(600),
            ),
            session_idle: secs(
                args.session_idle_secs
                    .or(file.session_idle_secs)
                    .unwrap_or(2 * 3600),
            ),
            trusted_proxies: args
                .trusted_proxies
                .clone()
                .or(file.trusted_proxies)
                .unwrap_or_default(),
            launch_rate_per_minute: args
                .launch_rate_per_minute
                .or(file.launch_rate_per_minute)
                .unwrap_or(600),
            key_sign_delay: secs(
                args.key_sign_delay_secs
                    .or(file.key_sign_delay_secs)
                    .unwrap_or(3600),
            ),
            key_grace: secs(
                args.key_grace_secs
                    .or(file.key_grace_secs)
                    .unwrap_or(7 * 24 * 3600),
            ),
            shutdown_grace: secs(
                args.shutdown_grace_secs
                    .or(file.shutdown_grace_secs)
                    .unwrap_or(30),
            ),
            worker_threads: match args.worker_threads.or(file.worker_threads) {
                Some(0) => {
                    return Err(ConfigError::Invalid {
                        option: "worker_threads",
                        message: "must be at least 1".into(),
                    });
                }
                Some(n) => n,
                None => default_worker_threads(),
            },
            log_format: args.log_format.or(file.log_format).unwrap_or_default(),
            content_dir: args
                .content_dir
                .clone()
                .or(file.content_dir)
                .unwrap_or_else(|| PathBuf::from("content")),
            grades,
            new_registration_policy: args
                .new_registration_policy
                .or(file.new_registration_policy)
                .unwrap_or_default()
                .status(),
            metrics_listen: args.metrics_listen.or(file.metrics_listen),
            metrics_token: args.metrics_token.clone().or(file.metrics_token),
            partitioned_cookie: args
                .launch_partitioned_cookie
                .or(file.launch_partitioned_cookie)
                .unwrap_or(true),
            registration_allow_private_addresses: args
                .registration_allow_private_addresses
                .or(file.registration_allow_private_addresses)
                .unwrap_or(false),
            retention,
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.grades.retry.max_attempts < 1 || self.grades.timeout.is_zero() {
            return Err(ConfigError::Invalid {
                option: "grade_max_attempts / grade_timeout_ms",
                message: "must be at least 1".to_owned(),
            });
        }
        let invalid = |option, message: &str| {
            Err(ConfigError::Invalid {
                option,
                message: message.to_owned(),
            })
        };
        if !matches!(self.public_url.scheme(), "http" | "https") || self.public_url.host().is_none()
        {
            return invalid(
                "public_url",
                "must be an http(s) URL with a host, e.g. https://lti.example.org/",
            );
        }
        let unspecified = match self.public_url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_unspecified(),
            Some(url::Host::Ipv6(ip)) => ip.is_unspecified(),
            _ => false,
        };
        if unspecified {
            return invalid(
                "public_url",
                "the tool listens on every address, so it cannot tell which URL LMSs reach it at; \
                 set --public-url (SECUREHOSPITALS_PUBLIC_URL), e.g. https://lti.example.org/",
            );
        }
        if self.public_url.query().is_some() || self.public_url.fragment().is_some() {
            return invalid("public_url", "must not carry a query or fragment");
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return invalid("database_url", "use sqlite:PATH or postgres://USER@HOST/DB");
        }
        if self.launch_leeway > Duration::from_secs(300) {
            return invalid(
                "launch_leeway_secs",
                "at most 300 seconds; an unbounded leeway defeats token expiry",
            );
        }
        if self.login_state_ttl < Duration::from_secs(30)
            || self.session_idle < Duration::from_secs(60)
        {
            return invalid(
                "login_state_ttl_secs / session_idle_secs",
                "too short to complete a launch",
            );
        }
        if self
            .metrics_token
            .as_ref()
            .is_some_and(|t| t.trim().len() < 16)
        {
            return invalid("metrics_token", "at least 16 characters");
        }
        if self.retention.attempts.is_zero()
            || self.retention.delivered_scores.is_zero()
            || self.retention.dead_letters.is_zero()
        {
            return invalid("retention_*_days", "at least 1 day");
        }
        if self.launch_rate_per_minute == 0 {
            return invalid("launch_rate_per_minute", "must be at least 1");
        }
        Ok(())
    }

    /// A URL under the public base, e.g. `url("lti/launch")`.
    pub fn url(&self, path: &str) -> Url {
        let mut base = self.public_url.clone();
        if !base.path().ends_with('/') {
            let p = format!("{}/", base.path());
            base.set_path(&p);
        }
        base.join(path.trim_start_matches('/')).unwrap_or(base)
    }

    /// The folder holding the SQLite database, if that is the backend.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        crate::db::sqlite::SqliteStore::path_of(&self.database_url)
            .filter(|_| self.database_url.starts_with("sqlite:"))
    }
}

/// One request thread per core but one, and at least one: the remaining core serves SQLite,
/// PDF rendering and the operating system's network work. On a 2-core machine one request
/// thread spends about a fifth less CPU per launch than two, serving as many launches per
/// second (docs/benchmarks.md), because requests no longer hop and wake threads across cores.
fn default_worker_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: parse_message(&text, &e),
    })
}

/// Where and what, without the line's text: the file holds secrets (the key-encryption key, a
/// database password) that must not reach a terminal or a journal through an error message.
fn parse_message(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {}", e.message())
        }
        None => e.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_syntax_error_names_the_place_but_never_echoes_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:1\"\nkey_encryption_key = KioqSECRET\n",
        )
        .unwrap();
        let e = read_file(&path).unwrap_err().to_string();
        assert!(e.contains("line 2, column 22"), "{e}");
        assert!(!e.contains("KioqSECRET"), "{e}");
    }

    #[test]
    fn defaults_give_a_sqlite_database_and_a_loopback_listener() {
        let c = Config::resolve(&ConfigArgs::default()).unwrap();
        assert!(c.database_url.starts_with("sqlite:") || std::env::var("DATABASE_URL").is_ok());
        assert_eq!(
            c.url("lti/launch").as_str(),
            "http://127.0.0.1:8080/lti/launch"
        );
    }

    #[test]
    fn worker_threads_default_leaves_a_core_and_refuse_zero() {
        let c = Config::resolve(&ConfigArgs::default()).unwrap();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(c.worker_threads, cores.saturating_sub(1).max(1));
        let two = ConfigArgs {
            worker_threads: Some(2),
            ..Default::default()
        };
        assert_eq!(Config::resolve(&two).unwrap().worker_threads, 2);
        let zero = ConfigArgs {
            worker_threads: Some(0),
            ..Default::default()
        };
        let err = Config::resolve(&zero).unwrap_err().to_string();
        assert!(err.contains("worker_threads"), "{err}");
    }

    #[test]
    fn listening_everywhere_needs_a_public_url() {
        let everywhere = ConfigArgs {
            listen: Some("0.0.0.0:8080".parse().unwrap()),
            ..ConfigArgs::default()
        };
        let e = Config::resolve(&everywhere).unwrap_err().to_string();
        assert!(e.contains("--public-url"), "{e}");
        let with_url = ConfigArgs {
            public_url: Some(Url::parse("https://lti.example.org/").unwrap()),
            ..everywhere
        };
        assert!(Config::resolve(&with_url).is_ok());
    }

    #[test]
    fn public_url_with_a_path_keeps_the_path() {
        let args = ConfigArgs {
            public_url: Some(Url::parse("https://h.example/tool").unwrap()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(
            c.url("/lti/login").as_str(),
            "https://h.example/tool/lti/login"
        );
    }

    #[test]
    fn file_values_apply_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\npublic_url = \"https://lti.example.org/\"\nlaunch_leeway_secs = 30\n",
        )
        .unwrap();
        let args = ConfigArgs {
            config: Some(path),
            launch_leeway_secs: Some(10),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.launch_leeway, Duration::from_secs(10));
    }

    #[test]
    fn unknown_file_keys_and_bad_values_name_the_option() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "lisen = \"x\"\n").unwrap();
        let err = Config::resolve(&ConfigArgs {
            config: Some(path),
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("lisen"), "{err}");
        let args = ConfigArgs {
            launch_leeway_secs: Some(100_000),
            ..Default::default()
        };
        let err = Config::resolve(&args).unwrap_err();
        assert!(err.to_string().contains("launch_leeway_secs"), "{err}");
    }
}
