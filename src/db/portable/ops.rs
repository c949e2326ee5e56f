//! Retention purge, learner export and erasure, tenant purge in portable SQL, stamped out for
//! each backend. The tables walked are listed in `ops::tables`.

/// Implements `OpsStore` for a store type with a `pool` field.
macro_rules! ops_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::ops::OpsStore for $store {
            async fn purge_retained(
                &self,
                c: &$crate::ops::PurgeCutoffs,
            ) -> $crate::db::StoreResult<$crate::ops::RowCounts> {
                let mut counts = $crate::ops::RowCounts::default();
                let steps: [(&str, &str, i64); 5] = [
                    ("expired sessions", "DELETE FROM sessions WHERE expires_at < $1", c.now_secs),
                    ("expired nonces", "DELETE FROM used_nonces WHERE keep_until < $1", c.now_secs),
                    ("old quiz attempts", "DELETE FROM quiz_attempts WHERE started_at < $1", c.attempts_before_secs),
                    (
                        "delivered scores",
                        "DELETE FROM grade_outbox WHERE state IN ('delivered', 'superseded') AND created_at_ms < $1",
                        c.delivered_before_ms,
                    ),
                    ("dead letters", "DELETE FROM grade_outbox WHERE state = 'dead' AND created_at_ms < $1", c.dead_before_ms),
                ];
                for (what, sql, cutoff) in steps {
                    let n = sqlx::query(sql).bind(cutoff).execute(&self.pool).await?.rows_affected();
                    counts.add(what, n);
                }
                Ok(counts)
            }

            async fn export_learner(
                &self,
                learner: &$crate::courses::Learner,
                now: i64,
            ) -> $crate::db::StoreResult<$crate::ops::LearnerExport> {
                use sqlx::Row as _;
                let mut export = $crate::ops::LearnerExport {
                    platform: learner.registration_id.to_string(),
                    user: learner.user_id.clone(),
                    exported_at: now,
                    ..Default::default()
                };
                for (table, key, tenant, user) in $crate::ops::tables::learner_rows(learner) {
                    let rows = sqlx::query(sqlx::AssertSqlSafe($crate::ops::tables::export_sql(table)))
                        .bind(tenant)
                        .bind(user)
                        .fetch_all(&self.pool)
                        .await?;
                    let mut out = Vec::with_capacity(rows.len());
                    for row in rows {
                        let mut map = serde_json::Map::new();
                        for (i, column) in table.columns.iter().enumerate() {
                            let value: Option<String> = row.try_get(i)?;
                            map.insert((*column).to_owned(), value.map_or(serde_json::Value::Null, serde_json::Value::String));
                        }
                        out.push(map);
                    }
                    export.tables.insert(key, out);
                }
                Ok(export)
            }

            async fn erase_learner(
                &self,
                learner: &$crate::courses::Learner,
            ) -> $crate::db::StoreResult<$crate::ops::RowCounts> {
                let mut counts = $crate::ops::RowCounts::default();
                let mut tx = self.pool.begin().await?;
                for (table, key, tenant, user) in $crate::ops::tables::learner_rows(learner) {
                    let n = sqlx::query(sqlx::AssertSqlSafe($crate::ops::tables::erase_sql(table)))
                        .bind(tenant)
                        .bind(user)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    counts.add(&key, n);
                }
                tx.commit().await?;
                Ok(counts)
            }

            async fn count_tenant(
                &self,
                id: $crate::platforms::RegistrationId,
            ) -> $crate::db::StoreResult<$crate::ops::RowCounts> {
                let mut counts = $crate::ops::RowCounts::default();
                let cascaded = $crate::ops::tables::TENANT_TABLES_WITH_CASCADE
                    .iter()
                    .map(|t| (*t, "registration_id"));
                for (table, column) in cascaded.chain($crate::ops::tables::TENANT_TABLES_WITHOUT_CASCADE.iter().copied()) {
                    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
                    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .bind(id.to_string())
                        .fetch_one(&self.pool)
                        .await?;
                    counts.add(table, n as u64);
                }
                Ok(counts)
            }

            async fn purge_tenant(
                &self,
                id: $crate::platforms::RegistrationId,
            ) -> $crate::db::StoreResult<$crate::ops::RowCounts> {
                let mut counts = self.count_tenant(id).await?;
                let mut tx = self.pool.begin().await?;
                for (table, column) in $crate::ops::tables::TENANT_TABLES_WITHOUT_CASCADE {
                    let sql = format!("DELETE FROM {table} WHERE {column} = $1");
                    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).execute(&mut *tx).await?;
                }
                let n = sqlx::query("DELETE FROM registrations WHERE id = $1")
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                counts.add("registrations", n);
                Ok(counts)
            }
        }
    };
}
pub(crate) use ops_store;
