//! Barcode scanning: the client of the decode worker, and what to do with its result.

pub mod camera;
pub mod client;
pub mod protocol;
pub mod route;
pub mod wedge;
