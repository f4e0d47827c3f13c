//! The HTTP client of the staff side: sign-in, capture of EPCIS documents, and the list
//! of businesses (suppliers and recipients). The public API's client is `api.rs`.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

// The bodies are core's (`lottrace_core::api`), shared with the server; the names
// here are the ones the staff screens use.
use lottrace_core::api::{BusinessList, LoginRequest, Me};
pub use lottrace_core::api::{
    BusinessRef, ErrorBody as ApiError, ErrorProblem as ApiProblem, LoginResponse as LoginOk,
};

#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// No answer (offline, reset, timed out).
    Network,
    /// An answer with this status and (when JSON) its error body.
    Status(u16, ApiError),
}

async fn error_of(resp: Response) -> CallError {
    let status = resp.status();
    let body = resp.json::<ApiError>().await.unwrap_or_default();
    CallError::Status(status, body)
}

/// A success's JSON body, or the error the answer carries; an unreadable success body
/// counts as a server error.
async fn answer<T: DeserializeOwned>(resp: Response) -> Result<T, CallError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|_| CallError::Status(500, ApiError::default()))
    } else {
        Err(error_of(resp).await)
    }
}

/// `GET path` as the signed-in account.
async fn get<T: DeserializeOwned>(token: &str, path: &str) -> Result<T, CallError> {
    let resp = Request::get(path)
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    answer(resp).await
}

pub async fn login(username: &str, password: &str) -> Result<LoginOk, CallError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    let resp = Request::post("/api/auth/login")
        .header("Accept", "application/json")
        .json(&body)
        .map_err(|_| CallError::Network)?
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    answer(resp).await
}

/// The signed-in business's GLN and name (`GET /api/auth/me`).
pub async fn me(token: &str) -> Result<(String, String), CallError> {
    let me: Me = get(token, "/api/auth/me").await?;
    Ok((me.business.gln, me.business.name))
}

pub async fn logout(token: &str) {
    let _ = Request::post("/api/auth/logout")
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await;
}

pub async fn businesses(token: &str) -> Result<Vec<BusinessRef>, CallError> {
    let list: BusinessList = get(token, "/api/businesses").await?;
    Ok(list.businesses)
}

/// The server acknowledged a capture (stored now, or already stored before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptureOk;

/// `POST /epcis/capture` with an EPCIS document; gives up after `timeout_ms` (the
/// request is aborted, and the events are sent again later: capture is idempotent).
pub async fn capture(token: &str, document: &str, timeout_ms: i32) -> Result<CaptureOk, CallError> {
    let controller = web_sys::AbortController::new().map_err(|_| CallError::Network)?;
    let signal = controller.signal();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(&abort),
            timeout_ms,
        )
        .ok()
    });
    let sent = Request::post("/epcis/capture")
        .header("Content-Type", "application/ld+json")
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .abort_signal(Some(&signal))
        .body(document)
        .map_err(|_| CallError::Network)?
        .send()
        .await;
    let result = match sent {
        Err(_) => Err(CallError::Network),
        Ok(resp) if resp.status() == 200 || resp.status() == 201 => {
            // The answer's body may still be cut off after the status: the status alone
            // says the server stored the document.
            Ok(CaptureOk)
        }
        Ok(resp) => Err(error_of(resp).await),
    };
    if let (Some(w), Some(t)) = (web_sys::window(), timer) {
        w.clear_timeout_with_handle(t);
    }
    result
}
