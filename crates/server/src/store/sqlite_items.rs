//! [`ItemStore`] on SQLite (tables of migration 6 in `sqlite.rs`).

use super::items::{
    CheckCounts, CodeAlert, IssuedCode, IssuedSerial, ItemStore, PrintRun, StoredCodeKey,
};
use super::{NewEvent, SqliteStore, StoreError};
use lottrace_core::authenticity::{CheckBucket, CheckPlace};
use rusqlite::{params, OptionalExtension};

fn place_column(place: &CheckPlace) -> &str {
    match place {
        CheckPlace::Anywhere => "",
        CheckPlace::Store(gln) => gln,
    }
}

fn place_of(column: String) -> CheckPlace {
    if column.is_empty() {
        CheckPlace::Anywhere
    } else {
        CheckPlace::Store(column)
    }
}

fn print_run(r: &rusqlite::Row<'_>) -> rusqlite::Result<PrintRun> {
    Ok(PrintRun {
        id: r.get(0)?,
        business_id: r.get(1)?,
        gtin: r.get(2)?,
        lot: r.get(3)?,
        count: r.get(4)?,
        created_at: r.get(5)?,
        event_id: r.get(6)?,
    })
}

const RUN_COLUMNS: &str = "id, business_id, gtin, lot, count, created_at, event_id";

impl ItemStore for SqliteStore {
    fn code_keys(&self) -> Result<Vec<StoredCodeKey>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT kid, business_id, public_key, kdf_salt, nonce, sealed, created_at, revoked_at
             FROM code_keys ORDER BY created_at, kid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredCodeKey {
                kid: r.get(0)?,
                business_id: r.get(1)?,
                public_key: r.get(2)?,
                kdf_salt: r.get(3)?,
                nonce: r.get(4)?,
                sealed: r.get(5)?,
                created_at: r.get(6)?,
                revoked_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_code_key(&self, business_id: &str, at: &str) -> Result<Option<String>, StoreError> {
        let conn = self.conn()?;
        let kid = conn
            .query_row(
                "UPDATE code_keys SET revoked_at = ?2
                 WHERE business_id = ?1 AND revoked_at IS NULL RETURNING kid",
                params![business_id, at],
                |r| r.get(0),
            )
            .optional()?;
        Ok(kid)
    }

    fn add_code_key(&self, key: &StoredCodeKey) -> Result<(), StoreError> {
        let conn = self.conn()?;
        let result = conn.execute(
            "INSERT INTO code_keys (kid, business_id, public_key, kdf_salt, nonce, sealed, created_at, revoked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                key.kid,
                key.business_id,
                key.public_key,
                key.kdf_salt,
                key.nonce,
                key.sealed,
                key.created_at,
                key.revoked_at
            ],
        );
        match result {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StoreError::Conflict(format!(
                    "business {} already has an active code key",
                    key.business_id
                )))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn add_print_run(
        &self,
        run: &PrintRun,
        codes: &[IssuedCode],
        event: &NewEvent,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        super::sqlite::insert_in(&tx, std::slice::from_ref(event))?;
        tx.execute(
            &format!("INSERT INTO print_runs ({RUN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
            params![
                run.id,
                run.business_id,
                run.gtin,
                run.lot,
                run.count,
                run.created_at,
                run.event_id
            ],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO serials (gtin, serial, run_id, position, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?;
            for (i, code) in codes.iter().enumerate() {
                if insert.execute(params![
                    run.gtin,
                    code.serial,
                    run.id,
                    i as i64,
                    code.signature
                ])? == 0
                {
                    // Dropping the transaction stores nothing of the run.
                    return Err(StoreError::Conflict(format!(
                        "serial {} of GTIN {} was issued before",
                        code.serial, run.gtin
                    )));
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn print_run(&self, id: &str) -> Result<Option<PrintRun>, StoreError> {
        let conn = self.reader()?;
        Ok(conn
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM print_runs WHERE id = ?1"),
                [id],
                print_run,
            )
            .optional()?)
    }

    fn print_runs(&self, business_id: &str) -> Result<Vec<PrintRun>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM print_runs WHERE business_id = ?1
             ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt.query_map([business_id], print_run)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn print_run_codes(
        &self,
        id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<IssuedCode>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT serial, signature FROM serials WHERE run_id = ?1 AND position >= ?2
             ORDER BY position LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![id, offset, limit], |r| {
            Ok(IssuedCode {
                serial: r.get(0)?,
                signature: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn issued_serial(&self, gtin: &str, serial: &str) -> Result<Option<IssuedSerial>, StoreError> {
        let conn = self.reader()?;
        Ok(conn
            .query_row(
                "SELECT s.run_id, r.business_id, r.lot FROM serials s
                 JOIN print_runs r ON r.id = s.run_id WHERE s.gtin = ?1 AND s.serial = ?2",
                [gtin, serial],
                |r| {
                    Ok(IssuedSerial {
                        run_id: r.get(0)?,
                        business_id: r.get(1)?,
                        lot: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn record_check(
        &self,
        gtin: &str,
        serial: &str,
        day: &str,
        place: &CheckPlace,
        now: &str,
        cap: u32,
    ) -> Result<CheckCounts, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        if cap > 0 {
            tx.execute(
            "INSERT INTO code_checks (gtin, serial, day, place, count) VALUES (?1, ?2, ?3, ?4, 1)
             ON CONFLICT (gtin, serial, day, place) DO UPDATE SET count = count + 1
             WHERE count < ?5",
            params![gtin, serial, day, place_column(place), cap],
        )?;
            tx.execute(
                "UPDATE serials SET first_checked = ?3
             WHERE gtin = ?1 AND serial = ?2 AND first_checked IS NULL",
                params![gtin, serial, now],
            )?;
        }
        let buckets = {
            let mut stmt = tx.prepare_cached(
                "SELECT day, place, count FROM code_checks WHERE gtin = ?1 AND serial = ?2
                 ORDER BY day, place",
            )?;
            let rows = stmt.query_map([gtin, serial], |r| {
                Ok(CheckBucket {
                    day: r.get(0)?,
                    place: place_of(r.get(1)?),
                    count: r.get(2)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let first_checked: Option<String> = tx
            .query_row(
                "SELECT first_checked FROM serials WHERE gtin = ?1 AND serial = ?2",
                [gtin, serial],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        tx.commit()?;
        Ok(CheckCounts {
            buckets,
            first_checked,
        })
    }

    fn add_code_alert(&self, alert: &CodeAlert) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO code_alerts (business_id, gtin, serial, lot, warning, place, raised_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                alert.business_id,
                alert.gtin,
                alert.serial,
                alert.lot,
                alert.warning,
                alert.place,
                alert.raised_at
            ],
        )?;
        Ok(())
    }

    fn code_alerts(&self, business_id: &str) -> Result<Vec<CodeAlert>, StoreError> {
        let conn = self.reader()?;
        let mut stmt = conn.prepare_cached(
            "SELECT business_id, gtin, serial, lot, warning, place, raised_at FROM code_alerts
             WHERE business_id = ?1 ORDER BY raised_at DESC, serial",
        )?;
        let rows = stmt.query_map([business_id], |r| {
            Ok(CodeAlert {
                business_id: r.get(0)?,
                gtin: r.get(1)?,
                serial: r.get(2)?,
                lot: r.get(3)?,
                warning: r.get(4)?,
                place: r.get(5)?,
                raised_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
