//! What the app keeps in the browser (IndexedDB).
//!
//! The shopper side keeps copies of traces it showed (`offline_copy`, database
//! `lottrace-trace`); the staff side keeps its session, drafts and outbox in its own
//! database (`lottrace-staff`, `db`), and sends the outbox with `sync`.

pub mod db;
pub mod drafts;
pub mod offline_copy;
pub mod outbox;
pub mod session;
pub mod sync;
