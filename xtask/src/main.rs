//! `cargo xtask <build|demo|test|bench>`: every developer task in one place. Each task
//! installs what it needs first (see `tools`), so a fresh Debian machine with a Rust
//! toolchain needs nothing else.

mod brand;
mod compress;
mod precache;
mod size;
mod toolbox;
mod tools;

use toolbox::{Step, Task, Toolbox};
use tools::Tool;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  build               release app in dist/ and release server binary; starts nothing
  demo [--listen A]   build, then run the server with demo data (default 127.0.0.1:8080),
                      and a brand's page embedding two trace cards on the next port
  test                formatting, lints, native tests (the app's and the decode worker's
                      workspaces), the worker's charset tests and end-to-end tests in Chromium
  bench <what>        benchmarks: codes | genealogy | proof | server | size | scan | trace | staff";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match task_of(&args) {
        Some((task, rest)) => toolbox::execute(task, rest),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command the arguments name, and the arguments left for its steps.
fn task_of(args: &[String]) -> Option<(&'static Task, &[String])> {
    let (first, rest) = args.split_first()?;
    if first == "bench" {
        let (what, rest) = rest.split_first()?;
        let name = format!("bench {what}");
        return TASKS.iter().find(|t| t.name == name).map(|t| (t, rest));
    }
    TASKS.iter().find(|t| t.name == first).map(|t| (t, rest))
}

/// Everything the browser tests and benches need beside the app build.
const BROWSER: [Tool; 2] = [Tool::Chromium, Tool::E2ePackages];

/// Every command, the tools it needs (all ensured before its first step) and its steps.
pub const TASKS: &[Task] = &[
    Task {
        name: "build",
        tools: &tools::APP_BUILD,
        steps: &[Step {
            name: "build",
            run: build_step,
        }],
    },
    Task {
        name: "demo",
        tools: &tools::APP_BUILD,
        steps: &[
            Step {
                name: "arguments",
                run: |_, args| demo_addresses(args).map(|_| ()),
            },
            Step {
                name: "build",
                run: build_step,
            },
            Step {
                name: "serve",
                run: demo_serve,
            },
        ],
    },
    Task {
        name: "test",
        tools: &[
            Tool::RustComponents,
            Tool::WasmTarget,
            Tool::WasmOpt,
            Tool::WasmBindgen,
            Tool::Trunk,
            Tool::Chromium,
            Tool::E2ePackages,
        ],
        steps: &[
            Step {
                name: "format and lints",
                run: lint,
            },
            Step {
                name: "native tests",
                run: |tb, _| tb.run(cargo().args(["test", "--workspace"])),
            },
            Step {
                name: "decode worker",
                run: test_worker,
            },
            Step {
                name: "build",
                run: build_step,
            },
            Step {
                name: "end-to-end tests",
                run: e2e,
            },
        ],
    },
    Task {
        name: "bench codes",
        tools: &[],
        steps: &[Step {
            name: "criterion",
            run: |tb, _| tb.run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "codes"])),
        }],
    },
    Task {
        name: "bench genealogy",
        tools: &[],
        steps: &[Step {
            name: "criterion",
            run: |tb, _| {
                tb.run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "genealogy"]))
            },
        }],
    },
    Task {
        name: "bench proof",
        tools: &BROWSER_BENCH,
        steps: &[
            Step {
                name: "criterion",
                run: |tb, _| {
                    tb.run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "proof"]))
                },
            },
            // The same verification in the shopper's WASM, on a 50-event trace page.
            BUILD_STEP,
            Step {
                name: "tests/bench/proof.mjs",
                run: |tb, _| browser_bench(tb, "proof"),
            },
        ],
    },
    Task {
        name: "bench authenticity",
        tools: &[],
        steps: &[Step {
            name: "criterion",
            run: |tb, _| {
                tb.run(cargo().args(["bench", "-p", "lottrace-core", "--bench", "authenticity"]))
            },
        }],
    },
    Task {
        name: "bench server",
        tools: &[],
        steps: &[Step {
            name: "loopback HTTP",
            run: |tb, _| {
                tb.run(cargo().args(["bench", "-p", "lottrace-server", "--bench", "server"]))
            },
        }],
    },
    Task {
        name: "bench size",
        tools: &tools::APP_BUILD,
        steps: &[Step {
            name: "build",
            run: build_step,
        }],
    },
    Task {
        name: "bench scan",
        tools: &BROWSER_BENCH,
        steps: &[
            BUILD_STEP,
            Step {
                name: "tests/bench/scan.mjs",
                run: |tb, _| browser_bench(tb, "scan"),
            },
        ],
    },
    Task {
        name: "bench trace",
        tools: &BROWSER_BENCH,
        steps: &[
            BUILD_STEP,
            Step {
                name: "tests/bench/trace.mjs",
                run: |tb, _| browser_bench(tb, "trace"),
            },
        ],
    },
    Task {
        name: "bench staff",
        tools: &BROWSER_BENCH,
        steps: &[
            BUILD_STEP,
            Step {
                name: "tests/bench/staff.mjs",
                run: |tb, _| browser_bench(tb, "staff"),
            },
        ],
    },
];

/// The browser benches: the app build, then Chromium with the e2e packages.
const BROWSER_BENCH: [Tool; 6] = [
    Tool::WasmTarget,
    Tool::WasmOpt,
    Tool::WasmBindgen,
    Tool::Trunk,
    BROWSER[0],
    BROWSER[1],
];

const BUILD_STEP: Step = Step {
    name: "build",
    run: build_step,
};

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

fn trunk_build(tb: &Toolbox, args: &[&str]) -> Result<(), String> {
    tb.need(&tools::APP_BUILD)?;
    tb.run(
        Command::new("trunk")
            .args(["build", "--release", "--offline=true"])
            .args(args)
            .env("PATH", tools::tool_path())
            // Trunk's own cargo invocation must not inherit xtask's target-dir lock settings.
            .env_remove("CARGO_TARGET_DIR"),
    )
}

/// The apps with a WASM of their own beside the shopper's: `<app>.html` is built into
/// `dist/<app>/` and served under `/<app>/` (the server and the service worker know them
/// by the same names).
pub const SUB_APPS: [&str; 3] = ["scan", "staff", "kiosk"];

fn build_step(tb: &Toolbox, _: &[String]) -> Result<(), String> {
    build(tb).map(|_| ())
}

/// The release apps in `dist/` (shopper at the root, the others in `dist/<app>/`), their
/// precompressed twins, and the release server binary; prints the size report.
fn build(tb: &Toolbox) -> Result<Option<size::Report>, String> {
    // The shopper build replaces dist/ wholesale, so the others come after it.
    trunk_build(tb, &["index.html"])?;
    for app in SUB_APPS {
        let source = format!("{app}.html");
        if !project_root().join(&source).exists() {
            continue;
        }
        let app_dist = dist_dir().join(app);
        trunk_build(
            tb,
            &[
                &source,
                "--public-url",
                &format!("/{app}/"),
                "--dist",
                &app_dist.to_string_lossy(),
            ],
        )?;
        // The server serves /<app>/ from index.html, whatever name Trunk gave the page.
        let page = app_dist.join(&source);
        if page.exists() && !tb.is_dry() {
            std::fs::rename(&page, app_dist.join("index.html"))
                .map_err(|e| format!("cannot rename {}: {e}", page.display()))?;
        }
    }
    tb.run(cargo().args(["build", "--release", "-p", "lottrace-server"]))?;
    if tb.is_dry() {
        return Ok(None);
    }
    precache::write(&dist_dir())?;
    compress::write_twins(&dist_dir())?;
    let report = size::Report::of_dist(&dist_dir())?;
    println!("{report}");
    Ok(Some(report))
}

/// The demo server's address and the brand page's (the next port: another origin, as a
/// brand's site would be).
fn demo_addresses(args: &[String]) -> Result<(std::net::SocketAddr, std::net::SocketAddr), String> {
    let listen = match args {
        [] => "127.0.0.1:8080".to_string(),
        [flag, addr] if flag == "--listen" => addr.clone(),
        _ => return Err(USAGE.to_string()),
    };
    let addr: std::net::SocketAddr = listen
        .parse()
        .map_err(|e| format!("--listen {listen}: {e} (write it like 127.0.0.1:8080)"))?;
    let brand_port = addr
        .port()
        .checked_add(1)
        .ok_or_else(|| format!("--listen {listen}: no port after it for the brand page"))?;
    Ok((addr, std::net::SocketAddr::new(addr.ip(), brand_port)))
}

fn demo_serve(tb: &Toolbox, args: &[String]) -> Result<(), String> {
    let (addr, brand_addr) = demo_addresses(args)?;
    if tb.is_dry() {
        return Ok(());
    }
    // Browsers cannot open 0.0.0.0 or [::]: show (and allow) the loopback address instead.
    let shown = |a: std::net::SocketAddr| {
        if a.ip().is_unspecified() {
            format!("http://127.0.0.1:{}", a.port())
        } else {
            format!("http://{a}")
        }
    };
    let (app_origin, brand_origin) = (shown(addr), shown(brand_addr));
    let data = project_root().join("target").join("demo");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    brand::serve(brand_addr, app_origin.clone())?;
    println!("Lottrace demo: open {app_origin}/ (Ctrl-C stops the server)");
    println!("Brand page embedding two trace cards: {brand_origin}/");
    tb.run(
        Command::new(server_binary())
            .arg("--db")
            .arg(data.join("lottrace.db"))
            .args(["--listen", &addr.to_string(), "--dist"])
            .arg(dist_dir())
            .arg("--demo")
            .args(["--embed-origin", &brand_origin]),
    )
}

fn lint(tb: &Toolbox, _: &[String]) -> Result<(), String> {
    tb.need(&[Tool::RustComponents])?;
    tb.run(cargo().args(["fmt", "--all", "--check"]))?;
    tb.run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn e2e(tb: &Toolbox, _: &[String]) -> Result<(), String> {
    tb.need(&BROWSER)?;
    let e2e = project_root().join("tests").join("e2e");
    tb.run(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .arg(e2e.join("specs"))
            .env("LOTTRACE_SERVER", server_binary())
            .env("LOTTRACE_DIST", dist_dir())
            .current_dir(&e2e),
    )
}

/// The decode worker's workspace (`scan-worker/`), which the root workspace excludes:
/// formatting, lints (native, and for wasm32, where its browser-only code compiles),
/// native tests, then the charset stand-in's `TextDecoder` tests in headless Chromium.
fn test_worker(tb: &Toolbox, _: &[String]) -> Result<(), String> {
    let clippy = ["clippy", "--workspace", "--all-targets"];
    let deny = ["--", "-D", "warnings"];
    tb.need(&[Tool::RustComponents])?;
    tb.run(worker_cargo().args(["fmt", "--all", "--check"]))?;
    tb.run(worker_cargo().args(clippy).args(deny))?;
    tb.need(&[Tool::WasmTarget])?;
    tb.run(
        worker_cargo()
            .args(clippy)
            .args(["--target", "wasm32-unknown-unknown"])
            .args(deny),
    )?;
    tb.run(worker_cargo().args(["test", "--workspace"]))?;
    // The runner (scan-worker/.cargo/config.toml) is wasm-bindgen-cli's, driving Chromium.
    tb.need(&[Tool::WasmBindgen, Tool::Chromium])?;
    tb.run(
        worker_cargo()
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "encoding_rs",
            ])
            .env("PATH", tools::tool_path())
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )
}

/// Cargo in the decode worker's workspace: run from its folder, so its own
/// `.cargo/config.toml` applies, and into its own target dir (the one Trunk uses).
fn worker_cargo() -> Command {
    let mut cmd = cargo();
    cmd.current_dir(project_root().join("scan-worker"))
        .env_remove("CARGO_TARGET_DIR");
    cmd
}

/// A measurement in headless Chromium against the release build and the real server.
fn browser_bench(tb: &Toolbox, name: &str) -> Result<(), String> {
    tb.need(&BROWSER)?;
    let e2e = project_root().join("tests").join("e2e");
    tb.run(
        Command::new("node")
            .arg(
                project_root()
                    .join("tests")
                    .join("bench")
                    .join(format!("{name}.mjs")),
            )
            .env("LOTTRACE_SERVER", server_binary())
            .env("LOTTRACE_DIST", dist_dir())
            .env("NODE_PATH", e2e.join("node_modules"))
            .current_dir(&e2e),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step of every command asks only for tools its command names, so all of them
    /// are installed before the first step on a fresh machine.
    #[test]
    fn every_step_uses_only_tools_its_command_installs_first() {
        for task in TASKS {
            let tb = Toolbox::dry(task);
            for step in task.steps {
                let args: Vec<String> = Vec::new();
                if let Err(e) = (step.run)(&tb, &args) {
                    panic!("{} / {}: {e}", task.name, step.name);
                }
            }
        }
    }

    /// The class of the bug a new user met: the worker's wasm32 lints ran before the
    /// wasm32 target was installed. The test command's steps ask for it, and it is among
    /// the tools installed before the first step.
    #[test]
    fn the_test_command_asks_for_the_wasm_target_and_installs_it_first() {
        let test = TASKS.iter().find(|t| t.name == "test").expect("test task");
        let tb = Toolbox::dry(test);
        for step in test.steps {
            (step.run)(&tb, &[]).expect("dry run");
        }
        assert!(tb.asked().contains(&Tool::WasmTarget));
        assert!(test.tools.contains(&Tool::WasmTarget));
    }

    /// The check itself: a step asking for a tool its command did not name fails, naming
    /// the tool and the command.
    #[test]
    fn a_step_using_an_undeclared_tool_is_an_error() {
        let task = Task {
            name: "lint-only",
            tools: &[Tool::RustComponents],
            steps: &[Step {
                name: "worker",
                run: test_worker,
            }],
        };
        let tb = Toolbox::dry(&task);
        let err = (task.steps[0].run)(&tb, &[]).expect_err("must refuse");
        assert!(err.contains("wasm32"), "{err}");
        assert!(err.contains("lint-only"), "{err}");
    }

    #[test]
    fn every_command_line_finds_its_task() {
        for (line, name) in [
            (vec!["test"], "test"),
            (vec!["build"], "build"),
            (vec!["demo", "--listen", "127.0.0.1:9"], "demo"),
            (vec!["bench", "scan"], "bench scan"),
            (vec!["bench", "codes"], "bench codes"),
        ] {
            let args: Vec<String> = line.iter().map(|s| s.to_string()).collect();
            let (task, _) = task_of(&args).expect(name);
            assert_eq!(task.name, name);
        }
        assert!(task_of(&["bench".to_string(), "nothing".to_string()]).is_none());
        assert!(task_of(&[]).is_none());
    }
}
