//! The demo brand page (`tests/brand-demo/`) on its own port, so it is another origin
//! than the Lottrace server and embeds the trace cards as a brand's site would.

use axum::response::IntoResponse;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Written in the demo page where the Lottrace server's origin belongs.
const ORIGIN_TOKEN: &str = "__LOTTRACE_ORIGIN__";

pub fn demo_dir() -> PathBuf {
    crate::project_root().join("tests").join("brand-demo")
}

/// Binds `addr` and serves the demo brand page on a background thread for as long as
/// xtask runs; the page's widgets load from `lottrace_origin`.
pub fn serve(addr: SocketAddr, lottrace_origin: String) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the brand page's server: {e}"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| format!("cannot listen on {addr} for the brand page: {e}"))?;
    let dir = demo_dir();
    let index = dir.join("index.html");
    let page = move || {
        let index = index.clone();
        let origin = lottrace_origin.clone();
        async move {
            match tokio::fs::read_to_string(&index).await {
                Ok(html) => {
                    axum::response::Html(html.replace(ORIGIN_TOKEN, &origin)).into_response()
                }
                Err(e) => (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot read {}: {e}", index.display()),
                )
                    .into_response(),
            }
        }
    };
    let app = axum::Router::new()
        .route("/", axum::routing::get(page.clone()))
        .route("/index.html", axum::routing::get(page))
        .fallback_service(tower_http::services::ServeDir::new(dir));
    std::thread::spawn(move || {
        if let Err(e) = runtime.block_on(async { axum::serve(listener, app).await }) {
            eprintln!("xtask: the brand page's server stopped: {e}");
        }
    });
    Ok(())
}
