//! The shopper app (`src/main.rs`): home and the trace page. The kiosk shows the same
//! trace page for a lot.

mod app;
pub mod components;
pub mod routes;

pub use app::App;
