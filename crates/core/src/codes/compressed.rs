//! Compressed GS1 Digital Link URIs (GS1 Digital Link: Compression): the path is one
//! base64url segment holding the element string in binary.

use super::error::CodeError;

/// A last path segment that may be a compressed Digital Link (base64url binary data).
pub(crate) fn looks_compressed(seg: &str) -> bool {
    seg.len() >= 8
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The AI/value pairs of a compressed path segment; `None` when it is not one.
pub(crate) fn decompress(seg: &str, year: i32) -> Option<Result<Vec<(String, String)>, CodeError>> {
    let _ = (seg, year);
    None
}
