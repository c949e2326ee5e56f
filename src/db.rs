//! The store: every SQL statement of the app lives behind these traits, with one implementation
//! per backend (`db/sqlite.rs`, `db/postgres.rs`). Times are unix seconds (UTC) in both databases.

pub mod certificates;
pub mod grade_sync;
pub mod hub;
pub mod institution;
pub mod instructor_actions;
pub mod operator;
pub mod ops;
pub mod placements;
mod portable;
pub mod postgres;
mod rows;
pub mod sqlite;
pub mod wizard;

use crate::content::{JobRole, Lang};
use crate::courses::{
    Attempt, CompleteOutcome, Completion, Learner, LessonMark, ModuleProgress, NewAttempt, Profile,
};
use crate::keys::StoredKey;
use crate::platforms::{
    DeploymentPolicy, NewRegistration, Registration, RegistrationId, RegistrationRef,
    RegistrationStatus,
};
use crate::sessions::{NewSession, Session, SessionId};
use async_trait::async_trait;
use lti::DeploymentId;
use std::sync::Arc;

/// A store shared by handlers and background workers.
pub type DynStore = Arc<dyn Store>;

/// Why a store call failed. The cause is kept for the log; callers map it to a 5xx or a clear 4xx.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The SQLite launch writer's own connection (`db/sqlite/launch_writer.rs`).
    #[error("database error: {0}")]
    Embedded(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    Conflict(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("cannot open database {url}: {reason}")]
    Open { url: String, reason: String },
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Platform registrations and their deployments.
#[async_trait]
pub trait PlatformStore: Send + Sync {
    async fn insert_registration(&self, new: NewRegistration) -> StoreResult<Registration>;
    async fn list_registrations(&self) -> StoreResult<Vec<Registration>>;
    async fn find_registration(&self, by: &RegistrationRef) -> StoreResult<Option<Registration>>;
    async fn find_registration_by_id(
        &self,
        id: RegistrationId,
    ) -> StoreResult<Option<Registration>>;
    /// Every registration of an issuer (Canvas cloud: many customers share one issuer).
    async fn registrations_for_issuer(
        &self,
        issuer: &lti::Issuer,
    ) -> StoreResult<Vec<Registration>>;
    async fn remove_registration(&self, id: RegistrationId) -> StoreResult<bool>;
    async fn set_registration_status(
        &self,
        id: RegistrationId,
        status: RegistrationStatus,
    ) -> StoreResult<bool>;
    async fn set_deployment_policy(
        &self,
        id: RegistrationId,
        policy: DeploymentPolicy,
    ) -> StoreResult<bool>;
    /// Adds a deployment; adding one that exists is not an error (returns false).
    async fn add_deployment(
        &self,
        id: RegistrationId,
        deployment: &DeploymentId,
    ) -> StoreResult<bool>;
    /// Remembers an origin seen in a verified launch (return URLs), for `frame-ancestors`.
    async fn add_frame_origin(&self, id: RegistrationId, origin: &str) -> StoreResult<()>;
    /// Every origin that may frame the tool, over all registrations.
    async fn all_frame_origins(&self) -> StoreResult<Vec<String>>;
}

/// The tool's own signing keys (private halves encrypted at rest).
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Inserts the first key unless one exists already; returns whether this call inserted it.
    /// Two instances starting at once must end up with exactly one key.
    async fn insert_first_key(&self, key: &StoredKey) -> StoreResult<bool>;
    async fn insert_key(&self, key: &StoredKey) -> StoreResult<()>;
    async fn list_keys(&self) -> StoreResult<Vec<StoredKey>>;
    /// Marks a key as no longer signing from `retire_at`, published until `unpublish_at`.
    async fn retire_key(&self, kid: &str, retire_at: i64, unpublish_at: i64) -> StoreResult<bool>;
}

/// Short-lived launch state: used nonces and tool sessions.
#[async_trait]
pub trait LaunchStore: Send + Sync {
    /// Consumes the launch's nonce (kept until `keep_until`) and creates the session, in one
    /// transaction. False, and no session, when the nonce was used before (a replay); nonces are
    /// per registration.
    async fn start_session(
        &self,
        nonce: &str,
        keep_until: i64,
        session: &NewSession,
    ) -> StoreResult<bool>;
    /// Creates a session without a launch (benchmarks and tests set one up directly).
    async fn insert_session(&self, session: &NewSession) -> StoreResult<()>;
    /// Finds a live session and records activity (at most once a minute, to keep reads cheap).
    async fn find_session(&self, id: &SessionId, now: i64) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, id: &SessionId) -> StoreResult<()>;
    /// Deletes expired nonces and sessions; returns how many rows went.
    async fn purge_expired(&self, now: i64) -> StoreResult<u64>;
}

/// The course player: learner profiles, lesson and module progress, quiz attempts.
#[async_trait]
pub trait CourseStore: Send + Sync {
    /// The learner's remembered job role and language (empty for a new learner).
    async fn learner_profile(&self, learner: &Learner) -> StoreResult<Profile>;
    async fn set_job_role(&self, learner: &Learner, role: JobRole, now: i64) -> StoreResult<()>;
    async fn set_language(&self, learner: &Learner, language: &Lang, now: i64) -> StoreResult<()>;
    /// Marks a lesson as seen and makes it the module's resume point.
    async fn record_lesson_seen(
        &self,
        learner: &Learner,
        module_id: &str,
        slug: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn lesson_marks(
        &self,
        learner: &Learner,
        module_id: &str,
    ) -> StoreResult<Vec<LessonMark>>;
    /// Progress in every module the learner has opened.
    async fn module_progress(&self, learner: &Learner) -> StoreResult<Vec<ModuleProgress>>;
    async fn completed_paths(&self, learner: &Learner) -> StoreResult<Vec<String>>;
    async fn insert_attempt(&self, attempt: &NewAttempt) -> StoreResult<()>;
    /// An attempt of this learner; another user's or tenant's attempt is `None`.
    async fn find_attempt(
        &self,
        learner: &Learner,
        attempt_id: &str,
    ) -> StoreResult<Option<Attempt>>;
    /// Records a scored attempt and everything in its `effects` in ONE transaction. Only the
    /// first submission of an attempt is recorded (a conditional update on `submitted_at`);
    /// a second one returns `AlreadySubmitted` and writes nothing.
    async fn complete_attempt(&self, completion: &Completion) -> StoreResult<CompleteOutcome>;
}

/// The grade outbox: scores waiting for an LMS gradebook, claimed with leases by the workers.
/// Times are unix milliseconds here (backoff can be shorter than a second).
#[async_trait]
pub trait GradeStore: Send + Sync {
    /// Queues a score (outside an attempt; `complete_attempt` queues its own in its transaction).
    async fn enqueue_score(&self, score: &crate::grades::QueuedScore) -> StoreResult<()>;
    /// Leases up to `limit` due rows to `owner` until `lease_until_ms`, counting an attempt each.
    /// Two instances never get the same row while its lease runs.
    async fn claim_scores(
        &self,
        owner: &str,
        now_ms: i64,
        lease_until_ms: i64,
        limit: i64,
    ) -> StoreResult<Vec<crate::grades::OutboxRow>>;
    /// False when `owner` lost the lease meanwhile (another instance took the row over).
    async fn mark_delivered(&self, id: &str, owner: &str, now_ms: i64) -> StoreResult<bool>;
    async fn reschedule_score(
        &self,
        id: &str,
        owner: &str,
        next_at_ms: i64,
        failure: &crate::grades::worker::Failure,
    ) -> StoreResult<bool>;
    /// Parks a row the platform refused for good, keeping its answer.
    async fn dead_letter(
        &self,
        id: &str,
        owner: &str,
        failure: &crate::grades::worker::Failure,
    ) -> StoreResult<bool>;
    /// Returns every row leased by `owner` to the queue (graceful shutdown).
    async fn release_scores(&self, owner: &str) -> StoreResult<u64>;
    async fn outbox_status(&self) -> StoreResult<crate::grades::OutboxStatus>;
    /// The line item remembered for a resource link and module, if the tool found or made one.
    async fn find_line_item(&self, key: &crate::grades::LineItemKey)
    -> StoreResult<Option<String>>;
    /// Remembers a line item; the first one remembered for a key wins.
    async fn remember_line_item(
        &self,
        key: &crate::grades::LineItemKey,
        lineitem_url: &str,
        now_ms: i64,
    ) -> StoreResult<()>;
    /// Puts every dead letter back into the queue (after its cause was fixed).
    async fn retry_dead_letters(&self, now_ms: i64) -> StoreResult<u64>;
}

/// Everything the app needs from its database.
#[async_trait]
pub trait Store:
    PlatformStore
    + KeyStore
    + LaunchStore
    + CourseStore
    + GradeStore
    + grade_sync::GradeSyncStore
    + ops::OpsStore
    + operator::OperatorStore
    + wizard::WizardStore
    + certificates::CertificateStore
    + placements::PlacementStore
    + hub::HubStore
    + instructor_actions::InstructorActionStore
    + institution::InstitutionStore
    + Send
    + Sync
    + std::fmt::Debug
{
    fn backend(&self) -> Backend;
    /// Readiness: the database answers and every migration is applied.
    async fn ready(&self) -> StoreResult<()>;
}

/// The database URL as logs and messages may show it: any password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Opens (and for SQLite creates) the database named by `url`, then applies migrations.
pub async fn open(url: &str) -> StoreResult<DynStore> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else {
        // Only the scheme: a mistyped PostgreSQL URL still carries its password.
        let scheme = url.split(':').next().unwrap_or_default();
        Err(StoreError::Open {
            url: format!("{scheme}:…"),
            reason: "use a sqlite: or postgres:// URL".into(),
        })
    }
}

/// Opens a database that must exist already: the commands other than `serve`, `demo` and
/// `platform add` work on the service's data, so a SQLite path that names no file (another
/// folder, a typo) is refused instead of answered from a new, empty database.
pub async fn open_existing(url: &str) -> StoreResult<DynStore> {
    require_existing(url)?;
    open(url).await
}

/// Refuses a SQLite URL that names no database file (see [`open_existing`]).
pub fn require_existing(url: &str) -> StoreResult<()> {
    if url.starts_with("sqlite:") {
        let file = sqlite::SqliteStore::path_of(url).unwrap_or_default();
        let shown = file.display();
        if file.as_os_str().is_empty() || file.as_os_str() == ":memory:" {
            return Err(StoreError::Open {
                url: url.to_owned(),
                reason: "an in-memory database holds nothing outside the process that made it; \
                         give the service's sqlite: file"
                    .into(),
            });
        }
        if !file.is_file() {
            return Err(StoreError::Open {
                url: url.to_owned(),
                reason: format!(
                    "there is no database file at {shown}. The service's first start creates it; \
                     run this command in the service's folder, or give the service's \
                     --database-url (SECUREHOSPITALS_DATABASE_URL)"
                ),
            });
        }
    }
    Ok(())
}
