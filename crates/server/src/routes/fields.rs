//! `GET /api/fields`: the field dictionary, as compiled into `lottrace-core`.

use crate::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::fields::Dictionary;

pub fn router() -> Router<AppState> {
    Router::new().route("/fields", get(get_fields))
}

async fn get_fields() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(Dictionary::get()),
    )
}
