//! Proofs anyone can check without trusting the server: each event committed field by
//! field (SD-JWT style salted disclosures), its leaf in an append-only RFC 6962 Merkle
//! log, C2SP checkpoints signed by the log and cosigned by witnesses, C2SP tiles.
//! Verification here is pure (no clock, no randomness), so the WASM app runs the same
//! code as the server's tests and the witness.

// Signing, cosigning and `signed_note`'s general reader: the server's and the witness's,
// not the app's (its WASM opens checkpoints with `pinned`, smaller).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod checkpoint;
mod commitment;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod cosignature;
mod event_fields;
mod event_proof;
mod merkle;
mod pinned;
mod shown_values;
mod tiles;
mod trace_check;

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use checkpoint::{LogCheckpoint, LogKey, LogSigner};
pub use commitment::{DisclosedField, Disclosure, EventLeaf, FieldDigest, Salt, SALT_BYTES};
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use cosignature::{Cosignature, WitnessKey, WitnessSigner};
pub use event_fields::EventFields;
pub use event_proof::EventProof;
pub use merkle::{
    consistency_proof, hashes_to_store, inclusion_proof, leaf_hash, leaf_storage_index, tree_root,
    verify_consistency, verify_inclusion, HashReader, LogHash, MemoryLog, TreeHead,
};
pub use pinned::OpenCheckpoint;
pub use shown_values::shown_text;
pub use tiles::{EntryBundle, TilePath, TILE_HEIGHT, TILE_WIDTH};
/// The tree code underneath, for storage backends implementing [`HashReader`].
pub use tlog_tiles as tlog;
pub use trace_check::{
    check_event, check_growth, check_trace, consistency_request, is_log_key, open_pinned,
    CheckpointFailure, EventCheck, EventFailure, TraceCheck,
};

/// Why a proof, a checkpoint or a log artefact does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("salt {0:?} is not 16 bytes in base64url without padding")]
    Salt(String),
    #[error("disclosure {0:?} is not base64url of a JSON array [salt, name, value]")]
    Disclosure(String),
    #[error("digest {0:?} is not a base64url SHA-256 digest")]
    Digest(String),
    #[error("the event's leaf does not match the log: {0}")]
    Inclusion(String),
    #[error("the log was rewritten: size {old} is not a prefix of size {new} ({reason})")]
    Inconsistent { old: u64, new: u64, reason: String },
    #[error("checkpoint: {0}")]
    Checkpoint(String),
    #[error("verifier key: {0}")]
    Key(String),
    #[error("tile path {0:?} is not a C2SP tlog-tiles path")]
    TilePath(String),
    #[error("entry bundle: {0}")]
    EntryBundle(String),
    #[error("log leaf: {0}")]
    Leaf(String),
}
