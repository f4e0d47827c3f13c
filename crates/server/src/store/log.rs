//! Storage of the tamper-evident log: leaves appended in the capture transaction (see
//! `EventStore::insert_events`), the tree's hashes, tiles, the sealed signing key,
//! witnesses and their cosignatures.

use super::StoreError;
use lottrace_core::proof::{LogHash, Salt, TilePath, TreeHead};
use std::collections::BTreeMap;

/// What the log keeps of one event: its leaf and the salts of its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// The event's record key (its eventID, `#declaration` for a declaration).
    pub event_id: String,
    /// The leaf's bytes (RFC 8785 JSON) and its RFC 6962 hash.
    pub leaf: Vec<u8>,
    pub leaf_hash: LogHash,
    pub salts: BTreeMap<String, Salt>,
}

/// An event's place in the log and what a proof is rebuilt from: the salts stored when
/// it was logged and the event row as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedEvent {
    pub leaf_index: u64,
    pub salts: BTreeMap<String, Salt>,
    pub inclusion: Vec<LogHash>,
    pub json: String,
    pub business_id: Option<String>,
}

/// The log's Ed25519 seed, sealed (ChaCha20-Poly1305 under an Argon2id key).
#[derive(Debug, Clone, PartialEq)]
pub struct SealedKey {
    pub origin: String,
    pub public_key: Vec<u8>,
    pub kdf_salt: Vec<u8>,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

pub trait LogStore: Send + Sync {
    fn log_head(&self) -> Result<TreeHead, StoreError>;
    /// The root of the tree of `size` leaves (`None` beyond the current size).
    fn log_root(&self, size: u64) -> Result<Option<LogHash>, StoreError>;
    /// The tree head and, for each of these record keys that is logged, its proof
    /// material at that head: one snapshot, so every proof matches the head.
    fn log_proofs(
        &self,
        event_ids: &[String],
    ) -> Result<(TreeHead, BTreeMap<String, LoggedEvent>), StoreError>;
    /// A tile's bytes (hashes, or an entry bundle); `None` beyond the tree.
    fn log_tile(&self, tile: &TilePath) -> Result<Option<Vec<u8>>, StoreError>;
    /// The RFC 9162 consistency proof from `old` leaves to `new` (at most the size).
    fn log_consistency(&self, old: u64, new: u64) -> Result<Vec<LogHash>, StoreError>;
    /// Stored events not yet in the log (stored before it existed), in capture order:
    /// (record key, JSON).
    fn unlogged_events(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Appends entries in one transaction (after [`LogStore::unlogged_events`]).
    fn append_log(&self, entries: &[LogEntry]) -> Result<(), StoreError>;
    fn log_key(&self) -> Result<Option<SealedKey>, StoreError>;
    /// Stores the key made at first start; a key already stored is a conflict.
    fn init_log_key(&self, key: &SealedKey) -> Result<(), StoreError>;
    /// Registers (or replaces) a witness by name with its verifier key text.
    fn add_witness(&self, name: &str, key: &str) -> Result<(), StoreError>;
    /// Registered witnesses: (name, verifier key text).
    fn witnesses(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Keeps a witness's cosignature line of the tree head.
    fn add_cosignature(&self, witness: &str, head: &TreeHead, line: &str)
        -> Result<(), StoreError>;
    /// Cosignature lines of exactly this tree head.
    fn cosignatures(&self, head: &TreeHead) -> Result<Vec<String>, StoreError>;
}
