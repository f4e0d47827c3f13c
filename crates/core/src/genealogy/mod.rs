//! Lot genealogy: which lots a lot was made from (trace back, 역추적) and which lots were
//! made from it (trace forward), from the input→output correspondence that merge, split
//! and process events record (guideline I.6.3).
//!
//! Roles of the lots an event names ([`EventLinks`]):
//! - TransformationEvent: `inputQuantityList` / `inputEPCList` are consumed, the output
//!   lists are created;
//! - ObjectEvent `ADD`: its `quantityList` / `epcList` lots are created (commissioning,
//!   hatching);
//! - any other event (OBSERVE / DELETE object events, aggregations, transactions) only
//!   observes the lots it names (shipping, receiving, internal moves).
//!
//! Edges: every input lot of an event is a parent of every output lot. A parent's share of
//! a child's mass is its input quantity over the event's total input; when several events
//! created the same lot (two production runs under one lot code) each event is weighted
//! by the quantity of the lot it produced. Shares multiply along a path and add up across
//! paths. A share is `None` as soon as a quantity on the way is missing, not finite,
//! negative, or the inputs of one event are in different units (kg and fish counts do not
//! add up).
//!
//! Corrections: an event carrying an `errorDeclaration` retracts the event with the same
//! eventID (or, without one, the same CBV 2.0 hash ID, which ignores `errorDeclaration`);
//! neither takes part in the genealogy. The corrective events are ordinary events.
//!
//! Bad data: an input lot that no event created is kept and reported
//! ([`Ancestor::created`] is false); a cycle (a lot that is its own ancestor) is a
//! [`GenealogyError::Cycle`]. An event that lists the same lot as input and output
//! (processing in place, e.g. freezing without relabelling) is not a cycle: that edge is
//! left out, as it says nothing about where the lot came from.
//!
//! Cost: building the index is linear in the events (each distinct epc URI is parsed
//! once); a trace is linear in the part of the graph it visits.
//!
//! Files: [`links`] reads which lots an event names and in what role; [`index`] builds
//! the [`Genealogy`] index; [`traverse`] walks it (trace back with mass shares, trace
//! forward); [`recipients`] adds the places reached forward; [`corrections`] handles
//! error declarations; [`collect`] fetches a lot's connected events from storage;
//! [`results`] holds the types traces return; [`prefetch`] and [`time`] are the two
//! speed helpers of the forward trace.

mod collect;
mod corrections;
mod index;
mod links;
mod prefetch;
mod recipients;
mod results;
mod time;
mod traverse;

pub use collect::{collect_connected, EventSource};
pub use corrections::{corrected_event_ids, effective_event_id};
pub use index::Genealogy;
pub use links::{lot_of_uri, lot_quantities, EventLinks};
pub use results::{shares, Ancestor, Descendant, Forward, GenealogyError, Recipient};
