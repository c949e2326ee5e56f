//! The knowledge hub's search index and the community of practice's threads and posts. Index and
//! search differ per backend (FTS5 / tsvector); threads and posts are portable SQL. Every thread
//! and post call carries the tenant (a registration id, or `trainers`) and filters on it.

use super::StoreResult;
use crate::hub::community::{Moderation, NewPost, Post, PostOutcome, Thread, ThreadKey};
use crate::hub::{Hit, SearchDoc, SearchFilter};
use crate::platforms::RegistrationId;
use async_trait::async_trait;

#[async_trait]
pub trait HubStore: Send + Sync {
    /// Makes the index hold exactly `docs` (upserts, then removes the rest); safe to run at every
    /// start and from two instances at once.
    async fn index_hub(&self, docs: &[SearchDoc]) -> StoreResult<()>;
    /// The best matches for `words` (see `hub::query_words`), best first, at most `limit`.
    async fn search_hub(
        &self,
        words: &[String],
        filter: &SearchFilter,
        limit: i64,
    ) -> StoreResult<Vec<Hit>>;
    /// The thread for `key`, created on first use.
    async fn thread(&self, key: &ThreadKey, id_if_new: &str, now: i64) -> StoreResult<Thread>;
    /// Writes a post unless the thread is locked or the author wrote `limit` posts since `since`,
    /// checked in the same statement as the insert.
    async fn insert_post(&self, post: &NewPost, since: i64, limit: i64)
    -> StoreResult<PostOutcome>;
    /// The posts of a thread of `tenant`: pinned first, then oldest first.
    async fn list_posts(&self, tenant: &str, thread_id: &str) -> StoreResult<Vec<Post>>;
    async fn find_post(
        &self,
        tenant: &str,
        thread_id: &str,
        post_id: &str,
    ) -> StoreResult<Option<Post>>;
    async fn moderate_post(
        &self,
        tenant: &str,
        thread_id: &str,
        post_id: &str,
        action: Moderation,
    ) -> StoreResult<bool>;
    async fn lock_thread(&self, tenant: &str, thread_id: &str, locked: bool) -> StoreResult<bool>;
    /// Remembers that `user` read the thread now.
    async fn mark_seen(
        &self,
        tenant: &str,
        thread_id: &str,
        user: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// Visible posts by others since the user's last visit, per thread scope of a context.
    async fn new_replies(
        &self,
        tenant: &str,
        context_id: &str,
        user: &str,
    ) -> StoreResult<Vec<(String, i64)>>;
    /// Opts a registration's instructors in or out of the trainers' forum.
    async fn set_forum_optin(
        &self,
        registration: RegistrationId,
        enabled: bool,
        now: i64,
    ) -> StoreResult<bool>;
    async fn forum_optin(&self, registration: RegistrationId) -> StoreResult<bool>;
}
