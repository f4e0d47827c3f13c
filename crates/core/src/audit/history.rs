//! A lot's history: the lot and its ancestors, and its *story* (the events that create
//! or observe one of them), shared by every check; and who recorded an event.

use super::types::AuditInput;
use crate::codes::LotKey;
use crate::epcis::Event;
use crate::fields::Stage;
use crate::genealogy::GenealogyError;
use crate::party::{party_of, Party};

/// The lot and its ancestors, or just the lot when the genealogy has a cycle.
pub(super) struct History<'e> {
    pub(super) lots: Vec<LotKey>,
    pub(super) cycle: Option<GenealogyError>,
    /// Events that create or observe a history lot, in input order, once each.
    pub(super) story: Vec<&'e Event>,
}

pub(super) fn history<'e>(input: &AuditInput<'_, 'e>) -> History<'e> {
    let g = input.genealogy;
    let (mut lots, cycle) = match g.trace_back(input.lot) {
        Ok(a) => (a.into_iter().map(|a| a.lot).collect::<Vec<_>>(), None),
        Err(e) => (Vec::new(), Some(e)),
    };
    lots.insert(0, input.lot.clone());
    let mut story: Vec<&'e Event> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for lot in &lots {
        for e in g.events_naming(lot) {
            let links = crate::genealogy::EventLinks::of(e);
            let about = links.outputs.iter().any(|(k, _)| lots.contains(k))
                || links.observed.iter().any(|k| lots.contains(k));
            if about && seen.insert(e as *const Event) {
                story.push(e);
            }
        }
    }
    History { lots, cycle, story }
}

pub(super) fn stage_of(parties: &[Party], event: &Event) -> Option<Stage> {
    party_of(parties, event).and_then(Party::stage)
}

/// A lot created by a farm, or harvested from one.
pub(super) fn is_farm_lot(input: &AuditInput<'_, '_>, lot: &LotKey) -> bool {
    let g = input.genealogy;
    g.creating_events(lot)
        .iter()
        .any(|e| stage_of(input.parties, e) == Some(Stage::Farm))
        || g.events_naming(lot)
            .iter()
            .any(|e| e.biz_step_short() == Some("farmHarvest"))
}
