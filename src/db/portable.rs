//! Store code whose SQL is the same on SQLite and PostgreSQL (`$n` parameters work on both),
//! written once as macros and stamped out by each backend. Dialect-specific code stays in the
//! backend files.

/// Implements `Store` itself for a store type with a `pool` field: its backend, and readiness
/// (the database answers and every migration of `$migrator` is applied).
macro_rules! base_store {
    ($store:ty, $backend:expr, $migrator:expr) => {
        #[async_trait::async_trait]
        impl $crate::db::Store for $store {
            fn backend(&self) -> $crate::db::Backend {
                $backend
            }

            async fn ready(&self) -> $crate::db::StoreResult<()> {
                let applied: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                        .fetch_one(&self.pool)
                        .await?;
                let known = $migrator.iter().count() as i64;
                if applied < known {
                    return Err($crate::db::StoreError::Corrupt(format!(
                        "{applied} of {known} migrations applied"
                    )));
                }
                Ok(())
            }
        }
    };
}
pub(crate) use base_store;

pub(crate) mod certificates;
pub(crate) mod courses;
pub(crate) mod grade_sync;
pub(crate) mod grades;
pub(crate) mod hub;
pub(crate) mod institution;
pub(crate) mod instructor_actions;
pub(crate) mod keys;
pub(crate) mod launch;
pub(crate) mod operator;
pub(crate) mod ops;
pub(crate) mod placements;
mod platforms;
pub(crate) mod wizard;

pub(crate) use certificates::certificate_store;
pub(crate) use courses::course_store;
pub(crate) use grade_sync::grade_sync_store;
pub(crate) use grades::grade_store;
pub(crate) use hub::hub_store;
pub(crate) use institution::institution_store;
pub(crate) use instructor_actions::instructor_action_store;
pub(crate) use keys::key_store;
pub(crate) use launch::launch_store;
pub(crate) use operator::operator_store;
pub(crate) use ops::ops_store;
pub(crate) use placements::placement_store;
pub(crate) use platforms::platform_store;
pub(crate) use wizard::wizard_store;
