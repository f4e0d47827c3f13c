//! Pieces of the staff screens: the frame every staff screen sits in (sign-in, sync
//! status, update offer), inputs generated from the field dictionary, and the lot picker
//! sheet.

pub mod field_input;
pub mod frame;
pub mod lot_picker;
pub mod update;

pub use field_input::FieldInput;
pub use frame::StaffFrame;
pub use lot_picker::LotPicker;
