//! Integrity rules an event must meet before a repository stores it, beyond EPCIS
//! validity: no event time in the future (beyond a small clock-skew allowance), every
//! GS1 identifier readable by [`crate::codes`], every quantity within the field
//! dictionary's range for its unit, no transformation that would make a lot its own
//! ancestor, and no lot of another business named by one that never received it (the
//! custody rule, [`first_outside_custody`]). Pure: the caller passes the clock, the
//! businesses and the stored events.

use crate::codes::LotKey;
use crate::codes::{identify, ResolverConfig};
use crate::epcis::{Destination, Event, Problem};
use crate::fields::{Dictionary, EpcisPlace, FieldType};
use crate::genealogy::{
    collect_connected, corrected_event_ids, effective_event_id, EventLinks, EventSource,
};
use crate::party::{location_gln, Party};
use crate::trace::CycleGuard;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::BTreeSet;

/// How far ahead of the repository's clock an event time may be (clocks of phones and
/// scanners drift; a reading dated next year is an error, not drift).
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

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

/// The accepted range of a quantity in `unit` (`kg` or `ea`), from the field
/// dictionary: the widest bounds its quantity fields in that unit give (each stage's
/// field has its own plausible range; an event's list may carry any stage's lot, so the
/// widest is the one that never refuses a real lot). A dictionary test keeps every
/// quantity field bounded, so the open ends never apply.
pub fn quantity_range(unit: &str) -> (f64, f64) {
    let mut lo: Option<f64> = None;
    let mut hi: Option<f64> = None;
    for f in &Dictionary::get().fields {
        let is_quantity =
            matches!(&f.epcis, EpcisPlace::Standard(name) if name.ends_with("uantityList"));
        if is_quantity && f.r#type == FieldType::Number && f.unit.as_deref() == Some(unit) {
            if let Some(m) = f.min {
                lo = Some(lo.map_or(m, |l: f64| l.min(m)));
            }
            if let Some(m) = f.max {
                hi = Some(hi.map_or(m, |h: f64| h.max(m)));
            }
        }
    }
    (lo.unwrap_or(0.0), hi.unwrap_or(f64::INFINITY))
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
pub fn created_lots(event: &Event) -> Vec<LotKey> {
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
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, S::Error> {
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
    let outputs: BTreeSet<LotKey> = pending
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

/// A document event naming a lot that another business created and never sent to the
/// recorder (nor did anyone who then held it).
#[derive(Debug, Clone, PartialEq)]
pub struct CustodyRefusal {
    /// Index of the event in the document.
    pub index: usize,
    pub lot: LotKey,
    /// The business that created the lot.
    pub owner: Party,
    pub message: String,
}

/// The GLN a `destinationList` entry names: an `owning_party` or `possessing_party` by
/// its PGLN (`urn:epc:id:pgln:…`, or a Digital Link with AI 417), or a `location` by one
/// of its places (SGLN, AI 414). The type may be written short or as a CBV URI.
pub fn destination_gln(d: &Destination) -> Option<String> {
    let kind = d
        .destination_type
        .rsplit(['-', ':', '/'])
        .next()
        .unwrap_or("");
    match kind {
        "owning_party" | "possessing_party" => crate::codes::party_gln(&d.destination),
        "location" => location_gln(&d.destination),
        _ => None,
    }
}

/// The GLN of the place an event was recorded at (business location, else read point).
pub fn recorded_at(event: &Event) -> Option<String> {
    [event.biz_location(), event.read_point()]
        .into_iter()
        .flatten()
        .find_map(location_gln)
}

/// What the custody rule reads of one event, worked out once per event.
struct Custody {
    names: Vec<LotKey>,
    creates: Vec<LotKey>,
    at: Option<String>,
    sends_to: Vec<String>,
}

impl Custody {
    fn of(event: &Event) -> Custody {
        if event.error_declaration().is_some() {
            return Custody {
                names: Vec::new(),
                creates: Vec::new(),
                at: None,
                sends_to: Vec::new(),
            };
        }
        let mut names: Vec<LotKey> = EventLinks::of(event).all().cloned().collect();
        names.sort();
        names.dedup();
        Custody {
            names,
            creates: created_lots(event),
            at: recorded_at(event),
            sends_to: event
                .destination_list()
                .iter()
                .filter_map(destination_gln)
                .collect(),
        }
    }
}

/// The GLNs that held a lot: its creator's, then every GLN an event recorded at a holder
/// sent it to, until nobody new is reached. `naming` are the events naming the lot.
fn holders(creator: &str, naming: &[&Custody]) -> BTreeSet<String> {
    let mut held: BTreeSet<String> = BTreeSet::from([creator.to_string()]);
    loop {
        let before = held.len();
        for c in naming.iter().filter(|c| !c.sends_to.is_empty()) {
            if c.at.as_ref().is_some_and(|by| held.contains(by)) {
                held.extend(c.sends_to.iter().cloned());
            }
        }
        if held.len() == before {
            return held;
        }
    }
}

/// The custody rule: the first event of `pending` (in document order) that names — in
/// any list, as a class or an instance, or as parentID — a lot a registered business
/// created, while the lot is not in the custody of the business the event is recorded
/// at. A lot is in a business's custody when it created it, or when an earlier event
/// (stored, or before it in the document) recorded at a business that held the lot lists
/// it with a `destinationList` naming this business ([`destination_gln`]). Retracted
/// events send nothing. Only the events of the named lots are read, each once; a lot no
/// registered business created is not held to the rule (nobody else's history is at
/// stake).
pub fn first_outside_custody<S: EventSource>(
    stored: &mut S,
    pending: &[Event],
    parties: &[Party],
) -> Result<Option<CustodyRefusal>, S::Error> {
    let named: BTreeSet<LotKey> = pending
        .iter()
        .filter(|e| e.error_declaration().is_none())
        .flat_map(|e| EventLinks::of(e).all().cloned().collect::<Vec<_>>())
        .collect();
    if named.is_empty() {
        return Ok(None);
    }
    let keys: Vec<LotKey> = named.into_iter().collect();
    let stored = stored.events_naming(&keys)?;
    let retracted = corrected_event_ids(stored.iter().chain(pending));
    // Stored events first, then the document's, so "earlier" is "at a lower position".
    let facts: Vec<Custody> = stored
        .iter()
        .filter(|e| !retracted.contains(&effective_event_id(e)))
        .chain(pending)
        .map(Custody::of)
        .collect();
    let first_pending = facts.len() - pending.len();
    let mut naming: std::collections::BTreeMap<&LotKey, Vec<usize>> = Default::default();
    for (k, c) in facts.iter().enumerate() {
        for lot in &c.names {
            naming.entry(lot).or_default().push(k);
        }
    }
    let party_at = |gln: &str| parties.iter().find(|p| p.gln == gln);
    for (index, event) in facts[first_pending..].iter().enumerate() {
        let position = first_pending + index;
        for lot in event.names.iter().filter(|k| !event.creates.contains(k)) {
            let earlier: Vec<&Custody> = naming
                .get(lot)
                .into_iter()
                .flatten()
                .take_while(|&&k| k < position)
                .map(|&k| &facts[k])
                .collect();
            let creators: Vec<&Party> = earlier
                .iter()
                .filter(|c| c.creates.contains(lot))
                .filter_map(|c| party_at(c.at.as_deref()?))
                .collect();
            let Some(creator) = creators.first() else {
                continue;
            };
            if let Some(gln) = &event.at {
                if creators.iter().any(|c| &c.gln == gln)
                    || holders(&creator.gln, &earlier).contains(gln)
                {
                    continue;
                }
            }
            let gln = event.at.as_deref().unwrap_or("(no location)");
            let who = party_at(gln).map_or(gln, |p| p.name.as_str());
            return Ok(Some(CustodyRefusal {
                index,
                lot: lot.clone(),
                owner: (*creator).clone(),
                message: format!(
                    "lot {} belongs to {} and was never sent to {who}: an event of {} (or of a \
                     business it sent the lot to) must first list the lot with a destinationList \
                     naming GLN {gln} (owning_party as urn:epc:id:pgln:…, or location as an SGLN)",
                    lot.element_string(),
                    creator.name,
                    creator.name,
                ),
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        // The dictionary's widest quantity fields: 50 t, two million fry.
        assert_eq!(quantity_range("kg"), (0.0, 50_000.0));
        assert_eq!(quantity_range("ea"), (0.0, 2_000_000.0));
        let p = check(
            &observe(
                "2026-05-01T00:00:00+09:00",
                &lot("A").epc_class_uri(),
                50_001.0,
            ),
            now(),
        );
        assert_eq!(p.len(), 1, "{p:?}");
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

    fn party(id: &str, gln: &str) -> Party {
        Party {
            id: id.into(),
            name: id.into(),
            gln: gln.into(),
            role: crate::role::Role::Unassigned,
            phone: None,
            email: None,
            address: None,
        }
    }

    fn place(gln: &str) -> String {
        format!("urn:epc:id:sgln:8801234.{}.0", &gln[7..12])
    }

    /// An event of `by` naming `lot` in `role` ("add", "observe", "input"), sending it to
    /// the business at `to` (owning_party PGLN) when given.
    fn at(id: &str, by: &Party, role: &str, named: &LotKey, to: Option<&Party>) -> Event {
        let q = json!([{ "epcClass": named.epc_class_uri(), "quantity": 1.0, "uom": "KGM" }]);
        let mut e = json!({
            "eventID": id, "eventTime": "2026-01-01T00:00:00+09:00",
            "eventTimeZoneOffset": "+09:00",
            "readPoint": { "id": place(&by.gln) }, "bizLocation": { "id": place(&by.gln) }
        });
        let fields = match role {
            "add" => json!({ "type": "ObjectEvent", "action": "ADD", "quantityList": q }),
            "observe" => json!({ "type": "ObjectEvent", "action": "OBSERVE", "quantityList": q }),
            _ => json!({ "type": "TransformationEvent", "inputQuantityList": q,
                "outputQuantityList": [{ "epcClass": lot(&format!("{id}-out")).epc_class_uri(),
                    "quantity": 1.0, "uom": "KGM" }] }),
        };
        for (k, v) in fields.as_object().expect("object") {
            e[k] = v.clone();
        }
        if let Some(to) = to {
            e["destinationList"] = json!([{ "type": "owning_party",
                "destination": crate::codes::epc_pgln_uri(&to.gln, 7).expect("pgln") }]);
        }
        serde_json::from_value(e).expect("event")
    }

    fn refused(stored: &[Event], doc: &[Event], all: &[Party]) -> Option<usize> {
        let mut source: &[Event] = stored;
        first_outside_custody(&mut source, doc, all)
            .expect("infallible")
            .map(|r| r.index)
    }

    #[test]
    fn a_lot_is_used_only_by_its_creator_or_whom_a_holder_sent_it_to() {
        let owner = party("farm", "8801234000024");
        let carrier = party("carrier", "8801234000048");
        let wholesaler = party("wholesaler", "8801234000116");
        let store = party("store", "8801234000062");
        let stranger = party("stranger", "8801234000079");
        let all = [
            owner.clone(),
            carrier.clone(),
            wholesaler.clone(),
            store.clone(),
            stranger.clone(),
        ];
        let a = lot("A");
        let made = at("1", &owner, "add", &a, None);
        // Never sent: neither receiving nor transforming it is accepted.
        let receive = at("2", &stranger, "observe", &a, None);
        assert_eq!(
            refused(std::slice::from_ref(&made), &[receive], &all),
            Some(0)
        );
        let used = at("3", &carrier, "input", &a, None);
        assert_eq!(
            refused(
                std::slice::from_ref(&made),
                std::slice::from_ref(&used),
                &all
            ),
            Some(0)
        );
        // The owner itself, and a lot nobody registered created, are not held to it.
        let own = at("4", &owner, "observe", &a, None);
        assert_eq!(refused(std::slice::from_ref(&made), &[own], &all), None);
        assert_eq!(
            refused(&[], &[at("5", &stranger, "observe", &a, None)], &all),
            None
        );
        // Sent to the carrier: it may use it; the stranger still may not.
        let ship = at("6", &owner, "observe", &a, Some(&carrier));
        let stored = [made.clone(), ship.clone()];
        assert_eq!(refused(&stored, &[used], &all), None);
        let theirs = at("7", &stranger, "input", &a, None);
        assert_eq!(refused(&stored, &[theirs], &all), Some(0));
        // A holder passes it on (owner → wholesaler → store), in one document.
        let doc = [
            at("8", &owner, "observe", &a, Some(&wholesaler)),
            at("9", &wholesaler, "observe", &a, Some(&store)),
            at("10", &store, "observe", &a, None),
        ];
        assert_eq!(refused(std::slice::from_ref(&made), &doc, &all), None);
        // Out of order in the document: the receiving comes before any sending.
        let doc = [doc[2].clone(), doc[0].clone(), doc[1].clone()];
        assert_eq!(refused(std::slice::from_ref(&made), &doc, &all), Some(0));
        // A business that never held it cannot send it on to itself or anyone.
        let doc = [
            at("11", &stranger, "observe", &a, Some(&stranger)),
            at("12", &stranger, "input", &a, None),
        ];
        assert_eq!(refused(std::slice::from_ref(&made), &doc, &all), Some(0));
        // A retracted shipment sends nothing.
        let mut retraction = serde_json::to_value(&ship).expect("json");
        retraction["errorDeclaration"] = json!({ "declarationTime": "2026-01-02T00:00:00+09:00" });
        let retraction: Event = serde_json::from_value(retraction).expect("event");
        let stored = [made, ship, retraction];
        let used = at("13", &carrier, "input", &a, None);
        assert_eq!(refused(&stored, &[used], &all), Some(0));
    }

    #[test]
    fn destinations_name_a_business_by_party_or_by_place() {
        let d = |t: &str, id: &str| Destination {
            destination_type: t.into(),
            destination: id.into(),
        };
        let gln = "8801234000062";
        let names = |d: Destination| destination_gln(&d).as_deref() == Some(gln);
        assert!(names(d("owning_party", "urn:epc:id:pgln:8801234.00006")));
        assert!(names(d(
            "https://ref.gs1.org/cbv/SDT-possessing_party",
            "https://id.gs1.org/417/8801234000062"
        )));
        assert!(names(d("location", "urn:epc:id:sgln:8801234.00006.1")));
        assert!(!names(d("location", "urn:epc:id:pgln:8801234.00006")));
        assert!(!names(d("owning_party", "urn:epc:id:pgln:8801234.00007")));
        assert!(!names(d("owning_party", "urn:epc:id:sgln:8801234.00006.0")));
    }
}
