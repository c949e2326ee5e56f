//! Platform public keys parsed once from a JWKS: only asymmetric signing keys with a `kid` are
//! kept, each with the algorithms it may verify.

use std::sync::Arc;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use serde::Deserialize;
use serde_json::Value;

use crate::types::KeyId;

/// Why one JWK of a set was not kept (the rest of the set is still usable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyRejected {
    /// The key has no `kid`, so no token can select it.
    #[error("key has no kid")]
    NoKid,
    /// `use` is `enc`: an encryption key must never verify signatures.
    #[error("key {0} is an encryption key (use=enc)")]
    EncryptionKey(String),
    /// A symmetric or unknown key type: LTI platforms sign with RSA or EC keys only.
    #[error("key {0} is not an RSA, EC or OKP public key")]
    UnsupportedType(String),
    /// The key's `alg` is not an asymmetric signature algorithm.
    #[error("key {kid} declares algorithm {alg}, which is not an asymmetric signature algorithm")]
    UnsupportedAlgorithm {
        /// The key.
        kid: String,
        /// Its declared `alg`.
        alg: String,
    },
    /// The key material could not be decoded.
    #[error("key {kid} is malformed: {reason}")]
    Malformed {
        /// The key.
        kid: String,
        /// What is wrong.
        reason: String,
    },
}

/// One platform signing key, ready to verify.
/// [RFC 7517 §4](https://www.rfc-editor.org/rfc/rfc7517#section-4).
#[derive(Debug, Clone)]
pub struct PlatformKey {
    kid: KeyId,
    /// The JWK's `alg`, when it declares one: then only that algorithm is accepted.
    alg: Option<Algorithm>,
    family: AlgorithmFamily,
    curve: Option<EllipticCurve>,
    key: DecodingKey,
}

impl PlatformKey {
    /// Parses one JWK, refusing what must never verify an id_token.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyRejected> {
        let kid = jwk
            .common
            .key_id
            .clone()
            .and_then(|k| KeyId::parse(k).ok())
            .ok_or(KeyRejected::NoKid)?;
        let name = || kid.to_string();
        if jwk.common.public_key_use == Some(PublicKeyUse::Encryption) {
            return Err(KeyRejected::EncryptionKey(name()));
        }
        let (family, curve) = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => (AlgorithmFamily::Rsa, None),
            AlgorithmParameters::EllipticCurve(p) => (AlgorithmFamily::Ec, Some(p.curve.clone())),
            AlgorithmParameters::OctetKeyPair(p) => (AlgorithmFamily::Ed, Some(p.curve.clone())),
            _ => return Err(KeyRejected::UnsupportedType(name())),
        };
        let alg = match jwk.common.key_algorithm {
            None => None,
            Some(declared) => Some(
                Algorithm::try_from(declared)
                    .ok()
                    .filter(|a| a.family() == family)
                    .ok_or_else(|| KeyRejected::UnsupportedAlgorithm {
                        kid: name(),
                        alg: declared.to_string(),
                    })?,
            ),
        };
        let key = DecodingKey::from_jwk(jwk).map_err(|e| KeyRejected::Malformed {
            kid: name(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            kid,
            alg,
            family,
            curve,
            key,
        })
    }

    /// The key id.
    pub fn kid(&self) -> &KeyId {
        &self.kid
    }

    /// The algorithm the JWK declares, if any.
    pub fn declared_algorithm(&self) -> Option<Algorithm> {
        self.alg
    }

    /// The key material for `jsonwebtoken`.
    pub fn decoding_key(&self) -> &DecodingKey {
        &self.key
    }

    /// Whether this key may verify a token signed with `alg`: same family, the JWK's declared
    /// `alg` (if any) equal to it, and for EC keys the curve that goes with it.
    pub fn accepts(&self, alg: Algorithm) -> bool {
        if alg.family() != self.family || self.alg.is_some_and(|declared| declared != alg) {
            return false;
        }
        match (&self.curve, alg) {
            (Some(EllipticCurve::P256), Algorithm::ES256) => true,
            (Some(EllipticCurve::P384), Algorithm::ES384) => true,
            (Some(EllipticCurve::Ed25519), Algorithm::EdDSA) => true,
            (Some(_), _) => false,
            (None, _) => true,
        }
    }
}

/// The usable keys of one JWKS document, parsed once when fetched.
/// [RFC 7517 §5](https://www.rfc-editor.org/rfc/rfc7517#section-5).
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<Arc<PlatformKey>>,
    rejected: Vec<KeyRejected>,
}

#[derive(Deserialize)]
struct RawSet {
    keys: Vec<Value>,
}

impl KeySet {
    /// Parses a JWKS document. Fails only if it is not a JSON object with a `keys` array;
    /// individual unusable keys are skipped and listed in [`Self::rejected`].
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: RawSet = serde_json::from_slice(body)?;
        let mut set = Self::default();
        for value in raw.keys {
            let parsed = serde_json::from_value::<Jwk>(value)
                .map_err(|e| KeyRejected::Malformed {
                    kid: "?".into(),
                    reason: e.to_string(),
                })
                .and_then(|jwk| PlatformKey::from_jwk(&jwk));
            match parsed {
                Ok(key) => set.keys.push(Arc::new(key)),
                Err(rejected) => set.rejected.push(rejected),
            }
        }
        Ok(set)
    }

    /// The key with this `kid`.
    pub fn find(&self, kid: &str) -> Option<&Arc<PlatformKey>> {
        self.keys.iter().find(|k| k.kid.as_str() == kid)
    }

    /// The kids of the usable keys, for error messages.
    pub fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.kid.to_string()).collect()
    }

    /// The keys that were skipped, and why.
    pub fn rejected(&self) -> &[KeyRejected] {
        &self.rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOODLE: &str = include_str!("../../tests/fixtures/moodle-4.3/platform-jwks.json");
    const N: &str = "3yl2kjj87M6jhmTIStkY_Oi9BNYwL5Qe6y7sLkPhTde0e9Qk4hNTwRCZGFWUqkKWQnNXuSnL3_Qy6jAI-gXnzqVJMLplMsmrAotjqsIHvcm8qXj6FLuL-7DDuL02JVni3vL-ASdmdqYhlr2M5kMkLOPhSqPVtDM99JdXvNI8wNZPqgTLEVjWJ-PD1p1uI4rXZFOS0iIrMw61tWX0k3PmIYGoTi07BRxVO8QNd1WnQl6c31l3f8DEHEqIuaNtClElHPa-RTCWztDxvIEszdvBZGj8lXVHvgUGWAbLisCame_eq1utTXu_l7KybKE3RrwbtHXxRyo1x623o9FZ9TlKTw";

    fn rsa(kid: &str, extra: Value) -> Value {
        let mut key = serde_json::json!({"kty": "RSA", "kid": kid, "n": N, "e": "AQAB"});
        key.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        key
    }

    fn set(keys: Vec<Value>) -> KeySet {
        KeySet::parse(serde_json::json!({ "keys": keys }).to_string().as_bytes()).unwrap()
    }

    #[test]
    fn moodle_jwks_yields_one_rs256_key() {
        let set = KeySet::parse(MOODLE.as_bytes()).unwrap();
        assert_eq!(set.kids(), ["6f9a0c6e728352d4cc10"]);
        let key = set.find("6f9a0c6e728352d4cc10").unwrap();
        assert!(key.accepts(Algorithm::RS256));
        assert!(
            !key.accepts(Algorithm::PS256),
            "declared alg RS256 pins the algorithm"
        );
        assert!(!key.accepts(Algorithm::HS256));
        assert!(!key.accepts(Algorithm::ES256));
    }

    #[test]
    fn encryption_symmetric_and_kidless_keys_are_skipped() {
        let set = set(vec![
            rsa("enc", serde_json::json!({"use": "enc"})),
            serde_json::json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}),
            serde_json::json!({"kty": "RSA", "n": N, "e": "AQAB"}),
            rsa("hs", serde_json::json!({"alg": "HS256"})),
            serde_json::json!({"kty": "weird", "kid": "w"}),
            rsa("ok", serde_json::json!({"use": "sig"})),
        ]);
        assert_eq!(set.kids(), ["ok"]);
        assert_eq!(set.rejected().len(), 5);
        assert!(
            set.rejected()
                .contains(&KeyRejected::EncryptionKey("enc".into()))
        );
        assert!(set.rejected().contains(&KeyRejected::NoKid));
    }

    #[test]
    fn a_key_without_alg_accepts_any_algorithm_of_its_family() {
        let set = set(vec![rsa("any", serde_json::json!({}))]);
        let key = set.find("any").unwrap();
        assert!(key.accepts(Algorithm::RS256) && key.accepts(Algorithm::PS512));
        assert!(!key.accepts(Algorithm::ES256));
    }

    #[test]
    fn ec_keys_accept_only_the_algorithm_of_their_curve() {
        let x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
        let y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
        let set = set(vec![
            serde_json::json!({"kty": "EC", "crv": "P-256", "kid": "ec", "x": x, "y": y}),
        ]);
        let key = set.find("ec").unwrap();
        assert!(key.accepts(Algorithm::ES256));
        assert!(!key.accepts(Algorithm::ES384));
    }

    #[test]
    fn a_document_without_keys_is_an_error() {
        assert!(KeySet::parse(b"<html>oops</html>").is_err());
        assert!(KeySet::parse(b"{\"kids\": []}").is_err());
    }
}
