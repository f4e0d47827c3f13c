//! CBV 2.0 event hash ID (CBV 2.0 §8.9, "EPCIS Event Hash ID"): a canonical pre-hash
//! string of the event, SHA-256, embedded as `ni:///sha-256;<hex>?ver=CBV2.0`.
//!
//! The pre-hash string concatenates `key=value` pairs in the canonical property order
//! (eventType, eventTime, eventTimeZoneOffset, certificationInfo, epcList, parentID,
//! inputEPCList, childEPCs, quantityList, childQuantityList, inputQuantityList,
//! outputEPCList, outputQuantityList, action, transformationID, bizStep, disposition,
//! persistentDisposition, readPoint, bizLocation, bizTransactionList, destinationList,
//! sourceList, sensorElementList, ilmd, user extensions) with no separators, and
//! normalises values so that equivalent serialisations hash alike:
//! - timestamps in UTC with `Z`, exactly three fractional digits (4th digit rounds);
//! - CBV values (bare names or URNs) as GS1 Web URIs (`https://ref.gs1.org/cbv/BizStep-…`);
//!   bare sensor types as `https://gs1.org/voc/<Type>`;
//! - EPC URIs (`urn:epc:id:…`, `urn:epc:class:lgtin:…`, `urn:epc:idpat:…`) as constrained
//!   canonical GS1 Digital Link URIs on `https://id.gs1.org`; Digital Link URIs on other
//!   hosts are moved to `id.gs1.org`, lose their query string and keep only the finest key
//!   qualifiers;
//! - numbers without trailing zeros; strings trimmed;
//! - list elements sorted (byte-wise) after being rendered; ilmd and extension members
//!   rendered as `{namespace IRI}localName=value` (nested objects: name then sorted
//!   children; arrays: one entry per element) and sorted.
//!
//! `eventID`, `recordTime` and `errorDeclaration` are not part of the hash: the hash *is*
//! an event ID, a record time is set by the receiving repository, and an error
//! declaration is added later to the very same event.
//!
//! Conformance: checked against the pre-hash strings and hashes published with GS1's
//! reference implementation and against GS1 EPCIS 2.0 example documents whose eventIDs
//! are hash IDs (see `tests/epcis_hash.rs`).

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::event::each;
use super::event::*;
use super::vocab::Vocab;
use super::LT_IRI;

/// Prefix → namespace IRI, used to expand `prefix:name` member names (CURIEs).
#[derive(Debug, Clone)]
pub struct Namespaces(BTreeMap<String, String>);

impl Default for Namespaces {
    /// Prefixes of GS1's EPCIS 2.0 context that commonly occur, plus `lt`.
    fn default() -> Self {
        let mut m = BTreeMap::new();
        for (p, iri) in [
            ("gs1", "https://gs1.org/voc/"),
            ("cbv", "https://ref.gs1.org/cbv/"),
            ("epcis", "https://ref.gs1.org/epcis/"),
            ("cbvmda", "urn:epcglobal:cbv:mda#"),
            ("lt", LT_IRI),
        ] {
            m.insert(p.to_string(), iri.to_string());
        }
        Namespaces(m)
    }
}

impl Namespaces {
    /// The defaults overlaid with every prefix an `@context` binds to a string IRI.
    pub fn from_context(ctx: &Value) -> Self {
        fn walk(v: &Value, m: &mut BTreeMap<String, String>) {
            match v {
                Value::Array(a) => a.iter().for_each(|x| walk(x, m)),
                Value::Object(o) => {
                    for (k, v) in o {
                        let iri = match v {
                            Value::String(s) => Some(s.as_str()),
                            Value::Object(d) => d.get("@id").and_then(Value::as_str),
                            _ => None,
                        };
                        if let Some(iri) = iri {
                            if !k.starts_with('@') {
                                m.insert(k.clone(), iri.to_string());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let mut ns = Namespaces::default();
        walk(ctx, &mut ns.0);
        ns
    }

    /// `example:myField` → `{http://ns.example.com/epcis/}myField`; names with an
    /// unbound prefix or no prefix are returned unchanged.
    fn expand_name(&self, name: &str) -> String {
        match name.split_once(':') {
            Some((p, local)) if !local.starts_with("//") => match self.0.get(p) {
                Some(iri) => format!("{{{iri}}}{local}"),
                None => name.to_string(),
            },
            _ => name.to_string(),
        }
    }

    /// A CURIE value (`gs1:Temperature`) expanded to its IRI; other values unchanged.
    fn expand_value(&self, v: &str) -> String {
        match v.split_once(':') {
            Some((p, local)) if !local.starts_with("//") => match self.0.get(p) {
                Some(iri) => format!("{iri}{local}"),
                None => v.to_string(),
            },
            _ => v.to_string(),
        }
    }
}

/// The event's hash ID with the default namespaces (enough for Lottrace's own events).
pub fn event_hash_id(ev: &Event) -> String {
    hash_id_with(ev, &Namespaces::default())
}

/// The event's hash ID, expanding extension prefixes with the document's `@context`.
pub fn hash_id_with(ev: &Event, ns: &Namespaces) -> String {
    let digest = Sha256::digest(pre_hash_string_with(ev, ns).as_bytes());
    let mut out = String::with_capacity(14 + 64 + 11);
    out.push_str("ni:///sha-256;");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out.push_str("?ver=CBV2.0");
    out
}

/// The canonical pre-hash string with the default namespaces.
pub fn pre_hash_string(ev: &Event) -> String {
    pre_hash_string_with(ev, &Namespaces::default())
}

/// The canonical pre-hash string (what is hashed), exposed for debugging and tests.
pub fn pre_hash_string_with(ev: &Event, ns: &Namespaces) -> String {
    let mut s = String::new();
    kv(&mut s, "eventType", ev.type_name());
    kv(&mut s, "eventTime", &norm_time(ev.event_time()));
    kv(
        &mut s,
        "eventTimeZoneOffset",
        ev.event_time_zone_offset().trim(),
    );
    match ev.certification_info() {
        Some(Value::String(c)) => kv(&mut s, "certificationInfo", &norm_id(c)),
        Some(Value::Array(a)) => {
            let mut v: Vec<String> = a
                .iter()
                .filter_map(Value::as_str)
                .map(|c| format!("certificationInfo={}", norm_id(c)))
                .collect();
            v.sort();
            v.iter().for_each(|x| s.push_str(x));
        }
        _ => {}
    }

    let none_s: Option<Vec<String>> = None;
    let none_q: Option<Vec<QuantityElement>> = None;
    let none_id: Option<String> = None;
    // Per-type views of the lists, in canonical order.
    let (epc_list, parent, input_epcs, child_epcs) = match ev {
        Event::ObjectEvent(e) => (&e.epc_list, &none_id, &none_s, &none_s),
        Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
            (&none_s, &e.parent_id, &none_s, &e.child_epcs)
        }
        Event::TransactionEvent(e) => (&e.epc_list, &e.parent_id, &none_s, &none_s),
        Event::TransformationEvent(e) => (&none_s, &none_id, &e.input_epc_list, &none_s),
    };
    let (qty, child_qty, input_qty, output_epcs, output_qty) = match ev {
        Event::ObjectEvent(e) => (&e.quantity_list, &none_q, &none_q, &none_s, &none_q),
        Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
            (&none_q, &e.child_quantity_list, &none_q, &none_s, &none_q)
        }
        Event::TransactionEvent(e) => (&e.quantity_list, &none_q, &none_q, &none_s, &none_q),
        Event::TransformationEvent(e) => (
            &none_q,
            &none_q,
            &e.input_quantity_list,
            &e.output_epc_list,
            &e.output_quantity_list,
        ),
    };
    epcs(&mut s, "epcList", epc_list);
    if let Some(p) = parent {
        kv(&mut s, "parentID", &norm_id(p));
    }
    epcs(&mut s, "inputEPCList", input_epcs);
    epcs(&mut s, "childEPCs", child_epcs);
    quantities(&mut s, "quantityList", qty);
    quantities(&mut s, "childQuantityList", child_qty);
    quantities(&mut s, "inputQuantityList", input_qty);
    epcs(&mut s, "outputEPCList", output_epcs);
    quantities(&mut s, "outputQuantityList", output_qty);
    if let Some(a) = ev.action() {
        kv(&mut s, "action", a.as_str());
    }
    if let Event::TransformationEvent(e) = ev {
        if let Some(t) = &e.transformation_id {
            kv(&mut s, "transformationID", &norm_id(t));
        }
    }
    if let Some(b) = ev.biz_step() {
        kv(&mut s, "bizStep", &Vocab::BizStep.web_uri(b.trim()));
    }
    if let Some(d) = ev.disposition() {
        kv(&mut s, "disposition", &Vocab::Disposition.web_uri(d.trim()));
    }
    let pd = match ev {
        Event::ObjectEvent(e) => e.persistent_disposition.as_ref(),
        Event::TransformationEvent(e) => e.persistent_disposition.as_ref(),
        _ => None,
    };
    if let Some(pd) = pd {
        s.push_str("persistentDisposition");
        for (k, list) in [("set", &pd.set), ("unset", &pd.unset)] {
            let mut v: Vec<String> = list
                .iter()
                .flatten()
                .map(|d| format!("{k}={}", Vocab::Disposition.web_uri(d.trim())))
                .collect();
            v.sort();
            v.iter().for_each(|x| s.push_str(x));
        }
    }
    let (rp, bl) = each!(ev, e => (e.read_point.as_ref(), e.biz_location.as_ref()));
    for (name, loc) in [("readPoint", rp), ("bizLocation", bl)] {
        if let Some(l) = loc {
            s.push_str(name);
            kv(&mut s, "id", &norm_id(&l.id));
            s.push_str(&extensions(&l.extra, ns));
        }
    }
    let bts = ev.biz_transactions();
    if !bts.is_empty() {
        let mut v: Vec<String> = bts
            .iter()
            .map(|b| {
                let mut x = String::new();
                if let Some(t) = &b.biz_transaction_type {
                    kv(&mut x, "type", &Vocab::BizTransactionType.web_uri(t.trim()));
                }
                kv(&mut x, "bizTransaction", &norm_id(&b.biz_transaction));
                x
            })
            .collect();
        v.sort();
        s.push_str("bizTransactionList");
        v.iter().for_each(|x| s.push_str(x));
    }
    let typed = |name: &str, items: Vec<(&str, &str)>, s: &mut String| {
        if items.is_empty() {
            return;
        }
        let mut v: Vec<String> = items
            .into_iter()
            .map(|(t, id)| {
                let mut x = String::new();
                kv(&mut x, "type", &Vocab::SourceDestType.web_uri(t.trim()));
                kv(&mut x, name, &norm_id(id));
                x
            })
            .collect();
        v.sort();
        s.push_str(name);
        s.push_str("List");
        v.iter().for_each(|x| s.push_str(x));
    };
    // destinationList before sourceList: the order GS1's reference implementation and
    // its published pre-hash strings use (the algorithm's table lists source first).
    typed(
        "destination",
        ev.destination_list()
            .iter()
            .map(|x| (x.destination_type.as_str(), x.destination.as_str()))
            .collect(),
        &mut s,
    );
    typed(
        "source",
        ev.source_list()
            .iter()
            .map(|x| (x.source_type.as_str(), x.source.as_str()))
            .collect(),
        &mut s,
    );
    let sensors = ev.sensor_elements();
    if !sensors.is_empty() {
        s.push_str("sensorElementList");
        // Elements keep their order: each is a separate observation series.
        for el in sensors {
            s.push_str(&sensor_element(el, ns));
        }
    }
    if let Some(ilmd) = ev.ilmd() {
        if !ilmd.is_empty() {
            s.push_str("ilmd");
            s.push_str(&extensions(ilmd, ns));
        }
    }
    s.push_str(&extensions(ev.extensions(), ns));
    s
}

fn kv(s: &mut String, k: &str, v: &str) {
    s.push_str(k);
    s.push('=');
    s.push_str(v.trim());
}

fn epcs(s: &mut String, name: &str, l: &Option<Vec<String>>) {
    let Some(l) = l.as_ref().filter(|l| !l.is_empty()) else {
        return;
    };
    let mut v: Vec<String> = l.iter().map(|e| format!("epc={}", norm_id(e))).collect();
    v.sort();
    s.push_str(name);
    v.iter().for_each(|x| s.push_str(x));
}

fn quantities(s: &mut String, name: &str, l: &Option<Vec<QuantityElement>>) {
    let Some(l) = l.as_ref().filter(|l| !l.is_empty()) else {
        return;
    };
    let mut v: Vec<String> = l
        .iter()
        .map(|q| {
            let mut x = String::from("quantityElement");
            kv(&mut x, "epcClass", &norm_id(&q.epc_class));
            if let Some(n) = q.quantity {
                kv(&mut x, "quantity", &num(n));
            }
            if let Some(u) = &q.uom {
                kv(&mut x, "uom", u);
            }
            x
        })
        .collect();
    v.sort();
    s.push_str(name);
    v.iter().for_each(|x| s.push_str(x));
}

fn sensor_element(el: &SensorElement, ns: &Namespaces) -> String {
    let mut s = String::from("sensorElement");
    if let Some(m) = &el.sensor_metadata {
        s.push_str("sensorMetadata");
        let times = [
            ("time", &m.time),
            ("startTime", &m.start_time),
            ("endTime", &m.end_time),
        ];
        for (k, v) in times {
            if let Some(v) = v {
                kv(&mut s, k, &norm_time(v));
            }
        }
        let ids = [
            ("deviceID", &m.device_id),
            ("deviceMetadata", &m.device_metadata),
            ("rawData", &m.raw_data),
            ("dataProcessingMethod", &m.data_processing_method),
            ("bizRules", &m.biz_rules),
        ];
        for (k, v) in ids {
            if let Some(v) = v {
                kv(&mut s, k, &norm_id(v));
            }
        }
        s.push_str(&extensions(&m.extra, ns));
    }
    let mut reports: Vec<String> = el
        .sensor_report
        .iter()
        .map(|r| sensor_report(r, ns))
        .collect();
    reports.sort();
    reports.iter().for_each(|r| s.push_str(r));
    s.push_str(&extensions(&el.extra, ns));
    s
}

fn sensor_report(r: &SensorReport, ns: &Namespaces) -> String {
    let mut s = String::from("sensorReport");
    let gs1_voc = |v: &str| {
        if super::vocab::is_bare_word(v) {
            format!("https://gs1.org/voc/{v}")
        } else {
            ns.expand_value(v)
        }
    };
    let opt = |s: &mut String, k: &str, v: &Option<String>, f: &dyn Fn(&str) -> String| {
        if let Some(v) = v {
            kv(s, k, &f(v.trim()));
        }
    };
    let id = |v: &str| norm_id(v);
    let plain = |v: &str| v.to_string();
    let numo = |s: &mut String, k: &str, v: Option<f64>| {
        if let Some(v) = v {
            kv(s, k, &num(v));
        }
    };
    opt(&mut s, "type", &r.report_type, &gs1_voc);
    opt(&mut s, "exception", &r.exception, &gs1_voc);
    opt(&mut s, "deviceID", &r.device_id, &id);
    opt(&mut s, "deviceMetadata", &r.device_metadata, &id);
    opt(&mut s, "rawData", &r.raw_data, &id);
    opt(
        &mut s,
        "dataProcessingMethod",
        &r.data_processing_method,
        &id,
    );
    opt(&mut s, "bizRules", &r.biz_rules, &id);
    opt(&mut s, "time", &r.time, &|v| norm_time(v));
    opt(&mut s, "microorganism", &r.microorganism, &id);
    opt(&mut s, "chemicalSubstance", &r.chemical_substance, &id);
    numo(&mut s, "value", r.value);
    opt(&mut s, "component", &r.component, &|v| ns.expand_value(v));
    opt(&mut s, "stringValue", &r.string_value, &plain);
    if let Some(b) = r.boolean_value {
        kv(&mut s, "booleanValue", if b { "true" } else { "false" });
    }
    opt(&mut s, "hexBinaryValue", &r.hex_binary_value, &plain);
    opt(&mut s, "uriValue", &r.uri_value, &id);
    numo(&mut s, "minValue", r.min_value);
    numo(&mut s, "maxValue", r.max_value);
    numo(&mut s, "meanValue", r.mean_value);
    numo(&mut s, "sDev", r.s_dev);
    numo(&mut s, "percRank", r.perc_rank);
    numo(&mut s, "percValue", r.perc_value);
    opt(&mut s, "uom", &r.uom, &plain);
    opt(
        &mut s,
        "coordinateReferenceSystem",
        &r.coordinate_reference_system,
        &plain,
    );
    s.push_str(&extensions(&r.extra, ns));
    s
}

/// Extension (or ilmd) members rendered and sorted; see the module docs.
fn extensions(m: &JsonMap, ns: &Namespaces) -> String {
    let mut v: Vec<String> = Vec::new();
    for (k, val) in m {
        render_member(&ns.expand_name(k), val, ns, &mut v);
    }
    v.sort();
    v.concat()
}

fn render_member(name: &str, val: &Value, ns: &Namespaces, out: &mut Vec<String>) {
    match val {
        Value::Null => out.push(name.to_string()),
        Value::Bool(b) => out.push(format!("{name}={b}")),
        Value::Number(n) => out.push(format!(
            "{name}={}",
            n.as_f64().map(num).unwrap_or_else(|| n.to_string())
        )),
        Value::String(s) => out.push(format!("{name}={}", s.trim())),
        Value::Array(a) => a.iter().for_each(|x| render_member(name, x, ns, out)),
        Value::Object(o) => out.push(format!("{name}{}", extensions(o, ns))),
    }
}

/// Decimal without trailing zeros (`1`, `0.3434`).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// UTC, `Z`, exactly milliseconds (rounded on the 4th fractional digit). An unparsable
/// value is used as written (validation reports it).
pub fn norm_time(t: &str) -> String {
    let t = t.trim();
    let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) else {
        return t.to_string();
    };
    let utc = dt.with_timezone(&chrono::Utc);
    let nanos = utc.timestamp_subsec_nanos() % 1_000_000_000;
    let mut ms = i64::from(nanos / 1_000_000);
    if (nanos / 100_000) % 10 >= 5 {
        ms += 1;
    }
    let base = utc - chrono::Duration::nanoseconds(i64::from(nanos));
    let rounded = base + chrono::Duration::milliseconds(ms);
    rounded.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

// ---------------------------------------------------------------------------------------
// Identifier normalisation: EPC URIs and Digital Link URIs to constrained canonical DL.

const DL_HOST: &str = "https://id.gs1.org";

/// Normalises an identifier for hashing; values that are neither EPC URIs nor GS1 Digital
/// Link URIs come back trimmed and otherwise unchanged.
pub fn norm_id(v: &str) -> String {
    let v = v.trim();
    if let Some(cbv) = cbv_urn_to_web(v) {
        return cbv;
    }
    if v.starts_with("urn:epc:") {
        return epc_to_dl(v).unwrap_or_else(|| v.to_string());
    }
    if v.starts_with("http://") || v.starts_with("https://") {
        return constrain_dl(v).unwrap_or_else(|| v.to_string());
    }
    v.to_string()
}

fn cbv_urn_to_web(v: &str) -> Option<String> {
    for voc in [
        Vocab::BizStep,
        Vocab::Disposition,
        Vocab::BizTransactionType,
        Vocab::SourceDestType,
        Vocab::ErrorReason,
    ] {
        if let Some(rest) = v.strip_prefix(voc.urn_prefix()) {
            return Some(format!("{}{rest}", voc.web_prefix()));
        }
    }
    None
}

fn gs1_check_digit(digits: &str) -> Option<char> {
    let mut sum = 0u32;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10)?;
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    char::from_digit((10 - sum % 10) % 10, 10)
}

fn with_check(digits: &str) -> Option<String> {
    Some(format!("{digits}{}", gs1_check_digit(digits)?))
}

/// GTIN-14 from an EPC company prefix and indicator+item reference.
fn gtin(cp: &str, ir: &str) -> Option<String> {
    let mut it = ir.chars();
    let ind = it.next()?;
    with_check(&format!("{ind}{cp}{}", it.as_str()))
}

fn epc_to_dl(v: &str) -> Option<String> {
    let rest = v.strip_prefix("urn:epc:")?;
    let (kind, body) = rest.split_once(':')?;
    let (scheme, value) = body.split_once(':')?;
    let p: Vec<&str> = value.split('.').collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let path = match (kind, scheme, p.as_slice()) {
        ("id", "sgtin", [cp, ir, ser]) => format!("/01/{}/21/{ser}", gtin(cp, ir)?),
        ("idpat", "sgtin", [cp, ir, "*"]) => format!("/01/{}", gtin(cp, ir)?),
        ("class", "lgtin", [cp, ir, lot]) => format!("/01/{}/10/{lot}", gtin(cp, ir)?),
        ("id", "sscc", [cp, sr]) => {
            let mut it = sr.chars();
            let ext = it.next()?;
            format!("/00/{}", with_check(&format!("{ext}{cp}{}", it.as_str()))?)
        }
        ("id", "sgln", [cp, lr, ext]) => {
            let gln = with_check(&format!("{cp}{lr}"))?;
            if *ext == "0" {
                format!("/414/{gln}")
            } else {
                format!("/414/{gln}/254/{ext}")
            }
        }
        ("id", "pgln", [cp, pr]) => format!("/417/{}", with_check(&format!("{cp}{pr}"))?),
        ("id", "giai", [cp, ar]) => format!("/8004/{cp}{ar}"),
        ("id", "grai", [cp, at, ser]) => {
            format!("/8003/0{}{ser}", with_check(&format!("{cp}{at}"))?)
        }
        ("idpat", "grai", [cp, at, "*"]) => format!("/8003/0{}", with_check(&format!("{cp}{at}"))?),
        ("id", "gdti", [cp, dt, ser]) => format!("/253/{}{ser}", with_check(&format!("{cp}{dt}"))?),
        ("idpat", "gdti", [cp, dt, "*"]) => format!("/253/{}", with_check(&format!("{cp}{dt}"))?),
        ("id", "sgcn", [cp, ct, ser]) => format!("/255/{}{ser}", with_check(&format!("{cp}{ct}"))?),
        ("idpat", "sgcn", [cp, ct, "*"]) => format!("/255/{}", with_check(&format!("{cp}{ct}"))?),
        ("id", "gsrn", [cp, sr]) => format!("/8018/{}", with_check(&format!("{cp}{sr}"))?),
        ("id", "gsrnp", [cp, sr]) => format!("/8017/{}", with_check(&format!("{cp}{sr}"))?),
        ("id", "ginc", [cp, r]) => format!("/401/{cp}{r}"),
        ("id", "gsin", [cp, r]) => format!("/402/{}", with_check(&format!("{cp}{r}"))?),
        ("id", "cpi", [cp, r, ser]) => format!("/8010/{cp}{r}/8011/{ser}"),
        ("idpat", "cpi", [cp, r, "*"]) => format!("/8010/{cp}{r}"),
        ("id", "itip", [cp, ir, piece, total, ser]) => {
            format!("/8006/{}{piece}{total}/21/{ser}", gtin(cp, ir)?)
        }
        ("idpat", "itip", [cp, ir, piece, total, "*"]) => {
            format!("/8006/{}{piece}{total}", gtin(cp, ir)?)
        }
        ("id", "upui", [cp, ir, tpx]) => format!("/01/{}/235/{tpx}", gtin(cp, ir)?),
        _ => return None,
    };
    // Company prefixes and numeric references must be digits for the check digit to mean
    // anything; a malformed EPC is hashed as written instead.
    if p.first().is_some_and(|cp| !all_digits(cp)) {
        return None;
    }
    Some(format!("{DL_HOST}{path}"))
}

/// Primary GS1 keys a Digital Link path may start with.
const DL_PRIMARY: &[&str] = &[
    "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017",
    "8018",
];

/// Constrained canonical Digital Link: host `id.gs1.org`, no query, only the finest key
/// qualifier. None when `v` is not a GS1 Digital Link URI.
fn constrain_dl(v: &str) -> Option<String> {
    let after_scheme = v.split_once("://")?.1;
    let path = after_scheme.split_once('/')?.1;
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let start = segs.iter().position(|s| DL_PRIMARY.contains(s))?;
    let segs = &segs[start..];
    if segs.len() < 2 || !segs.chunks_exact(2).remainder().is_empty() {
        return None;
    }
    let pairs: Vec<(&str, &str)> = segs.chunks(2).map(|c| (c[0], c[1])).collect();
    let (key, val) = pairs[0];
    let find = |ai: &str| pairs.iter().find(|(a, _)| *a == ai).map(|(_, v)| *v);
    let val = if key == "01" && val.len() < 14 && val.bytes().all(|b| b.is_ascii_digit()) {
        format!("{val:0>14}")
    } else {
        val.to_string()
    };
    let qualifier = match key {
        "01" => ["21", "235", "10"]
            .into_iter()
            .find_map(|q| find(q).map(|v| (q, v))),
        "414" => find("254").map(|v| ("254", v)),
        "8006" => ["21", "10"]
            .into_iter()
            .find_map(|q| find(q).map(|v| (q, v))),
        "8010" => find("8011").map(|v| ("8011", v)),
        _ => None,
    };
    Some(match qualifier {
        Some((q, qv)) => format!("{DL_HOST}/{key}/{val}/{q}/{qv}"),
        None => format!("{DL_HOST}/{key}/{val}"),
    })
}

impl Event {
    /// Hash ID with the document's `@context` for extension prefixes.
    pub fn hash_id_in(&self, context: &Value) -> String {
        hash_id_with(self, &Namespaces::from_context(context))
    }
}

impl super::EpcisDocument {
    /// Gives every event without `eventID` its CBV 2.0 hash ID (using this document's
    /// `@context`); returns how many were assigned.
    pub fn assign_missing_event_ids(&mut self) -> usize {
        let ns = Namespaces::from_context(&self.context);
        let mut n = 0;
        for ev in self.events_mut() {
            if ev.event_id().is_none() {
                let id = hash_id_with(ev, &ns);
                ev.set_event_id(id);
                n += 1;
            }
        }
        n
    }
}
