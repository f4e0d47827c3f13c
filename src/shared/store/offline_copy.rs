//! The last successfully loaded trace of each lot, kept in IndexedDB so a shopper who
//! loses signal in the store's cold room still sees what they saw before, clearly marked
//! as a saved copy with its date.
//!
//! Stored through the app's one IndexedDB wrapper (`idb.rs`), in a database of its own.
//!
//! Records are keyed by `"{lot key}|{lang}"` and, when the page was opened by another
//! code form (a 13-digit number, an element string), also by `"{code}|{lang}"`; the value
//! is the JSON of [`SavedCopy`] (the server's answer, wrapped with the fetch time). Every
//! failure here is silent: the copy is a convenience.
//!
//! The few most recent copies are also kept in `localStorage` (`recent`): it answers
//! synchronously, while opening IndexedDB takes half a second on a slow phone — so a lot
//! seen before is on screen at once, painted by index.html's early script before the
//! WASM has started and by the trace page on its first render.

use super::idb::Database;
use crate::shared::i18n::Lang;
use lottrace_core::trace::TraceView;
use serde::Deserialize;

const STORE: &str = "copies";
/// Its own database, so the staff side's stores can version theirs independently.
static TRACE: Database = Database {
    name: "lottrace-trace",
    version: 1,
    stores: &[STORE],
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavedCopy {
    /// When the copy was fetched, milliseconds since the Unix epoch (`Date.now()`).
    pub fetched_at_ms: f64,
    pub view: TraceView,
}

/// `localStorage` keys: `lottrace-recent:{record key}` per copy, and the list of them,
/// newest first (index.html's early script reads the same keys).
const RECENT_PREFIX: &str = "lottrace-recent:";
const RECENT_LIST: &str = "lottrace-recent";
/// A trace is tens of kB: a handful stays far below the storage quota.
const RECENT_MAX: usize = 6;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The copy of `code` in `lang` among the most recent ones, read synchronously.
pub fn recent(code: &str, lang: Lang) -> Option<SavedCopy> {
    let json = local_storage()?
        .get_item(&format!("{RECENT_PREFIX}{}", record_key(code, lang)))
        .ok()??;
    serde_json::from_str(&json).ok()
}

fn keep_recent(keys: &[String], record: &str) {
    let Some(storage) = local_storage() else {
        return;
    };
    let mut list: Vec<String> = storage
        .get_item(RECENT_LIST)
        .ok()
        .flatten()
        .map(|l| l.split('\n').map(str::to_owned).collect())
        .unwrap_or_default();
    for key in keys {
        list.retain(|k| k != key);
        list.insert(0, key.clone());
        // A full quota only costs the instant paint; the IndexedDB copy is still there.
        let _ = storage.set_item(&format!("{RECENT_PREFIX}{key}"), record);
    }
    for old in list.drain(RECENT_MAX.min(list.len())..) {
        let _ = storage.remove_item(&format!("{RECENT_PREFIX}{old}"));
    }
    let _ = storage.set_item(RECENT_LIST, &list.join("\n"));
}

fn record_key(code: &str, lang: Lang) -> String {
    format!("{code}|{}", lang.code())
}

/// Keeps a trace as the latest copy of its lot (and of `code`, the form it was opened
/// by). `json` is the server's answer as received, so the copy is written without the
/// app serialising anything.
pub async fn save(code: &str, lot_key: &str, lang: Lang, json: &str) {
    let record = format!(
        "{{\"fetched_at_ms\":{},\"view\":{json}}}",
        js_sys::Date::now().round()
    );
    let mut keys = vec![record_key(lot_key, lang)];
    if code != lot_key {
        keys.push(record_key(code, lang));
    }
    keep_recent(&keys, &record);
    let pairs: Vec<(String, String)> = keys.into_iter().map(|k| (k, record.clone())).collect();
    let _ = TRACE.put_many(STORE, &pairs).await;
}

/// The saved copy of `code`: in `lang` if there is one, else in another language (the
/// history is the same; only its labels differ), newest first.
pub async fn load(code: &str, lang: Lang) -> Option<SavedCopy> {
    let mut best: Option<SavedCopy> = None;
    let order = std::iter::once(lang).chain(Lang::ALL.into_iter().filter(move |l| *l != lang));
    for l in order {
        let found = TRACE
            .get(STORE, &record_key(code, l))
            .await
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<SavedCopy>(&json).ok());
        if let Some(copy) = found {
            if l == lang {
                best = Some(copy);
                break;
            }
            if best
                .as_ref()
                .is_none_or(|b| b.fetched_at_ms < copy.fetched_at_ms)
            {
                best = Some(copy);
            }
        }
    }
    best
}
