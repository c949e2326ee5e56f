//! Certificate work that needs the store and the issuer keys: signing issued certificates,
//! publishing the status list, verifying a code or an uploaded credential, revoking.

use super::credential::{self, Context, IssuerUrls};
use super::issuer_keys::{CredentialKeys, published_jwks};
use super::status_cache::StatusListCache;
use super::verify::{self, Signed, Verdict};
use super::{Certificate, Revocation, VerificationCode, status_list};
use crate::content::Catalogue;
use crate::db::{Store, StoreError};
use crate::keys::KeyError;
use serde_json::Value;

/// Why certificate work failed (the store or the keys; never the caller's input).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keys(#[from] KeyError),
}

/// What the signing needs besides the store.
#[derive(Debug, Clone, Copy)]
pub struct Issuing<'a> {
    pub store: &'a dyn Store,
    pub keys: &'a CredentialKeys,
    pub catalogue: &'a Catalogue,
    pub urls: &'a IssuerUrls,
}

/// Signs every issued certificate that has a name but no credential yet; returns how many.
/// Called right after a completing transaction and before certificates are shown, so a crash
/// between the two only delays the signature.
pub async fn sign_pending(issuing: Issuing<'_>, now: i64) -> Result<usize, CertificateError> {
    let pending = issuing.store.unsigned_certificates(100).await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let keys = issuing.keys.current(issuing.store).await?;
    let mut signed = 0;
    for cert in pending {
        let institution = issuing
            .store
            .find_registration_by_id(cert.learner.registration_id)
            .await?
            .map_or_else(|| "a learning platform".to_owned(), |r| r.name);
        let ctx = Context {
            urls: issuing.urls,
            catalogue: issuing.catalogue,
            institution: &institution,
        };
        let claims = credential::jwt_claims(
            &credential::build(&cert, ctx),
            cert.issued_at,
            cert.valid_until,
        );
        let jwt = keys.sign(&claims, now)?;
        if issuing.store.store_credential(&cert.id, &jwt).await? {
            signed += 1;
            crate::metrics::certificate_issued();
        }
    }
    Ok(signed)
}

/// The signed status list credential `list` (a VC-JWT): this instance's copy while no
/// revocation touched the list since it was signed, else signed afresh. `None` when no
/// certificate has an index in that list yet: nothing is signed for a list no credential names,
/// so a caller walking through list numbers gets no signatures and evicts no cached list.
pub async fn status_list_jwt(
    issuing: Issuing<'_>,
    cache: &StatusListCache,
    list: i64,
    now: i64,
) -> Result<Option<String>, CertificateError> {
    let next_index = issuing.store.next_status_index().await?;
    if list < 1 || (list - 1).saturating_mul(status_list::LIST_SIZE) >= next_index {
        return Ok(None);
    }
    // The version is read before the revoked bits: a revocation committing in between leaves
    // a copy tagged with the older version, which the next fetch replaces.
    let version = issuing.store.status_list_version(list).await?;
    if let Some(jwt) = cache.get(list, version, now) {
        return Ok(Some(jwt));
    }
    let jwt = sign_status_list(issuing, list, now).await?;
    cache.put(list, version, now, jwt.clone());
    Ok(Some(jwt))
}

async fn sign_status_list(
    issuing: Issuing<'_>,
    list: i64,
    now: i64,
) -> Result<String, CertificateError> {
    let from = (list - 1) * status_list::LIST_SIZE;
    let revoked: Vec<i64> = issuing
        .store
        .revoked_indexes(from, from + status_list::LIST_SIZE)
        .await?
        .into_iter()
        .map(|i| i - from)
        .collect();
    let vc = status_list::credential(issuing.urls, list, &revoked, now);
    let mut claims = vc.clone();
    if let Some(map) = claims.as_object_mut() {
        map.insert("iss".into(), vc["issuer"].clone());
        map.insert("jti".into(), vc["id"].clone());
        map.insert("nbf".into(), now.into());
    }
    let keys = issuing.keys.current(issuing.store).await?;
    Ok(keys.sign(&claims, now)?)
}

/// A verification's verdict and, when the credential is ours, what it states.
#[derive(Debug, Clone)]
pub struct Report {
    pub verdict: Verdict,
    pub certificate: Option<Certificate>,
    pub credential: Option<Value>,
}

impl Report {
    fn only(verdict: Verdict) -> Self {
        Self {
            verdict,
            certificate: None,
            credential: None,
        }
    }
}

/// Verifies the certificate with this code: its stored credential is re-checked like any other.
pub async fn verify_code(
    store: &dyn Store,
    urls: &IssuerUrls,
    code: &VerificationCode,
    now: i64,
) -> Result<Report, CertificateError> {
    let Some(cert) = store.find_certificate_by_code(code).await? else {
        return Ok(Report::only(Verdict::NotIssuedHere {
            reason: "no certificate with this code was issued here".into(),
        }));
    };
    let Some(jwt) = cert.credential_jwt.clone() else {
        return Ok(Report::only(Verdict::NotIssuedHere {
            reason: "this certificate is not finished yet: the learner has not given a name".into(),
        }));
    };
    verify_jwt(store, urls, &jwt, now).await
}

/// Verifies a credential given as a JWT.
pub async fn verify_jwt(
    store: &dyn Store,
    urls: &IssuerUrls,
    jwt: &str,
    now: i64,
) -> Result<Report, CertificateError> {
    let jwks = published_jwks(store, now).await?;
    let signed = match verify::check_signature(jwt, &jwks, &urls.issuer()) {
        Ok(signed) => signed,
        Err(verdict) => return Ok(Report::only(verdict)),
    };
    conclude(store, urls, signed, now).await
}

/// Verifies an uploaded file: a certificate PDF (its attached credential), a VC-JWT, or a credential JSON that must equal a credential this
/// issuer signed (the JSON download carries no proof of its own).
pub async fn verify_upload(
    store: &dyn Store,
    urls: &IssuerUrls,
    bytes: &[u8],
    now: i64,
) -> Result<Report, CertificateError> {
    if bytes.starts_with(b"%PDF") {
        return match super::pdf::attached_credential(bytes) {
            Some(jwt) => verify_jwt(store, urls, &jwt, now).await,
            None => Ok(Report::only(Verdict::NotIssuedHere {
                reason: "this PDF carries no SecureHospitals credential".into(),
            })),
        };
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if !text.starts_with('{') {
        return verify_jwt(store, urls, text, now).await;
    }
    let Ok(uploaded) = serde_json::from_str::<Value>(text) else {
        return Ok(Report::only(Verdict::Invalid {
            reason: "the file is neither a credential JSON nor a JWT".into(),
        }));
    };
    let id = uploaded["id"]
        .as_str()
        .and_then(|i| i.strip_prefix("urn:uuid:"));
    let Some(cert) = (match id {
        Some(id) => store.find_certificate_by_id(id).await?,
        None => None,
    }) else {
        return Ok(Report::only(Verdict::NotIssuedHere {
            reason: "no credential with this id was issued here".into(),
        }));
    };
    let Some(jwt) = cert.credential_jwt.as_deref() else {
        return Ok(Report::only(Verdict::NotIssuedHere {
            reason: "this certificate is not finished yet".into(),
        }));
    };
    let report = verify_jwt(store, urls, jwt, now).await?;
    if let Some(signed_claims) = &report.credential {
        let signed = Signed {
            kid: String::new(),
            claims: signed_claims.clone(),
        };
        if !verify::same_credential(&uploaded, &signed) {
            return Ok(Report::only(Verdict::Invalid {
                reason: "the file differs from the credential that was issued: it was changed"
                    .into(),
            }));
        }
    }
    Ok(report)
}

async fn conclude(
    store: &dyn Store,
    urls: &IssuerUrls,
    signed: Signed,
    now: i64,
) -> Result<Report, CertificateError> {
    let cert = match signed.credential_id() {
        Some(id) => store.find_certificate_by_id(id).await?,
        None => None,
    };
    let Some(cert) = cert else {
        return Ok(Report::only(Verdict::NotIssuedHere {
            reason: "it is signed by this issuer but is not in its register".into(),
        }));
    };
    let expected = cert.status_index.map(status_list::position);
    let points_at = signed.status_entry();
    let consistent = match (expected, &points_at) {
        (Some((list, bit)), Some((url, b))) => *url == urls.status_list(list) && *b == bit,
        _ => false,
    };
    if !consistent {
        return Ok(Report::only(Verdict::Invalid {
            reason: "its status entry does not point at this issuer's status list".into(),
        }));
    }
    let revoked = cert.revocation.as_ref().map(|r| r.reason.clone());
    let verdict = verify::conclude(&signed, revoked, now);
    crate::metrics::certificate_verified(verdict.as_str());
    Ok(Report {
        verdict,
        credential: Some(signed.claims),
        certificate: Some(cert),
    })
}

/// Revokes a certificate of the instructor's context with a reason.
pub async fn revoke(
    store: &dyn Store,
    learner_context: (crate::platforms::RegistrationId, &str),
    certificate_id: &str,
    revocation: &Revocation,
) -> Result<bool, CertificateError> {
    let (registration, context) = learner_context;
    Ok(store
        .revoke_certificate(registration, context, certificate_id, revocation)
        .await?)
}
