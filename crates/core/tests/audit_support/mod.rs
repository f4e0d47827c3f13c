//! The demo flounder chain of `lottrace_core::demo` (hatchery → two farms → live-fish
//! truck merging both farm lots → plant cutting sashimi packs and a by-product → two
//! stores), and helpers that write further events by hand for a test's own situations.
#![allow(dead_code)]

use lottrace_core::codes::LotKey;
use lottrace_core::demo;
use lottrace_core::epcis::Event;
use lottrace_core::trace::Party;
use serde_json::{json, Map, Value};

pub const FRY: &str = demo::FRY;
pub const LIVE: &str = demo::LIVE;
pub const SASHIMI: &str = demo::SASHIMI;
pub const BYPRODUCT: &str = demo::BYPRODUCT;

pub fn key(gtin: &str, lot: &str) -> LotKey {
    LotKey::Gtin {
        gtin: gtin.into(),
        lot: lot.into(),
    }
}

pub fn class(gtin: &str, lot: &str) -> String {
    key(gtin, lot).epc_class_uri()
}

pub fn sgln(gln: &str) -> String {
    demo::sgln(gln)
}

/// The demo chain's businesses (`lottrace_core::demo`, which the server seeds).
pub fn parties() -> Vec<Party> {
    demo::parties()
}

pub fn gln_of(id: &str) -> String {
    demo::gln_of(id).to_owned()
}

/// One event as JSON: common members, the body, then `lt:` fields (ilmd where allowed).
pub fn event(
    kind: &str,
    n: u32,
    time: &str,
    step: &str,
    at: &str,
    body: Value,
    fields: &[(&str, Value)],
) -> Value {
    let mut e = Map::new();
    e.insert("type".into(), json!(kind));
    e.insert("eventID".into(), json!(demo::event_id(n)));
    e.insert("eventTime".into(), json!(time));
    e.insert("eventTimeZoneOffset".into(), json!("+09:00"));
    if let Value::Object(b) = body {
        e.extend(b);
    }
    e.insert("bizStep".into(), json!(step));
    let place = sgln(&gln_of(at));
    e.insert("readPoint".into(), json!({ "id": place }));
    e.insert("bizLocation".into(), json!({ "id": place }));
    let ext: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (format!("lt:{k}"), v.clone()))
        .collect();
    if kind == "ObjectEvent" && e.get("action") == Some(&json!("ADD"))
        || kind == "TransformationEvent"
    {
        e.insert("ilmd".into(), Value::Object(ext));
    } else {
        e.extend(ext);
    }
    Value::Object(e)
}

pub fn kg(class: &str, q: f64) -> Value {
    json!({ "epcClass": class, "quantity": q, "uom": "KGM" })
}

pub fn temps(start: &str, values: &[f64]) -> Value {
    let reports: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(i, v)| json!({ "type": "Temperature", "value": v, "uom": "CEL", "time": format!("{start}:{:02}:00+09:00", i * 10) }))
        .collect();
    json!([{ "sensorMetadata": { "time": format!("{start}:00:00+09:00") }, "sensorReport": reports }])
}

/// The demo chain as JSON values, oldest first: core's demo chain, which the server
/// seeds with `--demo`, for tests that change one member before parsing.
pub fn demo_values() -> Vec<Value> {
    demo::events()
        .expect("the demo chain builds")
        .iter()
        .map(Event::to_value)
        .collect()
}

/// The event of this number (`demo::event_id`, or a test's own made by [`event`])
/// among `values`.
pub fn numbered(values: &mut [Value], n: u32) -> &mut Value {
    let id = json!(demo::event_id(n));
    values
        .iter_mut()
        .find(|v| v["eventID"] == id)
        .expect("numbered event")
}

pub fn parse(values: Vec<Value>) -> Vec<Event> {
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("test event parses"))
        .collect()
}

pub fn demo_events() -> Vec<Event> {
    parse(demo_values())
}

pub fn pack_a() -> LotKey {
    demo::pack_a()
}
