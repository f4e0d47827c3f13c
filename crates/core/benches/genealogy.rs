//! Genealogy on a generated chain of 10,000 lots and 50,000 events: building the index,
//! a full trace back of a late lot and a full trace forward (with every place reached)
//! of an early one. Target: each trace under 50 ms natively.

use criterion::{criterion_group, criterion_main, Criterion};
use lottrace_core::codes::LotKey;
use lottrace_core::epcis::{
    Action, Destination, Event, Location, ObjectEvent, QuantityElement, TransformationEvent,
};
use lottrace_core::genealogy::Genealogy;
use std::hint::black_box;

const LOTS: usize = 10_000;
const EVENTS: usize = 50_000;
const ROOTS: usize = 1_000;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64: deterministic, so every run measures the same chain.
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn lot(i: usize) -> LotKey {
    LotKey::Gtin {
        gtin: "08801234000208".into(),
        lot: format!("B{i:05}"),
    }
}

fn place(i: usize) -> String {
    format!("urn:epc:id:sgln:8801234.{:05}.0", i % 500)
}

/// Farm lots first, then merges and splits of recent lots, then shipping and receiving.
fn chain() -> Vec<Event> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let classes: Vec<String> = (0..LOTS).map(|i| lot(i).epc_class_uri()).collect();
    let mut events = Vec::with_capacity(EVENTS);
    let time = "2026-11-16T08:00:00+09:00".to_string();
    for (i, class) in classes.iter().enumerate().take(ROOTS) {
        events.push(Event::ObjectEvent(ObjectEvent {
            event_time: time.clone(),
            event_time_zone_offset: "+09:00".into(),
            event_id: Some(format!("urn:uuid:root-{i}")),
            quantity_list: Some(vec![QuantityElement::kg(class.clone(), 400.0)]),
            action: Action::Add,
            biz_step: Some("commissioning".into()),
            biz_location: Some(Location::new(place(i))),
            ..Default::default()
        }));
    }
    let mut next = ROOTS;
    while next < LOTS {
        let outs = if rng.below(3) == 0 { 2 } else { 1 }.min(LOTS - next);
        let ins = 1 + rng.below(3);
        let window = next.min(300);
        let inputs: Vec<QuantityElement> = (0..ins)
            .map(|_| {
                QuantityElement::kg(
                    classes[next - 1 - rng.below(window)].clone(),
                    10.0 + rng.below(90) as f64,
                )
            })
            .collect();
        let outputs: Vec<QuantityElement> = (0..outs)
            .map(|k| QuantityElement::kg(classes[next + k].clone(), 50.0))
            .collect();
        events.push(Event::TransformationEvent(TransformationEvent {
            event_time: time.clone(),
            event_time_zone_offset: "+09:00".into(),
            event_id: Some(format!("urn:uuid:t-{next}")),
            input_quantity_list: Some(inputs),
            output_quantity_list: Some(outputs),
            biz_step: Some("urn:gdst:bizStep:commingling".into()),
            biz_location: Some(Location::new(place(next))),
            ..Default::default()
        }));
        next += outs;
    }
    let mut n = 0;
    while events.len() < EVENTS {
        let l = rng.below(LOTS);
        let ship = n % 2 == 0;
        events.push(Event::ObjectEvent(ObjectEvent {
            event_time: time.clone(),
            event_time_zone_offset: "+09:00".into(),
            event_id: Some(format!("urn:uuid:o-{n}")),
            quantity_list: Some(vec![QuantityElement::kg(classes[l].clone(), 50.0)]),
            action: Action::Observe,
            biz_step: Some(if ship { "shipping" } else { "receiving" }.into()),
            biz_location: Some(Location::new(place(l + n))),
            destination_list: ship.then(|| {
                vec![Destination {
                    destination_type: "owning_party".into(),
                    destination: place(l + n + 1),
                }]
            }),
            ..Default::default()
        }));
        n += 1;
    }
    events
}

fn bench(c: &mut Criterion) {
    let events = chain();
    assert_eq!(events.len(), EVENTS);
    let g = Genealogy::from_events(events.iter());
    assert_eq!(g.lot_count(), LOTS);
    let late = lot(LOTS - 1);
    // The farm lot with the most descendants: the heaviest forward trace.
    let early = (ROOTS - 300..ROOTS)
        .map(lot)
        .max_by_key(|l| g.trace_forward(l).map(|d| d.len()).unwrap_or(0))
        .unwrap_or_else(|| lot(0));
    let t = std::time::Instant::now();
    let parsed = events
        .iter()
        .flat_map(|e| e.quantity_elements())
        .take(20_000)
        .filter_map(|q| LotKey::from_epc_uri(&q.epc_class))
        .count();
    eprintln!("parsing {parsed} epc URIs: {:?}", t.elapsed());
    let back = g.trace_back(&late).expect("a DAG");
    let forward = g.forward(&early).expect("a DAG");
    eprintln!(
        "chain: {} lots, {} events; trace back of {} reaches {} lots; forward of {} reaches {} lots and {} places",
        g.lot_count(),
        events.len(),
        late.key(),
        back.len(),
        early.key(),
        forward.descendants.len(),
        forward.recipients.len()
    );
    let forward = g.forward(&early).expect("a DAG");
    eprintln!(
        "forward of the busiest farm lot: {} descendants, {} places, {} (place, lot) and {} (place, event) pairs",
        forward.descendants.len(),
        forward.recipients.len(),
        forward.recipients.iter().map(|r| r.lots.len()).sum::<usize>(),
        forward.recipients.iter().map(|r| r.event_ids.len()).sum::<usize>()
    );
    let t = std::time::Instant::now();
    let copies: usize = forward
        .recipients
        .iter()
        .map(|r| r.lots.clone().len() + r.event_ids.clone().len())
        .sum();
    eprintln!(
        "copying the forward result ({copies} keys and IDs): {:?}",
        t.elapsed()
    );
    let mut group = c.benchmark_group("genealogy_10k_lots_50k_events");
    group.sample_size(20);
    group.bench_function("build_index", |b| {
        b.iter(|| Genealogy::from_events(black_box(&events).iter()).lot_count())
    });
    group.bench_function("trace_back_full", |b| {
        b.iter(|| g.trace_back(black_box(&late)).map(|a| a.len()))
    });
    group.bench_function("trace_forward_full", |b| {
        b.iter(|| g.trace_forward(black_box(&early)).map(|d| d.len()))
    });
    group.bench_function("forward_with_places", |b| {
        b.iter(|| g.forward(black_box(&early)).map(|f| f.recipients.len()))
    });
    group.bench_function("build_and_trace_both", |b| {
        b.iter(|| {
            let g = Genealogy::from_events(black_box(&events).iter());
            (
                g.trace_back(&late).map(|a| a.len()),
                g.forward(&early).map(|f| f.recipients.len()),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
