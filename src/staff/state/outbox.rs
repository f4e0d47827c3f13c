//! The outbox: every submitted form as complete EPCIS events with stable eventIDs,
//! kept in IndexedDB until the server has acknowledged them (and afterwards, as the
//! device's history of sent records).
//!
//! Records are keyed `{created ms, 15 digits}|{eventID}`, so reading the store returns
//! them in the order they were recorded. Other tabs hear of every change through a
//! `BroadcastChannel` and re-read the store.

use super::db::{self, OUTBOX};
use super::drafts::Draft;
use super::session::ctx;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting to be sent.
    Pending,
    /// In a request whose answer has not come yet (read as pending after a crash).
    Sending,
    /// The server acknowledged it (stored now or before).
    Sent,
    /// The server refused it; `reason` says why. Never retried: a person edits or
    /// discards it.
    Rejected,
}

impl Status {
    pub fn unsent(self) -> bool {
        self != Status::Sent
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub key: String,
    /// The event's eventID (`urn:uuid:…`).
    pub id: String,
    pub created_ms: f64,
    /// The business that recorded it (only that business's session sends it).
    pub business: String,
    /// The form kind it came from.
    pub form: String,
    /// New lots it made (lot keys), and lots it handled or used.
    pub lots: Vec<String>,
    pub inputs: Vec<String>,
    /// Total kilograms, for the lists.
    pub kg: f64,
    pub event: serde_json::Value,
    pub status: Status,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub sent_ms: Option<f64>,
    /// The form as filled in, so a rejected event can be corrected.
    #[serde(default)]
    pub draft: Option<Draft>,
}

/// What the screens show of an entry (no event body).
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub key: String,
    pub id: String,
    pub created_ms: f64,
    pub business: String,
    pub form: String,
    pub lots: Vec<String>,
    pub inputs: Vec<String>,
    pub kg: f64,
    pub status: Status,
    pub reason: Option<String>,
    pub sent_ms: Option<f64>,
}

impl From<&Entry> for Brief {
    fn from(e: &Entry) -> Self {
        Brief {
            key: e.key.clone(),
            id: e.id.clone(),
            created_ms: e.created_ms,
            business: e.business.clone(),
            form: e.form.clone(),
            lots: e.lots.clone(),
            inputs: e.inputs.clone(),
            kg: e.kg,
            status: e.status,
            reason: e.reason.clone(),
            sent_ms: e.sent_ms,
        }
    }
}

pub fn entry_key(created_ms: f64, id: &str) -> String {
    format!("{:015}|{id}", created_ms.max(0.0) as u64)
}

/// A new event ID: `urn:uuid:` + a random (v4) UUID.
pub fn new_event_id() -> String {
    let crypto = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"crypto".into()).ok());
    if let Some(crypto) = crypto.filter(|c| !c.is_undefined()) {
        // randomUUID needs a secure context; getRandomValues does not.
        if let Ok(f) = js_sys::Reflect::get(&crypto, &"randomUUID".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if let Some(s) = f.call0(&crypto).ok().and_then(|v| v.as_string()) {
                    return format!("urn:uuid:{s}");
                }
            }
        }
        let bytes = js_sys::Uint8Array::new_with_length(16);
        if let Ok(f) = js_sys::Reflect::get(&crypto, &"getRandomValues".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if f.call1(&crypto, &bytes).is_ok() {
                    return format!("urn:uuid:{}", uuid_v4(&bytes.to_vec()));
                }
            }
        }
    }
    // No Web Crypto at all: Math.random is still unique enough to never collide here.
    let b: Vec<u8> = (0..16)
        .map(|_| (js_sys::Math::random() * 256.0) as u8)
        .collect();
    format!("urn:uuid:{}", uuid_v4(&b))
}

fn uuid_v4(b: &[u8]) -> String {
    let mut b: Vec<u8> = b
        .iter()
        .copied()
        .chain(std::iter::repeat(0))
        .take(16)
        .collect();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub async fn load_all() -> Result<Vec<Entry>, db::DbError> {
    Ok(db::all(OUTBOX)
        .await?
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect())
}

/// Writes entries (new or changed) in one transaction, then updates the screens.
pub async fn store(entries: &[Entry]) -> Result<(), db::DbError> {
    let pairs: Vec<(String, String)> = entries
        .iter()
        .filter_map(|e| Some((e.key.clone(), serde_json::to_string(e).ok()?)))
        .collect();
    db::put_many(OUTBOX, &pairs).await?;
    merge_briefs(entries);
    notify_other_tabs();
    Ok(())
}

pub async fn remove(key: &str) -> Result<(), db::DbError> {
    db::delete(OUTBOX, key).await?;
    ctx().briefs.update(|b| b.retain(|x| x.key != key));
    notify_other_tabs();
    Ok(())
}

pub async fn get(key: &str) -> Option<Entry> {
    serde_json::from_str(&db::get(OUTBOX, key).await.ok()??).ok()
}

fn merge_briefs(entries: &[Entry]) {
    ctx().briefs.update(|briefs| {
        let index: HashMap<String, usize> = briefs
            .iter()
            .enumerate()
            .map(|(i, b)| (b.key.clone(), i))
            .collect();
        let mut added = false;
        for e in entries {
            match index.get(&e.key) {
                Some(&i) => briefs[i] = Brief::from(e),
                None => {
                    briefs.push(Brief::from(e));
                    added = true;
                }
            }
        }
        if added {
            briefs.sort_by(|a, b| a.key.cmp(&b.key));
        }
    });
}

/// Re-reads the whole outbox into the screens' summary.
pub async fn refresh() {
    match load_all().await {
        Ok(all) => ctx().briefs.set(all.iter().map(Brief::from).collect()),
        Err(_) => ctx().storage_failed.set(true),
    }
}

const CHANNEL: &str = "lottrace-outbox";

thread_local! {
    static BROADCAST: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new(CHANNEL).ok();
}

/// The message that says the session changed (anything else: the outbox changed).
const SESSION_CHANGED: &str = "session";

fn broadcast(message: &str) {
    BROADCAST.with(|b| {
        if let Some(b) = b {
            let _ = b.post_message(&JsValue::from_str(message));
        }
    });
}

fn notify_other_tabs() {
    broadcast("changed");
}

/// Tells the other tabs that the device's session changed (signed in, out, or expired).
pub fn notify_session_changed() {
    broadcast(SESSION_CHANGED);
}

/// Re-reads the outbox whenever another tab changed it, and the session when another tab
/// signed in, out or found it expired: one tab's "sign in again" serves them all.
pub fn listen_to_other_tabs() {
    BROADCAST.with(|b| {
        if let Some(b) = b {
            let on_message =
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
                    if ev.data().as_string().as_deref() == Some(SESSION_CHANGED) {
                        leptos::task::spawn_local(super::session::adopt_stored_session());
                    } else {
                        leptos::task::spawn_local(refresh());
                    }
                });
            b.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        }
    });
}
