//! The retail kiosk (`src/bin/kiosk.rs`, under `/kiosk/`): its frame and screens in
//! `routes`, its state, inputs and pieces in `components`.

mod app;
pub mod components;
pub mod routes;

pub use app::KioskApp;
