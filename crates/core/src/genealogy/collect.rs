//! Fetching the events a lot's trace needs from storage, walking inputs backwards and
//! outputs forwards.

use super::corrections::effective_event_id;
use super::links::EventLinks;
use crate::codes::LotKey;
use crate::epcis::Event;
use std::collections::BTreeSet;

/// Where events come from when tracing: the server's storage, or a slice in tests.
pub trait EventSource {
    type Error;
    /// Every event that names any of these lots, in any role.
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, Self::Error>;
}

impl EventSource for &[Event] {
    type Error = std::convert::Infallible;
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, Self::Error> {
        Ok(self
            .iter()
            .filter(|e| EventLinks::of(e).all().any(|k| lots.contains(k)))
            .cloned()
            .collect())
    }
}

/// Fetches every event a lot's trace needs: the events of the lot and of all its
/// ancestors (walking inputs backwards), and the events of its descendants (walking
/// outputs forwards). Sibling lots of a split are not followed, so a pack's trace does
/// not pull in every other pack of the same fish. Each event is returned once (an
/// error declaration counts apart from the event it retracts, which shares its ID).
/// Terminates on cycles and on input lots nobody created: each lot is asked for once.
pub fn collect_connected<S: EventSource>(
    source: &mut S,
    lot: &LotKey,
) -> Result<Vec<Event>, S::Error> {
    let mut back: BTreeSet<LotKey> = BTreeSet::from([lot.clone()]);
    let mut forward: BTreeSet<LotKey> = BTreeSet::from([lot.clone()]);
    let mut frontier: Vec<LotKey> = vec![lot.clone()];
    let mut seen: BTreeSet<(String, bool)> = BTreeSet::new();
    let mut out = Vec::new();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for event in source.events_naming(&frontier)? {
            let key = (
                effective_event_id(&event),
                event.error_declaration().is_some(),
            );
            if !seen.insert(key) {
                continue;
            }
            let links = EventLinks::of(&event);
            if links.outputs.iter().any(|(k, _)| back.contains(k)) {
                for (k, _) in &links.inputs {
                    if back.insert(k.clone()) && !forward.contains(k) {
                        next.push(k.clone());
                    }
                }
            }
            if links.inputs.iter().any(|(k, _)| forward.contains(k)) {
                for (k, _) in &links.outputs {
                    if forward.insert(k.clone()) && !back.contains(k) {
                        next.push(k.clone());
                    }
                }
            }
            out.push(event);
        }
        frontier = next;
    }
    Ok(out)
}
