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

/// `GET /api/trace/{code}?lang=…` — the disclosed history of one lot.
pub async fn fetch_trace(code: &str, lang: Lang) -> Result<TraceView, TraceError> {
    let url = format!("/api/trace/{}?lang={}", encode_component(code), lang.code());
    let resp = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| TraceError::Network)?;
    match resp.status() {
        200 => resp
            .json::<TraceView>()
            .await
            .map_err(|_| TraceError::Server),
        404 => Err(TraceError::Unknown),
        400 => Err(TraceError::Invalid),
        _ => Err(TraceError::Server),
    }
}
