//! The staff screens under `/staff`, one per file.

mod codes;
mod form;
mod home;
mod labels;
mod outbox;
mod settings;

pub use codes::StaffCodes;
pub use form::StaffForm;
pub use home::StaffHome;
pub use labels::StaffLabels;
pub use outbox::StaffOutbox;
pub use settings::StaffSettings;
