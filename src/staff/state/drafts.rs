//! Form drafts: one per form kind, saved to IndexedDB on every change, so a form
//! survives a reload, a crash, a closed tab and a dead battery. A draft is filled in one
//! tab at a time: the tab showing the form holds its claim ([`claim`]), and another tab
//! opening the same form waits until the first lets it go.

use super::db::{self, DRAFTS};
use super::lock::{self, Held, Lock};
use serde::{Deserialize, Serialize};
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

/// The User Timing name of each draft save (until committed), for the speed benchmark:
/// `performance.getEntriesByName("lottrace:draft-save")`.
const SAVE_MEASURE: &str = "lottrace:draft-save";
const SAVE_MARK: &str = "lottrace:draft-save:start";

pub async fn save(draft: &Draft) -> Result<(), db::DbError> {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        let _ = p.mark(SAVE_MARK);
    }
    let mut d = draft.clone();
    d.updated_ms = js_sys::Date::now();
    let json = serde_json::to_string(&d).map_err(|_| db::DbError)?;
    let result = db::put(DRAFTS, &d.form, &json).await;
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(SAVE_MEASURE, SAVE_MARK);
        // Only the measures are read; the marks would pile up over a day of typing.
        p.clear_marks_with_mark_name(SAVE_MARK);
    }
    result
}

/// Whether this tab may fill in a form's draft.
#[derive(Debug)]
pub enum Claim {
    /// This tab has it (`None`: the browser has no Web Locks, so tabs cannot tell each
    /// other; every tab has it, as before claims existed).
    Mine(Option<Held>),
    /// Another tab shows the form now.
    Elsewhere,
}

/// Claims `form`'s draft for this tab, at once, or waiting (`wait`) until the tab that
/// has it lets it go. The claim lasts until the [`Held`] is dropped, or the tab closes.
pub async fn claim(form: &str, wait: bool) -> Claim {
    match lock::request(&format!("lottrace-draft:{form}"), !wait).await {
        Lock::Held(held) => Claim::Mine(Some(held)),
        Lock::Taken => Claim::Elsewhere,
        Lock::Unsupported => Claim::Mine(None),
    }
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
