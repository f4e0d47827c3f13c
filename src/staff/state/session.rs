//! Who is signed in on this device, the device's settings for its business (GS1 company
//! prefix, product GTINs, the 13-digit lot number's codes), as stored on the device, and
//! the channel by which the device's tabs tell each other of changes.
//!
//! The session lives in IndexedDB so a person who signed in at the office keeps working
//! at the cages with no signal. When the server says the token has expired, the token is
//! dropped but the person and the outbox stay: signing in again resumes sending.

use super::db::{self, META};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// `None` once the server refused it (expired): the person is asked to sign in again.
    pub token: Option<String>,
    /// RFC 3339, from the server.
    pub expires_at: String,
    pub username: String,
    /// Business ID.
    pub business: String,
    pub business_name: String,
    pub role: String,
    /// The business's GLN: where its events happen unless a form says otherwise.
    pub gln: String,
}

impl Session {
    /// A token the server should still accept (by its own expiry time).
    pub fn usable_token(&self) -> Option<&str> {
        let token = self.token.as_deref()?;
        let expires = chrono::DateTime::parse_from_rfc3339(&self.expires_at).ok()?;
        let now_ms = js_sys::Date::now();
        (expires.timestamp_millis() as f64 > now_ms).then_some(token)
    }
}

/// What one tab tells the others of the device it shares with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabNews {
    /// The session changed: signed in, out, or found expired.
    Session,
    /// The outbox changed.
    Outbox,
}

impl TabNews {
    fn word(self) -> &'static str {
        match self {
            TabNews::Session => "session",
            TabNews::Outbox => "outbox",
        }
    }
}

const CHANNEL: &str = "lottrace-outbox";

thread_local! {
    static TABS: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new(CHANNEL).ok();
}

/// Tells the device's other tabs (the `BroadcastChannel` the tabs of one session share).
pub fn tell_other_tabs(news: TabNews) {
    TABS.with(|t| {
        if let Some(t) = t {
            let _ = t.post_message(&JsValue::from_str(news.word()));
        }
    });
}

/// Calls `heard` with whatever another tab tells.
pub fn listen_to_other_tabs(heard: impl Fn(TabNews) + 'static) {
    TABS.with(|t| {
        if let Some(t) = t {
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    let session = ev.data().as_string().as_deref() == Some(TabNews::Session.word());
                    heard(if session {
                        TabNews::Session
                    } else {
                        TabNews::Outbox
                    });
                },
            );
            t.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        }
    });
}

const SESSION_KEY: &str = "session";
const LAST_SYNC_KEY: &str = "last_sync";

pub async fn load_session() -> Option<Session> {
    let json = db::get(META, SESSION_KEY).await.ok()??;
    serde_json::from_str(&json).ok()
}

pub async fn save_session(session: &Session) -> Result<(), db::DbError> {
    let json = serde_json::to_string(session).map_err(|_| db::DbError)?;
    db::put(META, SESSION_KEY, &json).await?;
    tell_other_tabs(TabNews::Session);
    Ok(())
}

pub async fn clear_session() -> Result<(), db::DbError> {
    db::delete(META, SESSION_KEY).await?;
    tell_other_tabs(TabNews::Session);
    Ok(())
}

pub async fn load_last_sync() -> Option<f64> {
    db::get(META, LAST_SYNC_KEY).await.ok()??.parse().ok()
}

pub async fn save_last_sync(ms: f64) {
    let _ = db::put(META, LAST_SYNC_KEY, &ms.to_string()).await;
}

/// Per-device settings for the signed-in business's lot identifiers (core's lot
/// numbering, stored as is).
pub use lottrace_core::record::{next_lot, LotIdError, LotNumbering as Settings};

fn settings_key(business: &str) -> String {
    format!("settings:{business}")
}

pub async fn load_settings(business: &str) -> Settings {
    match db::get(META, &settings_key(business)).await {
        Ok(Some(json)) => serde_json::from_str(&json).unwrap_or_default(),
        _ => Settings::default(),
    }
}

pub async fn save_settings(business: &str, settings: &Settings) -> Result<(), db::DbError> {
    let json = serde_json::to_string(settings).map_err(|_| db::DbError)?;
    db::put(META, &settings_key(business), &json).await
}
