//! A document built with our types the way Lottrace emits them: every event kind, lt:
//! ilmd / extension members and a cold-chain sensor series.

#![allow(dead_code)]

use lottrace_core::epcis::*;
use serde_json::json;

pub const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/external"
);

pub fn fixture(rel: &str) -> Option<Vec<u8>> {
    let p = std::path::Path::new(FIXTURES).join(rel);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("SKIP: fixture {} is absent", p.display());
            None
        }
    }
}

pub const LOT_A: &str = "urn:epc:class:lgtin:8801234.056789.L240513A";
pub const LOT_B: &str = "urn:epc:class:lgtin:8801234.056789.L240513B";
pub const LOT_M: &str = "urn:epc:class:lgtin:8801234.056789.M240514";
pub const FARM: &str = "urn:epc:id:sgln:8801234.00001.0";
pub const PLANT: &str = "urn:epc:id:sgln:8801234.00002.0";

pub fn harvest() -> Event {
    let mut e = Event::ObjectEvent(ObjectEvent {
        event_time: "2024-05-13T06:30:00+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        action: Action::Add,
        biz_step: Some("commissioning".into()),
        disposition: Some("active".into()),
        read_point: Some(Location::new(FARM)),
        biz_location: Some(Location::new(FARM)),
        quantity_list: Some(vec![QuantityElement::kg(LOT_A, 120.5)]),
        ..Default::default()
    });
    e.lt_set_ilmd("farm.stocking_date", json!("2023-09-01"));
    e.lt_set_ilmd("farm.pond", json!("Tank 3"));
    e.lt_set_extension("farm.otc_test_passed", json!(true));
    e
}

pub fn merge() -> Event {
    let mut e = Event::TransformationEvent(TransformationEvent {
        event_time: "2024-05-14T09:00:00.250+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        input_quantity_list: Some(vec![
            QuantityElement::kg(LOT_A, 120.5),
            QuantityElement::kg(LOT_B, 80.0),
        ]),
        output_quantity_list: Some(vec![QuantityElement::kg(LOT_M, 196.0)]),
        biz_step: Some("commissioning".into()),
        read_point: Some(Location::new(PLANT)),
        biz_location: Some(Location::new(PLANT)),
        ..Default::default()
    });
    e.lt_set_ilmd("processing.method", json!("fillet"));
    e
}

pub fn pack() -> Event {
    Event::AggregationEvent(AggregationEvent {
        event_time: "2024-05-14T11:00:00+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        parent_id: Some("urn:epc:id:sscc:8801234.0000000017".into()),
        child_quantity_list: Some(vec![QuantityElement::kg(LOT_M, 196.0)]),
        action: Action::Add,
        biz_step: Some("packing".into()),
        disposition: Some("in_progress".into()),
        biz_location: Some(Location::new(PLANT)),
        ..Default::default()
    })
}

pub fn associate() -> Event {
    Event::AssociationEvent(AggregationEvent {
        event_time: "2024-05-14T11:05:00+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        parent_id: Some("urn:epc:id:giai:8801234.LOGGER7".into()),
        child_epcs: Some(vec!["urn:epc:id:sscc:8801234.0000000017".into()]),
        action: Action::Add,
        biz_step: Some("assembling".into()),
        ..Default::default()
    })
}

pub fn ship() -> Event {
    let report = |t: &str, v: f64| SensorReport {
        report_type: Some("Temperature".into()),
        value: Some(v),
        uom: Some("CEL".into()),
        time: Some(t.into()),
        ..Default::default()
    };
    Event::ObjectEvent(ObjectEvent {
        event_time: "2024-05-15T05:00:00+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        event_id: Some("urn:uuid:6f1c2a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f".into()),
        action: Action::Observe,
        biz_step: Some("urn:epcglobal:cbv:bizstep:shipping".into()),
        disposition: Some("in_transit".into()),
        read_point: Some(Location::new(PLANT)),
        quantity_list: Some(vec![QuantityElement::kg(LOT_M, 196.0)]),
        biz_transaction_list: Some(vec![BizTransaction {
            biz_transaction_type: Some("desadv".into()),
            biz_transaction: "urn:epcglobal:cbv:bt:8801234000009:ASN77".into(),
        }]),
        source_list: Some(vec![Source {
            source_type: "owning_party".into(),
            source: "urn:epc:id:pgln:8801234.00002".into(),
        }]),
        destination_list: Some(vec![Destination {
            destination_type: "location".into(),
            destination: "urn:epc:id:sgln:8809999.00010.0".into(),
        }]),
        sensor_element_list: Some(vec![SensorElement {
            sensor_metadata: Some(SensorMetadata {
                device_id: Some("urn:epc:id:giai:8801234.LOGGER7".into()),
                start_time: Some("2024-05-15T05:00:00+09:00".into()),
                end_time: Some("2024-05-15T09:00:00+09:00".into()),
                ..Default::default()
            }),
            sensor_report: vec![
                report("2024-05-15T05:00:00+09:00", 2.5),
                report("2024-05-15T07:00:00+09:00", 3.0),
                report("2024-05-15T09:00:00+09:00", 4.1),
            ],
            ..Default::default()
        }]),
        ..Default::default()
    })
}

/// A correction: the harvest weight was wrong; the corrected event is linked.
pub fn correction(original: &Event, corrective_id: &str) -> Event {
    let mut e = original.clone();
    if let Event::ObjectEvent(o) = &mut e {
        o.error_declaration = Some(ErrorDeclaration {
            declaration_time: "2024-05-13T08:00:00+09:00".into(),
            reason: Some("incorrect_data".into()),
            corrective_event_ids: Some(vec![corrective_id.into()]),
            ..Default::default()
        });
    }
    e
}

pub fn sample_document() -> EpcisDocument {
    let h = harvest();
    let mut events = vec![h.clone(), merge(), pack(), associate(), ship()];
    let fixed = h.hash_id();
    events.push(correction(&h, &fixed));
    let mut doc = EpcisDocument::new(events, "2024-05-15T10:00:00+09:00");
    doc.assign_missing_event_ids();
    doc
}
