//! The public trace of one lot, as the server sends it and the app renders it.
//!
//! Everything in here has already passed disclosure: labels are resolved in one
//! language and only public values are present. The app deserialises exactly these
//! types, so the contract lives in one place.

use crate::audit::{Check, Outcome};
use crate::fields::Stage;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceView {
    pub lang: Lang,
    pub lot: LotSummary,
    /// Stages farm to shelf, in chain order; stages with no events are left out.
    pub stages: Vec<StageView>,
    pub genealogy: GenealogyView,
    /// Set while the lot (or an ancestor) is under recall.
    pub recall: Option<RecallView>,
    /// The businesses responsible for the lot and its ancestors, with public contact.
    pub businesses: Vec<BusinessView>,
    /// Internal-inspection checks (guideline I.6.4), for badges: see [`crate::audit`].
    #[serde(default)]
    pub audits: Vec<AuditView>,
    /// Temperature logs of the lot's history whose stage field is disclosed, for the chart.
    #[serde(default)]
    pub cold_chain: Vec<TemperatureSeries>,
    /// Stored events left out because they would make a lot its own ancestor, and why:
    /// the rest of the trace is shown (see [`super::without_cycles`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<super::SetAsideEvent>,
    /// The log's signed checkpoint every event's proof was made against (the server's
    /// public trace API sets it; see [`crate::proof`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<TraceCheckpoint>,
    /// The scanned pack's own state, for a serial-level code (the server adds it per
    /// request, beside the cached lot trace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<crate::authenticity::ItemState>,
}

/// The checkpoint a trace was answered against, and how many registered witnesses
/// cosigned it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceCheckpoint {
    /// The C2SP signed note, log signature and cosignatures included.
    pub note: String,
    pub witnesses: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotSummary {
    /// Canonical key, e.g. `01/08801234567893/10/L240513A`.
    pub key: String,
    pub gtin: Option<String>,
    pub lot: Option<String>,
    pub lot13: Option<String>,
    pub sscc: Option<String>,
    /// Parenthesised GS1 element string, e.g. `(01)08801234567893(10)L240513A`.
    pub element_string: String,
    /// Product name as the last business to transform the lot recorded it.
    pub product: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageView {
    pub stage: Stage,
    pub label: String,
    pub events: Vec<EventView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub event_id: String,
    /// As recorded, RFC 3339 with the event's own offset.
    pub time: String,
    pub biz_step: Option<String>,
    /// What happened, in words, e.g. "Harvested" / "출하".
    pub action: String,
    /// One line under `action` for a step a shopper would not know ("Lots merged":
    /// fish from several lots put together), in the trace's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_about: Option<String>,
    /// The lot this event belongs to (the page's lot or one of its ancestors).
    pub lot_key: String,
    pub business: Option<String>,
    pub place: Option<String>,
    pub fields: Vec<FieldValue>,
    /// Set when a later correction declared this event erroneous.
    pub corrected_by: Option<Correction>,
    /// Recorded on an earlier lot (a farm's) after the page's lot was made from it:
    /// about the rest of that lot, not this pack — shown as such.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_this_lot: bool,
    /// The event's inclusion in the log and its disclosed fields, checkable by anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<ProofJson>,
}

/// An event's proof as the server sent it ([`crate::proof::EventProof`] as JSON). The
/// trace page carries it untouched and parses it only where it checks it: parsing every
/// proof on every page cost the shopper's WASM 5 kB gzip before anything verified them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProofJson(pub serde_json::Value);

impl ProofJson {
    pub fn of(proof: &crate::proof::EventProof) -> ProofJson {
        // A struct of strings and numbers always serialises.
        ProofJson(serde_json::to_value(proof).unwrap_or(serde_json::Value::Null))
    }

    /// The proof itself, or why the JSON is none.
    pub fn parse(&self) -> Result<crate::proof::EventProof, serde_json::Error> {
        crate::proof::EventProof::deserialize(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub declared_at: String,
    /// The business that declared the event erroneous (its own recorder, or a
    /// regulator), as the server recorded it at capture.
    #[serde(default)]
    pub declared_by: Option<String>,
    pub reason: Option<String>,
    pub corrective_event_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub key: String,
    pub label: String,
    /// Display text: enum values translated, booleans as words.
    pub value: String,
    pub unit: Option<String>,
    /// The dictionary's one-line explanation of the field for shoppers, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GenealogyView {
    /// Every ancestor lot, nearest first, with the share of this lot's mass it contributed.
    pub ancestors: Vec<AncestorView>,
    /// Lots made from this one, and where they went.
    pub descendants: Vec<DescendantView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AncestorView {
    pub lot_key: String,
    pub stage: Stage,
    pub business: Option<String>,
    /// 0.0–1.0 of the page's lot mass that came from this ancestor, when the masses are recorded.
    pub share: Option<f64>,
    /// The lots this ancestor went into on the way to the page's lot.
    pub children: Vec<String>,
    /// For each of `children`, in order: the fraction of that lot's mass that came from
    /// this ancestor. A branch's share of the page's lot is the product along it.
    #[serde(default)]
    pub fractions: Vec<Option<f64>>,
}

impl AncestorView {
    /// This ancestor's share of the page's lot along one branch of the family tree:
    /// `through` is the share of `child` (a lot it went into) along that branch, the
    /// page's lot itself being 1. The branches' shares of a lot drawn under several
    /// add up to its share of the page's lot, as a shopper expects.
    pub fn branch_share(&self, child: &str, through: Option<f64>) -> Option<f64> {
        let i = self.children.iter().position(|c| c == child)?;
        let fraction = (*self.fractions.get(i)?)?;
        through.map(|t| t * fraction)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DescendantView {
    pub lot_key: String,
    pub business: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecallView {
    pub id: String,
    pub reason: String,
    pub declared_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessView {
    pub id: String,
    pub name: String,
    pub role: String,
    /// Sells this lot to shoppers (a retailer): the shop a shopper with a question calls.
    #[serde(default)]
    pub seller: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub check: Check,
    pub outcome: Outcome,
    pub title: String,
    /// What the check is, in one line under its title ("Mass balance": the kilograms
    /// that came out match those that went in).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemperatureSeries {
    /// The lot the log was recorded for (the page's lot or an ancestor).
    pub lot_key: String,
    pub stage: Stage,
    pub business: Option<String>,
    /// The upper limit the readings were checked against, °C.
    pub limit_c: f64,
    pub readings: Vec<TemperaturePoint>,
    pub excursions: Vec<ExcursionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemperaturePoint {
    /// As recorded, RFC 3339 with offset.
    pub time: String,
    pub celsius: f64,
}

/// A stretch above the limit: from the first reading above to the next one back within.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcursionView {
    pub from: String,
    pub to: String,
    pub max_c: f64,
}
