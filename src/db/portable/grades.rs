//! The grade outbox (`GradeStore`) in portable SQL, stamped out for each backend. Only claiming
//! differs between the databases: each backend passes its own `CLAIM_SCORES` statement.

/// Puts a score into the outbox and marks older pending values of the same gradebook cell as
/// superseded (the new value is the learner's best, so the old ones are obsolete).
pub(crate) const SUPERSEDE_CELL: &str = "UPDATE grade_outbox SET state = 'superseded' \
     WHERE registration_id = $1 AND lineitem_url = $2 AND user_id = $3 AND module_id = $4 AND state = 'pending'";

/// Inserts a score; `score_given` is the best of `$6` and the module's stored best score, so a
/// failed retake never lowers a pass (in `complete_attempt` the progress row is already updated).
pub(crate) const INSERT_SCORE: &str = "INSERT INTO grade_outbox (id, registration_id, lineitem_url, user_id, \
     module_id, score_given, score_maximum, comment, score_timestamp, next_at_ms, created_at_ms, lineitems_url, \
     resource_link_id, context_id) \
     VALUES ($1, $2, $3, $4, $5, \
       CASE WHEN COALESCE((SELECT best_score FROM module_progress WHERE registration_id = $2 AND user_id = $4 \
         AND module_id = $5), 0) > $6 THEN (SELECT best_score FROM module_progress WHERE registration_id = $2 \
         AND user_id = $4 AND module_id = $5) ELSE $6 END, \
       $7, $8, $9, $10, $10, $11, $12, $13)";

pub(crate) type ClaimedRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    String,
);

pub(crate) fn into_outbox_row(r: ClaimedRow) -> crate::grades::OutboxRow {
    crate::grades::OutboxRow {
        id: r.0,
        registration_id: r.1,
        lineitem_url: r.2,
        user_id: r.3,
        score_given: r.4,
        score_maximum: r.5,
        comment: r.6,
        timestamp: r.7,
        attempts: r.8,
        created_at_ms: r.9,
        lineitems_url: r.10,
        resource_link_id: r.11,
        module_id: r.12,
    }
}

/// Binds a `QueuedScore` to `SUPERSEDE_CELL` then `INSERT_SCORE` on any executor (a transaction
/// in `complete_attempt`).
macro_rules! enqueue_score_on {
    ($exec:expr, $s:expr) => {{
        let s: &$crate::grades::QueuedScore = $s;
        let reg = s.registration_id.to_string();
        sqlx::query($crate::db::portable::grades::SUPERSEDE_CELL)
            .bind(&reg)
            .bind(&s.lineitem_url)
            .bind(&s.user_id)
            .bind(&s.module_id)
            .execute(&mut *$exec)
            .await?;
        sqlx::query($crate::db::portable::grades::INSERT_SCORE)
            .bind(&s.id)
            .bind(&reg)
            .bind(&s.lineitem_url)
            .bind(&s.user_id)
            .bind(&s.module_id)
            .bind(s.score_given)
            .bind($crate::grades::SCORE_MAXIMUM)
            .bind(&s.comment)
            .bind(&s.timestamp)
            .bind(s.created_at_ms)
            .bind(&s.lineitems_url)
            .bind(&s.resource_link_id)
            .bind(&s.context_id)
            .execute(&mut *$exec)
            .await?;
    }};
}
pub(crate) use enqueue_score_on;

/// Implements `GradeStore` for a store type with a `pool` field, given its claim statement.
macro_rules! grade_store {
    ($store:ty, $claim:expr) => {
        #[async_trait::async_trait]
        impl $crate::db::GradeStore for $store {
            async fn enqueue_score(&self, s: &$crate::grades::QueuedScore) -> $crate::db::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                $crate::db::portable::grades::enqueue_score_on!(tx, s);
                tx.commit().await?;
                Ok(())
            }

            async fn claim_scores(
                &self,
                owner: &str,
                now_ms: i64,
                lease_until_ms: i64,
                limit: i64,
            ) -> $crate::db::StoreResult<Vec<$crate::grades::OutboxRow>> {
                let rows: Vec<$crate::db::portable::grades::ClaimedRow> = sqlx::query_as($claim)
                    .bind(owner)
                    .bind(lease_until_ms)
                    .bind(now_ms)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map($crate::db::portable::grades::into_outbox_row).collect())
            }

            async fn mark_delivered(&self, id: &str, owner: &str, now_ms: i64) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE grade_outbox SET state = 'delivered', delivered_at_ms = $1, lease_owner = NULL, \
                     lease_until_ms = NULL WHERE id = $2 AND lease_owner = $3",
                )
                .bind(now_ms)
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn reschedule_score(
                &self,
                id: &str,
                owner: &str,
                next_at_ms: i64,
                failure: &$crate::grades::worker::Failure,
            ) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE grade_outbox SET next_at_ms = $1, last_status = $2, last_error = $3, lease_owner = NULL, \
                     lease_until_ms = NULL WHERE id = $4 AND lease_owner = $5",
                )
                .bind(next_at_ms)
                .bind(failure.status.map(i64::from))
                .bind(&failure.answer)
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn dead_letter(
                &self,
                id: &str,
                owner: &str,
                failure: &$crate::grades::worker::Failure,
            ) -> $crate::db::StoreResult<bool> {
                // A row superseded meanwhile by a newer value stays superseded: nothing is lost.
                let done = sqlx::query(
                    "UPDATE grade_outbox SET state = CASE WHEN state = 'superseded' THEN 'superseded' ELSE 'dead' END, \
                     last_status = $1, last_error = $2, lease_owner = NULL, lease_until_ms = NULL \
                     WHERE id = $3 AND lease_owner = $4",
                )
                .bind(failure.status.map(i64::from))
                .bind(&failure.answer)
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn release_scores(&self, owner: &str) -> $crate::db::StoreResult<u64> {
                let done = sqlx::query(
                    "UPDATE grade_outbox SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = $1",
                )
                .bind(owner)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            }

            async fn outbox_status(&self) -> $crate::db::StoreResult<$crate::grades::OutboxStatus> {
                $crate::db::portable::grades::read_status!(self)
            }

            async fn find_line_item(&self, key: &$crate::grades::LineItemKey) -> $crate::db::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT lineitem_url FROM grade_line_items WHERE registration_id = $1 AND lineitems_url = $2 \
                     AND resource_link_id = $3 AND resource_id = $4",
                )
                .bind(&key.registration_id)
                .bind(&key.lineitems_url)
                .bind(&key.resource_link_id)
                .bind(&key.resource_id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn remember_line_item(
                &self,
                key: &$crate::grades::LineItemKey,
                lineitem_url: &str,
                now_ms: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO grade_line_items (registration_id, lineitems_url, resource_link_id, resource_id, \
                     lineitem_url, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                )
                .bind(&key.registration_id)
                .bind(&key.lineitems_url)
                .bind(&key.resource_link_id)
                .bind(&key.resource_id)
                .bind(lineitem_url)
                .bind(now_ms)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn retry_dead_letters(&self, now_ms: i64) -> $crate::db::StoreResult<u64> {
                let done = sqlx::query(
                    "UPDATE grade_outbox SET state = 'pending', attempts = 0, next_at_ms = $1, lease_owner = NULL, \
                     lease_until_ms = NULL WHERE state = 'dead'",
                )
                .bind(now_ms)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            }
        }
    };
}
pub(crate) use grade_store;

/// Reads the queue summary, the failures per platform and the dead letters.
macro_rules! read_status {
    ($self:expr) => {{
        let counts: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT state, COUNT(*), MIN(created_at_ms) FROM grade_outbox GROUP BY state",
        )
        .fetch_all(&$self.pool)
        .await?;
        let failures: Vec<(String, i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT g.registration_id, \
               SUM(CASE WHEN g.state = 'dead' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN g.state = 'pending' THEN 1 ELSE 0 END), \
               (SELECT last_error FROM grade_outbox l WHERE l.registration_id = g.registration_id \
                 AND l.last_error IS NOT NULL AND l.state IN ('pending', 'dead') ORDER BY l.next_at_ms DESC LIMIT 1) \
             FROM grade_outbox g WHERE g.last_error IS NOT NULL AND g.state IN ('pending', 'dead') \
             GROUP BY g.registration_id ORDER BY g.registration_id",
        )
        .fetch_all(&$self.pool)
        .await?;
        let dead: Vec<(String, String, String, i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT id, registration_id, user_id, score_given, last_status, last_error FROM grade_outbox \
             WHERE state = 'dead' ORDER BY created_at_ms LIMIT 50",
        )
        .fetch_all(&$self.pool)
        .await?;
        Ok($crate::db::portable::grades::into_status(counts, failures, dead))
    }};
}
pub(crate) use read_status;

type StateCount = (String, i64, Option<i64>);
type FailureRow = (String, i64, i64, Option<String>);
type DeadRow = (String, String, String, i64, Option<i64>, Option<String>);

pub(crate) fn into_status(
    counts: Vec<StateCount>,
    failures: Vec<FailureRow>,
    dead: Vec<DeadRow>,
) -> crate::grades::OutboxStatus {
    let mut status = crate::grades::OutboxStatus::default();
    for (state, n, oldest) in counts {
        match state.as_str() {
            "pending" => {
                status.pending = n;
                status.oldest_pending_ms = oldest;
            }
            "dead" => status.dead = n,
            "delivered" => status.delivered = n,
            _ => {}
        }
    }
    status.failures = failures
        .into_iter()
        .map(
            |(registration_id, dead, retrying, last_error)| crate::grades::PlatformFailures {
                registration_id,
                dead,
                retrying,
                last_error,
            },
        )
        .collect();
    status.dead_letters = dead
        .into_iter()
        .map(
            |(id, registration_id, user_id, score_given, last_status, last_error)| {
                crate::grades::DeadLetter {
                    id,
                    registration_id,
                    user_id,
                    score_given,
                    status: last_status,
                    answer: last_error.unwrap_or_default(),
                }
            },
        )
        .collect();
    status
}
