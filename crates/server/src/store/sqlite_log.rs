//! The log on SQLite: leaves and stored hashes in their own tables, written in the
//! transaction that stores the events, read for proofs inside one read transaction.

use super::log::{LogEntry, LogStore, LoggedEvent, SealedKey};
use super::{SqliteStore, StoreError};
use lottrace_core::proof::tlog::{Error as TlogError, Hash, Tile};
use lottrace_core::proof::{
    consistency_proof, hashes_to_store, inclusion_proof, leaf_storage_index, tree_root,
    EntryBundle, HashReader, LogHash, TilePath, TreeHead, TILE_HEIGHT, TILE_WIDTH,
};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Stored hashes read through one connection (or transaction).
struct SqlHashes<'a>(&'a Connection);

impl HashReader for SqlHashes<'_> {
    /// One query for all the indexes (a proof asks for a few dozen at once).
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, TlogError> {
        let ids = serde_json::to_string(indexes).map_err(|_| TlogError::IndexesNotInTree)?;
        let mut stmt = self
            .0
            .prepare_cached(
                "SELECT id, hash FROM log_hashes WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(|_| TlogError::IndexesNotInTree)?;
        let rows = stmt
            .query_map([ids], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(|_| TlogError::IndexesNotInTree)?;
        let mut found = std::collections::HashMap::with_capacity(indexes.len());
        for row in rows {
            let (id, bytes) = row.map_err(|_| TlogError::IndexesNotInTree)?;
            let hash = <[u8; 32]>::try_from(bytes).map_err(|_| TlogError::MalformedHash)?;
            found.insert(id, Hash(hash));
        }
        indexes
            .iter()
            .map(|&i| {
                i64::try_from(i)
                    .ok()
                    .and_then(|id| found.get(&id).copied())
                    .ok_or(TlogError::IndexesNotInTree)
            })
            .collect()
    }
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("log: {e}"))
}

/// Leaves are numbered from 0 without gaps, so the size is the last index + 1 (a rowid
/// lookup; COUNT(*) would scan the table on every append).
fn size_of(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM log_leaves",
        [],
        |r| r.get(0),
    )?;
    u64::try_from(n).map_err(corrupt)
}

fn head_of(conn: &Connection) -> Result<TreeHead, StoreError> {
    let size = size_of(conn)?;
    let root = tree_root(&SqlHashes(conn), size).map_err(corrupt)?;
    Ok(TreeHead { size, root })
}

/// Appends one leaf inside the caller's transaction: its row, then the tree hashes it
/// completes.
pub(super) fn append(conn: &Connection, entry: &LogEntry) -> Result<(), StoreError> {
    let n = size_of(conn)?;
    let hashes = hashes_to_store(&SqlHashes(conn), n, entry.leaf_hash).map_err(corrupt)?;
    let salts = serde_json::to_string(&entry.salts).map_err(corrupt)?;
    conn.prepare_cached(
        "INSERT INTO log_leaves (leaf_index, event_id, leaf, salts) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        i64::try_from(n).map_err(corrupt)?,
        entry.event_id,
        entry.leaf,
        salts
    ])?;
    let first = leaf_storage_index(n);
    let mut insert = conn.prepare_cached("INSERT INTO log_hashes (id, hash) VALUES (?1, ?2)")?;
    for (i, hash) in hashes.iter().enumerate() {
        let id = i64::try_from(first + i as u64).map_err(corrupt)?;
        insert.execute(params![id, hash.0.to_vec()])?;
    }
    Ok(())
}

/// Leaves `from..from + count` as stored.
fn leaves(conn: &Connection, from: u64, count: u64) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT leaf FROM log_leaves WHERE leaf_index >= ?1 AND leaf_index < ?2 ORDER BY leaf_index",
    )?;
    let from = i64::try_from(from).map_err(corrupt)?;
    let to = from + i64::try_from(count).map_err(corrupt)?;
    let rows = stmt.query_map([from, to], |r| r.get::<_, Vec<u8>>(0))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from)
}

impl LogStore for SqliteStore {
    fn log_head(&self) -> Result<TreeHead, StoreError> {
        let conn = self.reader()?;
        head_of(&conn)
    }

    fn log_root(&self, size: u64) -> Result<Option<LogHash>, StoreError> {
        let conn = self.reader()?;
        if size > size_of(&conn)? {
            return Ok(None);
        }
        tree_root(&SqlHashes(&conn), size)
            .map(Some)
            .map_err(corrupt)
    }

    fn log_proofs(
        &self,
        event_ids: &[String],
    ) -> Result<(TreeHead, BTreeMap<String, LoggedEvent>), StoreError> {
        let mut conn = self.reader()?;
        // One read transaction: the head and every proof come from the same tree.
        let tx = conn.transaction()?;
        let head = head_of(&tx)?;
        let mut out = BTreeMap::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT l.leaf_index, l.salts, e.json, e.business_id
                   FROM log_leaves l JOIN events e ON e.event_id = l.event_id
                  WHERE l.event_id = ?1",
            )?;
            for id in event_ids {
                let row = stmt
                    .query_row([id], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(3)?,
                        ))
                    })
                    .optional()?;
                let Some((index, salts, json, business_id)) = row else {
                    continue;
                };
                let leaf_index = u64::try_from(index).map_err(corrupt)?;
                let inclusion =
                    inclusion_proof(&SqlHashes(&tx), leaf_index, head.size).map_err(corrupt)?;
                out.insert(
                    id.clone(),
                    LoggedEvent {
                        leaf_index,
                        salts: serde_json::from_str(&salts).map_err(corrupt)?,
                        inclusion,
                        json,
                        business_id,
                    },
                );
            }
        }
        tx.finish()?;
        Ok((head, out))
    }

    fn log_tile(&self, tile: &TilePath) -> Result<Option<Vec<u8>>, StoreError> {
        let conn = self.reader()?;
        let size = size_of(&conn)?;
        match *tile {
            TilePath::Entries { index, width } => {
                let from = index.saturating_mul(TILE_WIDTH);
                if from.saturating_add(width) > size {
                    return Ok(None);
                }
                let bundle = EntryBundle(leaves(&conn, from, width)?);
                bundle.to_bytes().map(Some).map_err(corrupt)
            }
            TilePath::Hashes {
                level,
                index,
                width,
            } => {
                // Hashes at tree level 8·L: one per 256^L leaves.
                let shift = u32::from(level) * u32::from(TILE_HEIGHT);
                let available = size.checked_shr(shift).unwrap_or(0);
                let from = index.saturating_mul(TILE_WIDTH);
                if from.saturating_add(width) > available {
                    return Ok(None);
                }
                let width = u32::try_from(width).map_err(corrupt)?;
                let data = Tile::new(TILE_HEIGHT, level, index, width, false)
                    .read_data(&SqlHashes(&conn))
                    .map_err(corrupt)?;
                Ok(Some(data))
            }
        }
    }

    fn log_consistency(&self, old: u64, new: u64) -> Result<Vec<LogHash>, StoreError> {
        let conn = self.reader()?;
        consistency_proof(&SqlHashes(&conn), old, new).map_err(corrupt)
    }

    fn unlogged_events(&self) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT event_id, json FROM events
              WHERE event_id NOT IN (SELECT event_id FROM log_leaves) ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }

    fn append_log(&self, entries: &[LogEntry]) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for entry in entries {
            append(&tx, entry)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn log_key(&self) -> Result<Option<SealedKey>, StoreError> {
        let conn = self.reader()?;
        conn.query_row(
            "SELECT origin, public_key, kdf_salt, nonce, sealed FROM log_key WHERE id = 1",
            [],
            |r| {
                Ok(SealedKey {
                    origin: r.get(0)?,
                    public_key: r.get(1)?,
                    kdf_salt: r.get(2)?,
                    nonce: r.get(3)?,
                    sealed: r.get(4)?,
                })
            },
        )
        .optional()
        .map_err(StoreError::from)
    }

    fn init_log_key(&self, key: &SealedKey) -> Result<(), StoreError> {
        let conn = self.conn()?;
        let changed = conn.execute(
            "INSERT INTO log_key (id, origin, public_key, kdf_salt, nonce, sealed)
             VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO NOTHING",
            params![
                key.origin,
                key.public_key,
                key.kdf_salt,
                key.nonce,
                key.sealed
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Conflict("the log already has a key".into()));
        }
        Ok(())
    }

    fn add_witness(&self, name: &str, key: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO log_witnesses (name, key) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET key = excluded.key",
            params![name, key],
        )?;
        Ok(())
    }

    fn witnesses(&self) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached("SELECT name, key FROM log_witnesses ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }

    fn add_cosignature(
        &self,
        witness: &str,
        head: &TreeHead,
        line: &str,
    ) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO log_cosignatures (witness, tree_size, root, line) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(witness, tree_size) DO UPDATE SET root = excluded.root, line = excluded.line",
            params![
                witness,
                i64::try_from(head.size).map_err(corrupt)?,
                head.root.0.to_vec(),
                line
            ],
        )?;
        Ok(())
    }

    fn cosignatures(&self, head: &TreeHead) -> Result<Vec<String>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT line FROM log_cosignatures WHERE tree_size = ?1 AND root = ?2 ORDER BY witness",
        )?;
        let size = i64::try_from(head.size).map_err(corrupt)?;
        let rows = stmt.query_map(params![size, head.root.0.to_vec()], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }
}
