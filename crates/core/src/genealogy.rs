//! Lot genealogy: which lots a lot was made from (trace back, 역추적) and which lots were
//! made from it (trace forward), from the input→output correspondence that merge, split
//! and process events record (guideline I.6.3).
//!
//! Edges come from events: every input lot of an event is a parent of every output lot.
//! Each parent's share of a child's mass is its input quantity over the event's total
//! input, so shares multiply along a path and add up across paths. Events declared
//! erroneous by a later `errorDeclaration` are left out.

use crate::codes::LotKey;
use crate::epcis::Event;
use std::collections::{BTreeMap, BTreeSet};

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
        let lots = |list: Vec<crate::epcis::QuantityElement>| -> Vec<(LotKey, Option<f64>)> {
            list.into_iter()
                .filter_map(|q| LotKey::from_epc_uri(&q.epc_class).map(|k| (k, q.quantity)))
                .collect()
        };
        let outputs = lots(event.output_classes());
        let mut inputs = lots(event.input_classes());
        let mut observed = Vec::new();
        // An OBSERVE ObjectEvent "consumes" nothing: what it lists is only observed.
        if !matches!(event, Event::TransformationEvent(_)) {
            observed = inputs.drain(..).map(|(k, _)| k).collect();
        }
        for epc in event.all_epcs() {
            if let Some(k) = LotKey::from_epc_uri(epc) {
                if !observed.contains(&k) {
                    observed.push(k);
                }
            }
        }
        EventLinks {
            inputs,
            outputs,
            observed,
        }
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
    /// quantity on the way was not recorded).
    pub share: Option<f64>,
    /// Distance in steps from the traced lot (1 = direct parent).
    pub depth: usize,
    /// The lots this ancestor went into directly, on the way to the traced lot.
    pub children: Vec<LotKey>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Descendant {
    pub lot: LotKey,
    pub depth: usize,
}

#[derive(Debug, Clone, Default)]
struct Edge {
    parent: usize,
    /// Fraction of the child's mass from this parent, when quantities are known.
    fraction: Option<f64>,
}

/// An index of parent/child links between lots, built once from a set of events.
#[derive(Debug, Default)]
pub struct Genealogy {
    ids: BTreeMap<LotKey, usize>,
    lots: Vec<LotKey>,
    parents: Vec<Vec<Edge>>,
    children: Vec<Vec<usize>>,
}

impl Genealogy {
    /// Builds the index; `corrected` holds the IDs of events a later errorDeclaration
    /// retracted (see [`corrected_event_ids`]).
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Genealogy {
        let mut g = Genealogy::default();
        let events: Vec<&Event> = events.into_iter().collect();
        let retracted = corrected_event_ids(events.iter().copied());
        for event in events {
            if event.error_declaration().is_some() || event.event_id().is_some_and(|id| retracted.contains(id)) {
                continue;
            }
            let links = EventLinks::of(event);
            if links.inputs.is_empty() || links.outputs.is_empty() {
                continue;
            }
            let total: Option<f64> = links.inputs.iter().map(|(_, q)| *q).sum();
            for (out, _) in &links.outputs {
                let child = g.id(out);
                for (input, q) in &links.inputs {
                    let parent = g.id(input);
                    let fraction = match (q, total) {
                        (Some(q), Some(t)) if t > 0.0 => Some(q / t),
                        _ => None,
                    };
                    g.parents[child].push(Edge { parent, fraction });
                    if !g.children[parent].contains(&child) {
                        g.children[parent].push(child);
                    }
                }
            }
        }
        g
    }

    fn id(&mut self, lot: &LotKey) -> usize {
        if let Some(&i) = self.ids.get(lot) {
            return i;
        }
        let i = self.lots.len();
        self.ids.insert(lot.clone(), i);
        self.lots.push(lot.clone());
        self.parents.push(Vec::new());
        self.children.push(Vec::new());
        i
    }

    pub fn parents_of(&self, lot: &LotKey) -> Vec<&LotKey> {
        self.ids
            .get(lot)
            .map(|&i| self.parents[i].iter().map(|e| &self.lots[e.parent]).collect())
            .unwrap_or_default()
    }

    /// Every ancestor with its mass share, nearest first. A lot reached by two paths
    /// appears once, with the shares of both paths added.
    pub fn trace_back(&self, lot: &LotKey) -> Result<Vec<Ancestor>, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Vec::new());
        };
        // Topological order of the ancestor sub-graph (children before parents), which
        // also detects cycles.
        let order = self.topo_order(start, |i| self.parents[i].iter().map(|e| e.parent).collect())?;
        let mut share: BTreeMap<usize, Option<f64>> = BTreeMap::new();
        let mut depth: BTreeMap<usize, usize> = BTreeMap::new();
        let mut via: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        share.insert(start, Some(1.0));
        depth.insert(start, 0);
        for &node in &order {
            let node_share = share.get(&node).copied().flatten();
            let node_depth = depth.get(&node).copied().unwrap_or(0);
            for edge in &self.parents[node] {
                let add = match (node_share, edge.fraction) {
                    (Some(s), Some(f)) => Some(s * f),
                    _ => None,
                };
                let entry = share.entry(edge.parent).or_insert(Some(0.0));
                *entry = match (*entry, add) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                let d = depth.entry(edge.parent).or_insert(usize::MAX);
                *d = (*d).min(node_depth + 1);
                via.entry(edge.parent).or_default().insert(node);
            }
        }
        let mut out: Vec<Ancestor> = order
            .iter()
            .filter(|&&i| i != start)
            .map(|&i| Ancestor {
                lot: self.lots[i].clone(),
                share: share.get(&i).copied().flatten(),
                depth: depth.get(&i).copied().unwrap_or(0),
                children: via
                    .get(&i)
                    .map(|s| s.iter().map(|&c| self.lots[c].clone()).collect())
                    .unwrap_or_default(),
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
        self.topo_order(start, |i| self.children[i].clone())?;
        let mut depth: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([(start, 0usize)]);
        while let Some((node, d)) = queue.pop_front() {
            for &c in &self.children[node] {
                if c != start && !depth.contains_key(&c) {
                    depth.insert(c, d + 1);
                    queue.push_back((c, d + 1));
                }
            }
        }
        let mut out: Vec<Descendant> = depth
            .into_iter()
            .map(|(i, depth)| Descendant {
                lot: self.lots[i].clone(),
                depth,
            })
            .collect();
        out.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.lot.cmp(&b.lot)));
        Ok(out)
    }

    /// Reverse post-order of the nodes reachable from `start` along `next`: every node
    /// comes after all nodes that lead to it. Iterative, so deep chains cannot overflow
    /// the stack; a back edge is a cycle.
    fn topo_order(&self, start: usize, next: impl Fn(usize) -> Vec<usize>) -> Result<Vec<usize>, GenealogyError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.lots.len()];
        let mut post = Vec::new();
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, next(start))];
        mark[start] = Mark::Open;
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(n) => match mark[n] {
                    Mark::New => {
                        mark[n] = Mark::Open;
                        let succ = next(n);
                        stack.push((n, succ));
                    }
                    Mark::Open => return Err(GenealogyError::Cycle(self.lots[n].key())),
                    Mark::Done => {}
                },
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

/// IDs of events that a later event's `errorDeclaration` retracted. In EPCIS 2.0 the
/// correction itself carries the declaration and repeats the erroneous event's content;
/// here an event carrying an errorDeclaration with the same eventID retracts it.
pub fn corrected_event_ids<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeSet<String> {
    events
        .into_iter()
        .filter(|e| e.error_declaration().is_some())
        .filter_map(|e| e.event_id().map(str::to_string))
        .collect()
}

/// Where events come from when tracing: the server's storage, or a slice in tests.
pub trait EventSource {
    type Error;
    /// Every event that names any of these lots, in any role.
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, Self::Error>;
}

/// Fetches every event a lot's trace needs: the events of the lot and of all its
/// ancestors (walking inputs backwards), and the events that made its descendants
/// (walking outputs forwards). Sibling lots of a split are not followed, so a pack's
/// trace does not pull in every other pack of the same fish. Each event is returned once.
pub fn collect_connected<S: EventSource>(source: &mut S, lot: &LotKey) -> Result<Vec<Event>, S::Error> {
    let mut back: BTreeSet<LotKey> = BTreeSet::from([lot.clone()]);
    let mut forward: BTreeSet<LotKey> = BTreeSet::from([lot.clone()]);
    let mut frontier: Vec<LotKey> = vec![lot.clone()];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for event in source.events_naming(&frontier)? {
            let id = event.event_id().map(str::to_string).unwrap_or_else(|| event.hash_id());
            if !seen.insert(id) {
                continue;
            }
            let links = EventLinks::of(&event);
            if links.outputs.iter().any(|(k, _)| back.contains(k)) {
                for (k, _) in &links.inputs {
                    if back.insert(k.clone()) {
                        next.push(k.clone());
                    }
                }
            }
            if links.inputs.iter().any(|(k, _)| forward.contains(k)) {
                for (k, _) in &links.outputs {
                    if forward.insert(k.clone()) {
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
