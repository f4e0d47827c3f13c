//! Which lots an answer covers, asked of the genealogy: the public trace of the first
//! code reading with records, a recall's reach, and a lot's whole chain for an export.
//! The server feeds these from storage; nothing here reads it.

use super::{build, recall_affecting, without_cycles, OpenRecall, Party, TraceInput, TraceView};
use crate::codes::LotKey;
use crate::disclosure::DisclosurePolicy;
use crate::epcis::Event;
use crate::genealogy::{EventLinks, Genealogy};
use crate::lang::Lang;
use std::collections::{BTreeMap, BTreeSet};

/// What every public trace is built with besides the lot's events.
pub struct TraceContext<'a> {
    pub parties: &'a [Party],
    pub recalls: &'a [OpenRecall],
    /// Per business, the selectable fields it discloses.
    pub chosen: &'a BTreeMap<String, BTreeSet<String>>,
    pub lang: Lang,
}

/// The trace of the first candidate lot with records (a 13-digit number may be a GTIN
/// or a guideline lot number: each reading in rank order). `connected` gives a lot's
/// connected events. A stored event that would close a cycle is set aside and named
/// in the view, never a reason to fail the whole trace.
pub fn first_trace<E>(
    candidates: &[LotKey],
    mut connected: impl FnMut(&LotKey) -> Result<Vec<Event>, E>,
    ctx: &TraceContext<'_>,
) -> Result<Option<TraceView>, E> {
    for lot in candidates {
        let events = connected(lot)?;
        // The common case costs nothing extra: only a trace that meets a cycle is
        // rebuilt from the events without it.
        let view = match view_of(lot, &events, ctx) {
            Err(_) => {
                let (events, set_aside) = without_cycles(lot, &events, ctx.lang);
                view_of(lot, &events, ctx).ok().flatten().map(|mut v| {
                    v.set_aside = set_aside;
                    v
                })
            }
            Ok(view) => view,
        };
        if view.is_some() {
            return Ok(view);
        }
    }
    Ok(None)
}

fn view_of(
    lot: &LotKey,
    events: &[Event],
    ctx: &TraceContext<'_>,
) -> Result<Option<TraceView>, crate::genealogy::GenealogyError> {
    let recall = recall_affecting(lot, events, ctx.recalls)?;
    let policy = DisclosurePolicy {
        chosen: ctx.chosen.clone(),
        recall: recall.is_some(),
    };
    build(&TraceInput {
        lot,
        events,
        parties: ctx.parties,
        policy: &policy,
        recall,
        lang: ctx.lang,
    })
}

/// The first candidate some event names, with its connected events.
pub fn first_with_events<E>(
    candidates: &[LotKey],
    mut connected: impl FnMut(&LotKey) -> Result<Vec<Event>, E>,
) -> Result<Option<(LotKey, Vec<Event>)>, E> {
    for lot in candidates {
        let events = connected(lot)?;
        if events
            .iter()
            .any(|e| EventLinks::of(e).all().any(|k| k == lot))
        {
            return Ok(Some((lot.clone(), events)));
        }
    }
    Ok(None)
}

/// A recall's reach today: the lot and every lot made from it (lots made after the
/// recall was declared count too). Events closing a cycle are left out first.
pub fn recall_scope(lot: &LotKey, events: &[Event]) -> BTreeSet<LotKey> {
    let (events, _) = without_cycles(lot, events, Lang::En);
    let mut scope: BTreeSet<LotKey> = Genealogy::from_events(events.iter())
        .trace_forward(lot)
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.lot)
        .collect();
    scope.insert(lot.clone());
    scope
}

/// A lot's whole chain: where it came from, where it went, and the lot itself.
pub fn chain_scope(lot: &LotKey, events: &[Event]) -> BTreeSet<LotKey> {
    let (events, _) = without_cycles(lot, events, Lang::En);
    let genealogy = Genealogy::from_events(events.iter());
    let mut scope: BTreeSet<LotKey> = genealogy
        .trace_back(lot)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.lot)
        .collect();
    scope.extend(
        genealogy
            .trace_forward(lot)
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.lot),
    );
    scope.insert(lot.clone());
    scope
}

/// Whether the business recorded any of these events (by the party owning its
/// location): the test of "a lot on its own chain".
pub fn recorded_by(business_id: &str, events: &[Event], parties: &[Party]) -> bool {
    events
        .iter()
        .any(|e| super::party_of(parties, e).is_some_and(|p| p.id == business_id))
}
