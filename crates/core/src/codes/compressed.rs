//! Compressed GS1 Digital Link URIs (GS1 Digital Link: Compression): the path is one
//! base64url segment holding the element string in binary. Not decompressed yet: such
//! a URI is refused with a reason that says so, never read as something else.

use super::error::{CodeError, CodeErrorKind};

/// A last path segment that looks like a compressed Digital Link (base64url binary
/// data: long, with digits and capitals or `-`/`_`, not all digits).
pub(crate) fn looks_compressed(seg: &str) -> bool {
    seg.len() >= 10
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && seg.bytes().any(|b| b.is_ascii_digit())
        && seg
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_')
        && !seg.bytes().all(|b| b.is_ascii_digit())
}

/// The AI/value pairs of a compressed path segment; `None` when it is not one.
pub(crate) fn decompress(seg: &str, year: i32) -> Option<Result<Vec<(String, String)>, CodeError>> {
    let _ = (seg, year);
    Some(Err(CodeError::new(
        CodeErrorKind::UnsupportedCompressed,
        "compressed GS1 Digital Links are not supported yet; use the uncompressed form (e.g. /01/{GTIN}/10/{lot})",
    )
    .with_rule("dl-compression")))
}
