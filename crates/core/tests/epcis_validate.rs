//! Validation and parsing: every problem is reported with its JSON pointer; malformed
//! input is rejected, never panics.

mod epcis_support;

use epcis_support::*;
use lottrace_core::epcis::*;
use serde_json::{json, Value};

fn problems_of(v: Value) -> Vec<Problem> {
    match parse_document(v.to_string().as_bytes()) {
        Ok(doc) => validate(&doc).err().unwrap_or_default(),
        Err(p) => p,
    }
}

fn has(problems: &[Problem], path: &str, needle: &str) -> bool {
    problems
        .iter()
        .any(|p| p.path == path && p.message.contains(needle))
}

fn doc_with(events: Vec<Value>) -> Value {
    json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"lt": LT_IRI}],
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-15T10:00:00+09:00",
        "epcisBody": {"eventList": events}
    })
}

fn object_event() -> Value {
    json!({"type": "ObjectEvent", "eventTime": "2024-05-13T06:30:00+09:00",
           "eventTimeZoneOffset": "+09:00", "action": "OBSERVE", "bizStep": "shipping",
           "quantityList": [{"epcClass": LOT_A, "quantity": 10, "uom": "KGM"}]})
}

#[test]
fn our_sample_document_is_valid_and_round_trips() {
    let doc = sample_document();
    assert_eq!(validate(&doc), Ok(()));
    assert!(doc.events().iter().all(|e| e.event_id().is_some()));
    let text = doc.to_json_string();
    let back = parse_document(text.as_bytes()).expect("parses");
    assert_eq!(back, doc);
    // lt: members are reachable by dictionary key.
    let h = &back.events()[0];
    assert_eq!(h.lt_get("farm.pond"), Some(&json!("Tank 3")));
    assert_eq!(h.lt_get("farm.otc_test_passed"), Some(&json!(true)));
    assert_eq!(h.lt_fields().len(), 3);
    assert!(text.contains("\"lt:farm.stocking_date\":\"2023-09-01\""));
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut bad = object_event();
    bad["eventTime"] = json!("2024-05-13 06:30");
    bad["eventTimeZoneOffset"] = json!("+0900");
    bad["bizStep"] = json!("transforming");
    bad["disposition"] = json!("urn:epcglobal:cbv:disp:mouldy");
    bad["eventID"] = json!("not a uri");
    bad["quantityList"] = json!([{"epcClass": LOT_A, "quantity": -3, "uom": "kg"}]);
    let second = json!({"type": "AggregationEvent", "eventTime": "2024-05-13T06:30:00Z",
        "eventTimeZoneOffset": "+00:00", "action": "ADD", "bizStep": "urn:example:custom:step"});
    let p = problems_of(doc_with(vec![object_event(), bad, second]));
    let base = "/epcisBody/eventList/1";
    assert!(has(&p, &format!("{base}/eventTime"), "RFC 3339"), "{p:#?}");
    assert!(has(&p, &format!("{base}/eventTimeZoneOffset"), "±hh:mm"));
    assert!(has(
        &p,
        &format!("{base}/bizStep"),
        "no bizStep \"transforming\""
    ));
    assert!(has(
        &p,
        &format!("{base}/disposition"),
        "not a CBV 2.0 disposition"
    ));
    assert!(has(&p, &format!("{base}/eventID"), "must be a URI"));
    assert!(has(
        &p,
        &format!("{base}/quantityList/0/quantity"),
        "quantity must be a non-negative number"
    ));
    assert!(has(&p, &format!("{base}/quantityList/0/uom"), "UN/CEFACT"));
    // Aggregation ADD without parent or children; its custom full-URI bizStep is fine.
    assert!(has(
        &p,
        "/epcisBody/eventList/2/parentID",
        "requires parentID"
    ));
    assert!(has(
        &p,
        "/epcisBody/eventList/2/childEPCs",
        "childEPCs or childQuantityList"
    ));
    assert!(!p.iter().any(|x| x.path == "/epcisBody/eventList/2/bizStep"));
    assert!(
        !p.iter()
            .any(|x| x.path.starts_with("/epcisBody/eventList/0")),
        "{p:#?}"
    );
    assert_eq!(p.len(), 9, "{p:#?}");
}

#[test]
fn biz_steps_cbv_forms_gdst_and_custom() {
    for ok in [
        "shipping",
        "urn:epcglobal:cbv:bizstep:shipping",
        "https://ref.gs1.org/cbv/BizStep-shipping",
        "urn:gdst:bizStep:farmHarvest",
        "urn:gdst:bizStep:hatching",
        "urn:gdst:bizStep:commingling",
        "https://lottrace.dev/ns/bizStep/grading",
    ] {
        let mut e = object_event();
        e["bizStep"] = json!(ok);
        assert_eq!(problems_of(doc_with(vec![e])), vec![], "{ok}");
    }
    for bad in [
        "grading",
        "transforming",
        "urn:epcglobal:cbv:bizstep:grading",
    ] {
        let mut e = object_event();
        e["bizStep"] = json!(bad);
        let p = problems_of(doc_with(vec![e]));
        assert!(
            has(&p, "/epcisBody/eventList/0/bizStep", ""),
            "{bad}: {p:?}"
        );
    }
    let ev = parse_event(&json!({"type": "ObjectEvent", "eventTime": "2024-05-13T06:30:00Z",
        "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "epcList": [],
        "bizStep": "urn:epcglobal:cbv:bizstep:receiving", "disposition": "https://ref.gs1.org/cbv/Disp-in_transit"}))
    .expect("event");
    assert_eq!(ev.biz_step_short(), Some("receiving"));
    assert_eq!(ev.disposition_short(), Some("in_transit"));
}

#[test]
fn error_declaration_shape_is_checked() {
    let mut e = object_event();
    e["errorDeclaration"] = json!({"declarationTime": "yesterday", "reason": "typo",
        "correctiveEventIDs": ["urn:uuid:1", "bad id"], "notes": "x"});
    let p = problems_of(doc_with(vec![e]));
    let b = "/epcisBody/eventList/0/errorDeclaration";
    assert!(
        has(&p, &format!("{b}/declarationTime"), "RFC 3339"),
        "{p:#?}"
    );
    assert!(has(&p, &format!("{b}/reason"), "unknown error reason"));
    assert!(has(&p, &format!("{b}/correctiveEventIDs/1"), "URI"));
    assert!(has(&p, &format!("{b}/notes"), "namespace prefix"));
    assert_eq!(p.len(), 4);
}

#[test]
fn type_specific_requirements() {
    let t = json!({"type": "TransformationEvent", "eventTime": "2024-05-13T06:30:00Z",
        "eventTimeZoneOffset": "+00:00", "inputQuantityList": [{"epcClass": LOT_A, "quantity": 1, "uom": "KGM"}]});
    let p = problems_of(doc_with(vec![t]));
    assert!(
        has(
            &p,
            "/epcisBody/eventList/0/outputQuantityList",
            "inputs and outputs"
        ),
        "{p:?}"
    );
    let mut o = object_event();
    o["ilmd"] = json!({"lt:farm.pond": "3"});
    let p = problems_of(doc_with(vec![o]));
    assert!(has(
        &p,
        "/epcisBody/eventList/0/ilmd",
        "only allowed on an ObjectEvent with action ADD"
    ));
    // lt: members need the lt prefix bound in @context.
    let mut d = doc_with(vec![object_event()]);
    d["epcisBody"]["eventList"][0]["lt:farm.pond"] = json!("3");
    d["@context"] = json!("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    let p = problems_of(d);
    assert!(has(&p, "/@context", "does not bind the lt prefix"), "{p:?}");
}

#[test]
fn parse_errors_carry_paths() {
    let p = parse_document(b"{not json").unwrap_err();
    assert_eq!(p[0].path, "");
    assert!(p[0].message.contains("line 1"));
    let mut e = object_event();
    e["quantityList"][0]["quantity"] = json!("ten");
    e["action"] = json!("MOVE");
    let p = parse_document(doc_with(vec![object_event(), e]).to_string().as_bytes()).unwrap_err();
    assert!(
        p.iter()
            .any(|x| x.path == "/epcisBody/eventList/1/quantityList/0/quantity"),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|x| x.path == "/epcisBody/eventList/1/action"),
        "{p:#?}"
    );
    let mut e = object_event();
    e.as_object_mut().unwrap().remove("eventTime");
    let p = parse_document(doc_with(vec![e]).to_string().as_bytes()).unwrap_err();
    assert!(
        has(&p, "/epcisBody/eventList/0/eventTime", "requires eventTime"),
        "{p:?}"
    );
    let p = parse_document(
        doc_with(vec![json!({"type": "WeirdEvent"})])
            .to_string()
            .as_bytes(),
    )
    .unwrap_err();
    assert!(has(
        &p,
        "/epcisBody/eventList/0/type",
        "unsupported event type"
    ));
    let p = parse_document(br#"{"type": "Something"}"#).unwrap_err();
    assert_eq!(p[0].path, "/type");
}

#[test]
fn malformed_inputs_never_panic() {
    let shapes = [
        "",
        "null",
        "[]",
        "1",
        "\"x\"",
        "{}",
        r#"{"type":"EPCISDocument"}"#,
        r#"{"type":"EPCISDocument","epcisBody":null}"#,
        r#"{"type":"EPCISDocument","epcisBody":{"eventList":{}}}"#,
        r#"{"type":"EPCISDocument","epcisBody":{"eventList":[1,null,[],{"type":3}]}}"#,
        r#"{"type":"EPCISQueryDocument","epcisBody":{"queryResults":{"resultsBody":{"eventList":[{"type":"ObjectEvent","sensorElementList":[{"sensorReport":[{"value":"hot"}]}]}]}}}}"#,
    ];
    for s in shapes {
        let r = parse_document(s.as_bytes());
        assert!(r.is_err(), "{s} should be rejected");
        assert!(r
            .unwrap_err()
            .iter()
            .all(|p| p.path.is_empty() || p.path.starts_with('/')));
    }
    // Byte-level garbage around a valid document.
    let good = sample_document().to_json_string().into_bytes();
    for cut in (0..good.len()).step_by(97) {
        let _ = parse_document(&good[..cut]);
    }
}

#[test]
fn query_document_wraps_events() {
    let q = query_document(vec![harvest(), ship()], "SimpleEventQuery");
    assert_eq!(q["type"], "EPCISQueryDocument");
    assert_eq!(
        q["epcisBody"]["queryResults"]["queryName"],
        "SimpleEventQuery"
    );
    assert_eq!(
        q["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let doc = parse_value(&q).expect("parses back");
    assert_eq!(doc.events().len(), 2);
    assert_eq!(validate(&doc), Ok(()));
}

#[test]
fn input_and_output_rules() {
    let h = harvest();
    assert_eq!(h.output_classes()[0].epc_class, LOT_A);
    assert!(h.input_classes().is_empty());
    let m = merge();
    assert_eq!(m.input_classes().len(), 2);
    assert_eq!(m.output_classes()[0].quantity, Some(196.0));
    assert_eq!(m.all_epc_classes(), vec![LOT_A, LOT_B, LOT_M]);
    let s = ship();
    assert_eq!(
        s.input_classes()[0].epc_class,
        LOT_M,
        "OBSERVE touches its lot"
    );
    assert!(s.output_classes().is_empty());
    assert_eq!(s.sensor_elements()[0].sensor_report.len(), 3);
    assert_eq!(
        pack().all_epcs(),
        vec!["urn:epc:id:sscc:8801234.0000000017"]
    );
    assert_eq!(
        s.event_time_utc().map(|t| t.to_rfc3339()),
        Some("2024-05-14T20:00:00+00:00".into())
    );
}
