//! Serde types for EPCIS 2.0 events in their JSON-LD form.
//!
//! Each event struct names the members of the standard in the standard's order; any
//! other member (`example:myField`, `gdst:productOwner`, `lt:farm.pond`, …) is kept in
//! `extra` and written back after the standard members, so nothing is lost. List members
//! are `Option<Vec<_>>` because an empty list present in the input (`"epcList": []`)
//! must be written back, and an absent one must stay absent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::num::ser_opt_f64;

/// A JSON object as serde_json holds it (member order preserved).
pub type JsonMap = Map<String, Value>;

/// EPCIS `action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Action {
    Add,
    #[default]
    Observe,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "ADD",
            Action::Observe => "OBSERVE",
            Action::Delete => "DELETE",
        }
    }
}

/// One element of a quantity list: a class of objects (e.g. an LGTIN lot) and how much.
/// The schema forbids other members here, so there is no `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct QuantityElement {
    #[serde(rename = "epcClass")]
    pub epc_class: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub quantity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
}

impl QuantityElement {
    /// A quantity in kilograms (UN/CEFACT `KGM`), the unit of the guideline's records.
    pub fn kg(epc_class: impl Into<String>, kg: f64) -> Self {
        QuantityElement {
            epc_class: epc_class.into(),
            quantity: Some(kg),
            uom: Some("KGM".into()),
        }
    }
    /// A count of items (no unit of measure).
    pub fn count(epc_class: impl Into<String>, n: f64) -> Self {
        QuantityElement {
            epc_class: epc_class.into(),
            quantity: Some(n),
            uom: None,
        }
    }
}

/// `readPoint` / `bizLocation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Location {
    pub id: String,
    #[serde(flatten)]
    pub extra: JsonMap,
}

impl Location {
    pub fn new(id: impl Into<String>) -> Self {
        Location {
            id: id.into(),
            extra: JsonMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BizTransaction {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub biz_transaction_type: Option<String>,
    #[serde(rename = "bizTransaction")]
    pub biz_transaction: String,
}

/// `sourceList` element; `source_type` is e.g. `owning_party`, `possessing_party`, `location`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Source {
    #[serde(rename = "type")]
    pub source_type: String,
    pub source: String,
}

/// `destinationList` element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Destination {
    #[serde(rename = "type")]
    pub destination_type: String,
    pub destination: String,
}

/// `errorDeclaration`: marks the event as erroneous; corrections point at new events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDeclaration {
    pub declaration_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(
        rename = "correctiveEventIDs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub corrective_event_ids: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PersistentDisposition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unset: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SensorMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(rename = "deviceID", default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_metadata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_processing_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_rules: Option<String>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// One sensor reading (e.g. `{"type": "Temperature", "value": 3.5, "uom": "CEL", "time": …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SensorReport {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub report_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    #[serde(rename = "deviceID", default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_metadata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_processing_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_rules: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microorganism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chemical_substance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinate_reference_system: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boolean_value: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex_binary_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri_value: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub min_value: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub max_value: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub mean_value: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub s_dev: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub perc_rank: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_f64"
    )]
    pub perc_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `sensorElementList` element: metadata plus a series of reports (the cold-chain log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SensorElement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_metadata: Option<SensorMetadata>,
    #[serde(default)]
    pub sensor_report: Vec<SensorReport>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

// The common event members are repeated in each struct (not a flattened sub-struct) so
// that callers write `e.event_time` directly and serde keeps a single flatten level.

/// EPCIS ObjectEvent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObjectEvent {
    pub event_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_time: Option<String>,
    pub event_time_zone_offset: String,
    #[serde(rename = "eventID", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// A URI or an array of URIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_info: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_declaration: Option<ErrorDeclaration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epc_list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_list: Option<Vec<QuantityElement>>,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_disposition: Option<PersistentDisposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_point: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_transaction_list: Option<Vec<BizTransaction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_list: Option<Vec<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_list: Option<Vec<Destination>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_element_list: Option<Vec<SensorElement>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ilmd: Option<JsonMap>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// EPCIS AggregationEvent; also the shape of AssociationEvent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AggregationEvent {
    pub event_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_time: Option<String>,
    pub event_time_zone_offset: String,
    #[serde(rename = "eventID", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_info: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_declaration: Option<ErrorDeclaration>,
    #[serde(rename = "parentID", default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(rename = "childEPCs", default, skip_serializing_if = "Option::is_none")]
    pub child_epcs: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_quantity_list: Option<Vec<QuantityElement>>,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_point: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_transaction_list: Option<Vec<BizTransaction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_list: Option<Vec<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_list: Option<Vec<Destination>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_element_list: Option<Vec<SensorElement>>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// EPCIS TransactionEvent (links objects to a business transaction). Kept because GS1's
/// examples use it; Lottrace itself does not emit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransactionEvent {
    pub event_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_time: Option<String>,
    pub event_time_zone_offset: String,
    #[serde(rename = "eventID", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_info: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_declaration: Option<ErrorDeclaration>,
    #[serde(default)]
    pub biz_transaction_list: Vec<BizTransaction>,
    #[serde(rename = "parentID", default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epc_list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_list: Option<Vec<QuantityElement>>,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_point: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_list: Option<Vec<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_list: Option<Vec<Destination>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_element_list: Option<Vec<SensorElement>>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// EPCIS TransformationEvent: inputs consumed, outputs produced (merge, process, harvest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransformationEvent {
    pub event_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_time: Option<String>,
    pub event_time_zone_offset: String,
    #[serde(rename = "eventID", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_info: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_declaration: Option<ErrorDeclaration>,
    #[serde(
        rename = "inputEPCList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_epc_list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_quantity_list: Option<Vec<QuantityElement>>,
    #[serde(
        rename = "outputEPCList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_epc_list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_quantity_list: Option<Vec<QuantityElement>>,
    #[serde(
        rename = "transformationID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub transformation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_disposition: Option<PersistentDisposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_point: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_transaction_list: Option<Vec<BizTransaction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_list: Option<Vec<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_list: Option<Vec<Destination>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_element_list: Option<Vec<SensorElement>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ilmd: Option<JsonMap>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// Any EPCIS 2.0 event, tagged by its JSON-LD `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    ObjectEvent(ObjectEvent),
    AggregationEvent(AggregationEvent),
    TransformationEvent(TransformationEvent),
    /// Same members as AggregationEvent (parentID is required for it).
    AssociationEvent(AggregationEvent),
    TransactionEvent(TransactionEvent),
}

/// Runs `$body` with `$e` bound to the inner struct of any variant (all share the
/// common member names).
macro_rules! each {
    ($self:expr, $e:ident => $body:expr) => {
        match $self {
            Event::ObjectEvent($e) => $body,
            Event::AggregationEvent($e) => $body,
            Event::TransformationEvent($e) => $body,
            Event::AssociationEvent($e) => $body,
            Event::TransactionEvent($e) => $body,
        }
    };
}
pub(crate) use each;

fn slice<T>(v: &Option<Vec<T>>) -> &[T] {
    v.as_deref().unwrap_or(&[])
}

impl Event {
    /// The JSON-LD `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Event::ObjectEvent(_) => "ObjectEvent",
            Event::AggregationEvent(_) => "AggregationEvent",
            Event::TransformationEvent(_) => "TransformationEvent",
            Event::AssociationEvent(_) => "AssociationEvent",
            Event::TransactionEvent(_) => "TransactionEvent",
        }
    }

    pub fn event_id(&self) -> Option<&str> {
        each!(self, e => e.event_id.as_deref())
    }
    pub fn set_event_id(&mut self, id: String) {
        each!(self, e => e.event_id = Some(id))
    }
    /// Sets `eventID` to the CBV 2.0 event hash when the event has none; returns the ID.
    pub fn ensure_event_id(&mut self) -> String {
        if let Some(id) = self.event_id() {
            return id.to_string();
        }
        let id = self.hash_id();
        self.set_event_id(id.clone());
        id
    }

    /// `eventTime` exactly as stored (RFC 3339 with offset).
    pub fn event_time(&self) -> &str {
        each!(self, e => &e.event_time)
    }
    pub fn event_time_zone_offset(&self) -> &str {
        each!(self, e => &e.event_time_zone_offset)
    }
    pub fn record_time(&self) -> Option<&str> {
        each!(self, e => e.record_time.as_deref())
    }
    /// `eventTime` as an instant, or None when it is not a valid RFC 3339 date-time.
    pub fn event_time_utc(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        super::vocab::parse_time(self.event_time())
    }

    pub fn action(&self) -> Option<Action> {
        match self {
            Event::ObjectEvent(e) => Some(e.action),
            Event::AggregationEvent(e) | Event::AssociationEvent(e) => Some(e.action),
            Event::TransactionEvent(e) => Some(e.action),
            Event::TransformationEvent(_) => None,
        }
    }

    /// `bizStep` as written (short CBV name, CBV URI, or another URI such as GDST's).
    pub fn biz_step(&self) -> Option<&str> {
        each!(self, e => e.biz_step.as_deref())
    }
    /// `bizStep` without its CBV / GDST prefix: `shipping`, `farmHarvest`, … Other URIs
    /// are returned whole.
    pub fn biz_step_short(&self) -> Option<&str> {
        self.biz_step().map(super::vocab::biz_step_short)
    }
    pub fn disposition(&self) -> Option<&str> {
        each!(self, e => e.disposition.as_deref())
    }
    /// `disposition` without its CBV prefix (`in_transit`, …).
    pub fn disposition_short(&self) -> Option<&str> {
        self.disposition().map(super::vocab::disposition_short)
    }
    pub fn read_point(&self) -> Option<&str> {
        each!(self, e => e.read_point.as_ref().map(|l| l.id.as_str()))
    }
    pub fn biz_location(&self) -> Option<&str> {
        each!(self, e => e.biz_location.as_ref().map(|l| l.id.as_str()))
    }
    pub fn biz_transactions(&self) -> &[BizTransaction] {
        match self {
            Event::ObjectEvent(e) => slice(&e.biz_transaction_list),
            Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
                slice(&e.biz_transaction_list)
            }
            Event::TransformationEvent(e) => slice(&e.biz_transaction_list),
            Event::TransactionEvent(e) => &e.biz_transaction_list,
        }
    }

    /// Quantities this event consumes, for mass balance and genealogy.
    ///
    /// Rule: TransformationEvent → `inputQuantityList`. ObjectEvent with action
    /// OBSERVE or DELETE → its `quantityList` (the lot is observed / moved / ended, so
    /// it is what the event "touches"); ObjectEvent ADD → nothing (it creates). For
    /// Aggregation/Association/Transaction events (which neither create nor consume
    /// lots) → nothing.
    pub fn input_classes(&self) -> Vec<QuantityElement> {
        match self {
            Event::TransformationEvent(e) => slice(&e.input_quantity_list).to_vec(),
            Event::ObjectEvent(e) if e.action != Action::Add => slice(&e.quantity_list).to_vec(),
            _ => Vec::new(),
        }
    }

    /// Quantities this event produces. Rule: TransformationEvent → `outputQuantityList`;
    /// ObjectEvent ADD → its `quantityList` (commissioning / harvest creates the lot);
    /// everything else → nothing.
    pub fn output_classes(&self) -> Vec<QuantityElement> {
        match self {
            Event::TransformationEvent(e) => slice(&e.output_quantity_list).to_vec(),
            Event::ObjectEvent(e) if e.action == Action::Add => slice(&e.quantity_list).to_vec(),
            _ => Vec::new(),
        }
    }

    /// Every quantity element in the event, whatever list it sits in.
    pub fn quantity_elements(&self) -> Vec<&QuantityElement> {
        match self {
            Event::ObjectEvent(e) => slice(&e.quantity_list).iter().collect(),
            Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
                slice(&e.child_quantity_list).iter().collect()
            }
            Event::TransactionEvent(e) => slice(&e.quantity_list).iter().collect(),
            Event::TransformationEvent(e) => slice(&e.input_quantity_list)
                .iter()
                .chain(slice(&e.output_quantity_list))
                .collect(),
        }
    }

    /// Every `epcClass` mentioned (inputs before outputs), duplicates removed.
    pub fn all_epc_classes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for q in self.quantity_elements() {
            if !out.contains(&q.epc_class.as_str()) {
                out.push(&q.epc_class);
            }
        }
        out
    }

    /// Every instance-level EPC mentioned (epcList, parentID, childEPCs, input/output
    /// EPC lists), duplicates removed.
    pub fn all_epcs(&self) -> Vec<&str> {
        let lists: Vec<&[String]> = match self {
            Event::ObjectEvent(e) => vec![slice(&e.epc_list)],
            Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
                vec![
                    std::slice::from_ref(e.parent_id.as_ref().unwrap_or(&EMPTY)),
                    slice(&e.child_epcs),
                ]
            }
            Event::TransactionEvent(e) => vec![
                std::slice::from_ref(e.parent_id.as_ref().unwrap_or(&EMPTY)),
                slice(&e.epc_list),
            ],
            Event::TransformationEvent(e) => {
                vec![slice(&e.input_epc_list), slice(&e.output_epc_list)]
            }
        };
        let mut out: Vec<&str> = Vec::new();
        for s in lists.into_iter().flatten() {
            if !s.is_empty() && !out.contains(&s.as_str()) {
                out.push(s);
            }
        }
        out
    }

    /// Instance/lot master data (ObjectEvent and TransformationEvent only).
    pub fn ilmd(&self) -> Option<&JsonMap> {
        match self {
            Event::ObjectEvent(e) => e.ilmd.as_ref(),
            Event::TransformationEvent(e) => e.ilmd.as_ref(),
            _ => None,
        }
    }
    /// Mutable ilmd, created empty when the event type carries ilmd; None otherwise.
    pub fn ilmd_mut(&mut self) -> Option<&mut JsonMap> {
        match self {
            Event::ObjectEvent(e) => Some(e.ilmd.get_or_insert_with(JsonMap::new)),
            Event::TransformationEvent(e) => Some(e.ilmd.get_or_insert_with(JsonMap::new)),
            _ => None,
        }
    }

    /// A top-level extension member by its JSON-LD name (e.g. `gdst:productOwner`).
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.extensions().get(name)
    }
    /// All top-level members that are not standard EPCIS members.
    pub fn extensions(&self) -> &JsonMap {
        each!(self, e => &e.extra)
    }
    pub fn extensions_mut(&mut self) -> &mut JsonMap {
        each!(self, e => &mut e.extra)
    }

    pub fn error_declaration(&self) -> Option<&ErrorDeclaration> {
        each!(self, e => e.error_declaration.as_ref())
    }
    pub fn certification_info(&self) -> Option<&Value> {
        each!(self, e => e.certification_info.as_ref())
    }
    pub fn sensor_elements(&self) -> &[SensorElement] {
        each!(self, e => slice(&e.sensor_element_list))
    }
    pub fn source_list(&self) -> &[Source] {
        each!(self, e => slice(&e.source_list))
    }
    pub fn destination_list(&self) -> &[Destination] {
        each!(self, e => slice(&e.destination_list))
    }

    /// Rewrites CBV vocabulary values given as URN or Web URI (`urn:epcglobal:cbv:bizstep:shipping`)
    /// into the bare JSON-LD form (`shipping`) that GS1's JSON schema requires; GDST and
    /// other URIs are left alone. The hash is unaffected (it normalises these anyway).
    pub fn normalize_vocabulary(&mut self) {
        use super::vocab::{cbv_json_form, Vocab};
        let fix = |voc: Vocab, v: &mut Option<String>| {
            if let Some(n) = v.as_deref().and_then(|x| cbv_json_form(voc, x)) {
                *v = Some(n);
            }
        };
        each!(self, e => {
            fix(Vocab::BizStep, &mut e.biz_step);
            fix(Vocab::Disposition, &mut e.disposition);
            if let Some(d) = &mut e.error_declaration {
                fix(Vocab::ErrorReason, &mut d.reason);
            }
            for s in e.source_list.iter_mut().flatten() {
                if let Some(n) = cbv_json_form(Vocab::SourceDestType, &s.source_type) {
                    s.source_type = n;
                }
            }
            for d in e.destination_list.iter_mut().flatten() {
                if let Some(n) = cbv_json_form(Vocab::SourceDestType, &d.destination_type) {
                    d.destination_type = n;
                }
            }
        });
        let bts = match self {
            Event::ObjectEvent(e) => e.biz_transaction_list.as_mut(),
            Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
                e.biz_transaction_list.as_mut()
            }
            Event::TransformationEvent(e) => e.biz_transaction_list.as_mut(),
            Event::TransactionEvent(e) => Some(&mut e.biz_transaction_list),
        };
        for b in bts.into_iter().flatten() {
            fix(Vocab::BizTransactionType, &mut b.biz_transaction_type);
        }
        let pd = match self {
            Event::ObjectEvent(e) => e.persistent_disposition.as_mut(),
            Event::TransformationEvent(e) => e.persistent_disposition.as_mut(),
            _ => None,
        };
        if let Some(pd) = pd {
            for d in pd.set.iter_mut().chain(pd.unset.iter_mut()).flatten() {
                if let Some(n) = cbv_json_form(Vocab::Disposition, d) {
                    *d = n;
                }
            }
        }
    }

    /// CBV 2.0 event hash ID, `ni:///sha-256;<hex>?ver=CBV2.0` (see `hash`).
    pub fn hash_id(&self) -> String {
        super::hash::event_hash_id(self)
    }

    /// The event as a JSON object (members in the standard's order, extensions last).
    pub fn to_value(&self) -> Value {
        // Serializing these types cannot fail: all map keys are strings.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

static EMPTY: String = String::new();
