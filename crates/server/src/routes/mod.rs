//! Routers per area, composed here: the public read API, and the app itself for every
//! other path (SPA fallback, so Digital Link paths open the trace page).

mod codes;
mod fields;
mod trace;

use crate::{security, ApiError, AppState};
use axum::http::StatusCode;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(trace::router())
        .merge(codes::router())
        .merge(fields::router())
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this endpoint does not accept that method")
        })
        .fallback(|| async { ApiError::not_found("no such API endpoint") });
    let app_files = ServeDir::new(&state.dist)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(state.dist.join("index.html")));
    Router::new()
        .nest("/api", api)
        .fallback_service(app_files)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The language of a public response: `?lang=` first, then Accept-Language, then Korean.
pub(crate) fn response_lang(query: Option<&str>, headers: &axum::http::HeaderMap) -> lottrace_core::lang::Lang {
    use lottrace_core::lang::Lang;
    query
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}
