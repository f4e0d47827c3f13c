//! Turning parsed EPCIS events into storage rows: the indexed columns come from
//! `lottrace-core` (which lots an event names, which business it belongs to).

use crate::store::{Business, NewEvent};
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::EventLinks;
use lottrace_core::trace::location_gln;

/// The business owning an event's business location (else its read point).
pub fn business_of(event: &Event, businesses: &[Business]) -> Option<String> {
    [event.biz_location(), event.read_point()]
        .into_iter()
        .flatten()
        .filter_map(location_gln)
        .find_map(|gln| businesses.iter().find(|b| b.gln == gln).map(|b| b.id.clone()))
}

pub fn prepare(events: &[Event], businesses: &[Business]) -> Result<Vec<NewEvent>, String> {
    events
        .iter()
        .map(|event| {
            let event_id = event.event_id().map(str::to_string).unwrap_or_else(|| event.hash_id());
            let time = event
                .event_time_utc()
                .ok_or_else(|| format!("event {event_id}: eventTime is not an RFC 3339 time"))?;
            let links = EventLinks::of(event);
            let mut lots: Vec<(String, &'static str)> = Vec::new();
            lots.extend(links.inputs.iter().map(|(k, _)| (k.key(), "input")));
            lots.extend(links.outputs.iter().map(|(k, _)| (k.key(), "output")));
            lots.extend(links.observed.iter().map(|k| (k.key(), "observed")));
            let json = serde_json::to_string(event).map_err(|e| e.to_string())?;
            Ok(NewEvent {
                event_id,
                event_type: event.type_name().to_string(),
                event_time_utc: time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                biz_step: event.biz_step_short().map(str::to_string),
                business_id: business_of(event, businesses),
                json,
                lots,
                epcs: event.all_epcs().into_iter().map(str::to_string).collect(),
            })
        })
        .collect()
}
