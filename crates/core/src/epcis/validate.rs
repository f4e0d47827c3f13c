//! Validation of EPCIS 2.0 documents against the standard and CBV 2.0: every problem is
//! reported (not just the first), each with the JSON pointer of the offending member.
//!
//! What is checked, beyond what parsing already guarantees (member types, `action`
//! values, event `type`):
//! - document: `@context` present and well-formed, `schemaVersion`, `creationDate`,
//!   `queryName` for query documents;
//! - every event: `eventTime` RFC 3339 with offset, `eventTimeZoneOffset` `±hh:mm`,
//!   `recordTime`, `eventID` / `certificationInfo` / location / party identifiers are
//!   URIs, `errorDeclaration` shape, the content each event type requires (EPCs or
//!   quantities, parentID, inputs and outputs or transformationID, ilmd only on ADD);
//! - vocabularies: `bizStep` is a CBV 2.0 step (any of its three forms) or a GDST step;
//!   another value must be a full non-CBV URI. A bare unknown word is an error, and so
//!   is an unknown value under the CBV namespace. CBV 2.0 has no `transforming` step:
//!   transformation is an event type. Same for disposition, bizTransaction types,
//!   source/destination types and error reasons;
//! - quantities are finite and ≥ 0, `uom` is a UN/CEFACT Rec. 20 code (2–3 upper-case
//!   letters/digits) and only appears with a quantity; sensor reports likewise;
//! - extension members carry a namespace prefix, and an `lt:` member requires `@context`
//!   to bind `lt`.

use chrono::DateTime;
use serde_json::Value;

use super::event::*;
use super::vocab::{self, is_uri, Vocab};
use super::{pointer_escape, EpcisDocument, Problem, LT_PREFIX};

/// Validates a whole document. `Ok(())` or every problem found.
pub fn validate(doc: &EpcisDocument) -> Result<(), Vec<Problem>> {
    let mut out = Vec::new();
    check_context(&doc.context, &mut out);
    let is_query = doc.doc_type == "EPCISQueryDocument";
    if doc.doc_type != "EPCISDocument" && !is_query {
        out.push(Problem::new(
            "/type",
            "type must be EPCISDocument or EPCISQueryDocument",
        ));
    }
    if doc.schema_version.is_empty() {
        if !is_query {
            out.push(Problem::new("/schemaVersion", "schemaVersion is required"));
        }
    } else if !is_version(&doc.schema_version) {
        out.push(Problem::new(
            "/schemaVersion",
            "schemaVersion must look like 2.0",
        ));
    }
    if doc.creation_date.is_empty() {
        if !is_query {
            out.push(Problem::new("/creationDate", "creationDate is required"));
        }
    } else {
        check_time(
            &doc.creation_date,
            "/creationDate",
            "creationDate",
            &mut out,
        );
    }
    if let Some(id) = &doc.id {
        check_uri(id, "/id", "id", &mut out);
    }
    match &doc.epcis_body.query_results {
        Some(q) if q.query_name.is_empty() => out.push(Problem::new(
            "/epcisBody/queryResults/queryName",
            "queryName is required in a query document",
        )),
        None if is_query => out.push(Problem::new(
            "/epcisBody/queryResults",
            "an EPCISQueryDocument needs epcisBody.queryResults",
        )),
        _ => {}
    }
    if doc.doc_type == "EPCISDocument" && doc.epcis_body.query_results.is_some() {
        out.push(Problem::new(
            "/epcisBody/queryResults",
            "an EPCISDocument carries epcisBody.eventList, not queryResults",
        ));
    }
    // sender, receiver and instanceIdentifier are standard document members kept in `extra`.
    let doc_extra: JsonMap = doc
        .extra
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "sender" | "receiver" | "instanceIdentifier"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    check_member_names(&doc_extra, "", &mut out);

    let base = doc.event_list_path();
    let lt_bound = binds_prefix(&doc.context, LT_PREFIX);
    for (i, ev) in doc.events().iter().enumerate() {
        let p = format!("{base}/{i}");
        out.extend(validate_event(ev, &p));
        if !lt_bound && uses_lt(ev) {
            out.push(Problem::new(
                "/@context",
                format!("event {i} uses lt: members but @context does not bind the lt prefix"),
            ));
        }
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

/// Problems of one event; `path` is the event's JSON pointer (may be "").
pub fn validate_event(ev: &Event, path: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let o = &mut out;
    let p = |m: &str| format!("{path}/{m}");

    check_time(ev.event_time(), &p("eventTime"), "eventTime", o);
    if !vocab::is_tz_offset(ev.event_time_zone_offset()) {
        o.push(Problem::new(
            p("eventTimeZoneOffset"),
            "eventTimeZoneOffset must be ±hh:mm (e.g. +09:00)",
        ));
    }
    if let Some(t) = ev.record_time() {
        check_time(t, &p("recordTime"), "recordTime", o);
    }
    if let Some(id) = ev.event_id() {
        check_uri(id, &p("eventID"), "eventID", o);
    }
    if let Some(ci) = ev.certification_info() {
        match ci {
            Value::String(s) => check_uri(s, &p("certificationInfo"), "certificationInfo", o),
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let pp = format!("{}/{i}", p("certificationInfo"));
                    match v.as_str() {
                        Some(s) => check_uri(s, &pp, "certificationInfo", o),
                        None => o.push(Problem::new(pp, "certificationInfo must be a URI")),
                    }
                }
            }
            _ => o.push(Problem::new(
                p("certificationInfo"),
                "certificationInfo must be a URI or an array of URIs",
            )),
        }
    }
    if let Some(d) = ev.error_declaration() {
        check_error_declaration(d, &p("errorDeclaration"), o);
    }
    if let Some(b) = ev.biz_step() {
        check_biz_step(b, &p("bizStep"), o);
    }
    if let Some(d) = ev.disposition() {
        check_vocab(Vocab::Disposition, d, &p("disposition"), o);
    }
    each_location(ev, path, o);
    for (i, t) in ev.biz_transactions().iter().enumerate() {
        let pp = format!("{}/{i}", p("bizTransactionList"));
        if let Some(ty) = &t.biz_transaction_type {
            check_vocab(Vocab::BizTransactionType, ty, &format!("{pp}/type"), o);
        }
        check_uri(
            &t.biz_transaction,
            &format!("{pp}/bizTransaction"),
            "bizTransaction",
            o,
        );
    }
    for (i, s) in ev.source_list().iter().enumerate() {
        let pp = format!("{}/{i}", p("sourceList"));
        check_vocab(
            Vocab::SourceDestType,
            &s.source_type,
            &format!("{pp}/type"),
            o,
        );
        check_uri(&s.source, &format!("{pp}/source"), "source", o);
    }
    for (i, d) in ev.destination_list().iter().enumerate() {
        let pp = format!("{}/{i}", p("destinationList"));
        check_vocab(
            Vocab::SourceDestType,
            &d.destination_type,
            &format!("{pp}/type"),
            o,
        );
        check_uri(
            &d.destination,
            &format!("{pp}/destination"),
            "destination",
            o,
        );
    }
    for (i, s) in ev.sensor_elements().iter().enumerate() {
        check_sensor_element(s, &format!("{}/{i}", p("sensorElementList")), o);
    }
    if let Some(ilmd) = ev.ilmd() {
        for k in ilmd.keys() {
            if !is_uri(k) {
                o.push(Problem::new(
                    format!("{}/{}", p("ilmd"), pointer_escape(k)),
                    "ilmd member names must be namespaced (prefix:name) or full URIs",
                ));
            }
        }
    }
    check_member_names(ev.extensions(), path, o);

    match ev {
        Event::ObjectEvent(e) => {
            epc_list(&e.epc_list, &p("epcList"), o);
            quantities(&e.quantity_list, &p("quantityList"), o);
            let has_epcs = e.epc_list.is_some();
            let has_qty = e.quantity_list.as_ref().is_some_and(|l| !l.is_empty());
            let sensor_only = e
                .sensor_element_list
                .as_ref()
                .is_some_and(|l| !l.is_empty())
                && e.read_point.is_some();
            if !has_epcs && !has_qty && !sensor_only {
                o.push(Problem::new(
                    p("epcList"),
                    "ObjectEvent needs epcList or a non-empty quantityList (or sensor data with a readPoint)",
                ));
            }
            if e.ilmd.is_some() && e.action != Action::Add {
                o.push(Problem::new(
                    p("ilmd"),
                    "ilmd is only allowed on an ObjectEvent with action ADD",
                ));
            }
            persistent(&e.persistent_disposition, &p("persistentDisposition"), o);
        }
        Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
            let assoc = matches!(ev, Event::AssociationEvent(_));
            if let Some(id) = &e.parent_id {
                check_uri(id, &p("parentID"), "parentID", o);
            } else if assoc || e.action != Action::Observe {
                o.push(Problem::new(
                    p("parentID"),
                    if assoc {
                        "AssociationEvent requires parentID"
                    } else {
                        "AggregationEvent with action ADD or DELETE requires parentID"
                    },
                ));
            }
            epc_list(&e.child_epcs, &p("childEPCs"), o);
            quantities(&e.child_quantity_list, &p("childQuantityList"), o);
            let has_children = e.child_epcs.as_ref().is_some_and(|l| !l.is_empty())
                || e.child_quantity_list
                    .as_ref()
                    .is_some_and(|l| !l.is_empty());
            if !has_children && e.action != Action::Delete {
                o.push(Problem::new(
                    p("childEPCs"),
                    format!(
                        "{} needs childEPCs or childQuantityList unless action is DELETE",
                        ev.type_name()
                    ),
                ));
            }
        }
        Event::TransactionEvent(e) => {
            if e.biz_transaction_list.is_empty() {
                o.push(Problem::new(
                    p("bizTransactionList"),
                    "TransactionEvent requires a non-empty bizTransactionList",
                ));
            }
            if let Some(id) = &e.parent_id {
                check_uri(id, &p("parentID"), "parentID", o);
            }
            epc_list(&e.epc_list, &p("epcList"), o);
            quantities(&e.quantity_list, &p("quantityList"), o);
            let has =
                e.epc_list.is_some() || e.quantity_list.as_ref().is_some_and(|l| !l.is_empty());
            if !has && e.action != Action::Delete {
                o.push(Problem::new(
                    p("epcList"),
                    "TransactionEvent needs epcList or quantityList unless action is DELETE",
                ));
            }
        }
        Event::TransformationEvent(e) => {
            epc_list(&e.input_epc_list, &p("inputEPCList"), o);
            epc_list(&e.output_epc_list, &p("outputEPCList"), o);
            quantities(&e.input_quantity_list, &p("inputQuantityList"), o);
            quantities(&e.output_quantity_list, &p("outputQuantityList"), o);
            let nonempty = |l: &Option<Vec<String>>| l.as_ref().is_some_and(|l| !l.is_empty());
            let nonempty_q =
                |l: &Option<Vec<QuantityElement>>| l.as_ref().is_some_and(|l| !l.is_empty());
            let has_in = nonempty(&e.input_epc_list) || nonempty_q(&e.input_quantity_list);
            let has_out = nonempty(&e.output_epc_list) || nonempty_q(&e.output_quantity_list);
            match &e.transformation_id {
                Some(t) => check_uri(t, &p("transformationID"), "transformationID", o),
                None if !(has_in && has_out) => o.push(Problem::new(
                    if has_in {
                        p("outputQuantityList")
                    } else {
                        p("inputQuantityList")
                    },
                    "TransformationEvent needs both inputs and outputs (EPCs or quantities), or a transformationID",
                )),
                None => {}
            }
            persistent(&e.persistent_disposition, &p("persistentDisposition"), o);
        }
    }
    out
}

fn each_location(ev: &Event, path: &str, o: &mut Vec<Problem>) {
    if let Some(id) = ev.read_point() {
        check_uri(id, &format!("{path}/readPoint/id"), "readPoint id", o);
    }
    if let Some(id) = ev.biz_location() {
        check_uri(id, &format!("{path}/bizLocation/id"), "bizLocation id", o);
    }
}

fn is_version(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn check_time(s: &str, path: &str, name: &str, o: &mut Vec<Problem>) {
    if DateTime::parse_from_rfc3339(s).is_err() {
        o.push(Problem::new(
            path,
            format!("{name} must be an RFC 3339 date-time with a time zone offset (e.g. 2024-05-13T09:30:00+09:00)"),
        ));
    }
}

fn check_uri(s: &str, path: &str, name: &str, o: &mut Vec<Problem>) {
    if !is_uri(s) {
        o.push(Problem::new(
            path,
            format!("{name} must be a URI, got {s:?}"),
        ));
    }
}

fn check_biz_step(v: &str, path: &str, o: &mut Vec<Problem>) {
    if vocab::is_known_biz_step(v) {
        return;
    }
    let short = Vocab::BizStep.cbv_short(v).unwrap_or(v);
    if short == "transforming" {
        o.push(Problem::new(
            path,
            "CBV 2.0 has no bizStep \"transforming\": record a TransformationEvent (e.g. with bizStep commissioning)",
        ));
        return;
    }
    check_vocab(Vocab::BizStep, v, path, o);
}

/// Known CBV value in any form, or a full URI outside the CBV namespace.
fn check_vocab(voc: Vocab, v: &str, path: &str, o: &mut Vec<Problem>) {
    if voc.is_known_cbv(v) {
        return;
    }
    if vocab::is_bare_word(v) {
        o.push(Problem::new(
            path,
            format!(
                "unknown {} {v:?}: use a CBV 2.0 value or a full URI of your own vocabulary",
                voc.name()
            ),
        ));
    } else if v.starts_with(voc.urn_prefix())
        || v.starts_with(voc.web_prefix())
        || v.starts_with("urn:epcglobal:cbv:")
        || v.starts_with("https://ref.gs1.org/cbv/")
    {
        o.push(Problem::new(
            path,
            format!("{v:?} is not a CBV 2.0 {}", voc.name()),
        ));
    } else if !is_uri(v) {
        o.push(Problem::new(
            path,
            format!("{} must be a CBV 2.0 value or a URI, got {v:?}", voc.name()),
        ));
    }
}

fn check_error_declaration(d: &ErrorDeclaration, path: &str, o: &mut Vec<Problem>) {
    check_time(
        &d.declaration_time,
        &format!("{path}/declarationTime"),
        "declarationTime",
        o,
    );
    if let Some(r) = &d.reason {
        check_vocab(Vocab::ErrorReason, r, &format!("{path}/reason"), o);
    }
    for (i, id) in d.corrective_event_ids.iter().flatten().enumerate() {
        check_uri(
            id,
            &format!("{path}/correctiveEventIDs/{i}"),
            "corrective event ID",
            o,
        );
    }
    check_member_names(&d.extra, path, o);
}

fn epc_list(l: &Option<Vec<String>>, path: &str, o: &mut Vec<Problem>) {
    let Some(l) = l else { return };
    for (i, epc) in l.iter().enumerate() {
        check_uri(epc, &format!("{path}/{i}"), "EPC", o);
        if l[..i].contains(epc) {
            o.push(Problem::new(
                format!("{path}/{i}"),
                format!("duplicate EPC {epc:?}"),
            ));
        }
    }
}

fn quantities(l: &Option<Vec<QuantityElement>>, path: &str, o: &mut Vec<Problem>) {
    for (i, q) in l.iter().flatten().enumerate() {
        let pp = format!("{path}/{i}");
        check_uri(&q.epc_class, &format!("{pp}/epcClass"), "epcClass", o);
        match q.quantity {
            Some(x) if !x.is_finite() || x < 0.0 => o.push(Problem::new(
                format!("{pp}/quantity"),
                "quantity must be a non-negative number",
            )),
            None if q.uom.is_some() => o.push(Problem::new(
                format!("{pp}/uom"),
                "uom is only meaningful with a quantity",
            )),
            _ => {}
        }
        if let Some(u) = &q.uom {
            check_uom(u, &format!("{pp}/uom"), o);
        }
    }
}

fn check_uom(u: &str, path: &str, o: &mut Vec<Problem>) {
    if !vocab::is_uom(u) {
        o.push(Problem::new(
            path,
            format!("uom must be a UN/CEFACT Rec. 20 code such as KGM or CEL, got {u:?}"),
        ));
    }
}

fn persistent(pd: &Option<PersistentDisposition>, path: &str, o: &mut Vec<Problem>) {
    let Some(pd) = pd else { return };
    let set = pd.set.as_deref().unwrap_or(&[]);
    let unset = pd.unset.as_deref().unwrap_or(&[]);
    if set.is_empty() && unset.is_empty() {
        o.push(Problem::new(
            path,
            "persistentDisposition needs a non-empty set or unset",
        ));
    }
    for (name, list) in [("set", set), ("unset", unset)] {
        for (i, d) in list.iter().enumerate() {
            check_vocab(Vocab::Disposition, d, &format!("{path}/{name}/{i}"), o);
        }
    }
}

fn check_sensor_element(s: &SensorElement, path: &str, o: &mut Vec<Problem>) {
    if let Some(m) = &s.sensor_metadata {
        let mp = format!("{path}/sensorMetadata");
        for (name, t) in [
            ("time", &m.time),
            ("startTime", &m.start_time),
            ("endTime", &m.end_time),
        ] {
            if let Some(t) = t {
                check_time(t, &format!("{mp}/{name}"), name, o);
            }
        }
        check_member_names(&m.extra, &mp, o);
    }
    if s.sensor_report.is_empty() {
        o.push(Problem::new(
            format!("{path}/sensorReport"),
            "a sensor element needs at least one sensorReport",
        ));
    }
    for (i, r) in s.sensor_report.iter().enumerate() {
        let rp = format!("{path}/sensorReport/{i}");
        if let Some(t) = &r.time {
            check_time(t, &format!("{rp}/time"), "time", o);
        }
        if let Some(u) = &r.uom {
            check_uom(u, &format!("{rp}/uom"), o);
        }
        if let Some(t) = &r.report_type {
            if !is_uri(t) && !t.chars().all(|c| c.is_ascii_alphanumeric()) {
                o.push(Problem::new(
                    format!("{rp}/type"),
                    "sensor report type must be a GS1 measurement type (e.g. Temperature) or a URI",
                ));
            }
        }
        for (name, v) in [
            ("value", r.value),
            ("minValue", r.min_value),
            ("maxValue", r.max_value),
            ("meanValue", r.mean_value),
        ] {
            if v.is_some_and(|x| !x.is_finite()) {
                o.push(Problem::new(
                    format!("{rp}/{name}"),
                    format!("{name} must be a finite number"),
                ));
            }
        }
        if let (Some(lo), Some(hi)) = (r.min_value, r.max_value) {
            if lo > hi {
                o.push(Problem::new(
                    format!("{rp}/minValue"),
                    "minValue exceeds maxValue",
                ));
            }
        }
        check_member_names(&r.extra, &rp, o);
    }
    check_member_names(&s.extra, path, o);
}

/// Members outside the standard must be namespaced (`prefix:name`) or full URIs, as the
/// schema's `propertyNames` requires; a bare unknown name is most likely a typo.
fn check_member_names(extra: &JsonMap, path: &str, o: &mut Vec<Problem>) {
    for k in extra.keys() {
        if !is_uri(k) {
            o.push(Problem::new(
                format!("{path}/{}", pointer_escape(k)),
                format!(
                    "unknown member {k:?}: extension members need a namespace prefix (e.g. lt:{k})"
                ),
            ));
        }
    }
}

fn check_context(ctx: &Value, o: &mut Vec<Problem>) {
    let ok_item = |v: &Value| match v {
        Value::String(s) => is_uri(s),
        Value::Object(_) => true,
        _ => false,
    };
    let ok = match ctx {
        Value::Null => {
            o.push(Problem::new("/@context", "@context is required"));
            return;
        }
        Value::Array(a) => !a.is_empty() && a.iter().all(ok_item),
        v => ok_item(v),
    };
    if !ok {
        o.push(Problem::new(
            "/@context",
            "@context must be a URI, an object, or an array of those",
        ));
    }
}

/// True when some object in `@context` binds `prefix`.
pub fn binds_prefix(ctx: &Value, prefix: &str) -> bool {
    match ctx {
        Value::Object(m) => m.contains_key(prefix),
        Value::Array(a) => a.iter().any(|v| binds_prefix(v, prefix)),
        _ => false,
    }
}

fn uses_lt(ev: &Event) -> bool {
    let is_lt = |k: &String| super::lt::lt_key(k).is_some();
    ev.extensions().keys().any(is_lt) || ev.ilmd().is_some_and(|m| m.keys().any(is_lt))
}
