//! `HubStore` for both backends. Threads and posts are portable SQL; the search index differs, so
//! each backend passes its search statement, the statements that refresh its full-text table
//! after the documents changed, and how it turns query words into its query parameter.

/// `hub_store!(Store, SEARCH_SQL, FTS_SYNC, match_param)`.
macro_rules! hub_store {
    ($store:ty, $search:expr, $fts_sync:expr, $match_param:path) => {
        #[async_trait::async_trait]
        impl $crate::db::hub::HubStore for $store {
            async fn index_hub(
                &self,
                docs: &[$crate::hub::SearchDoc],
            ) -> $crate::db::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                for d in docs {
                    sqlx::query(
                        "INSERT INTO hub_docs (doc_key, kind, doc_id, title, summary, body, roles, languages, countries, topics) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (doc_key) DO UPDATE SET \
                         kind = EXCLUDED.kind, doc_id = EXCLUDED.doc_id, title = EXCLUDED.title, summary = EXCLUDED.summary, \
                         body = EXCLUDED.body, roles = EXCLUDED.roles, languages = EXCLUDED.languages, \
                         countries = EXCLUDED.countries, topics = EXCLUDED.topics",
                    )
                    .bind(format!("{}/{}", d.kind, d.id))
                    .bind(&d.kind)
                    .bind(&d.id)
                    .bind(&d.title)
                    .bind(&d.summary)
                    .bind(&d.body)
                    .bind(&d.roles)
                    .bind(&d.languages)
                    .bind(&d.countries)
                    .bind(&d.topics)
                    .execute(&mut *tx)
                    .await?;
                }
                let keys: Vec<String> = docs.iter().map(|d| format!("{}/{}", d.kind, d.id)).collect();
                let stored: Vec<(String,)> = sqlx::query_as("SELECT doc_key FROM hub_docs")
                    .fetch_all(&mut *tx)
                    .await?;
                for (key,) in stored.into_iter().filter(|(k,)| !keys.contains(k)) {
                    sqlx::query("DELETE FROM hub_docs WHERE doc_key = $1")
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
                for statement in $fts_sync {
                    sqlx::query(statement).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn search_hub(
                &self,
                words: &[String],
                f: &$crate::hub::SearchFilter,
                limit: i64,
            ) -> $crate::db::StoreResult<Vec<$crate::hub::Hit>> {
                if words.is_empty() {
                    return Ok(Vec::new());
                }
                let like = |v: Option<&str>| v.map_or_else(|| "%".to_owned(), |v| format!("% {v} %"));
                let rows: Vec<(String, String, String, String)> = sqlx::query_as($search)
                    .bind($match_param(words))
                    .bind(f.kind.clone().unwrap_or_default())
                    .bind(like(f.role.map(|r| r.as_str())))
                    .bind(like(f.language.as_deref()))
                    .bind(like(f.country.as_deref()))
                    .bind(like(f.topic.as_deref()))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(kind, id, title, summary)| $crate::hub::Hit { kind, id, title, summary })
                    .collect())
            }

            async fn thread(
                &self,
                key: &$crate::hub::community::ThreadKey,
                id_if_new: &str,
                now: i64,
            ) -> $crate::db::StoreResult<$crate::hub::community::Thread> {
                sqlx::query(
                    "INSERT INTO hub_threads (id, tenant, context_id, scope, locked, created_at) VALUES ($1, $2, $3, $4, 0, $5) \
                     ON CONFLICT (tenant, context_id, scope) DO NOTHING",
                )
                .bind(id_if_new)
                .bind(key.tenant())
                .bind(&key.context_id)
                .bind(key.scope.as_str())
                .bind(now)
                .execute(&self.pool)
                .await?;
                let (id, locked): (String, i64) = sqlx::query_as(
                    "SELECT id, locked FROM hub_threads WHERE tenant = $1 AND context_id = $2 AND scope = $3",
                )
                .bind(key.tenant())
                .bind(&key.context_id)
                .bind(key.scope.as_str())
                .fetch_one(&self.pool)
                .await?;
                Ok($crate::hub::community::Thread { id, locked: locked != 0 })
            }

            async fn insert_post(
                &self,
                p: &$crate::hub::community::NewPost,
                since: i64,
                limit: i64,
            ) -> $crate::db::StoreResult<$crate::hub::community::PostOutcome> {
                use $crate::hub::community::PostOutcome;
                let done = sqlx::query(
                    "INSERT INTO hub_posts (id, thread_id, parent_id, tenant, user_id, author, author_is_instructor, body, hidden, pinned, created_at) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, 0, 0, $9 \
                     WHERE EXISTS (SELECT 1 FROM hub_threads WHERE id = $2 AND tenant = $4 AND locked = 0) \
                     AND (SELECT COUNT(*) FROM hub_posts WHERE tenant = $4 AND user_id = $5 AND created_at > $10) < $11",
                )
                .bind(&p.id)
                .bind(&p.thread_id)
                .bind(&p.parent_id)
                .bind(&p.tenant)
                .bind(&p.user_id)
                .bind(&p.author)
                .bind(i64::from(p.author_is_instructor))
                .bind(&p.body)
                .bind(p.created_at)
                .bind(since)
                .bind(limit)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 {
                    return Ok(PostOutcome::Written);
                }
                let open: Option<(i64,)> = sqlx::query_as(
                    "SELECT locked FROM hub_threads WHERE id = $1 AND tenant = $2",
                )
                .bind(&p.thread_id)
                .bind(&p.tenant)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match open {
                    Some((0,)) => PostOutcome::RateLimited,
                    _ => PostOutcome::Locked,
                })
            }

            async fn list_posts(
                &self,
                tenant: &str,
                thread_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::hub::community::Post>> {
                let rows: Vec<$crate::db::portable::hub::PostRow> = sqlx::query_as(
                    "SELECT id, parent_id, user_id, author, author_is_instructor, body, hidden, pinned, created_at FROM hub_posts \
                     WHERE tenant = $1 AND thread_id = $2 ORDER BY pinned DESC, created_at, id LIMIT 500",
                )
                .bind(tenant)
                .bind(thread_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn find_post(
                &self,
                tenant: &str,
                thread_id: &str,
                post_id: &str,
            ) -> $crate::db::StoreResult<Option<$crate::hub::community::Post>> {
                let row: Option<$crate::db::portable::hub::PostRow> = sqlx::query_as(
                    "SELECT id, parent_id, user_id, author, author_is_instructor, body, hidden, pinned, created_at FROM hub_posts \
                     WHERE tenant = $1 AND thread_id = $2 AND id = $3",
                )
                .bind(tenant)
                .bind(thread_id)
                .bind(post_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn moderate_post(
                &self,
                tenant: &str,
                thread_id: &str,
                post_id: &str,
                action: $crate::hub::community::Moderation,
            ) -> $crate::db::StoreResult<bool> {
                use $crate::hub::community::Moderation;
                let sql = match action {
                    Moderation::Hide => "UPDATE hub_posts SET hidden = 1 WHERE tenant = $1 AND thread_id = $2 AND id = $3",
                    Moderation::Unhide => "UPDATE hub_posts SET hidden = 0 WHERE tenant = $1 AND thread_id = $2 AND id = $3",
                    Moderation::Pin => "UPDATE hub_posts SET pinned = 1 WHERE tenant = $1 AND thread_id = $2 AND id = $3",
                    Moderation::Unpin => "UPDATE hub_posts SET pinned = 0 WHERE tenant = $1 AND thread_id = $2 AND id = $3",
                };
                let done = sqlx::query(sql)
                    .bind(tenant)
                    .bind(thread_id)
                    .bind(post_id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn lock_thread(
                &self,
                tenant: &str,
                thread_id: &str,
                locked: bool,
            ) -> $crate::db::StoreResult<bool> {
                let done = sqlx::query("UPDATE hub_threads SET locked = $1 WHERE tenant = $2 AND id = $3")
                    .bind(i64::from(locked))
                    .bind(tenant)
                    .bind(thread_id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn mark_seen(
                &self,
                tenant: &str,
                thread_id: &str,
                user: &str,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO hub_visits (thread_id, tenant, user_id, seen_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (thread_id, tenant, user_id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
                )
                .bind(thread_id)
                .bind(tenant)
                .bind(user)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn new_replies(
                &self,
                tenant: &str,
                context_id: &str,
                user: &str,
            ) -> $crate::db::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT t.scope, COUNT(p.id) FROM hub_threads t JOIN hub_posts p ON p.thread_id = t.id AND p.tenant = t.tenant \
                     LEFT JOIN hub_visits v ON v.thread_id = t.id AND v.tenant = t.tenant AND v.user_id = $3 \
                     WHERE t.tenant = $1 AND t.context_id = $2 AND p.hidden = 0 AND p.user_id <> $3 \
                     AND p.created_at > COALESCE(v.seen_at, 0) GROUP BY t.scope ORDER BY t.scope",
                )
                .bind(tenant)
                .bind(context_id)
                .bind(user)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_forum_optin(
                &self,
                registration: $crate::platforms::RegistrationId,
                enabled: bool,
                now: i64,
            ) -> $crate::db::StoreResult<bool> {
                if enabled {
                    sqlx::query(
                        "INSERT INTO hub_forum_optin (registration_id, enabled_at) SELECT id, $2 FROM registrations WHERE id = $1 \
                         ON CONFLICT (registration_id) DO NOTHING",
                    )
                    .bind(registration.to_string())
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                    $crate::db::hub::HubStore::forum_optin(self, registration).await
                } else {
                    let done = sqlx::query("DELETE FROM hub_forum_optin WHERE registration_id = $1")
                        .bind(registration.to_string())
                        .execute(&self.pool)
                        .await?;
                    Ok(done.rows_affected() == 1)
                }
            }

            async fn forum_optin(
                &self,
                registration: $crate::platforms::RegistrationId,
            ) -> $crate::db::StoreResult<bool> {
                let found: Option<(String,)> = sqlx::query_as(
                    "SELECT registration_id FROM hub_forum_optin WHERE registration_id = $1",
                )
                .bind(registration.to_string())
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.is_some())
            }
        }
    };
}

pub(crate) use hub_store;

/// A `hub_posts` row as read.
#[derive(sqlx::FromRow)]
pub(crate) struct PostRow {
    id: String,
    parent_id: String,
    user_id: String,
    author: String,
    author_is_instructor: i64,
    body: String,
    hidden: i64,
    pinned: i64,
    created_at: i64,
}

impl From<PostRow> for crate::hub::community::Post {
    fn from(r: PostRow) -> Self {
        Self {
            id: r.id,
            parent_id: r.parent_id,
            user_id: r.user_id,
            author: r.author,
            author_is_instructor: r.author_is_instructor != 0,
            body: r.body,
            hidden: r.hidden != 0,
            pinned: r.pinned != 0,
            created_at: r.created_at,
        }
    }
}
