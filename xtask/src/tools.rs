//! Installs the tools the build and the tests need, idempotently: each is checked at the
//! version we pin and installed only when missing or wrong. Nothing is downloaded except
//! through the package registries (crates.io, npm, Debian).

use crate::{project_root, run};
use std::path::PathBuf;
use std::process::Command as Cmd;

/// Trunk 0.22 needs a newer rustc than the one we build with.
const TRUNK_REQ: &str = "~0.21";
const TRUNK_PREFIX: &str = "trunk 0.21.";
/// Debian's binaryen (108) emits wasm that Chromium rejects; npm's 132 works.
const BINARYEN_VERSION: &str = "132.0.0";

/// Where tools that are not cargo binaries live: outside the clone, so a fresh clone
/// on the same machine reuses them.
pub fn tools_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache").join("lottrace-tools")
}

fn cargo_bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(dir).join("bin");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"));
    home.join(".cargo").join("bin")
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Cmd::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// PATH with the cargo bin dir and our npm tools first, for trunk to find the pinned
/// wasm-bindgen and wasm-opt.
pub fn tool_path() -> String {
    let mut parts = vec![
        tools_dir()
            .join("node_modules")
            .join(".bin")
            .display()
            .to_string(),
        cargo_bin_dir().display().to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

/// The wasm-bindgen version locked in Cargo.lock: the CLI must match it exactly. The
/// decode worker's workspace (scan-worker/Cargo.lock) is built by the same CLI, so its
/// lock must name the same version.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let app = wasm_bindgen_in_lock("Cargo.lock")?;
    let worker = wasm_bindgen_in_lock("scan-worker/Cargo.lock")?;
    if app != worker {
        return Err(format!(
            "wasm-bindgen {app} in Cargo.lock but {worker} in scan-worker/Cargo.lock: \
             one wasm-bindgen CLI builds both, pin the same version"
        ));
    }
    Ok(app)
}

fn wasm_bindgen_in_lock(lock_file: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(project_root().join(lock_file))
        .map_err(|e| format!("cannot read {lock_file}: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("wasm-bindgen is not in {lock_file}"))
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn has_version(program: &str, prefix: &str) -> bool {
    let path = tool_path();
    Cmd::new(program)
        .arg("--version")
        .env("PATH", &path)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .starts_with(prefix)
        })
}

fn ensure_trunk() -> Result<(), String> {
    if has_version("trunk", TRUNK_PREFIX) {
        return Ok(());
    }
    eprintln!("xtask: installing trunk {TRUNK_REQ} (about 20 minutes on 2 cores, once)");
    run(Cmd::new("cargo").args(["install", "trunk", "--version", TRUNK_REQ, "--locked"]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    if has_version("wasm-bindgen", &format!("wasm-bindgen {version}")) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {version} (about 10 minutes, once)");
    // Not --locked: one of its locked dependencies is missing from the registry mirror.
    run(Cmd::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ]))
}

/// Installs `npm` packages into the tools dir when the wanted version is not there.
fn ensure_npm_package(name: &str, version: &str) -> Result<(), String> {
    let manifest = tools_dir()
        .join("node_modules")
        .join(name)
        .join("package.json");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        if text.contains(&format!("\"version\": \"{version}\"")) {
            return Ok(());
        }
    }
    std::fs::create_dir_all(tools_dir())
        .map_err(|e| format!("cannot create {}: {e}", tools_dir().display()))?;
    run(Cmd::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(tools_dir())
        .arg(format!("{name}@{version}")))
}

fn ensure_wasm_opt() -> Result<(), String> {
    ensure_npm_package("binaryen", BINARYEN_VERSION)
}

/// Debian's Chromium and its driver for the browser tests, and the fonts a phone sold in
/// Korea or China has (Noto Sans CJK is Android's CJK font): without a Hangul font the
/// pages render as boxes, and Chromium's font fallback search on every text run makes
/// layout several times slower than on any phone, which the speed measurements would
/// count. Installed when missing and we are root (CI machines are).
fn ensure_chromium() -> Result<(), String> {
    const NEEDED: [(&str, &str); 4] = [
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/chromedriver", "chromium-driver"),
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "fonts-noto-cjk",
        ),
        // The proof tests edit the server's database behind its back.
        ("/usr/bin/sqlite3", "sqlite3"),
    ];
    let missing: Vec<&str> = NEEDED
        .iter()
        .filter(|(path, _)| !std::path::Path::new(path).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output_of("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    if !is_root {
        return Err(format!(
            "missing for the browser tests: run `apt-get install {}` as root",
            missing.join(" ")
        ));
    }
    run(Cmd::new("apt-get").arg("update"))?;
    run(Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The e2e tests' own npm dependencies, from their lockfile.
fn ensure_e2e_packages() -> Result<(), String> {
    let dir = project_root().join("tests").join("e2e");
    let stamp = dir.join("node_modules").join(".package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => match (s.modified(), l.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))
}

/// rustfmt and clippy: in rustup's default profile, but not in its minimal one.
fn ensure_rust_components() -> Result<(), String> {
    let installed = output_of("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    let has = |name: &str| installed.lines().any(|l| l.trim().starts_with(name));
    if has("rustfmt") && has("clippy") {
        return Ok(());
    }
    run(Cmd::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

/// Something a command needs on the machine before its first step. Each command names
/// its tools (`crate::task`), all are ensured before it starts, and a step may use only
/// the tools its command named (checked by `crate::toolbox` and its tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// rustfmt and clippy.
    RustComponents,
    /// The `wasm32-unknown-unknown` standard library.
    WasmTarget,
    /// Trunk, which builds the apps.
    Trunk,
    /// wasm-bindgen-cli at the Cargo.lock version (Trunk's and the worker tests' runner).
    WasmBindgen,
    /// wasm-opt from npm's binaryen.
    WasmOpt,
    /// Debian's Chromium, chromium-driver and the CJK fonts (and the sqlite3 CLI the
    /// browser tests use to edit a server's database).
    Chromium,
    /// The end-to-end tests' npm packages (playwright-core, axe-core, …).
    E2ePackages,
}

impl Tool {
    pub fn ensure(self) -> Result<(), String> {
        match self {
            Tool::RustComponents => ensure_rust_components(),
            Tool::WasmTarget => ensure_wasm_target(),
            Tool::Trunk => ensure_trunk(),
            Tool::WasmBindgen => ensure_wasm_bindgen(),
            Tool::WasmOpt => ensure_wasm_opt(),
            Tool::Chromium => ensure_chromium(),
            Tool::E2ePackages => ensure_e2e_packages(),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Tool::RustComponents => "rustfmt and clippy",
            Tool::WasmTarget => "the wasm32-unknown-unknown target",
            Tool::Trunk => "trunk",
            Tool::WasmBindgen => "wasm-bindgen-cli",
            Tool::WasmOpt => "wasm-opt (binaryen)",
            Tool::Chromium => "chromium, chromium-driver, the CJK fonts and sqlite3",
            Tool::E2ePackages => "the e2e tests' npm packages",
        }
    }
}

/// What `trunk build` runs: Trunk itself, cargo for wasm32, wasm-bindgen and wasm-opt.
pub const APP_BUILD: [Tool; 4] = [
    Tool::WasmTarget,
    Tool::WasmOpt,
    Tool::WasmBindgen,
    Tool::Trunk,
];
