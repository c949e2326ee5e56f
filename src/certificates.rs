//! Certificates for completed learning paths: what is issued (a row per learner, path and
//! validity period), the Open Badges 3.0 credential signed as a VC-JWT with the issuer's own
//! keys, the Bitstring Status List that publishes revocations, and verification. No HTTP, no SQL.

pub mod credential;
pub mod issuer_keys;
pub mod pdf;
pub mod service;
pub mod status_cache;
pub mod status_list;
pub mod verify;

use crate::courses::Learner;
use rand::Rng;
use sha2::{Digest, Sha256};

/// Default validity of a certificate: awareness should be refreshed yearly.
pub const DEFAULT_VALIDITY_SECS: i64 = 365 * 24 * 3600;
/// A learner is reminded this long before a certificate expires; re-taking the path inside this
/// window issues a new certificate.
pub const REMINDER_WINDOW_SECS: i64 = 30 * 24 * 3600;

/// Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed is unambiguous.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 16 symbols of 5 bits: 80 bits, far beyond guessing under the verification rate limit.
const CODE_LEN: usize = 16;

/// A short, human-typable verification code such as `7K2M-9QXD-4HRT-B1WZ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let raw: String = (0..CODE_LEN)
            .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..32)]))
            .collect();
        Self(raw)
    }

    /// Accepts what a person types: any case, with or without dashes and spaces, O for 0 and
    /// I or L for 1. `None` for anything that cannot be a code.
    pub fn parse(input: &str) -> Option<Self> {
        let mut out = String::with_capacity(CODE_LEN);
        for c in input.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) || out.len() == CODE_LEN {
                return None;
            }
            out.push(c);
        }
        (out.len() == CODE_LEN).then_some(Self(out))
    }

    /// The stored form (no dashes).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped by four for reading.
    pub fn display(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// How the recipient is identified in the credential: a salted SHA-256 of the e-mail address
/// when the launch carried one, else of the LMS user id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// `sha256$<hex>` as Open Badges writes it.
    pub hash: String,
    pub salt: String,
    /// `emailAddress` or `ltiUserId` (Open Badges 3.0 IdentifierTypeEnum).
    pub kind: String,
}

impl Recipient {
    pub fn new<R: Rng + ?Sized>(email: Option<&str>, user_id: &str, rng: &mut R) -> Self {
        let salt: String = (0..16)
            .map(|_| format!("{:02x}", rng.random::<u8>()))
            .collect();
        let (identity, kind) = match email.map(str::trim).filter(|e| e.contains('@')) {
            Some(e) => (e.to_lowercase(), "emailAddress"),
            None => (user_id.to_owned(), "ltiUserId"),
        };
        Self {
            hash: identity_hash(&identity, &salt),
            salt,
            kind: kind.into(),
        }
    }
}

/// `sha256$` + hex of SHA-256 over the identity followed by the salt (Open Badges hashing).
pub fn identity_hash(identity: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{identity}{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// A certificate to issue if the completing transaction finds the path complete and the
/// learner holds no certificate for it that is still valid beyond `renew_after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDraft {
    pub id: String,
    pub code: VerificationCode,
    pub path_id: String,
    pub context_id: Option<String>,
    /// `None` until the learner declares a name (the launch carried none).
    pub learner_name: Option<String>,
    pub name_self_declared: bool,
    pub recipient: Recipient,
    pub language: String,
    pub content_version: String,
    pub issued_at: i64,
    pub valid_until: i64,
    pub renew_after: i64,
}

/// What the learner's launch says about them, for drafting certificates.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub learner: &'a Learner,
    pub context_id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub declared_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub language: &'a str,
}

/// Drafts one certificate per path (given as id and content version) with the default
/// 12-month validity.
pub fn drafts_for<R: Rng + ?Sized>(
    holder: Holder<'_>,
    paths: &[(String, String)],
    now: i64,
    rng: &mut R,
) -> Vec<CertificateDraft> {
    let terms: Vec<PathTerms> = paths
        .iter()
        .map(|(path_id, content_version)| PathTerms {
            path_id: path_id.clone(),
            content_version: content_version.clone(),
            validity_secs: DEFAULT_VALIDITY_SECS,
        })
        .collect();
    drafts_for_terms(holder, &terms, now, rng)
}

/// Drafts one certificate per path that the completion may complete, valid as long as the
/// path's terms say.
pub fn drafts_for_terms<R: Rng + ?Sized>(
    holder: Holder<'_>,
    paths: &[PathTerms],
    now: i64,
    rng: &mut R,
) -> Vec<CertificateDraft> {
    let launch_name = holder.name.map(str::trim).filter(|n| !n.is_empty());
    let (learner_name, self_declared) = match (launch_name, holder.declared_name) {
        (Some(n), _) => (Some(n.to_owned()), false),
        (None, Some(d)) => (Some(d.to_owned()), true),
        (None, None) => (None, false),
    };
    paths
        .iter()
        .map(|terms| CertificateDraft {
            id: uuid::Uuid::new_v4().to_string(),
            code: VerificationCode::random(rng),
            path_id: terms.path_id.clone(),
            context_id: holder.context_id.map(str::to_owned),
            learner_name: learner_name.clone(),
            name_self_declared: self_declared,
            recipient: Recipient::new(holder.email, &holder.learner.user_id, rng),
            language: holder.language.to_owned(),
            content_version: terms.content_version.clone(),
            issued_at: now,
            valid_until: now + terms.validity_secs,
            // Re-taking the path issues a new certificate only inside the reminder window
            // (or once the previous one is revoked).
            renew_after: now + REMINDER_WINDOW_SECS.min(terms.validity_secs / 2),
        })
        .collect()
}

/// A path's certificate terms: content version and validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTerms {
    pub path_id: String,
    pub content_version: String,
    pub validity_secs: i64,
}

/// Validity of `months` months, counted as 365/12 days each.
pub fn months_to_secs(months: u32) -> i64 {
    i64::from(months) * DEFAULT_VALIDITY_SECS / 12
}

/// The day of a Unix time (UTC, `2026-11-29`), as certificates, the verification page and
/// the command line show issue and expiry dates.
pub fn certificate_day(unix: i64) -> String {
    crate::keys::format_time(unix).chars().take(10).collect()
}

/// The paths a completion may certify: the learner's own, that is those of the job role the
/// attempt was taken in, or the path the activity places. A nurse whose modules also cover the
/// whole administrative path has still not been trained as administrative staff, and a signed
/// certificate saying so would mislead whoever checks it. Completion of other paths is still
/// recorded; only the certificate is held back.
pub fn own_paths(
    catalogue: &crate::content::Catalogue,
    checks: &[crate::courses::PathCheck],
    role: crate::content::JobRole,
    placed_path: Option<&str>,
) -> Vec<crate::courses::PathCheck> {
    checks
        .iter()
        .filter(|check| {
            placed_path == Some(check.path_id.as_str())
                || catalogue
                    .path(&check.path_id)
                    .is_some_and(|p| p.roles.contains(&role))
        })
        .cloned()
        .collect()
}

/// The terms of every path a completion may complete (validity from `certificate_months`).
pub fn path_terms(
    catalogue: &crate::content::Catalogue,
    checks: &[crate::courses::PathCheck],
) -> Vec<PathTerms> {
    checks
        .iter()
        .map(|check| {
            let versions = check
                .modules
                .iter()
                .filter_map(|m| catalogue.module(m))
                .map(|m| format!("{}@{}", m.id, m.version))
                .collect::<Vec<_>>()
                .join(" ");
            PathTerms {
                path_id: check.path_id.clone(),
                content_version: versions,
                validity_secs: catalogue
                    .path(&check.path_id)
                    .map_or(DEFAULT_VALIDITY_SECS, |p| {
                        months_to_secs(p.certificate_months)
                    }),
            }
        })
        .collect()
}

/// A revocation: when, why and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    pub at: i64,
    pub reason: String,
    pub by: String,
}

/// An issued certificate as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub id: String,
    pub code: VerificationCode,
    pub learner: Learner,
    pub context_id: Option<String>,
    pub path_id: String,
    pub generation: i64,
    pub learner_name: Option<String>,
    pub name_self_declared: bool,
    pub recipient: Recipient,
    pub language: String,
    pub content_version: String,
    pub issued_at: i64,
    pub valid_until: i64,
    pub status_index: Option<i64>,
    /// The signed credential; `None` until signed (right after issuing, or once a name exists).
    pub credential_jwt: Option<String>,
    pub revocation: Option<Revocation>,
}

impl Certificate {
    /// Whether the learner should be reminded to refresh: not revoked, expiring within the window.
    pub fn needs_refresh(&self, now: i64) -> bool {
        self.revocation.is_none() && self.valid_until - now <= REMINDER_WINDOW_SECS
    }
}

/// Normalises a name a learner declares: trimmed, single spaces, 2 to 120 characters, no
/// control characters.
pub fn parse_declared_name(input: &str) -> Option<String> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = name.chars().count();
    ((2..=120).contains(&len) && !name.chars().any(char::is_control)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_learners_own_paths_are_certified() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let catalogue = crate::content::Catalogue::load(&dir).unwrap();
        // Passing M10 may complete every path; a nurse is certified for the nursing path only,
        // unless the activity places another path.
        let checks: Vec<crate::courses::PathCheck> = catalogue
            .paths()
            .iter()
            .map(|p| crate::courses::PathCheck {
                path_id: p.id.clone(),
                modules: p.modules.clone(),
            })
            .collect();
        let ids = |v: Vec<crate::courses::PathCheck>| {
            v.into_iter().map(|c| c.path_id).collect::<Vec<_>>()
        };
        let nurse = crate::content::JobRole::Nurse;
        assert_eq!(
            ids(own_paths(&catalogue, &checks, nurse, None)),
            ["nursing"]
        );
        assert_eq!(
            ids(own_paths(
                &catalogue,
                &checks,
                nurse,
                Some("administrative")
            )),
            ["nursing", "administrative"]
        );
    }

    #[test]
    fn codes_are_sixteen_unambiguous_symbols_and_parse_as_typed() {
        let code = VerificationCode::random(&mut rand::rng());
        assert_eq!(code.as_str().len(), 16);
        let typed = code.display().to_lowercase().replace('0', "o");
        assert_eq!(VerificationCode::parse(&typed), Some(code));
        assert_eq!(VerificationCode::parse("ABCD"), None);
        assert_eq!(VerificationCode::parse("ABCD-EFGH-JKMN-PQRS-T"), None);
        assert_eq!(VerificationCode::parse("ABCD-EFGH-JKMN-PQRU"), None);
    }

    #[test]
    fn identity_hash_is_sha256_of_identity_then_salt() {
        assert_eq!(
            identity_hash("abc", ""),
            "sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_draft_is_valid_for_its_paths_months_and_renews_only_near_expiry() {
        let learner = Learner {
            registration_id: crate::platforms::RegistrationId::default(),
            user_id: "u1".into(),
        };
        let holder = Holder {
            learner: &learner,
            context_id: Some("c"),
            name: None,
            declared_name: Some("Ana López"),
            email: Some(" Ana@Example.org "),
            language: "es",
        };
        let terms = [PathTerms {
            path_id: "nursing".into(),
            content_version: "M01@1".into(),
            validity_secs: months_to_secs(24),
        }];
        let d = drafts_for_terms(holder, &terms, 1_000, &mut rand::rng()).remove(0);
        assert_eq!(d.valid_until - d.issued_at, 2 * DEFAULT_VALIDITY_SECS);
        assert_eq!(d.renew_after, 1_000 + REMINDER_WINDOW_SECS);
        assert_eq!(d.learner_name.as_deref(), Some("Ana López"));
        assert!(d.name_self_declared);
        assert_eq!(d.recipient.kind, "emailAddress");
        assert_eq!(
            d.recipient.hash,
            identity_hash("ana@example.org", &d.recipient.salt)
        );
        let short = [PathTerms {
            validity_secs: months_to_secs(1),
            ..terms[0].clone()
        }];
        let d = drafts_for_terms(holder, &short, 0, &mut rand::rng()).remove(0);
        assert!(
            d.renew_after < d.valid_until,
            "a one-month certificate can still be renewed"
        );
    }

    #[test]
    fn declared_names_are_trimmed_and_bounded() {
        assert_eq!(
            parse_declared_name("  Ana   María  López "),
            Some("Ana María López".into())
        );
        assert_eq!(parse_declared_name("x"), None);
        assert_eq!(parse_declared_name(&"a".repeat(121)), None);
    }
}
