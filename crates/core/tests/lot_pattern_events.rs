//! The six lot patterns of guideline I.6.3 build valid EPCIS 2.0 events, are recognised
//! back from stored events, keep the merge/split correspondence genealogy needs, and
//! refuse bad forms with paths.

use std::collections::BTreeMap;

use lottrace_core::codes::LotKey;
use lottrace_core::epcis::{validate, BizTransaction, EpcisDocument, Event};
use lottrace_core::genealogy::Genealogy;
use lottrace_core::lot_pattern::*;
use serde_json::{json, Value};

const PLANT: &str = "8801234000055";
const STORE: &str = "urn:epc:id:sgln:8801234.00006.0";

fn lot(l: &str) -> LotKey {
    LotKey::gtin_lot("08801234567893", l).expect("valid lot")
}

fn common(n: u32, fields: &[(&str, Value)]) -> Common {
    Common {
        event_id: format!("urn:uuid:00000000-0000-4000-8000-{n:012}"),
        time: "2026-11-17T09:00:00+09:00".into(),
        location: PLANT.into(),
        read_point: None,
        documents: vec![],
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
        temperatures: vec![],
    }
}

fn q(l: &str, kg: f64) -> LotQuantity {
    LotQuantity::new(lot(l), kg)
}

fn all_patterns() -> Vec<(LotPattern, Event)> {
    let receive = Receive {
        common: Common {
            documents: vec![BizTransaction {
                biz_transaction_type: Some("desadv".into()),
                biz_transaction: "urn:epcglobal:cbv:bt:8801234000048:DN-77".into(),
            }],
            ..common(
                1,
                &[
                    ("processing.receiving_form", json!("live")),
                    ("processing.receiving_staff", json!("박수진")),
                ],
            )
        },
        lots: vec![q("TR1", 800.0)],
        from: vec![TransferParty::owner("8801234000048")],
        to: vec![TransferParty::owner(PLANT)],
    };
    let moved = InternalMove {
        common: common(2, &[]),
        lots: vec![q("TR1", 800.0)],
        from: Some("urn:epc:id:sgln:8801234.00005.dock".into()),
        to: Some("urn:epc:id:sgln:8801234.00005.cold1".into()),
    };
    let merge = Merge {
        common: Common {
            temperatures: vec![TemperatureReading {
                time: "2026-11-17T09:10:00+09:00".into(),
                celsius: 2.5,
            }],
            ..common(
                3,
                &[
                    ("processing.product_name", json!("넙치 싱싱회")),
                    ("processing.line", json!("2번 라인")),
                ],
            )
        },
        inputs: vec![q("A1", 420.0), q("B1", 380.0)],
        output: q("M1", 800.0),
    };
    let split = Split {
        common: common(4, &[]),
        input: q("M1", 800.0),
        outputs: vec![q("P1", 300.0), q("P2", 500.0)],
    };
    let process = Process {
        common: common(5, &[("processing.product_form", json!("frozen"))]),
        input: q("P1", 300.0),
        output: q("F1", 240.0),
        byproducts: vec![q("BY1", 60.0)],
    };
    let ship = Ship {
        common: common(
            6,
            &[
                ("processing.destination", json!("한빛마트")),
                ("farm.harvest_date", json!("2026-11-16")),
            ],
        ),
        lots: vec![q("F1", 240.0)],
        from: vec![TransferParty::owner(PLANT)],
        to: vec![TransferParty::owner(STORE), TransferParty::location(STORE)],
    };
    vec![
        (LotPattern::Receive, receive.build().expect("receive")),
        (LotPattern::InternalMove, moved.build().expect("move")),
        (LotPattern::Merge, merge.build().expect("merge")),
        (LotPattern::Split, split.build().expect("split")),
        (LotPattern::Process, process.build().expect("process")),
        (LotPattern::Ship, ship.build().expect("ship")),
    ]
}

#[test]
fn every_pattern_builds_a_valid_document_and_is_recognised_back() {
    let built = all_patterns();
    for (pattern, event) in &built {
        assert_eq!(
            LotPattern::of(event),
            Some(*pattern),
            "{pattern:?}: {}",
            event.to_value()
        );
        // Stored and read back, it is still the same pattern.
        let back: Event = serde_json::from_value(event.to_value()).expect("round trip");
        assert_eq!(LotPattern::of(&back), Some(*pattern));
        assert_eq!(event.biz_step(), Some(pattern.biz_step()));
    }
    let doc = EpcisDocument::new(
        built.into_iter().map(|(_, e)| e).collect(),
        "2026-11-18T00:00:00+09:00",
    );
    validate(&doc).expect("valid EPCIS 2.0 document");
    // The GS1 JSON schema too, when the fixture is present.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/external/gs1-epcis/EPCIS-JSON-Schema.json"
    );
    if let Ok(bytes) = std::fs::read(path) {
        let schema: Value = serde_json::from_slice(&bytes).expect("schema JSON");
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema");
        let errors: Vec<String> = v
            .iter_errors(&doc.to_value())
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn mapping_of_types_actions_and_lists() {
    let built: BTreeMap<LotPattern, Value> = all_patterns()
        .into_iter()
        .map(|(p, e)| (p, e.to_value()))
        .collect();
    let r = &built[&LotPattern::Receive];
    assert_eq!(
        (
            r["type"].as_str(),
            r["action"].as_str(),
            r["disposition"].as_str()
        ),
        (Some("ObjectEvent"), Some("OBSERVE"), Some("in_progress"))
    );
    assert_eq!(
        r["sourceList"][0]["source"],
        "https://id.gs1.org/414/8801234000048"
    );
    assert_eq!(
        r["bizLocation"]["id"],
        "https://id.gs1.org/414/8801234000055"
    );
    assert_eq!(r["bizTransactionList"][0]["type"], "desadv");
    assert_eq!(r["eventTimeZoneOffset"], "+09:00");
    let m = &built[&LotPattern::InternalMove];
    assert_eq!(
        m["sourceList"][0],
        json!({"type": "location", "source": "urn:epc:id:sgln:8801234.00005.dock"})
    );
    assert_eq!(
        m["destinationList"][0]["destination"],
        "urn:epc:id:sgln:8801234.00005.cold1"
    );
    let g = &built[&LotPattern::Merge];
    assert_eq!(g["type"], "TransformationEvent");
    assert_eq!(g["inputQuantityList"].as_array().map(Vec::len), Some(2));
    assert_eq!(g["outputQuantityList"][0]["uom"], "KGM");
    assert_eq!(g["sensorElementList"][0]["sensorReport"][0]["uom"], "CEL");
    let s = &built[&LotPattern::Ship];
    assert_eq!(s["disposition"], "in_transit");
    assert_eq!(s["destinationList"].as_array().map(Vec::len), Some(2));
    let p = &built[&LotPattern::Process];
    assert_eq!(
        p["outputQuantityList"].as_array().map(Vec::len),
        Some(2),
        "product and by-product"
    );
}

#[test]
fn fields_go_to_ilmd_only_where_epcis_allows_it() {
    let built: BTreeMap<LotPattern, Value> = all_patterns()
        .into_iter()
        .map(|(p, e)| (p, e.to_value()))
        .collect();
    let merge = &built[&LotPattern::Merge];
    // product_name's place is ilmd and a TransformationEvent carries ilmd.
    assert_eq!(merge["ilmd"]["lt:processing.product_name"], "넙치 싱싱회");
    // line's place is extension: a top-level member.
    assert_eq!(merge["lt:processing.line"], "2번 라인");
    assert!(merge["ilmd"].get("lt:processing.line").is_none());
    let ship = &built[&LotPattern::Ship];
    // An OBSERVE event may not carry ilmd: the ilmd field becomes an extension member.
    assert!(ship.get("ilmd").is_none());
    assert_eq!(ship["lt:farm.harvest_date"], "2026-11-16");
    assert_eq!(ship["lt:processing.destination"], "한빛마트");
}

#[test]
fn merge_and_split_keep_the_correspondence_for_genealogy() {
    let events: Vec<Event> = all_patterns().into_iter().map(|(_, e)| e).collect();
    let g = Genealogy::from_events(events.iter());
    let back = g.trace_back(&lot("F1")).expect("no cycle");
    let share = |l: &str| back.iter().find(|a| a.lot == lot(l)).and_then(|a| a.share);
    assert_eq!(share("P1"), Some(1.0));
    assert_eq!(share("M1"), Some(1.0));
    let a = share("A1").expect("A1 share");
    assert!((a - 420.0 / 800.0).abs() < 1e-12, "{a}");
    let forward = g.forward(&lot("A1")).expect("no cycle");
    let lots: Vec<String> = forward.descendants.iter().map(|d| d.lot.key()).collect();
    for l in ["M1", "P1", "P2", "F1", "BY1"] {
        assert!(lots.contains(&lot(l).key()), "{l} missing from {lots:?}");
    }
    // The shipment's destination received part of A1.
    assert!(
        forward
            .recipients
            .iter()
            .any(|r| r.id == STORE && r.lots.iter().any(|l| **l == lot("F1"))),
        "{:?}",
        forward.recipients
    );
}

#[test]
fn bad_forms_are_refused_with_paths() {
    let mut merge = Merge {
        common: common(
            9,
            &[
                ("nope.field", json!("x")),
                ("processing.processing_date", json!("2026-11-17")),
            ],
        ),
        inputs: vec![q("A1", 0.0)],
        output: q("A1", f64::NAN),
    };
    merge.common.time = "yesterday".into();
    merge.common.location = "8801234000056".into(); // wrong check digit
    let problems = merge.build().expect_err("bad form");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    for expected in [
        "/inputs",
        "/inputs/0/kg",
        "/output/kg",
        "/output/lot",
        "/time",
        "/location",
        "/fields/nope.field",
        "/fields/processing.processing_date",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    let ship = Ship {
        common: common(10, &[("transport.vehicle_type", json!("rocket"))]),
        lots: vec![q("F1", 10.0), q("F1", 5.0)],
        from: vec![],
        to: vec![],
    };
    let problems = ship.build().expect_err("no destination");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"/to")
            && paths.contains(&"/lots/1/lot")
            && paths.contains(&"/fields/transport.vehicle_type"),
        "{paths:?}"
    );
    let mut c = common(11, &[]);
    c.event_id = "not a uri".into();
    let split = Split {
        common: c,
        input: q("M1", 10.0),
        outputs: vec![q("P1", 10.0)],
    };
    let problems = split.build().expect_err("one output");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"/outputs") && paths.contains(&"/event_id"),
        "{paths:?}"
    );
}

#[test]
fn form_text_is_normalised_by_the_dictionary() {
    let ship = Ship {
        common: common(
            12,
            &[
                ("farm.harvest_date", json!("2026-11-16")),
                ("treatment.otc_test_passed", json!("O")),
                ("treatment.withdrawal_period", json!("30")),
            ],
        ),
        lots: vec![q("F1", 1.5)],
        from: vec![],
        to: vec![TransferParty::owner(STORE)],
    };
    let v = ship.build().expect("valid").to_value();
    assert_eq!(v["lt:treatment.otc_test_passed"], json!(true));
    assert_eq!(v["lt:treatment.withdrawal_period"], json!(30.0));
}

#[test]
fn events_that_are_none_of_the_six() {
    let add: Event = serde_json::from_value(json!({
        "type": "ObjectEvent", "eventTime": "2026-03-02T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
        "action": "ADD", "bizStep": "commissioning",
        "quantityList": [{"epcClass": lot("X").epc_class_uri(), "quantity": 1, "uom": "KGM"}]
    }))
    .expect("event");
    assert_eq!(LotPattern::of(&add), None);
    let many: Event = serde_json::from_value(json!({
        "type": "TransformationEvent", "eventTime": "2026-03-02T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
        "inputQuantityList": [{"epcClass": lot("A").epc_class_uri(), "quantity": 1, "uom": "KGM"}, {"epcClass": lot("B").epc_class_uri(), "quantity": 1, "uom": "KGM"}],
        "outputQuantityList": [{"epcClass": lot("C").epc_class_uri(), "quantity": 1, "uom": "KGM"}, {"epcClass": lot("D").epc_class_uri(), "quantity": 1, "uom": "KGM"}]
    }))
    .expect("event");
    assert_eq!(
        LotPattern::of(&many),
        None,
        "many-to-many is a merge and a split at once"
    );
    // A shape without bizStep is still recognised by its lists.
    let mut merge_shape = many.clone();
    if let Event::TransformationEvent(t) = &mut merge_shape {
        if let Some(l) = t.output_quantity_list.as_mut() {
            l.truncate(1);
        }
    }
    assert_eq!(LotPattern::of(&merge_shape), Some(LotPattern::Merge));
    for p in LotPattern::ALL {
        let labels = p.labels();
        assert!(!labels.ko.is_empty() && labels.ko != labels.en && labels.en != labels.zh);
    }
}
