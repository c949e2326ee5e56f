//! Checking a credential: its VC-JWT signature against the issuer's published keys, that it
//! is ours, its validity period (with an injected clock), and its revocation bit. Every kind of
//! bad input ends in a [`Verdict`] with a reason, never in "valid".

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::credential::credential_of_claims;

/// What a verification concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Expired {
        on: i64,
    },
    NotYetValid {
        from: i64,
    },
    Revoked {
        reason: String,
    },
    /// Not a credential of this issuer: unknown code, another issuer, a key it never had.
    NotIssuedHere {
        reason: String,
    },
    /// It claims to be ours but the signature or content does not hold.
    Invalid {
        reason: String,
    },
}

impl Verdict {
    /// A stable word for JSON, metrics and page styles.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Expired { .. } => "expired",
            Verdict::NotYetValid { .. } => "not_yet_valid",
            Verdict::Revoked { .. } => "revoked",
            Verdict::NotIssuedHere { .. } => "not_issued_here",
            Verdict::Invalid { .. } => "invalid",
        }
    }
}

/// A JWT whose signature checked out against a published key of this issuer.
#[derive(Debug, Clone)]
pub struct Signed {
    pub kid: String,
    pub claims: Value,
}

impl Signed {
    /// The credential without the JWT's registered claims.
    pub fn credential(&self) -> Value {
        credential_of_claims(&self.claims)
    }

    /// The credential id without `urn:uuid:`.
    pub fn credential_id(&self) -> Option<&str> {
        self.claims["jti"]
            .as_str()
            .and_then(|j| j.strip_prefix("urn:uuid:"))
    }

    /// The status list URL and bit the credential points at.
    pub fn status_entry(&self) -> Option<(String, i64)> {
        let status = &self.claims["credentialStatus"];
        let url = status["statusListCredential"].as_str()?.to_owned();
        let bit = status["statusListIndex"].as_str()?.parse().ok()?;
        Some((url, bit))
    }
}

/// Checks a VC-JWT's signature with the issuer's published JWKS and that the issuer is us.
pub fn check_signature(jwt: &str, jwks: &Value, issuer_id: &str) -> Result<Signed, Verdict> {
    let invalid = |reason: &str| Verdict::Invalid {
        reason: reason.to_owned(),
    };
    let jwt = jwt.trim();
    let header = jsonwebtoken::decode_header(jwt)
        .map_err(|_| invalid("this is not a signed credential (no readable JWT header)"))?;
    if header.alg != Algorithm::RS256 {
        return Err(Verdict::NotIssuedHere {
            reason: format!(
                "it is signed with {:?}; this issuer signs with RS256",
                header.alg
            ),
        });
    }
    let kid = header.kid.ok_or_else(|| Verdict::NotIssuedHere {
        reason: "its signature names no key (kid)".into(),
    })?;
    let jwk = jwks["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|k| k["kid"] == kid.as_str())
        .ok_or_else(|| Verdict::NotIssuedHere {
            reason: format!("it was signed with key {kid}, which this issuer has never published"),
        })?;
    let jwk: Jwk = serde_json::from_value(jwk.clone())
        .map_err(|_| invalid("the issuer's published key cannot be read"))?;
    let key = DecodingKey::from_jwk(&jwk)
        .map_err(|_| invalid("the issuer's published key cannot be used"))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Value>(jwt, &key, &validation).map_err(|_| {
        invalid("the signature does not match the content: the credential was changed after it was issued")
    })?;
    let claims = data.claims;
    if claims["iss"] != issuer_id || claims["issuer"]["id"] != issuer_id {
        return Err(Verdict::NotIssuedHere {
            reason: "its issuer is not this SecureHospitals service".into(),
        });
    }
    if claims["jti"] != claims["id"] {
        return Err(invalid("its jti does not match the credential id"));
    }
    Ok(Signed { kid, claims })
}

/// The verdict for a signed credential at `now`, given whether its status bit is set.
pub fn conclude(signed: &Signed, revoked: Option<String>, now: i64) -> Verdict {
    if let Some(reason) = revoked {
        return Verdict::Revoked { reason };
    }
    let nbf = signed.claims["nbf"].as_i64();
    let exp = signed.claims["exp"].as_i64();
    match (nbf, exp) {
        (Some(from), _) if now < from => Verdict::NotYetValid { from },
        (_, Some(on)) if now >= on => Verdict::Expired { on },
        (Some(_), Some(_)) => Verdict::Valid,
        _ => Verdict::Invalid {
            reason: "it has no validity period (nbf and exp)".into(),
        },
    }
}

/// Whether an uploaded credential JSON is exactly the credential that was signed.
pub fn same_credential(uploaded: &Value, signed: &Signed) -> bool {
    let uploaded = credential_of_claims(uploaded);
    uploaded == signed.credential()
}
