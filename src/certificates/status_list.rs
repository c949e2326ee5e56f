//! W3C Bitstring Status List v1.0: revocations published as a signed credential holding a
//! GZIP-compressed bitstring (multibase base64url, `u` prefix). Bit 0 is the most significant
//! bit of the first byte. Lists have 131,072 entries, the specification's minimum for privacy.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::io::{Read, Write};

use super::credential::{IssuerUrls, VC_CONTEXT};

/// Entries per list (16 KiB of bits).
pub const LIST_SIZE: i64 = 131_072;
/// Largest decompressed list accepted from a file or a server (a gzip bomb stays harmless).
const MAX_LIST_BYTES: u64 = 1 << 20;

/// The list number (from 1) and the bit within it of a global status index.
pub fn position(index: i64) -> (i64, i64) {
    (index / LIST_SIZE + 1, index % LIST_SIZE)
}

/// Why a published status list could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StatusListError {
    #[error("the status list's encodedList is not multibase base64url")]
    Encoding,
    #[error("the status list does not decompress: {0}")]
    Gzip(#[source] std::io::Error),
    #[error("the status list credential has no encodedList")]
    Missing,
}

/// Encodes a list with the given bits set.
pub fn encode(set_bits: &[i64]) -> String {
    let mut bytes = vec![0u8; (LIST_SIZE / 8) as usize];
    for &bit in set_bits.iter().filter(|b| (0..LIST_SIZE).contains(*b)) {
        bytes[(bit / 8) as usize] |= 0x80 >> (bit % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(&bytes);
    let compressed = gz.finish().unwrap_or_default();
    format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Decodes an `encodedList` into its bytes.
pub fn decode(encoded: &str) -> Result<Vec<u8>, StatusListError> {
    let b64 = encoded.strip_prefix('u').ok_or(StatusListError::Encoding)?;
    let compressed = URL_SAFE_NO_PAD
        .decode(b64.trim_end_matches('='))
        .map_err(|_| StatusListError::Encoding)?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .take(MAX_LIST_BYTES)
        .read_to_end(&mut out)
        .map_err(StatusListError::Gzip)?;
    Ok(out)
}

/// Whether `bit` is set in a decoded list (a bit past the end is unset).
pub fn is_set(bytes: &[u8], bit: i64) -> bool {
    usize::try_from(bit / 8)
        .ok()
        .and_then(|i| bytes.get(i))
        .is_some_and(|b| b & (0x80 >> (bit % 8)) != 0)
}

/// The status list credential (unsigned; served as a VC-JWT).
pub fn credential(urls: &IssuerUrls, list: i64, set_bits: &[i64], now: i64) -> Value {
    let id = urls.status_list(list);
    json!({
        "@context": [VC_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": urls.issuer(),
        "validFrom": crate::keys::format_time(now),
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(set_bits),
        },
    })
}

/// The decoded bits of a status list credential.
pub fn bits_of(credential: &Value) -> Result<Vec<u8>, StatusListError> {
    let encoded = credential["credentialSubject"]["encodedList"]
        .as_str()
        .ok_or(StatusListError::Missing)?;
    decode(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_bits_round_trip_and_bit_zero_is_the_leftmost() {
        let encoded = encode(&[0, 9, LIST_SIZE - 1]);
        assert!(encoded.starts_with('u'));
        let bytes = decode(&encoded).unwrap();
        assert_eq!(bytes.len(), 16_384);
        assert_eq!(bytes[0], 0x80);
        assert_eq!(bytes[1], 0x40);
        assert!(is_set(&bytes, 0) && is_set(&bytes, 9) && is_set(&bytes, LIST_SIZE - 1));
        assert!(!is_set(&bytes, 1) && !is_set(&bytes, 8));
        assert!(!is_set(&bytes, LIST_SIZE + 5));
    }

    #[test]
    fn positions_split_into_lists_of_131072() {
        assert_eq!(position(0), (1, 0));
        assert_eq!(position(LIST_SIZE), (2, 0));
        assert_eq!(position(LIST_SIZE + 7), (2, 7));
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        assert!(decode("xyz").is_err());
        assert!(decode("u!!!").is_err());
        assert!(decode("uAAAA").is_err());
    }
}
