//! One error type for every handler: always JSON `{error, message, field?}` with the
//! status that says what went wrong, never an HTML page or a panic.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub error: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem of an invalid EPCIS document, each with its JSON pointer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<lottrace_core::epcis::Problem>>,
    /// Seconds to wait before retrying (sent as `Retry-After` too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            message: message.into(),
            field: None,
            problems: None,
            retry_after: None,
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// An invalid document: the first problem's path in `field`, all of them in `problems`.
    pub fn problems(error: &str, problems: Vec<lottrace_core::epcis::Problem>) -> Self {
        let first = problems.first().cloned();
        let message = match (&first, problems.len()) {
            (Some(p), 1) => p.to_string(),
            (Some(p), n) => format!("{p} (and {} more problems)", n - 1),
            (None, _) => "the document is invalid".to_string(),
        };
        ApiError {
            field: first.map(|p| p.path),
            problems: Some(problems),
            ..Self::bad_request(error, message)
        }
    }

    pub fn bad_request(error: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(error = %self.error, message = %self.message, "request failed");
        }
        let mut response = (self.status, Json(&self)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            StoreError::Missing(m) => ApiError::not_found(m),
            // Busy, locked, full, read-only or failing storage: the request was fine and
            // nothing was stored, so the client should try again (507 when the disk is full).
            StoreError::Db(rusqlite::Error::SqliteFailure(f, _)) if transient(f.code) => {
                let status = if f.code == rusqlite::ErrorCode::DiskFull {
                    StatusCode::INSUFFICIENT_STORAGE
                } else {
                    StatusCode::SERVICE_UNAVAILABLE
                };
                let mut e = ApiError::new(
                    status,
                    "storage_unavailable",
                    "storage cannot take this request right now: nothing was stored, retry later",
                );
                e.retry_after = Some(5);
                e
            }
            StoreError::Poisoned => {
                let mut e = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_unavailable",
                    "storage is recovering from a failed request: retry later",
                );
                e.retry_after = Some(5);
                e
            }
            e => ApiError::internal(format!("storage failed: {e}")),
        }
    }
}

/// SQLite failures that say nothing about the request and may pass.
fn transient(code: rusqlite::ErrorCode) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(
        code,
        DatabaseBusy
            | DatabaseLocked
            | DiskFull
            | ReadOnly
            | SystemIoFailure
            | CannotOpen
            | OutOfMemory
    )
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::internal(format!("worker task failed: {e}"))
    }
}
