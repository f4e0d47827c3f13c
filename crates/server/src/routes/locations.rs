//! `GET /api/locations/{place}/temperature`: the latest temperature recorded at a place
//! (a store's fish counter, by SGLN or GLN), for the kiosk beside that counter. Public,
//! so only readings whose business discloses its stage's temperature field count.

use crate::extract::PathText;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::counter::{latest_reading, Place};
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::Event;
use lottrace_core::trace::{party_of, sensor_readings_public};

/// Events read per request: the latest reading is among the latest events, and a
/// corrupt or foreign one does not hide it.
const RECENT_EVENTS: usize = 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/locations/{place}/temperature", get(get_temperature))
}

async fn get_temperature(
    State(state): State<AppState>,
    PathText(text): PathText,
) -> Result<impl IntoResponse, ApiError> {
    let place = Place::parse(&text)
        .map_err(|e| ApiError::bad_request(e.code, e.message).with_field("place"))?;
    let store = state.store.clone();
    let uris = place.sgln_uris();
    let (rows, parties, chosen) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        Ok((
            store.sensor_events_at(&uris, RECENT_EVENTS)?,
            crate::service::parties(store.as_ref())?,
            store.disclosure_choices()?,
        ))
    })
    .await??;
    let policy = DisclosurePolicy {
        chosen,
        recall: false,
    };
    // Stored events were validated on capture; one that no longer parses is skipped.
    // Only readings their business discloses, as on the trace page.
    let events: Vec<Event> = rows
        .iter()
        .filter_map(|json| serde_json::from_str::<Event>(json).ok())
        .filter(|e| sensor_readings_public(party_of(&parties, e), &policy))
        .collect();
    let reading = latest_reading(&events, &place).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_reading",
            "no temperature reading has been recorded at this place",
        )
        .with_field("place")
    })?;
    Ok((
        // A counter reports every few minutes; the kiosk asks again on its own.
        [(header::CACHE_CONTROL, "no-cache")],
        Json(serde_json::json!({
            "place": { "gln": place.gln, "extension": place.extension },
            "celsius": reading.celsius,
            "time": reading.time,
            "eventID": reading.event_id,
        })),
    ))
}
