//! What the staff app keeps and sends, apart from its screens: the session, drafts and
//! outbox in IndexedDB (database `lottrace-staff`, `db`); the signals the screens share
//! (`ctx`); the sync engine's decisions (`engine`, plain Rust with native tests) and the
//! I/O that carries them out (`sync`).

pub mod ctx;
pub mod db;
pub mod drafts;
pub mod engine;
pub mod lock;
pub mod lots;
pub mod outbox;
pub mod session;
pub mod sync;
