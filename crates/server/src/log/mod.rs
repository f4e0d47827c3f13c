//! The tamper-evident log of every stored event (README, "Tamper-evident log"): each
//! event committed field by field and appended as a leaf in the capture transaction,
//! checkpoints signed with the log's Ed25519 key (sealed at rest), cosigned by
//! registered witnesses, and proofs attached to the public trace.

mod sealed_key;
mod trace_proofs;

pub use sealed_key::LogConfig;
pub(crate) use sealed_key::{seal, unseal, Sealed};
pub use trace_proofs::attach_proofs;

use crate::store::{LogEntry, Store, StoreError};
use lottrace_core::proof::{
    EventFields, EventProof, LogCheckpoint, LogKey, LogSigner, Salt, TreeHead, SALT_BYTES,
};
use rand_core::{OsRng, RngCore};
use std::collections::{BTreeMap, BTreeSet};

/// Most fields one event may have: an entry bundle frames each leaf with a 16-bit
/// length, and each digest takes 46 bytes of the leaf.
pub const MAX_FIELDS_PER_EVENT: usize = 1_200;

/// The log's identity and signing key, loaded (or made) at start.
pub struct TransparencyLog {
    signer: LogSigner,
}

impl TransparencyLog {
    /// Opens the log's key (making and sealing one at first start) and logs any stored
    /// event that predates the log.
    pub fn open(store: &dyn Store, config: &LogConfig) -> Result<TransparencyLog, String> {
        let signer = sealed_key::open_or_create(store, config)?;
        let unlogged = store
            .unlogged_events()
            .map_err(|e| format!("log: cannot read events: {e}"))?;
        if !unlogged.is_empty() {
            let entries = unlogged
                .iter()
                .map(|(id, json)| entry_for(id, json))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("log: {e}"))?;
            store
                .append_log(&entries)
                .map_err(|e| format!("log: cannot append stored events: {e}"))?;
            tracing::info!(
                "log: appended {} events stored before the log",
                entries.len()
            );
        }
        Ok(TransparencyLog { signer })
    }

    pub fn key(&self) -> &LogKey {
        self.signer.key()
    }

    pub fn origin(&self) -> &str {
        self.signer.key().name()
    }

    /// The signed checkpoint of a tree head with the witnesses' stored cosignature
    /// lines; answers the note and how many witnesses cosigned.
    pub fn checkpoint(
        &self,
        store: &dyn Store,
        head: &TreeHead,
    ) -> Result<(String, usize), StoreError> {
        let checkpoint = LogCheckpoint {
            origin: self.origin().to_string(),
            head: *head,
        };
        let mut note = self
            .signer
            .sign(&checkpoint)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let cosignatures = store.cosignatures(head)?;
        for line in &cosignatures {
            note.push_str(line);
        }
        Ok((note, cosignatures.len()))
    }
}

/// What the log keeps of an event stored as `json` under `record_key`: fresh random
/// salts for each of its fields and the leaf they make.
pub fn entry_for(record_key: &str, json: &str) -> Result<LogEntry, StoreError> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("event {record_key}: {e}")))?;
    let fields = EventFields::of(&value);
    if fields.len() > MAX_FIELDS_PER_EVENT {
        return Err(StoreError::Conflict(format!(
            "event {record_key} has {} fields: the log takes at most {MAX_FIELDS_PER_EVENT} per event",
            fields.len()
        )));
    }
    let salts: BTreeMap<String, Salt> = fields
        .iter()
        .map(|(name, _)| {
            let mut bytes = [0u8; SALT_BYTES];
            OsRng.fill_bytes(&mut bytes);
            (name.to_string(), Salt::from_bytes(bytes))
        })
        .collect();
    let all: BTreeSet<String> = fields.iter().map(|(n, _)| n.to_string()).collect();
    let leaf = EventProof::build(record_key, &fields, &salts, &all, 0, Vec::new()).leaf();
    Ok(LogEntry {
        event_id: record_key.to_string(),
        leaf: leaf.to_bytes(),
        leaf_hash: leaf.hash(),
        salts,
    })
}
