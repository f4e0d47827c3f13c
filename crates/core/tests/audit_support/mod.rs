//! The server's demo flounder chain (crates/server/src/demo.rs), rebuilt here because a
//! core test cannot depend on the server: hatchery → two farms → live-fish truck merging
//! both farm lots → plant cutting sashimi packs and a by-product → two stores.
#![allow(dead_code)]

use lottrace_core::codes::LotKey;
use lottrace_core::epcis::Event;
use lottrace_core::trace::Party;
use serde_json::{json, Map, Value};

pub const FRY: &str = "08801234000109";
pub const LIVE: &str = "08801234000208";
pub const SASHIMI: &str = "08801234567893";
pub const BYPRODUCT: &str = "08801234000307";

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
    let (prefix, rest) = gln.split_at(7);
    format!("urn:epc:id:sgln:{prefix}.{}.0", &rest[..rest.len() - 1])
}

pub fn parties() -> Vec<Party> {
    let p = |id: &str, name: &str, gln: &str, role: &str| Party {
        id: id.into(),
        name: name.into(),
        gln: gln.into(),
        role: role.into(),
        phone: Some("064-000-0000".into()),
        email: None,
        address: Some(format!("{name} 주소")),
    };
    vec![
        p("halla-hatchery", "한라종묘", "8801234000017", "hatchery"),
        p("seongsan-farm", "성산양어장", "8801234000024", "farm"),
        p("hallim-farm", "한림양어장", "8801234000031", "farm"),
        p(
            "jeju-livefish",
            "제주활어운송",
            "8801234000048",
            "transporter",
        ),
        p("bada-fresh", "바다싱싱 가공", "8801234000055", "processor"),
        p(
            "hanbit-gangnam",
            "한빛마트 강남점",
            "8801234000062",
            "retailer",
        ),
        p(
            "pureun-mapo",
            "푸른수산 마포점",
            "8801234000079",
            "retailer",
        ),
    ]
}

pub fn gln_of(id: &str) -> String {
    parties()
        .into_iter()
        .find(|p| p.id == id)
        .map(|p| p.gln)
        .unwrap_or_default()
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
    e.insert(
        "eventID".into(),
        json!(format!("urn:uuid:6c0f0e2a-1d5b-4f3e-9a7c-{n:012}")),
    );
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

/// The demo chain as JSON values, oldest first (same content as the server's demo).
pub fn demo_values() -> Vec<Value> {
    let fry = class(FRY, "FRY2603A");
    let farm_a = class(LIVE, "SS2611A");
    let farm_b = class(LIVE, "HL2611B");
    let truck = class(LIVE, "TR261116");
    let pack_a = class(SASHIMI, "L261117A");
    let pack_b = class(SASHIMI, "L261117B");
    let by = class(BYPRODUCT, "BP261117");
    let mut merge = event(
        "TransformationEvent",
        6,
        "2026-11-16T08:00:00+09:00",
        "urn:gdst:bizStep:commingling",
        "jeju-livefish",
        json!({ "inputQuantityList": [kg(&farm_a, 420.0), kg(&farm_b, 380.0)], "outputQuantityList": [kg(&truck, 800.0)] }),
        &[
            ("transport.carrier", json!("제주활어운송")),
            ("transport.vehicle_type", json!("live_tank")),
            ("transport.product_state", json!("live")),
            ("transport.vehicle_id", json!("제주 80바 1234")),
        ],
    );
    merge["sensorElementList"] = temps("2026-11-16T08", &[11.8, 12.1, 12.4, 12.0, 11.9, 12.2]);
    vec![
        event(
            "ObjectEvent",
            1,
            "2026-03-02T09:00:00+09:00",
            "urn:gdst:bizStep:hatching",
            "halla-hatchery",
            json!({ "action": "ADD", "quantityList": [kg(&fry, 60.0)] }),
            &[
                ("hatchery.producer_name", json!("김한라")),
                ("hatchery.drug_administered", json!(false)),
            ],
        ),
        event(
            "TransformationEvent",
            2,
            "2026-03-20T10:00:00+09:00",
            "commissioning",
            "seongsan-farm",
            json!({ "inputQuantityList": [kg(&fry, 32.0)], "outputQuantityList": [kg(&farm_a, 32.0)] }),
            &[
                ("farm.name", json!("성산양어장")),
                ("farm.method", json!("land_tank")),
            ],
        ),
        event(
            "TransformationEvent",
            3,
            "2026-03-21T10:00:00+09:00",
            "commissioning",
            "hallim-farm",
            json!({ "inputQuantityList": [kg(&fry, 28.0)], "outputQuantityList": [kg(&farm_b, 28.0)] }),
            &[
                ("farm.name", json!("한림양어장")),
                ("farm.method", json!("land_tank")),
            ],
        ),
        event(
            "ObjectEvent",
            4,
            "2026-11-16T06:00:00+09:00",
            "urn:gdst:bizStep:farmHarvest",
            "seongsan-farm",
            json!({ "action": "OBSERVE", "quantityList": [kg(&farm_a, 420.0)] }),
            &[
                ("farm.harvest_date", json!("2026-11-16")),
                ("treatment.oral_administered", json!(true)),
                ("treatment.oral_drug_name", json!("옥시테트라사이클린")),
                ("treatment.oral_last_date", json!("2026-09-30")),
                ("treatment.withdrawal_period", json!(30)),
                ("treatment.drug_during_withdrawal", json!(false)),
                ("treatment.otc_test_passed", json!(true)),
            ],
        ),
        event(
            "ObjectEvent",
            5,
            "2026-11-16T06:30:00+09:00",
            "urn:gdst:bizStep:farmHarvest",
            "hallim-farm",
            json!({ "action": "OBSERVE", "quantityList": [kg(&farm_b, 380.0)] }),
            &[
                ("farm.harvest_date", json!("2026-11-16")),
                ("treatment.oral_administered", json!(false)),
                ("treatment.withdrawal_period", json!(0)),
                ("treatment.drug_during_withdrawal", json!(false)),
            ],
        ),
        merge,
        event(
            "ObjectEvent",
            7,
            "2026-11-17T05:30:00+09:00",
            "receiving",
            "bada-fresh",
            json!({ "action": "OBSERVE", "quantityList": [kg(&truck, 800.0)] }),
            &[("processing.receiving_form", json!("live"))],
        ),
        event(
            "TransformationEvent",
            8,
            "2026-11-17T09:00:00+09:00",
            "repackaging",
            "bada-fresh",
            json!({ "inputQuantityList": [kg(&truck, 800.0)], "outputQuantityList": [kg(&pack_a, 160.0), kg(&pack_b, 140.0), kg(&by, 500.0)] }),
            &[
                ("processing.product_name", json!("넙치 싱싱회")),
                ("processing.product_form", json!("sashimi")),
            ],
        ),
        event(
            "ObjectEvent",
            9,
            "2026-11-17T14:00:00+09:00",
            "shipping",
            "bada-fresh",
            json!({ "action": "OBSERVE", "quantityList": [kg(&pack_a, 160.0)],
                    "destinationList": [{ "type": "owning_party", "destination": sgln(&gln_of("hanbit-gangnam")) }] }),
            &[("processing.destination", json!("한빛마트 강남점"))],
        ),
        event(
            "ObjectEvent",
            10,
            "2026-11-17T14:10:00+09:00",
            "shipping",
            "bada-fresh",
            json!({ "action": "OBSERVE", "quantityList": [kg(&pack_b, 140.0)],
                    "destinationList": [{ "type": "owning_party", "destination": sgln(&gln_of("pureun-mapo")) }] }),
            &[("processing.destination", json!("푸른수산 마포점"))],
        ),
        event(
            "ObjectEvent",
            11,
            "2026-11-18T06:20:00+09:00",
            "receiving",
            "hanbit-gangnam",
            json!({ "action": "OBSERVE", "quantityList": [kg(&pack_a, 160.0)] }),
            &[
                ("retail.store_name", json!("한빛마트 강남점")),
                ("retail.product_form", json!("sashimi")),
            ],
        ),
        event(
            "ObjectEvent",
            12,
            "2026-11-18T06:40:00+09:00",
            "receiving",
            "pureun-mapo",
            json!({ "action": "OBSERVE", "quantityList": [kg(&pack_b, 140.0)] }),
            &[
                ("retail.store_name", json!("푸른수산 마포점")),
                ("retail.product_form", json!("sashimi")),
            ],
        ),
    ]
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
    key(SASHIMI, "L261117A")
}
