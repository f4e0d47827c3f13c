//! Lottrace domain logic, shared by the web app and the server.
//!
//! Everything here is pure: no I/O, no clocks read, no global state. The app and the
//! server are thin shells that feed it data and render or store what it returns.

pub mod api;
pub mod audit;
pub mod authenticity;
pub mod capture_rules;
pub mod codes;
pub mod counter;
pub mod demo;
pub mod disclosure;
pub mod epcis;
pub mod fields;
pub mod genealogy;
pub mod held_lots;
pub mod lang;
pub mod lot_pattern;
pub mod party;
pub mod proof;
pub mod record;
pub mod role;
pub mod trace;
