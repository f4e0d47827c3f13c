//! The FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)): one row per
//! critical tracking event and traceability lot, with its key data elements. The server
//! writes the rows as CSV; what goes in each cell is decided here.

use super::{party_of, Party};
use crate::codes::LotKey;
use crate::epcis::{Event, QuantityElement};
use crate::fields::{Dictionary, FieldType};
use crate::genealogy::{corrected_event_ids, effective_event_id, EventLinks};
use crate::lang::Lang;
use std::collections::BTreeSet;

/// Column headers, in order; [`Fsma204Row::cells`] follows the same order.
pub const FSMA204_COLUMNS: [&str; 20] = [
    "Traceability Lot Code",
    "Product Identifier (GTIN)",
    "Product Description",
    "Quantity",
    "Unit of Measure",
    "Critical Tracking Event",
    "Event Date",
    "Event Time",
    "Location Name",
    "Location GLN",
    "Location Identifier",
    "Traceability Lot Code Source",
    "Traceability Lot Code Source GLN",
    "Immediate Previous Source",
    "Immediate Subsequent Recipient",
    "Input Traceability Lot Codes",
    "Reference Document Type",
    "Reference Document Number",
    "Business Step",
    "Event ID",
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fsma204Row {
    pub traceability_lot_code: String,
    pub gtin: String,
    pub product_description: String,
    pub quantity: String,
    pub unit: String,
    pub cte: String,
    pub event_date: String,
    pub event_time: String,
    pub location_name: String,
    pub location_gln: String,
    pub location_id: String,
    pub tlc_source_name: String,
    pub tlc_source_gln: String,
    pub previous_source: String,
    pub subsequent_recipient: String,
    pub input_lots: String,
    pub reference_document_type: String,
    pub reference_document_number: String,
    pub biz_step: String,
    pub event_id: String,
    /// UTC instant, for sorting.
    sort_time: String,
}

impl Fsma204Row {
    pub fn cells(&self) -> [&str; 20] {
        [
            &self.traceability_lot_code,
            &self.gtin,
            &self.product_description,
            &self.quantity,
            &self.unit,
            &self.cte,
            &self.event_date,
            &self.event_time,
            &self.location_name,
            &self.location_gln,
            &self.location_id,
            &self.tlc_source_name,
            &self.tlc_source_gln,
            &self.previous_source,
            &self.subsequent_recipient,
            &self.input_lots,
            &self.reference_document_type,
            &self.reference_document_number,
            &self.biz_step,
            &self.event_id,
        ]
    }
}

/// The FSMA 204 critical tracking event an EPCIS event records.
pub fn critical_tracking_event(event: &Event) -> String {
    let step = event.biz_step_short().unwrap_or("");
    let cte = match step {
        "farmHarvest" | "harvesting" => "Harvesting",
        "shipping" | "departing" => "Shipping",
        "receiving" | "arriving" | "accepting" => "Receiving",
        "packing" => "Initial Packing",
        "hatching" => "Hatching (origin)",
        _ if matches!(event, Event::TransformationEvent(_)) => "Transformation",
        "commissioning" => "Initial Packing",
        "" => "Other",
        other => return format!("Other ({other})"),
    };
    cte.to_string()
}

/// The lot code as printed: `(01)…(10)…` for a GTIN lot, the number otherwise.
fn tlc(lot: &LotKey) -> (String, String) {
    match lot {
        LotKey::Gtin { gtin, lot } => (lot.clone(), gtin.clone()),
        other => (other.element_string(), String::new()),
    }
}

fn unit(uom: Option<&str>) -> String {
    match uom {
        Some("KGM") => "kg".into(),
        Some("GRM") => "g".into(),
        Some("LBR") => "lb".into(),
        Some("H87") | Some("EA") => "each".into(),
        Some(other) => other.into(),
        None => "each".into(),
    }
}

/// A dictionary field's value in an event, as text (enum values by their English label).
fn values_tagged(event: &Event, tag: &str) -> Vec<String> {
    let dictionary = Dictionary::get();
    dictionary
        .fields
        .iter()
        .filter(|f| f.satisfies(tag))
        .filter_map(|f| {
            let name = dictionary.json_ld_name(f);
            let v = event
                .ilmd()
                .and_then(|m| m.get(&name))
                .or_else(|| event.extension(&name))?;
            Some(match (f.r#type, v) {
                (FieldType::Enum, serde_json::Value::String(s)) => f
                    .value_labels(s)
                    .map(|l| l.get(Lang::En).to_string())
                    .unwrap_or_else(|| s.clone()),
                (_, serde_json::Value::String(s)) => s.clone(),
                (_, serde_json::Value::Number(n)) => n.to_string(),
                (_, serde_json::Value::Bool(b)) => b.to_string(),
                _ => return None,
            })
        })
        .collect()
}

fn join(items: impl IntoIterator<Item = String>) -> String {
    let mut seen = Vec::new();
    for i in items {
        if !i.is_empty() && !seen.contains(&i) {
            seen.push(i);
        }
    }
    seen.join("; ")
}

fn party_label(parties: &[Party], id: &str) -> String {
    crate::party::party_named(parties, id)
        .map(|p| format!("{} (GLN {})", p.name, p.gln))
        .unwrap_or_else(|| id.to_string())
}

/// One row per (event, lot in scope) of `events`, sorted by event time. Events retracted
/// by an errorDeclaration and the declarations themselves are left out; so are lots for
/// which `in_scope` is false.
pub fn fsma204_rows(
    events: &[Event],
    parties: &[Party],
    in_scope: impl Fn(&LotKey) -> bool,
) -> Vec<Fsma204Row> {
    let retracted = corrected_event_ids(events.iter());
    let mut seen = BTreeSet::new();
    let live: Vec<&Event> = events
        .iter()
        .filter(|e| e.error_declaration().is_none())
        .filter(|e| !retracted.contains(&effective_event_id(e)))
        .filter(|e| seen.insert(effective_event_id(e)))
        .collect();
    // The event that assigned a lot its code: the first that outputs it.
    let creator = |lot: &LotKey| -> Option<&Event> {
        live.iter()
            .copied()
            .filter(|e| EventLinks::of(e).outputs.iter().any(|(k, _)| k == lot))
            .min_by_key(|e| e.event_time_utc())
    };
    let mut rows = Vec::new();
    for event in &live {
        let links = EventLinks::of(event);
        // The lots a row is written for: what the event created, or else what it handled.
        let lots: Vec<&LotKey> = if links.outputs.is_empty() {
            links
                .observed
                .iter()
                .chain(links.inputs.iter().map(|(k, _)| k))
                .collect()
        } else {
            links.outputs.iter().map(|(k, _)| k).collect()
        };
        let party = party_of(parties, event);
        let location_id = event
            .biz_location()
            .or(event.read_point())
            .unwrap_or("")
            .to_string();
        let location_gln = party
            .map(|p| p.gln.clone())
            .or_else(|| super::location_gln(&location_id))
            .unwrap_or_default();
        let time = event.event_time().to_string();
        let previous = join(
            event
                .source_list()
                .iter()
                .map(|s| party_label(parties, &s.source))
                .chain(values_tagged(event, "fsma204:immediate_previous_source")),
        );
        let next = join(
            event
                .destination_list()
                .iter()
                .map(|d| party_label(parties, &d.destination))
                .chain(values_tagged(
                    event,
                    "fsma204:immediate_subsequent_recipient",
                )),
        );
        let doc_types = join(event.biz_transactions().iter().map(|t| {
            t.biz_transaction_type
                .as_deref()
                .map(|ty| ty.rsplit([':', '/']).next().unwrap_or(ty).to_string())
                .unwrap_or_default()
        }));
        let doc_numbers = join(
            event
                .biz_transactions()
                .iter()
                .map(|t| t.biz_transaction.clone()),
        );
        let inputs = join(links.inputs.iter().map(|(k, _)| k.element_string()));
        for lot in lots {
            if !in_scope(lot) {
                continue;
            }
            let q: Option<QuantityElement> = event
                .quantity_elements()
                .into_iter()
                .rev()
                .find(|q| LotKey::from_epc_uri(&q.epc_class).as_ref() == Some(lot))
                .cloned();
            let made_by = creator(lot);
            let source = made_by.and_then(|e| party_of(parties, e));
            let description = join(
                made_by
                    .map(|e| values_tagged(e, "fsma204:product_description"))
                    .unwrap_or_default()
                    .into_iter()
                    .chain(values_tagged(event, "fsma204:product_description")),
            );
            let (code, gtin) = tlc(lot);
            rows.push(Fsma204Row {
                traceability_lot_code: code,
                gtin,
                product_description: description,
                quantity: q
                    .as_ref()
                    .and_then(|q| q.quantity)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                unit: q
                    .as_ref()
                    .map(|q| unit(q.uom.as_deref()))
                    .unwrap_or_default(),
                cte: critical_tracking_event(event),
                event_date: time.get(..10).unwrap_or("").to_string(),
                event_time: time.clone(),
                location_name: party.map(|p| p.name.clone()).unwrap_or_default(),
                location_gln: location_gln.clone(),
                location_id: location_id.clone(),
                tlc_source_name: source.map(|p| p.name.clone()).unwrap_or_default(),
                tlc_source_gln: source.map(|p| p.gln.clone()).unwrap_or_default(),
                previous_source: previous.clone(),
                subsequent_recipient: next.clone(),
                input_lots: inputs.clone(),
                reference_document_type: doc_types.clone(),
                reference_document_number: doc_numbers.clone(),
                biz_step: event.biz_step_short().unwrap_or("").to_string(),
                event_id: event
                    .event_id()
                    .map(str::to_string)
                    .unwrap_or_else(|| event.hash_id()),
                sort_time: event
                    .event_time_utc()
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| time.clone()),
            });
        }
    }
    rows.sort_by(|a, b| {
        (&a.sort_time, &a.event_id, &a.traceability_lot_code).cmp(&(
            &b.sort_time,
            &b.event_id,
            &b.traceability_lot_code,
        ))
    });
    rows
}
