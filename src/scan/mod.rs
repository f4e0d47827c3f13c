//! The scan app (`src/bin/scan.rs`, under `/scan/`): one screen, no router. The camera
//! and decoder it drives are in `shared::scanner`, since the staff lot picker and the
//! kiosk scan too.

mod app;
mod screen;

pub use app::ScanApp;
