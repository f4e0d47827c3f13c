//! What the apps share: the page frame (shell), words (i18n), the public API's client,
//! the service worker, scanning, stored trace copies, and components several apps use.

pub mod api;
pub mod components;
pub mod i18n;
pub mod scanner;
pub mod service_worker;
pub mod shell;
pub mod store;
