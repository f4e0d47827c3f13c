//! What the staff app keeps and sends, apart from its screens: the session, drafts and
//! outbox in IndexedDB (database `lottrace-staff`, `db`), and the sync engine that sends
//! the outbox.

pub mod db;
pub mod drafts;
pub mod outbox;
pub mod session;
pub mod sync;
