//! Pieces of the retail kiosk (`/kiosk`): its settings, shared state, inputs (wedge
//! scanner, camera, keypad), idle reset, staff PIN and
//! the way into the settings, and what it shows beside a lot.

pub mod camera;
pub mod config;
pub mod connection;
pub mod context;
pub mod counter_temp;
pub mod idle;
pub mod keypad;
pub mod lang_buttons;
pub mod outcome;
pub mod pin;
pub mod pin_pad;
pub mod qr;
pub mod scan_input;
pub mod staff_door;

pub use context::{use_kiosk, Kiosk, Outcome};
