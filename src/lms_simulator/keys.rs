//! Signing keys of the simulated platform: fixed PEMs so that a start costs no RSA generation,
//! key rotation, the published JWKS, and one key that is never published (negative tests).

use std::fmt;
use std::sync::OnceLock;

use josekit::jwk::KeyPair;
use josekit::jwk::alg::rsa::RsaKeyPair;
use jsonwebtoken::EncodingKey;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const PLATFORM_A: &str = include_str!("keys/platform-a.pem");
const PLATFORM_B: &str = include_str!("keys/platform-b.pem");
const UNPUBLISHED: &str = include_str!("keys/unpublished.pem");

/// Why a platform key could not be loaded or made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("RSA key could not be read or generated: {0}")]
    Jose(#[from] josekit::JoseError),
    #[error("RSA key could not be used for signing: {0}")]
    Jwt(#[from] jsonwebtoken::errors::Error),
    #[error("RSA public key has no {0} component")]
    MissingComponent(&'static str),
}

/// One RS256 key pair of the platform. `Debug` never shows the private half.
#[derive(Clone)]
pub struct PlatformKey {
    kid: String,
    encoding: EncodingKey,
    public_jwk: Value,
    public_pem: Vec<u8>,
}

impl fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl PlatformKey {
    /// Loads a PKCS#8 (or traditional) RSA private key in PEM form.
    pub fn from_pem(pem: &[u8]) -> Result<Self, KeyError> {
        let pair = RsaKeyPair::from_pem(pem)?;
        Self::from_pair(&pair)
    }

    /// Generates a fresh RSA-2048 key (used by rotations beyond the shipped keys).
    pub fn generate() -> Result<Self, KeyError> {
        Self::from_pair(&RsaKeyPair::generate(2048)?)
    }

    fn from_pair(pair: &RsaKeyPair) -> Result<Self, KeyError> {
        let private_pem = pair.to_pem_private_key();
        let encoding = EncodingKey::from_rsa_pem(&private_pem)?;
        let jwk = pair.to_jwk_public_key();
        let component = |name: &'static str| {
            jwk.parameter(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or(KeyError::MissingComponent(name))
        };
        let (n, e) = (component("n")?, component("e")?);
        // Moodle publishes a 20-hex-digit kid; derive ours from the modulus so it is stable.
        let digest = Sha256::digest(n.as_bytes());
        let kid: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        let public_jwk =
            json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "n": n, "e": e});
        Ok(Self {
            kid,
            encoding,
            public_jwk,
            public_pem: pair.to_pem_public_key(),
        })
    }

    /// The key id published in the JWKS and put into JWT headers.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (`kty`, `alg`, `use`, `kid`, `n`, `e`).
    pub fn public_jwk(&self) -> &Value {
        &self.public_jwk
    }

    /// The public key in PEM form (what an attacker would use as an HMAC secret).
    pub fn public_pem(&self) -> &[u8] {
        &self.public_pem
    }

    pub(crate) fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }
}

/// What happens to the previous key when the platform rotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldKey {
    /// The old key stays in the JWKS (a careful platform).
    KeepPublished,
    /// The old key disappears from the JWKS at once (a careless one).
    Drop,
}

/// The platform's keys: the one that signs, the ones published, and one never published.
#[derive(Debug, Clone)]
pub struct KeyRing {
    current: PlatformKey,
    published: Vec<PlatformKey>,
    unpublished: PlatformKey,
    rotations: usize,
}

fn shipped_keys() -> Result<&'static [PlatformKey; 3], String> {
    static SHIPPED: OnceLock<Result<[PlatformKey; 3], String>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            let load = |pem: &str| PlatformKey::from_pem(pem.as_bytes()).map_err(|e| e.to_string());
            Ok([load(PLATFORM_A)?, load(PLATFORM_B)?, load(UNPUBLISHED)?])
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl KeyRing {
    /// The shipped keys: `platform-a` signs and is published, `unpublished` is not.
    pub fn shipped() -> Result<Self, String> {
        let [a, _, unpublished] = shipped_keys()?;
        Ok(Self {
            current: a.clone(),
            published: vec![a.clone()],
            unpublished: unpublished.clone(),
            rotations: 0,
        })
    }

    /// The key that signs new tokens.
    pub fn current(&self) -> &PlatformKey {
        &self.current
    }

    /// A key never published in the JWKS.
    pub fn unpublished(&self) -> &PlatformKey {
        &self.unpublished
    }

    /// The JWKS document: every published key.
    pub fn jwks(&self) -> Value {
        let keys: Vec<&Value> = self.published.iter().map(PlatformKey::public_jwk).collect();
        json!({ "keys": keys })
    }

    /// Whether a kid is in the published JWKS.
    pub fn is_published(&self, kid: &str) -> bool {
        self.published.iter().any(|k| k.kid == kid)
    }

    /// Publishes a new key and signs with it from now on; returns its kid.
    pub fn rotate(&mut self, old: OldKey) -> Result<String, KeyError> {
        let next = match self.rotations {
            0 => match shipped_keys() {
                Ok([_, b, _]) => b.clone(),
                Err(_) => PlatformKey::generate()?,
            },
            _ => PlatformKey::generate()?,
        };
        self.rotations += 1;
        if old == OldKey::Drop {
            self.published.clear();
        }
        self.published.push(next.clone());
        self.current = next;
        Ok(self.current.kid.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_ring_publishes_the_signing_key_but_not_the_unpublished_one() {
        let ring = KeyRing::shipped().expect("shipped keys load");
        let kid = ring.current().kid().to_owned();
        assert_eq!(kid.len(), 20, "Moodle-like 20 hex digit kid");
        assert!(ring.is_published(&kid));
        assert!(!ring.is_published(ring.unpublished().kid()));
        let jwks = ring.jwks();
        assert_eq!(jwks["keys"][0]["kid"], kid.as_str());
        assert_eq!(jwks["keys"][0]["alg"], "RS256");
        assert!(
            jwks["keys"][0].get("d").is_none(),
            "no private part in the JWKS"
        );
    }

    #[test]
    fn rotation_keeps_or_drops_the_old_key() {
        let mut keep = KeyRing::shipped().expect("shipped keys load");
        let old = keep.current().kid().to_owned();
        let new = keep.rotate(OldKey::KeepPublished).expect("rotate");
        assert_ne!(old, new);
        assert!(keep.is_published(&old) && keep.is_published(&new));

        let mut drop = KeyRing::shipped().expect("shipped keys load");
        let new = drop.rotate(OldKey::Drop).expect("rotate");
        assert!(!drop.is_published(&old) && drop.is_published(&new));
        assert_eq!(drop.current().kid(), new);
    }

    #[test]
    fn debug_output_hides_the_private_key() {
        let ring = KeyRing::shipped().expect("shipped keys load");
        let text = format!("{:?}", ring.current());
        assert!(text.contains("kid") && !text.contains("PRIVATE"));
    }
}
