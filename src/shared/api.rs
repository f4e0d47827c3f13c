//! The HTTP client for the Lottrace server's public API.

use gloo_net::http::Request;
use lottrace_core::lang::Lang;
use lottrace_core::trace::TraceView;

/// Why a trace could not be shown; each maps to its own screen state.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceError {
    /// 404: the code is well-formed but the server knows no such lot.
    Unknown,
    /// 400: the server could not read the code.
    Invalid,
    /// No answer at all (offline, DNS, connection reset).
    Network,
    /// Any other status, or a body that is not a `TraceView`.
    Server,
}

/// `encodeURIComponent`: the code travels as one path segment, slashes included.
pub fn encode_component(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `decodeURIComponent`, keeping the input when it is not valid percent-encoding
/// (a malformed URL must never crash the page).
pub fn decode_component(s: &str) -> String {
    js_sys::decode_uri_component(s)
        .map(String::from)
        .unwrap_or_else(|_| s.to_owned())
}

/// A trace as received: the view, and the server's JSON text it was read from (kept as
/// the offline copy as it is, so the app never has to write JSON itself).
pub struct Fetched {
    pub view: TraceView,
    pub json: String,
    /// When the server produced the answer (its `Date` header), ms since the epoch. An
    /// old date means a cache (the service worker's, when offline) answered instead.
    pub served_at_ms: Option<f64>,
}

impl Fetched {
    fn read(json: String, date: Option<String>) -> Result<Fetched, TraceError> {
        let view = serde_json::from_str::<TraceView>(&json).map_err(|_| TraceError::Server)?;
        let served_at_ms = date
            .map(|d| js_sys::Date::parse(&d))
            .filter(|ms| ms.is_finite());
        Ok(Fetched {
            view,
            json,
            served_at_ms,
        })
    }

    /// Answered by a cache rather than the server just now: more than ten minutes old
    /// (wide enough for a phone's clock being off).
    pub fn is_stale(&self) -> bool {
        self.served_at_ms
            .is_some_and(|ms| js_sys::Date::now() - ms > 10.0 * 60.0 * 1000.0)
    }
}

/// The store a kiosk stands in (its counter's GLN), provided by the kiosk app: a pack
/// checked there counts as checked at that store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TracePlace(pub Option<String>);

/// `GET /api/trace/{code}?lang=…` — the disclosed history of one lot. `check`, for a
/// serialised pack's code, counts this page load as a shopper's check of the pack
/// (`Some(Some(gln))`: at that store's kiosk).
///
/// index.html starts this very request while the WASM is still downloading (one round
/// trip less on a slow phone network); its answer is used once, when code and language
/// match, and every later call (language switch, retry) goes to the network.
pub async fn fetch_trace(
    code: &str,
    lang: Lang,
    check: Option<Option<&str>>,
) -> Result<Fetched, TraceError> {
    if let Some(early) = take_prefetch(code, lang) {
        return early.await;
    }
    let mut url = format!("/api/trace/{}?lang={}", encode_component(code), lang.code());
    if let Some(place) = check {
        url.push_str("&check=1");
        if let Some(gln) = place {
            url.push_str(&format!("&place={}", encode_component(gln)));
        }
    }
    let resp = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| TraceError::Network)?;
    match resp.status() {
        200 => {
            let date = resp.headers().get("date");
            let text = resp.text().await.map_err(|_| TraceError::Network)?;
            Fetched::read(text, date)
        }
        404 => Err(TraceError::Unknown),
        400 => Err(TraceError::Invalid),
        _ => Err(TraceError::Server),
    }
}

/// The request index.html's inline script started (`window.__ltPrefetch`), if it is for
/// this code and language; taken out so it is used only once.
fn take_prefetch(
    code: &str,
    lang: Lang,
) -> Option<impl std::future::Future<Output = Result<Fetched, TraceError>>> {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    let window = web_sys::window()?;
    let name = JsValue::from_str("__ltPrefetch");
    let pre = Reflect::get(&window, &name).ok()?;
    if !pre.is_object() {
        return None;
    }
    let _ = Reflect::set(&window, &name, &JsValue::UNDEFINED);
    let field = |k: &str| Reflect::get(&pre, &JsValue::from_str(k)).ok();
    let same_code = field("code").and_then(|v| v.as_string()).as_deref() == Some(code);
    let same_lang = field("lang").and_then(|v| v.as_string()).as_deref() == Some(lang.code());
    if !(same_code && same_lang) {
        return None;
    }
    let promise = field("p")?.dyn_into::<js_sys::Promise>().ok()?;
    Some(async move {
        // Resolves to `{ s: status, t: body text }`, with status 0 when there was no answer.
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|_| TraceError::Network)?;
        let status = Reflect::get(&answer, &JsValue::from_str("s"))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as u16;
        match status {
            200 => {
                let text = |k: &str| {
                    Reflect::get(&answer, &JsValue::from_str(k))
                        .ok()
                        .and_then(|v| v.as_string())
                };
                let date = text("d");
                text("t")
                    .ok_or(TraceError::Server)
                    .and_then(|t| Fetched::read(t, date))
            }
            404 => Err(TraceError::Unknown),
            400 => Err(TraceError::Invalid),
            0 => Err(TraceError::Network),
            _ => Err(TraceError::Server),
        }
    })
}
