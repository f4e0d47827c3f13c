//! Writes the build's file lists into the service worker, so it can precache the app
//! shells (every hashed file Trunk produced; each other app's in a list of its own) and
//! notice a new deploy: the worker's bytes change whenever any file does.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

const LIST_TOKEN: &str = "\"__LOTTRACE_PRECACHE__\"";
const APPS_TOKEN: &str = "\"__LOTTRACE_PRECACHE_APPS__\"";
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
        // Precompressed twins are chosen by the server per request, never fetched by name.
        if rel == "sw.js" || rel.ends_with(".gz") || rel.ends_with(".br") {
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
    // The other apps are precached only on devices that opened them (see public/sw.js):
    // a shopper's phone never downloads the forms or the kiosk in the background.
    let app_of = |name: &str| {
        crate::SUB_APPS
            .into_iter()
            .find(|app| name.starts_with(&format!("/{app}/")))
    };
    let json_list = |names: Vec<&str>| {
        format!(
            "[{}]",
            names
                .iter()
                .map(|name| format!("\"{}\"", name.replace('"', "")))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let names = || files.iter().map(|(name, _)| name.as_str());
    let shopper = json_list(names().filter(|n| app_of(n).is_none()).collect());
    let apps = format!(
        "{{{}}}",
        crate::SUB_APPS
            .into_iter()
            .map(|app| {
                let list = json_list(names().filter(|n| app_of(n) == Some(app)).collect());
                format!("\"{app}\":{list}")
            })
            .collect::<Vec<_>>()
            .join(",")
    );
    let filled = source
        .replace(LIST_TOKEN, &shopper)
        .replace(APPS_TOKEN, &apps)
        .replace(BUILD_TOKEN, &build);
    std::fs::write(&sw, filled).map_err(|e| format!("cannot write {}: {e}", sw.display()))
}
