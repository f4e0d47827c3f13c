//! What the apps keep in the browser: the one IndexedDB wrapper (`idb`), and the
//! shopper's saved trace copies (`offline_copy`: IndexedDB database `lottrace-trace`, and
//! localStorage for the latest few), read by the trace page in the shopper app and on the
//! kiosk; the businesses' public code keys (`code_keys`) for checking signed codes
//! offline; the public log's pinned key and last checkpoint (`log_pin`, localStorage);
//! the language chosen on this browser (`lang_choice`, localStorage).
//! The staff app's own database is `staff::state::db`.

pub mod code_keys;
pub mod idb;
pub mod lang_choice;
pub mod log_pin;
pub mod offline_copy;
