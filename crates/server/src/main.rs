//! `lottrace-server`: the reference backend. Serves the app and the API on one address.
//!
//! ```text
//! lottrace-server --db <file> --listen <addr> --dist <dir> [--demo] [--embed-origin <origin>]... [--hsts]
//!     [--header-timeout <s>] [--body-timeout <s>] [--max-connections <n>] [--max-in-flight <n>]
//! lottrace-server business add --db <file> --id <id> --name <name> --gln <GLN> [...]
//! lottrace-server user add --db <file> --business <id> --role <role> --username <u> --password <p>
//! lottrace-server log add-witness --db <file> --key <verifier key>
//! lottrace-server witness-key --name <name> --key <seed file>
//! lottrace-server witness <log-url> --name <name> --key <seed file> --state <state file>
//! ```

use clap::Parser;
use lottrace_server::{cli, demo, store::SqliteStore, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "lottrace-server",
    version,
    about = "Lottrace reference backend (EPCIS 2.0 on SQLite)",
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true
)]
struct Args {
    /// SQLite database file (created when missing).
    #[arg(long, required = true)]
    db: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The built app (Trunk's dist/ folder).
    #[arg(long, required = true)]
    dist: Option<PathBuf>,
    /// Seed the demo flounder chain and one account per role (idempotent) and print its
    /// trace-page URLs.
    #[arg(long)]
    demo: bool,
    /// An origin allowed to frame the trace card (/embed/…), e.g. https://brand.example;
    /// repeat it, or list them comma-separated in LOTTRACE_EMBED_ORIGINS. None: any origin.
    #[arg(
        long = "embed-origin",
        value_name = "ORIGIN",
        env = "LOTTRACE_EMBED_ORIGINS",
        value_delimiter = ','
    )]
    embed_origins: Vec<String>,
    /// Send Strict-Transport-Security (one year, subdomains): only when every client
    /// reaches this server over HTTPS (a TLS proxy in front).
    #[arg(long, env = "LOTTRACE_HSTS")]
    hsts: bool,
    /// The tamper-evident log's name (checkpoint origin and key name), e.g.
    /// trace.example.com/log; fixed at the log's first start.
    #[arg(long = "log-origin", env = "LOTTRACE_LOG_ORIGIN")]
    log_origin: Option<String>,
    /// Seals the log's signing key at rest (Argon2id + ChaCha20-Poly1305). Without one,
    /// anyone with the database file can sign as the log.
    #[arg(
        long = "log-passphrase",
        env = "LOTTRACE_LOG_PASSPHRASE",
        hide_env_values = true
    )]
    log_passphrase: Option<String>,
    #[command(flatten)]
    limits: cli::LimitArgs,
    #[command(subcommand)]
    command: Option<cli::Command>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "lottrace_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let result = match args.command {
        Some(command) => cli::run(command).await.map(|message| println!("{message}")),
        None => match (args.db, args.dist) {
            (Some(db), Some(dist)) => {
                let log = lottrace_server::log::LogConfig {
                    origin: args.log_origin,
                    passphrase: args.log_passphrase.filter(|p| !p.is_empty()),
                };
                serve(Serve {
                    db,
                    listen: args.listen,
                    dist,
                    seed_demo: args.demo,
                    embed_origins: args.embed_origins,
                    hsts: args.hsts,
                    log,
                    limits: args.limits.limits(),
                })
                .await
            }
            _ => Err("--db and --dist are required".to_string()),
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lottrace-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// What the serve command was given.
struct Serve {
    db: PathBuf,
    listen: SocketAddr,
    dist: PathBuf,
    seed_demo: bool,
    embed_origins: Vec<String>,
    hsts: bool,
    log: lottrace_server::log::LogConfig,
    limits: lottrace_server::ServeLimits,
}

async fn serve(options: Serve) -> Result<(), String> {
    let Serve {
        db,
        listen,
        dist,
        seed_demo,
        embed_origins,
        hsts,
        log,
        limits,
    } = options;
    let log = &log;
    // Checked before anything is opened, so a typo stops the start with its reason.
    let embed_check: Vec<String> = embed_origins
        .iter()
        .filter(|o| !o.trim().is_empty())
        .cloned()
        .collect();
    for origin in &embed_check {
        lottrace_server::embed_origin(origin)?;
    }
    let store = SqliteStore::open(&db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    let store = Arc::new(store);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("http://{local}");
    if seed_demo {
        let urls =
            demo::seed(store.as_ref(), &base).map_err(|e| format!("cannot seed demo data: {e}"))?;
        let added = demo::seed_accounts(store.as_ref())
            .map_err(|e| format!("cannot seed demo accounts: {e}"))?;
        if added > 0 {
            eprintln!("lottrace-server: added {added} demo accounts (one per role; see README): for local use only");
        }
        for url in urls {
            println!("{url}");
        }
        // The kiosk at the demo store's fish counter, with its thermometer.
        println!(
            "{base}/kiosk?store={}&counter={}",
            demo::percent_encode("한빛마트 강남점"),
            demo::COUNTER
        );
    }
    if log.passphrase.is_none() {
        eprintln!(
            "lottrace-server: no --log-passphrase (LOTTRACE_LOG_PASSPHRASE): the log's signing key \
             is sealed under the empty passphrase, so anyone with the database can sign as the log"
        );
    }
    let mut state = AppState::open(store, &dist, vec![local.to_string()], log)?
        .with_embed_origins(&embed_check)?;
    state.hsts = hsts;
    state.limits = limits;
    println!("lottrace-server listening on {base}");
    lottrace_server::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}
