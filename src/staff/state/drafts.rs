//! Form drafts: one per form kind, saved to IndexedDB on every change, so a form
//! survives a reload, a crash, a closed tab and a dead battery.

use super::db::{self, DRAFTS};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A lot on a form: its code (as typed or scanned), kilograms, and for new lots the
/// product kind its identifier was made for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LotRow {
    pub code: String,
    pub kg: String,
    pub product: String,
}

/// Everything typed into one form, as typed (validated when shown and on submit).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The form kind (`FormKind::key`), also the draft's key.
    pub form: String,
    /// `<input type=datetime-local>` value, local time of this device.
    pub time: String,
    /// Where: GLN, SGLN or Digital Link; the business's GLN by default.
    pub location: String,
    /// The other party: supplier (receive) or recipient (ship), a GLN.
    pub party: String,
    pub inputs: Vec<LotRow>,
    pub outputs: Vec<LotRow>,
    /// Dictionary field key → text.
    pub fields: BTreeMap<String, String>,
    /// Temperatures in °C, comma separated.
    pub temperatures: String,
    /// The rejected outbox entry this draft corrects, if any.
    pub replaces: Option<String>,
    pub updated_ms: f64,
}

thread_local! {
    /// How long the latest saves took (ms, until committed), for the speed benchmark.
    static TIMINGS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

pub async fn save(draft: &Draft) -> Result<(), db::DbError> {
    let start = now_ms();
    let mut d = draft.clone();
    d.updated_ms = js_sys::Date::now();
    let json = serde_json::to_string(&d).map_err(|_| db::DbError)?;
    let result = db::put(DRAFTS, &d.form, &json).await;
    let took = now_ms() - start;
    TIMINGS.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= 2000 {
            t.remove(0);
        }
        t.push(took);
    });
    result
}

pub async fn load(form: &str) -> Option<Draft> {
    let json = db::get(DRAFTS, form).await.ok()??;
    serde_json::from_str(&json).ok()
}

pub async fn discard(form: &str) -> Result<(), db::DbError> {
    db::delete(DRAFTS, form).await
}

/// Every saved draft (for the home screen's "continue" list).
pub async fn all() -> Vec<Draft> {
    db::all(DRAFTS)
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect()
}

/// Save durations recorded so far (ms).
pub fn timings() -> Vec<f64> {
    TIMINGS.with(|t| t.borrow().clone())
}
