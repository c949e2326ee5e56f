//! PostgreSQL store: for several instances behind a load balancer.

mod grades;
mod hub;

use super::{Backend, StoreError, StoreResult};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects and applies migrations (sqlx takes an advisory lock, so concurrent starts are safe).
    pub async fn open(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await;
        let pool = match pool {
            Ok(pool) => pool,
            // The pool retries until its timeout and then says only that it timed out; one
            // direct attempt names the cause (refused, unknown host, password, database).
            Err(sqlx::Error::PoolTimedOut) => {
                use sqlx::Connection as _;
                let reason = match sqlx::PgConnection::connect(url).await {
                    Err(e) => format!("no connection within 10 s: {e}"),
                    Ok(_) => "no connection within 10 s (the server answers now: try again)".into(),
                };
                return Err(StoreError::Open {
                    url: super::redact_url(url),
                    reason,
                });
            }
            Err(e) => {
                return Err(StoreError::Open {
                    url: super::redact_url(url),
                    reason: e.to_string(),
                });
            }
        };
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

crate::db::portable::base_store!(PgStore, Backend::Postgres, MIGRATOR);

crate::db::portable::platform_store!(PgStore);
crate::db::portable::key_store!(PgStore);
crate::db::portable::launch_store!(PgStore);
crate::db::portable::course_store!(PgStore);
crate::db::portable::grade_store!(PgStore, grades::CLAIM_SCORES);
crate::db::portable::grade_sync_store!(PgStore);
crate::db::portable::ops_store!(PgStore);
crate::db::portable::operator_store!(PgStore);
crate::db::portable::wizard_store!(PgStore);
crate::db::portable::certificate_store!(PgStore);
crate::db::portable::hub_store!(PgStore, hub::SEARCH, hub::FTS_SYNC, hub::match_param);
crate::db::portable::placement_store!(PgStore);
crate::db::portable::instructor_action_store!(PgStore);
crate::db::portable::institution_store!(PgStore);
