//! Lottrace reference backend: routers per area over one shared state. Domain logic
//! comes from `lottrace-core`; this crate does HTTP, storage and serving the app.

pub mod auth;
mod capture;
pub mod cli;
pub mod demo;
mod error;
mod extract;
mod routes;
mod security;
mod service;
pub mod store;

pub use error::ApiError;
pub use security::embed_origin;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// Largest EPCIS document `POST /epcis/capture` accepts.
pub const CAPTURE_BODY_LIMIT: usize = 5 * 1024 * 1024;

/// The apps with a WASM of their own beside the shopper's, each built into `dist/<app>/`
/// and served under `/<app>/` (xtask and the service worker use the same names).
pub const SUB_APPS: [&str; 3] = ["scan", "staff", "kiosk"];

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub dist: PathBuf,
    /// Hosts whose Digital Links and short links are ours (the listen address, and any
    /// public host names of the deployment).
    pub trusted_hosts: Arc<Vec<String>>,
    /// The Content-Security-Policy sent with every response (hashes of the app's own
    /// inline loader scripts included).
    pub csp: Arc<String>,
    /// How long a sign-in lasts.
    pub session_ttl: Duration,
    /// Sign-in attempts per account and address (see [`store::LoginThrottle`]).
    pub login_limiter: Arc<dyn store::LoginThrottle>,
    /// Parsed events by capture sequence number: events are immutable, so a parsed copy
    /// never goes stale, and traces of busy lots skip re-parsing their history.
    pub parsed_events: Arc<EventCache>,
    /// Rendered public traces (body and ETag) by lot and language, tagged with the data
    /// generation they were built at.
    pub trace_cache: Arc<TraceCache>,
    /// Origins allowed to frame the trace card (`/embed/…`), each validated; empty means
    /// any origin (the card shows public data only, like a video embed).
    pub embed_origins: Arc<Vec<String>>,
}

/// A rendered trace: the JSON body and its ETag.
pub type RenderedTrace = (Arc<Vec<u8>>, String);

/// Rendered public traces. A lookup hits only at the same data generation, so a capture,
/// a recall or a disclosure change is visible on the next request.
pub struct TraceCache {
    map: std::sync::Mutex<std::collections::HashMap<String, (i64, RenderedTrace)>>,
    capacity: usize,
    pub enabled: std::sync::atomic::AtomicBool,
}

impl TraceCache {
    pub fn new(capacity: usize) -> Self {
        TraceCache {
            map: std::sync::Mutex::new(std::collections::HashMap::new()),
            capacity,
            enabled: std::sync::atomic::AtomicBool::new(true),
        }
    }

    pub fn get(&self, key: &str, generation: i64) -> Option<RenderedTrace> {
        if !self.enabled.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let map = self.map.lock().ok()?;
        match map.get(key) {
            Some((g, rendered)) if *g == generation => Some(rendered.clone()),
            _ => None,
        }
    }

    pub fn put(&self, key: String, generation: i64, body: Arc<Vec<u8>>, etag: String) {
        if !self.enabled.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        if let Ok(mut map) = self.map.lock() {
            // Entries of older generations are dead weight: drop them first.
            if map.len() >= self.capacity {
                map.retain(|_, (g, _)| *g == generation);
                if map.len() >= self.capacity {
                    map.clear();
                }
            }
            map.insert(key, (generation, (body, etag)));
        }
    }
}

/// A bounded map from capture sequence number to the parsed event.
pub struct EventCache {
    map: std::sync::Mutex<std::collections::HashMap<i64, Arc<lottrace_core::epcis::Event>>>,
    capacity: usize,
}

impl EventCache {
    pub fn new(capacity: usize) -> Self {
        EventCache {
            map: std::sync::Mutex::new(std::collections::HashMap::new()),
            capacity,
        }
    }

    pub fn get(&self, seq: i64) -> Option<Arc<lottrace_core::epcis::Event>> {
        self.map.lock().ok()?.get(&seq).cloned()
    }

    pub fn put(&self, seq: i64, event: Arc<lottrace_core::epcis::Event>) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= self.capacity {
                // Crude but bounded: start over rather than track recency.
                map.clear();
            }
            map.insert(seq, event);
        }
    }
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        dist: &Path,
        trusted_hosts: Vec<String>,
    ) -> Result<AppState, String> {
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| {
            format!(
                "cannot read {} (build the app first: cargo xtask build): {e}",
                index.display()
            )
        })?;
        // Each other app (dist/<app>/) has its own loader script; a build without one
        // simply has no pages under its path.
        let mut pages = vec![html];
        pages.extend(
            SUB_APPS
                .iter()
                .filter_map(|app| std::fs::read_to_string(dist.join(app).join("index.html")).ok()),
        );
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        Ok(AppState {
            store,
            dist: dist.to_path_buf(),
            trusted_hosts: Arc::new(trusted_hosts),
            csp: Arc::new(security::content_security_policy(&pages)),
            session_ttl: Duration::from_secs(12 * 3600),
            login_limiter: Arc::new(store::MemoryThrottle::default()),
            parsed_events: Arc::new(EventCache::new(200_000)),
            trace_cache: Arc::new(TraceCache::new(2_000)),
            embed_origins: Arc::new(Vec::new()),
        })
    }

    /// Lets only these origins (`https://brand.example`, `https://*.brand.example`,
    /// `http://127.0.0.1:8081`) embed the trace card; an error names the first one that
    /// is not an origin.
    pub fn with_embed_origins<S: AsRef<str>>(mut self, origins: &[S]) -> Result<AppState, String> {
        let parsed = origins
            .iter()
            .map(|o| security::embed_origin(o.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        self.embed_origins = Arc::new(parsed);
        Ok(self)
    }

    pub fn resolver(&self) -> lottrace_core::codes::ResolverConfig {
        lottrace_core::codes::ResolverConfig {
            trusted_hosts: self.trusted_hosts.as_ref().clone(),
        }
    }
}

pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Serves the app on a bound listener, with the client's address available to handlers
/// (login rate limits per IP), until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
