//! Writes the build's file list into the service worker, so it can precache the whole
//! app shell (every hashed file Trunk produced) and notice a new deploy: the worker's
//! bytes change whenever any file does.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

const LIST_TOKEN: &str = "\"__LOTTRACE_PRECACHE__\"";
const BUILD_TOKEN: &str = "__LOTTRACE_BUILD__";

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, root, out)?;
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "sw.js" {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        out.push((format!("/{rel}"), bytes));
    }
    Ok(())
}

/// Fills `dist/sw.js`'s placeholders; a build without a service worker is left alone.
pub fn write(dist: &Path) -> Result<(), String> {
    let sw = dist.join("sw.js");
    let Ok(source) = std::fs::read_to_string(&sw) else {
        return Ok(());
    };
    if !source.contains(LIST_TOKEN) {
        return Ok(());
    }
    let mut files = Vec::new();
    walk(dist, dist, &mut files)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = DefaultHasher::new();
    for (name, bytes) in &files {
        name.hash(&mut hasher);
        bytes.hash(&mut hasher);
    }
    let build = format!("{:016x}", hasher.finish());
    let list = format!(
        "[{}]",
        files
            .iter()
            .map(|(name, _)| format!("\"{}\"", name.replace('"', "")))
            .collect::<Vec<_>>()
            .join(",")
    );
    let filled = source
        .replace(LIST_TOKEN, &list)
        .replace(BUILD_TOKEN, &build);
    std::fs::write(&sw, filled).map_err(|e| format!("cannot write {}: {e}", sw.display()))
}
