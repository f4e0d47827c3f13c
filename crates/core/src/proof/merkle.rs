//! RFC 6962 / RFC 9162 Merkle tree hashing (leaves prefixed 0x00, nodes 0x01) and the
//! verification of inclusion and consistency proofs, on `tlog_tiles` (a port of Go's
//! sumdb/tlog, whose proofs are RFC 9162's). Hashes travel as standard base64.

use super::ProofError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use tlog_tiles::Hash;

pub use tlog_tiles::HashReader;

/// A SHA-256 node or leaf hash of the log.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LogHash(pub [u8; 32]);

impl LogHash {
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    pub fn from_base64(text: &str) -> Result<LogHash, ProofError> {
        STANDARD
            .decode(text)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(LogHash)
            .ok_or_else(|| ProofError::Digest(text.to_string()))
    }
}

impl std::fmt::Debug for LogHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LogHash({})", self.to_base64())
    }
}

impl TryFrom<String> for LogHash {
    type Error = ProofError;
    fn try_from(text: String) -> Result<Self, ProofError> {
        LogHash::from_base64(&text)
    }
}

impl From<LogHash> for String {
    fn from(h: LogHash) -> String {
        h.to_base64()
    }
}

impl From<Hash> for LogHash {
    fn from(h: Hash) -> LogHash {
        LogHash(h.0)
    }
}

impl From<LogHash> for Hash {
    fn from(h: LogHash) -> Hash {
        Hash(h.0)
    }
}

/// A tree size and its root hash, as a checkpoint states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub root: LogHash,
}

/// RFC 6962 leaf hash: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> LogHash {
    tlog_tiles::record_hash(data).into()
}

/// Checks that the leaf hash sits at `index` of the tree `head`.
pub fn verify_inclusion(
    proof: &[LogHash],
    head: &TreeHead,
    index: u64,
    leaf: LogHash,
) -> Result<(), ProofError> {
    if index >= head.size {
        return Err(ProofError::Inclusion(format!(
            "leaf {index} is outside a tree of {} leaves",
            head.size
        )));
    }
    let proof: Vec<Hash> = proof.iter().copied().map(Hash::from).collect();
    tlog_tiles::check_record(&proof, head.size, head.root.into(), index, leaf.into())
        .map_err(|e| ProofError::Inclusion(e.to_string()))
}

/// Checks that the tree `old` is a prefix of the tree `new`.
pub fn verify_consistency(
    proof: &[LogHash],
    old: &TreeHead,
    new: &TreeHead,
) -> Result<(), ProofError> {
    let fail = |reason: String| ProofError::Inconsistent {
        old: old.size,
        new: new.size,
        reason,
    };
    if old.size > new.size {
        return Err(fail("the log shrank".into()));
    }
    if old.size == new.size {
        return if old.root == new.root && proof.is_empty() {
            Ok(())
        } else {
            Err(fail("same size, different root".into()))
        };
    }
    if old.size == 0 {
        return Ok(());
    }
    let proof: Vec<Hash> = proof.iter().copied().map(Hash::from).collect();
    tlog_tiles::check_tree(&proof, new.size, new.root.into(), old.size, old.root.into())
        .map_err(|e| fail(e.to_string()))
}

/// A log held in memory (every stored hash, Go tlog's layout): for tests, benches and
/// a witness that replays entries.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    hashes: Vec<Hash>,
    size: u64,
}

impl HashReader for MemoryLog {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.hashes.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl MemoryLog {
    pub fn new() -> MemoryLog {
        MemoryLog::default()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf by its hash; returns its index.
    pub fn append(&mut self, leaf: LogHash) -> Result<u64, ProofError> {
        let n = self.size;
        let new = tlog_tiles::stored_hashes_for_record_hash(n, leaf.into(), self)
            .map_err(|e| ProofError::Leaf(e.to_string()))?;
        self.hashes.extend(new);
        self.size += 1;
        Ok(n)
    }

    pub fn head(&self) -> Result<TreeHead, ProofError> {
        let root =
            tlog_tiles::tree_hash(self.size, self).map_err(|e| ProofError::Leaf(e.to_string()))?;
        Ok(TreeHead {
            size: self.size,
            root: root.into(),
        })
    }

    pub fn inclusion(&self, index: u64, size: u64) -> Result<Vec<LogHash>, ProofError> {
        inclusion_proof(self, index, size)
    }

    pub fn consistency(&self, old: u64, new: u64) -> Result<Vec<LogHash>, ProofError> {
        consistency_proof(self, old, new)
    }
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, read from stored hashes.
pub fn inclusion_proof(
    r: &impl HashReader,
    index: u64,
    size: u64,
) -> Result<Vec<LogHash>, ProofError> {
    if index >= size {
        return Err(ProofError::Inclusion(format!(
            "leaf {index} is outside a tree of {size} leaves"
        )));
    }
    tlog_tiles::prove_record(size, index, r)
        .map(|p| p.into_iter().map(LogHash::from).collect())
        .map_err(|e| ProofError::Inclusion(e.to_string()))
}

/// The consistency proof from `old` to `new` leaves, read from stored hashes.
pub fn consistency_proof(
    r: &impl HashReader,
    old: u64,
    new: u64,
) -> Result<Vec<LogHash>, ProofError> {
    if old > new {
        return Err(ProofError::Inconsistent {
            old,
            new,
            reason: "the old size is larger".into(),
        });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    tlog_tiles::prove_tree(new, old, r)
        .map(|p| p.into_iter().map(LogHash::from).collect())
        .map_err(|e| ProofError::Inconsistent {
            old,
            new,
            reason: e.to_string(),
        })
}

/// The root of the tree of `size` leaves, read from stored hashes.
pub fn tree_root(r: &impl HashReader, size: u64) -> Result<LogHash, ProofError> {
    tlog_tiles::tree_hash(size, r)
        .map(LogHash::from)
        .map_err(|e| ProofError::Leaf(e.to_string()))
}

/// The hashes to store when appending leaf `n` (Go tlog's layout, from index
/// `stored_hash_index(0, n)` on).
pub fn hashes_to_store(
    r: &impl HashReader,
    n: u64,
    leaf: LogHash,
) -> Result<Vec<LogHash>, ProofError> {
    tlog_tiles::stored_hashes_for_record_hash(n, leaf.into(), r)
        .map(|v| v.into_iter().map(LogHash::from).collect())
        .map_err(|e| ProofError::Leaf(e.to_string()))
}

/// Where leaf `n`'s hash is stored.
pub fn leaf_storage_index(n: u64) -> u64 {
    tlog_tiles::stored_hash_index(0, n)
}
