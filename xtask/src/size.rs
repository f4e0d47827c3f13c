//! The apps' transfer size: what a phone downloads, raw, gzip- and brotli-compressed
//! (the server sends the precompressed twins `compress` writes).

use std::fmt;
use std::path::Path;

pub struct Entry {
    /// Relative to dist/: `lottrace-….wasm`, `staff/lottrace-staff-….wasm`.
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

pub struct Report {
    pub entries: Vec<Entry>,
}

/// The size of the twin `compress` wrote beside `path`, else of compressing it now.
fn packed_len(
    path: &Path,
    ext: &str,
    bytes: &[u8],
    pack: fn(&[u8]) -> Result<Vec<u8>, String>,
) -> Result<u64, String> {
    let mut twin = path.as_os_str().to_owned();
    twin.push(format!(".{ext}"));
    match std::fs::metadata(&twin) {
        Ok(meta) => Ok(meta.len()),
        Err(_) => Ok(pack(bytes)?.len() as u64),
    }
}

fn read_dir(dir: &Path, prefix: &str, entries: &mut Vec<Entry>) -> Result<(), String> {
    let items =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for item in items.flatten() {
        let path = item.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css" | "html") || item.file_name() == "sw.js" {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        entries.push(Entry {
            name: format!("{prefix}{}", item.file_name().to_string_lossy()),
            raw: bytes.len() as u64,
            gzip: packed_len(&path, "gz", &bytes, crate::compress::gzip)?,
            brotli: packed_len(&path, "br", &bytes, crate::compress::brotli)?,
        });
    }
    Ok(())
}

impl Report {
    /// Every wasm, JS, CSS and HTML page file of the shopper app (top of `dist/`) and the
    /// other apps (`dist/<app>/`); the service worker is installed after the first load.
    pub fn of_dist(dist: &Path) -> Result<Report, String> {
        let mut entries = Vec::new();
        read_dir(dist, "", &mut entries)?;
        for app in crate::SUB_APPS {
            let dir = dist.join(app);
            if dir.is_dir() {
                read_dir(&dir, &format!("{app}/"), &mut entries)?;
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Report { entries })
    }

    fn total(&self, keep: impl Fn(&str) -> bool) -> (u64, u64, u64) {
        self.entries
            .iter()
            .filter(|e| keep(&e.name))
            .fold((0, 0, 0), |(r, g, b), e| {
                (r + e.raw, g + e.gzip, b + e.brotli)
            })
    }

    /// The first load of a shopper page that does not scan (the trace page).
    pub fn trace_first_load(&self) -> (u64, u64, u64) {
        self.total(|n| !n.starts_with("decode-worker") && !n.contains('/'))
    }

    /// The scan screen (`/scan/`): the scan app and the decode worker it starts from a
    /// blob: script (the worker's glue and WASM; not Trunk's loader file, the fallback).
    pub fn scan_first_load(&self) -> (u64, u64, u64) {
        self.total(|n| {
            n.starts_with("scan/")
                || (n.starts_with("decode-worker") && !n.starts_with("decode-worker_loader"))
        })
    }

    /// Another app's first load (the decoder only when it scans).
    pub fn app_first_load(&self, app: &str) -> (u64, u64, u64) {
        let prefix = format!("{app}/");
        self.total(|n| n.starts_with(&prefix))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "transfer size of dist/ (bytes):")?;
        writeln!(
            f,
            "  {:<52} {:>10} {:>10} {:>10}",
            "file", "raw", "gzip", "brotli"
        )?;
        for e in &self.entries {
            writeln!(
                f,
                "  {:<52} {:>10} {:>10} {:>10}",
                e.name, e.raw, e.gzip, e.brotli
            )?;
        }
        let mut totals = vec![
            (
                "trace page first load (shopper app)".to_string(),
                self.trace_first_load(),
            ),
            (
                "scan screen first load (scan app + decoder)".to_string(),
                self.scan_first_load(),
            ),
        ];
        // The scan app is counted with its decoder above.
        for app in crate::SUB_APPS.into_iter().filter(|&app| app != "scan") {
            if self.entries.iter().any(|e| e.name.starts_with(app)) {
                totals.push((format!("{app} app first load"), self.app_first_load(app)));
            }
        }
        for (label, (raw, gzip, brotli)) in totals {
            writeln!(f, "  {label:<52} {raw:>10} {gzip:>10} {brotli:>10}")?;
        }
        Ok(())
    }
}
