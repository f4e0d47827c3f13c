//! Barcode scanning: the client of the decode worker, and what to do with its result.

pub mod camera;
pub mod client;
/// The messages to and from the decode worker (its own crate: the worker, in
/// `scan-worker/`, is built in a workspace of its own).
pub use scan_protocol as protocol;
pub mod route;
pub mod wedge;
