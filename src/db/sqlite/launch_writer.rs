//! The launch's one write on SQLite (session + nonce), on the request's own thread through a
//! long-lived connection of its own: no hop to a pool connection's worker thread and back, and a
//! page cache that stays warm because the launch tables are written through this one connection.
//!
//! It never waits on SQLite's lock: when another connection holds the write lock (busy timeout
//! 0), it steps aside and the pool's statement (which waits) does the write. Two launches at once
//! queue on the mutex for one insert's time (tens of µs): stepping aside there would cost more,
//! since a write through another connection empties this one's page cache.
//!
//! WAL checkpoints run inside this connection's commits (SQLite's automatic checkpoint, every
//! [`CHECKPOINT_PAGES`] pages), while it holds the mutex, so no launch writes meanwhile and the
//! checkpoint catches up with the whole WAL; the next launch then writes the WAL from its start
//! again. A checkpoint on a thread of its own never caught up under steady load: launches kept
//! appending while it copied, SQLite never restarted the WAL, and the file grew by every launch's
//! pages (176 MB after 20 000 launches), each new page zeroed by the kernel before being written.
//! [`WAL_SIZE_LIMIT`] trims the file back after a burst.

use crate::db::StoreResult;
use crate::db::portable::launch::INSERT_SESSION;
use crate::sessions::NewSession;
use rusqlite::{Connection, ErrorCode, OpenFlags, params};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// WAL pages after which a commit copies the WAL back into the database file (SQLite's
/// default): about 180 launches, a few milliseconds for the launch that crosses it.
pub const CHECKPOINT_PAGES: i64 = 1000;

/// The WAL file's size, in bytes, kept when SQLite starts it again (above [`CHECKPOINT_PAGES`]
/// pages of 4 KiB, so a steady stream of launches writes into pages the kernel already has).
pub const WAL_SIZE_LIMIT: i64 = 8 * 1024 * 1024;

/// One write connection for launches.
pub struct LaunchWriter {
    conn: Mutex<Connection>,
}

/// Why the writer could not start (launches then write through the pool).
#[derive(Debug, thiserror::Error)]
#[error("opening the launch writer's connection: {0}")]
pub struct OpenError(#[from] rusqlite::Error);

impl std::fmt::Debug for LaunchWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LaunchWriter")
    }
}

impl LaunchWriter {
    /// Opens the (already created and migrated) database file with the pool's settings.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::ZERO)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "wal_autocheckpoint", CHECKPOINT_PAGES)?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        conn.set_prepared_statement_cache_capacity(4);
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Inserts the session with its nonce: `Some(Ok(false))` when the nonce (or the session id)
    /// was used before, `None` when the write cannot be taken at once.
    pub fn start_session(
        &self,
        nonce: &str,
        keep_until: i64,
        s: &NewSession,
    ) -> Option<StoreResult<bool>> {
        // A panic mid-insert leaves nothing half-done in SQLite (the statement resets).
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let (roles, data) = match (
            serde_json::to_string(&s.roles),
            serde_json::to_string(&s.data),
        ) {
            (Ok(r), Ok(d)) => (r, d),
            (Err(e), _) | (_, Err(e)) => {
                return Some(Err(crate::db::StoreError::Corrupt(e.to_string())));
            }
        };
        let inserted = conn.prepare_cached(INSERT_SESSION).and_then(|mut stmt| {
            stmt.execute(params![
                s.id.as_str(),
                s.registration_id.to_string(),
                s.deployment_id,
                s.context_id,
                s.user_id,
                roles,
                s.locale,
                s.message_type,
                s.resource_link_id,
                data,
                s.created_at,
                s.idle_timeout,
                s.created_at + s.idle_timeout,
                nonce,
                keep_until,
            ])
        });
        match inserted {
            Ok(_) => Some(Ok(true)),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                None
            }
            Err(rusqlite::Error::SqliteFailure(e, _)) if is_unique_violation(e.extended_code) => {
                Some(Ok(false))
            }
            Err(e) => Some(Err(e.into())),
        }
    }
}

/// As sqlx decides `is_unique_violation` for SQLite.
fn is_unique_violation(extended_code: std::ffi::c_int) -> bool {
    extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        || extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
}

#[cfg(test)]
mod tests {
    use super::super::SqliteStore;
    use crate::db::{LaunchStore, PlatformStore};
    use crate::platforms::{DeploymentPolicy, NewRegistration, RegistrationStatus};
    use crate::sessions::{LaunchData, NewSession, SessionId};
    use std::time::Duration;

    async fn store_with_registration(dir: &tempfile::TempDir) -> (SqliteStore, NewSession) {
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        let r = store
            .insert_registration(NewRegistration {
                name: "Test LMS".into(),
                issuer: lti::Issuer::parse("https://moodle.example").unwrap(),
                client_id: lti::ClientId::parse("a").unwrap(),
                auth_url: "https://lms.example/auth".parse().unwrap(),
                token_url: "https://lms.example/token".parse().unwrap(),
                jwks_url: "https://lms.example/jwks".parse().unwrap(),
                status: RegistrationStatus::Active,
                deployment_policy: DeploymentPolicy::Refuse,
                frame_origins: vec![],
                deployments: vec![lti::DeploymentId::parse("1").unwrap()],
            })
            .await
            .unwrap();
        let session = NewSession {
            id: SessionId::random(),
            registration_id: r.id,
            deployment_id: "1".into(),
            context_id: Some("c".into()),
            user_id: "4".into(),
            roles: vec!["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner".into()],
            locale: Some("de".into()),
            message_type: "LtiResourceLinkRequest".into(),
            resource_link_id: Some("rl".into()),
            data: LaunchData::default(),
            created_at: 1000,
            idle_timeout: 50,
        };
        (store, session)
    }

    #[tokio::test]
    async fn the_writer_starts_a_session_once_per_nonce() {
        let dir = tempfile::tempdir().unwrap();
        let (store, first) = store_with_registration(&dir).await;
        let writer = store
            .launch_writer
            .clone()
            .expect("a file database has a writer");
        assert!(matches!(
            writer.start_session("n1", 2000, &first),
            Some(Ok(true))
        ));
        let found = store.find_session(&first.id, 1010).await.unwrap().unwrap();
        assert_eq!(found.context_id.as_deref(), Some("c"));
        assert_eq!(found.locale.as_deref(), Some("de"));
        let replay = NewSession {
            id: SessionId::random(),
            ..first
        };
        assert!(matches!(
            writer.start_session("n1", 2000, &replay),
            Some(Ok(false))
        ));
        assert!(
            store
                .find_session(&replay.id, 1010)
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn the_wal_stays_bounded_under_a_steady_stream_of_launches() {
        let dir = tempfile::tempdir().unwrap();
        let (store, template) = store_with_registration(&dir).await;
        let writer = store.launch_writer.clone().unwrap();
        let wal = dir.path().join("t.db-wal");
        // About twelve checkpoints' worth of pages, written back to back.
        let mut last = None;
        for n in 0..2000 {
            let session = NewSession {
                id: SessionId::random(),
                ..template.clone()
            };
            let started = writer.start_session(&format!("nonce-{n}"), 2000, &session);
            assert!(matches!(started, Some(Ok(true))), "launch {n}");
            last = Some(session.id);
        }
        let size = std::fs::metadata(&wal).unwrap().len();
        assert!(
            size <= super::WAL_SIZE_LIMIT as u64 + 64 * 4096,
            "the WAL grew to {size} bytes instead of starting again after checkpoints"
        );
        let last = last.unwrap();
        let found = store.find_session(&last, 1010).await.unwrap();
        assert!(
            found.is_some(),
            "the last launch's session reads back after the checkpoints"
        );
    }

    #[tokio::test]
    async fn the_writer_steps_aside_while_another_connection_writes_and_the_pool_waits() {
        let dir = tempfile::tempdir().unwrap();
        let (store, session) = store_with_registration(&dir).await;
        let writer = store.launch_writer.clone().unwrap();
        let mut other = store.pool().acquire().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *other)
            .await
            .unwrap();
        assert!(
            writer.start_session("n1", 2000, &session).is_none(),
            "SQLite's write lock is held elsewhere: no waiting on a runtime thread"
        );
        let release = async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            sqlx::query("COMMIT").execute(&mut *other).await.unwrap();
        };
        let (started, ()) = tokio::join!(store.start_session("n1", 2000, &session), release);
        assert!(started.unwrap(), "the pool's statement waited for the lock");
        let again = NewSession {
            id: SessionId::random(),
            ..session
        };
        assert!(matches!(
            writer.start_session("n1", 2000, &again),
            Some(Ok(false))
        ));
    }
}
