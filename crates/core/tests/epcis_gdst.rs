//! GDST profile: the seafood documents validate; the three deliberately invalid GDST
//! cases are rejected for the right KDE, at the right JSON path.

mod epcis_support;

use epcis_support::fixture;
use lottrace_core::epcis::*;

fn gdst(name: &str) -> Option<Result<(), Vec<Problem>>> {
    let bytes = fixture(&format!("opentraceability-gdst/{name}"))?;
    let doc = parse_document(&bytes).expect("GDST fixture parses");
    Some(validate_gdst(&doc))
}

fn at<'a>(p: &'a [Problem], path: &str) -> Option<&'a Problem> {
    p.iter().find(|x| x.path == path)
}

#[test]
fn valid_gdst_chains_pass() {
    for name in ["gdst_data_withmasterdata.jsonld", "traceback_tests.jsonld"] {
        let Some(r) = gdst(name) else { return };
        assert_eq!(r, Ok(()), "{name}");
    }
}

#[test]
fn farm_harvest_without_aquaculture_method_is_rejected() {
    let Some(r) = gdst("gdst_farm_harvest_missing_aquaculture_method.jsonld") else {
        return;
    };
    let p = r.expect_err("must be rejected");
    let hit = at(&p, "/epcisBody/eventList/0/ilmd/gdst:aquacultureMethod").expect("names the KDE");
    assert!(hit.message.contains("aquaculture method"), "{hit:?}");
    // Its lot number and production method are present, so they are not reported.
    assert!(at(&p, "/epcisBody/eventList/0/ilmd/cbvmda:lotNumber").is_none());
    assert!(at(
        &p,
        "/epcisBody/eventList/0/ilmd/cbvmda:productionMethodForFishAndSeafoodCode"
    )
    .is_none());
}

#[test]
fn fishing_event_with_bad_method_and_no_vessel_is_rejected() {
    let Some(r) = gdst("gdst_fishing_event_invalid.jsonld") else {
        return;
    };
    let p = r.expect_err("must be rejected");
    let m = at(
        &p,
        "/epcisBody/eventList/0/ilmd/cbvmda:productionMethodForFishAndSeafoodCode",
    )
    .expect("names the production method");
    assert!(
        m.message.contains("INVALID_METHOD") && m.message.contains("MARINE_FISHERY"),
        "{m:?}"
    );
    let v = at(
        &p,
        "/epcisBody/eventList/0/ilmd/cbvmda:vesselCatchInformationList",
    )
    .expect("names the missing vessel catch information");
    assert!(v.message.contains("vesselCatchInformation"));
    assert_eq!(p.len(), 2, "{p:#?}");
}

#[test]
fn processing_without_lot_number_is_rejected() {
    let Some(r) = gdst("gdst_processing_missing_lot_number.jsonld") else {
        return;
    };
    let p = r.expect_err("must be rejected");
    let hit = at(&p, "/epcisBody/eventList/0/ilmd/cbvmda:lotNumber").expect("names the lot number");
    assert!(hit.message.contains("lot number"), "{hit:?}");
}

#[test]
fn farm_harvest_object_event_lacks_gdst_kdes() {
    // OpenTraceability uses this file for mapping tests only; as a GDST farm harvest it
    // lacks the aquaculture KDEs, and we say so.
    let Some(r) = gdst("farm_harvest_event_object.jsonld") else {
        return;
    };
    let p = r.expect_err("incomplete for GDST");
    assert!(at(&p, "/epcisBody/eventList/0/ilmd/gdst:aquacultureMethod").is_some());
}

#[test]
fn gdst_rules_apply_to_events_we_build() {
    use serde_json::json;
    let mut e = Event::TransformationEvent(TransformationEvent {
        event_time: "2024-05-13T06:30:00+09:00".into(),
        event_time_zone_offset: "+09:00".into(),
        input_quantity_list: Some(vec![QuantityElement::kg(
            "urn:epc:class:lgtin:8801234.056789.P1",
            500.0,
        )]),
        output_quantity_list: Some(vec![QuantityElement::kg(
            "urn:epc:class:lgtin:8801234.056789.H1",
            480.0,
        )]),
        biz_step: Some("urn:gdst:bizStep:farmHarvest".into()),
        biz_location: Some(Location::new("urn:epc:id:sgln:8801234.00001.0")),
        ..Default::default()
    });
    e.extensions_mut().insert(
        "gdst:productOwner".into(),
        json!("urn:epc:id:pgln:8801234.00001"),
    );
    e.extensions_mut().insert(
        "cbvmda:informationProvider".into(),
        json!("urn:epc:id:pgln:8801234.00001"),
    );
    let problems = lottrace_core::epcis::gdst::gdst_event_problems(&e, "");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "/ilmd/cbvmda:lotNumber",
            "/ilmd/gdst:aquacultureMethod",
            "/ilmd/cbvmda:productionMethodForFishAndSeafoodCode"
        ]
    );
    let ilmd = e.ilmd_mut().expect("transformation has ilmd");
    ilmd.insert("cbvmda:lotNumber".into(), json!("H1"));
    ilmd.insert("gdst:aquacultureMethod".into(), json!("land-based tanks"));
    ilmd.insert(
        "cbvmda:productionMethodForFishAndSeafoodCode".into(),
        json!("AQUACULTURE"),
    );
    assert!(lottrace_core::epcis::gdst::gdst_event_problems(&e, "").is_empty());
}
