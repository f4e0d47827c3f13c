//! No non-public value reaches the public trace. Every non-public field of the dictionary
//! is filled with a unique marker, each in an event of its own stage's business along the
//! demo chain, and the public view (all three languages, serialised to JSON) is searched
//! for every marker. Then a business's choices disclose exactly the chosen fields, and a
//! recall discloses the selectable ones but never the private ones.
//!
//! How each kind of field is marked:
//! - text, date, datetime, enum: a unique string (`MRK<i>X`). An enum value outside its
//!   list is shown as written, so an enum can carry a marker too; dates are not parsed
//!   by the view, so a marker in a date field is shown (or leaked) as is.
//! - number: a unique number `987654.321 + i`, searched for in its printed form.
//! - boolean: no marker fits, so a boolean leaks only as its field's row: the test checks
//!   that no row of the view has the key of a non-disclosed field, and that the label of
//!   a private boolean (in each language) appears nowhere the unmarked chain's view did
//!   not already have it.
//! - sensor fields: readings with marker numbers in the stage's temperature log.
//! - standard EPCIS places: reference documents (`bizTransactionList`, private) carry a
//!   marker in their URI and type and must never appear; business locations
//!   (`*.location_id`, selectable) are shown only as the owning business's public
//!   contact, so no location identifier may appear at all.
//! - one private value nested in an object, to cover structured values.

#[path = "audit_support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::Event;
use lottrace_core::fields::{Dictionary, Disclosure, EpcisPlace, Field, FieldType, Stage};
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, Party, TraceInput, TraceView};
use serde_json::json;
use support::*;

const WHOLESALER_GLN: &str = "8801234000086";

fn all_parties() -> Vec<Party> {
    let mut p = parties();
    p.push(Party {
        id: "daehan-wholesale".into(),
        name: "대한수산 도매".into(),
        gln: WHOLESALER_GLN.into(),
        role: lottrace_core::role::Role::Wholesaler,
        phone: None,
        email: None,
        address: Some("부산광역시 중구".into()),
    });
    p
}

/// The business recording each stage's fields, and the demo event (1-based) they go in.
fn business_of(stage: Stage) -> (&'static str, usize) {
    match stage {
        Stage::Hatchery => ("halla-hatchery", 1),
        Stage::Farm | Stage::Feed | Stage::Treatment => ("seongsan-farm", 4),
        Stage::Transport => ("jeju-livefish", 6),
        Stage::Processing => ("bada-fresh", 8),
        Stage::Wholesale => ("daehan-wholesale", 13),
        Stage::Retail => ("hanbit-gangnam", 11),
    }
}

enum Marker {
    Text(String),
    Number(f64),
    Bool,
}

impl Marker {
    fn needle(&self) -> Option<String> {
        match self {
            Marker::Text(s) => Some(s.clone()),
            Marker::Number(n) => Some(format!("{n}")),
            Marker::Bool => None,
        }
    }
}

fn non_public() -> Vec<&'static Field> {
    Dictionary::get()
        .fields
        .iter()
        .filter(|f| f.disclosure != Disclosure::Public)
        .collect()
}

/// The demo chain plus a wholesale receipt of pack A, every non-public field marked.
fn marked_chain() -> (Vec<Event>, BTreeMap<String, Marker>) {
    let mut values = demo_values();
    values.push(event(
        "ObjectEvent",
        13,
        "2026-11-17T20:00:00+09:00",
        "receiving",
        "bada-fresh",
        json!({ "action": "OBSERVE", "quantityList": [kg(&class(SASHIMI, "L261117A"), 160.0)] }),
        &[("wholesale.business_name", json!("대한수산 도매"))],
    ));
    // The helper looks businesses up in the demo list; fix the wholesaler's location.
    let place = sgln(WHOLESALER_GLN);
    let wholesale = numbered(&mut values, 13);
    wholesale["bizLocation"]["id"] = json!(place);
    wholesale["readPoint"]["id"] = json!(place);
    let mut markers = BTreeMap::new();
    for (i, f) in non_public().into_iter().enumerate() {
        let (_, n) = business_of(f.stage);
        let e = numbered(&mut values, n as u32);
        let marker = match f.r#type {
            FieldType::Boolean => Marker::Bool,
            FieldType::Number => Marker::Number(987654.321 + i as f64),
            _ => Marker::Text(format!("MRK{i}X")),
        };
        let value = match &marker {
            Marker::Text(s) => json!(s),
            Marker::Number(x) => json!(x),
            Marker::Bool => json!(true),
        };
        match &f.epcis {
            EpcisPlace::Ilmd | EpcisPlace::Extension => {
                let name = format!("lt:{}", f.key);
                // Replace any demo value of the field, wherever the demo put it.
                if let Some(m) = e.get_mut("ilmd").and_then(|i| i.as_object_mut()) {
                    m.remove(&name);
                }
                e.as_object_mut().map(|m| m.remove(&name));
                let ilmd = f.epcis == EpcisPlace::Ilmd && e.get("ilmd").is_some();
                if ilmd {
                    e["ilmd"][&name] = value;
                } else {
                    e[&name] = value;
                }
            }
            EpcisPlace::Sensor => {
                let list = e
                    .as_object_mut()
                    .expect("object")
                    .entry("sensorElementList")
                    .or_insert(json!([{ "sensorReport": [] }]));
                let time = e_time(n);
                list[0]["sensorReport"].as_array_mut().expect("reports").push(json!({ "type": "Temperature", "value": value, "uom": "CEL", "time": time }));
            }
            EpcisPlace::Standard(place) if place == "bizTransactionList" => {
                let list = e
                    .as_object_mut()
                    .expect("object")
                    .entry("bizTransactionList")
                    .or_insert(json!([]));
                let m = marker.needle().unwrap_or_default();
                list.as_array_mut().expect("list").push(json!({ "type": m, "bizTransaction": format!("urn:epcglobal:cbv:bt:8801234000055:{m}") }));
            }
            // bizLocation: checked below by searching for any location identifier.
            EpcisPlace::Standard(_) => {}
        }
        markers.insert(f.key.clone(), marker);
    }
    // A structured private value: never shown, however deep the marker.
    numbered(&mut values, 7)["lt:treatment.bath_drug_name"] =
        json!({ "deep": { "deeper": ["MRKNESTEDX"] } });
    markers.insert("nested".into(), Marker::Text("MRKNESTEDX".into()));
    (parse(values), markers)
}

fn e_time(n: usize) -> &'static str {
    match n {
        1 => "2026-03-02T09:10:00+09:00",
        4 => "2026-11-16T06:10:00+09:00",
        6 => "2026-11-16T09:00:00+09:00",
        8 => "2026-11-17T09:10:00+09:00",
        11 => "2026-11-18T06:30:00+09:00",
        _ => "2026-11-17T20:10:00+09:00",
    }
}

fn view(events: &[Event], policy: &DisclosurePolicy, lang: Lang) -> TraceView {
    let parties = all_parties();
    trace::build(&TraceInput {
        lot: &pack_a(),
        events,
        parties: &parties,
        policy,
        recall: None,
        lang,
    })
    .expect("no cycle")
    .expect("known lot")
}

fn shown_keys(v: &TraceView) -> BTreeSet<String> {
    v.stages
        .iter()
        .flat_map(|s| s.events.iter())
        .flat_map(|e| e.fields.iter())
        .map(|f| f.key.clone())
        .collect()
}

/// Fields whose value the public view can render at all: `lt:` members, and sensor logs
/// after the farm (farm water temperature is not part of the cold chain chart).
fn rendered(f: &Field) -> bool {
    match f.epcis {
        EpcisPlace::Ilmd | EpcisPlace::Extension => true,
        EpcisPlace::Sensor => f.stage != Stage::Farm,
        EpcisPlace::Standard(_) => false,
    }
}

fn assert_hidden(
    json: &str,
    v: &TraceView,
    hidden: &[&Field],
    markers: &BTreeMap<String, Marker>,
    baseline: &str,
    lang: Lang,
) {
    let keys = shown_keys(v);
    for f in hidden {
        assert!(!keys.contains(&f.key), "{} is shown ({lang:?})", f.key);
        if let Some(needle) = markers.get(&f.key).and_then(Marker::needle) {
            assert!(
                !json.contains(&needle),
                "{} leaked its marker {needle} ({lang:?})",
                f.key
            );
        }
        if f.disclosure == Disclosure::Private {
            let label = f.labels.get(lang);
            assert!(
                !json.contains(label) || baseline.contains(label),
                "label of private {} appears ({lang:?}): {label}",
                f.key
            );
        }
    }
    assert!(!json.contains("MRKNESTEDX"));
    // No location identifier, no reference document, in any form.
    for needle in [
        "urn:epc:id:sgln",
        "414/880",
        "urn:epcglobal:cbv:bt",
        "bizTransaction",
    ] {
        assert!(!json.contains(needle), "{needle} appears ({lang:?})");
    }
}

#[test]
fn no_marker_of_a_non_public_field_survives_in_any_language() {
    let (events, markers) = marked_chain();
    let fields = non_public();
    assert!(
        fields.len() > 40,
        "the dictionary has many non-public fields: {}",
        fields.len()
    );
    let clean = parse(demo_values());
    for lang in Lang::ALL {
        let baseline =
            serde_json::to_string(&view(&clean, &DisclosurePolicy::default(), lang)).expect("json");
        let v = view(&events, &DisclosurePolicy::default(), lang);
        let json = serde_json::to_string(&v).expect("json");
        assert_hidden(&json, &v, &fields, &markers, &baseline, lang);
        // The checks ran on the marked data and still told nothing.
        assert_eq!(v.audits.len(), 4);
        assert!(v.cold_chain.is_empty());
    }
}

#[test]
fn the_test_has_teeth_every_marker_is_in_the_events() {
    let (events, markers) = marked_chain();
    let all = serde_json::to_string(&events).expect("json");
    for (key, m) in &markers {
        if let Some(needle) = m.needle() {
            let f = Dictionary::get().field(key);
            // bizLocation markers are the locations themselves.
            if f.is_some_and(|f| matches!(&f.epcis, EpcisPlace::Standard(p) if p == "bizLocation"))
            {
                continue;
            }
            assert!(all.contains(&needle), "{key}: {needle} not in the chain");
        }
    }
    // And with everything public, the markers do show: the search would catch a leak.
    let everything = DisclosurePolicy {
        recall: true,
        ..Default::default()
    };
    let json = serde_json::to_string(&view(&events, &everything, Lang::En)).expect("json");
    assert!(json.contains("MRK"), "recall shows selectable markers");
}

#[test]
fn a_business_choice_discloses_exactly_the_chosen_fields() {
    let (events, markers) = marked_chain();
    let selectable: Vec<&Field> = non_public()
        .into_iter()
        .filter(|f| f.disclosure == Disclosure::Selectable)
        .collect();
    // Every other rendered selectable field is chosen by the business of its stage.
    let chosen: Vec<&Field> = selectable
        .iter()
        .copied()
        .filter(|f| rendered(f))
        .step_by(2)
        .collect();
    let mut policy = DisclosurePolicy::default();
    for f in &chosen {
        policy
            .chosen
            .entry(business_of(f.stage).0.to_string())
            .or_default()
            .insert(f.key.clone());
    }
    // A choice by the wrong business discloses nothing.
    let not_chosen: Vec<&Field> = non_public()
        .into_iter()
        .filter(|f| !chosen.iter().any(|c| c.key == f.key))
        .collect();
    if let Some(f) = not_chosen
        .iter()
        .find(|f| f.disclosure == Disclosure::Selectable && rendered(f))
    {
        policy
            .chosen
            .entry("pureun-mapo".into())
            .or_default()
            .insert(f.key.clone());
    }
    for lang in Lang::ALL {
        let v = view(&events, &policy, lang);
        let json = serde_json::to_string(&v).expect("json");
        let keys = shown_keys(&v);
        for f in &chosen {
            match f.epcis {
                EpcisPlace::Sensor => assert!(
                    v.cold_chain.iter().any(|s| s.stage == f.stage),
                    "{} chosen but no series",
                    f.key
                ),
                _ => assert!(
                    keys.contains(&f.key),
                    "{} chosen but not shown ({lang:?})",
                    f.key
                ),
            }
            if let Some(needle) = markers.get(&f.key).and_then(Marker::needle) {
                assert!(
                    json.contains(&needle),
                    "{} chosen but its value is missing",
                    f.key
                );
            }
        }
        assert_hidden(&json, &v, &not_chosen, &markers, &json, lang);
    }
}

#[test]
fn a_recall_discloses_selectable_fields_but_never_private_ones() {
    let (events, markers) = marked_chain();
    let policy = DisclosurePolicy {
        recall: true,
        ..Default::default()
    };
    let private: Vec<&Field> = non_public()
        .into_iter()
        .filter(|f| f.disclosure == Disclosure::Private)
        .collect();
    assert!(private.len() >= 10);
    let clean = parse(demo_values());
    for lang in Lang::ALL {
        let baseline = serde_json::to_string(&view(&clean, &policy, lang)).expect("json");
        let v = view(&events, &policy, lang);
        let json = serde_json::to_string(&v).expect("json");
        let keys = shown_keys(&v);
        for f in non_public()
            .into_iter()
            .filter(|f| f.disclosure == Disclosure::Selectable && rendered(f))
        {
            let needle = markers.get(&f.key).and_then(Marker::needle);
            match (&f.epcis, needle) {
                (EpcisPlace::Sensor, Some(n)) => {
                    assert!(json.contains(&n), "{} series missing under recall", f.key)
                }
                (_, Some(n)) => assert!(
                    json.contains(&n) && keys.contains(&f.key),
                    "{} missing under recall",
                    f.key
                ),
                (_, None) => assert!(keys.contains(&f.key), "{} missing under recall", f.key),
            }
        }
        assert_hidden(&json, &v, &private, &markers, &baseline, lang);
    }
}
