//! One bad edge must not take a whole chain's traces down. [`CycleGuard`] adds events'
//! input→output edges one at a time and refuses the edge that would make a lot its own
//! ancestor; capture uses it to refuse such an event, and the trace uses it to set
//! aside, and name, any stored event that closes a cycle while showing the rest.

use crate::codes::LotKey;
use crate::epcis::Event;
use crate::genealogy::{effective_event_id, EventLinks, Genealogy};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An event whose edges would close a cycle: `output` is already an ancestor of `input`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosesCycle {
    pub input: LotKey,
    pub output: LotKey,
}

/// Parent→child edges added so far, without a cycle.
#[derive(Debug, Default)]
pub struct CycleGuard {
    children: HashMap<LotKey, Vec<LotKey>>,
}

impl CycleGuard {
    /// Adds the event's edges, or none of them when one would close a cycle.
    pub fn add(&mut self, event: &Event) -> Result<(), ClosesCycle> {
        if event.error_declaration().is_some() {
            return Ok(());
        }
        let links = EventLinks::of(event);
        for (output, _) in &links.outputs {
            for (input, _) in &links.inputs {
                // Processing in place (same lot in and out) is not an edge.
                if input != output && self.reaches(output, input) {
                    return Err(ClosesCycle {
                        input: input.clone(),
                        output: output.clone(),
                    });
                }
            }
        }
        for (output, _) in &links.outputs {
            for (input, _) in &links.inputs {
                if input != output {
                    let kids = self.children.entry(input.clone()).or_default();
                    if !kids.contains(output) {
                        kids.push(output.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `to` is `from` or one of its descendants.
    fn reaches(&self, from: &LotKey, to: &LotKey) -> bool {
        let mut stack = vec![from];
        let mut seen: HashSet<&LotKey> = HashSet::new();
        while let Some(lot) = stack.pop() {
            if lot == to {
                return true;
            }
            if !seen.insert(lot) {
                continue;
            }
            if let Some(kids) = self.children.get(lot) {
                stack.extend(kids.iter());
            }
        }
        false
    }
}

/// A stored event the trace leaves out because it would make a lot its own ancestor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAsideEvent {
    pub event_id: String,
    /// Why, in the trace's language.
    pub reason: String,
}

/// The events with every cycle-closing event left out (taken in event-time order, so
/// the later event of a cycle is the one set aside), and the ones left out. When the
/// lot's genealogy has no cycle, the events are returned as they are, at the cost of
/// one index build.
pub fn without_cycles(
    lot: &LotKey,
    events: &[Event],
    lang: Lang,
) -> (Vec<Event>, Vec<SetAsideEvent>) {
    let index = Genealogy::from_events(events.iter());
    if index.trace_back(lot).is_ok() && index.trace_forward(lot).is_ok() {
        return (events.to_vec(), Vec::new());
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_cached_key(|&i| (events[i].event_time_utc(), i));
    let mut guard = CycleGuard::default();
    let mut keep = vec![true; events.len()];
    let mut set_aside = Vec::new();
    for i in order {
        if let Err(c) = guard.add(&events[i]) {
            keep[i] = false;
            set_aside.push(SetAsideEvent {
                event_id: effective_event_id(&events[i]),
                reason: lang.pick(
                    &format!(
                        "{}을(를) {}에서 만들었다는 기록은 제외했습니다: {}은(는) 이미 {}의 원료입니다(순환 기록).",
                        c.output.element_string(),
                        c.input.element_string(),
                        c.output.element_string(),
                        c.input.element_string()
                    ),
                    &format!(
                        "Left out: this record makes {} from {}, but {} already went into {} (the records would form a loop).",
                        c.output.element_string(),
                        c.input.element_string(),
                        c.output.element_string(),
                        c.input.element_string()
                    ),
                    &format!(
                        "已略去：该记录称 {} 由 {} 制成，但 {} 已是 {} 的原料（记录成环）。",
                        c.output.element_string(),
                        c.input.element_string(),
                        c.output.element_string(),
                        c.input.element_string()
                    ),
                ),
            });
        }
    }
    let kept = events
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(e, _)| e.clone())
        .collect();
    (kept, set_aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transform(id: &str, time: &str, from: &LotKey, to: &LotKey) -> Event {
        serde_json::from_value(serde_json::json!({
            "type": "TransformationEvent",
            "eventID": id,
            "eventTime": time,
            "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [{ "epcClass": from.epc_class_uri(), "quantity": 1.0, "uom": "KGM" }],
            "outputQuantityList": [{ "epcClass": to.epc_class_uri(), "quantity": 1.0, "uom": "KGM" }]
        }))
        .expect("event")
    }

    fn lot(l: &str) -> LotKey {
        LotKey::Gtin {
            gtin: "08801234000208".into(),
            lot: l.into(),
        }
    }

    #[test]
    fn the_edge_closing_a_loop_is_refused_and_the_rest_kept() {
        let (a, b, c) = (lot("A"), lot("B"), lot("C"));
        let mut guard = CycleGuard::default();
        assert!(guard
            .add(&transform("1", "2026-01-01T00:00:00+09:00", &a, &b))
            .is_ok());
        assert!(guard
            .add(&transform("2", "2026-01-02T00:00:00+09:00", &b, &c))
            .is_ok());
        let refused = guard
            .add(&transform("3", "2026-01-03T00:00:00+09:00", &c, &a))
            .expect_err("closes a loop");
        assert_eq!((refused.input, refused.output), (c, a));
    }

    #[test]
    fn a_trace_with_a_loop_sets_the_later_event_aside() {
        let (a, b) = (lot("A"), lot("B"));
        let events = vec![
            transform("late", "2026-01-05T00:00:00+09:00", &b, &a),
            transform("early", "2026-01-01T00:00:00+09:00", &a, &b),
        ];
        let (kept, aside) = without_cycles(&b, &events, Lang::En);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].event_id(), Some("early"));
        assert_eq!(aside.len(), 1);
        assert_eq!(aside[0].event_id, "late");
        assert!(aside[0].reason.contains("loop"), "{}", aside[0].reason);
    }
}
