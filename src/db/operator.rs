//! The operator's login: password hash, sessions (by token hash) and failed logins.

use super::StoreResult;
use async_trait::async_trait;

/// A live operator session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorSession {
    pub csrf: String,
    pub expires_at: i64,
}

#[async_trait]
pub trait OperatorStore: Send + Sync {
    /// Sets the password hash and ends every operator session (a new password locks out
    /// whoever knew the old one).
    async fn set_operator_password(&self, phc: &str, now: i64) -> StoreResult<()>;
    async fn operator_password(&self) -> StoreResult<Option<String>>;
    async fn insert_operator_session(
        &self,
        token_hash: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn find_operator_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<OperatorSession>>;
    async fn delete_operator_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Records a failed login of `client` and forgets failures older than `forget_before`.
    async fn record_login_failure(
        &self,
        client: &str,
        now: i64,
        forget_before: i64,
    ) -> StoreResult<()>;
    /// Failed logins of `client` since `since`.
    async fn login_failures_since(&self, client: &str, since: i64) -> StoreResult<i64>;
}
