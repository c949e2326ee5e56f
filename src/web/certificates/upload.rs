//! A credential file sent through the verification page's upload form (multipart/form-data),
//! read field by field with a size cap, so an oversized or broken upload gets a plain answer
//! instead of a generic error.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;

/// A certificate PDF is some tens of kilobytes and a credential a few; a megabyte is far
/// beyond either, and small enough to hold in memory for the check.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// The request may be this much larger than the file: the form's other fields and the
/// multipart boundaries.
pub const MAX_FORM_BYTES: usize = MAX_UPLOAD_BYTES + 16 * 1024;

/// What an upload form carried.
#[derive(Debug, PartialEq, Eq)]
pub enum Upload {
    /// The chosen file, or else the pasted text.
    Content(Vec<u8>),
    /// Neither a file nor text.
    Empty,
    TooLarge,
    /// Not a well-formed multipart body.
    Unreadable,
}

/// Reads the `file` field (or a pasted `credential`), never more than [`MAX_UPLOAD_BYTES`] of it.
pub async fn read(mut multipart: Multipart) -> Upload {
    let (mut file, mut pasted) = (None, None);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return failed(&e),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES => {
                    return Upload::TooLarge;
                }
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return failed(&e),
            }
        }
        // A browser sends an empty part for a file input left empty.
        if bytes.trim_ascii().is_empty() {
            continue;
        }
        match name.as_str() {
            "file" => file = Some(bytes),
            "credential" => pasted = Some(bytes),
            _ => {}
        }
    }
    file.or(pasted).map_or(Upload::Empty, Upload::Content)
}

fn failed(e: &MultipartError) -> Upload {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Upload::TooLarge
    } else {
        Upload::Unreadable
    }
}
