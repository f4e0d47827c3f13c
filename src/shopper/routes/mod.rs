//! The shopper app's screens, one per file: home and the trace page.

mod home;
mod trace;

pub use home::Home;
pub use trace::{TraceByCode, TraceByGs1};
