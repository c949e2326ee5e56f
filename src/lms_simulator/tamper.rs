//! Signing id_tokens, and the ways a test can spoil one: every 1EdTech bad payload and the extra
//! attacks of issue 2 (alg none, HS256 with the public key, unknown keys, tampered payloads, ...).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value, json};

use super::keys::{KeyRing, PlatformKey};
use super::state::SimError;

/// The prefix of every LTI core claim.
pub const LTI_CLAIM_PREFIX: &str = "https://purl.imsglobal.org/spec/lti/claim/";

/// A change to an id_token, for negative tests.
///
/// The 1EdTech certification's bad payloads (guide §6.1.1) map to: no KID → `RemoveKid`;
/// incorrect KID → `WrongKid`; wrong LTI version → `SetClaim(version, "1.2.0")`; no LTI version →
/// `RemoveClaim(version)`; not a 1.3 JWT → `ReplaceToken(..)`; missing LTI claims →
/// `RemoveLtiClaims`; timestamps incorrect → `ExpireInPast` / `IssuedInFuture`; message_type,
/// role, deployment_id, resource_link, sub missing → `RemoveClaim(..)` of that claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Tamper {
    /// Remove a claim (full name, e.g. `sub` or `https://purl.imsglobal.org/spec/lti/claim/roles`).
    RemoveClaim(String),
    /// Set a claim to a value.
    SetClaim(String, Value),
    /// Remove every `https://purl.imsglobal.org/spec/lti/claim/*` claim ("Missing LTI Claims").
    RemoveLtiClaims,
    /// No `kid` in the header.
    RemoveKid,
    /// A `kid` the JWKS does not have (signature made with the current key).
    WrongKid,
    /// `alg: none` and an empty signature.
    AlgNone,
    /// HS256 with the platform's public key PEM as the HMAC secret (the key confusion attack).
    Hs256WithPublicKey,
    /// Signed with a key never published, under that key's own kid.
    SignWithUnpublishedKey,
    /// Signed with a key never published, under the current key's kid (a forged signature).
    UnpublishedKeyWithCurrentKid,
    /// `exp` this many seconds in the past (`iat` one lifetime before it).
    ExpireInPast(i64),
    /// `iat` this many seconds in the future (`exp` one lifetime after it).
    IssuedInFuture(i64),
    /// `aud` as a list instead of Moodle's plain string.
    AudList(Vec<String>),
    /// An `azp` claim.
    Azp(String),
    /// Change `sub` in the payload after signing, keeping the signature.
    TamperPayloadAfterSigning,
    /// Use this nonce instead of the one the tool sent.
    ReplaceNonce(String),
    /// Post this text instead of the id_token (malformed JWTs).
    ReplaceToken(String),
}

/// Applies the claim-level tampers to `claims`.
fn tamper_claims(claims: &mut Map<String, Value>, tamper: &[Tamper], now: i64, lifetime: i64) {
    for t in tamper {
        match t {
            Tamper::RemoveClaim(name) => {
                claims.remove(name);
            }
            Tamper::SetClaim(name, value) => {
                claims.insert(name.clone(), value.clone());
            }
            Tamper::RemoveLtiClaims => claims.retain(|k, _| !k.starts_with(LTI_CLAIM_PREFIX)),
            Tamper::ExpireInPast(secs) => {
                claims.insert("exp".into(), json!(now - secs));
                claims.insert("iat".into(), json!(now - secs - lifetime));
            }
            Tamper::IssuedInFuture(secs) => {
                claims.insert("iat".into(), json!(now + secs));
                claims.insert("exp".into(), json!(now + secs + lifetime));
            }
            Tamper::AudList(list) => {
                claims.insert("aud".into(), json!(list));
            }
            Tamper::Azp(azp) => {
                claims.insert("azp".into(), json!(azp));
            }
            Tamper::ReplaceNonce(nonce) => {
                claims.insert("nonce".into(), json!(nonce));
            }
            _ => {}
        }
    }
}

fn b64_json(value: &impl serde::Serialize) -> Result<String, SimError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| SimError::bad_request(format!("claims do not serialize: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn sign(input: &str, key: &EncodingKey, alg: Algorithm) -> Result<String, SimError> {
    jsonwebtoken::crypto::sign(input.as_bytes(), key, alg)
        .map_err(|e| SimError::bad_request(format!("signing failed: {e}")))
}

/// Signs `claims` as RS256 with the platform's current key: how the platform signs its other JWTs.
pub(crate) fn sign_rs256(claims: &Value, key: &PlatformKey) -> Result<String, SimError> {
    let header = json!({"typ": "JWT", "alg": "RS256", "kid": key.kid()});
    let input = format!("{}.{}", b64_json(&header)?, b64_json(claims)?);
    let signature = sign(&input, key.encoding_key(), Algorithm::RS256)?;
    Ok(format!("{input}.{signature}"))
}

/// The header and signing key the tampers ask for (RS256 with the current key by default).
fn header_and_key<'k>(keys: &'k KeyRing, tamper: &[Tamper]) -> (Value, &'k PlatformKey) {
    let has = |wanted: &Tamper| tamper.contains(wanted);
    let key = if has(&Tamper::SignWithUnpublishedKey) || has(&Tamper::UnpublishedKeyWithCurrentKid)
    {
        keys.unpublished()
    } else {
        keys.current()
    };
    let kid = match () {
        () if has(&Tamper::RemoveKid) => None,
        () if has(&Tamper::WrongKid) => Some("0000000000deadbeef00"),
        () if has(&Tamper::SignWithUnpublishedKey) => Some(key.kid()),
        () => Some(keys.current().kid()),
    };
    let alg = match () {
        () if has(&Tamper::AlgNone) => "none",
        () if has(&Tamper::Hs256WithPublicKey) => "HS256",
        () => "RS256",
    };
    let mut header = json!({"typ": "JWT", "alg": alg});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    (header, key)
}

fn signature(input: &str, alg: &str, key: &PlatformKey) -> Result<String, SimError> {
    match alg {
        "none" => Ok(String::new()),
        "HS256" => {
            let secret = EncodingKey::from_secret(key.public_pem())
                .map_err(|e| SimError::bad_request(format!("HMAC key: {e}")))?;
            sign(input, &secret, Algorithm::HS256)
        }
        _ => sign(input, key.encoding_key(), Algorithm::RS256),
    }
}

/// Signs an id_token with the tampers applied; returns the token and the claims as signed.
pub(crate) fn sign_id_token(
    mut claims: Map<String, Value>,
    keys: &KeyRing,
    tamper: &[Tamper],
    now: i64,
    lifetime: i64,
) -> Result<(String, Map<String, Value>), SimError> {
    tamper_claims(&mut claims, tamper, now, lifetime);
    let (header, key) = header_and_key(keys, tamper);
    let input = format!("{}.{}", b64_json(&header)?, b64_json(&claims)?);
    let signature = signature(&input, header["alg"].as_str().unwrap_or("RS256"), key)?;
    let mut token = format!("{input}.{signature}");
    if tamper.contains(&Tamper::TamperPayloadAfterSigning) {
        let mut changed = claims.clone();
        let sub = changed
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        changed.insert("sub".into(), json!(format!("{sub}1")));
        token = format!("{}.{}.{signature}", b64_json(&header)?, b64_json(&changed)?);
    }
    let replacement = tamper.iter().rev().find_map(|t| match t {
        Tamper::ReplaceToken(text) => Some(text.clone()),
        _ => None,
    });
    Ok((replacement.unwrap_or(token), claims))
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    use super::*;

    fn claims() -> Map<String, Value> {
        let value = json!({"iss": "http://lms", "aud": "client", "sub": "4", "nonce": "n1",
            "iat": 1000, "exp": 1060, "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0"});
        value.as_object().cloned().unwrap_or_default()
    }

    fn verify(
        token: &str,
        keys: &KeyRing,
    ) -> Result<Map<String, Value>, jsonwebtoken::errors::Error> {
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(keys.current().public_jwk().clone())
                .map_err(jsonwebtoken::errors::Error::from)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.set_audience(&["client"]);
        decode::<Map<String, Value>>(token, &DecodingKey::from_jwk(&jwk)?, &validation)
            .map(|d| d.claims)
    }

    #[test]
    fn untampered_token_verifies_with_the_published_key() {
        let keys = KeyRing::shipped().expect("keys");
        let (token, signed) = sign_id_token(claims(), &keys, &[], 1000, 60).expect("sign");
        assert_eq!(verify(&token, &keys).expect("valid"), signed);
        assert_eq!(
            decode_header(&token).expect("header").kid.as_deref(),
            Some(keys.current().kid())
        );
    }

    #[test]
    fn claim_tampers_change_the_signed_claims() {
        let keys = KeyRing::shipped().expect("keys");
        let tamper = [
            Tamper::RemoveClaim("sub".into()),
            Tamper::RemoveLtiClaims,
            Tamper::ExpireInPast(120),
            Tamper::AudList(vec!["client".into(), "other".into()]),
            Tamper::Azp("other".into()),
            Tamper::ReplaceNonce("n2".into()),
        ];
        let (token, signed) = sign_id_token(claims(), &keys, &tamper, 1000, 60).expect("sign");
        assert!(signed.get("sub").is_none());
        assert!(signed.keys().all(|k| !k.starts_with(LTI_CLAIM_PREFIX)));
        assert_eq!(
            (signed["exp"].clone(), signed["iat"].clone()),
            (json!(880), json!(820))
        );
        assert_eq!(signed["azp"], "other");
        assert_eq!(signed["nonce"], "n2");
        assert!(
            verify(&token, &keys).is_ok(),
            "claim tampers keep a valid signature"
        );
    }

    #[test]
    fn signature_tampers_fail_verification() {
        let keys = KeyRing::shipped().expect("keys");
        for t in [
            Tamper::AlgNone,
            Tamper::Hs256WithPublicKey,
            Tamper::UnpublishedKeyWithCurrentKid,
            Tamper::TamperPayloadAfterSigning,
        ] {
            let (token, _) =
                sign_id_token(claims(), &keys, std::slice::from_ref(&t), 1000, 60).expect("sign");
            assert!(verify(&token, &keys).is_err(), "{t:?} must not verify");
        }
    }

    #[test]
    fn header_tampers_change_kid_and_alg() {
        let keys = KeyRing::shipped().expect("keys");
        let header = |t: Tamper| {
            let (token, _) = sign_id_token(claims(), &keys, &[t], 1000, 60).expect("sign");
            let part = token.split('.').next().unwrap_or_default().to_owned();
            serde_json::from_slice::<Value>(&URL_SAFE_NO_PAD.decode(part).unwrap_or_default())
                .unwrap_or_default()
        };
        assert!(header(Tamper::RemoveKid).get("kid").is_none());
        assert_ne!(header(Tamper::WrongKid)["kid"], keys.current().kid());
        assert_eq!(
            header(Tamper::SignWithUnpublishedKey)["kid"],
            keys.unpublished().kid()
        );
        assert_eq!(header(Tamper::AlgNone)["alg"], "none");
        assert_eq!(header(Tamper::Hs256WithPublicKey)["alg"], "HS256");
        let (token, _) = sign_id_token(
            claims(),
            &keys,
            &[Tamper::ReplaceToken("x.y".into())],
            1000,
            60,
        )
        .expect("sign");
        assert_eq!(token, "x.y");
    }
}
