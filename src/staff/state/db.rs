//! The staff app's IndexedDB database (`lottrace-staff`, through `shared::store::idb`):
//! drafts, the outbox and small settings. Its own database, so the shopper side's saved
//! trace copies and the staff records version independently.

use crate::shared::store::idb::Database;
pub use crate::shared::store::idb::{Change, DbError};

/// One draft per form kind.
pub const DRAFTS: &str = "drafts";
/// Events waiting for, being sent to, or acknowledged by the server.
pub const OUTBOX: &str = "outbox";
/// Session, device settings, last sync time, lot serial counters.
pub const META: &str = "meta";

pub static STAFF: Database = Database {
    name: "lottrace-staff",
    version: 1,
    stores: &[DRAFTS, OUTBOX, META],
};

/// Makes every change in one transaction (see [`Database::write`]).
pub async fn write(changes: &[Change<'_>]) -> Result<(), DbError> {
    STAFF.write(changes).await
}

pub async fn put(store: &str, key: &str, value: &str) -> Result<(), DbError> {
    STAFF.put(store, key, value).await
}

pub async fn put_many(store: &str, pairs: &[(String, String)]) -> Result<(), DbError> {
    STAFF.put_many(store, pairs).await
}

pub async fn delete(store: &str, key: &str) -> Result<(), DbError> {
    STAFF.delete(store, key).await
}

pub async fn get(store: &str, key: &str) -> Result<Option<String>, DbError> {
    STAFF.get(store, key).await
}

pub async fn all(store: &str) -> Result<Vec<String>, DbError> {
    STAFF.all(store).await
}
