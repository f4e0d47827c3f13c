//! Lottrace reference backend: routers per area over one shared state. Domain logic
//! comes from `lottrace-core`; this crate does HTTP, storage and serving the app.

pub mod auth;
mod capture;
pub mod cli;
pub mod demo;
mod error;
mod extract;
pub mod items;
pub mod log;
mod routes;
mod security;
mod service;
pub mod store;
pub mod witness;

pub use error::ApiError;
pub use security::embed_origin;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// Largest EPCIS document `POST /epcis/capture` accepts.
pub const CAPTURE_BODY_LIMIT: usize = 5 * 1024 * 1024;

/// Largest body every other endpoint accepts (sign-in, disclosure choices, recalls).
pub const SMALL_BODY_LIMIT: usize = 64 * 1024;

/// What one server process allows its clients, so slow or many clients cannot take it
/// down (README, "Security").
#[derive(Debug, Clone, PartialEq)]
pub struct ServeLimits {
    /// A request's headers must arrive within this time, or the connection is closed.
    pub header_timeout: Duration,
    /// A request's body must arrive within this time (answered 408).
    pub body_timeout: Duration,
    /// Open connections at most; one more is answered 503 with Retry-After and closed.
    pub max_connections: usize,
    /// Requests being handled at once at most; one more is answered 503 with Retry-After.
    pub max_in_flight: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            // Below the common limit of 1,024 open files, with room for the database.
            max_connections: 768,
            max_in_flight: 256,
        }
    }
}

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
    /// Send `Strict-Transport-Security` (deployments served over TLS only).
    pub hsts: bool,
    pub limits: ServeLimits,
    /// The tamper-evident log's identity and signing key.
    pub log: Arc<log::TransparencyLog>,
    /// Businesses' code keys for signed item codes (sealed with the log's passphrase).
    pub code_keys: Arc<items::CodeKeys>,
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
    /// The state with the log's key unprotected (tests, local demos): see [`AppState::open`].
    pub fn new(
        store: Arc<dyn Store>,
        dist: &Path,
        trusted_hosts: Vec<String>,
    ) -> Result<AppState, String> {
        AppState::open(store, dist, trusted_hosts, &log::LogConfig::unprotected())
    }

    /// The state, opening the log's key with `log_config` (made and sealed at first start).
    pub fn open(
        store: Arc<dyn Store>,
        dist: &Path,
        trusted_hosts: Vec<String>,
        log_config: &log::LogConfig,
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
        let log = Arc::new(log::TransparencyLog::open(store.as_ref(), log_config)?);
        Ok(AppState {
            log,
            code_keys: Arc::new(items::CodeKeys::new(log_config.passphrase.as_deref())),
            store,
            dist: dist.to_path_buf(),
            trusted_hosts: Arc::new(trusted_hosts),
            csp: Arc::new(security::content_security_policy(&pages)),
            session_ttl: Duration::from_secs(12 * 3600),
            login_limiter: Arc::new(store::MemoryThrottle::default()),
            parsed_events: Arc::new(EventCache::new(200_000)),
            trace_cache: Arc::new(TraceCache::new(2_000)),
            embed_origins: Arc::new(Vec::new()),
            hsts: false,
            limits: ServeLimits::default(),
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
/// (login rate limits per IP), until `shutdown` completes. Connections are served by
/// hyper directly so the header read timeout and the connection cap of
/// [`ServeLimits`] apply; requests in flight finish before it returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt;

    let limits = state.limits.clone();
    // One in-flight limit for the whole server; a request beyond it is answered at once
    // (503 + Retry-After), not queued.
    let router = tower::ServiceBuilder::new()
        .layer(axum::error_handling::HandleErrorLayer::new(
            routes::overloaded,
        ))
        .load_shed()
        .concurrency_limit(limits.max_in_flight)
        .service(app(state));
    let connections = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder.http2().timer(TokioTimer::new());
    tokio::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(refuse_connection(stream));
            continue;
        };
        let service = router.clone().map_request(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(addr));
                request
            },
        );
        let service = hyper_util::service::TowerToHyperService::new(service);
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    // Let requests in flight finish, but not forever.
    let _ = tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await;
    Ok(())
}

/// One connection too many: a 503 with Retry-After, then the connection is closed.
async fn refuse_connection(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = r#"{"error":"overloaded","message":"the server has too many open connections: retry in a moment"}"#;
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}
