//! Trace forward with the places reached: every business location and destination that
//! held a lot or a descendant, i.e. who must be told in a recall.

use super::index::Genealogy;
use super::prefetch::prefetch;
use super::results::{Descendant, Forward, GenealogyError, Recipient};
use super::time::parse_time_fast;
use crate::codes::LotKey;
use crate::epcis::Event;
use rustc_hash::FxHashMap;
use std::sync::Arc;

impl<'a> Genealogy<'a> {
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
        let mut at: FxHashMap<&'a str, u32> = FxHashMap::default();
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epcis::{
        Action, Destination, Location, ObjectEvent, QuantityElement, TransformationEvent,
    };
    use crate::genealogy::effective_event_id;

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
            let mut at: FxHashMap<&str, usize> = FxHashMap::default();
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
