//! Documents Lottrace emits validate against GS1's EPCIS 2.0 JSON Schema
//! (`EPCIS-JSON-Schema.json`, checked with the `jsonschema` crate, formats included).

mod epcis_support;

use epcis_support::*;
use lottrace_core::epcis::*;
use serde_json::{json, Value};

fn validator() -> Option<jsonschema::Validator> {
    let bytes = fixture("gs1-epcis/EPCIS-JSON-Schema.json")?;
    let schema: Value = serde_json::from_slice(&bytes).expect("schema is JSON");
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles"),
    )
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn our_document_with_every_event_kind_passes_the_gs1_schema() {
    let Some(v) = validator() else { return };
    let doc = sample_document();
    let kinds: Vec<&str> = doc.events().iter().map(Event::type_name).collect();
    for k in [
        "ObjectEvent",
        "TransformationEvent",
        "AggregationEvent",
        "AssociationEvent",
    ] {
        assert!(kinds.contains(&k), "sample lacks {k}");
    }
    assert!(doc.events().iter().any(|e| !e.sensor_elements().is_empty()));
    assert!(doc.events().iter().any(|e| e.error_declaration().is_some()));
    let value = doc.to_value();
    assert!(value.to_string().contains("\"lt:farm.stocking_date\""));
    assert_eq!(errors(&v, &value), Vec::<String>::new());
}

#[test]
fn our_query_document_passes_the_gs1_schema() {
    let Some(v) = validator() else { return };
    let q = query_document_at(
        sample_document().into_events(),
        "SimpleEventQuery",
        Some("2024-05-15T10:00:00+09:00"),
    );
    assert_eq!(errors(&v, &q), Vec::<String>::new());
    let q = query_document(vec![harvest()], "SimpleEventQuery");
    assert_eq!(errors(&v, &q), Vec::<String>::new());
}

#[test]
fn the_schema_check_has_teeth() {
    let Some(v) = validator() else { return };
    let mut bad = sample_document().to_value();
    bad["epcisBody"]["eventList"][0]["action"] = json!("CREATE");
    bad["epcisBody"]["eventList"][1]["eventTimeZoneOffset"] = json!("9:00");
    let errs = errors(&v, &bad);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/epcisBody/eventList/0/action")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/epcisBody/eventList/1/eventTimeZoneOffset")),
        "{errs:#?}"
    );
}

#[test]
fn round_tripped_gs1_examples_still_pass_the_schema() {
    let Some(v) = validator() else { return };
    for name in [
        "Example_9.6.1-ObjectEvent.jsonld",
        "Example_9.6.4-TransformationEvent.jsonld",
        "WithSensorData__SensorDataExample1.jsonld",
        "WithFullCombinationOfFields__object_event_all_possible_fields.jsonld",
        "EPCISQueryDocument.jsonld",
    ] {
        let Some(bytes) = fixture(&format!("gs1-epcis/{name}")) else {
            return;
        };
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let ours = parse_document(&bytes).unwrap().to_value();
        assert_eq!(
            errors(&v, &original),
            Vec::<String>::new(),
            "{name} (as published)"
        );
        assert_eq!(
            errors(&v, &ours),
            Vec::<String>::new(),
            "{name} (after our round trip)"
        );
    }
}

#[test]
fn cbv_urns_are_written_in_the_bare_form_the_schema_requires() {
    let Some(v) = validator() else { return };
    let mut e = ship();
    assert_eq!(e.biz_step(), Some("urn:epcglobal:cbv:bizstep:shipping"));
    let hash_before = e.hash_id();
    let raw = json!({"@context": [EPCIS_CONTEXT], "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2024-05-15T10:00:00+09:00", "epcisBody": {"eventList": [e.to_value()]}});
    assert!(
        !errors(&v, &raw).is_empty(),
        "the schema rejects CBV URNs in JSON"
    );
    e.normalize_vocabulary();
    assert_eq!(e.biz_step(), Some("shipping"));
    assert_eq!(
        e.hash_id(),
        hash_before,
        "normalisation does not change the event's identity"
    );
    let mut g = harvest();
    if let Event::ObjectEvent(o) = &mut g {
        o.biz_step = Some("urn:gdst:bizStep:farmHarvest".into());
    }
    g.normalize_vocabulary();
    assert_eq!(
        g.biz_step(),
        Some("urn:gdst:bizStep:farmHarvest"),
        "non-CBV URIs stay"
    );
}
