//! `GET /api/codes/{code}`: what any label form identifies, or precisely why not.

use crate::extract::PathText;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::codes::{identify, CodeError};

pub fn router() -> Router<AppState> {
    Router::new().route("/codes/{*code}", get(get_code))
}

async fn get_code(State(state): State<AppState>, PathText(code): PathText) -> Response {
    match identify(&code, &state.resolver()) {
        Ok(id) => Json(id).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(refusal(&e))).into_response(),
    }
}

/// The API error body (`error`, `message`, `field`) plus where the code is wrong
/// (`reason`: AI, dictionary rule, position, expected value) and the message in every
/// app language (`messages`).
fn refusal(e: &CodeError) -> serde_json::Value {
    serde_json::json!({
        "error": e.code,
        "message": e.message,
        "field": "code",
        "reason": {
            "ai": e.ai,
            "rule": e.rule,
            "position": e.position,
            "expected": e.expected,
        },
        "messages": e.messages(),
    })
}
