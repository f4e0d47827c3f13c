//! Storage behind small traits, one per concern (events, businesses, accounts and
//! sessions, disclosure choices, recalls, login attempts), so a PostgreSQL backend can
//! follow the SQLite one trait by trait; `tests/store_suite.rs` holds one shared test
//! suite per trait that every backend runs.

mod items;
mod log;
mod sqlite;
mod sqlite_items;
mod sqlite_log;
mod throttle;

pub use items::{
    CheckCounts, CodeAlert, IssuedCode, IssuedSerial, ItemStore, PrintRun, StoredCodeKey,
};
pub use log::{LogEntry, LogStore, LoggedEvent, SealedKey};
pub use sqlite::SqliteStore;
pub use throttle::{LoginThrottle, MemoryThrottle, ThrottleLimits};

use lottrace_core::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the database lock was poisoned by a crashed request")]
    Poisoned,
    /// A unique key is taken (username, GLN) or an eventID was re-sent with other content.
    #[error("{0}")]
    Conflict(String),
    /// A referenced row does not exist (e.g. the business of a new user).
    #[error("{0}")]
    Missing(String),
}

/// One event ready to store: the document as received plus the columns queries need.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The record key: eventID (or CBV hash), `#declaration` appended for an
    /// errorDeclaration (see `lottrace_core::genealogy::record_key`).
    pub event_id: String,
    pub event_type: String,
    /// UTC, RFC 3339, so string order is time order.
    pub event_time_utc: String,
    pub biz_step: Option<String>,
    pub business_id: Option<String>,
    pub json: String,
    /// (lot key, role) pairs: role is `input`, `output` or `observed`.
    pub lots: Vec<(String, &'static str)>,
    pub epcs: Vec<String>,
    /// Every `epcClass` of the event's quantity lists, for `MATCH_epcClass`.
    pub classes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InsertOutcome {
    pub stored: Vec<String>,
    /// Event IDs already stored earlier: re-sending is harmless.
    pub duplicates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Business {
    pub id: String,
    pub name: String,
    pub gln: String,
    pub role: Role,
    pub gs1_prefix: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// A staff account. The password hash is a PHC string (Argon2id).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub business_id: String,
    pub role: Role,
    pub password_hash: String,
}

/// A stored event as queries return it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Capture order; page tokens point at it, so pages stay stable under inserts.
    pub seq: i64,
    pub json: String,
    /// When the repository stored it (UTC, RFC 3339).
    pub record_time: String,
    /// The registered business that recorded it (owner of its location), if any.
    pub business_id: Option<String>,
}

/// The EPCIS query subset `GET /epcis/events` supports. Every list is OR-ed within
/// itself; the lists and bounds are AND-ed. Values ending in `*` match as a prefix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    pub any_epc: Vec<String>,
    pub epc_class: Vec<String>,
    /// Short bizStep names (`shipping`, `farmHarvest`) or other URIs, as stored.
    pub biz_step: Vec<String>,
    /// Record keys (eventIDs; declarations are matched too).
    pub event_id: Vec<String>,
    /// UTC, RFC 3339 with milliseconds, inclusive.
    pub ge_event_time: Option<String>,
    /// UTC, RFC 3339 with milliseconds, exclusive.
    pub lt_event_time: Option<String>,
    /// Only events stored after this capture sequence number.
    pub after_seq: Option<i64>,
    /// Only what this business may read: its own events, and events naming a lot that
    /// one of its own events names (its trading partners' records of the same lots).
    /// `None`: every event (regulators, the platform operator).
    pub visible_to: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recall {
    pub id: String,
    /// Canonical key of the recalled lot.
    pub lot_key: String,
    pub reason: String,
    /// UTC, RFC 3339.
    pub declared_at: String,
    pub declared_by: String,
    /// The business of the account that declared it.
    #[serde(default)]
    pub declared_by_business: Option<String>,
    /// The forward trace answered when the recall was declared (JSON).
    pub impact: serde_json::Value,
}

/// Events: capture (all or nothing, idempotent) and the reads traces and queries need.
pub trait EventStore: Send + Sync {
    /// Stores all events or none; events whose ID is already stored with the same
    /// content are skipped and reported as duplicates. An ID already stored with
    /// different content is a [`StoreError::Conflict`] and nothing is stored.
    fn insert_events(&self, events: &[NewEvent]) -> Result<InsertOutcome, StoreError>;
    /// Every stored event (as received) that names any of these lot keys, with its
    /// capture sequence number, in capture order.
    fn events_for_lots(&self, lot_keys: &[String]) -> Result<Vec<(i64, String)>, StoreError>;
    fn event_count(&self) -> Result<u64, StoreError>;
    /// A number that changes whenever anything a public trace shows may have changed
    /// (events, businesses, disclosure choices, recalls), whoever wrote it.
    fn generation(&self) -> Result<i64, StoreError>;
    /// Events matching the query, in capture order, at most `limit`.
    fn query_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError>;
    /// Events with sensor data recorded at any of these locations (`readPoint` or
    /// `bizLocation` id, as stored), latest event time first, at most `limit`.
    fn sensor_events_at(
        &self,
        locations: &[String],
        limit: usize,
    ) -> Result<Vec<String>, StoreError>;
    /// The business recorded as owning each of these stored record keys (eventIDs),
    /// for those stored; `None` inside when no registered business owned it.
    fn event_owners(
        &self,
        event_ids: &[String],
    ) -> Result<BTreeMap<String, Option<String>>, StoreError>;
}

/// The businesses of the chain and their locations (GLNs).
pub trait BusinessStore: Send + Sync {
    fn upsert_business(&self, business: &Business) -> Result<(), StoreError>;
    fn businesses(&self) -> Result<Vec<Business>, StoreError>;
    fn business(&self, id: &str) -> Result<Option<Business>, StoreError>;
}

/// Staff accounts and their sessions.
pub trait AccountStore: Send + Sync {
    /// Creates an account; a taken username is a conflict, an unknown business missing.
    fn add_user(
        &self,
        username: &str,
        business_id: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError>;
    fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError>;
    /// Stores a session under the SHA-256 of its token (the token itself is never stored).
    fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: &str,
    ) -> Result<(), StoreError>;
    /// The session's user and expiry (RFC 3339 UTC), expired or not.
    fn session(&self, token_hash: &str) -> Result<Option<(User, String)>, StoreError>;
    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Forgets sessions that expired before `now`.
    fn purge_sessions(&self, now: &str) -> Result<(), StoreError>;
}

/// Which `selectable` fields each business shows consumers.
pub trait DisclosureStore: Send + Sync {
    /// Per business, the selectable fields it discloses.
    fn disclosure_choices(&self) -> Result<BTreeMap<String, BTreeSet<String>>, StoreError>;
    /// Replaces one business's choice.
    fn set_disclosure(
        &self,
        business_id: &str,
        fields: &BTreeSet<String>,
    ) -> Result<(), StoreError>;
}

/// Declared recalls and the lots they reach.
pub trait RecallStore: Send + Sync {
    fn add_recall(&self, recall: &Recall, affected_lots: &[String]) -> Result<(), StoreError>;
    fn recall(&self, id: &str) -> Result<Option<Recall>, StoreError>;
    /// Every open recall, oldest first.
    fn open_recalls(&self) -> Result<Vec<Recall>, StoreError>;
}

/// Everything the server keeps: a backend implements each concern's trait and gets
/// this one for free.
pub trait Store:
    EventStore
    + BusinessStore
    + AccountStore
    + DisclosureStore
    + RecallStore
    + LogStore
    + ItemStore
    + 'static
{
}

impl<T> Store for T where
    T: EventStore
        + BusinessStore
        + AccountStore
        + DisclosureStore
        + RecallStore
        + LogStore
        + ItemStore
        + 'static
{
}
