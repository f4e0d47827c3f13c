//! What the shopper's pages keep in the browser: copies of traces they showed
//! (`offline_copy`, IndexedDB database `lottrace-trace`, and localStorage for the latest
//! few), read by the trace page in the shopper app and on the kiosk.

pub mod offline_copy;
