//! The operator's login: an argon2id password set from the command line, sessions whose tokens
//! are stored only as hashes, a CSRF token per session, and a limit on failed logins per client
//! address (kept in the database, so every instance counts the same failures).

use crate::db::DynStore;
use crate::db::operator::OperatorSession;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The shortest password `operator password` accepts.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// An operator session lasts this long (no sliding renewal).
pub const SESSION_SECS: i64 = 8 * 3600;
/// Failed logins allowed per client address within `FAILURE_WINDOW_SECS`.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// The session cookie (path `/operator`, `SameSite=Strict`).
pub const COOKIE: &str = "sh_operator";

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters other than spaces")]
    WeakPassword,
    #[error(
        "the password starts or ends with a space (usually a copy-and-paste slip that the sign-in \
         form would not reproduce); type it without"
    )]
    PasswordSpaces,
    #[error("hashing the password failed: {0}")]
    Hash(String),
    #[error("no operator password is set: run `securehospitals operator password`")]
    NoPassword,
    #[error("wrong password")]
    WrongPassword,
    #[error("too many failed logins from this address: wait {retry_after_secs} s")]
    RateLimited { retry_after_secs: i64 },
    #[error(transparent)]
    Store(#[from] crate::db::StoreError),
}

/// Hashes a new password (argon2id, random salt) into a PHC string.
pub fn hash_password(password: &str) -> Result<String, OperatorError> {
    if password.trim() != password {
        return Err(OperatorError::PasswordSpaces);
    }
    if password.chars().filter(|c| !c.is_whitespace()).count() < MIN_PASSWORD_CHARS {
        return Err(OperatorError::WeakPassword);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| OperatorError::Hash(e.to_string()))
}

/// Whether `password` matches the stored PHC string (false for a malformed one).
pub fn verify_password(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random token, base64url (32 bytes).
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// A session just created: the token goes into the cookie, never into the database.
#[derive(Debug)]
pub struct NewLogin {
    pub token: String,
    pub max_age_secs: i64,
}

/// Checks the password of a login from `client`; on success creates a session. Failures are
/// counted per client; past the limit even the right password is refused until the window ends.
pub async fn log_in(
    store: &DynStore,
    client: &str,
    password: &str,
    now: i64,
) -> Result<NewLogin, OperatorError> {
    let since = now - FAILURE_WINDOW_SECS;
    if store.login_failures_since(client, since).await? >= MAX_FAILURES {
        return Err(OperatorError::RateLimited {
            retry_after_secs: FAILURE_WINDOW_SECS,
        });
    }
    let phc = store
        .operator_password()
        .await?
        .ok_or(OperatorError::NoPassword)?;
    let given = password.to_owned();
    // Argon2 takes tens of milliseconds of CPU: off the async workers.
    let ok = tokio::task::spawn_blocking(move || verify_password(&phc, &given))
        .await
        .unwrap_or(false);
    if !ok {
        store
            .record_login_failure(client, now, now - 24 * 3600)
            .await?;
        return Err(OperatorError::WrongPassword);
    }
    let token = random_token();
    store
        .insert_operator_session(
            &token_hash(&token),
            &random_token(),
            now,
            now + SESSION_SECS,
        )
        .await?;
    Ok(NewLogin {
        token,
        max_age_secs: SESSION_SECS,
    })
}

/// The live session a cookie token names, if any.
pub async fn session(
    store: &DynStore,
    token: &str,
    now: i64,
) -> Result<Option<OperatorSession>, OperatorError> {
    Ok(store.find_operator_session(&token_hash(token), now).await?)
}

pub async fn log_out(store: &DynStore, token: &str) -> Result<(), OperatorError> {
    Ok(store.delete_operator_session(&token_hash(token)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password(&phc, "correct horse battery"));
        assert!(!verify_password(&phc, "correct horse batterY"));
        assert!(!verify_password("not a hash", "correct horse battery"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(
            hash_password("short"),
            Err(OperatorError::WeakPassword)
        ));
        assert!(matches!(
            hash_password("a b c d e f g h i j k"),
            Err(OperatorError::WeakPassword)
        ));
        assert!(matches!(
            hash_password(" twelve chars and more"),
            Err(OperatorError::PasswordSpaces)
        ));
    }

    #[test]
    fn tokens_are_random_and_stored_as_hashes() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
    }
}
