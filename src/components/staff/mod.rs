//! Pieces of the staff screens: form definitions and event building, the frame every
//! staff screen sits in (sign-in, sync status, update offer), inputs generated from the
//! field dictionary, the lot picker sheet, and barcode symbols drawn from their modules.

pub mod field_input;
pub mod forms;
pub mod frame;
pub mod lot_picker;
pub mod symbol;
pub mod update;

pub use field_input::FieldInput;
pub use frame::StaffFrame;
pub use lot_picker::LotPicker;
pub use symbol::SymbolSvg;
