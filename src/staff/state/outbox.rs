//! The outbox: every submitted form as complete EPCIS events with stable eventIDs,
//! kept in IndexedDB until the server has acknowledged them (and afterwards, as the
//! device's history of sent records).
//!
//! Records are keyed `{created ms, 15 digits}|{eventID}`, so reading the store returns
//! them in the order they were recorded. Storage only: the screens' summary and the
//! other tabs are told by `ctx.rs`.

use super::db::{self, Change, DRAFTS, OUTBOX};
use super::drafts::Draft;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting to be sent.
    Pending,
    /// In a request whose answer has not come yet (read as pending after a crash).
    Sending,
    /// The server acknowledged it (stored now or before).
    Sent,
    /// The server refused it; `reason` says why. Never retried: a person edits or
    /// discards it.
    Rejected,
}

impl Status {
    pub fn unsent(self) -> bool {
        self != Status::Sent
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub key: String,
    /// The event's eventID (`urn:uuid:…`).
    pub id: String,
    pub created_ms: f64,
    /// The business that recorded it (only that business's session sends it).
    pub business: String,
    /// The form kind it came from.
    pub form: String,
    /// New lots it made (lot keys), and lots it handled or used.
    pub lots: Vec<String>,
    pub inputs: Vec<String>,
    /// Total kilograms, for the lists.
    pub kg: f64,
    pub event: serde_json::Value,
    pub status: Status,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub sent_ms: Option<f64>,
    /// While waiting: how many records the last request that failed for it held (1: it
    /// failed alone, so it is stuck, and `reason` says why). 0 once sent, or never failed.
    #[serde(default)]
    pub failed_in: u32,
    /// The form as filled in, so a rejected event can be corrected.
    #[serde(default)]
    pub draft: Option<Draft>,
}

/// What the screens show of an entry (no event body).
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub key: String,
    pub id: String,
    pub created_ms: f64,
    pub business: String,
    pub form: String,
    pub lots: Vec<String>,
    pub inputs: Vec<String>,
    pub kg: f64,
    pub status: Status,
    pub reason: Option<String>,
    pub sent_ms: Option<f64>,
    pub failed_in: u32,
}

impl Brief {
    /// Waiting, and the server failed it alone: it does not go through, and `reason`
    /// says why.
    pub fn stuck(&self) -> bool {
        self.status.unsent() && self.status != Status::Rejected && self.failed_in == 1
    }
}

impl From<&Entry> for Brief {
    fn from(e: &Entry) -> Self {
        Brief {
            key: e.key.clone(),
            id: e.id.clone(),
            created_ms: e.created_ms,
            business: e.business.clone(),
            form: e.form.clone(),
            lots: e.lots.clone(),
            inputs: e.inputs.clone(),
            kg: e.kg,
            status: e.status,
            reason: e.reason.clone(),
            sent_ms: e.sent_ms,
            failed_in: e.failed_in,
        }
    }
}

pub fn entry_key(created_ms: f64, id: &str) -> String {
    format!("{:015}|{id}", created_ms.max(0.0) as u64)
}

/// A new event ID: `urn:uuid:` + a random (v4) UUID.
pub fn new_event_id() -> String {
    uuid::Uuid::new_v4().urn().to_string()
}

/// How long a record saved twice with the same content is asked about.
const SAVED_TWICE_WITHIN_MS: f64 = 10.0 * 60_000.0;

/// Two events say the same thing: equal but for their eventID and record time.
pub fn same_content(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("eventID");
            o.remove("recordTime");
        }
        v
    };
    strip(a) == strip(b)
}

/// Whether `entries` hold an event with the same content as `new`'s, of the same form
/// and business, recorded less than ten minutes before `now_ms` and not refused.
pub fn same_record_recently(entries: &[Entry], new: &Entry, now_ms: f64) -> bool {
    entries.iter().any(|e| {
        e.key != new.key
            && e.form == new.form
            && e.business == new.business
            && e.status != Status::Rejected
            && now_ms - e.created_ms < SAVED_TWICE_WITHIN_MS
            && same_content(&e.event, &new.event)
    })
}

pub async fn load_all() -> Result<Vec<Entry>, db::DbError> {
    Ok(db::all(OUTBOX)
        .await?
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect())
}

/// Writes entries (new or changed) in one transaction.
pub async fn store(entries: &[Entry]) -> Result<(), db::DbError> {
    let pairs: Vec<(String, String)> = entries
        .iter()
        .filter_map(|e| Some((e.key.clone(), serde_json::to_string(e).ok()?)))
        .collect();
    db::put_many(OUTBOX, &pairs).await
}

/// Puts a saved form's event in the outbox, drops the rejected entry it corrects (if
/// any) and discards the form's draft, in ONE transaction: a reload right after the save
/// finds either the draft (not saved yet) or the entry, never both.
pub async fn record(entry: &Entry, draft_key: &str) -> Result<(), db::DbError> {
    let json = serde_json::to_string(entry).map_err(|_| db::DbError)?;
    let mut changes = vec![
        Change::Put {
            store: OUTBOX,
            key: &entry.key,
            value: &json,
        },
        Change::Delete {
            store: DRAFTS,
            key: draft_key,
        },
    ];
    let replaces = entry.draft.as_ref().and_then(|d| d.replaces.as_deref());
    if let Some(old) = replaces.filter(|old| *old != entry.key) {
        changes.push(Change::Delete {
            store: OUTBOX,
            key: old,
        });
    }
    db::write(&changes).await
}

pub async fn remove(key: &str) -> Result<(), db::DbError> {
    db::delete(OUTBOX, key).await
}

pub async fn get(key: &str) -> Option<Entry> {
    serde_json::from_str(&db::get(OUTBOX, key).await.ok()??).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_random_v4_urns() {
        let a = new_event_id();
        let b = new_event_id();
        assert_ne!(a, b);
        let uuid = a.strip_prefix("urn:uuid:").expect("urn:uuid: prefix");
        let parsed = uuid::Uuid::parse_str(uuid).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
    }

    fn entry(key: &str, created_ms: f64, event: serde_json::Value) -> Entry {
        Entry {
            key: key.into(),
            id: format!("urn:uuid:{key}"),
            created_ms,
            business: "b1".into(),
            form: "farm_harvest".into(),
            lots: vec![],
            inputs: vec![],
            kg: 12.0,
            event,
            status: Status::Pending,
            reason: None,
            attempts: 0,
            sent_ms: None,
            failed_in: 0,
            draft: None,
        }
    }

    #[test]
    fn the_same_record_saved_twice_within_minutes_is_caught() {
        let event = |id: &str, kg: u32| {
            serde_json::json!({"type": "ObjectEvent", "eventID": id, "eventTime": "2026-11-16T06:00:00+09:00",
                "quantityList": [{"epcClass": "x", "quantity": kg}]})
        };
        let first = entry("a", 1_000.0, event("urn:uuid:a", 12));
        let again = entry("b", 1_000.0 + 120_000.0, event("urn:uuid:b", 12));
        assert!(same_record_recently(
            std::slice::from_ref(&first),
            &again,
            again.created_ms
        ));
        // Another weight: another record.
        let other = entry("c", again.created_ms, event("urn:uuid:c", 13));
        assert!(!same_record_recently(
            std::slice::from_ref(&first),
            &other,
            other.created_ms
        ));
        // Long after: a new harvest of the same size, not a slip.
        assert!(!same_record_recently(
            std::slice::from_ref(&first),
            &again,
            1_000.0 + 11.0 * 60_000.0
        ));
        // Another form, or a refused first try (being corrected), is no duplicate.
        let mut ship = again.clone();
        ship.form = "farm_ship".into();
        assert!(!same_record_recently(
            std::slice::from_ref(&first),
            &ship,
            again.created_ms
        ));
        let mut refused = first.clone();
        refused.status = Status::Rejected;
        assert!(!same_record_recently(&[refused], &again, again.created_ms));
        // An entry is not a duplicate of itself.
        assert!(!same_record_recently(
            std::slice::from_ref(&again),
            &again,
            again.created_ms
        ));
    }

    #[test]
    fn keys_sort_in_the_order_recorded() {
        let early = entry_key(999.0, "urn:uuid:b");
        let late = entry_key(1_000.0, "urn:uuid:a");
        assert!(early < late);
        assert_eq!(late, "000000000001000|urn:uuid:a");
    }

    #[test]
    fn entries_stored_before_failed_in_existed_read_back() {
        let old = r#"{"key":"k","id":"i","created_ms":1,"business":"b","form":"harvest",
            "lots":[],"inputs":[],"kg":1,"event":{},"status":"pending"}"#;
        let e: Entry = serde_json::from_str(old).expect("old entry");
        assert_eq!(e.failed_in, 0);
        let mut b = Brief::from(&e);
        assert!(!b.stuck());
        b.failed_in = 1;
        assert!(b.stuck());
        b.status = Status::Sent;
        assert!(!b.stuck());
    }
}
