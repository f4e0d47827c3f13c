//! Turning parsed EPCIS events into storage rows: the indexed columns come from
//! `lottrace-core` (which lots an event names, which business it belongs to).

use crate::store::{Business, NewEvent};
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::{effective_event_id, EventLinks};
use lottrace_core::trace::{location_gln, DECLARED_BY};
use serde_json::Value;

/// The business owning an event's business location (else its read point).
pub fn business_of(event: &Event, businesses: &[Business]) -> Option<String> {
    [event.biz_location(), event.read_point()]
        .into_iter()
        .flatten()
        .filter_map(location_gln)
        .find_map(|gln| {
            businesses
                .iter()
                .find(|b| b.gln == gln)
                .map(|b| b.id.clone())
        })
}

/// Whether a business may record this event: its read point or business location is a
/// place of the business's GLN, and neither is a place of another registered business
/// (which would make the event that business's record).
pub fn event_belongs_to(event: &Event, gln: &str, businesses: &[Business]) -> bool {
    let glns: Vec<String> = [event.read_point(), event.biz_location()]
        .into_iter()
        .flatten()
        .filter_map(location_gln)
        .collect();
    glns.iter().any(|g| g == gln)
        && !glns
            .iter()
            .any(|g| g != gln && businesses.iter().any(|b| &b.gln == g))
}

/// The key of an event's stored record: its eventID (CBV hash when absent), with
/// `#declaration` appended when it carries an errorDeclaration. A correction repeats the
/// eventID of the event it corrects, so both are kept, each once.
pub fn record_key(event: &Event) -> String {
    let id = effective_event_id(event);
    if event.error_declaration().is_some() {
        format!("{id}#declaration")
    } else {
        id
    }
}

/// Storage rows for the events. An event without `eventID` is stored with its CBV event
/// hash as eventID (the hash leaves out eventID, recordTime and errorDeclaration, so a
/// correction of such an event repeats the same ID and is recognised as such).
pub fn prepare(events: &[Event], businesses: &[Business]) -> Result<Vec<NewEvent>, String> {
    prepare_as(events, businesses, None)
}

/// The repository's own members of an event: a client's `recordTime` is dropped (the
/// repository sets it when it stores the event, EPCIS 2.0 §7.4), and an errorDeclaration
/// records which business declared it (`declarer`), whatever the client wrote there.
fn stamp(event: &Event, declarer: Option<&str>) -> Result<Event, String> {
    if event.record_time().is_none() && event.error_declaration().is_none() {
        return Ok(event.clone());
    }
    let mut value = serde_json::to_value(event).map_err(|e| e.to_string())?;
    if let Some(obj) = value.as_object_mut() {
        obj.remove("recordTime");
        if let Some(Value::Object(decl)) = obj.get_mut("errorDeclaration") {
            decl.remove(DECLARED_BY);
            if let Some(by) = declarer {
                decl.insert(DECLARED_BY.into(), Value::String(by.to_string()));
            }
        }
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// [`prepare`] for events captured by `declarer`'s staff.
pub fn prepare_as(
    events: &[Event],
    businesses: &[Business],
    declarer: Option<&str>,
) -> Result<Vec<NewEvent>, String> {
    events
        .iter()
        .map(|event| {
            let mut event = stamp(event, declarer)?;
            let event_id = event.ensure_event_id();
            let time = event
                .event_time_utc()
                .ok_or_else(|| format!("event {event_id}: eventTime is not an RFC 3339 time"))?;
            let links = EventLinks::of(&event);
            let mut lots: Vec<(String, &'static str)> = Vec::new();
            lots.extend(links.inputs.iter().map(|(k, _)| (k.key(), "input")));
            lots.extend(links.outputs.iter().map(|(k, _)| (k.key(), "output")));
            lots.extend(links.observed.iter().map(|k| (k.key(), "observed")));
            let json = serde_json::to_string(&event).map_err(|e| e.to_string())?;
            Ok(NewEvent {
                event_id: record_key(&event),
                event_type: event.type_name().to_string(),
                event_time_utc: time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                biz_step: event.biz_step_short().map(str::to_string),
                business_id: business_of(&event, businesses),
                lots,
                epcs: event.all_epcs().into_iter().map(str::to_string).collect(),
                classes: event
                    .all_epc_classes()
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                json,
            })
        })
        .collect()
}
