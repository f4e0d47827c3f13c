//! The messages between the app (`src/scan/client.rs`) and the decode worker
//! (`scan-worker/`), one crate both depend on, so the field names cannot drift apart.
//! The worker is built in a workspace of its own (see `scan-worker/Cargo.toml`), so
//! this lives in a crate rather than a module of the app.
//!
//! app → worker: `{ id: number, image: Blob | ImageBitmap, mode?: "photo" | "frame",
//! pass?: number }`. A photo (`Blob`, the default mode) is decoded thoroughly; a camera
//! frame (an `ImageBitmap`, transferred, never copied) is decoded fast: the centre first,
//! then the whole frame, trying harder every few passes. The worker closes bitmaps.
//! app → worker, where the browser has `MediaStreamTrackProcessor`: `{ frames:
//! ReadableStream<VideoFrame> }` (transferred), the camera feed; from then on a frame
//! request without an `image` decodes the feed's newest frame (a new feed replaces the
//! old one; `error: "no_feed"` when there is none or it ended).
//! worker → app: `{ ready: true }` once, when the decoder is listening (messages sent
//! before that would be lost: the worker installs its handler only after its WASM has
//! loaded); then per request `{ id, ok: true, text, format, symbology, ms }` or
//! `{ id, ok: false, error, ms }` (`ms`: time spent in the worker).

pub const ID: &str = "id";
pub const IMAGE: &str = "image";
pub const MODE: &str = "mode";
pub const PASS: &str = "pass";
pub const FRAMES: &str = "frames";
pub const READY: &str = "ready";
pub const OK: &str = "ok";
pub const TEXT: &str = "text";
pub const FORMAT: &str = "format";
/// The ISO/IEC 15424 symbology identifier (`]C1` for GS1-128, `]Q1` for QR …), or "".
pub const SYMBOLOGY: &str = "symbology";
pub const ERROR: &str = "error";
/// Read by the bench (tests/bench/scan.mjs), not by the app.
pub const MS: &str = "ms";

/// `mode` values.
pub const MODE_PHOTO: &str = "photo";
pub const MODE_FRAME: &str = "frame";

/// `error` values.
pub const ERR_NOT_FOUND: &str = "not_found";
pub const ERR_UNREADABLE: &str = "unreadable";
pub const ERR_INTERNAL: &str = "internal";
pub const ERR_NO_FEED: &str = "no_feed";
