//! `cargo xtask <build|demo|test|bench>`: every developer task in one place. Each task
//! installs what it needs first (see `tools`), so a fresh Debian machine with a Rust
//! toolchain needs nothing else.

mod brand;
mod compress;
mod precache;
mod size;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  build               release app in dist/ and release server binary; starts nothing
  demo [--listen A]   build, then run the server with demo data (default 127.0.0.1:8080),
                      and a brand's page embedding two trace cards on the next port
  test                formatting, lints, native tests (the app's and the decode worker's
                      workspaces), the worker's charset tests and end-to-end tests in Chromium
  bench <what>        benchmarks: codes | genealogy | server | size | scan | trace | staff";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build().map(|_| ()),
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in the project root (unless it has its own), failing on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(project_root());
    }
    let shown = format!("{cmd:?}");
    eprintln!("xtask: $ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn server_binary() -> PathBuf {
    project_root()
        .join("target")
        .join("release")
        .join("lottrace-server")
}

fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

fn trunk_build(args: &[&str]) -> Result<(), String> {
    run(Command::new("trunk")
        .args(["build", "--release", "--offline=true"])
        .args(args)
        .env("PATH", tools::tool_path())
        // Trunk's own cargo invocation must not inherit xtask's target-dir lock settings.
        .env_remove("CARGO_TARGET_DIR"))
}

/// The apps with a WASM of their own beside the shopper's: `<app>.html` is built into
/// `dist/<app>/` and served under `/<app>/` (the server and the service worker know them
/// by the same names).
pub const SUB_APPS: [&str; 3] = ["scan", "staff", "kiosk"];

/// The release apps in `dist/` (shopper at the root, the others in `dist/<app>/`), their
/// precompressed twins, and the release server binary.
fn build() -> Result<size::Report, String> {
    tools::ensure_build_tools()?;
    // The shopper build replaces dist/ wholesale, so the others come after it.
    trunk_build(&["index.html"])?;
    for app in SUB_APPS {
        let source = format!("{app}.html");
        if !project_root().join(&source).exists() {
            continue;
        }
        let app_dist = dist_dir().join(app);
        trunk_build(&[
            &source,
            "--public-url",
            &format!("/{app}/"),
            "--dist",
            &app_dist.to_string_lossy(),
        ])?;
        // The server serves /<app>/ from index.html, whatever name Trunk gave the page.
        let page = app_dist.join(&source);
        if page.exists() {
            std::fs::rename(&page, app_dist.join("index.html"))
                .map_err(|e| format!("cannot rename {}: {e}", page.display()))?;
        }
    }
    precache::write(&dist_dir())?;
    compress::write_twins(&dist_dir())?;
    run(cargo().args(["build", "--release", "-p", "lottrace-server"]))?;
    let report = size::Report::of_dist(&dist_dir())?;
    println!("{report}");
    Ok(report)
}

fn demo(args: &[String]) -> Result<(), String> {
    let listen = match args {
        [] => "127.0.0.1:8080".to_string(),
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => return Err(USAGE.to_string()),
    };
    let addr: std::net::SocketAddr = listen
        .parse()
        .map_err(|e| format!("--listen {listen}: {e} (write it like 127.0.0.1:8080)"))?;
    // The brand page lives on the next port: another origin, as a brand's site would be.
    let brand_port = addr
        .port()
        .checked_add(1)
        .ok_or_else(|| format!("--listen {listen}: no port after it for the brand page"))?;
    let brand_addr = std::net::SocketAddr::new(addr.ip(), brand_port);
    // Browsers cannot open 0.0.0.0 or [::]: show (and allow) the loopback address instead.
    let shown = |a: std::net::SocketAddr| {
        if a.ip().is_unspecified() {
            format!("http://127.0.0.1:{}", a.port())
        } else {
            format!("http://{a}")
        }
    };
    let (app_origin, brand_origin) = (shown(addr), shown(brand_addr));
    build()?;
    let data = project_root().join("target").join("demo");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    brand::serve(brand_addr, app_origin.clone())?;
    println!("Lottrace demo: open {app_origin}/ (Ctrl-C stops the server)");
    println!("Brand page embedding two trace cards: {brand_origin}/");
    run(Command::new(server_binary())
        .arg("--db")
        .arg(data.join("lottrace.db"))
        .args(["--listen", &listen, "--dist"])
        .arg(dist_dir())
        .arg("--demo")
        .args(["--embed-origin", &brand_origin]))
}

fn test() -> Result<(), String> {
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    test_worker()?;
    build()?;
    tools::ensure_e2e_packages()?;
    let e2e = project_root().join("tests").join("e2e");
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg(e2e.join("specs"))
        .env("LOTTRACE_SERVER", server_binary())
        .env("LOTTRACE_DIST", dist_dir())
        .current_dir(&e2e))
}

/// The decode worker's workspace (`scan-worker/`), which the root workspace excludes:
/// formatting, lints (native, and for wasm32, where its browser-only code compiles),
/// native tests, then the charset stand-in's `TextDecoder` tests in headless Chromium.
fn test_worker() -> Result<(), String> {
    let clippy = ["clippy", "--workspace", "--all-targets"];
    let deny = ["--", "-D", "warnings"];
    run(worker_cargo().args(["fmt", "--all", "--check"]))?;
    run(worker_cargo().args(clippy).args(deny))?;
    run(worker_cargo()
        .args(clippy)
        .args(["--target", "wasm32-unknown-unknown"])
        .args(deny))?;
    run(worker_cargo().args(["test", "--workspace"]))?;
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_chromium()?;
    // The runner (scan-worker/.cargo/config.toml) comes with wasm-bindgen-cli.
    run(worker_cargo()
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "encoding_rs",
        ])
        .env("PATH", tools::tool_path())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver"))
}

/// Cargo in the decode worker's workspace: run from its folder, so its own
/// `.cargo/config.toml` applies, and into its own target dir (the one Trunk uses).
fn worker_cargo() -> Command {
    let mut cmd = cargo();
    cmd.current_dir(project_root().join("scan-worker"))
        .env_remove("CARGO_TARGET_DIR");
    cmd
}

fn bench(what: Option<&str>) -> Result<(), String> {
    match what {
        Some("codes") => run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "codes"])),
        Some("genealogy") => {
            run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "genealogy"]))
        }
        Some("server") => {
            run(cargo().args(["bench", "-p", "lottrace-server", "--bench", "server"]))
        }
        Some("size") => build().map(|_| ()),
        Some(page @ ("scan" | "trace" | "staff")) => browser_bench(page),
        _ => Err(USAGE.to_string()),
    }
}

/// A measurement in headless Chromium against the release build and the real server.
fn browser_bench(name: &str) -> Result<(), String> {
    build()?;
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages()?;
    let e2e = project_root().join("tests").join("e2e");
    run(Command::new("node")
        .arg(
            project_root()
                .join("tests")
                .join("bench")
                .join(format!("{name}.mjs")),
        )
        .env("LOTTRACE_SERVER", server_binary())
        .env("LOTTRACE_DIST", dist_dir())
        .env("NODE_PATH", e2e.join("node_modules"))
        .current_dir(&e2e))
}
