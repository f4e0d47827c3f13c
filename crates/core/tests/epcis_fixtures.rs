//! Every GS1 EPCIS 2.0 example and every GDST seafood document in the shared external
//! fixtures parses into our types and round-trips without loss.

use std::path::{Path, PathBuf};

use lottrace_core::epcis::{self, json_diff, json_eq, parse_document, Event};
use serde_json::Value;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/external"
);

fn dir(sub: &str) -> Option<PathBuf> {
    let d = Path::new(FIXTURES).join(sub);
    if d.is_dir() {
        Some(d)
    } else {
        eprintln!("SKIP: fixture folder {} is absent", d.display());
        None
    }
}

/// Every `*.jsonld` file in the folder, sorted.
fn jsonld_files(d: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(d)
        .expect("fixture folder readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonld"))
        .collect();
    v.sort();
    v
}

fn round_trip(path: &Path) -> epcis::EpcisDocument {
    let bytes = std::fs::read(path).expect("readable");
    let doc = parse_document(&bytes)
        .unwrap_or_else(|p| panic!("{} does not parse: {p:?}", path.display()));
    let input: Value = serde_json::from_slice(&bytes).expect("json");
    let output = serde_json::to_value(&doc).expect("serialises");
    assert!(
        json_eq(&input, &output),
        "{} loses data in a round trip: {:?}",
        path.display(),
        json_diff(&input, &output)
    );
    // A second pass is byte-stable: our output is a fixed point.
    let again = parse_document(output.to_string().as_bytes()).expect("reparses");
    assert_eq!(again, doc, "{}", path.display());
    doc
}

#[test]
fn gs1_examples_parse_and_round_trip() {
    let Some(d) = dir("gs1-epcis") else { return };
    let files = jsonld_files(&d);
    assert!(
        files.len() >= 25,
        "expected the GS1 examples, found {}",
        files.len()
    );
    let mut kinds = std::collections::BTreeSet::new();
    for f in &files {
        let doc = round_trip(f);
        assert!(!doc.events().is_empty(), "{} has no events", f.display());
        for e in doc.events() {
            kinds.insert(e.type_name());
        }
    }
    for k in [
        "ObjectEvent",
        "AggregationEvent",
        "TransformationEvent",
        "AssociationEvent",
        "TransactionEvent",
    ] {
        assert!(kinds.contains(k), "no {k} seen in the GS1 examples");
    }
}

#[test]
fn gdst_documents_parse_and_round_trip() {
    let Some(d) = dir("opentraceability-gdst") else {
        return;
    };
    let files = jsonld_files(&d);
    assert_eq!(files.len(), 8, "the eight GDST documents");
    for f in &files {
        round_trip(f);
    }
}

#[test]
fn query_document_nests_events_and_keeps_extensions() {
    let Some(d) = dir("gs1-epcis") else { return };
    let doc = round_trip(&d.join("EPCISQueryDocument.jsonld"));
    assert!(doc.is_query_document());
    assert_eq!(doc.events().len(), 2);
    let e = &doc.events()[1];
    assert_eq!(
        e.extension("example:myField").and_then(Value::as_str),
        Some("Example of a vendor/user extension")
    );
    assert_eq!(e.biz_step_short(), Some("receiving"));
    assert_eq!(e.biz_location(), Some("urn:epc:id:sgln:0012345.11111.0"));
    assert_eq!(
        doc.event_list_path(),
        "/epcisBody/queryResults/resultsBody/eventList"
    );
}

#[test]
fn full_object_event_exposes_every_member() {
    let Some(d) = dir("gs1-epcis") else { return };
    let doc =
        round_trip(&d.join("WithFullCombinationOfFields__object_event_all_possible_fields.jsonld"));
    let Event::ObjectEvent(o) = &doc.events()[0] else {
        panic!("expected an ObjectEvent")
    };
    let e = &doc.events()[0];
    assert_eq!(o.quantity_list.as_ref().map(Vec::len), Some(1));
    assert_eq!(e.output_classes()[0].quantity, Some(200.0));
    assert_eq!(e.output_classes()[0].uom.as_deref(), Some("KGM"));
    assert!(
        e.input_classes().is_empty(),
        "ADD creates, consumes nothing"
    );
    assert_eq!(e.source_list().len(), 3);
    assert_eq!(e.destination_list()[2].destination_type, "owning_party");
    let decl = e.error_declaration().expect("errorDeclaration");
    assert_eq!(decl.reason.as_deref(), Some("incorrect_data"));
    assert_eq!(decl.corrective_event_ids.as_ref().map(Vec::len), Some(1));
    let sensors = e.sensor_elements();
    assert_eq!(sensors[0].sensor_report[0].value, Some(26.0));
    assert_eq!(sensors[0].sensor_report[0].uom.as_deref(), Some("CEL"));
    assert!(sensors[0].extra.contains_key("ext1:float"));
    assert_eq!(
        e.ilmd()
            .and_then(|m| m.get("cbvmda:lotNumber"))
            .and_then(Value::as_str),
        Some("ABC123")
    );
    assert!(e.event_time_utc().is_some());
    assert_eq!(
        o.persistent_disposition
            .as_ref()
            .and_then(|p| p.set.clone()),
        Some(vec!["completeness_verified".to_string()])
    );
}

#[test]
fn gdst_farm_harvest_is_a_transformation_with_gdst_biz_step() {
    let Some(d) = dir("opentraceability-gdst") else {
        return;
    };
    let doc = round_trip(&d.join("gdst_data_withmasterdata.jsonld"));
    let harvest = doc
        .events()
        .iter()
        .find(|e| e.biz_step() == Some("urn:gdst:bizStep:farmHarvest"))
        .expect("a farm harvest event");
    assert_eq!(harvest.type_name(), "TransformationEvent");
    assert_eq!(harvest.biz_step_short(), Some("farmHarvest"));
    assert!(!harvest.input_classes().is_empty());
    assert!(!harvest.output_classes().is_empty());
    assert!(harvest.extension("gdst:productOwner").is_some());
    assert!(doc.epcis_header.is_some(), "master data kept");
}
