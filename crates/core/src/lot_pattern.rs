//! The six lot patterns of guideline I.6.3 (롯트의 입하·이동·통합·분할·가공·출하) as
//! EPCIS 2.0 events: constructors that turn a staff form into the right event, and the
//! inverse, [`LotPattern::of`], telling which pattern a stored event is.
//!
//! | pattern | guideline | event | action | bizStep | lists |
//! |---|---|---|---|---|---|
//! | [`Receive`] | i) 입하 | ObjectEvent | OBSERVE | `receiving` | `quantityList` (lots received), `sourceList` (supplier), `destinationList` (us); disposition `in_progress` |
//! | [`InternalMove`] | ii) 내부 이동 | ObjectEvent | OBSERVE | `storing` | `quantityList`; `sourceList` / `destinationList` of type `location` (from / to); the lot itself does not change |
//! | [`Merge`] | iii) 통합 | TransformationEvent | — | `urn:gdst:bizStep:commingling` | ≥ 2 lots in `inputQuantityList`, 1 new lot in `outputQuantityList`; disposition `active` |
//! | [`Split`] | iv) 분할 | TransformationEvent | — | `repackaging` | 1 lot in `inputQuantityList`, ≥ 2 new lots in `outputQuantityList`; disposition `active` |
//! | [`Process`] | v) 가열·냉동·건조 등 가공 | TransformationEvent | — | `commissioning` (as GDST records processing) | 1 lot in, 1 new lot out, plus declared by-product lots (`outputQuantityList`); disposition `active` |
//! | [`Ship`] | vi) 출하 | ObjectEvent | OBSERVE | `shipping` | `quantityList`, `sourceList` (us), `destinationList` (≥ 1 recipient); disposition `in_transit` |
//!
//! Every lot travels as its EPC class URI with a quantity in kilograms (`uom` `KGM`), so
//! the input→output correspondence that merge and split must keep (guideline I.6.3 iii,
//! iv) is the event itself and [`crate::genealogy`] reads it as is. Common to all:
//! `eventID` supplied by the caller (the offline app makes a UUID URN, so a re-sent
//! event is recognised), `eventTime` with its own offset (and `eventTimeZoneOffset`
//! taken from it), `bizLocation` and `readPoint` (a GLN becomes the Digital Link
//! `https://id.gs1.org/414/<gln>`; SGLN URIs and Digital Links are kept),
//! `bizTransactionList` (delivery notes, invoices …), a temperature log as
//! `sensorElementList`, and dictionary fields as `lt:<key>`: in `ilmd` when the
//! field's place is `ilmd` and the event may carry ilmd (TransformationEvent, ObjectEvent
//! ADD — so only merge, split and process here), otherwise as a top-level extension
//! member. Fields whose place is a standard EPCIS member, or sensor data, are set through
//! the pattern's own members and rejected in `fields`.
//!
//! The inverse reads bizStep first, then the shape: a TransformationEvent with several
//! inputs and one output is a merge, one input and several outputs a split, one and one
//! a process; an OBSERVE ObjectEvent with a receiving / shipping / storing step is a
//! receive / ship / move. Anything else (creation with ADD, farm harvest, a many-to-many
//! transformation) is none of the six: `None`.
//!
//! A built event always passes [`crate::epcis::validate_event`]; every problem with the
//! form is returned at once, each with the JSON pointer of the form member.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::codes::{self, LotKey, ResolverConfig};
use crate::epcis::{
    validate_event, Action, BizTransaction, Destination, Event, JsonMap, Location, ObjectEvent,
    Problem, QuantityElement, SensorElement, SensorMetadata, SensorReport, Source,
    TransformationEvent,
};
use crate::fields::{normalize_value, Dictionary, EpcisPlace, FieldType};
use crate::lang::{Labels, Lang};

/// One of the six lot patterns of guideline I.6.3.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum LotPattern {
    Receive,
    InternalMove,
    Merge,
    Split,
    Process,
    Ship,
}

/// GDST's step for mixing lots (CBV 2.0 has none).
pub const COMMINGLING: &str = "urn:gdst:bizStep:commingling";

impl LotPattern {
    pub const ALL: [LotPattern; 6] = [
        LotPattern::Receive,
        LotPattern::InternalMove,
        LotPattern::Merge,
        LotPattern::Split,
        LotPattern::Process,
        LotPattern::Ship,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LotPattern::Receive => "receive",
            LotPattern::InternalMove => "internal_move",
            LotPattern::Merge => "merge",
            LotPattern::Split => "split",
            LotPattern::Process => "process",
            LotPattern::Ship => "ship",
        }
    }

    /// The bizStep the constructors write.
    pub fn biz_step(self) -> &'static str {
        match self {
            LotPattern::Receive => "receiving",
            LotPattern::InternalMove => "storing",
            LotPattern::Merge => COMMINGLING,
            LotPattern::Split => "repackaging",
            LotPattern::Process => "commissioning",
            LotPattern::Ship => "shipping",
        }
    }

    pub fn labels(self) -> Labels {
        let (ko, en, zh) = match self {
            LotPattern::Receive => ("입하", "Receive", "入货"),
            LotPattern::InternalMove => ("내부 이동", "Internal move", "内部移动"),
            LotPattern::Merge => ("통합", "Merge", "合并"),
            LotPattern::Split => ("분할", "Split", "拆分"),
            LotPattern::Process => ("가공", "Process", "加工"),
            LotPattern::Ship => ("출하", "Ship", "出货"),
        };
        Labels {
            ko: ko.into(),
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn label(self, lang: Lang) -> String {
        self.labels().get(lang).to_string()
    }

    /// Which pattern a stored event is, if any (see the module docs for the rules).
    pub fn of(event: &Event) -> Option<LotPattern> {
        let step = event.biz_step_short().unwrap_or("");
        match event {
            Event::TransformationEvent(_) => {
                let links = crate::genealogy::EventLinks::of(event);
                let (ins, outs) = (links.inputs.len(), links.outputs.len());
                if ins == 0 || outs == 0 {
                    return None;
                }
                match (step, ins, outs) {
                    ("commingling", _, 1) => Some(LotPattern::Merge),
                    ("repackaging" | "packing" | "unpacking", 1, n) if n >= 2 => {
                        Some(LotPattern::Split)
                    }
                    // Processing may declare by-products beside its product.
                    ("commissioning" | "creating_class_instance", 1, _) => {
                        Some(LotPattern::Process)
                    }
                    (_, i, 1) if i >= 2 => Some(LotPattern::Merge),
                    (_, 1, o) if o >= 2 => Some(LotPattern::Split),
                    (_, 1, 1) => Some(LotPattern::Process),
                    _ => None,
                }
            }
            Event::ObjectEvent(e) if e.action == Action::Observe => match step {
                "receiving" | "arriving" | "accepting" | "unloading" => Some(LotPattern::Receive),
                "shipping" | "departing" | "staging_outbound" | "loading" => Some(LotPattern::Ship),
                "storing" | "entering_exiting" | "stocking" | "picking" => {
                    Some(LotPattern::InternalMove)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// A lot and how many kilograms of it the event handles.
#[derive(Debug, Clone, PartialEq)]
pub struct LotQuantity {
    pub lot: LotKey,
    pub kg: f64,
}

impl LotQuantity {
    pub fn new(lot: LotKey, kg: f64) -> Self {
        LotQuantity { lot, kg }
    }
}

/// One end of a transfer, an EPCIS source or destination: who or where, as a GLN (13
/// digits), SGLN or PGLN URI, Digital Link or other URI, and its CBV type. (A business
/// itself, with its name and contacts, is [`crate::party::Party`].)
#[derive(Debug, Clone, PartialEq)]
pub struct TransferParty {
    pub kind: TransferPartyKind,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferPartyKind {
    OwningParty,
    PossessingParty,
    Location,
}

impl TransferPartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransferPartyKind::OwningParty => "owning_party",
            TransferPartyKind::PossessingParty => "possessing_party",
            TransferPartyKind::Location => "location",
        }
    }
}

impl TransferParty {
    pub fn owner(id: impl Into<String>) -> Self {
        TransferParty {
            kind: TransferPartyKind::OwningParty,
            id: id.into(),
        }
    }
    pub fn possessor(id: impl Into<String>) -> Self {
        TransferParty {
            kind: TransferPartyKind::PossessingParty,
            id: id.into(),
        }
    }
    pub fn location(id: impl Into<String>) -> Self {
        TransferParty {
            kind: TransferPartyKind::Location,
            id: id.into(),
        }
    }
}

/// One temperature reading of the log carried with the event.
#[derive(Debug, Clone, PartialEq)]
pub struct TemperatureReading {
    /// RFC 3339 with offset.
    pub time: String,
    pub celsius: f64,
}

/// What every pattern's form has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Common {
    /// A URI, normally `urn:uuid:<uuid>` made by the app when the form is submitted.
    pub event_id: String,
    /// When it happened, RFC 3339 with the local offset (`2026-11-17T09:00:00+09:00`).
    pub time: String,
    /// The business location: GLN, SGLN URI or Digital Link.
    pub location: String,
    /// Where it was recorded, if not the business location itself.
    pub read_point: Option<String>,
    /// Reference documents (type `desadv`, `inv`, `po`, `bol` … and a URI).
    pub documents: Vec<BizTransaction>,
    /// Dictionary field key → value (a JSON value, or the text typed into the form).
    pub fields: BTreeMap<String, Value>,
    /// Temperatures logged during the step (transport, storage).
    pub temperatures: Vec<TemperatureReading>,
}

/// i) 입하: lots arrive from a supplier.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Receive {
    pub common: Common,
    pub lots: Vec<LotQuantity>,
    pub from: Vec<TransferParty>,
    pub to: Vec<TransferParty>,
}

/// ii) 내부 이동: lots move between places of one business, unchanged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InternalMove {
    pub common: Common,
    pub lots: Vec<LotQuantity>,
    /// Where from / to (sub-locations, e.g. SGLNs with an extension).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// iii) 통합: two or more lots become one new lot.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub common: Common,
    pub inputs: Vec<LotQuantity>,
    pub output: LotQuantity,
}

/// iv) 분할: one lot becomes two or more new lots.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub common: Common,
    pub input: LotQuantity,
    pub outputs: Vec<LotQuantity>,
}

/// v) 가열·냉동·건조 등 가공: one lot becomes one processed lot (no merge or split), with
/// any by-products (heads, frames, trimmings) declared so the masses can balance.
#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub common: Common,
    pub input: LotQuantity,
    pub output: LotQuantity,
    pub byproducts: Vec<LotQuantity>,
}

/// vi) 출하: lots leave for a recipient.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ship {
    pub common: Common,
    pub lots: Vec<LotQuantity>,
    pub from: Vec<TransferParty>,
    /// At least one: the immediate subsequent recipient.
    pub to: Vec<TransferParty>,
}

type Problems = Vec<Problem>;

impl Receive {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        lots_ok(&self.lots, "/lots", 1, &mut p);
        let sources = parties(&self.from, "/from", &mut p);
        let dests = parties(&self.to, "/to", &mut p);
        object_event(
            &self.common,
            LotPattern::Receive,
            &self.lots,
            "in_progress",
            sources,
            dests,
            p,
        )
    }
}

impl InternalMove {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        lots_ok(&self.lots, "/lots", 1, &mut p);
        let from: Vec<TransferParty> = self
            .from
            .iter()
            .map(|i| TransferParty::location(i.clone()))
            .collect();
        let to: Vec<TransferParty> = self
            .to
            .iter()
            .map(|i| TransferParty::location(i.clone()))
            .collect();
        let sources = parties(&from, "/from", &mut p);
        let dests = parties(&to, "/to", &mut p);
        object_event(
            &self.common,
            LotPattern::InternalMove,
            &self.lots,
            "",
            sources,
            dests,
            p,
        )
    }
}

impl Ship {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        lots_ok(&self.lots, "/lots", 1, &mut p);
        if self.to.is_empty() {
            p.push(Problem::new(
                "/to",
                "a shipment needs its recipient (destination)",
            ));
        }
        let sources = parties(&self.from, "/from", &mut p);
        let dests = parties(&self.to, "/to", &mut p);
        object_event(
            &self.common,
            LotPattern::Ship,
            &self.lots,
            "in_transit",
            sources,
            dests,
            p,
        )
    }
}

impl Merge {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        lots_ok(&self.inputs, "/inputs", 2, &mut p);
        kg_ok(&self.output, "/output", &mut p);
        new_lots(&self.inputs, &[("/output".into(), &self.output)], &mut p);
        let outputs = std::slice::from_ref(&self.output);
        transformation(&self.common, LotPattern::Merge, &self.inputs, outputs, p)
    }
}

impl Split {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        kg_ok(&self.input, "/input", &mut p);
        lots_ok(&self.outputs, "/outputs", 2, &mut p);
        let outs: Vec<(String, &LotQuantity)> = self
            .outputs
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("/outputs/{i}"), o))
            .collect();
        let input = std::slice::from_ref(&self.input);
        new_lots(input, &outs, &mut p);
        transformation(&self.common, LotPattern::Split, input, &self.outputs, p)
    }
}

impl Process {
    pub fn build(&self) -> Result<Event, Problems> {
        let mut p = Vec::new();
        kg_ok(&self.input, "/input", &mut p);
        kg_ok(&self.output, "/output", &mut p);
        lots_ok(&self.byproducts, "/byproducts", 0, &mut p);
        let mut outs: Vec<(String, &LotQuantity)> = vec![("/output".into(), &self.output)];
        outs.extend(
            self.byproducts
                .iter()
                .enumerate()
                .map(|(i, o)| (format!("/byproducts/{i}"), o)),
        );
        let input = std::slice::from_ref(&self.input);
        new_lots(input, &outs, &mut p);
        let outputs: Vec<LotQuantity> = outs.into_iter().map(|(_, o)| o.clone()).collect();
        transformation(&self.common, LotPattern::Process, input, &outputs, p)
    }
}

fn lots_ok(lots: &[LotQuantity], path: &str, min: usize, p: &mut Problems) {
    if lots.len() < min {
        p.push(Problem::new(
            path,
            if min == 1 {
                "at least one lot is needed".to_string()
            } else {
                format!("at least {min} lots are needed")
            },
        ));
    }
    for (i, l) in lots.iter().enumerate() {
        kg_ok(l, &format!("{path}/{i}"), p);
        if lots[..i].iter().any(|o| o.lot == l.lot) {
            p.push(Problem::new(
                format!("{path}/{i}/lot"),
                "the same lot is listed twice",
            ));
        }
    }
}

fn kg_ok(l: &LotQuantity, path: &str, p: &mut Problems) {
    if !(l.kg.is_finite() && l.kg > 0.0) {
        p.push(Problem::new(
            format!("{path}/kg"),
            "the quantity must be a number of kilograms above zero",
        ));
    }
}

/// Merge, split and process make new lots: an output that is also an input would make the
/// lot its own ancestor and lose the correspondence the guideline asks for.
fn new_lots(inputs: &[LotQuantity], outputs: &[(String, &LotQuantity)], p: &mut Problems) {
    for (i, (path, o)) in outputs.iter().enumerate() {
        if inputs.iter().any(|l| l.lot == o.lot) {
            p.push(Problem::new(
                format!("{path}/lot"),
                "give the new lot its own lot code: it cannot be one of the input lots",
            ));
        }
        if outputs[..i].iter().any(|(_, x)| x.lot == o.lot) {
            p.push(Problem::new(
                format!("{path}/lot"),
                "the same lot is listed twice",
            ));
        }
    }
}

fn quantities(lots: &[LotQuantity]) -> Vec<QuantityElement> {
    lots.iter()
        .map(|l| QuantityElement::kg(l.lot.epc_class_uri(), l.kg))
        .collect()
}

/// A location identifier as EPCIS wants it: a bare GLN becomes a Digital Link.
fn location_uri(id: &str, path: &str, p: &mut Problems) -> Option<String> {
    let id = id.trim();
    if id.is_empty() {
        p.push(Problem::new(path, "a location (GLN or SGLN) is required"));
        return None;
    }
    if id.len() == 13 && id.bytes().all(|b| b.is_ascii_digit()) {
        let uri = format!("https://id.gs1.org/414/{id}");
        return match crate::party::location_gln(&uri) {
            Some(_) => Some(uri),
            None => {
                p.push(Problem::new(path, "not a valid GLN (check digit)"));
                None
            }
        };
    }
    if id.starts_with("urn:epc:id:sgln:") || id.starts_with("http") {
        match codes::identify(id, &ResolverConfig::default()) {
            Ok(ident) if ident.gln.is_some() => return Some(id.to_string()),
            Ok(_) => {
                p.push(Problem::new(
                    path,
                    "this identifier names no location (GLN)",
                ));
                return None;
            }
            Err(e) => {
                p.push(Problem::new(path, e.message));
                return None;
            }
        }
    }
    if crate::epcis::vocab::is_uri(id) {
        return Some(id.to_string());
    }
    p.push(Problem::new(
        path,
        "a location must be a GLN, an SGLN URI or a Digital Link",
    ));
    None
}

fn parties(list: &[TransferParty], path: &str, p: &mut Problems) -> Vec<(String, String)> {
    list.iter()
        .enumerate()
        .filter_map(|(i, party)| {
            // A party is named by its PGLN; a place (and, as before, a party given by
            // one of its places) by the location forms.
            let is_party = party.kind != TransferPartyKind::Location;
            let id = match codes::party_gln(&party.id) {
                Some(_) if is_party => party.id.trim().to_string(),
                _ => location_uri(&party.id, &format!("{path}/{i}/id"), p)?,
            };
            Some((party.kind.as_str().to_string(), id))
        })
        .collect()
}

/// Members every pattern shares; `ilmd_allowed` says whether ilmd fields go to ilmd.
struct Shared {
    time: String,
    offset: String,
    location: Option<Location>,
    read_point: Option<Location>,
    documents: Option<Vec<BizTransaction>>,
    sensors: Option<Vec<SensorElement>>,
    ilmd: JsonMap,
    extension: JsonMap,
}

fn shared(c: &Common, ilmd_allowed: bool, p: &mut Problems) -> Shared {
    let offset = match chrono::DateTime::parse_from_rfc3339(c.time.trim()) {
        Ok(t) => t.format("%:z").to_string(),
        Err(_) => {
            p.push(Problem::new(
                "/time",
                "a date and time with its offset is required (e.g. 2026-11-17T09:00:00+09:00)",
            ));
            String::new()
        }
    };
    if !crate::epcis::vocab::is_uri(c.event_id.trim()) {
        p.push(Problem::new(
            "/event_id",
            "eventID must be a URI, e.g. urn:uuid:…",
        ));
    }
    let location = location_uri(&c.location, "/location", p).map(Location::new);
    let read_point = match &c.read_point {
        Some(r) => location_uri(r, "/read_point", p).map(Location::new),
        None => location.clone(),
    };
    for (i, d) in c.documents.iter().enumerate() {
        if !crate::epcis::vocab::is_uri(&d.biz_transaction) {
            p.push(Problem::new(
                format!("/documents/{i}/bizTransaction"),
                "a reference document must be a URI (e.g. urn:epcglobal:cbv:bt:8801234000055:DN-1)",
            ));
        }
    }
    let mut reports = Vec::new();
    for (i, r) in c.temperatures.iter().enumerate() {
        if chrono::DateTime::parse_from_rfc3339(&r.time).is_err() {
            p.push(Problem::new(
                format!("/temperatures/{i}/time"),
                "a reading needs a date and time with its offset",
            ));
        }
        if !r.celsius.is_finite() {
            p.push(Problem::new(
                format!("/temperatures/{i}/celsius"),
                "a reading must be a number of °C",
            ));
        }
        reports.push(SensorReport {
            report_type: Some("Temperature".into()),
            time: Some(r.time.clone()),
            value: Some(r.celsius),
            uom: Some("CEL".into()),
            ..Default::default()
        });
    }
    let sensors = (!reports.is_empty()).then(|| {
        vec![SensorElement {
            sensor_metadata: Some(SensorMetadata {
                time: c.temperatures.first().map(|r| r.time.clone()),
                ..Default::default()
            }),
            sensor_report: reports,
            extra: JsonMap::new(),
        }]
    });
    let (ilmd, extension) = fields(&c.fields, ilmd_allowed, p);
    Shared {
        time: c.time.trim().to_string(),
        offset,
        location,
        read_point,
        documents: (!c.documents.is_empty()).then(|| c.documents.clone()),
        sensors,
        ilmd,
        extension,
    }
}

/// Dictionary values into (ilmd, extension) members named `lt:<key>`.
fn fields(
    values: &BTreeMap<String, Value>,
    ilmd_allowed: bool,
    p: &mut Problems,
) -> (JsonMap, JsonMap) {
    let dict = Dictionary::get();
    let mut ilmd = JsonMap::new();
    let mut ext = JsonMap::new();
    for (key, value) in values {
        let path = format!("/fields/{}", crate::epcis::pointer_escape(key));
        let Some(field) = dict.field(key) else {
            p.push(Problem::new(path, "not a field of the dictionary"));
            continue;
        };
        if !field.epcis.is_namespaced() {
            p.push(Problem::new(
                path,
                format!(
                    "this field is recorded in the event's {} (the pattern's own members), not as a field",
                    field.epcis.as_str()
                ),
            ));
            continue;
        }
        let v = match value {
            Value::Null => continue,
            Value::String(s) => match normalize_value(field, s) {
                Ok(Value::Null) => continue,
                Ok(v) => v,
                Err(e) => {
                    p.push(Problem::new(path, e.message(Lang::En)));
                    continue;
                }
            },
            Value::Bool(_) if field.r#type == FieldType::Boolean => value.clone(),
            // A number given as a number is kept as written (30 stays 30), once it fits.
            Value::Number(n) if field.r#type == FieldType::Number => {
                match n.as_f64().map(|x| normalize_value(field, &x.to_string())) {
                    Some(Ok(_)) => value.clone(),
                    Some(Err(e)) => {
                        p.push(Problem::new(path, e.message(Lang::En)));
                        continue;
                    }
                    None => continue,
                }
            }
            _ => {
                p.push(Problem::new(
                    path,
                    "the value does not fit the field's type",
                ));
                continue;
            }
        };
        let name = dict.json_ld_name(field);
        if field.epcis == EpcisPlace::Ilmd && ilmd_allowed {
            ilmd.insert(name, v);
        } else {
            ext.insert(name, v);
        }
    }
    (ilmd, ext)
}

fn finish(event: Event, p: Problems) -> Result<Event, Problems> {
    if !p.is_empty() {
        return Err(p);
    }
    // The constructors are meant to produce only valid events; if one does not, say
    // where rather than emit it.
    let problems = validate_event(&event, "");
    if problems.is_empty() {
        Ok(event)
    } else {
        Err(problems)
    }
}

fn object_event(
    c: &Common,
    pattern: LotPattern,
    lots: &[LotQuantity],
    disposition: &str,
    sources: Vec<(String, String)>,
    dests: Vec<(String, String)>,
    mut p: Problems,
) -> Result<Event, Problems> {
    let s = shared(c, false, &mut p);
    let event = Event::ObjectEvent(ObjectEvent {
        event_time: s.time,
        event_time_zone_offset: s.offset,
        event_id: Some(c.event_id.trim().to_string()),
        quantity_list: Some(quantities(lots)),
        action: Action::Observe,
        biz_step: Some(pattern.biz_step().to_string()),
        disposition: (!disposition.is_empty()).then(|| disposition.to_string()),
        read_point: s.read_point,
        biz_location: s.location,
        biz_transaction_list: s.documents,
        source_list: (!sources.is_empty()).then(|| {
            sources
                .into_iter()
                .map(|(t, id)| Source {
                    source_type: t,
                    source: id,
                })
                .collect()
        }),
        destination_list: (!dests.is_empty()).then(|| {
            dests
                .into_iter()
                .map(|(t, id)| Destination {
                    destination_type: t,
                    destination: id,
                })
                .collect()
        }),
        sensor_element_list: s.sensors,
        extra: s.extension,
        ..Default::default()
    });
    finish(event, p)
}

fn transformation(
    c: &Common,
    pattern: LotPattern,
    inputs: &[LotQuantity],
    outputs: &[LotQuantity],
    mut p: Problems,
) -> Result<Event, Problems> {
    let s = shared(c, true, &mut p);
    let event = Event::TransformationEvent(TransformationEvent {
        event_time: s.time,
        event_time_zone_offset: s.offset,
        event_id: Some(c.event_id.trim().to_string()),
        input_quantity_list: Some(quantities(inputs)),
        output_quantity_list: Some(quantities(outputs)),
        biz_step: Some(pattern.biz_step().to_string()),
        disposition: Some("active".into()),
        read_point: s.read_point,
        biz_location: s.location,
        biz_transaction_list: s.documents,
        sensor_element_list: s.sensors,
        ilmd: (!s.ilmd.is_empty()).then_some(s.ilmd),
        extra: s.extension,
        ..Default::default()
    });
    finish(event, p)
}
