//! A print run: a packer's request for N serialised codes of one of its lots, the codes
//! as GS1 Digital Links with their signatures, and the EPCIS commissioning event that
//! records the serials (SGTINs) as issued.

use super::digsig::{CodeSigner, DIGSIG_AI};
use super::serial::Serial;
use crate::codes::{to_digital_link, CodeError, Identification, Kind, LotKey};
use crate::epcis::{validate_event, Action, Event, JsonMap, Location, ObjectEvent, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most codes one run issues: a day's packs on a large line, and a sheet a printer
/// still takes.
pub const MAX_PRINT_RUN: u32 = 100_000;

/// `POST /api/print-runs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintRunRequest {
    pub gtin: String,
    pub lot: String,
    pub count: u32,
}

impl PrintRunRequest {
    /// The lot the run is for, with the GTIN as 14 digits; or which member is wrong.
    pub fn check(&self) -> Result<LotKey, (&'static str, String)> {
        if self.count == 0 || self.count > MAX_PRINT_RUN {
            return Err((
                "count",
                format!(
                    "count must be between 1 and {MAX_PRINT_RUN} codes (got {})",
                    self.count
                ),
            ));
        }
        LotKey::gtin_lot(&self.gtin, &self.lot).map_err(|e| {
            let field = if e.ai.as_deref() == Some("10") {
                "lot"
            } else {
                "gtin"
            };
            (field, e.message)
        })
    }
}

/// One pack's code before signing: GTIN, lot and serial.
pub fn item_code(gtin: &str, lot: &str, serial: &Serial) -> Identification {
    let mut id = Identification::new(Kind::DigitalLink);
    id.gtin = Some(gtin.to_string());
    id.lot = Some(lot.to_string());
    id.serial = Some(serial.as_str().to_string());
    id
}

/// The signed code of one pack as a Digital Link on `host_base`: `…/01/<gtin>/10/<lot>/
/// 21/<serial>?8030=<signature>`.
pub fn signed_link(
    signer: &CodeSigner,
    host_base: &str,
    gtin: &str,
    lot: &str,
    serial: &Serial,
) -> Result<String, CodeError> {
    let mut id = item_code(gtin, lot, serial);
    let signature = signer.sign(&id)?;
    id.other_ais.push((DIGSIG_AI.to_string(), signature));
    to_digital_link(&id, host_base)
}

/// The EPCIS 2.0 commissioning event of a run's serials: `ObjectEvent`, action `ADD`,
/// bizStep `commissioning`, the SGTINs as Digital Links in `epcList`, the lot number in
/// the ILMD (`cbvmda:lotNumber`). `time` is RFC 3339 with its offset; `location` a
/// business location URI.
pub fn commissioning_event(
    event_id: &str,
    time: &str,
    location: &str,
    gtin: &str,
    lot: &str,
    serials: &[Serial],
) -> Result<Event, Vec<Problem>> {
    let offset = chrono::DateTime::parse_from_rfc3339(time)
        .map(|t| t.format("%:z").to_string())
        .map_err(|e| vec![Problem::new("/eventTime", format!("not RFC 3339: {e}"))])?;
    let epcs = serials
        .iter()
        // Serials are of the alphanumeric alphabet: nothing to percent-encode.
        .map(|s| format!("https://id.gs1.org/01/{gtin}/21/{s}"))
        .collect();
    let mut ilmd = JsonMap::new();
    ilmd.insert("cbvmda:lotNumber".into(), Value::String(lot.to_string()));
    let event = Event::ObjectEvent(ObjectEvent {
        event_time: time.to_string(),
        record_time: None,
        event_time_zone_offset: offset,
        event_id: Some(event_id.to_string()),
        certification_info: None,
        error_declaration: None,
        epc_list: Some(epcs),
        quantity_list: None,
        action: Action::Add,
        biz_step: Some("commissioning".into()),
        disposition: Some("active".into()),
        persistent_disposition: None,
        read_point: None,
        biz_location: Some(Location::new(location)),
        biz_transaction_list: None,
        source_list: None,
        destination_list: None,
        sensor_element_list: None,
        ilmd: Some(ilmd),
        extra: JsonMap::new(),
    });
    let problems = validate_event(&event, "");
    if problems.is_empty() {
        Ok(event)
    } else {
        Err(problems)
    }
}
