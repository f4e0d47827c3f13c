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

use crate::codes::LotKey;
use crate::epcis::{Action, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

/// The role an event gives a lot it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Input,
    Output,
    Observed,
}

/// Calls `visit(role, uri, quantity, uom)` for every lot-level identifier the event names.
/// Instance EPCs (a serial) are passed too; the resolver drops them.
fn visit_lots<'e>(
    event: &'e Event,
    mut visit: impl FnMut(Role, &'e str, Option<f64>, Option<&'e str>),
) {
    fn slice<T>(v: &Option<Vec<T>>) -> &[T] {
        v.as_deref().unwrap_or(&[])
    }
    match event {
        Event::TransformationEvent(e) => {
            for q in slice(&e.input_quantity_list) {
                visit(Role::Input, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.input_epc_list) {
                visit(Role::Input, epc, None, None);
            }
            for q in slice(&e.output_quantity_list) {
                visit(Role::Output, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.output_epc_list) {
                visit(Role::Output, epc, None, None);
            }
        }
        Event::ObjectEvent(e) => {
            let role = if e.action == Action::Add {
                Role::Output
            } else {
                Role::Observed
            };
            for q in slice(&e.quantity_list) {
                visit(role, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.epc_list) {
                visit(role, epc, None, None);
            }
        }
        Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
            if let Some(p) = &e.parent_id {
                visit(Role::Observed, p, None, None);
            }
            for epc in slice(&e.child_epcs) {
                visit(Role::Observed, epc, None, None);
            }
            for q in slice(&e.child_quantity_list) {
                visit(Role::Observed, &q.epc_class, q.quantity, q.uom.as_deref());
            }
        }
        Event::TransactionEvent(e) => {
            if let Some(p) = &e.parent_id {
                visit(Role::Observed, p, None, None);
            }
            for epc in slice(&e.epc_list) {
                visit(Role::Observed, epc, None, None);
            }
            for q in slice(&e.quantity_list) {
                visit(Role::Observed, &q.epc_class, q.quantity, q.uom.as_deref());
            }
        }
    }
}

/// The lot an epc URI names. Fast path for the canonical Digital Link Lottrace writes
/// (`https://id.gs1.org/01/…/10/…`, see [`LotKey::epc_class_uri`]): reading its key
/// back is several times cheaper than the general parser and gives the same lot; the
/// general parser handles every other form.
pub fn lot_of_uri(uri: &str) -> Option<LotKey> {
    if let Some(rest) = uri.strip_prefix("https://id.gs1.org/") {
        if rest.starts_with("01/") {
            if let Some(k) = LotKey::parse_key(rest).filter(|k| k.key() == rest) {
                return Some(k);
            }
        }
    }
    LotKey::from_epc_uri(uri)
}

/// FxHash-style hasher for the index's string and lot keys: SipHash's protection
/// against crafted collisions buys nothing for one trace's events and costs a third of
/// the build time.
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn finish(&self) -> u64 {
        // The product's high bits are the well-mixed ones; hashbrown indexes by low bits.
        self.0.rotate_left(26)
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// (lot id or event index, quantity, unit) as read from a quantity list.
type Run<'a> = (usize, Option<f64>, Option<&'a str>);

/// Which lots an event consumes, creates or merely observes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventLinks {
    pub inputs: Vec<(LotKey, Option<f64>)>,
    pub outputs: Vec<(LotKey, Option<f64>)>,
    /// Lots the event is about without consuming or creating them (shipping, receiving…).
    pub observed: Vec<LotKey>,
}

impl EventLinks {
    pub fn of(event: &Event) -> EventLinks {
        let mut links = EventLinks::default();
        visit_lots(event, |role, uri, q, _| {
            let Some(k) = lot_of_uri(uri) else {
                return;
            };
            match role {
                Role::Input => links.inputs.push((k, q)),
                Role::Output => links.outputs.push((k, q)),
                Role::Observed => {
                    if !links.observed.contains(&k) {
                        links.observed.push(k)
                    }
                }
            }
        });
        links
    }

    /// Every lot the event names, whatever its role.
    pub fn all(&self) -> impl Iterator<Item = &LotKey> {
        self.inputs
            .iter()
            .map(|(k, _)| k)
            .chain(self.outputs.iter().map(|(k, _)| k))
            .chain(self.observed.iter())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenealogyError {
    #[error("lot {0} is its own ancestor: the recorded merges and splits form a cycle")]
    Cycle(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ancestor {
    pub lot: LotKey,
    /// Share of the traced lot's mass that came from this ancestor (None when some
    /// quantity on the way was not recorded or not comparable).
    pub share: Option<f64>,
    /// Shortest distance in steps from the traced lot (1 = direct parent).
    pub depth: usize,
    /// The lots this ancestor went into directly, on the way to the traced lot.
    pub children: Vec<LotKey>,
    /// Some (uncorrected) event recorded making this lot. False for an input lot whose
    /// origin was never recorded: a gap an auditor must see.
    pub created: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Descendant {
    pub lot: LotKey,
    /// Shortest distance in steps from the traced lot (1 = made directly from it).
    pub depth: usize,
}

/// A place or party that held part of a lot: the business location of an event on the
/// lot or a descendant, or a destination it was shipped to.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// The identifier as recorded (SGLN URI, Digital Link with AI 414 or 417, PGLN …).
    pub id: String,
    /// How it is known: `bizLocation`, or `destination:<type>` (`owning_party`, …).
    pub via: Vec<String>,
    /// Which of the lot and its descendants it held, in trace order. Shared, since a
    /// lot is usually held at many places and a recall's forward trace is large.
    pub lots: Vec<Arc<LotKey>>,
    /// The events that say so.
    pub event_ids: Vec<String>,
    /// Earliest event time (as recorded) among those events.
    pub first_time: String,
}

/// Trace forward with the places reached.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Forward {
    pub descendants: Vec<Descendant>,
    /// Every location and party that held the lot or a descendant, first seen first.
    pub recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    parent: usize,
    /// Fraction of the child's mass from this parent, when quantities are known.
    fraction: Option<f64>,
}

/// An index of parent/child links between lots, built once from a set of events.
#[derive(Debug, Default)]
pub struct Genealogy<'a> {
    events: Vec<&'a Event>,
    ids: FxMap<LotKey, usize>,
    lots: Vec<LotKey>,
    parents: Vec<Vec<Edge>>,
    children: Vec<Vec<usize>>,
    /// Indices (into `events`) of the events that created each lot.
    creators: Vec<Vec<usize>>,
    /// Indices of every event naming each lot, in any role.
    named_by: Vec<Vec<usize>>,
}

/// Asks the processor to start loading the cache line at `p` (a hint: never faults, no
/// effect on results). Tracing is bound by memory latency, not by computation.
#[inline(always)]
fn prefetch(p: *const u8) {
    // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never dereferences
    // its address (any address is allowed, it cannot fault).
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// How every CBV 2.0 hash ID starts.
const HASH_ID_PREFIX: &str = "ni:///sha-256;";

/// The ID an event is known by: its eventID, else its CBV 2.0 hash ID.
pub fn effective_event_id(event: &Event) -> String {
    event
        .event_id()
        .map(str::to_string)
        .unwrap_or_else(|| event.hash_id())
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
        let mut resolved: FxMap<&'a str, Option<usize>> = FxMap::default();
        // Per lot created by several events: (event index, quantity, uom) of each run.
        let mut runs: FxMap<usize, Vec<Run<'a>>> = FxMap::default();
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

    /// Every ancestor with its mass share, nearest first. A lot reached by two paths
    /// appears once, with the shares of both paths added.
    pub fn trace_back(&self, lot: &LotKey) -> Result<Vec<Ancestor>, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Vec::new());
        };
        // Children before parents; also detects cycles.
        let order = self.topo_order(start, |i, k| self.parents[i].get(k).map(|e| e.parent))?;
        const UNSEEN: usize = usize::MAX;
        let n = self.lots.len();
        let mut share: Vec<Option<f64>> = vec![Some(0.0); n];
        let mut depth: Vec<usize> = vec![UNSEEN; n];
        let mut via: Vec<Vec<usize>> = vec![Vec::new(); n];
        share[start] = Some(1.0);
        depth[start] = 0;
        for &node in &order {
            let node_share = share[node];
            let node_depth = depth[node];
            for edge in &self.parents[node] {
                let p = edge.parent;
                share[p] = match (share[p], node_share, edge.fraction) {
                    (Some(a), Some(s), Some(f)) => Some(a + s * f),
                    _ => None,
                };
                depth[p] = depth[p].min(node_depth.saturating_add(1));
                if !via[p].contains(&node) {
                    via[p].push(node);
                }
            }
        }
        let mut out: Vec<Ancestor> = order
            .iter()
            .filter(|&&i| i != start)
            .map(|&i| {
                let mut children: Vec<LotKey> =
                    via[i].iter().map(|&c| self.lots[c].clone()).collect();
                children.sort();
                Ancestor {
                    lot: self.lots[i].clone(),
                    share: share[i],
                    depth: depth[i],
                    children,
                    created: !self.creators[i].is_empty(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.lot.cmp(&b.lot)));
        Ok(out)
    }

    /// Every lot made (directly or not) from this one, nearest first.
    pub fn trace_forward(&self, lot: &LotKey) -> Result<Vec<Descendant>, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Vec::new());
        };
        Ok(self
            .forward_ids(start)?
            .into_iter()
            .filter(|&(i, _)| i != start)
            .map(|(i, depth)| Descendant {
                lot: self.lots[i].clone(),
                depth,
            })
            .collect())
    }

    /// The lot itself (depth 0) and its descendants, nearest first, as (index, depth).
    fn forward_ids(&self, start: usize) -> Result<Vec<(usize, usize)>, GenealogyError> {
        self.topo_order(start, |i, k| self.children[i].get(k).copied())?;
        let mut depth: Vec<usize> = vec![usize::MAX; self.lots.len()];
        depth[start] = 0;
        let mut found = vec![(start, 0usize)];
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let d = depth[node];
            for &c in &self.children[node] {
                if depth[c] == usize::MAX {
                    depth[c] = d + 1;
                    found.push((c, d + 1));
                    queue.push_back(c);
                }
            }
        }
        found.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| self.lots[a.0].cmp(&self.lots[b.0]))
        });
        Ok(found)
    }

    /// Trace forward plus every business location and destination that held the lot or
    /// any descendant: who must be told in a recall.
    ///
    /// Cost: each event on the way is read once, in passes that each touch one part of
    /// it (its fields, its time, its places, its ID): reading events dominates, and short
    /// passes let the processor fetch many at once. An event's places are interned on
    /// its first visit and reused on later ones, and its ID is made once (a hash for an
    /// event without eventID), however many places list it.
    pub fn forward(&self, lot: &LotKey) -> Result<Forward, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Forward::default());
        };
        let found = self.forward_ids(start)?;
        type Utc = Option<chrono::DateTime<chrono::Utc>>;
        const UNVISITED: u32 = u32::MAX;
        // Pass 1, on the index only: the events in first-visit order, and every
        // (lot, visit) pair in trace order.
        let mut visit_of: Vec<u32> = vec![UNVISITED; self.events.len()];
        let mut order: Vec<usize> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(found.len() * 4);
        for &(lot_id, _) in &found {
            for &e in &self.named_by[lot_id] {
                if visit_of[e] == UNVISITED {
                    visit_of[e] = order.len() as u32;
                    order.push(e);
                }
                pairs.push((lot_id as u32, visit_of[e]));
            }
        }
        drop(visit_of);
        // Pass 2: the fields of each visited event.
        struct Fields<'e> {
            time: &'e str,
            biz_location: Option<&'e str>,
            destinations: &'e [crate::epcis::Destination],
            event_id: Option<&'e str>,
        }
        const AHEAD: usize = 16;
        let fields: Vec<Fields<'a>> = order
            .iter()
            .enumerate()
            .map(|(v, &e)| {
                if let Some(&ahead) = order.get(v + AHEAD) {
                    prefetch(self.events[ahead] as *const Event as *const u8);
                }
                let event = self.events[e];
                Fields {
                    time: event.event_time(),
                    biz_location: event.biz_location(),
                    destinations: event.destination_list(),
                    event_id: event.event_id(),
                }
            })
            .collect();
        // Pass 3: event times (unparseable ones sort after every real one).
        let times: Vec<Utc> = (0..fields.len())
            .map(|v| {
                if let Some(ahead) = fields.get(v + AHEAD) {
                    prefetch(ahead.time.as_ptr());
                }
                parse_time_fast(fields[v].time)
            })
            .collect();
        // Pass 4: each event's places, interned in first-visit order, as (place,
        // destination type or None for bizLocation); `spans[v]..spans[v + 1]` are
        // visit v's in `visit_places`.
        struct Acc<'e> {
            id: &'e str,
            biz_location: bool,
            dest_types: Vec<&'e str>,
            lots: Vec<u32>,
            events: Vec<u32>,
            first: (Utc, usize),
        }
        let mut at: FxMap<&'a str, u32> = FxMap::default();
        let mut places: Vec<Acc<'a>> = Vec::new();
        let mut visit_places: Vec<(u32, Option<&'a str>)> = Vec::with_capacity(order.len() * 2);
        let mut spans: Vec<u32> = Vec::with_capacity(order.len() + 1);
        spans.push(0);
        for (v, f) in fields.iter().enumerate() {
            if let Some(ahead) = fields.get(v + AHEAD) {
                if let Some(l) = ahead.biz_location {
                    prefetch(l.as_ptr());
                }
                if let Some(d) = ahead.destinations.first() {
                    prefetch(d.destination.as_ptr());
                }
            }
            let dests = f
                .destinations
                .iter()
                .map(|d| (d.destination.as_str(), Some(d.destination_type.as_str())));
            for (place, dest_type) in f.biz_location.map(|l| (l, None)).into_iter().chain(dests) {
                if place.trim().is_empty() {
                    continue;
                }
                let r = *at.entry(place).or_insert_with(|| {
                    places.push(Acc {
                        id: place,
                        biz_location: false,
                        dest_types: Vec::new(),
                        lots: Vec::new(),
                        events: Vec::new(),
                        first: (times[v], order[v]),
                    });
                    (places.len() - 1) as u32
                });
                visit_places.push((r, dest_type));
            }
            spans.push(visit_places.len() as u32);
        }
        // Pass 5: per (lot, visit) pair, on compact data only. On its first visit an
        // event's places get the event (once) and the lot; later visits (the same event
        // naming another descendant) only add the lot. Lots are visited one after
        // another, so a repeated lot is always the last one pushed.
        let mut uses: Vec<u32> = vec![0; order.len()];
        let mut seen: Vec<bool> = vec![false; order.len()];
        for &(lot, v) in &pairs {
            let vi = v as usize;
            let span = &visit_places[spans[vi] as usize..spans[vi + 1] as usize];
            let first_visit = !std::mem::replace(&mut seen[vi], true);
            for &(r, dest_type) in span {
                let acc = &mut places[r as usize];
                match dest_type {
                    None => acc.biz_location = true,
                    Some(ty) if !acc.dest_types.contains(&ty) => acc.dest_types.push(ty),
                    Some(_) => {}
                }
                if acc.lots.last() != Some(&lot) {
                    acc.lots.push(lot);
                }
                if !first_visit || acc.events.last() == Some(&v) {
                    continue;
                }
                acc.events.push(v);
                uses[vi] += 1;
                let t = times[vi];
                let earlier = match (t, acc.first.0) {
                    (Some(a), Some(b)) => a < b,
                    (Some(_), None) => true,
                    _ => false,
                };
                if earlier {
                    acc.first = (t, order[vi]);
                }
            }
        }
        // Pass 6: the ID of every event some place lists, made once; cloned for every
        // place but the last, which takes it.
        let mut ids: Vec<String> = (0..fields.len())
            .map(|v| {
                if let Some(id) = fields.get(v + AHEAD).and_then(|f| f.event_id) {
                    prefetch(id.as_ptr());
                }
                match (uses[v], fields[v].event_id) {
                    (0, _) => String::new(),
                    (_, Some(id)) => id.to_string(),
                    (_, None) => self.events[order[v]].hash_id(),
                }
            })
            .collect();
        let mut shared: Vec<Option<Arc<LotKey>>> = vec![None; self.lots.len()];
        let mut recipients: Vec<(Utc, Recipient)> =
            places
                .into_iter()
                .map(|acc| {
                    let mut via =
                        Vec::with_capacity(usize::from(acc.biz_location) + acc.dest_types.len());
                    if acc.biz_location {
                        via.push("bizLocation".to_string());
                    }
                    via.extend(acc.dest_types.iter().map(|t| format!("destination:{t}")));
                    let event_ids = acc
                        .events
                        .iter()
                        .map(|&v| {
                            let v = v as usize;
                            uses[v] -= 1;
                            if uses[v] == 0 {
                                std::mem::take(&mut ids[v])
                            } else {
                                ids[v].clone()
                            }
                        })
                        .collect();
                    (
                        acc.first.0,
                        Recipient {
                            id: acc.id.to_string(),
                            via,
                            lots: acc
                                .lots
                                .iter()
                                .map(|&l| {
                                    Arc::clone(shared[l as usize].get_or_insert_with(|| {
                                        Arc::new(self.lots[l as usize].clone())
                                    }))
                                })
                                .collect(),
                            event_ids,
                            first_time: self.events[acc.first.1].event_time().to_string(),
                        },
                    )
                })
                .collect();
        recipients.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let recipients: Vec<Recipient> = recipients.into_iter().map(|(_, r)| r).collect();
        Ok(Forward {
            descendants: found
                .into_iter()
                .filter(|&(i, _)| i != start)
                .map(|(i, depth)| Descendant {
                    lot: self.lots[i].clone(),
                    depth,
                })
                .collect(),
            recipients,
        })
    }

    /// Reverse post-order of the nodes reachable from `start` along `next(node, k)` (the
    /// k-th successor): every node comes after all nodes that lead to it. Iterative, so
    /// deep chains cannot overflow the stack; a back edge is a cycle.
    fn topo_order(
        &self,
        start: usize,
        next: impl Fn(usize, usize) -> Option<usize>,
    ) -> Result<Vec<usize>, GenealogyError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.lots.len()];
        let mut post = Vec::new();
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(top) = stack.last_mut() {
            let (node, k) = *top;
            match next(node, k) {
                Some(n) => {
                    top.1 += 1;
                    match mark[n] {
                        Mark::New => {
                            mark[n] = Mark::Open;
                            stack.push((n, 0));
                        }
                        Mark::Open => return Err(GenealogyError::Cycle(self.lots[n].key())),
                        Mark::Done => {}
                    }
                }
                None => {
                    mark[node] = Mark::Done;
                    post.push(node);
                    stack.pop();
                }
            }
        }
        post.reverse();
        Ok(post)
    }
}

/// `eventTime` as an instant: the same result as [`Event::event_time_utc`] (chrono's
/// RFC 3339 parser), several times faster for the plain form EPCIS documents use
/// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, up to nanoseconds); anything else
/// (lower-case `t`/`z`, a space, leap seconds, longer fractions, odd offsets) goes to chrono.
fn parse_time_fast(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    fast_rfc3339(s.as_bytes()).or_else(|| crate::epcis::vocab::parse_time(s))
}

fn fast_rfc3339(b: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    fn num(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = num(&b[0..4])?;
    let (month, day) = (num(&b[5..7])?, num(&b[8..10])?);
    let (hour, min, sec) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanos = num(&rest[1..=digits])? * 10u32.pow(9 - digits as u32);
        rest = &rest[1 + digits..];
    }
    let offset: i64 = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (oh, om) = (num(&[*h1, *h2])?, num(&[*m1, *m2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    let local = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?
        .and_hms_nano_opt(hour, min, sec, nanos)?;
    let utc = local.checked_sub_signed(chrono::TimeDelta::try_seconds(offset)?)?;
    Some(chrono::DateTime::from_naive_utc_and_offset(
        utc,
        chrono::Utc,
    ))
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

/// Shares per ancestor lot, for callers that only need the numbers.
pub fn shares(ancestors: &[Ancestor]) -> BTreeMap<LotKey, Option<f64>> {
    ancestors.iter().map(|a| (a.lot.clone(), a.share)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epcis::{Destination, Location, ObjectEvent, QuantityElement, TransformationEvent};

    /// The straightforward forward trace `forward` must agree with.
    impl Genealogy<'_> {
        fn forward_reference(&self, lot: &LotKey) -> Result<Forward, GenealogyError> {
            let Some(&start) = self.ids.get(lot) else {
                return Ok(Forward::default());
            };
            let found = self.forward_ids(start)?;
            // Per place: its accumulator; (place, event) pairs seen once. Lots are visited
            // one after another, so a repeated lot is always the last one pushed.
            type Utc = Option<chrono::DateTime<chrono::Utc>>;
            struct Acc<'e> {
                biz_location: bool,
                dest_types: Vec<&'e str>,
                lots: Vec<usize>,
                events: Vec<usize>,
                first: (Utc, usize),
            }
            let mut at: FxMap<&str, usize> = FxMap::default();
            let mut places: Vec<(&str, Acc)> = Vec::new();
            // An event's places get the event once, on its first visit; later visits (the
            // same event naming another descendant) only add the lot.
            let mut visited: Vec<bool> = vec![false; self.events.len()];
            for &(lot_id, _) in &found {
                for &e in &self.named_by[lot_id] {
                    let event = self.events[e];
                    let first_visit = !std::mem::replace(&mut visited[e], true);
                    let t = if first_visit {
                        event.event_time_utc()
                    } else {
                        None
                    };
                    let dests = event
                        .destination_list()
                        .iter()
                        .map(|d| (d.destination.as_str(), Some(d.destination_type.as_str())));
                    for (place, dest_type) in event
                        .biz_location()
                        .map(|l| (l, None))
                        .into_iter()
                        .chain(dests)
                    {
                        if place.trim().is_empty() {
                            continue;
                        }
                        let r = *at.entry(place).or_insert_with(|| {
                            places.push((
                                place,
                                Acc {
                                    biz_location: false,
                                    dest_types: Vec::new(),
                                    lots: Vec::new(),
                                    events: Vec::new(),
                                    first: (t, e),
                                },
                            ));
                            places.len() - 1
                        });
                        let acc = &mut places[r].1;
                        match dest_type {
                            None => acc.biz_location = true,
                            Some(ty) if !acc.dest_types.contains(&ty) => acc.dest_types.push(ty),
                            Some(_) => {}
                        }
                        if acc.lots.last() != Some(&lot_id) {
                            acc.lots.push(lot_id);
                        }
                        if !first_visit || acc.events.last() == Some(&e) {
                            continue;
                        }
                        acc.events.push(e);
                        // Unparseable times sort after every real one.
                        let earlier = match (t, acc.first.0) {
                            (Some(a), Some(b)) => a < b,
                            (Some(_), None) => true,
                            _ => false,
                        };
                        if earlier {
                            acc.first = (t, e);
                        }
                    }
                }
            }
            let mut recipients: Vec<(Option<chrono::DateTime<chrono::Utc>>, Recipient)> = places
                .into_iter()
                .map(|(id, acc)| {
                    (
                        acc.first.0,
                        Recipient {
                            id: id.to_string(),
                            via: acc
                                .biz_location
                                .then(|| "bizLocation".to_string())
                                .into_iter()
                                .chain(acc.dest_types.iter().map(|t| format!("destination:{t}")))
                                .collect(),
                            lots: acc
                                .lots
                                .iter()
                                .map(|&l| Arc::new(self.lots[l].clone()))
                                .collect(),
                            event_ids: acc
                                .events
                                .iter()
                                .map(|&e| effective_event_id(self.events[e]))
                                .collect(),
                            first_time: self.events[acc.first.1].event_time().to_string(),
                        },
                    )
                })
                .collect();
            recipients.sort_by(|a, b| match (a.0, b.0) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
            let recipients: Vec<Recipient> = recipients.into_iter().map(|(_, r)| r).collect();
            Ok(Forward {
                descendants: found
                    .into_iter()
                    .filter(|&(i, _)| i != start)
                    .map(|(i, depth)| Descendant {
                        lot: self.lots[i].clone(),
                        depth,
                    })
                    .collect(),
                recipients,
            })
        }
    }

    #[test]
    fn fast_time_parse_agrees_with_chrono() {
        let cases = [
            "2026-11-16T08:00:00+09:00",
            "2026-11-16T08:00:00Z",
            "2026-11-16T08:00:00.5Z",
            "2026-11-16T08:00:00.123456789-03:30",
            "2026-11-16T08:00:00.1234567891Z",
            "2026-11-16T08:00:00.Z",
            "2026-11-16t08:00:00z",
            "2026-11-16 08:00:00Z",
            "2026-02-29T08:00:00Z",
            "2024-02-29T08:00:00Z",
            "2026-13-01T08:00:00Z",
            "2026-11-31T08:00:00Z",
            "2026-11-16T24:00:00Z",
            "2026-11-16T23:59:60Z",
            "2026-11-16T23:60:00Z",
            "2026-11-16T08:00:00-00:00",
            "2026-11-16T08:00:00+23:59",
            "2026-11-16T08:00:00+24:00",
            "2026-11-16T08:00:00+0900",
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "2026-11-16T08:00:00",
            "2026-1-16T08:00:00Z",
            "+026-11-16T08:00:00Z",
            "2026-11-16T08:00:00Z ",
            "",
        ];
        for s in cases {
            assert_eq!(
                parse_time_fast(s),
                crate::epcis::vocab::parse_time(s),
                "{s}"
            );
        }
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn lot(i: usize) -> LotKey {
        LotKey::Gtin {
            gtin: "08801234000208".into(),
            lot: format!("L{i}"),
        }
    }

    /// Random chains with odd times, events without eventID, blank places, a place
    /// that is both bizLocation and destination, repeated destination types.
    fn random_events(rng: &mut Rng, lots: usize) -> Vec<Event> {
        const TIMES: [&str; 6] = [
            "2026-11-16T08:00:00+09:00",
            "2026-11-15T23:00:00Z",
            "2026-11-16T08:00:00.25+09:00",
            "not a time",
            "2026-11-16t00:00:00z",
            "2026-11-14T08:00:00-05:00",
        ];
        const PLACES: [&str; 5] = ["urn:p:a", "urn:p:b", "  ", "urn:p:c", "urn:p:d"];
        const TYPES: [&str; 2] = ["owning_party", "location"];
        let mut events = Vec::new();
        let place = |rng: &mut Rng| Location::new(PLACES[rng.below(PLACES.len())].to_string());
        for l in 0..lots {
            let time = TIMES[rng.below(TIMES.len())].to_string();
            let event_id = (rng.below(3) > 0).then(|| format!("urn:uuid:e-{l}"));
            let biz_location = (rng.below(4) > 0).then(|| place(rng));
            let destination_list = (rng.below(2) == 0).then(|| {
                (0..1 + rng.below(3))
                    .map(|_| Destination {
                        destination_type: TYPES[rng.below(2)].into(),
                        destination: PLACES[rng.below(PLACES.len())].into(),
                    })
                    .collect()
            });
            let class = |i: usize| lot(i).epc_class_uri();
            if l < 3 || rng.below(4) == 0 {
                events.push(Event::ObjectEvent(ObjectEvent {
                    event_time: time,
                    event_time_zone_offset: "+09:00".into(),
                    event_id,
                    quantity_list: Some(vec![QuantityElement::kg(class(l), 10.0)]),
                    action: if rng.below(3) == 0 {
                        Action::Observe
                    } else {
                        Action::Add
                    },
                    biz_location,
                    destination_list,
                    ..Default::default()
                }));
            } else {
                let inputs = (0..1 + rng.below(3))
                    .map(|_| QuantityElement::kg(class(rng.below(l)), 5.0))
                    .collect();
                events.push(Event::TransformationEvent(TransformationEvent {
                    event_time: time,
                    event_time_zone_offset: "+09:00".into(),
                    event_id,
                    input_quantity_list: Some(inputs),
                    output_quantity_list: Some(vec![QuantityElement::kg(class(l), 5.0)]),
                    biz_location,
                    destination_list,
                    ..Default::default()
                }));
            }
            // Observations of earlier lots (shipping, receiving).
            for _ in 0..rng.below(3) {
                events.push(Event::ObjectEvent(ObjectEvent {
                    event_time: TIMES[rng.below(TIMES.len())].to_string(),
                    event_time_zone_offset: "+09:00".into(),
                    event_id: (rng.below(2) == 0).then(|| format!("urn:uuid:o-{}", events.len())),
                    quantity_list: Some(vec![QuantityElement::kg(class(rng.below(l + 1)), 1.0)]),
                    action: Action::Observe,
                    biz_location: (rng.below(3) > 0).then(|| place(rng)),
                    destination_list: (rng.below(2) == 0).then(|| {
                        vec![Destination {
                            destination_type: TYPES[rng.below(2)].into(),
                            destination: PLACES[rng.below(PLACES.len())].into(),
                        }]
                    }),
                    ..Default::default()
                }));
            }
        }
        events
    }

    #[test]
    fn forward_agrees_with_the_straightforward_version() {
        for seed in 1..60u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let lots = 2 + rng.below(25);
            let events = random_events(&mut rng, lots);
            let g = Genealogy::from_events(events.iter());
            for l in 0..lots {
                assert_eq!(
                    g.forward(&lot(l)),
                    g.forward_reference(&lot(l)),
                    "seed {seed}, lot {l}"
                );
            }
        }
    }
}
