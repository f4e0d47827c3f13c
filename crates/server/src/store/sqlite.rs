//! SQLite in WAL mode: events stored as received, plus indexed columns per lot, EPC,
//! class, bizStep and time. One writer connection behind a mutex keeps writes serial,
//! which SQLite requires anyway, and each capture is one transaction; a few reader
//! connections serve queries and traces concurrently (WAL readers never block).

use super::{
    AccountStore, Business, BusinessStore, DisclosureStore, EventQuery, EventStore, InsertOutcome,
    NewEvent, Recall, RecallStore, StoreError, StoredEvent, User,
};
use lottrace_core::role::Role;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Schema versions in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    // 2: staff accounts, sessions, disclosure choices, recalls; epcClass index; errorDeclarations
    // stored as their own records (`<eventID>#declaration`) beside the event they correct.
    r#"
CREATE TABLE event_classes (
    seq       INTEGER NOT NULL REFERENCES events(seq),
    epc_class TEXT NOT NULL,
    PRIMARY KEY (seq, epc_class)
);
CREATE INDEX event_classes_class ON event_classes(epc_class);
INSERT OR IGNORE INTO event_classes (seq, epc_class)
    SELECT e.seq, json_extract(q.value, '$.epcClass')
    FROM events e, json_each(e.json) l, json_each(l.value) q
    WHERE l.key IN ('quantityList', 'inputQuantityList', 'outputQuantityList', 'childQuantityList')
      AND l.type = 'array' AND json_extract(q.value, '$.epcClass') IS NOT NULL;
UPDATE events SET event_id = event_id || '#declaration'
    WHERE json_extract(json, '$.errorDeclaration') IS NOT NULL AND event_id NOT LIKE '%#declaration';
UPDATE events SET json = json_set(json, '$.eventID', event_id)
    WHERE json_extract(json, '$.eventID') IS NULL AND event_id NOT LIKE '%#declaration';
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    business_id   TEXT NOT NULL REFERENCES businesses(id),
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE disclosure_choices (
    business_id TEXT NOT NULL REFERENCES businesses(id),
    field_key   TEXT NOT NULL,
    PRIMARY KEY (business_id, field_key)
);
CREATE TABLE recalls (
    id          TEXT PRIMARY KEY,
    lot_key     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    impact      TEXT NOT NULL,
    closed_at   TEXT
);
CREATE TABLE recall_lots (
    recall_id TEXT NOT NULL REFERENCES recalls(id),
    lot_key   TEXT NOT NULL,
    PRIMARY KEY (recall_id, lot_key)
);
CREATE INDEX recall_lots_key ON recall_lots(lot_key);
"#,
    // 3: a data generation for caches, bumped by triggers so writes by any process count.
    r#"
CREATE TABLE generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO generation (id, n) VALUES (1, 0);
CREATE TRIGGER generation_events AFTER INSERT ON events BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_businesses_i AFTER INSERT ON businesses BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_businesses_u AFTER UPDATE ON businesses BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_businesses_d AFTER DELETE ON businesses BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_choices_i AFTER INSERT ON disclosure_choices BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_choices_d AFTER DELETE ON disclosure_choices BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_recalls_i AFTER INSERT ON recalls BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_recalls_u AFTER UPDATE ON recalls BEGIN UPDATE generation SET n = n + 1; END;
"#,
    // 4: which business declared a recall (its admins may read it back).
    r#"
ALTER TABLE recalls ADD COLUMN declared_by_business TEXT;
"#,
    // 5: the tamper-evident log (store/sqlite_log.rs): leaves with their fields' salts,
    // the tree's stored hashes (Go tlog's index layout), the sealed signing key,
    // registered witnesses and their cosignatures. An edited event row bumps the
    // generation too, so no cached trace hides it.
    r#"
CREATE TABLE log_leaves (
    leaf_index INTEGER PRIMARY KEY,
    event_id   TEXT NOT NULL UNIQUE REFERENCES events(event_id),
    leaf       BLOB NOT NULL,
    salts      TEXT NOT NULL
);
CREATE TABLE log_hashes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE log_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    origin     TEXT NOT NULL,
    public_key BLOB NOT NULL,
    kdf_salt   BLOB NOT NULL,
    nonce      BLOB NOT NULL,
    sealed     BLOB NOT NULL
);
CREATE TABLE log_witnesses (name TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE log_cosignatures (
    witness   TEXT NOT NULL REFERENCES log_witnesses(name),
    tree_size INTEGER NOT NULL,
    root      BLOB NOT NULL,
    line      TEXT NOT NULL,
    PRIMARY KEY (witness, tree_size)
);
CREATE TRIGGER generation_events_u AFTER UPDATE ON events BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_cosignatures AFTER INSERT ON log_cosignatures BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER generation_cosignatures_u AFTER UPDATE ON log_cosignatures BEGIN UPDATE generation SET n = n + 1; END;
"#,
    // 6: item-level codes (store/sqlite_items.rs): businesses' sealed code keys, print
    // runs and their signed serials, scan checks counted per day and coarse place (no
    // address, no person), and the alerts raised for the issuing business.
    r#"
CREATE TABLE code_keys (
    kid         TEXT NOT NULL,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    public_key  BLOB NOT NULL UNIQUE,
    kdf_salt    BLOB NOT NULL,
    nonce       BLOB NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE UNIQUE INDEX code_keys_active ON code_keys(business_id) WHERE revoked_at IS NULL;
CREATE TABLE print_runs (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES businesses(id),
    gtin        TEXT NOT NULL,
    lot         TEXT NOT NULL,
    count       INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    event_id    TEXT NOT NULL REFERENCES events(event_id)
);
CREATE INDEX print_runs_business ON print_runs(business_id);
CREATE TABLE serials (
    gtin          TEXT NOT NULL,
    serial        TEXT NOT NULL,
    run_id        TEXT NOT NULL REFERENCES print_runs(id),
    position      INTEGER NOT NULL,
    signature     TEXT NOT NULL,
    first_checked TEXT,
    PRIMARY KEY (gtin, serial)
);
CREATE INDEX serials_run ON serials(run_id, position);
CREATE TABLE code_checks (
    gtin   TEXT NOT NULL,
    serial TEXT NOT NULL,
    day    TEXT NOT NULL,
    place  TEXT NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (gtin, serial, day, place)
);
CREATE TABLE code_alerts (
    business_id TEXT NOT NULL REFERENCES businesses(id),
    gtin        TEXT NOT NULL,
    serial      TEXT NOT NULL,
    lot         TEXT NOT NULL,
    warning     TEXT NOT NULL,
    place       TEXT NOT NULL,
    raised_at   TEXT NOT NULL,
    PRIMARY KEY (business_id, gtin, serial, warning)
);
"#,
];

/// Reader connections beside the writer.
const READERS: usize = 2;

pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: an acknowledged capture survives power loss, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = connect(path)?;
        migrate(&mut conn)?;
        let readers = (0..READERS)
            .map(|_| connect(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SqliteStore {
            writer: Mutex::new(conn),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    pub(super) fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.writer.lock().map_err(|_| StoreError::Poisoned)
    }

    /// A free reader connection if there is one, else wait for the next in turn.
    pub(super) fn reader(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        for r in &self.readers {
            if let Ok(guard) = r.try_lock() {
                return Ok(guard);
            }
        }
        let i = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len().max(1);
        match self.readers.get(i) {
            Some(r) => r.lock().map_err(|_| StoreError::Poisoned),
            None => self.conn(),
        }
    }
}

/// Stores events in `tx` (with their log leaves), all or nothing with whatever else the
/// transaction writes.
pub(super) fn insert_in(
    tx: &rusqlite::Transaction<'_>,
    events: &[NewEvent],
) -> Result<InsertOutcome, StoreError> {
    let mut outcome = InsertOutcome::default();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO events (event_id, event_type, event_time, biz_step, business_id, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(event_id) DO NOTHING",
        )?;
        let mut existing = tx.prepare_cached("SELECT json FROM events WHERE event_id = ?1")?;
        let mut lot = tx.prepare_cached(
            "INSERT OR IGNORE INTO event_lots (seq, lot_key, role) VALUES (?1, ?2, ?3)",
        )?;
        let mut epc =
            tx.prepare_cached("INSERT OR IGNORE INTO event_epcs (seq, epc) VALUES (?1, ?2)")?;
        let mut class = tx.prepare_cached(
            "INSERT OR IGNORE INTO event_classes (seq, epc_class) VALUES (?1, ?2)",
        )?;
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
                let stored: String = existing.query_row([&e.event_id], |r| r.get(0))?;
                if stored != e.json {
                    // Dropping the transaction rolls the whole document back.
                    return Err(StoreError::Conflict(format!(
                        "event {} is already stored with different content: events are immutable, \
                             correct it with an errorDeclaration and a new event",
                        e.event_id
                    )));
                }
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
            for c in &e.classes {
                class.execute(params![seq, c])?;
            }
            super::sqlite_log::append(tx, &crate::log::entry_for(&e.event_id, &e.json)?)?;
            outcome.stored.push(e.event_id.clone());
        }
    }
    Ok(outcome)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let done: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let done =
        usize::try_from(done).map_err(|_| StoreError::Corrupt("negative user_version".into()))?;
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

fn stored_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        seq: r.get(0)?,
        json: r.get(1)?,
        record_time: r.get(2)?,
        business_id: r.get(3)?,
    })
}

/// A role column: a spelling no [`Role`] has is a corrupt row, not a role.
fn role_column(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Role> {
    let name: String = r.get(i)?;
    name.parse::<Role>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn map_business(r: &rusqlite::Row<'_>) -> rusqlite::Result<Business> {
    Ok(Business {
        id: r.get(0)?,
        name: r.get(1)?,
        gln: r.get(2)?,
        role: role_column(r, 3)?,
        gs1_prefix: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        address: r.get(7)?,
    })
}

fn map_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        business_id: r.get(2)?,
        role: role_column(r, 3)?,
        password_hash: r.get(4)?,
    })
}

fn map_recall(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Recall, String)> {
    Ok((
        Recall {
            id: r.get(0)?,
            lot_key: r.get(1)?,
            reason: r.get(2)?,
            declared_at: r.get(3)?,
            declared_by: r.get(4)?,
            declared_by_business: r.get(6)?,
            impact: serde_json::Value::Null,
        },
        r.get::<_, String>(5)?,
    ))
}

fn with_impact((mut recall, impact): (Recall, String)) -> Result<Recall, StoreError> {
    recall.impact = serde_json::from_str(&impact)
        .map_err(|e| StoreError::Corrupt(format!("recall {}: {e}", recall.id)))?;
    Ok(recall)
}

/// `column` equal to any of the values (`*` suffix: prefix match), the values passed as
/// two JSON arrays, so the statement stays the same size however long the list is.
fn any_of(column: &str, values: &[String], params: &mut Vec<SqlValue>) -> String {
    let (prefixes, exact): (Vec<&str>, Vec<&str>) = values
        .iter()
        .map(String::as_str)
        .partition(|v| v.ends_with('*'));
    let prefixes: Vec<&str> = prefixes
        .iter()
        .map(|v| v.strip_suffix('*').unwrap_or(v))
        .collect();
    params.push(SqlValue::Text(json_list(&exact)));
    let e = params.len();
    params.push(SqlValue::Text(json_list(&prefixes)));
    let p = params.len();
    format!(
        "({column} IN (SELECT value FROM json_each(?{e})) \
         OR EXISTS (SELECT 1 FROM json_each(?{p}) p WHERE substr({column}, 1, length(p.value)) = p.value))"
    )
}

/// A JSON array of strings (serialising strings cannot fail).
fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

impl EventStore for SqliteStore {
    fn insert_events(&self, events: &[NewEvent]) -> Result<InsertOutcome, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let outcome = insert_in(&tx, events)?;
        tx.commit()?;
        Ok(outcome)
    }

    fn events_for_lots(&self, lot_keys: &[String]) -> Result<Vec<(i64, String)>, StoreError> {
        // One query per call, the keys passed as a JSON array.
        let keys =
            serde_json::to_string(lot_keys).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.seq, e.json FROM events e WHERE e.seq IN
               (SELECT l.seq FROM event_lots l WHERE l.lot_key IN (SELECT value FROM json_each(?1)))
             ORDER BY e.seq",
        )?;
        let rows = stmt.query_map([keys], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }

    fn event_count(&self) -> Result<u64, StoreError> {
        let conn = self.reader()?;
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn generation(&self) -> Result<i64, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached("SELECT n FROM generation WHERE id = 1")?;
        Ok(stmt.query_row([], |r| r.get(0))?)
    }

    fn sensor_events_at(
        &self,
        locations: &[String],
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let ids =
            serde_json::to_string(locations).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let conn = self.reader()?;
        // No index on the locations: counters report a few readings an hour, and this
        // scans only events that carry sensor data.
        let mut stmt = conn.prepare_cached(
            "SELECT json FROM events
             WHERE json_extract(json, '$.sensorElementList') IS NOT NULL
               AND (json_extract(json, '$.readPoint.id') IN (SELECT value FROM json_each(?1))
                 OR json_extract(json, '$.bizLocation.id') IN (SELECT value FROM json_each(?1)))
             ORDER BY event_time DESC, seq DESC
             LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![ids, limit], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }

    fn event_owners(
        &self,
        event_ids: &[String],
    ) -> Result<BTreeMap<String, Option<String>>, StoreError> {
        let ids =
            serde_json::to_string(event_ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT event_id, business_id FROM events
             WHERE event_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([ids], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        rows.collect::<Result<BTreeMap<_, _>, _>>()
            .map_err(StoreError::from)
    }

    fn query_events(&self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let mut params: Vec<SqlValue> = Vec::new();
        let mut wheres: Vec<String> = Vec::new();
        if !q.any_epc.is_empty() {
            let cond = any_of("epc", &q.any_epc, &mut params);
            wheres.push(format!(
                "e.seq IN (SELECT seq FROM event_epcs WHERE {cond})"
            ));
        }
        if !q.epc_class.is_empty() {
            let cond = any_of("epc_class", &q.epc_class, &mut params);
            wheres.push(format!(
                "e.seq IN (SELECT seq FROM event_classes WHERE {cond})"
            ));
        }
        if !q.biz_step.is_empty() {
            wheres.push(any_of("e.biz_step", &q.biz_step, &mut params));
        }
        if !q.event_id.is_empty() {
            let ids: Vec<String> = q
                .event_id
                .iter()
                .flat_map(|id| [id.clone(), format!("{id}#declaration")])
                .collect();
            wheres.push(any_of("e.event_id", &ids, &mut params));
        }
        if let Some(t) = &q.ge_event_time {
            params.push(SqlValue::Text(t.clone()));
            wheres.push(format!("e.event_time >= ?{}", params.len()));
        }
        if let Some(t) = &q.lt_event_time {
            params.push(SqlValue::Text(t.clone()));
            wheres.push(format!("e.event_time < ?{}", params.len()));
        }
        if let Some(after) = q.after_seq {
            params.push(SqlValue::Integer(after));
            wheres.push(format!("e.seq > ?{}", params.len()));
        }
        if let Some(business) = &q.visible_to {
            params.push(SqlValue::Text(business.clone()));
            let b = params.len();
            wheres.push(format!(
                "(e.business_id = ?{b} OR e.seq IN (SELECT l.seq FROM event_lots l WHERE l.lot_key IN \
                   (SELECT o.lot_key FROM event_lots o JOIN events mine ON mine.seq = o.seq \
                    WHERE mine.business_id = ?{b})))"
            ));
        }
        params.push(SqlValue::Integer(
            i64::try_from(q.limit).unwrap_or(i64::MAX),
        ));
        let sql = format!(
            "SELECT e.seq, e.json, e.record_time, e.business_id FROM events e {} ORDER BY e.seq LIMIT ?{}",
            if wheres.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", wheres.join(" AND "))
            },
            params.len()
        );
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), stored_event)?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }
}

impl BusinessStore for SqliteStore {
    fn upsert_business(&self, b: &Business) -> Result<(), StoreError> {
        let conn = self.conn()?;
        let taken: Option<String> = conn
            .query_row(
                "SELECT id FROM businesses WHERE gln = ?1 AND id <> ?2",
                params![b.gln, b.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            return Err(StoreError::Conflict(format!(
                "GLN {} already belongs to business {other}",
                b.gln
            )));
        }
        conn.execute(
            "INSERT INTO businesses (id, name, gln, role, gs1_prefix, phone, email, address)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, gln = excluded.gln,
               role = excluded.role, gs1_prefix = excluded.gs1_prefix, phone = excluded.phone,
               email = excluded.email, address = excluded.address",
            params![
                b.id,
                b.name,
                b.gln,
                b.role.as_str(),
                b.gs1_prefix,
                b.phone,
                b.email,
                b.address
            ],
        )?;
        Ok(())
    }

    fn businesses(&self) -> Result<Vec<Business>, StoreError> {
        let conn = self.reader()?;
        let mut stmt =
            conn.prepare_cached("SELECT id, name, gln, role, gs1_prefix, phone, email, address FROM businesses ORDER BY id")?;
        let rows = stmt.query_map([], map_business)?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(StoreError::from)
    }

    fn business(&self, id: &str) -> Result<Option<Business>, StoreError> {
        let conn = self.reader()?;
        let mut stmt =
            conn.prepare_cached("SELECT id, name, gln, role, gs1_prefix, phone, email, address FROM businesses WHERE id = ?1")?;
        Ok(stmt.query_row([id], map_business).optional()?)
    }
}

impl AccountStore for SqliteStore {
    fn add_user(
        &self,
        username: &str,
        business_id: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError> {
        let conn = self.conn()?;
        let known: Option<String> = conn
            .query_row(
                "SELECT id FROM businesses WHERE id = ?1",
                [business_id],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_none() {
            return Err(StoreError::Missing(format!(
                "no business {business_id:?}: add it first with `business add`"
            )));
        }
        let taken: Option<i64> = conn
            .query_row(
                "SELECT id FROM users WHERE username = ?1",
                [username],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "username {username:?} is taken"
            )));
        }
        conn.execute(
            "INSERT INTO users (username, business_id, role, password_hash) VALUES (?1, ?2, ?3, ?4)",
            params![username, business_id, role.as_str(), password_hash],
        )?;
        Ok(conn.last_insert_rowid())
    }

    fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, username, business_id, role, password_hash FROM users WHERE username = ?1",
        )?;
        Ok(stmt.query_row([username], map_user).optional()?)
    }

    fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, user_id, expires_at],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.username, u.business_id, u.role, u.password_hash, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
        )?;
        Ok(stmt
            .query_row([token_hash], |r| Ok((map_user(r)?, r.get::<_, String>(5)?)))
            .optional()?)
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    fn purge_sessions(&self, now: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute("DELETE FROM sessions WHERE expires_at < ?1", [now])?;
        Ok(())
    }
}

impl DisclosureStore for SqliteStore {
    fn disclosure_choices(&self) -> Result<BTreeMap<String, BTreeSet<String>>, StoreError> {
        let conn = self.reader()?;
        let mut stmt =
            conn.prepare_cached("SELECT business_id, field_key FROM disclosure_choices")?;
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (b, k) = row?;
            out.entry(b).or_default().insert(k);
        }
        Ok(out)
    }

    fn set_disclosure(
        &self,
        business_id: &str,
        fields: &BTreeSet<String>,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM disclosure_choices WHERE business_id = ?1",
            [business_id],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO disclosure_choices (business_id, field_key) VALUES (?1, ?2)",
            )?;
            for f in fields {
                insert.execute(params![business_id, f])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl RecallStore for SqliteStore {
    fn add_recall(&self, r: &Recall, affected_lots: &[String]) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO recalls (id, lot_key, reason, declared_at, declared_by, impact, declared_by_business)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                r.id,
                r.lot_key,
                r.reason,
                r.declared_at,
                r.declared_by,
                r.impact.to_string(),
                r.declared_by_business
            ],
        )?;
        {
            let mut lot = tx.prepare_cached(
                "INSERT OR IGNORE INTO recall_lots (recall_id, lot_key) VALUES (?1, ?2)",
            )?;
            for key in affected_lots {
                lot.execute(params![r.id, key])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn recall(&self, id: &str) -> Result<Option<Recall>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, lot_key, reason, declared_at, declared_by, impact, declared_by_business
             FROM recalls WHERE id = ?1",
        )?;
        stmt.query_row([id], map_recall)
            .optional()?
            .map(with_impact)
            .transpose()
    }

    fn open_recalls(&self) -> Result<Vec<Recall>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, lot_key, reason, declared_at, declared_by, '{}', declared_by_business FROM recalls
             WHERE closed_at IS NULL ORDER BY declared_at, id",
        )?;
        let rows = stmt.query_map([], map_recall)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(with_impact))
            .collect()
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
            classes: vec![],
        }
    }

    #[test]
    fn insert_is_idempotent_and_survives_reopen() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let path = dir.path().join("t.db");
        {
            let store = SqliteStore::open(&path)?;
            let first = store
                .insert_events(&[event("urn:uuid:1", "lot/a"), event("urn:uuid:2", "lot/b")])?;
            assert_eq!(first.stored.len(), 2);
            let again = store
                .insert_events(&[event("urn:uuid:2", "lot/b"), event("urn:uuid:3", "lot/a")])?;
            assert_eq!(again.duplicates, vec!["urn:uuid:2".to_string()]);
            assert_eq!(again.stored, vec!["urn:uuid:3".to_string()]);
        }
        let store = SqliteStore::open(&path)?;
        assert_eq!(store.event_count()?, 3);
        assert_eq!(store.events_for_lots(&["lot/a".into()])?.len(), 2);
        assert_eq!(
            store
                .events_for_lots(&["lot/a".into(), "lot/b".into()])?
                .len(),
            3
        );
        Ok(())
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn same_id_with_other_content_rolls_the_whole_document_back() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let store = SqliteStore::open(&dir.path().join("t.db"))?;
        let mk = |id: &str, json: &str| NewEvent {
            event_id: id.into(),
            event_type: "ObjectEvent".into(),
            event_time_utc: "2026-09-15T01:00:00.000Z".into(),
            biz_step: None,
            business_id: None,
            json: json.into(),
            lots: vec![],
            epcs: vec![],
            classes: vec!["urn:epc:class:lgtin:8801234.000020.A".into()],
        };
        store.insert_events(&[mk("a", "{}")])?;
        let err = store.insert_events(&[mk("b", "{}"), mk("a", "{\"x\":1}")]);
        assert!(matches!(err, Err(StoreError::Conflict(_))), "{err:?}");
        assert_eq!(store.event_count()?, 1, "b must not be stored");
        let q = EventQuery {
            epc_class: vec!["urn:epc:class:lgtin:8801234.*".into()],
            limit: 10,
            ..EventQuery::default()
        };
        assert_eq!(store.query_events(&q)?.len(), 1);
        Ok(())
    }

    #[test]
    fn migration_two_upgrades_a_version_one_database() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let path = dir.path().join("v1.db");
        {
            let mut conn = connect(&path)?;
            let tx = conn.transaction()?;
            tx.execute_batch(MIGRATIONS[0])?;
            tx.pragma_update(None, "user_version", 1)?;
            tx.execute(
                "INSERT INTO events (event_id, event_type, event_time, json) VALUES ('ni:///x', 'ObjectEvent', 't',
                 '{\"quantityList\":[{\"epcClass\":\"urn:c:1\"}]}')",
                [],
            )?;
            tx.execute(
                "INSERT INTO events (event_id, event_type, event_time, json) VALUES ('urn:uuid:d', 'ObjectEvent', 't',
                 '{\"eventID\":\"urn:uuid:d\",\"errorDeclaration\":{}}')",
                [],
            )?;
            tx.commit()?;
        }
        let store = SqliteStore::open(&path)?;
        let all = store.query_events(&EventQuery {
            limit: 10,
            ..EventQuery::default()
        })?;
        assert_eq!(all.len(), 2);
        assert!(
            all[0].json.contains("\"eventID\":\"ni:///x\""),
            "{}",
            all[0].json
        );
        let by_class = store.query_events(&EventQuery {
            epc_class: vec!["urn:c:1".into()],
            limit: 10,
            ..EventQuery::default()
        })?;
        assert_eq!(by_class.len(), 1);
        let decl = store.query_events(&EventQuery {
            event_id: vec!["urn:uuid:d".into()],
            limit: 10,
            ..EventQuery::default()
        })?;
        assert_eq!(decl.len(), 1);
        let conn = store.conn()?;
        let key: String = conn.query_row("SELECT event_id FROM events WHERE seq = 2", [], |r| {
            r.get(0)
        })?;
        assert_eq!(key, "urn:uuid:d#declaration");
        Ok(())
    }
}
