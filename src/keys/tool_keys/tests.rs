//! The in-memory key set: which key signs when, what the JWKS holds, and tokens that verify.

use super::*;
use jsonwebtoken::{DecodingKey, Validation};
use std::sync::OnceLock;

/// Two generated keys under one key-encryption key (RSA generation is slow: made once).
fn fixture() -> &'static (KeyEncryption, StoredKey, StoredKey) {
    static KEYS: OnceLock<(KeyEncryption, StoredKey, StoredKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let kek = KeyEncryption::ephemeral();
        let a = material::generate(&kek, 1000, 1000).unwrap();
        let b = material::generate(&kek, 2000, 2000).unwrap();
        (kek, a, b)
    })
}

/// Key `a` signed from 1000; at 2000 `b` was rotated in, signing from 2600, `a` published until 6200.
fn rotated() -> (ToolKeys, String, String) {
    let (kek, a, b) = fixture().clone();
    let a = StoredKey {
        retires_at: Some(2600),
        unpublish_at: Some(6200),
        ..a
    };
    let b = StoredKey {
        signs_from: 2600,
        ..b
    };
    let (ka, kb) = (a.kid.clone(), b.kid.clone());
    (ToolKeys::from_stored(vec![a, b], &kek).unwrap(), ka, kb)
}

fn kids(jwks: &serde_json::Value) -> Vec<String> {
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

fn verify(
    token: &str,
    jwks: &serde_json::Value,
) -> Result<serde_json::Value, jsonwebtoken::errors::Error> {
    let kid = jsonwebtoken::decode_header(token)?.kid.unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    Ok(jsonwebtoken::decode(token, &DecodingKey::from_jwk(&jwk)?, &validation)?.claims)
}

#[test]
fn signing_uses_the_old_key_until_the_sign_delay_passes_then_the_new_one() {
    let (keys, a, b) = rotated();
    assert_eq!(
        keys.signing_key(999).map(|k| k.0),
        None,
        "nothing signs before the first key"
    );
    assert_eq!(keys.signing_key(1000).map(|k| k.0), Some(a.as_str()));
    assert_eq!(keys.signing_key(2599).map(|k| k.0), Some(a.as_str()));
    assert_eq!(keys.signing_key(2600).map(|k| k.0), Some(b.as_str()));
    assert_eq!(keys.signing_key(9999).map(|k| k.0), Some(b.as_str()));
    assert!(keys.has_signing_key(1000) && !keys.has_signing_key(999));
}

#[test]
fn the_jwks_holds_next_current_and_retired_keys_until_they_are_unpublished() {
    let (keys, a, b) = rotated();
    assert_eq!(
        kids(&keys.jwks(1500)),
        [b.clone(), a.clone()],
        "the next key is published before it signs"
    );
    assert_eq!(kids(&keys.jwks(2600)), [b.clone(), a.clone()]);
    assert_eq!(
        kids(&keys.jwks(6199)),
        [b.clone(), a],
        "the retired key stays for the grace period"
    );
    assert_eq!(kids(&keys.jwks(6200)), [b], "then it is unpublished");
    for key in keys.jwks(2600)["keys"].as_array().unwrap() {
        let mut members: Vec<&str> = key
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        members.sort_unstable();
        assert_eq!(members, ["alg", "e", "kid", "kty", "n", "use"]);
        assert_eq!(
            (
                key["kty"].as_str(),
                key["alg"].as_str(),
                key["use"].as_str()
            ),
            (Some("RSA"), Some("RS256"), Some("sig"))
        );
    }
}

#[test]
fn a_key_unpublished_long_ago_never_appears() {
    let (kek, a, b) = fixture().clone();
    let old = StoredKey {
        retires_at: Some(1500),
        unpublish_at: Some(1800),
        ..a
    };
    let new = StoredKey {
        signs_from: 1500,
        ..b
    };
    let keys = ToolKeys::from_stored(vec![old, new.clone()], &kek).unwrap();
    assert_eq!(kids(&keys.jwks(5000)), [new.kid]);
}

#[test]
fn a_token_carries_kid_and_typ_and_verifies_with_the_published_key() {
    let (keys, a, b) = rotated();
    let claims = serde_json::json!({ "iss": "https://tool.example", "n": 1 });
    let before = keys.sign(&claims, 2000).unwrap();
    let header = jsonwebtoken::decode_header(&before).unwrap();
    assert_eq!(
        (header.alg, header.typ.as_deref(), header.kid.as_deref()),
        (Algorithm::RS256, Some("JWT"), Some(a.as_str()))
    );
    assert_eq!(verify(&before, &keys.jwks(2000)).unwrap(), claims);
    let after = keys.sign(&claims, 2600).unwrap();
    assert_eq!(
        jsonwebtoken::decode_header(&after).unwrap().kid.as_deref(),
        Some(b.as_str())
    );
    assert_eq!(verify(&after, &keys.jwks(2600)).unwrap(), claims);
}

#[test]
fn a_token_does_not_verify_with_the_other_key() {
    let (keys, a, _) = rotated();
    let token = keys.sign(&serde_json::json!({ "n": 1 }), 2600).unwrap();
    let mut jwks = keys.jwks(2600);
    let forged = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == a.as_str())
        .unwrap()
        .clone();
    let other = jwks["keys"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|k| k["kid"] != a.as_str())
        .unwrap();
    other["n"] = forged["n"].clone();
    assert!(verify(&token, &jwks).is_err());
}

#[test]
fn signing_without_a_key_says_so() {
    let keys = ToolKeys::from_stored(Vec::new(), &KeyEncryption::ephemeral()).unwrap();
    assert!(keys.is_empty());
    let err = keys.sign(&serde_json::json!({}), 0).unwrap_err();
    assert!(matches!(err, KeyError::NoSigningKey { .. }), "{err:?}");
    assert_eq!(kids(&keys.jwks(0)), Vec::<String>::new());
}

#[test]
fn loading_with_another_key_encryption_key_is_refused() {
    let (_, a, _) = fixture().clone();
    let err = ToolKeys::from_stored(vec![a], &KeyEncryption::ephemeral()).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not decrypt them: wrong key?"),
        "{err}"
    );
}

#[test]
fn a_schedule_change_reuses_the_decrypted_key() {
    let (keys, _, b) = rotated();
    let mut stored: Vec<StoredKey> = keys.entries.iter().map(|e| e.stored.clone()).collect();
    stored[1].retires_at = Some(9000);
    // A key-encryption key that could not decrypt anything: the material must come from `keys`.
    let rebuilt = ToolKeys::build(stored, &KeyEncryption::ephemeral(), &keys.entries).unwrap();
    assert_eq!(rebuilt.signing_key(8999).map(|k| k.0), Some(b.as_str()));
    assert_eq!(
        rebuilt.signing_key(9000).map(|k| k.0),
        None,
        "the new schedule applies"
    );
}

#[test]
fn debug_output_shows_ids_but_no_key_material() {
    let (keys, a, _) = rotated();
    let shown = format!("{keys:?}");
    assert!(shown.contains(&a), "{shown}");
    assert!(!shown.contains(&fixture().1.private_jwe[..40]), "{shown}");
}
