//! Corrections (EPCIS 2.0 `errorDeclaration`): the ID an event is known by, and which
//! event IDs a declaration retracts.

use crate::epcis::Event;
use std::collections::BTreeSet;

/// How every CBV 2.0 hash ID starts.
pub(super) const HASH_ID_PREFIX: &str = "ni:///sha-256;";

/// The ID an event is known by: its eventID, else its CBV 2.0 hash ID.
pub fn effective_event_id(event: &Event) -> String {
    event
        .event_id()
        .map(str::to_string)
        .unwrap_or_else(|| event.hash_id())
}

/// IDs of events that an `errorDeclaration` retracted. In EPCIS 2.0 the declaration is
/// the erroneous event itself, repeated with an `errorDeclaration` added, so it has the
/// same eventID (or, without one, the same hash ID: the hash ignores `errorDeclaration`).
pub fn corrected_event_ids<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeSet<String> {
    events
        .into_iter()
        .filter(|e| e.error_declaration().is_some())
        .map(effective_event_id)
        .collect()
}
