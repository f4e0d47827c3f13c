//! Barcode scanning, used by the scan screen, the staff lot picker and the kiosk: the
//! camera, keyboard-wedge scanners, the client of the decode worker, and where a code leads.

pub mod camera;
pub mod client;
/// The messages to and from the decode worker (its own crate: the worker, in
/// `scan-worker/`, is built in a workspace of its own).
pub use scan_protocol as protocol;
pub mod route;
pub mod wedge;
