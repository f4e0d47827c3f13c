//! Lottrace reference backend: routers per area over one shared state. Domain logic
//! comes from `lottrace-core`; this crate does HTTP, storage and serving the app.

mod capture;
pub mod demo;
mod error;
mod routes;
mod security;
pub mod store;

pub use error::ApiError;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::Store;

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
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, dist: &Path, trusted_hosts: Vec<String>) -> Result<AppState, String> {
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index)
            .map_err(|e| format!("cannot read {} (build the app first: cargo xtask build): {e}", index.display()))?;
        Ok(AppState {
            store,
            dist: dist.to_path_buf(),
            trusted_hosts: Arc::new(trusted_hosts),
            csp: Arc::new(security::content_security_policy(&html)),
        })
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
