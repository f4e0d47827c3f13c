//! SQLite in WAL mode: events stored as received, plus indexed columns per lot, EPC,
//! bizStep and time. One connection behind a mutex keeps writes serial, which SQLite
//! requires anyway, and each capture is one transaction.

use super::{Business, InsertOutcome, NewEvent, Store, StoreError};
use rusqlite::{params, Connection};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// Schema versions in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT NOT NULL UNIQUE,
    event_type     TEXT NOT NULL,
    event_time     TEXT NOT NULL,
    biz_step       TEXT,
    business_id    TEXT,
    record_time    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    json           TEXT NOT NULL
);
CREATE INDEX events_time ON events(event_time);
CREATE INDEX events_biz_step ON events(biz_step);
CREATE INDEX events_business ON events(business_id);
CREATE TABLE event_lots (
    seq     INTEGER NOT NULL REFERENCES events(seq),
    lot_key TEXT NOT NULL,
    role    TEXT NOT NULL,
    PRIMARY KEY (seq, lot_key, role)
);
CREATE INDEX event_lots_key ON event_lots(lot_key);
CREATE TABLE event_epcs (
    seq INTEGER NOT NULL REFERENCES events(seq),
    epc TEXT NOT NULL,
    PRIMARY KEY (seq, epc)
);
CREATE INDEX event_epcs_epc ON event_epcs(epc);
CREATE TABLE businesses (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    gln        TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    gs1_prefix TEXT,
    phone      TEXT,
    email      TEXT,
    address    TEXT
);
"#];

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged capture survives power loss, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let done: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let done = usize::try_from(done).map_err(|_| StoreError::Corrupt("negative user_version".into()))?;
    if done > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "database schema version {done} is newer than this server ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn insert_events(&self, events: &[NewEvent]) -> Result<InsertOutcome, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut outcome = InsertOutcome::default();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO events (event_id, event_type, event_time, biz_step, business_id, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(event_id) DO NOTHING",
            )?;
            let mut lot = tx.prepare_cached("INSERT OR IGNORE INTO event_lots (seq, lot_key, role) VALUES (?1, ?2, ?3)")?;
            let mut epc = tx.prepare_cached("INSERT OR IGNORE INTO event_epcs (seq, epc) VALUES (?1, ?2)")?;
            for e in events {
                let changed = insert.execute(params![
                    e.event_id,
                    e.event_type,
                    e.event_time_utc,
                    e.biz_step,
                    e.business_id,
                    e.json
                ])?;
                if changed == 0 {
                    outcome.duplicates.push(e.event_id.clone());
                    continue;
                }
                let seq = tx.last_insert_rowid();
                for (key, role) in &e.lots {
                    lot.execute(params![seq, key, role])?;
                }
                for id in &e.epcs {
                    epc.execute(params![seq, id])?;
                }
                outcome.stored.push(e.event_id.clone());
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    fn events_for_lots(&self, lot_keys: &[String]) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT e.seq, e.json FROM events e JOIN event_lots l ON l.seq = e.seq
             WHERE l.lot_key = ?1",
        )?;
        let mut seen = std::collections::BTreeMap::new();
        for key in lot_keys {
            let rows = stmt.query_map([key], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (seq, json) = row?;
                seen.entry(seq).or_insert(json);
            }
        }
        Ok(seen.into_values().collect())
    }

    fn event_count(&self) -> Result<u64, StoreError> {
        let conn = self.conn()?;
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn upsert_business(&self, b: &Business) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO businesses (id, name, gln, role, gs1_prefix, phone, email, address)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, gln = excluded.gln,
               role = excluded.role, gs1_prefix = excluded.gs1_prefix, phone = excluded.phone,
               email = excluded.email, address = excluded.address",
            params![b.id, b.name, b.gln, b.role, b.gs1_prefix, b.phone, b.email, b.address],
        )?;
        Ok(())
    }

    fn businesses(&self) -> Result<Vec<Business>, StoreError> {
        let conn = self.conn()?;
        let mut stmt =
            conn.prepare_cached("SELECT id, name, gln, role, gs1_prefix, phone, email, address FROM businesses ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Business {
                id: r.get(0)?,
                name: r.get(1)?,
                gln: r.get(2)?,
                role: r.get(3)?,
                gs1_prefix: r.get(4)?,
                phone: r.get(5)?,
                email: r.get(6)?,
                address: r.get(7)?,
            })
        })?;
        rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, lot: &str) -> NewEvent {
        NewEvent {
            event_id: id.into(),
            event_type: "ObjectEvent".into(),
            event_time_utc: "2026-09-15T01:00:00Z".into(),
            biz_step: Some("shipping".into()),
            business_id: None,
            json: format!("{{\"eventID\":\"{id}\"}}"),
            lots: vec![(lot.into(), "observed")],
            epcs: vec![],
        }
    }

    #[test]
    fn insert_is_idempotent_and_survives_reopen() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let path = dir.path().join("t.db");
        {
            let store = SqliteStore::open(&path)?;
            let first = store.insert_events(&[event("urn:uuid:1", "lot/a"), event("urn:uuid:2", "lot/b")])?;
            assert_eq!(first.stored.len(), 2);
            let again = store.insert_events(&[event("urn:uuid:2", "lot/b"), event("urn:uuid:3", "lot/a")])?;
            assert_eq!(again.duplicates, vec!["urn:uuid:2".to_string()]);
            assert_eq!(again.stored, vec!["urn:uuid:3".to_string()]);
        }
        let store = SqliteStore::open(&path)?;
        assert_eq!(store.event_count()?, 3);
        assert_eq!(store.events_for_lots(&["lot/a".into()])?.len(), 2);
        assert_eq!(store.events_for_lots(&["lot/a".into(), "lot/b".into()])?.len(), 3);
        Ok(())
    }
}
