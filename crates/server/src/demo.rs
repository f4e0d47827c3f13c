//! The demo flounder chain, seeded idempotently by `--demo`: one hatchery, two farms in
//! Jeju, a live-fish truck that merges the two farm lots, a processing plant that cuts
//! the merged lot into sashimi packs, and two stores. Every record is a real EPCIS 2.0
//! event, stored exactly as a capture would store it.

use crate::store::{Business, Store, StoreError};
use lottrace_core::codes::LotKey;
use lottrace_core::counter::{latest_reading, Place};
use lottrace_core::epcis::{Event, LT_IRI};
use serde_json::{json, Map, Value};

const FRY: &str = "08801234000109";
const LIVE: &str = "08801234000208";
const SASHIMI: &str = "08801234567893";
const BYPRODUCT: &str = "08801234000307";

fn lot(gtin: &str, lot: &str) -> String {
    LotKey::Gtin {
        gtin: gtin.into(),
        lot: lot.into(),
    }
    .epc_class_uri()
}

fn sgln(gln: &str) -> String {
    // GS1 company prefix 8801234 (7 digits), location reference, no extension.
    let (prefix, rest) = gln.split_at(7);
    format!("urn:epc:id:sgln:{prefix}.{}.0", &rest[..rest.len() - 1])
}

pub fn businesses() -> Vec<Business> {
    let b = |id: &str, name: &str, gln: &str, role: &str, phone: &str, address: &str| Business {
        id: id.into(),
        name: name.into(),
        gln: gln.into(),
        role: role.into(),
        gs1_prefix: Some("8801234".into()),
        phone: Some(phone.into()),
        email: Some(format!("{id}@example.kr")),
        address: Some(address.into()),
    };
    vec![
        b(
            "halla-hatchery",
            "한라종묘",
            "8801234000017",
            "hatchery",
            "064-710-1001",
            "제주특별자치도 서귀포시 대정읍",
        ),
        b(
            "seongsan-farm",
            "성산양어장",
            "8801234000024",
            "farm",
            "064-782-2002",
            "제주특별자치도 서귀포시 성산읍",
        ),
        b(
            "hallim-farm",
            "한림양어장",
            "8801234000031",
            "farm",
            "064-796-3003",
            "제주특별자치도 제주시 한림읍",
        ),
        b(
            "jeju-livefish",
            "제주활어운송",
            "8801234000048",
            "transporter",
            "064-751-4004",
            "제주특별자치도 제주시 건입동",
        ),
        b(
            "bada-fresh",
            "바다싱싱 가공",
            "8801234000055",
            "processor",
            "051-610-5005",
            "부산광역시 사하구 감천항로",
        ),
        b(
            "hanbit-gangnam",
            "한빛마트 강남점",
            "8801234000062",
            "retailer",
            "02-555-6006",
            "서울특별시 강남구 테헤란로",
        ),
        b(
            "pureun-mapo",
            "푸른수산 마포점",
            "8801234000079",
            "retailer",
            "02-333-7007",
            "서울특별시 마포구 월드컵로",
        ),
        // Not in the chain's events: the accounts of the other roles need a business.
        b(
            "jeju-feed",
            "제주사료",
            "8801234000109",
            "feed",
            "064-722-8008",
            "제주특별자치도 제주시 조천읍",
        ),
        b(
            "noryangjin-wholesale",
            "노량진수산 도매",
            "8801234000116",
            "wholesaler",
            "02-814-9009",
            "서울특별시 동작구 노들로",
        ),
        b(
            "lottrace-ops",
            "Lottrace 운영",
            "8801234000086",
            "operator",
            "02-000-0000",
            "서울특별시",
        ),
        b(
            "nfqs",
            "국립수산물품질관리원",
            "8801234000093",
            "regulator",
            "051-400-5600",
            "부산광역시 영도구",
        ),
    ]
}

/// One demo account per role: (username = role, business ID). Each password is
/// `demo-<role>-2026` (printed in README only; for local use).
pub const ACCOUNTS: [(&str, &str); 9] = [
    ("admin", "lottrace-ops"),
    ("hatchery", "halla-hatchery"),
    ("farm", "seongsan-farm"),
    ("feed", "jeju-feed"),
    ("transporter", "jeju-livefish"),
    ("processor", "bada-fresh"),
    ("wholesaler", "noryangjin-wholesale"),
    ("retailer", "hanbit-gangnam"),
    ("regulator", "nfqs"),
];

pub fn demo_password(role: &str) -> String {
    format!("demo-{role}-2026")
}

/// Adds the demo accounts that are missing (after [`seed`]); returns how many were added.
pub fn seed_accounts(store: &dyn Store) -> Result<usize, DemoError> {
    let mut added = 0;
    for (role, business) in ACCOUNTS {
        if store.user_by_name(role)?.is_some() {
            continue;
        }
        let hash = crate::auth::hash_password(&demo_password(role)).map_err(DemoError::Invalid)?;
        store.add_user(role, business, role, &hash)?;
        added += 1;
    }
    Ok(added)
}

fn gln_of(id: &str) -> String {
    businesses()
        .into_iter()
        .find(|b| b.id == id)
        .map(|b| b.gln)
        .unwrap_or_default()
}

/// One event: common members, then the type-specific ones, then our fields as `lt:` members.
fn event(
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
    let extension: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (format!("lt:{k}"), v.clone()))
        .collect();
    if kind == "ObjectEvent" && e.get("action") == Some(&json!("ADD"))
        || kind == "TransformationEvent"
    {
        e.insert("ilmd".into(), Value::Object(extension));
    } else {
        e.extend(extension);
    }
    Value::Object(e)
}

fn kg(class: &str, q: f64) -> Value {
    json!({ "epcClass": class, "quantity": q, "uom": "KGM" })
}

/// The demo chain's events, oldest first.
pub fn events() -> Vec<Value> {
    let fry = lot(FRY, "FRY2603A");
    let farm_a = lot(LIVE, "SS2611A");
    let farm_b = lot(LIVE, "HL2611B");
    let truck = lot(LIVE, "TR261116");
    let pack_a = lot(SASHIMI, "L261117A");
    let pack_b = lot(SASHIMI, "L261117B");
    let by = lot(BYPRODUCT, "BP261117");
    let temps = |start: &str, values: &[f64]| -> Value {
        let reports: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| json!({ "type": "Temperature", "value": v, "uom": "CEL", "time": format!("{start}:{:02}:00+09:00", i * 10) }))
            .collect();
        json!([{ "sensorMetadata": { "time": format!("{start}:00:00+09:00") }, "sensorReport": reports }])
    };
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
                ("hatchery.business_name", json!("한라종묘")),
                ("hatchery.production_date", json!("2026-01-15")),
                ("hatchery.drug_administered", json!(false)),
                ("hatchery.disease_test_passed", json!(true)),
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
                ("farm.license_number", json!("제주-성산-0412")),
                ("farm.fry_species", json!("넙치 (Paralichthys olivaceus)")),
                ("farm.fry_supplier", json!("한라종묘")),
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
                ("farm.license_number", json!("제주-한림-0877")),
                ("farm.fry_species", json!("넙치 (Paralichthys olivaceus)")),
                ("farm.fry_supplier", json!("한라종묘")),
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
                (
                    "farm.species_scientific_name",
                    json!("Paralichthys olivaceus"),
                ),
                ("farm.production_method", json!("aquaculture")),
                ("farm.country_of_origin", json!("KR")),
                ("farm.container_id", json!("A-07")),
                ("feed.type", json!("formulated")),
                ("feed.formulated_name", json!("넙치 EP 사료 3호")),
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
                (
                    "farm.species_scientific_name",
                    json!("Paralichthys olivaceus"),
                ),
                ("farm.production_method", json!("aquaculture")),
                ("farm.country_of_origin", json!("KR")),
                ("farm.container_id", json!("T-12")),
                ("feed.type", json!("mixed")),
                ("feed.raw_species", json!("까나리")),
                ("treatment.oral_administered", json!(false)),
                ("treatment.withdrawal_period", json!(0)),
                ("treatment.drug_during_withdrawal", json!(false)),
                ("treatment.otc_test_passed", json!(true)),
            ],
        ),
        {
            let mut merge = event(
                "TransformationEvent",
                6,
                "2026-11-16T08:00:00+09:00",
                "urn:gdst:bizStep:commingling",
                "jeju-livefish",
                json!({
                    "inputQuantityList": [kg(&farm_a, 420.0), kg(&farm_b, 380.0)],
                    "outputQuantityList": [kg(&truck, 800.0)]
                }),
                &[
                    ("transport.carrier", json!("제주활어운송")),
                    ("transport.vehicle_type", json!("live_tank")),
                    ("transport.product_state", json!("live")),
                    ("transport.vehicle_id", json!("제주 80바 1234")),
                ],
            );
            if let Value::Object(m) = &mut merge {
                m.insert(
                    "sensorElementList".into(),
                    temps("2026-11-16T08", &[11.8, 12.1, 12.4, 12.0, 11.9, 12.2]),
                );
            }
            merge
        },
        event(
            "ObjectEvent",
            7,
            "2026-11-17T05:30:00+09:00",
            "receiving",
            "bada-fresh",
            json!({ "action": "OBSERVE", "quantityList": [kg(&truck, 800.0)] }),
            &[
                ("processing.supplier_name", json!("제주활어운송")),
                ("processing.receiving_form", json!("live")),
                ("processing.receiving_staff", json!("박수진")),
            ],
        ),
        event(
            "TransformationEvent",
            8,
            "2026-11-17T09:00:00+09:00",
            "repackaging",
            "bada-fresh",
            json!({
                "inputQuantityList": [kg(&truck, 800.0)],
                "outputQuantityList": [kg(&pack_a, 160.0), kg(&pack_b, 140.0), kg(&by, 500.0)]
            }),
            &[
                ("processing.product_name", json!("넙치 싱싱회")),
                ("processing.product_form", json!("sashimi")),
                ("processing.packing_method", json!("진공 포장, 0–2 °C")),
                ("processing.unit_weight", json!(250)),
            ],
        ),
        event(
            "ObjectEvent",
            9,
            "2026-11-17T14:00:00+09:00",
            "shipping",
            "bada-fresh",
            json!({
                "action": "OBSERVE",
                "quantityList": [kg(&pack_a, 160.0)],
                "destinationList": [{ "type": "owning_party", "destination": sgln(&gln_of("hanbit-gangnam")) }]
            }),
            &[
                ("processing.destination", json!("한빛마트 강남점")),
                ("processing.shipping_carrier", json!("바다로지스")),
            ],
        ),
        event(
            "ObjectEvent",
            10,
            "2026-11-17T14:10:00+09:00",
            "shipping",
            "bada-fresh",
            json!({
                "action": "OBSERVE",
                "quantityList": [kg(&pack_b, 140.0)],
                "destinationList": [{ "type": "owning_party", "destination": sgln(&gln_of("pureun-mapo")) }]
            }),
            &[
                ("processing.destination", json!("푸른수산 마포점")),
                ("processing.shipping_carrier", json!("바다로지스")),
            ],
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

/// The fish counter of 한빛마트 강남점 (its GLN, sub-location 1), where a thermometer
/// reports the display temperature; the kiosk beside it shows the latest reading.
pub const COUNTER: &str = "urn:epc:id:sgln:8801234.00006.1";

/// How old the counter's latest reading may be before seeding records a new one: the
/// demo's thermometer "reports" when the server starts, so the kiosk shows a current
/// temperature, without adding a reading at every restart.
const COUNTER_REPORTS_EVERY_MINUTES: i64 = 60;

/// One reading of the counter thermometer at `now` (its own offset, +09:00), with an
/// eventID fixed by the minute so seeding twice in that minute stores it once.
fn counter_reading(now: chrono::DateTime<chrono::Utc>) -> Value {
    let kst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
    let time = now
        .with_timezone(&kst)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let minute = now.timestamp().div_euclid(60);
    json!({
        "type": "ObjectEvent",
        "eventID": format!("urn:uuid:6c0f0e2a-1d5b-4f3e-9a7d-{:012}", minute.rem_euclid(1_000_000_000_000)),
        "eventTime": time,
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": "sensor_reporting",
        "readPoint": { "id": COUNTER },
        "bizLocation": { "id": COUNTER },
        "sensorElementList": [{
            "sensorMetadata": { "time": time },
            "sensorReport": [{ "type": "Temperature", "value": 1.8, "uom": "CEL", "time": time }]
        }]
    })
}

/// `text` as a URL query value (every byte but ASCII letters and digits escaped).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The retail packs a shopper can scan, as (GTIN, lot).
pub const RETAIL_PACKS: [(&str, &str); 2] = [(SASHIMI, "L261117A"), (SASHIMI, "L261117B")];

/// The demo document as EPCIS 2.0 JSON-LD, as a capture client would send it.
pub fn document() -> Value {
    json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "lt": LT_IRI }],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-18T07:00:00+09:00",
        "epcisBody": { "eventList": events() }
    })
}

fn counter_reported_since(
    store: &dyn Store,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DemoError> {
    let place = Place::parse(COUNTER).map_err(|e| DemoError::Invalid(e.message))?;
    let events: Vec<Event> = store
        .sensor_events_at(&place.sgln_uris(), 1)?
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect();
    Ok(latest_reading(&events, &place)
        .and_then(|r| chrono::DateTime::parse_from_rfc3339(&r.time).ok())
        .is_some_and(|t| t >= since))
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo event is not valid EPCIS: {0}")]
    Invalid(String),
}

/// Seeds the businesses and events (idempotent) and returns the trace-page URL of
/// every retail pack under `base` (e.g. `http://127.0.0.1:8080`).
pub fn seed(store: &dyn Store, base: &str) -> Result<Vec<String>, DemoError> {
    for b in businesses() {
        store.upsert_business(&b)?;
    }
    let mut parsed = Vec::new();
    for value in events() {
        let event: Event =
            serde_json::from_value(value).map_err(|e| DemoError::Invalid(e.to_string()))?;
        parsed.push(event);
    }
    let now = chrono::Utc::now();
    if !counter_reported_since(
        store,
        now - chrono::Duration::minutes(COUNTER_REPORTS_EVERY_MINUTES),
    )? {
        let reading = serde_json::from_value(counter_reading(now))
            .map_err(|e| DemoError::Invalid(e.to_string()))?;
        parsed.push(reading);
    }
    let rows = crate::capture::prepare(&parsed, &businesses()).map_err(DemoError::Invalid)?;
    store.insert_events(&rows)?;
    Ok(RETAIL_PACKS
        .iter()
        .map(|(gtin, l)| {
            LotKey::Gtin {
                gtin: (*gtin).into(),
                lot: (*l).into(),
            }
            .digital_link(base)
        })
        .collect())
}
