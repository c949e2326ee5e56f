//! Which browser binding a login uses and how a launch proves it: a partitioned state cookie,
//! the LTI client-side postMessage storage (a secret the platform keeps for the tool's origin),
//! or a first-party cookie in a new window. Each launch records the path it took.

use super::login_state::BrowserBinding;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The parameter the "continue in a new window" form adds to the login initiation.
pub const NEW_WINDOW_PARAM: &str = "sh_window";

/// The path a launch took, as logged and counted (`lti_launch_paths_total{path}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchPath {
    PartitionedCookie,
    PostMessage,
    NewWindow,
}

impl LaunchPath {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartitionedCookie => "partitioned_cookie",
            Self::PostMessage => "postmessage",
            Self::NewWindow => "new_window",
        }
    }
}

/// The first 16 bytes of SHA-256 of `value`, as hex: names the state cookie and the storage key
/// of one login, so concurrent launches never overwrite each other's.
pub fn short_digest(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// SHA-256 of the platform-storage secret, as hex (what the state carries).
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The key under which the platform stores the secret of the login with this state.
pub fn storage_key(state: &str) -> String {
    format!("sh_binding_{}", short_digest(state))
}

/// A fresh secret for platform storage (256 random bits, hex).
pub fn new_secret() -> String {
    let mut out = String::with_capacity(64);
    for _ in 0..2 {
        let _ = write!(out, "{}", uuid::Uuid::new_v4().simple());
    }
    out
}

/// A frame name the tool will address: `_parent`, `_top` or a plain name (Canvas:
/// `post_message_forwarding`). Anything else is ignored, as if storage were not offered.
pub fn valid_target(target: &str) -> bool {
    !target.is_empty()
        && target.len() <= 64
        && target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// What the browser proved at launch.
#[derive(Debug, Default)]
pub struct Proof {
    /// The state cookie came back.
    pub cookie: bool,
    /// The secret read back from platform storage, when the restore page posted it.
    pub secret: Option<String>,
}

/// The result of checking a proof against the login's binding.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Proven(LaunchPath),
    /// No cookie, and the secret is still in platform storage: read it in the browser.
    ReadStorage,
    /// No cookie, and no storage to fall back to.
    CookieMissing,
    /// A secret was posted but it is not the login's.
    WrongSecret,
}

pub fn check(binding: &BrowserBinding, proof: &Proof) -> Verdict {
    match binding {
        BrowserBinding::NewWindow if proof.cookie => Verdict::Proven(LaunchPath::NewWindow),
        BrowserBinding::Cookie if proof.cookie => Verdict::Proven(LaunchPath::PartitionedCookie),
        BrowserBinding::PlatformStorage { hash, .. } => match &proof.secret {
            Some(secret) if constant_time_eq(&secret_hash(secret), hash) => {
                Verdict::Proven(LaunchPath::PostMessage)
            }
            Some(_) => Verdict::WrongSecret,
            None if proof.cookie => Verdict::Proven(LaunchPath::PartitionedCookie),
            None => Verdict::ReadStorage,
        },
        _ => Verdict::CookieMissing,
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage(secret: &str) -> BrowserBinding {
        BrowserBinding::PlatformStorage {
            hash: secret_hash(secret),
            target: "_parent".into(),
        }
    }

    #[test]
    fn the_platform_storage_secret_must_be_the_logins() {
        let secret = new_secret();
        assert_eq!(secret.len(), 64);
        let with = |s: Option<&str>, cookie| Proof {
            cookie,
            secret: s.map(str::to_owned),
        };
        let b = storage(&secret);
        assert_eq!(
            check(&b, &with(Some(&secret), false)),
            Verdict::Proven(LaunchPath::PostMessage)
        );
        assert_eq!(
            check(&b, &with(Some(&new_secret()), true)),
            Verdict::WrongSecret
        );
        assert_eq!(check(&b, &with(None, false)), Verdict::ReadStorage);
        assert_eq!(
            check(&b, &with(None, true)),
            Verdict::Proven(LaunchPath::PartitionedCookie)
        );
    }

    #[test]
    fn cookie_bindings_need_the_cookie_and_ignore_posted_secrets() {
        let secret = Proof {
            cookie: false,
            secret: Some("x".into()),
        };
        assert_eq!(
            check(&BrowserBinding::Cookie, &secret),
            Verdict::CookieMissing
        );
        assert_eq!(
            check(&BrowserBinding::NewWindow, &Proof::default()),
            Verdict::CookieMissing
        );
        let cookie = Proof {
            cookie: true,
            secret: None,
        };
        assert_eq!(
            check(&BrowserBinding::NewWindow, &cookie),
            Verdict::Proven(LaunchPath::NewWindow)
        );
    }

    #[test]
    fn only_plain_frame_names_are_addressed() {
        assert!(valid_target("_parent") && valid_target("post_message_forwarding"));
        assert!(!valid_target("") && !valid_target("a b") && !valid_target(&"a".repeat(65)));
    }
}
