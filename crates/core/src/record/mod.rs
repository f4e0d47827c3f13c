//! Recording what happens to lots, without a browser: the forms each role fills in
//! ([`form`]), the checks a filled-in form must pass, field by field from the field
//! dictionary ([`input`]), the builders that turn it into its EPCIS 2.0 event —
//! create, observe, receive, ship, move, merge, split, process ([`build`]) — and the
//! identifiers of new lots ([`lot_number`]). The staff app renders what this describes;
//! the demo chain ([`crate::demo`]) is made with the same builders.

pub mod build;
pub mod form;
pub mod input;
pub mod lot_number;
mod product;

pub use build::{build, event, restep, Built, Parties};
pub use form::{all, by_key, for_role, prints_labels, Counterparty, Form, FormDef, Shape};
pub use input::{
    business_gln, check, mass_balance, parse_kg, parse_lot, parse_temperatures, BadTemperature,
    FormInput, FormProblem, LotLine, Part, PartyError, Problem, Spot,
};
pub use lot_number::{next_lot, LotIdError, LotNumbering};
pub use product::ProductKind;
