//! Precompressed twins of the built files (`.gz` by Zopfli, `.br` at brotli's best),
//! written once per build so the server sends them as they are (tower-http's
//! `ServeDir::precompressed_*`) instead of compressing every response at a fast level.

use std::path::Path;

/// Text and WASM compress well; images are already compressed (SVG is text).
fn worth_compressing(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("wasm" | "js" | "css" | "html" | "svg" | "webmanifest" | "json" | "txt")
    )
}

/// Zopfli: plain gzip any client inflates, ~1 % smaller than zlib's best level; it is
/// slow, but it runs once per build, not per response.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )
    .map_err(|e| e.to_string())?;
    Ok(out)
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes `<file>.gz` and `<file>.br` beside every compressible file under `dir`.
pub fn write_twins(dir: &Path) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            write_twins(&path)?;
            continue;
        }
        if !worth_compressing(&path) {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for (ext, packed) in [("gz", gzip(&bytes)?), ("br", brotli(&bytes)?)] {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            std::fs::write(&name, packed)
                .map_err(|e| format!("cannot write {}: {e}", Path::new(&name).display()))?;
        }
    }
    Ok(())
}
