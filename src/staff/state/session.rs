//! Who is signed in on this device, the device's settings for its business (GS1 company
//! prefix, product GTINs, the 13-digit lot number's codes), and the reactive state the
//! staff screens share (session, outbox summary, sync status).
//!
//! The session lives in IndexedDB so a person who signed in at the office keeps working
//! at the cages with no signal. When the server says the token has expired, the token is
//! dropped but the person and the outbox stay: signing in again resumes sending.

use super::db::{self, META};
use super::outbox::Brief;
use leptos::prelude::*;
use lottrace_core::codes::{Lot13, LotKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Why the last sync attempt stopped short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProblem {
    Offline,
    Network,
    NeedSignIn,
}

/// State shared by every staff screen (signals are `Copy`).
#[derive(Clone, Copy)]
pub struct StaffCtx {
    pub session: RwSignal<Option<Session>>,
    /// The session and outbox have been read from IndexedDB.
    pub loaded: RwSignal<bool>,
    pub briefs: RwSignal<Vec<Brief>>,
    pub last_sync_ms: RwSignal<Option<f64>>,
    pub syncing: RwSignal<bool>,
    pub problem: RwSignal<Option<SyncProblem>>,
    pub settings: RwSignal<Settings>,
    /// A new version of the app is installed and waits for the person to reload.
    pub update_ready: RwSignal<bool>,
    /// The storage could not be opened: nothing can be kept on this device.
    pub storage_failed: RwSignal<bool>,
}

thread_local! {
    // Created under a root owner of their own that is never dropped: they live as long
    // as the tab, whichever screen first asked for them (a screen's owner would dispose
    // them when the person navigates away).
    static CTX: StaffCtx = {
        // `new_root` makes itself the current owner: put the caller's back afterwards.
        let caller = Owner::current();
        let owner = Owner::new_root(None);
        let ctx = owner.with(|| StaffCtx {
            session: RwSignal::new(None),
            loaded: RwSignal::new(false),
            briefs: RwSignal::new(Vec::new()),
            last_sync_ms: RwSignal::new(None),
            syncing: RwSignal::new(false),
            problem: RwSignal::new(None),
            settings: RwSignal::new(Settings::default()),
            update_ready: RwSignal::new(false),
            storage_failed: RwSignal::new(false),
        });
        std::mem::forget(owner);
        if let Some(caller) = caller {
            caller.set();
        }
        ctx
    };
}

pub fn ctx() -> StaffCtx {
    CTX.with(|c| *c)
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
    super::outbox::notify_session_changed();
    Ok(())
}

pub async fn clear_session() -> Result<(), db::DbError> {
    db::delete(META, SESSION_KEY).await?;
    super::outbox::notify_session_changed();
    Ok(())
}

/// Takes the session another tab stored (it signed in, out, or was refused), so this
/// tab neither keeps asking to sign in nor keeps a token the server dropped.
pub async fn adopt_stored_session() {
    let c = ctx();
    let stored = load_session().await;
    if c.session.with_untracked(|s| *s == stored) {
        return;
    }
    let business = |s: &Option<Session>| s.as_ref().map(|s| s.business.clone());
    if let Some(b) =
        business(&stored).filter(|b| Some(b) != business(&c.session.get_untracked()).as_ref())
    {
        c.settings.set(load_settings(&b).await);
    }
    let usable = stored.as_ref().is_some_and(|s| s.usable_token().is_some());
    c.session.set(stored);
    if usable && c.problem.get_untracked() == Some(SyncProblem::NeedSignIn) {
        c.problem.set(None);
    }
}

/// The server refused `refused`: keep the person (and everything they recorded), drop
/// the token, and ask them to sign in again — unless another tab has meanwhile stored a
/// newer one, which this tab takes instead of overwriting it.
pub async fn expire_session(refused: &str) {
    let c = ctx();
    let stored = load_session().await;
    if stored
        .as_ref()
        .and_then(|s| s.token.as_deref())
        .is_some_and(|t| t != refused)
    {
        adopt_stored_session().await;
        return;
    }
    let Some(mut s) = c.session.get_untracked() else {
        return;
    };
    s.token = None;
    let _ = save_session(&s).await;
    c.session.set(Some(s));
    c.problem.set(Some(SyncProblem::NeedSignIn));
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
