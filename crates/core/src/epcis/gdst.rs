//! GDST (Global Dialogue on Seafood Traceability) profile checks: the key data elements
//! (KDEs) GDST 1.x requires on top of EPCIS, as carried by GDST-conformant systems
//! (e.g. IFT's OpenTraceability). Rules, each reported with the JSON pointer of the
//! missing or wrong member:
//! - every event: `gdst:productOwner` and `cbvmda:informationProvider` (party URIs),
//!   and a `bizLocation` (the event location KDE);
//! - every event that creates a lot (ObjectEvent ADD with quantities, TransformationEvent
//!   outputs): `ilmd` `cbvmda:lotNumber` (the traceability lot code);
//! - `urn:gdst:bizStep:farmHarvest`: `ilmd` `gdst:aquacultureMethod`, and
//!   `cbvmda:productionMethodForFishAndSeafoodCode` = `AQUACULTURE`;
//! - `urn:gdst:bizStep:hatching`: `ilmd` `gdst:broodstockSource`;
//! - `urn:gdst:bizStep:fishingEvent`: `ilmd` `cbvmda:vesselCatchInformationList` with at
//!   least one `cbvmda:vesselCatchInformation`, whose `cbvmda:vesselFlagState` (when
//!   given) is an ISO 3166 alpha-2 code;
//! - `cbvmda:productionMethodForFishAndSeafoodCode`, wherever present, is one of GS1's
//!   codes `AQUACULTURE`, `INLAND_FISHERY`, `MARINE_FISHERY`;
//! - `gdst:certificationType` values are `urn:gdst:certType:…` URIs.
//!
//! [`validate_gdst`] reports these together with the generic EPCIS problems of
//! [`super::validate()`], since a GDST document must first be a valid EPCIS document.

use serde_json::Value;

use super::event::{Action, Event, JsonMap};
use super::vocab::GDST_BIZ_STEP_PREFIX;
use super::{pointer_escape, validate, EpcisDocument, Problem};

/// GS1 code list ProductionMethodForFishAndSeafoodCode.
pub const PRODUCTION_METHODS: &[&str] = &["AQUACULTURE", "INLAND_FISHERY", "MARINE_FISHERY"];

const LOT_NUMBER: &str = "cbvmda:lotNumber";
const PRODUCTION_METHOD: &str = "cbvmda:productionMethodForFishAndSeafoodCode";

/// Validates a document against EPCIS 2.0 and the GDST profile; every problem is returned.
pub fn validate_gdst(doc: &EpcisDocument) -> Result<(), Vec<Problem>> {
    let mut out = validate(doc).err().unwrap_or_default();
    let base = doc.event_list_path();
    for (i, ev) in doc.events().iter().enumerate() {
        out.extend(gdst_event_problems(ev, &format!("{base}/{i}")));
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

/// GDST problems of one event (only the GDST rules, not the generic EPCIS ones).
pub fn gdst_event_problems(ev: &Event, path: &str) -> Vec<Problem> {
    let mut o = Vec::new();
    let empty = JsonMap::new();
    let ilmd = ev.ilmd().unwrap_or(&empty);
    let ilmd_path = |k: &str| format!("{path}/ilmd/{}", pointer_escape(k));
    let step = ev
        .biz_step()
        .and_then(|b| b.strip_prefix(GDST_BIZ_STEP_PREFIX));

    for (k, what) in [
        ("gdst:productOwner", "the product owner"),
        ("cbvmda:informationProvider", "the information provider"),
    ] {
        if !non_empty_str(ev.extension(k)) {
            o.push(Problem::new(
                format!("{path}/{}", pointer_escape(k)),
                format!("GDST requires {k} ({what}) on every event"),
            ));
        }
    }
    if ev.biz_location().is_none() {
        o.push(Problem::new(
            format!("{path}/bizLocation"),
            "GDST requires bizLocation (the event location)",
        ));
    }
    if creates_lot(ev) && !non_empty_str(ilmd.get(LOT_NUMBER)) {
        o.push(Problem::new(
            ilmd_path(LOT_NUMBER),
            format!(
                "GDST requires ilmd {LOT_NUMBER} (the lot number) on an event that creates a lot ({})",
                ev.biz_step_short().unwrap_or(ev.type_name())
            ),
        ));
    }
    if let Some(v) = ilmd.get(PRODUCTION_METHOD) {
        match v.as_str() {
            Some(m) if PRODUCTION_METHODS.contains(&m) => {}
            _ => o.push(Problem::new(
                ilmd_path(PRODUCTION_METHOD),
                format!(
                    "{PRODUCTION_METHOD} must be one of {}, got {v}",
                    PRODUCTION_METHODS.join(", ")
                ),
            )),
        }
    }
    match step {
        Some("farmHarvest") => {
            if !non_empty_str(ilmd.get("gdst:aquacultureMethod")) {
                o.push(Problem::new(
                    ilmd_path("gdst:aquacultureMethod"),
                    "GDST farm harvest requires ilmd gdst:aquacultureMethod (the aquaculture method, e.g. intensive ponds)",
                ));
            }
            match ilmd.get(PRODUCTION_METHOD).and_then(Value::as_str) {
                Some("AQUACULTURE") => {}
                None => o.push(Problem::new(
                    ilmd_path(PRODUCTION_METHOD),
                    format!("GDST farm harvest requires ilmd {PRODUCTION_METHOD} = AQUACULTURE"),
                )),
                Some(m) if PRODUCTION_METHODS.contains(&m) => o.push(Problem::new(
                    ilmd_path(PRODUCTION_METHOD),
                    format!("a farm harvest is AQUACULTURE, not {m}"),
                )),
                Some(_) => {} // already reported as not a GS1 code
            }
        }
        Some("hatching") if !non_empty_str(ilmd.get("gdst:broodstockSource")) => {
            o.push(Problem::new(
                ilmd_path("gdst:broodstockSource"),
                "GDST hatching requires ilmd gdst:broodstockSource (the broodstock source)",
            ));
        }
        Some("fishingEvent") => check_vessel_catch(ilmd, &ilmd_path, &mut o),
        _ => {}
    }
    check_cert_types(ev, path, &mut o);
    o
}

fn non_empty_str(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

/// An event that brings a new lot into existence and so must name it.
fn creates_lot(ev: &Event) -> bool {
    match ev {
        Event::ObjectEvent(e) => {
            e.action == Action::Add && e.quantity_list.as_ref().is_some_and(|l| !l.is_empty())
        }
        Event::TransformationEvent(e) => {
            e.output_quantity_list
                .as_ref()
                .is_some_and(|l| !l.is_empty())
                || e.output_epc_list.as_ref().is_some_and(|l| !l.is_empty())
        }
        _ => false,
    }
}

fn check_vessel_catch(ilmd: &JsonMap, ilmd_path: &dyn Fn(&str) -> String, o: &mut Vec<Problem>) {
    let list_key = "cbvmda:vesselCatchInformationList";
    let item_key = "cbvmda:vesselCatchInformation";
    let items = ilmd
        .get(list_key)
        .and_then(|l| l.get(item_key))
        .and_then(Value::as_array);
    let Some(items) = items.filter(|a| !a.is_empty()) else {
        o.push(Problem::new(
            ilmd_path(list_key),
            format!("GDST fishing event requires ilmd {list_key} with at least one {item_key} (vessel, catch area, gear)"),
        ));
        return;
    };
    for (i, it) in items.iter().enumerate() {
        if let Some(flag) = it.get("cbvmda:vesselFlagState") {
            let ok = flag
                .as_str()
                .is_some_and(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()));
            if !ok {
                o.push(Problem::new(
                    format!(
                        "{}/{item_key}/{i}/cbvmda:vesselFlagState",
                        ilmd_path(list_key)
                    ),
                    "vesselFlagState must be an ISO 3166-1 alpha-2 country code (e.g. KR)",
                ));
            }
        }
    }
}

/// `gdst:certificationType` anywhere under the event's extensions or ilmd.
fn check_cert_types(ev: &Event, path: &str, o: &mut Vec<Problem>) {
    fn walk(v: &Value, p: &str, o: &mut Vec<Problem>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let pp = format!("{p}/{}", pointer_escape(k));
                    if k == "gdst:certificationType" {
                        let ok = x
                            .as_str()
                            .and_then(|s| s.strip_prefix("urn:gdst:certType:"))
                            .is_some_and(|s| !s.is_empty());
                        if !ok {
                            o.push(Problem::new(
                                pp.clone(),
                                "gdst:certificationType must be a urn:gdst:certType:… URI",
                            ));
                        }
                    }
                    walk(x, &pp, o);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{p}/{i}"), o);
                }
            }
            _ => {}
        }
    }
    for (k, v) in ev.extensions() {
        walk(v, &format!("{path}/{}", pointer_escape(k)), o);
    }
    if let Some(ilmd) = ev.ilmd() {
        for (k, v) in ilmd {
            walk(v, &format!("{path}/ilmd/{}", pointer_escape(k)), o);
        }
    }
}
