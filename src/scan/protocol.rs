//! The messages between the app and the decode worker, shared by both binaries
//! (`#[path]`-included by the worker) so the field names cannot drift apart.
//!
//! app → worker: `{ id: number, image: Blob }`
//! worker → app: `{ ready: true }` once, when the decoder is listening (messages sent
//! before that would be lost: the worker installs its handler only after its WASM has
//! loaded); then per request `{ id, ok: true, text, format }` or `{ id, ok: false, error }`.

pub const ID: &str = "id";
pub const IMAGE: &str = "image";
pub const READY: &str = "ready";
pub const OK: &str = "ok";
pub const TEXT: &str = "text";
pub const FORMAT: &str = "format";
pub const ERROR: &str = "error";

/// `error` values.
pub const ERR_NOT_FOUND: &str = "not_found";
pub const ERR_UNREADABLE: &str = "unreadable";
pub const ERR_INTERNAL: &str = "internal";
