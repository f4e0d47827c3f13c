//! Storage behind one trait, so a PostgreSQL backend can follow the SQLite one.

mod sqlite;

pub use sqlite::SqliteStore;

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the database lock was poisoned by a crashed request")]
    Poisoned,
}

/// One event ready to store: the document as received plus the columns queries need.
#[derive(Debug, Clone)]
pub struct NewEvent {
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
    pub role: String,
    pub gs1_prefix: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

pub trait Store: Send + Sync + 'static {
    /// Stores all events or none; events whose ID is already stored are skipped and
    /// reported as duplicates.
    fn insert_events(&self, events: &[NewEvent]) -> Result<InsertOutcome, StoreError>;
    /// Every stored event (as received) that names any of these lot keys.
    fn events_for_lots(&self, lot_keys: &[String]) -> Result<Vec<String>, StoreError>;
    fn event_count(&self) -> Result<u64, StoreError>;
    fn upsert_business(&self, business: &Business) -> Result<(), StoreError>;
    fn businesses(&self) -> Result<Vec<Business>, StoreError>;
}
