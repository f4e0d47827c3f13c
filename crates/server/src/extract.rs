//! Extractors whose rejections are JSON `{error, message, field?}` like every other error
//! (axum's own rejections answer in plain text).

use crate::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

/// A JSON request body (`Content-Type: application/json`), deserialised with the path of
/// the offending member in `field` when it does not fit.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        require_json(req.headers())?;
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(malformed)?;
        serde_path_to_error::deserialize(value)
            .map(JsonBody)
            .map_err(|e| {
                let path = pointer(&e.path().to_string());
                ApiError::bad_request(
                    "invalid_body",
                    format!(
                        "{}: {}",
                        if path.is_empty() { "/" } else { &path },
                        e.inner()
                    ),
                )
                .with_field(path)
            })
    }
}

/// `a.b[0].c` (serde_path_to_error) → `/a/b/0/c` (JSON pointer).
fn pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    let mut out = String::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            out.push('/');
            out.push_str(&name.replace('~', "~0").replace('/', "~1"));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(idx.trim_end_matches(']'));
        }
    }
    out
}

pub fn malformed(e: serde_json::Error) -> ApiError {
    ApiError::bad_request(
        "malformed_json",
        format!(
            "the body is not valid JSON: {e} (line {}, column {})",
            e.line(),
            e.column()
        ),
    )
}

/// 415 unless the body is declared JSON (`application/json`, `application/ld+json`, or
/// any `+json` type).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
    {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            if ct.is_empty() {
                "send the body as JSON with Content-Type: application/json (or application/ld+json)"
                    .to_string()
            } else {
                format!("Content-Type {ct:?} is not accepted: send application/json or application/ld+json")
            },
        ))
    }
}

/// A body that could not be read: too large (413), too slow (408: the body read
/// timeout of `ServeLimits` passed) or broken off.
pub fn body_rejection(r: BytesRejection) -> ApiError {
    let slow = {
        // tower-http's body timeout error, somewhere in the rejection's sources.
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&r);
        let mut found = false;
        while let Some(e) = source {
            if e.is::<tower_http::timeout::TimeoutError>() {
                found = true;
                break;
            }
            source = e.source();
        }
        found
    };
    if slow {
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            "the request body did not arrive in time",
        );
    }
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the body is larger than this endpoint accepts",
        )
    } else {
        ApiError::new(r.status(), "bad_body", r.body_text())
    }
}

/// The raw body bytes, with JSON rejections.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(Body)
            .map_err(body_rejection)
    }
}

/// Query parameters in order (repeated names kept), with JSON rejections.
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|q| Params(q.0))
            .map_err(|e| ApiError::bad_request("bad_query", e.body_text()))
    }
}

/// The one path parameter of a route, percent-decoded, with JSON rejections.
pub struct PathText(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathText {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| PathText(p.0))
            .map_err(|e| ApiError::bad_request("bad_path", e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::pointer;

    #[test]
    fn serde_paths_become_json_pointers() {
        assert_eq!(pointer("."), "");
        assert_eq!(pointer("username"), "/username");
        assert_eq!(pointer("fields[2]"), "/fields/2");
        assert_eq!(pointer("a.b[0][1].c"), "/a/b/0/1/c");
    }
}
