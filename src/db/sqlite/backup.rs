//! A consistent copy of a running SQLite database with `VACUUM INTO`: one read transaction, so
//! writers keep going (WAL) and the copy is a snapshot, compacted and without a WAL of its own.

use super::SqliteStore;
use crate::db::{StoreError, StoreResult};
use std::path::Path;

impl SqliteStore {
    /// Writes a snapshot to `dest`, which must not exist yet (SQLite refuses to overwrite).
    pub async fn backup_into(&self, dest: &Path) -> StoreResult<()> {
        let dest_text = dest.to_str().ok_or_else(|| StoreError::Open {
            url: dest.display().to_string(),
            reason: "the backup path is not valid UTF-8".into(),
        })?;
        if dest.exists() {
            return Err(StoreError::Conflict(format!("backup file {dest_text}")));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(dest_text)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
