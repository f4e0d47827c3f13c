//! The demo flounder chain — one hatchery, two farms in Jeju, a live-fish truck that
//! merges the two farm lots, a processing plant that cuts the merged lot into sashimi
//! packs and a by-product, two stores — plus the businesses that hold the other roles.
//! Its 17 events are made by the same record builders as a staff form's
//! ([`crate::record::event`]); the server seeds them with `--demo`, core's tests audit
//! and trace them. Every hand-off between businesses is a ship naming its recipient
//! (`destinationList`), so the chain passes the capture rules' custody rule; the
//! receives name their source (`sourceList`). Events 1–12 keep the numbers they had
//! before the five shipments (21–25) came between them.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::codes::LotKey;
use crate::epcis::{Event, Problem, LT_IRI};
use crate::lot_pattern::{Common, LotQuantity, TemperatureReading};
use crate::party::Party;
use crate::record::{self, Parties, Shape};
use crate::role::Role;

pub const FRY: &str = "08801234000109";
pub const LIVE: &str = "08801234000208";
pub const SASHIMI: &str = "08801234567893";
pub const BYPRODUCT: &str = "08801234000307";

/// The GS1 company prefix of every demo GLN and GTIN.
pub const GS1_PREFIX: &str = "8801234";

/// The retail packs a shopper can scan, as (GTIN, lot).
pub const RETAIL_PACKS: [(&str, &str); 2] = [(SASHIMI, "L261117A"), (SASHIMI, "L261117B")];

/// The fish counter of 한빛마트 강남점 (its GLN, sub-location 1), where a thermometer
/// reports the display temperature; the kiosk beside it shows the latest reading.
pub const COUNTER: &str = "urn:epc:id:sgln:8801234.00006.1";

/// A demo business, as a deployment would register it.
#[derive(Debug, Clone, PartialEq)]
pub struct Business {
    pub id: &'static str,
    pub name: &'static str,
    pub gln: &'static str,
    pub role: Role,
    pub phone: &'static str,
    pub address: &'static str,
}

impl Business {
    pub fn email(&self) -> String {
        format!("{}@example.kr", self.id)
    }

    /// The business as the trace names it.
    pub fn party(&self) -> Party {
        Party {
            id: self.id.into(),
            name: self.name.into(),
            gln: self.gln.into(),
            role: self.role,
            phone: Some(self.phone.into()),
            email: Some(self.email()),
            address: Some(self.address.into()),
        }
    }
}

const fn b(
    id: &'static str,
    name: &'static str,
    gln: &'static str,
    role: Role,
    phone: &'static str,
    address: &'static str,
) -> Business {
    Business {
        id,
        name,
        gln,
        role,
        phone,
        address,
    }
}

/// The chain's seven businesses, then the four that hold the other roles' accounts.
pub const BUSINESSES: [Business; 11] = [
    b(
        "halla-hatchery",
        "한라종묘",
        "8801234000017",
        Role::Hatchery,
        "064-710-1001",
        "제주특별자치도 서귀포시 대정읍",
    ),
    b(
        "seongsan-farm",
        "성산양어장",
        "8801234000024",
        Role::Farm,
        "064-782-2002",
        "제주특별자치도 서귀포시 성산읍",
    ),
    b(
        "hallim-farm",
        "한림양어장",
        "8801234000031",
        Role::Farm,
        "064-796-3003",
        "제주특별자치도 제주시 한림읍",
    ),
    b(
        "jeju-livefish",
        "제주활어운송",
        "8801234000048",
        Role::Transporter,
        "064-751-4004",
        "제주특별자치도 제주시 건입동",
    ),
    b(
        "bada-fresh",
        "바다싱싱 가공",
        "8801234000055",
        Role::Processor,
        "051-610-5005",
        "부산광역시 사하구 감천항로",
    ),
    b(
        "hanbit-gangnam",
        "한빛마트 강남점",
        "8801234000062",
        Role::Retailer,
        "02-555-6006",
        "서울특별시 강남구 테헤란로",
    ),
    b(
        "pureun-mapo",
        "푸른수산 마포점",
        "8801234000079",
        Role::Retailer,
        "02-333-7007",
        "서울특별시 마포구 월드컵로",
    ),
    // Not in the chain's events: the accounts of the other roles need a business.
    b(
        "jeju-feed",
        "제주사료",
        "8801234000109",
        Role::Feed,
        "064-722-8008",
        "제주특별자치도 제주시 조천읍",
    ),
    b(
        "noryangjin-wholesale",
        "노량진수산 도매",
        "8801234000116",
        Role::Wholesaler,
        "02-814-9009",
        "서울특별시 동작구 노들로",
    ),
    b(
        "lottrace-ops",
        "Lottrace 운영",
        "8801234000086",
        Role::Operator,
        "02-000-0000",
        "서울특별시",
    ),
    b(
        "nfqs",
        "국립수산물품질관리원",
        "8801234000093",
        Role::Regulator,
        "051-400-5600",
        "부산광역시 영도구",
    ),
];

/// The businesses whose locations the chain's events name.
pub fn parties() -> Vec<Party> {
    BUSINESSES[..7].iter().map(Business::party).collect()
}

/// The GLN of a demo business ("" for an unknown ID).
pub fn gln_of(id: &str) -> &'static str {
    BUSINESSES
        .iter()
        .find(|b| b.id == id)
        .map(|b| b.gln)
        .unwrap_or("")
}

/// A demo GLN as an SGLN URI (company prefix of 7 digits, no extension).
pub fn sgln(gln: &str) -> String {
    match (gln.get(..7), gln.get(7..gln.len().saturating_sub(1))) {
        (Some(prefix), Some(reference)) if gln.len() == 13 => {
            format!("urn:epc:id:sgln:{prefix}.{reference}.0")
        }
        _ => String::new(),
    }
}

pub fn lot(gtin: &str, lot: &str) -> LotKey {
    LotKey::Gtin {
        gtin: gtin.into(),
        lot: lot.into(),
    }
}

/// The first retail pack (한빛마트 강남점's).
pub fn pack_a() -> LotKey {
    lot(RETAIL_PACKS[0].0, RETAIL_PACKS[0].1)
}

/// The demo's event IDs: fixed, so seeding twice stores each once.
pub fn event_id(n: u32) -> String {
    format!("urn:uuid:6c0f0e2a-1d5b-4f3e-9a7c-{n:012}")
}

fn common(n: u32, time: &str, at: &str, fields: &[(&str, Value)]) -> Common {
    Common {
        event_id: event_id(n),
        time: time.into(),
        location: sgln(gln_of(at)),
        read_point: None,
        documents: Vec::new(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
        temperatures: Vec::new(),
    }
}

fn kg(lot: &LotKey, kg: f64) -> LotQuantity {
    LotQuantity::new(lot.clone(), kg)
}

/// A thermometer log: one reading every ten minutes from `start` (`YYYY-MM-DDTHH`).
fn every_ten_minutes(start: &str, values: &[f64]) -> Vec<TemperatureReading> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| TemperatureReading {
            time: format!("{start}:{:02}:00+09:00", i * 10),
            celsius: *v,
        })
        .collect()
}

/// One record of the chain: its shape, common members, lots used, lots made, parties.
type Record = (Shape, Common, Vec<LotQuantity>, Vec<LotQuantity>, Parties);

/// The demo chain's events, oldest first. `Err` only if a builder changed so that the
/// demo's records no longer pass it (a test keeps that from shipping).
pub fn events() -> Result<Vec<Event>, Vec<Problem>> {
    let fry = lot(FRY, "FRY2603A");
    let farm_a = lot(LIVE, "SS2611A");
    let farm_b = lot(LIVE, "HL2611B");
    let truck = lot(LIVE, "TR261116");
    let pack_a = lot(SASHIMI, "L261117A");
    let pack_b = lot(SASHIMI, "L261117B");
    let by = lot(BYPRODUCT, "BP261117");
    let none = Parties::default;
    // The other business of a hand-off: whom a ship sends to, whom a receive came from.
    let to = |id: &str| Parties {
        own: None,
        other: Some(sgln(gln_of(id))),
    };
    let from = to;
    let ship = |n: u32, time: &str, by: &str, lot: &LotKey, q: f64, recipient: &str| {
        (
            Shape::Ship,
            common(n, time, by, &[]),
            vec![kg(lot, q)],
            vec![],
            to(recipient),
        )
    };
    let harvest = "urn:gdst:bizStep:farmHarvest";
    let mut merge = common(
        6,
        "2026-11-16T08:00:00+09:00",
        "jeju-livefish",
        &[
            ("transport.carrier", json!("제주활어운송")),
            ("transport.vehicle_type", json!("live_tank")),
            ("transport.product_state", json!("live")),
            ("transport.vehicle_id", json!("제주 80바 1234")),
        ],
    );
    merge.temperatures = every_ten_minutes("2026-11-16T08", &[11.8, 12.1, 12.4, 12.0, 11.9, 12.2]);
    let records: Vec<Record> = vec![
        (
            Shape::Create("urn:gdst:bizStep:hatching"),
            common(
                1,
                "2026-03-02T09:00:00+09:00",
                "halla-hatchery",
                &[
                    ("hatchery.producer_name", json!("김한라")),
                    ("hatchery.business_name", json!("한라종묘")),
                    ("hatchery.production_date", json!("2026-01-15")),
                    ("hatchery.drug_administered", json!(false)),
                    ("hatchery.disease_test_passed", json!(true)),
                ],
            ),
            vec![],
            vec![kg(&fry, 60.0)],
            none(),
        ),
        // Each hand-off names its recipient (destinationList): that is what lets the
        // next business record the lot (the custody rule).
        ship(
            21,
            "2026-03-19T09:00:00+09:00",
            "halla-hatchery",
            &fry,
            32.0,
            "seongsan-farm",
        ),
        ship(
            22,
            "2026-03-20T09:00:00+09:00",
            "halla-hatchery",
            &fry,
            28.0,
            "hallim-farm",
        ),
        (
            Shape::Process,
            common(
                2,
                "2026-03-20T10:00:00+09:00",
                "seongsan-farm",
                &[
                    ("farm.name", json!("성산양어장")),
                    ("farm.license_number", json!("제주-성산-0412")),
                    ("farm.fry_species", json!("넙치 (Paralichthys olivaceus)")),
                    ("farm.fry_supplier", json!("한라종묘")),
                    ("farm.method", json!("land_tank")),
                ],
            ),
            vec![kg(&fry, 32.0)],
            vec![kg(&farm_a, 32.0)],
            none(),
        ),
        (
            Shape::Process,
            common(
                3,
                "2026-03-21T10:00:00+09:00",
                "hallim-farm",
                &[
                    ("farm.name", json!("한림양어장")),
                    ("farm.license_number", json!("제주-한림-0877")),
                    ("farm.fry_species", json!("넙치 (Paralichthys olivaceus)")),
                    ("farm.fry_supplier", json!("한라종묘")),
                    ("farm.method", json!("land_tank")),
                ],
            ),
            vec![kg(&fry, 28.0)],
            vec![kg(&farm_b, 28.0)],
            none(),
        ),
        (
            Shape::Observe(harvest),
            common(
                4,
                "2026-11-16T06:00:00+09:00",
                "seongsan-farm",
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
                    // Fishmeal from Chilean anchovy: the page names the country.
                    ("feed.ingredient_origin", json!("CL")),
                    ("treatment.oral_administered", json!(true)),
                    ("treatment.oral_drug_name", json!("옥시테트라사이클린")),
                    ("treatment.oral_last_date", json!("2026-09-30")),
                    ("treatment.withdrawal_period", json!(30)),
                    ("treatment.drug_during_withdrawal", json!(false)),
                    ("treatment.otc_test_passed", json!(true)),
                ],
            ),
            vec![kg(&farm_a, 420.0)],
            vec![],
            none(),
        ),
        (
            Shape::Observe(harvest),
            common(
                5,
                "2026-11-16T06:30:00+09:00",
                "hallim-farm",
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
            vec![kg(&farm_b, 380.0)],
            vec![],
            none(),
        ),
        ship(
            23,
            "2026-11-16T07:00:00+09:00",
            "seongsan-farm",
            &farm_a,
            420.0,
            "jeju-livefish",
        ),
        ship(
            24,
            "2026-11-16T07:15:00+09:00",
            "hallim-farm",
            &farm_b,
            380.0,
            "jeju-livefish",
        ),
        (
            Shape::Merge,
            merge,
            vec![kg(&farm_a, 420.0), kg(&farm_b, 380.0)],
            vec![kg(&truck, 800.0)],
            none(),
        ),
        ship(
            25,
            "2026-11-17T05:00:00+09:00",
            "jeju-livefish",
            &truck,
            800.0,
            "bada-fresh",
        ),
        (
            Shape::Receive,
            common(
                7,
                "2026-11-17T05:30:00+09:00",
                "bada-fresh",
                &[
                    ("processing.supplier_name", json!("제주활어운송")),
                    ("processing.receiving_form", json!("live")),
                    ("processing.receiving_staff", json!("박수진")),
                ],
            ),
            vec![kg(&truck, 800.0)],
            vec![],
            from("jeju-livefish"),
        ),
        (
            Shape::Split,
            common(
                8,
                "2026-11-17T09:00:00+09:00",
                "bada-fresh",
                &[
                    ("processing.product_name", json!("넙치 싱싱회")),
                    ("processing.product_form", json!("sashimi")),
                    ("processing.packing_method", json!("진공 포장, 0–2 °C")),
                    ("processing.unit_weight", json!(250)),
                ],
            ),
            vec![kg(&truck, 800.0)],
            vec![kg(&pack_a, 160.0), kg(&pack_b, 140.0), kg(&by, 500.0)],
            none(),
        ),
        (
            Shape::Ship,
            common(
                9,
                "2026-11-17T14:00:00+09:00",
                "bada-fresh",
                &[("processing.shipping_carrier", json!("바다로지스"))],
            ),
            vec![kg(&pack_a, 160.0)],
            vec![],
            to("hanbit-gangnam"),
        ),
        (
            Shape::Ship,
            common(
                10,
                "2026-11-17T14:10:00+09:00",
                "bada-fresh",
                &[("processing.shipping_carrier", json!("바다로지스"))],
            ),
            vec![kg(&pack_b, 140.0)],
            vec![],
            to("pureun-mapo"),
        ),
        (
            Shape::Receive,
            common(
                11,
                "2026-11-18T06:20:00+09:00",
                "hanbit-gangnam",
                &[
                    ("retail.store_name", json!("한빛마트 강남점")),
                    ("retail.product_form", json!("sashimi")),
                ],
            ),
            vec![kg(&pack_a, 160.0)],
            vec![],
            from("bada-fresh"),
        ),
        (
            Shape::Receive,
            common(
                12,
                "2026-11-18T06:40:00+09:00",
                "pureun-mapo",
                &[
                    ("retail.store_name", json!("푸른수산 마포점")),
                    ("retail.product_form", json!("sashimi")),
                ],
            ),
            vec![kg(&pack_b, 140.0)],
            vec![],
            from("bada-fresh"),
        ),
    ];
    records
        .into_iter()
        .map(|(shape, common, inputs, outputs, parties)| {
            record::event(shape, common, &inputs, &outputs, parties)
        })
        .collect()
}

/// The demo document as EPCIS 2.0 JSON-LD, as a capture client would send it.
pub fn document() -> Result<Value, Vec<Problem>> {
    Ok(json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "lt": LT_IRI }],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-18T07:00:00+09:00",
        "epcisBody": { "eventList": events()? }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epcis::validate_event;

    fn numbered(events: &[Event], n: u32) -> &Event {
        let id = event_id(n);
        events
            .iter()
            .find(|e| e.event_id() == Some(id.as_str()))
            .expect("demo event")
    }

    #[test]
    fn the_chain_builds_and_every_event_is_valid() {
        let events = events().expect("demo chain builds");
        assert_eq!(events.len(), 17);
        let ids: Vec<&str> = events.iter().filter_map(Event::event_id).collect();
        let numbers = (1..=12).chain(21..=25);
        assert_eq!(
            ids.iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            numbers
                .map(event_id)
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect()
        );
        for (i, e) in events.iter().enumerate() {
            assert!(validate_event(e, "").is_empty(), "event {}", i + 1);
        }
        let times: Vec<_> = events.iter().map(Event::event_time_utc).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    }

    #[test]
    fn every_hand_off_is_in_custody_and_an_unsent_one_is_not() {
        let events = events().expect("demo chain builds");
        let parties: Vec<Party> = BUSINESSES.iter().map(Business::party).collect();
        let mut none: &[Event] = &[];
        let refusal = crate::capture_rules::first_outside_custody(&mut none, &events, &parties);
        assert_eq!(refusal.expect("infallible"), None);
        // Without the transporter's shipment the plant may not receive the truck's lot.
        let unsent: Vec<Event> = events
            .iter()
            .filter(|e| e.event_id() != Some(event_id(25).as_str()))
            .cloned()
            .collect();
        let mut none: &[Event] = &[];
        let refusal = crate::capture_rules::first_outside_custody(&mut none, &unsent, &parties)
            .expect("infallible")
            .expect("refused");
        assert_eq!(unsent[refusal.index].event_id(), Some(event_id(7).as_str()));
        assert_eq!(refusal.owner.id, "jeju-livefish");
    }

    #[test]
    fn shipments_name_the_recipient_as_party_and_place() {
        let events = events().expect("demo chain builds");
        let ship = numbered(&events, 9);
        let to: Vec<(&str, &str)> = ship
            .destination_list()
            .iter()
            .map(|d| (d.destination_type.as_str(), d.destination.as_str()))
            .collect();
        assert_eq!(
            to,
            [
                ("owning_party", "urn:epc:id:pgln:8801234.00006"),
                ("location", "urn:epc:id:sgln:8801234.00006.0")
            ]
        );
        assert!(ship.lt_get("processing.destination").is_none());
    }

    #[test]
    fn numbers_given_as_numbers_stay_as_written() {
        let events = events().expect("demo chain builds");
        let harvest = numbered(&events, 4);
        let period = harvest.lt_get("treatment.withdrawal_period");
        assert_eq!(period, Some(&json!(30)));
        assert_eq!(
            harvest
                .lt_get("treatment.withdrawal_period")
                .map(|v| v.to_string()),
            Some("30".into())
        );
    }

    #[test]
    fn sgln_of_a_demo_gln() {
        assert_eq!(sgln("8801234000062"), "urn:epc:id:sgln:8801234.00006.0");
        assert_eq!(sgln("12"), "");
        assert_eq!(gln_of("nfqs"), "8801234000093");
    }
}
