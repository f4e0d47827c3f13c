//! The staff app (`src/bin/staff.rs`, under `/staff/`): sign-in, offline forms, outbox,
//! labels and settings. Screens are in `routes`, their pieces in `components`, what the
//! app keeps and sends in `state`, the staff API's client in `api`, and the forms each
//! role may fill in `forms`.

pub mod api;
mod app;
pub mod components;
pub mod forms;
pub mod routes;
pub mod state;

pub use app::StaffApp;
