//! Storage of item-level codes: each business's sealed code key, print runs with their
//! signed serials, scan checks counted per day and coarse place, and the alerts a
//! suspicious check raises for the issuing business.

use super::{NewEvent, StoreError};
use lottrace_core::authenticity::{CheckBucket, CheckPlace};
use serde::Serialize;

/// A business's Ed25519 code key: public half in the clear, seed sealed like the log's.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCodeKey {
    pub kid: String,
    pub business_id: String,
    pub public_key: Vec<u8>,
    pub kdf_salt: Vec<u8>,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// One print run (without its codes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrintRun {
    pub id: String,
    pub business_id: String,
    pub gtin: String,
    pub lot: String,
    pub count: u32,
    pub created_at: String,
    /// The commissioning event that records the serials as issued.
    pub event_id: String,
}

/// One issued code: its serial and AI 8030 signature, in the run's order.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedCode {
    pub serial: String,
    pub signature: String,
}

/// What the store knows of an issued serial.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedSerial {
    pub run_id: String,
    pub business_id: String,
    pub lot: String,
}

/// A suspicious check, kept for the issuing business's staff (once per serial and kind).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeAlert {
    #[serde(skip)]
    pub business_id: String,
    pub gtin: String,
    pub serial: String,
    pub lot: String,
    /// A [`lottrace_core::authenticity::CheckWarning`] code.
    pub warning: String,
    /// The store GLN of the check that raised it, or empty (a phone).
    pub place: String,
    pub raised_at: String,
}

/// The counts of a serial after one check: every bucket, and the first check's time.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckCounts {
    pub buckets: Vec<CheckBucket>,
    pub first_checked: Option<String>,
}

pub trait ItemStore: Send + Sync {
    /// Every code key, revoked ones included (the key set lists them as revoked).
    fn code_keys(&self) -> Result<Vec<StoredCodeKey>, StoreError>;
    /// Stores a business's new key; a business that already has an active key is a
    /// conflict (another process made it first).
    fn add_code_key(&self, key: &StoredCodeKey) -> Result<(), StoreError>;
    /// Revokes the business's active key from `at` (RFC 3339): its signatures are
    /// invalid from then on and its next print run makes a new key. The revoked key's
    /// ID, or `None` when the business had no active key.
    fn revoke_code_key(&self, business_id: &str, at: &str) -> Result<Option<String>, StoreError>;
    /// Stores the run, its codes and its commissioning event in one transaction; a
    /// serial already issued for the GTIN is a conflict and stores nothing.
    fn add_print_run(
        &self,
        run: &PrintRun,
        codes: &[IssuedCode],
        event: &NewEvent,
    ) -> Result<(), StoreError>;
    fn print_run(&self, id: &str) -> Result<Option<PrintRun>, StoreError>;
    /// A business's runs, newest first.
    fn print_runs(&self, business_id: &str) -> Result<Vec<PrintRun>, StoreError>;
    /// `limit` codes of a run from `offset`, in the run's order.
    fn print_run_codes(
        &self,
        id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<IssuedCode>, StoreError>;
    fn issued_serial(&self, gtin: &str, serial: &str) -> Result<Option<IssuedSerial>, StoreError>;
    /// Counts one check of a serial (issued or not) on `day` at `place` if its bucket
    /// has counted fewer than `cap`; keeps the first check's time (`now`). A `cap` of 0
    /// counts nothing: the counts as they are.
    fn record_check(
        &self,
        gtin: &str,
        serial: &str,
        day: &str,
        place: &CheckPlace,
        now: &str,
        cap: u32,
    ) -> Result<CheckCounts, StoreError>;
    /// Keeps an alert unless the same kind was raised for the serial before.
    fn add_code_alert(&self, alert: &CodeAlert) -> Result<(), StoreError>;
    /// A business's alerts, newest first.
    fn code_alerts(&self, business_id: &str) -> Result<Vec<CodeAlert>, StoreError>;
}
