//! The pack's story as a shopper reads it: a farm's feeding and treatment records say
//! what they are (they are `holding` events, which read "On hold" by their bizStep), and
//! what a farm records on its lot after this pack was made from it is marked as about
//! the rest of that lot, not this pack.

#[path = "audit_support/mod.rs"]
mod support;

use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, EventView, TraceInput, TraceView};
use serde_json::json;
use support::*;

fn pack_a_view(extra: Vec<serde_json::Value>, lang: Lang) -> TraceView {
    let mut values = demo_values();
    values.extend(extra);
    let events = parse(values);
    let parties = parties();
    trace::build(&TraceInput {
        lot: &pack_a(),
        events: &events,
        parties: &parties,
        policy: &DisclosurePolicy::default(),
        recall: None,
        lang,
    })
    .expect("no cycle")
    .expect("known lot")
}

fn event_of(view: &TraceView, n: u32) -> EventView {
    let id = lottrace_core::demo::event_id(n);
    view.stages
        .iter()
        .flat_map(|s| s.events.iter())
        .find(|e| e.event_id == id)
        .cloned()
        .unwrap_or_else(|| panic!("event {n} in the pack's history"))
}

#[test]
fn the_demo_chain_is_all_this_packs_story() {
    let view = pack_a_view(Vec::new(), Lang::En);
    let later: Vec<&str> = view
        .stages
        .iter()
        .flat_map(|s| s.events.iter())
        .filter(|e| e.after_this_lot)
        .map(|e| e.action.as_str())
        .collect();
    assert!(later.is_empty(), "{later:?}");
}

#[test]
fn a_feeding_record_after_the_pack_was_made_says_what_it_is_and_when() {
    let farm_lot = class(LIVE, "SS2611A");
    let observe = |q: f64| json!({ "action": "OBSERVE", "quantityList": [kg(&farm_lot, q)] });
    // Before the pack (packed 17 Nov) and two weeks after it.
    let before = event(
        "ObjectEvent",
        901,
        "2026-11-10T08:00:00+09:00",
        "holding",
        "seongsan-farm",
        observe(500.0),
        &[("feed.type", json!("formulated"))],
    );
    let after = event(
        "ObjectEvent",
        902,
        "2026-12-01T08:00:00+09:00",
        "holding",
        "seongsan-farm",
        observe(480.0),
        &[("feed.type", json!("formulated"))],
    );
    let treated = event(
        "ObjectEvent",
        903,
        "2026-11-12T08:00:00+09:00",
        "holding",
        "seongsan-farm",
        observe(500.0),
        &[("treatment.oral_administered", json!(false))],
    );
    for (lang, feeding) in [
        (Lang::En, "Feeding record"),
        (Lang::Ko, "사료 급여 기록"),
        (Lang::Zh, "投喂记录"),
    ] {
        let view = pack_a_view(vec![before.clone(), after.clone(), treated.clone()], lang);
        let (b, a, t) = (
            event_of(&view, 901),
            event_of(&view, 902),
            event_of(&view, 903),
        );
        assert_eq!((b.action.as_str(), a.action.as_str()), (feeding, feeding));
        assert_ne!(t.action, feeding);
        assert!(
            !t.action.contains("hold") && !t.action.contains("보류"),
            "{}",
            t.action
        );
        assert!(!b.after_this_lot, "before the pack: part of its story");
        assert!(
            a.after_this_lot,
            "after the pack was made: the rest of the farm's lot"
        );
        // The pack's own events are never "after" it.
        assert!(view
            .stages
            .iter()
            .flat_map(|s| s.events.iter())
            .filter(|e| e.lot_key == pack_a().key())
            .all(|e| !e.after_this_lot));
    }
}

#[test]
fn a_fry_lot_under_two_farms_shows_each_farms_part_and_the_parts_add_up() {
    let view = pack_a_view(Vec::new(), Lang::En);
    let ancestors = &view.genealogy.ancestors;
    let find = |lot: &str| {
        ancestors
            .iter()
            .find(|a| a.lot_key.ends_with(lot))
            .unwrap_or_else(|| panic!("{lot} among the ancestors"))
    };
    let (truck, farm_a, farm_b, fry) = (
        find("/10/TR261116"),
        find("/10/SS2611A"),
        find("/10/HL2611B"),
        find("/10/FRY2603A"),
    );
    let pack = pack_a().key();
    // Down each branch: pack ← truck ← farm ← fry.
    let via_truck = truck.branch_share(&pack, Some(1.0));
    let via_a = farm_a.branch_share(&truck.lot_key, via_truck);
    let via_b = farm_b.branch_share(&truck.lot_key, via_truck);
    let fry_a = fry
        .branch_share(&farm_a.lot_key, via_a)
        .expect("recorded masses");
    let fry_b = fry
        .branch_share(&farm_b.lot_key, via_b)
        .expect("recorded masses");
    let (a, b) = (via_a.expect("farm A"), via_b.expect("farm B"));
    assert!((a - farm_a.share.expect("share")).abs() < 1e-9);
    assert!(
        (fry_a - a).abs() < 1e-9,
        "all of farm A's fish came from the fry lot"
    );
    assert!((fry_b - b).abs() < 1e-9);
    assert!(
        (fry_a + fry_b - fry.share.expect("share")).abs() < 1e-9,
        "the parts add up"
    );
    assert!(fry_a < 1.0 && fry_b < 1.0, "no branch says 100 %");
}
