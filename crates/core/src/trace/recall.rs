//! Recall scope. A recall declared on a lot covers that lot and everything made from it
//! (its descendants through merges, splits and processing), wherever it went. The lots
//! it was made from are *not* recalled: a bad pack does not condemn the farm's whole
//! harvest; a regulator who suspects the source recalls the source lot instead.

use super::{party_of, Party, RecallView};
use crate::codes::LotKey;
use crate::epcis::Event;
use crate::genealogy::{EventLinks, Genealogy, GenealogyError};
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An open recall as stored: the lot it was declared on, and how the trace shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRecall {
    pub lot: LotKey,
    pub view: RecallView,
}

/// The recall affecting `lot`: one declared on the lot itself or on any of its ancestors
/// (most recent first when several apply). `events` are the lot's connected events
/// (see [`crate::genealogy::collect_connected`]).
pub fn recall_affecting(
    lot: &LotKey,
    events: &[Event],
    recalls: &[OpenRecall],
) -> Result<Option<RecallView>, GenealogyError> {
    if recalls.is_empty() {
        return Ok(None);
    }
    let ancestors: BTreeSet<LotKey> = Genealogy::from_events(events.iter())
        .trace_back(lot)?
        .into_iter()
        .map(|a| a.lot)
        .collect();
    Ok(recalls
        .iter()
        .filter(|r| r.lot == *lot || ancestors.contains(&r.lot))
        .max_by(|a, b| a.view.declared_at.cmp(&b.view.declared_at))
        .map(|r| r.view.clone()))
}

/// What a recall reaches: every affected lot, business and location.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecallImpact {
    /// The recalled lot first, then its descendants nearest first.
    pub lots: Vec<AffectedLot>,
    pub businesses: Vec<AffectedBusiness>,
    /// Every location identifier (read points, business locations, destinations)
    /// where an affected lot was recorded or sent.
    pub locations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedLot {
    pub lot_key: String,
    pub element_string: String,
    /// Steps from the recalled lot (0 = the recalled lot itself).
    pub depth: usize,
    /// IDs of the businesses that held, made or received this lot.
    pub businesses: Vec<String>,
    pub locations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedBusiness {
    pub id: String,
    pub name: String,
    pub gln: String,
    pub role: Role,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Forward trace of a recall from the lot's connected events (see
/// [`Genealogy::forward`]): the lot and its descendants, every place that held one of
/// them, and the businesses owning those places. Events retracted by an
/// errorDeclaration do not count.
pub fn forward_impact(
    lot: &LotKey,
    events: &[Event],
    parties: &[Party],
) -> Result<RecallImpact, GenealogyError> {
    let genealogy = Genealogy::from_events(events.iter());
    let forward = genealogy.forward(lot)?;
    let mut order: Vec<(LotKey, usize)> = vec![(lot.clone(), 0)];
    order.extend(forward.descendants.into_iter().map(|d| (d.lot, d.depth)));
    let mut per_lot: BTreeMap<LotKey, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut all_parties: BTreeSet<String> = BTreeSet::new();
    let mut locations: Vec<String> = Vec::new();
    for r in &forward.recipients {
        let owner = crate::party::party_named(parties, &r.id);
        if let Some(p) = owner {
            all_parties.insert(p.id.clone());
        }
        // A party (PGLN) is a business to tell, not a place to look for the lots.
        let place = crate::codes::party_gln(&r.id).is_none();
        if place && !locations.contains(&r.id) {
            locations.push(r.id.clone());
        }
        for k in &r.lots {
            let entry = per_lot.entry(LotKey::clone(k)).or_default();
            if place {
                entry.1.insert(r.id.clone());
            }
            if let Some(p) = owner {
                entry.0.insert(p.id.clone());
            }
        }
    }
    // Read points (no business location recorded) still say which business acted.
    for event in genealogy.events() {
        if let Some(p) = party_of(parties, event) {
            let links = EventLinks::of(event);
            for k in links.all() {
                if let Some(entry) = per_lot.get_mut(k) {
                    entry.0.insert(p.id.clone());
                    all_parties.insert(p.id.clone());
                }
            }
        }
    }
    let lots = order
        .iter()
        .map(|(k, depth)| {
            let (businesses, locations) = per_lot.remove(k).unwrap_or_default();
            AffectedLot {
                lot_key: k.key(),
                element_string: k.element_string(),
                depth: *depth,
                businesses: businesses.into_iter().collect(),
                locations: locations.into_iter().collect(),
            }
        })
        .collect();
    let businesses = parties
        .iter()
        .filter(|p| all_parties.contains(&p.id))
        .map(|p| AffectedBusiness {
            id: p.id.clone(),
            name: p.name.clone(),
            gln: p.gln.clone(),
            role: p.role,
            phone: p.phone.clone(),
            email: p.email.clone(),
        })
        .collect();
    Ok(RecallImpact {
        lots,
        businesses,
        locations,
    })
}
