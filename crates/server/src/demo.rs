//! Seeding the demo flounder chain of `lottrace_core::demo` (its businesses and 12
//! events, made there with the staff forms' record builders) idempotently with
//! `--demo`, stored exactly as a capture would store them; plus one staff account per
//! role and a current reading of the store's counter thermometer.

use crate::store::{Business, Store, StoreError};
use lottrace_core::codes::LotKey;
use lottrace_core::counter::{latest_reading, Place};
use lottrace_core::demo as chain;
pub use lottrace_core::demo::RETAIL_PACKS;
use lottrace_core::epcis::Event;
use lottrace_core::role::Role;
use serde_json::{json, Value};

pub use lottrace_core::demo::COUNTER;

/// The demo businesses as the store keeps them.
pub fn businesses() -> Vec<Business> {
    chain::BUSINESSES
        .iter()
        .map(|b| Business {
            id: b.id.into(),
            name: b.name.into(),
            gln: b.gln.into(),
            role: b.role,
            gs1_prefix: Some(chain::GS1_PREFIX.into()),
            phone: Some(b.phone.into()),
            email: Some(b.email()),
            address: Some(b.address.into()),
        })
        .collect()
}

/// One demo account per role: (username = role, business ID). Each password is
/// `demo-<role>-2026` (printed in README only; for local use).
pub const ACCOUNTS: [(&str, &str); 9] = [
    ("admin", "lottrace-ops"),
    ("hatchery", "halla-hatchery"),
    ("farm", "seongsan-farm"),
    ("feed", "jeju-feed"),
    ("transporter", "jeju-livefish"),
    ("processor", "bada-fresh"),
    ("wholesaler", "noryangjin-wholesale"),
    ("retailer", "hanbit-gangnam"),
    ("regulator", "nfqs"),
];

pub fn demo_password(role: &str) -> String {
    format!("demo-{role}-2026")
}

/// Adds the demo accounts that are missing (after [`seed`]); returns how many were added.
pub fn seed_accounts(store: &dyn Store) -> Result<usize, DemoError> {
    let mut added = 0;
    for (role, business) in ACCOUNTS {
        if store.user_by_name(role)?.is_some() {
            continue;
        }
        let hash = crate::auth::hash_password(&demo_password(role)).map_err(DemoError::Invalid)?;
        let account_role = role
            .parse::<Role>()
            .map_err(|e| DemoError::Invalid(e.to_string()))?;
        store.add_user(role, business, account_role, &hash)?;
        added += 1;
    }
    Ok(added)
}

/// The demo chain's events, oldest first.
pub fn events() -> Result<Vec<Event>, DemoError> {
    chain::events().map_err(problems)
}

fn problems(p: Vec<lottrace_core::epcis::Problem>) -> DemoError {
    DemoError::Invalid(
        p.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// How old the counter's latest reading may be before seeding records a new one: the
/// demo's thermometer "reports" when the server starts, so the kiosk shows a current
/// temperature, without adding a reading at every restart.
const COUNTER_REPORTS_EVERY_MINUTES: i64 = 60;

/// One reading of the counter thermometer at `now` (its own offset, +09:00), with an
/// eventID fixed by the minute so seeding twice in that minute stores it once.
fn counter_reading(now: chrono::DateTime<chrono::Utc>) -> Value {
    let kst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
    let time = now
        .with_timezone(&kst)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let minute = now.timestamp().div_euclid(60);
    json!({
        "type": "ObjectEvent",
        "eventID": format!("urn:uuid:6c0f0e2a-1d5b-4f3e-9a7d-{:012}", minute.rem_euclid(1_000_000_000_000)),
        "eventTime": time,
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": "sensor_reporting",
        "readPoint": { "id": COUNTER },
        "bizLocation": { "id": COUNTER },
        "sensorElementList": [{
            "sensorMetadata": { "time": time },
            "sensorReport": [{ "type": "Temperature", "value": 1.8, "uom": "CEL", "time": time }]
        }]
    })
}

/// `text` as a URL query value (every byte but ASCII letters and digits escaped).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn counter_reported_since(
    store: &dyn Store,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DemoError> {
    let place = Place::parse(COUNTER).map_err(|e| DemoError::Invalid(e.message))?;
    let events: Vec<Event> = store
        .sensor_events_at(&place.sgln_uris(), 1)?
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect();
    Ok(latest_reading(&events, &place)
        .and_then(|r| chrono::DateTime::parse_from_rfc3339(&r.time).ok())
        .is_some_and(|t| t >= since))
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo event is not valid EPCIS: {0}")]
    Invalid(String),
}

/// Seeds the businesses and events (idempotent) and returns the trace-page URL of
/// every retail pack under `base` (e.g. `http://127.0.0.1:8080`).
pub fn seed(store: &dyn Store, base: &str) -> Result<Vec<String>, DemoError> {
    for b in businesses() {
        store.upsert_business(&b)?;
    }
    let mut parsed = events()?;
    let now = chrono::Utc::now();
    if !counter_reported_since(
        store,
        now - chrono::Duration::minutes(COUNTER_REPORTS_EVERY_MINUTES),
    )? {
        let reading = serde_json::from_value(counter_reading(now))
            .map_err(|e| DemoError::Invalid(e.to_string()))?;
        parsed.push(reading);
    }
    let rows = crate::capture::prepare(&parsed, &businesses()).map_err(DemoError::Invalid)?;
    store.insert_events(&rows)?;
    Ok(RETAIL_PACKS
        .iter()
        .map(|(gtin, l)| {
            LotKey::Gtin {
                gtin: (*gtin).into(),
                lot: (*l).into(),
            }
            .digital_link(base)
        })
        .collect())
}
