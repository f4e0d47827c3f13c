//! Integrity rules an event must meet before a repository stores it, beyond EPCIS
//! validity: no event time in the future (beyond a small clock-skew allowance), every
//! GS1 identifier readable by [`crate::codes`], every quantity within the field
//! dictionary's range for its unit, and no transformation that would make a lot its
//! own ancestor. Pure: the caller passes the clock and the stored events.

use crate::codes::{identify, ResolverConfig};
use crate::epcis::{Event, Problem};
use crate::fields::{Dictionary, EpcisPlace, FieldType};
use crate::genealogy::{collect_connected, effective_event_id, EventLinks, EventSource};
use crate::trace::CycleGuard;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::BTreeSet;

/// How far ahead of the repository's clock an event time may be (clocks of phones and
/// scanners drift; a reading dated next year is an error, not drift).
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Largest quantity accepted where the dictionary gives no maximum for the unit: a
/// lot of 1,000 tonnes, or 100 million pieces, is already far beyond a flounder lot.
pub const MAX_KG: f64 = 1_000_000.0;
pub const MAX_PIECES: f64 = 100_000_000.0;

const QUANTITY_LISTS: [&str; 4] = [
    "quantityList",
    "inputQuantityList",
    "outputQuantityList",
    "childQuantityList",
];
const EPC_LISTS: [&str; 4] = ["epcList", "inputEPCList", "outputEPCList", "childEPCs"];

/// Every problem of one event against the rules (paths relative to the event).
/// `json` is the event as received (the document's member), read for the exact paths.
pub fn check_event(event: &Event, json: &Value, now: DateTime<Utc>) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_times(event, now, &mut problems);
    check_identifiers(json, &mut problems);
    check_quantities(json, &mut problems);
    problems
}

fn check_times(event: &Event, now: DateTime<Utc>, problems: &mut Vec<Problem>) {
    let limit = now + CLOCK_SKEW;
    if event.event_time_utc().is_some_and(|t| t > limit) {
        problems.push(Problem::new(
            "/eventTime",
            format!(
                "eventTime {} is in the future (the server's clock says {}; up to {} minutes ahead are accepted)",
                event.event_time(),
                now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                CLOCK_SKEW.num_minutes()
            ),
        ));
    }
    if let Some(d) = event.error_declaration() {
        if crate::epcis::vocab::parse_time(&d.declaration_time).is_some_and(|t| t > limit) {
            problems.push(Problem::new(
                "/errorDeclaration/declarationTime",
                format!("declarationTime {} is in the future", d.declaration_time),
            ));
        }
    }
}

/// A value that claims to be a GS1 identifier (an EPC URN or a Digital Link) must be
/// one the codes module reads: right check digits, AI lengths (a lot number is at most
/// 20 characters), known forms.
fn looks_gs1(id: &str) -> bool {
    id.starts_with("urn:epc:")
        || (id.starts_with("http") && id.contains("/01/"))
        || (id.starts_with("http") && id.contains("/00/"))
}

fn check_id(id: &str, path: String, problems: &mut Vec<Problem>) {
    if looks_gs1(id) {
        if let Err(e) = identify(id, &ResolverConfig::default()) {
            problems.push(Problem::new(
                path,
                format!("not a valid identifier: {}", e.message),
            ));
        }
    }
}

fn check_identifiers(event: &Value, problems: &mut Vec<Problem>) {
    for list in QUANTITY_LISTS {
        for (i, q) in items(event, list) {
            if let Some(class) = q.get("epcClass").and_then(Value::as_str) {
                check_id(class, format!("/{list}/{i}/epcClass"), problems);
            }
        }
    }
    for list in EPC_LISTS {
        for (i, epc) in items(event, list) {
            if let Some(epc) = epc.as_str() {
                check_id(epc, format!("/{list}/{i}"), problems);
            }
        }
    }
    if let Some(parent) = event.get("parentID").and_then(Value::as_str) {
        check_id(parent, "/parentID".into(), problems);
    }
}

fn items<'v>(event: &'v Value, list: &str) -> impl Iterator<Item = (usize, &'v Value)> {
    event
        .get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// The unit a UN/ECE uom code measures, with the factor to it: mass in kg, or pieces.
fn unit_of(uom: Option<&str>) -> (&'static str, f64) {
    match uom {
        Some("KGM") => ("kg", 1.0),
        Some("GRM") => ("kg", 0.001),
        Some("TNE") => ("kg", 1000.0),
        Some("LBR") => ("kg", 0.453_592_37),
        _ => ("ea", 1.0),
    }
}

/// The accepted range of a quantity in `unit` (`kg` or `ea`): the tightest bounds the
/// dictionary's quantity fields in that unit give, else 0 and the ceilings above.
pub fn quantity_range(unit: &str) -> (f64, f64) {
    let mut lo: Option<f64> = None;
    let mut hi: Option<f64> = None;
    for f in &Dictionary::get().fields {
        let is_quantity =
            matches!(&f.epcis, EpcisPlace::Standard(name) if name.ends_with("uantityList"));
        if is_quantity && f.r#type == FieldType::Number && f.unit.as_deref() == Some(unit) {
            if let Some(m) = f.min {
                lo = Some(lo.map_or(m, |l: f64| l.max(m)));
            }
            if let Some(m) = f.max {
                hi = Some(hi.map_or(m, |h: f64| h.min(m)));
            }
        }
    }
    let ceiling = if unit == "kg" { MAX_KG } else { MAX_PIECES };
    (lo.unwrap_or(0.0), hi.unwrap_or(ceiling))
}

fn check_quantities(event: &Value, problems: &mut Vec<Problem>) {
    for list in QUANTITY_LISTS {
        for (i, q) in items(event, list) {
            let Some(n) = q.get("quantity").and_then(Value::as_f64) else {
                continue;
            };
            let (unit, factor) = unit_of(q.get("uom").and_then(Value::as_str));
            let (lo, hi) = quantity_range(unit);
            let v = n * factor;
            if !v.is_finite() || v < lo || v > hi {
                problems.push(Problem::new(
                    format!("/{list}/{i}/quantity"),
                    format!("quantity {n} is outside the accepted range {lo}–{hi} {unit}"),
                ));
            }
        }
    }
}

/// The lots an event creates: its outputs (ADD object events, transformations), except
/// a lot processed in place (the same lot in and out continues it). Declarations create
/// nothing. A lot belongs to the business that first created it; another business
/// recording the same lot as its own output would rewrite that lot's origin.
pub fn created_lots(event: &Event) -> Vec<crate::codes::LotKey> {
    if event.error_declaration().is_some() {
        return Vec::new();
    }
    let links = EventLinks::of(event);
    links
        .outputs
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !links.inputs.iter().any(|(i, _)| i == *k))
        .cloned()
        .collect()
}

/// A transformation in a document that would make a lot its own ancestor.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleRefusal {
    /// Index of the event in the document.
    pub index: usize,
    pub message: String,
}

/// Events of the store, with the document's own events beside them, so a loop made by
/// several events of one document is seen too.
struct WithPending<'s, S> {
    stored: &'s mut S,
    pending: &'s [Event],
}

impl<S: EventSource> EventSource for WithPending<'_, S> {
    type Error = S::Error;
    fn events_naming(&mut self, lots: &[crate::codes::LotKey]) -> Result<Vec<Event>, S::Error> {
        let mut out = self.stored.events_naming(lots)?;
        out.extend(
            self.pending
                .iter()
                .filter(|e| EventLinks::of(e).all().any(|k| lots.contains(k)))
                .cloned(),
        );
        Ok(out)
    }
}

/// The first event of `pending` (in document order) that would close a cycle with the
/// stored events or the document's earlier events. Only transformations (events with
/// both inputs and outputs) can; a document without one costs nothing.
pub fn first_cycle<S: EventSource>(
    stored: &mut S,
    pending: &[Event],
) -> Result<Option<CycleRefusal>, S::Error> {
    let outputs: BTreeSet<crate::codes::LotKey> = pending
        .iter()
        .filter(|e| e.error_declaration().is_none())
        .map(EventLinks::of)
        .filter(|l| !l.inputs.is_empty())
        .flat_map(|l| l.outputs.into_iter().map(|(k, _)| k))
        .collect();
    if outputs.is_empty() {
        return Ok(None);
    }
    let key = |e: &Event| (effective_event_id(e), e.error_declaration().is_some());
    let pending_keys: BTreeSet<(String, bool)> = pending.iter().map(key).collect();
    let mut source = WithPending { stored, pending };
    let mut seen: BTreeSet<(String, bool)> = BTreeSet::new();
    let mut guard = CycleGuard::default();
    for lot in &outputs {
        for event in collect_connected(&mut source, lot)? {
            let k = key(&event);
            if !pending_keys.contains(&k) && seen.insert(k) {
                // A cycle already stored is the trace's to set aside, not this capture's.
                let _ = guard.add(&event);
            }
        }
    }
    for (index, event) in pending.iter().enumerate() {
        if let Err(c) = guard.add(event) {
            return Ok(Some(CycleRefusal {
                index,
                message: format!(
                    "this event makes {} from {}, but {} already went into {}: \
                     a lot cannot be its own ancestor (check the input and output lots)",
                    c.output.element_string(),
                    c.input.element_string(),
                    c.output.element_string(),
                    c.input.element_string()
                ),
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::LotKey;
    use serde_json::json;

    fn lot(l: &str) -> LotKey {
        LotKey::Gtin {
            gtin: "08801234000208".into(),
            lot: l.into(),
        }
    }

    fn observe(time: &str, class: &str, kg: f64) -> Event {
        serde_json::from_value(json!({
            "type": "ObjectEvent", "eventID": "e", "eventTime": time,
            "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
            "quantityList": [{ "epcClass": class, "quantity": kg, "uom": "KGM" }]
        }))
        .expect("event")
    }

    fn transform(id: &str, from: &LotKey, to: &LotKey) -> Event {
        serde_json::from_value(json!({
            "type": "TransformationEvent", "eventID": id,
            "eventTime": "2026-01-01T00:00:00+09:00", "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [{ "epcClass": from.epc_class_uri(), "quantity": 1.0, "uom": "KGM" }],
            "outputQuantityList": [{ "epcClass": to.epc_class_uri(), "quantity": 1.0, "uom": "KGM" }]
        }))
        .expect("event")
    }

    fn check(e: &Event, now: DateTime<Utc>) -> Vec<Problem> {
        check_event(e, &serde_json::to_value(e).expect("json"), now)
    }

    fn now() -> DateTime<Utc> {
        "2026-06-01T00:00:00Z".parse().expect("time")
    }

    #[test]
    fn future_times_beyond_the_skew_are_refused() {
        let ok = observe("2026-06-01T09:04:00+09:00", &lot("A").epc_class_uri(), 1.0);
        assert!(check(&ok, now()).is_empty());
        let late = observe("2099-01-01T00:00:00+09:00", &lot("A").epc_class_uri(), 1.0);
        let p = check(&late, now());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "/eventTime");
    }

    #[test]
    fn identifiers_and_quantities_are_checked() {
        let long = format!("urn:epc:class:lgtin:8801234.000208.{}", "L".repeat(10_000));
        let p = check(&observe("2026-05-01T00:00:00+09:00", &long, 1.0), now());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path, "/quantityList/0/epcClass");
        let p = check(
            &observe("2026-05-01T00:00:00+09:00", &lot("A").epc_class_uri(), 1e20),
            now(),
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path, "/quantityList/0/quantity");
        let p = check(
            &observe("2026-05-01T00:00:00+09:00", &lot("A").epc_class_uri(), -1.0),
            now(),
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(quantity_range("kg"), (0.0, MAX_KG));
    }

    #[test]
    fn a_transformation_back_into_an_ancestor_is_refused() {
        let (a, b, c) = (lot("A"), lot("B"), lot("C"));
        let stored = vec![transform("1", &a, &b), transform("2", &b, &c)];
        let mut source: &[Event] = &stored;
        let refused = first_cycle(&mut source, &[transform("3", &c, &a)])
            .expect("infallible")
            .expect("refused");
        assert_eq!(refused.index, 0);
        let mut source: &[Event] = &stored;
        assert_eq!(
            first_cycle(&mut source, &[transform("4", &c, &lot("D"))]).expect("infallible"),
            None
        );
        // Two events of one document closing the loop between them.
        let mut none: &[Event] = &[];
        let doc = [transform("5", &a, &b), transform("6", &b, &a)];
        let refused = first_cycle(&mut none, &doc)
            .expect("infallible")
            .expect("refused");
        assert_eq!(refused.index, 1);
    }
}
