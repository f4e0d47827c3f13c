//! The businesses' public code keys, cached on this device (`localStorage`) so the scan
//! screen, the trace page and the kiosk check a signed code (AI 8030) before, and
//! without, any network answer. Refreshed from `/.well-known/lottrace/code-keys.json`
//! when the copy is older than the server's five-minute cache time.

use gloo_net::http::Request;
use lottrace_core::authenticity::{CodeKeySet, SignatureCheck, DIGSIG_AI};
use lottrace_core::codes::{identify, Identification, ResolverConfig};

const STORAGE_KEY: &str = "lottrace-code-keys";
const FETCHED_KEY: &str = "lottrace-code-keys-at";
const FRESH_MS: f64 = 5.0 * 60.0 * 1000.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The cached key set (empty before the first refresh).
pub fn cached() -> CodeKeySet {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Fetches the key set when the cached one is missing or old; a failed fetch (offline)
/// keeps the cached one.
pub async fn refresh() {
    let Some(store) = storage() else {
        return;
    };
    let fetched_at = store
        .get_item(FETCHED_KEY)
        .ok()
        .flatten()
        .and_then(|t| t.parse::<f64>().ok());
    let now = js_sys::Date::now();
    if fetched_at.is_some_and(|t| now - t < FRESH_MS && now >= t) {
        return;
    }
    let Ok(resp) = Request::get("/.well-known/lottrace/code-keys.json")
        .send()
        .await
    else {
        return;
    };
    if resp.status() != 200 {
        return;
    }
    let Ok(text) = resp.text().await else {
        return;
    };
    // Kept only when it is a key set: a captive portal's page must not replace it.
    if serde_json::from_str::<CodeKeySet>(&text).is_ok() {
        let _ = store.set_item(STORAGE_KEY, &text);
        let _ = store.set_item(FETCHED_KEY, &now.to_string());
    }
}

/// The code's signature checked with the cached keys, now.
pub fn check(id: &Identification) -> SignatureCheck {
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    SignatureCheck::of(id, &cached(), &now)
}

/// A scanned or typed code's signature checked with the cached keys; `None` when the
/// code carries none (or is not a code). `this_host`: the app's host, trusted.
pub fn check_text(text: &str, this_host: &str) -> Option<SignatureCheck> {
    let id = identify(text, &ResolverConfig::new([this_host])).ok()?;
    id.other_ais
        .iter()
        .any(|(ai, _)| ai == DIGSIG_AI)
        .then(|| check(&id))
}

/// Whether this verdict refuses the code on the device (core's rule,
/// `SignatureCheck::refuses_offline`).
pub fn refuses(check: &SignatureCheck) -> bool {
    check.refuses_offline()
}
