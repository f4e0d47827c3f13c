//! The app's transfer size: what a phone downloads, raw and gzip-compressed.

use flate2::{write::GzEncoder, Compression};
use std::fmt;
use std::io::Write;
use std::path::Path;

pub struct Entry {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

pub struct Report {
    pub entries: Vec<Entry>,
}

fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len() as u64)
}

impl Report {
    /// Every wasm, JS, CSS and HTML file at the top of `dist/`.
    pub fn of_dist(dist: &Path) -> Result<Report, String> {
        let mut entries = Vec::new();
        let dir =
            std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
        for item in dir.flatten() {
            let path = item.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "wasm" | "js" | "css" | "html") {
                continue;
            }
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            entries.push(Entry {
                name: item.file_name().to_string_lossy().into_owned(),
                raw: bytes.len() as u64,
                gzip: gzip_len(&bytes)?,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Report { entries })
    }

    /// The first load of a page that does not scan: everything but the decoder worker.
    pub fn app_without_worker(&self) -> (u64, u64) {
        self.entries
            .iter()
            .filter(|e| !e.name.starts_with("decode-worker") && e.name != "embed.js")
            .fold((0, 0), |(r, g), e| (r + e.raw, g + e.gzip))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "transfer size of dist/ (bytes):")?;
        writeln!(f, "  {:<44} {:>10} {:>10}", "file", "raw", "gzip")?;
        for e in &self.entries {
            writeln!(f, "  {:<44} {:>10} {:>10}", e.name, e.raw, e.gzip)?;
        }
        let (raw, gzip) = self.app_without_worker();
        write!(
            f,
            "  {:<44} {:>10} {:>10}",
            "app first load (without decoder)", raw, gzip
        )
    }
}
