//! Who is signed in on this device, the device's settings for its business (GS1 company
//! prefix, product GTINs, the 13-digit lot number's codes), as stored on the device, and
//! the channel by which the device's tabs tell each other of changes.
//!
//! The session lives in IndexedDB so a person who signed in at the office keeps working
//! at the cages with no signal. When the server says the token has expired, the token is
//! dropped but the person and the outbox stay: signing in again resumes sending.

use super::db::{self, META};
use lottrace_core::codes::{Lot13, LotKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// Kinds of product a business labels, each with its own GTIN and 2-digit product code.
pub const PRODUCT_KINDS: [&str; 7] = [
    "fry",
    "live",
    "chilled_whole",
    "fillet",
    "sashimi",
    "frozen",
    "byproduct",
];

/// Per-device settings for the signed-in business's lot identifiers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// GS1 company prefix (informative; GTINs below carry it).
    pub company_prefix: String,
    /// Product kind → GTIN-14 (or 13/12/8). A kind without one gets 13-digit lot numbers.
    pub gtins: BTreeMap<String, String>,
    /// 13-digit lot number: species code (4 digits).
    pub species_code: String,
    /// 13-digit lot number: plant code (2 digits).
    pub plant_code: String,
    /// Product kind → 2-digit product code of the 13-digit number.
    pub product_codes: BTreeMap<String, String>,
    /// `YYYYMMDD|kind` → serials handed out that day.
    pub counters: BTreeMap<String, u32>,
}

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

/// Why a new lot could not get an identifier automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotIdError {
    /// Neither a GTIN nor the 13-digit number's codes are set for this product.
    NotSetUp,
    /// The 13-digit number has one serial digit: ten lots of this product today already.
    DayFull,
}

/// The next identifier for a new lot of `kind` made on `date` (local date): GTIN + lot
/// `L{YYMMDD}{serial:03}` when the business has a GTIN for the product, otherwise the
/// guideline's 13-digit number (species 4 + plant 2 + product 2 + MMDD + serial 1).
/// Advances the day's counter in `settings`; the caller saves them.
pub fn next_lot(
    settings: &mut Settings,
    kind: &str,
    date: chrono::NaiveDate,
) -> Result<LotKey, LotIdError> {
    use chrono::Datelike;
    let counter_key = format!("{}|{kind}", date.format("%Y%m%d"));
    let serial = settings.counters.get(&counter_key).copied().unwrap_or(0);
    let gtin = settings.gtins.get(kind).map(|g| g.trim()).unwrap_or("");
    if !gtin.is_empty() {
        let lot = format!("L{}{:03}", date.format("%y%m%d"), serial + 1);
        let key = LotKey::gtin_lot(gtin, &lot).map_err(|_| LotIdError::NotSetUp)?;
        settings.counters.insert(counter_key, serial + 1);
        return Ok(key);
    }
    let product = settings
        .product_codes
        .get(kind)
        .map(|p| p.trim())
        .unwrap_or("");
    if serial > 9 {
        return Err(LotIdError::DayFull);
    }
    let lot = Lot13::new(
        settings.species_code.trim(),
        settings.plant_code.trim(),
        product,
        date.month() as u8,
        date.day() as u8,
        serial as u8,
    )
    .map_err(|_| LotIdError::NotSetUp)?;
    settings.counters.insert(counter_key, serial + 1);
    Ok(LotKey::Lot13(lot.digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtin_lots_then_lot13_fallback() {
        let mut s = Settings::default();
        s.gtins.insert("live".into(), "08801234000208".into());
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        let a = next_lot(&mut s, "live", d).unwrap();
        let b = next_lot(&mut s, "live", d).unwrap();
        assert_eq!(a.key(), "01/08801234000208/10/L261117001");
        assert_eq!(b.key(), "01/08801234000208/10/L261117002");
        assert_eq!(next_lot(&mut s, "fillet", d), Err(LotIdError::NotSetUp));
        s.species_code = "1234".into();
        s.plant_code = "01".into();
        s.product_codes.insert("fillet".into(), "02".into());
        let c = next_lot(&mut s, "fillet", d).unwrap();
        assert_eq!(c, LotKey::Lot13("1234010211170".into()));
        for _ in 0..9 {
            next_lot(&mut s, "fillet", d).unwrap();
        }
        assert_eq!(next_lot(&mut s, "fillet", d), Err(LotIdError::DayFull));
    }
}
