//! SQLite store: the embedded default. One file, WAL mode, foreign keys on.

mod backup;
mod grades;
mod hub;
mod launch_writer;

use super::{Backend, StoreError, StoreResult};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The launch's write without a thread hop (`None` for in-memory databases).
    launch_writer: Option<std::sync::Arc<launch_writer::LaunchWriter>>,
}

impl SqliteStore {
    /// Opens `sqlite:path` (creating the file and its folder) and applies migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Open {
                url: url.to_owned(),
                reason: e.to_string(),
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // The same WAL trim as the launch writer's, whichever connection restarts the WAL.
            .pragma(
                "journal_size_limit",
                launch_writer::WAL_SIZE_LIMIT.to_string(),
            );
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                url: url.to_owned(),
                reason: format!("cannot create folder {}: {e}", dir.display()),
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // An embedded connection cannot drop like a socket; the ping before every
            // statement would be one more hop to the connection's worker thread.
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        migrate(&pool).await?;
        let launch_writer = open_launch_writer(url, options.get_filename());
        Ok(Self {
            pool,
            launch_writer,
        })
    }

    /// The database file, for the key file beside it and for backups.
    pub fn path_of(url: &str) -> Option<std::path::PathBuf> {
        SqliteConnectOptions::from_str(url)
            .ok()
            .map(|o| o.get_filename().to_path_buf())
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// The launch writer's own connection to the same file. An in-memory database has no file to
/// share; then, or if it cannot open, launches write through the pool (slower, same result).
fn open_launch_writer(
    url: &str,
    file: &std::path::Path,
) -> Option<std::sync::Arc<launch_writer::LaunchWriter>> {
    if url.contains(":memory:") || url.contains("mode=memory") || url.contains("mode=ro") {
        return None;
    }
    match launch_writer::LaunchWriter::open(file) {
        Ok(w) => Some(std::sync::Arc::new(w)),
        Err(e) => {
            tracing::warn!(error = %e, "SQLite launch writer unavailable; launches write through the pool");
            None
        }
    }
}

impl SqliteStore {
    /// The launch's write through the launch writer, or `None` to use the pool.
    fn start_session_here(
        &self,
        nonce: &str,
        keep_until: i64,
        s: &crate::sessions::NewSession,
    ) -> Option<StoreResult<bool>> {
        self.launch_writer
            .as_ref()?
            .start_session(nonce, keep_until, s)
    }
}

/// Applies migrations. SQLite has no migration lock: when two processes open a fresh file at
/// once, one may try a migration the other just committed. Its transaction rolls back, and a
/// retry finds the migration applied.
async fn migrate(pool: &SqlitePool) -> StoreResult<()> {
    let mut attempt = 0;
    loop {
        match MIGRATOR.run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 5 => {
                attempt += 1;
                tracing::debug!(error = %e, attempt, "migration raced another process; retrying");
                tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

crate::db::portable::base_store!(SqliteStore, Backend::Sqlite, MIGRATOR);

crate::db::portable::platform_store!(SqliteStore);
crate::db::portable::key_store!(SqliteStore);
crate::db::portable::launch_store!(SqliteStore, fast_start = start_session_here);
crate::db::portable::course_store!(SqliteStore);
crate::db::portable::grade_store!(SqliteStore, grades::CLAIM_SCORES);
crate::db::portable::grade_sync_store!(SqliteStore);
crate::db::portable::ops_store!(SqliteStore);
crate::db::portable::operator_store!(SqliteStore);
crate::db::portable::wizard_store!(SqliteStore);
crate::db::portable::certificate_store!(SqliteStore);
crate::db::portable::placement_store!(SqliteStore);
crate::db::portable::hub_store!(SqliteStore, hub::SEARCH, hub::FTS_SYNC, hub::match_param);
crate::db::portable::instructor_action_store!(SqliteStore);
crate::db::portable::institution_store!(SqliteStore);
