//! The HTTP client of the staff side: sign-in, capture of EPCIS documents, the list
//! of businesses (suppliers and recipients), and item codes (print runs, their CSV and
//! label sheets, code alerts). The public API's client is `api.rs`.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

// The bodies are core's (`lottrace_core::api`), shared with the server; the names
// here are the ones the staff screens use.
use lottrace_core::api::{BusinessList, LoginRequest, LotList, Me};
pub use lottrace_core::api::{
    BusinessRef, ErrorBody as ApiError, ErrorProblem as ApiProblem, LoginResponse as LoginOk,
};
pub use lottrace_core::held_lots::HeldLot;

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

/// The signed-in business's lots (`GET /api/lots`), newest first.
pub async fn lots(token: &str) -> Result<Vec<HeldLot>, CallError> {
    let list: LotList = get(token, "/api/lots").await?;
    Ok(list.lots)
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

/// One print run as the server lists it (`GET /api/print-runs`); `csv` and `labels` are
/// the server's paths of its codes' CSV and of its first label sheet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrintRun {
    pub id: String,
    pub gtin: String,
    pub lot: String,
    pub count: u32,
    pub created_at: String,
    pub csv: String,
    pub labels: String,
    /// Printable sheets of 240 labels.
    pub sheets: u32,
}

impl PrintRun {
    /// The path of label sheet `n` (from 1).
    pub fn sheet_path(&self, n: u32) -> String {
        let base = self.labels.split('?').next().unwrap_or(&self.labels);
        format!("{base}?sheet={n}")
    }
}

#[derive(Deserialize)]
struct PrintRunList {
    runs: Vec<PrintRun>,
}

/// A run just issued, with its codes (GS1 Digital Links with their AI 8030 signature).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssuedRun {
    #[serde(flatten)]
    pub run: PrintRun,
    pub codes: Vec<String>,
}

#[derive(Serialize)]
struct PrintRunBody<'a> {
    gtin: &'a str,
    lot: &'a str,
    count: u32,
}

/// A check of one of the business's codes that looks like a copy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CodeAlert {
    pub gtin: String,
    pub serial: String,
    pub lot: String,
    /// `bad_signature`, `unsigned`, `sold_elsewhere`, `two_stores`, `off_chain` or `many_checks`.
    pub warning: String,
    /// The store GLN of the check, or empty (a phone).
    #[serde(default)]
    pub place: String,
    pub raised_at: String,
}

#[derive(Deserialize)]
struct AlertList {
    alerts: Vec<CodeAlert>,
}

/// `POST /api/print-runs`: issues `count` signed codes for the lot (its packer only).
pub async fn issue_print_run(
    token: &str,
    gtin: &str,
    lot: &str,
    count: u32,
) -> Result<IssuedRun, CallError> {
    let resp = Request::post("/api/print-runs")
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .json(&PrintRunBody { gtin, lot, count })
        .map_err(|_| CallError::Network)?
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    answer(resp).await
}

/// The business's print runs, newest first.
pub async fn print_runs(token: &str) -> Result<Vec<PrintRun>, CallError> {
    let list: PrintRunList = get(token, "/api/print-runs").await?;
    Ok(list.runs)
}

/// The business's code alerts, newest first.
pub async fn code_alerts(token: &str) -> Result<Vec<CodeAlert>, CallError> {
    let list: AlertList = get(token, "/api/code-alerts").await?;
    Ok(list.alerts)
}

/// `GET path` as the signed-in account, as a `Blob` of the answer's own type (a run's
/// CSV, a label sheet): the bearer token cannot ride on a plain link.
pub async fn blob(token: &str, path: &str) -> Result<web_sys::Blob, CallError> {
    let resp = Request::get(path)
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    if !resp.ok() {
        return Err(error_of(resp).await);
    }
    let raw: web_sys::Response = resp.into();
    let promise = raw
        .blob()
        .map_err(|_| CallError::Status(500, ApiError::default()))?;
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| CallError::Network)?;
    wasm_bindgen::JsCast::dyn_into::<web_sys::Blob>(value)
        .map_err(|_| CallError::Status(500, ApiError::default()))
}
