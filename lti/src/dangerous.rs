//! Reading an id_token WITHOUT verifying it, for logs and diagnostics only: nothing returned here
//! may decide anything. Use [`crate::LaunchValidator`] for launches.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Why a token could not even be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the token: {0}")]
pub struct UnreadableToken(String);

fn part(segment: &str, what: &str) -> Result<Value, UnreadableToken> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|e| UnreadableToken(format!("the {what} is not base64url: {e}")))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| UnreadableToken(format!("the {what} is not JSON: {e}")))
}

/// The header and claims of a compact JWT as JSON, with NO signature or claim check at all.
/// For logging why a launch failed (e.g. which `iss`, `aud` or `kid` a platform sent); never
/// for decisions.
pub fn insecure_decode_header_and_claims(token: &str) -> Result<(Value, Value), UnreadableToken> {
    let mut pieces = token.trim().split('.');
    let (Some(header), Some(claims), Some(_), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(UnreadableToken(
            "a JWT has three dot-separated parts".into(),
        ));
    };
    Ok((part(header, "header")?, part(claims, "payload")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moodle_token_is_readable_without_verification() {
        let token = include_str!("../tests/fixtures/moodle-4.3/id_token-learner.jwt");
        let (header, claims) = insecure_decode_header_and_claims(token).unwrap();
        assert_eq!(header["kid"], "6f9a0c6e728352d4cc10");
        assert_eq!(claims["sub"], "4");
    }

    #[test]
    fn garbage_is_reported_not_panicked_on() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!.e30.x",
            "e30.!!.x",
            "bm90IGpzb24.e30.x",
        ] {
            assert!(insecure_decode_header_and_claims(bad).is_err(), "{bad}");
        }
    }
}
