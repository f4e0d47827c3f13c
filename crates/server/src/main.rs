//! `lottrace-server`: the reference backend. Serves the app and the API on one address.
//!
//! ```text
//! lottrace-server --db <file> --listen <addr> --dist <dir> [--demo]
//! ```

use clap::Parser;
use lottrace_server::{app, demo, store::SqliteStore, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(name = "lottrace-server", version, about = "Lottrace reference backend (EPCIS 2.0 on SQLite)")]
struct Args {
    /// SQLite database file (created when missing).
    #[arg(long)]
    db: PathBuf,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The built app (Trunk's dist/ folder).
    #[arg(long)]
    dist: PathBuf,
    /// Seed the demo flounder chain (idempotent) and print its trace-page URLs.
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "lottrace_server=info".into()),
        )
        .init();
    match serve(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lottrace-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> Result<(), String> {
    let store = SqliteStore::open(&args.db).map_err(|e| format!("cannot open {}: {e}", args.db.display()))?;
    let store = Arc::new(store);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("http://{local}");
    if args.demo {
        let urls = demo::seed(store.as_ref(), &base).map_err(|e| format!("cannot seed demo data: {e}"))?;
        for url in urls {
            println!("{url}");
        }
    }
    let state = AppState::new(store, &args.dist, vec![local.to_string()])?;
    println!("lottrace-server listening on {base}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
