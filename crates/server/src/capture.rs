//! Capturing an EPCIS document: parse and validate it, apply the capture rules of
//! `lottrace-core` (times, identifiers, quantities, custody, cycles), authorise every event for
//! the staff member, and turn the events into storage rows (the indexed columns come
//! from `lottrace-core`: which lots an event names, which business it belongs to).

use crate::auth::Staff;
use crate::extract::malformed;
use crate::service::StoreSource;
use crate::store::{Business, InsertOutcome, NewEvent, Store};
use crate::{ApiError, AppState};
use axum::http::StatusCode;
use lottrace_core::capture_rules;
use lottrace_core::codes::LotKey;
use lottrace_core::epcis::Event;
use lottrace_core::epcis::{parse_value, validate, Problem};
use lottrace_core::genealogy::EventSource;
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

pub fn capture(state: &AppState, staff: &Staff, bytes: &[u8]) -> Result<InsertOutcome, ApiError> {
    let store = state.store.as_ref();
    let value: Value = serde_json::from_slice(bytes).map_err(malformed)?;
    let doc = parse_value(&value).map_err(|p| ApiError::problems("invalid_document", p))?;
    if doc.doc_type != "EPCISDocument" {
        return Err(ApiError::problems(
            "invalid_document",
            vec![Problem::new("/type", "capture takes an EPCISDocument")],
        ));
    }
    validate(&doc).map_err(|p| ApiError::problems("invalid_document", p))?;
    let base = doc.event_list_path();
    let now = chrono::Utc::now();
    let problems: Vec<Problem> = doc
        .events()
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let json = value
                .pointer(&format!("{base}/{i}"))
                .unwrap_or(&Value::Null);
            capture_rules::check_event(e, json, now)
                .into_iter()
                .map(move |p| Problem::new(format!("{base}/{i}{}", p.path), p.message))
        })
        .collect();
    if !problems.is_empty() {
        return Err(ApiError::problems("invalid_document", problems));
    }
    let businesses = store.businesses()?;
    authorise(store, staff, doc.events(), &businesses, base)?;
    if !staff.is_global_admin() {
        lots_are_own(state, staff, doc.events(), &businesses, base)?;
    }
    let parties: Vec<_> = businesses
        .iter()
        .cloned()
        .map(crate::service::party)
        .collect();
    if let Some(refusal) =
        capture_rules::first_outside_custody(&mut StoreSource::new(state), doc.events(), &parties)?
    {
        return Err(
            ApiError::new(StatusCode::FORBIDDEN, "not_in_custody", refusal.message)
                .with_field(format!("{base}/{}", refusal.index)),
        );
    }
    if let Some(refusal) = capture_rules::first_cycle(&mut StoreSource::new(state), doc.events())? {
        return Err(
            ApiError::new(StatusCode::CONFLICT, "genealogy_cycle", refusal.message)
                .with_field(format!("{base}/{}", refusal.index)),
        );
    }
    let rows = prepare_as(doc.events(), &businesses, Some(&staff.business.id))
        .map_err(|m| ApiError::bad_request("invalid_document", m))?;
    Ok(store.insert_events(&rows)?)
}

/// Who may record what (README, "Security"): an event only at the recorder's own
/// locations (the platform operator's admins anywhere); an errorDeclaration only by the
/// business that recorded the event it retracts, or by a regulator giving a reason;
/// regulators record nothing else.
fn authorise(
    store: &dyn Store,
    staff: &Staff,
    events: &[Event],
    businesses: &[Business],
    base: &str,
) -> Result<(), ApiError> {
    let declared: Vec<String> = events
        .iter()
        .filter(|e| e.error_declaration().is_some())
        .map(effective_event_id)
        .collect();
    let owners = if declared.is_empty() {
        Default::default()
    } else {
        store.event_owners(&declared)?
    };
    for (i, event) in events.iter().enumerate() {
        let at = format!("{base}/{i}");
        if let Some(decl) = event.error_declaration() {
            let id = effective_event_id(event);
            // The event retracted: stored, or earlier in this very document.
            let owner = match owners.get(&id) {
                Some(owner) => owner.clone(),
                None => events[..i]
                    .iter()
                    .find(|e| e.error_declaration().is_none() && effective_event_id(e) == id)
                    .map(|e| business_of(e, businesses))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "unknown_event",
                            format!("the errorDeclaration names event {id}, which is not stored"),
                        )
                        .with_field(format!("{at}/eventID"))
                    })?,
            };
            if owner.as_deref() == Some(staff.business.id.as_str()) {
                continue;
            }
            if staff.is_regulator() {
                if decl.reason.as_deref().is_some_and(|r| !r.trim().is_empty()) {
                    continue;
                }
                return Err(ApiError::bad_request(
                    "reason_required",
                    "a regulator's errorDeclaration must give its reason",
                )
                .with_field(format!("{at}/errorDeclaration/reason")));
            }
            return Err(ApiError::forbidden(format!(
                "event {id} was recorded by {}, not {}: only the business that recorded an event \
                 (or a regulator, with a reason) may declare it erroneous",
                owner.as_deref().unwrap_or("an unregistered business"),
                staff.business.name
            ))
            .with_field(at));
        }
        if staff.is_regulator() {
            return Err(ApiError::forbidden(
                "the regulator role reads and exports; it records only errorDeclarations, with a reason",
            )
            .with_field(at));
        }
        if !staff.is_global_admin() && !event_belongs_to(event, &staff.business.gln, businesses) {
            let place = event
                .biz_location()
                .or(event.read_point())
                .unwrap_or("no location");
            return Err(ApiError::forbidden(format!(
                "event {i} is recorded at {place}, which is not a location of {} (GLN {}): \
                 record only events at your own business's readPoint or bizLocation",
                staff.business.name, staff.business.gln
            ))
            .with_field(at));
        }
    }
    Ok(())
}

/// A lot another business created is not created again by this one: that would put a
/// second origin into the other business's lot.
fn lots_are_own(
    state: &AppState,
    staff: &Staff,
    events: &[Event],
    businesses: &[Business],
    base: &str,
) -> Result<(), ApiError> {
    let created: Vec<(usize, LotKey)> = events
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            capture_rules::created_lots(e)
                .into_iter()
                .map(move |k| (i, k))
        })
        .collect();
    if created.is_empty() {
        return Ok(());
    }
    let mut keys: Vec<LotKey> = created.iter().map(|(_, k)| k.clone()).collect();
    keys.sort();
    keys.dedup();
    let stored = StoreSource::new(state).events_naming(&keys)?;
    for event in &stored {
        let Some(owner) = business_of(event, businesses) else {
            continue;
        };
        if owner == staff.business.id {
            continue;
        }
        let theirs = capture_rules::created_lots(event);
        if let Some((i, lot)) = created.iter().find(|(_, k)| theirs.contains(k)) {
            return Err(ApiError::forbidden(format!(
                "lot {} was created by {owner}: record your own lot (a new lot number) made from it \
                 instead of creating the same lot again",
                lot.element_string()
            ))
            .with_field(format!("{base}/{i}")));
        }
    }
    Ok(())
}
