//! One module per screen.

mod home;
pub mod kiosk;
mod not_found;
mod scan;
pub mod staff;
mod trace;

pub use home::Home;
pub use not_found::NotFound;
pub use scan::Scan;
pub use trace::{TraceByCode, TraceByGs1};
