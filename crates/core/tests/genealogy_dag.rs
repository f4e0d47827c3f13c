//! Genealogy against a naive reference: random DAGs of merges, splits and processing
//! (and some cycles), checked with brute-force path enumeration; plus explicit cases:
//! merge-then-split, two paths to one lot, corrections, missing origins, units.

#[path = "audit_support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use lottrace_core::codes::LotKey;
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::{collect_connected, Genealogy, GenealogyError};
use proptest::prelude::*;
use serde_json::{json, Value};

fn lot(i: usize) -> LotKey {
    support::key(support::LIVE, &format!("L{i}"))
}

fn q(i: usize, kg: f64) -> Value {
    json!({ "epcClass": lot(i).epc_class_uri(), "quantity": kg, "uom": "KGM" })
}

/// A transformation: inputs (lot, kg) → outputs (lot, kg).
#[derive(Debug, Clone)]
struct Step {
    inputs: Vec<(usize, f64)>,
    outputs: Vec<(usize, f64)>,
}

fn transformation(n: usize, s: &Step) -> Event {
    serde_json::from_value(json!({
        "type": "TransformationEvent",
        "eventID": format!("urn:uuid:00000000-0000-4000-8000-{n:012}"),
        "eventTime": "2026-11-16T08:00:00+09:00",
        "eventTimeZoneOffset": "+09:00",
        "inputQuantityList": s.inputs.iter().map(|&(l, k)| q(l, k)).collect::<Vec<_>>(),
        "outputQuantityList": s.outputs.iter().map(|&(l, k)| q(l, k)).collect::<Vec<_>>(),
    }))
    .expect("event")
}

fn add(n: usize, l: usize) -> Event {
    serde_json::from_value(json!({
        "type": "ObjectEvent",
        "eventID": format!("urn:uuid:00000000-0000-4000-9000-{n:012}"),
        "eventTime": "2026-03-01T08:00:00+09:00",
        "eventTimeZoneOffset": "+09:00",
        "action": "ADD",
        "quantityList": [q(l, 10.0)],
    }))
    .expect("event")
}

/// A random chain: `roots` lots, then steps that each make new lots from earlier ones
/// (so a DAG), some roots created by ADD and some never created; `cycle` adds one step
/// feeding a late lot back into an early one.
#[derive(Debug, Clone)]
struct Chain {
    lots: usize,
    steps: Vec<Step>,
    created_roots: Vec<usize>,
}

fn chain() -> impl Strategy<Value = Chain> {
    (
        2usize..5,
        prop::collection::vec(
            (
                1usize..4,
                1usize..4,
                prop::collection::vec(1u32..100, 8),
                prop::collection::vec(any::<prop::sample::Index>(), 3),
            ),
            1..8,
        ),
        prop::collection::vec(any::<bool>(), 5),
    )
        .prop_map(|(roots, raw, created)| {
            let mut next = roots;
            let mut steps = Vec::new();
            for (n_in, n_out, kgs, picks) in raw {
                let mut inputs: Vec<(usize, f64)> = Vec::new();
                for (j, p) in picks.iter().take(n_in).enumerate() {
                    let l = p.index(next);
                    if !inputs.iter().any(|(x, _)| *x == l) {
                        inputs.push((l, f64::from(kgs[j])));
                    }
                }
                let outputs: Vec<(usize, f64)> = (0..n_out)
                    .map(|k| (next + k, f64::from(kgs[4 + k])))
                    .collect();
                next += n_out;
                steps.push(Step { inputs, outputs });
            }
            let created_roots = (0..roots)
                .filter(|&r| created.get(r).copied().unwrap_or(true))
                .collect();
            Chain {
                lots: next,
                steps,
                created_roots,
            }
        })
}

fn events_of(c: &Chain, extra: &[Step]) -> Vec<Event> {
    let mut out: Vec<Event> = c.created_roots.iter().map(|&r| add(r, r)).collect();
    out.extend(
        c.steps
            .iter()
            .chain(extra)
            .enumerate()
            .map(|(n, s)| transformation(n, s)),
    );
    out
}

/// Edges child → (parent, fraction) per step, skipping self-edges.
fn ref_parents(steps: &[Step]) -> BTreeMap<usize, Vec<(usize, f64)>> {
    let mut m: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for s in steps {
        let total: f64 = s.inputs.iter().map(|(_, k)| k).sum();
        for &(o, _) in &s.outputs {
            for &(i, k) in &s.inputs {
                if i != o {
                    m.entry(o).or_default().push((i, k / total));
                }
            }
        }
    }
    m
}

/// Brute force: walk every path upwards, multiplying fractions; depth = shortest path.
fn ref_back(
    parents: &BTreeMap<usize, Vec<(usize, f64)>>,
    start: usize,
) -> BTreeMap<usize, (f64, usize)> {
    fn walk(
        p: &BTreeMap<usize, Vec<(usize, f64)>>,
        node: usize,
        share: f64,
        depth: usize,
        out: &mut BTreeMap<usize, (f64, usize)>,
    ) {
        for &(parent, f) in p.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
            let e = out.entry(parent).or_insert((0.0, usize::MAX));
            e.0 += share * f;
            e.1 = e.1.min(depth + 1);
            walk(p, parent, share * f, depth + 1, out);
        }
    }
    let mut out = BTreeMap::new();
    walk(parents, start, 1.0, 0, &mut out);
    out
}

fn reach(next: &BTreeMap<usize, Vec<usize>>, start: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(n) = stack.pop() {
        for &m in next.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
            if seen.insert(m) {
                stack.push(m);
            }
        }
    }
    seen
}

fn index_of(k: &LotKey) -> usize {
    match k {
        LotKey::Gtin { lot, .. } => lot[1..].parse().expect("L<n>"),
        _ => usize::MAX,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn dag_shares_depths_and_reach_match_brute_force(c in chain()) {
        let events = events_of(&c, &[]);
        let g = Genealogy::from_events(events.iter());
        let parents = ref_parents(&c.steps);
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (&child, ps) in &parents {
            for &(p, _) in ps {
                children.entry(p).or_default().push(child);
            }
        }
        let created: BTreeSet<usize> = c.created_roots.iter().copied()
            .chain(c.steps.iter().flat_map(|s| s.outputs.iter().map(|o| o.0))).collect();
        for l in 0..c.lots {
            let expected = ref_back(&parents, l);
            let got = g.trace_back(&lot(l)).expect("a DAG has no cycle");
            prop_assert_eq!(got.len(), expected.len());
            for a in &got {
                let i = index_of(&a.lot);
                let (share, depth) = expected[&i];
                let s = a.share.expect("all quantities known");
                prop_assert!((s - share).abs() < 1e-9, "lot {} ancestor {}: {} vs {}", l, i, s, share);
                prop_assert_eq!(a.depth, depth);
                prop_assert_eq!(a.created, created.contains(&i));
            }
            let fwd: BTreeSet<usize> = g.trace_forward(&lot(l)).expect("no cycle").iter().map(|d| index_of(&d.lot)).collect();
            prop_assert_eq!(fwd, reach(&children, l));
        }
    }

    #[test]
    fn a_cycle_is_an_error_exactly_when_it_is_reachable(c in chain(), from in any::<prop::sample::Index>(), to in any::<prop::sample::Index>()) {
        // Feed a lot back into one of its ancestors (or an unrelated lot: then no cycle).
        let a = from.index(c.lots);
        let b = to.index(c.lots);
        prop_assume!(a != b);
        let back_edge = Step { inputs: vec![(a, 5.0)], outputs: vec![(b, 5.0)] };
        let mut steps = c.steps.clone();
        steps.push(back_edge.clone());
        let events = events_of(&c, &[back_edge]);
        let g = Genealogy::from_events(events.iter());
        let up: BTreeMap<usize, Vec<usize>> = ref_parents(&steps).into_iter().map(|(k, v)| (k, v.into_iter().map(|x| x.0).collect())).collect();
        let mut down: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (&c2, ps) in &up { for &p in ps { down.entry(p).or_default().push(c2); } }
        for l in 0..c.lots {
            let mut region = reach(&up, l);
            region.insert(l);
            let cyclic_up = region.iter().any(|&x| reach(&up, x).contains(&x));
            let back = g.trace_back(&lot(l));
            prop_assert_eq!(back.is_err(), cyclic_up, "lot {}", l);
            if let Ok(anc) = back {
                let got: BTreeSet<usize> = anc.iter().map(|x| index_of(&x.lot)).collect();
                prop_assert_eq!(got, reach(&up, l));
            }
            let mut region = reach(&down, l);
            region.insert(l);
            let cyclic_down = region.iter().any(|&x| reach(&down, x).contains(&x));
            prop_assert_eq!(g.trace_forward(&lot(l)).is_err(), cyclic_down);
            prop_assert_eq!(g.forward(&lot(l)).is_err(), cyclic_down);
        }
        // Fetching the connected events terminates on cycles too.
        let mut source: &[Event] = &events;
        let fetched = collect_connected(&mut source, &lot(a)).expect("infallible");
        prop_assert!(fetched.len() <= events.len());
    }
}

/// How many events the trace's event fetch gathers for `lot`.
fn connected(events: &[Event], lot: &LotKey) -> usize {
    let mut source: &[Event] = events;
    collect_connected(&mut source, lot)
        .expect("infallible")
        .len()
}

fn step(n: usize, inputs: &[(usize, f64)], outputs: &[(usize, f64)]) -> Event {
    transformation(
        n,
        &Step {
            inputs: inputs.to_vec(),
            outputs: outputs.to_vec(),
        },
    )
}

#[test]
fn merge_then_split() {
    // A(60) + B(40) → M(100) → P1(30), P2(70)
    let events = [
        add(0, 0),
        add(1, 1),
        step(1, &[(0, 60.0), (1, 40.0)], &[(2, 100.0)]),
        step(2, &[(2, 100.0)], &[(3, 30.0), (4, 70.0)]),
    ];
    let g = Genealogy::from_events(events.iter());
    let back = g.trace_back(&lot(4)).expect("dag");
    let got: Vec<(LotKey, Option<f64>, usize)> = back
        .iter()
        .map(|a| (a.lot.clone(), a.share, a.depth))
        .collect();
    assert_eq!(
        got,
        vec![
            (lot(2), Some(1.0), 1),
            (lot(0), Some(0.6), 2),
            (lot(1), Some(0.4), 2)
        ]
    );
    assert_eq!(back[1].children, vec![lot(2)]);
    let fwd: Vec<LotKey> = g
        .trace_forward(&lot(0))
        .expect("dag")
        .into_iter()
        .map(|d| d.lot)
        .collect();
    assert_eq!(fwd, vec![lot(2), lot(3), lot(4)]);
    assert!(g.trace_back(&lot(99)).expect("unknown").is_empty());
}

#[test]
fn the_same_lot_reached_by_two_paths_appears_once_with_both_shares() {
    // A → X(50), Y(50); X + Y → Z
    let events = [
        add(0, 0),
        step(1, &[(0, 100.0)], &[(1, 50.0), (2, 50.0)]),
        step(2, &[(1, 50.0), (2, 50.0)], &[(3, 100.0)]),
    ];
    let g = Genealogy::from_events(events.iter());
    let back = g.trace_back(&lot(3)).expect("dag");
    let a: Vec<_> = back.iter().filter(|x| x.lot == lot(0)).collect();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].share, Some(1.0));
    assert_eq!(a[0].depth, 2);
    assert_eq!(a[0].children, vec![lot(1), lot(2)]);
}

#[test]
fn a_correction_hides_the_corrected_event_and_the_corrective_one_counts() {
    // Recorded in error: A → M. Corrected: B → M.
    let wrong = step(1, &[(0, 10.0)], &[(2, 10.0)]);
    let mut declaration = wrong.clone();
    if let Event::TransformationEvent(t) = &mut declaration {
        t.error_declaration = Some(lottrace_core::epcis::ErrorDeclaration {
            declaration_time: "2026-11-17T00:00:00+09:00".into(),
            reason: Some("incorrect_data".into()),
            corrective_event_ids: Some(vec!["urn:uuid:fix".into()]),
            ..Default::default()
        });
    }
    let fix = step(7, &[(1, 10.0)], &[(2, 10.0)]);
    let events = [
        add(0, 0),
        add(1, 1),
        wrong.clone(),
        declaration.clone(),
        fix,
    ];
    let g = Genealogy::from_events(events.iter());
    let back: Vec<LotKey> = g
        .trace_back(&lot(2))
        .expect("dag")
        .into_iter()
        .map(|a| a.lot)
        .collect();
    assert_eq!(back, vec![lot(1)]);
    assert!(g.trace_forward(&lot(0)).expect("dag").is_empty());
    // Without eventIDs, the hash ID (which ignores errorDeclaration) pairs them.
    let strip = |mut e: Event| {
        if let Event::TransformationEvent(t) = &mut e {
            t.event_id = None;
        }
        e
    };
    let events = [strip(wrong), strip(declaration)];
    let g = Genealogy::from_events(events.iter());
    assert!(g.trace_back(&lot(2)).expect("dag").is_empty());
    // Both reach the trace's event fetch (the declaration is kept apart from the original).
    assert_eq!(connected(&events, &lot(2)), 2);
}

#[test]
fn a_missing_input_lot_is_reported_not_looped_on() {
    // Q was never created by any event; T consumes it.
    let events = [add(0, 0), step(1, &[(0, 10.0), (5, 10.0)], &[(2, 20.0)])];
    let g = Genealogy::from_events(events.iter());
    let back = g.trace_back(&lot(2)).expect("dag");
    let q = back
        .iter()
        .find(|a| a.lot == lot(5))
        .expect("Q is an ancestor");
    assert!(!q.created);
    assert!(back
        .iter()
        .find(|a| a.lot == lot(0))
        .is_some_and(|a| a.created));
    assert!(!g.is_created(&lot(5)));
    assert_eq!(connected(&events, &lot(2)), 2);
}

#[test]
fn a_cycle_is_an_error_naming_a_lot() {
    let events = [
        step(1, &[(0, 10.0)], &[(1, 10.0)]),
        step(2, &[(1, 10.0)], &[(0, 10.0)]),
    ];
    let g = Genealogy::from_events(events.iter());
    let err = g.trace_back(&lot(0)).expect_err("cycle");
    let GenealogyError::Cycle(k) = &err;
    assert!(k == &lot(0).key() || k == &lot(1).key());
    assert!(err.to_string().contains("cycle"));
    assert!(g.trace_forward(&lot(1)).is_err());
}

#[test]
fn processing_in_place_is_not_a_cycle() {
    let events = [add(0, 0), step(1, &[(0, 10.0), (1, 5.0)], &[(0, 15.0)])];
    let g = Genealogy::from_events(events.iter());
    let back = g.trace_back(&lot(0)).expect("a self-edge is not a cycle");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].share, Some(5.0 / 15.0));
}

#[test]
fn unknown_or_mixed_units_and_odd_numbers_give_no_share() {
    let mut count = q(1, 3.0);
    count["uom"] = Value::Null;
    let e: Event = serde_json::from_value(json!({
        "type": "TransformationEvent", "eventTime": "2026-11-16T08:00:00+09:00", "eventTimeZoneOffset": "+09:00",
        "inputQuantityList": [q(0, 10.0), {"epcClass": lot(1).epc_class_uri(), "quantity": 3}],
        "outputQuantityList": [q(2, 13.0)]
    }))
    .expect("event");
    let mut nan = step(3, &[(4, 1.0)], &[(5, 1.0)]);
    if let Event::TransformationEvent(t) = &mut nan {
        t.input_quantity_list.as_mut().expect("list")[0].quantity = Some(f64::NAN);
    }
    let zero = step(4, &[(6, 0.0)], &[(7, 0.0)]);
    let events = [e, nan, zero];
    let g = Genealogy::from_events(events.iter());
    assert!(
        g.trace_back(&lot(2))
            .expect("dag")
            .iter()
            .all(|a| a.share.is_none()),
        "kg and counts do not add up"
    );
    assert_eq!(g.trace_back(&lot(5)).expect("dag")[0].share, None);
    assert_eq!(g.trace_back(&lot(7)).expect("dag")[0].share, None);
}

#[test]
fn a_lot_made_in_two_runs_weights_each_run_by_its_output() {
    // Lot 2 made twice: 30 kg from A, 70 kg from B.
    let events = [
        step(1, &[(0, 30.0)], &[(2, 30.0)]),
        step(2, &[(1, 70.0)], &[(2, 70.0)]),
    ];
    let g = Genealogy::from_events(events.iter());
    let shares: BTreeMap<LotKey, Option<f64>> = g
        .trace_back(&lot(2))
        .expect("dag")
        .into_iter()
        .map(|a| (a.lot, a.share))
        .collect();
    assert_eq!(shares[&lot(0)], Some(0.3));
    assert_eq!(shares[&lot(1)], Some(0.7));
}

#[test]
fn forward_reports_every_place_that_received_part_of_the_lot() {
    let events = support::demo_events();
    let g = Genealogy::from_events(events.iter());
    let farm_a = support::key(support::LIVE, "SS2611A");
    let f = g.forward(&farm_a).expect("dag");
    let ids: Vec<&str> = f.recipients.iter().map(|r| r.id.as_str()).collect();
    for who in [
        "seongsan-farm",
        "jeju-livefish",
        "bada-fresh",
        "hanbit-gangnam",
        "pureun-mapo",
    ] {
        let place = support::sgln(&support::gln_of(who));
        assert!(ids.contains(&place.as_str()), "{who} missing: {ids:?}");
    }
    let gangnam = support::sgln(&support::gln_of("hanbit-gangnam"));
    let r = f
        .recipients
        .iter()
        .find(|r| r.id == gangnam)
        .expect("store");
    assert!(
        r.via.contains(&"destination:location".to_string())
            && r.via.contains(&"bizLocation".to_string()),
        "{:?}",
        r.via
    );
    assert_eq!(r.lots, vec![std::sync::Arc::new(support::pack_a())]);
    assert_eq!(
        r.first_time, "2026-11-17T14:00:00+09:00",
        "the shipment to it comes first"
    );
    // From one pack, the sibling pack's store is not reached.
    let f = g.forward(&support::pack_a()).expect("dag");
    let mapo = support::sgln(&support::gln_of("pureun-mapo"));
    assert!(f.recipients.iter().all(|r| r.id != mapo));
    assert!(f.descendants.is_empty());
}

#[test]
fn the_fast_uri_path_reads_the_same_lot_as_the_general_parser() {
    let keys = [
        LotKey::gtin_lot("08801234567893", "L261117A").expect("key"),
        LotKey::gtin_lot("08801234567893", "A/B%C&1").expect("key"),
    ];
    for k in &keys {
        let uri = k.epc_class_uri();
        assert_eq!(
            lottrace_core::genealogy::lot_of_uri(&uri),
            LotKey::from_epc_uri(&uri),
            "{uri}"
        );
        assert_eq!(lottrace_core::genealogy::lot_of_uri(&uri).as_ref(), Some(k));
    }
    for odd in [
        "https://id.gs1.org/01/08801234567890/10/X", // bad check digit
        "https://id.gs1.org/01/8801234567893/10/X",  // 13 digits: not the canonical form
        "https://id.gs1.org/01/08801234567893/21/7", // a serial, not a lot
        "https://id.gs1.org/01/08801234567893/10/X?x=1",
    ] {
        assert_eq!(
            lottrace_core::genealogy::lot_of_uri(odd),
            LotKey::from_epc_uri(odd),
            "{odd}"
        );
    }
}
