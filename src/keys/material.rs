//! One key's material: RSA-2048 from OpenSSL (josekit), its public JWK with the RFC 7638
//! thumbprint as `kid`, the private half as JWE for storage, and the way back to a signing key.

use super::{KeyEncryption, KeyError, KeyResult, SIGNING_ALG, StoredKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use josekit::jwk::KeyPair;
use josekit::jwk::alg::rsa::RsaKeyPair;
use jsonwebtoken::EncodingKey;
use sha2::{Digest, Sha256};

const RSA_BITS: u32 = 2048;

/// A decrypted key, ready to sign and to publish.
pub(super) struct Opened {
    /// Exactly the members a JWKS entry needs: kty, n, e, kid, alg, use.
    pub jwk: serde_json::Value,
    pub encoding: EncodingKey,
}

/// Generates a key that is published from `now` and signs from `signs_from`.
pub(super) fn generate(kek: &KeyEncryption, now: i64, signs_from: i64) -> KeyResult<StoredKey> {
    let pair = RsaKeyPair::generate(RSA_BITS).map_err(|source| KeyError::Crypto {
        action: "generating an RSA key",
        source,
    })?;
    let (n, e) = rsa_components(&pair.to_jwk_public_key()).ok_or_else(|| KeyError::Corrupt {
        kid: "(new)".into(),
        reason: "the generated key has no RSA modulus or exponent".into(),
    })?;
    let kid = thumbprint(&n, &e);
    Ok(StoredKey {
        private_jwe: kek.encrypt(&pair.to_pem_private_key())?,
        public_jwk: published_jwk(&n, &e, &kid).to_string(),
        kid,
        alg: SIGNING_ALG.into(),
        created_at: now,
        signs_from,
        retires_at: None,
        unpublish_at: None,
    })
}

/// Decrypts a stored key and checks that its parts belong together.
pub(super) fn open(stored: &StoredKey, kek: &KeyEncryption) -> KeyResult<Opened> {
    let corrupt = |reason: &str| KeyError::Corrupt {
        kid: stored.kid.clone(),
        reason: reason.to_owned(),
    };
    if stored.alg != SIGNING_ALG {
        return Err(corrupt(&format!(
            "its algorithm is {}, the tool signs with {SIGNING_ALG}",
            stored.alg
        )));
    }
    let public: serde_json::Value = serde_json::from_str(&stored.public_jwk)
        .map_err(|_| corrupt("its public JWK is not JSON"))?;
    let (n, e) = rsa_components(&public)
        .ok_or_else(|| corrupt("its public JWK has no RSA modulus or exponent"))?;
    if thumbprint(&n, &e) != stored.kid {
        return Err(corrupt("its kid is not the thumbprint of its public key"));
    }
    let pem = kek.decrypt(&stored.private_jwe, &stored.kid)?;
    let pair = RsaKeyPair::from_pem(&pem)
        .map_err(|_| corrupt("its private key is not an RSA key in PEM"))?;
    if rsa_components(&pair.to_jwk_public_key()) != Some((n.clone(), e.clone())) {
        return Err(corrupt("its private key does not belong to its public key"));
    }
    let encoding = EncodingKey::from_rsa_pem(&pem)
        .map_err(|_| corrupt("its private key is refused for RS256 signing"))?;
    Ok(Opened {
        jwk: published_jwk(&n, &e, &stored.kid),
        encoding,
    })
}

/// RFC 7638 JWK thumbprint of an RSA public key: SHA-256 over the required members in
/// lexicographic order without spaces, base64url. The base64url members need no escaping.
pub(super) fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn published_jwk(n: &str, e: &str, kid: &str) -> serde_json::Value {
    serde_json::json!({ "kty": "RSA", "n": n, "e": e, "kid": kid, "alg": SIGNING_ALG, "use": "sig" })
}

fn rsa_components(jwk: &impl JwkMembers) -> Option<(String, String)> {
    Some((jwk.member("n")?.to_owned(), jwk.member("e")?.to_owned()))
}

/// Reads string members from josekit's JWK and from plain JSON alike.
trait JwkMembers {
    fn member(&self, name: &str) -> Option<&str>;
}

impl JwkMembers for josekit::jwk::Jwk {
    fn member(&self, name: &str) -> Option<&str> {
        self.parameter(name)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    }
}

impl JwkMembers for serde_json::Value {
    fn member(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprint_matches_the_rfc_7638_example() {
        // The example key of RFC 7638 section 3.1.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiF\
                 V4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            thumbprint(n, "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn a_generated_key_publishes_its_thumbprint_and_stores_only_ciphertext() {
        let kek = KeyEncryption::ephemeral();
        let key = generate(&kek, 100, 200).unwrap();
        let jwk: serde_json::Value = serde_json::from_str(&key.public_jwk).unwrap();
        assert_eq!(jwk["kid"], key.kid.as_str());
        assert_eq!(
            thumbprint(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap()),
            key.kid
        );
        assert_eq!(
            jwk.as_object().unwrap().len(),
            6,
            "kty, n, e, kid, alg, use and nothing private: {jwk}"
        );
        assert!(!key.private_jwe.contains("PRIVATE KEY"));
        assert_eq!(key.private_jwe.split('.').count(), 5, "a compact JWE");
        assert_eq!(
            (
                key.created_at,
                key.signs_from,
                key.retires_at,
                key.unpublish_at
            ),
            (100, 200, None, None)
        );
        let opened = open(&key, &kek).unwrap();
        assert_eq!(
            opened.jwk, jwk,
            "the kid stays the same after a round trip through the store"
        );
    }

    #[test]
    fn a_key_whose_public_half_was_swapped_is_refused() {
        let kek = KeyEncryption::ephemeral();
        let a = generate(&kek, 0, 0).unwrap();
        let b = generate(&kek, 0, 0).unwrap();
        let mixed = StoredKey {
            private_jwe: b.private_jwe,
            ..a
        };
        let err = open(&mixed, &kek).err().unwrap();
        assert!(
            err.to_string()
                .contains("does not belong to its public key"),
            "{err}"
        );
    }
}
