//! `GET /api/codes/{code}`: what any label form identifies, or precisely why not.

use crate::extract::PathText;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::codes::{identify, Identification};

pub fn router() -> Router<AppState> {
    Router::new().route("/codes/{*code}", get(get_code))
}

async fn get_code(
    State(state): State<AppState>,
    PathText(code): PathText,
) -> Result<Json<Identification>, ApiError> {
    identify(&code, &state.resolver())
        .map(Json)
        .map_err(|e| ApiError::bad_request(e.code, e.message).with_field("code"))
}
