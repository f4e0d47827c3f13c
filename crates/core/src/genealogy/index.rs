//! The genealogy index: every lot the events name, its parent edges (with the
//! fraction of its mass each parent gave), its children, and the events that created or
//! named it. Built once from a set of events, then read by the traces.

use super::corrections::{corrected_event_ids, HASH_ID_PREFIX};
use super::links::{lot_of_uri, visit_lots, Role};
use crate::codes::LotKey;
use crate::epcis::Event;
use rustc_hash::FxHashMap;

/// (lot id or event index, quantity, unit) as read from a quantity list.
type Run<'a> = (usize, Option<f64>, Option<&'a str>);

#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    pub(super) parent: usize,
    /// Fraction of the child's mass from this parent, when quantities are known.
    pub(super) fraction: Option<f64>,
}

/// An index of parent/child links between lots, built once from a set of events.
#[derive(Debug, Default)]
pub struct Genealogy<'a> {
    pub(super) events: Vec<&'a Event>,
    pub(super) ids: FxHashMap<LotKey, usize>,
    pub(super) lots: Vec<LotKey>,
    pub(super) parents: Vec<Vec<Edge>>,
    pub(super) children: Vec<Vec<usize>>,
    /// Indices (into `events`) of the events that created each lot.
    pub(super) creators: Vec<Vec<usize>>,
    /// Indices of every event naming each lot, in any role.
    pub(super) named_by: Vec<Vec<usize>>,
}

impl<'a> Genealogy<'a> {
    /// Builds the index from every event given; error declarations and the events they
    /// retract are left out (see the module docs).
    pub fn from_events(events: impl IntoIterator<Item = &'a Event>) -> Genealogy<'a> {
        let all: Vec<&'a Event> = events.into_iter().collect();
        let retracted = corrected_event_ids(all.iter().copied());
        // An event without eventID is known by its hash ID, which only matters (and is
        // only computed) when some retracted ID is a hash ID.
        let hash_retracted = retracted.iter().any(|id| id.starts_with(HASH_ID_PREFIX));
        let is_retracted = |event: &Event| match event.event_id() {
            Some(id) => retracted.contains(id),
            None => hash_retracted && retracted.contains(&event.hash_id()),
        };
        let mut g = Genealogy {
            events: Vec::with_capacity(all.len()),
            ..Genealogy::default()
        };
        // Each distinct URI is parsed once: parsing dominates otherwise.
        let mut resolved: FxHashMap<&'a str, Option<usize>> = FxHashMap::default();
        // Per lot created by several events: (event index, quantity, uom) of each run.
        let mut runs: FxHashMap<usize, Vec<Run<'a>>> = FxHashMap::default();
        // Edges of the current event, before cross-event weighting: (child, edge, event).
        let mut pending: Vec<(usize, Edge, usize)> = Vec::new();
        let mut inputs: Vec<Run<'a>> = Vec::new();
        let mut outputs: Vec<Run<'a>> = Vec::new();
        let mut named: Vec<usize> = Vec::new();
        for event in all {
            if event.error_declaration().is_some() {
                continue;
            }
            if !retracted.is_empty() && is_retracted(event) {
                continue;
            }
            let index = g.events.len();
            g.events.push(event);
            inputs.clear();
            outputs.clear();
            named.clear();
            visit_lots(event, |role, uri, q, uom| {
                let id = *resolved
                    .entry(uri)
                    .or_insert_with(|| lot_of_uri(uri).map(|k| g.intern(k)));
                let Some(id) = id else { return };
                match role {
                    Role::Input => inputs.push((id, q, uom)),
                    Role::Output => outputs.push((id, q, uom)),
                    Role::Observed => {}
                }
                if !named.contains(&id) {
                    named.push(id);
                }
            });
            for &id in &named {
                g.named_by[id].push(index);
            }
            for &(out, q, uom) in &outputs {
                // Processing in place continues the lot rather than making it.
                if inputs.iter().any(|&(i, _, _)| i == out) {
                    continue;
                }
                if !g.creators[out].contains(&index) {
                    g.creators[out].push(index);
                }
                runs.entry(out).or_default().push((index, q, uom));
            }
            if inputs.is_empty() {
                continue;
            }
            let total = comparable_total(inputs.iter().map(|&(_, q, u)| (q, u)));
            for &(out, _, _) in &outputs {
                for &(parent, q, _) in &inputs {
                    if parent == out {
                        continue;
                    }
                    let fraction = match (q, total) {
                        (Some(q), Some(t)) if t > 0.0 => Some(q / t),
                        _ => None,
                    };
                    pending.push((out, Edge { parent, fraction }, index));
                }
            }
        }
        for (child, mut edge, event) in pending {
            // A lot made in several runs: this run's part of the lot's total.
            if let Some(r) = runs.get(&child).filter(|r| r.len() > 1) {
                let total = comparable_total(r.iter().map(|&(_, q, u)| (q, u)));
                let mine: Option<f64> = r
                    .iter()
                    .filter(|(e, _, _)| *e == event)
                    .map(|&(_, q, _)| q.filter(|q| q.is_finite() && *q >= 0.0))
                    .sum();
                edge.fraction = match (edge.fraction, mine, total) {
                    (Some(f), Some(m), Some(t)) if t > 0.0 => Some(f * m / t),
                    _ => None,
                };
            }
            let parent = edge.parent;
            g.parents[child].push(edge);
            if !g.children[parent].contains(&child) {
                g.children[parent].push(child);
            }
        }
        g
    }

    fn intern(&mut self, lot: LotKey) -> usize {
        if let Some(&i) = self.ids.get(&lot) {
            return i;
        }
        let i = self.lots.len();
        self.ids.insert(lot.clone(), i);
        self.lots.push(lot);
        self.parents.push(Vec::new());
        self.children.push(Vec::new());
        self.creators.push(Vec::new());
        self.named_by.push(Vec::new());
        i
    }

    /// The events the index was built from, without declarations and retracted events.
    pub fn events(&self) -> &[&'a Event] {
        &self.events
    }

    /// Number of distinct lots named by the events.
    pub fn lot_count(&self) -> usize {
        self.lots.len()
    }

    pub fn contains(&self, lot: &LotKey) -> bool {
        self.ids.contains_key(lot)
    }

    pub fn parents_of(&self, lot: &LotKey) -> Vec<&LotKey> {
        self.ids
            .get(lot)
            .map(|&i| {
                self.parents[i]
                    .iter()
                    .map(|e| &self.lots[e.parent])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether some (uncorrected) event created the lot.
    pub fn is_created(&self, lot: &LotKey) -> bool {
        self.ids
            .get(lot)
            .is_some_and(|&i| !self.creators[i].is_empty())
    }

    /// The (uncorrected) events that created the lot, in input order.
    pub fn creating_events(&self, lot: &LotKey) -> Vec<&'a Event> {
        self.ids
            .get(lot)
            .map(|&i| self.creators[i].iter().map(|&e| self.events[e]).collect())
            .unwrap_or_default()
    }

    /// Every (uncorrected) event naming the lot in any role, in input order.
    pub fn events_naming(&self, lot: &LotKey) -> Vec<&'a Event> {
        self.ids
            .get(lot)
            .map(|&i| self.named_by[i].iter().map(|&e| self.events[e]).collect())
            .unwrap_or_default()
    }
}

/// Sum of quantities when all are present, finite, ≥ 0 and in one unit; else None.
fn comparable_total<'u>(qs: impl Iterator<Item = (Option<f64>, Option<&'u str>)>) -> Option<f64> {
    let mut unit: Option<Option<&str>> = None;
    let mut total = 0.0;
    for (q, u) in qs {
        let q = q.filter(|q| q.is_finite() && *q >= 0.0)?;
        match unit {
            None => unit = Some(u),
            Some(prev) if prev != u => return None,
            Some(_) => {}
        }
        total += q;
    }
    Some(total)
}
