//! `GET /api/trace/{code}`: the public, disclosed history of a lot. Any code form
//! resolves; the response is cacheable with an ETag.

use crate::extract::{Params, PathText};
use crate::service::{lot_candidates, trace_first};
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lottrace_core::codes::LotKey;
use lottrace_core::lang::Lang;
use lottrace_core::trace::TraceView;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The trace of the first of `candidates` with records, rendered by `render` (`kind`
/// names the rendering in the cache key: the JSON API, the embed card) with its ETag.
/// Cached while the data generation (bumped by every write to events, businesses,
/// choices or recalls, by any process) is unchanged.
pub(super) async fn rendered_trace(
    state: AppState,
    candidates: Vec<LotKey>,
    lang: Lang,
    kind: &'static str,
    render: fn(&TraceView, Lang) -> Result<Vec<u8>, ApiError>,
) -> Result<Option<crate::RenderedTrace>, ApiError> {
    tokio::task::spawn_blocking(move || {
        let generation = state.store.generation()?;
        let lots: Vec<String> = candidates.iter().map(LotKey::key).collect();
        let key = format!("{kind}|{}|{}", lots.join(" "), lang.code());
        if let Some(hit) = state.trace_cache.get(&key, generation) {
            return Ok(Some(hit));
        }
        let Some(mut view) = trace_first(&state, &candidates, lang)? else {
            return Ok(None);
        };
        if kind == "json" {
            crate::log::attach_proofs(&state, &mut view)?;
        }
        let body = render(&view, lang)?;
        let etag = format!("\"{:x}\"", Sha256::digest(&body));
        let body = Arc::new(body);
        state
            .trace_cache
            .put(key, generation, body.clone(), etag.clone());
        Ok(Some((body, etag)))
    })
    .await?
}

pub fn router() -> Router<AppState> {
    Router::new().route("/trace/{*code}", get(get_trace))
}

async fn get_trace(
    State(state): State<AppState>,
    PathText(code): PathText,
    query: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = super::response_lang(query.get("lang"), &headers);
    let candidates = lot_candidates(&code, &state)?;
    if candidates.is_empty() {
        return Err(ApiError::bad_request(
            "not_a_lot",
            "this code identifies a product or place, not a lot: scan the label with the lot number",
        )
        .with_field("code"));
    }
    let rendered = rendered_trace(state, candidates, lang, "json", |view, _| {
        serde_json::to_vec(view).map_err(|e| ApiError::internal(e.to_string()))
    })
    .await?;
    let Some((body, etag)) = rendered else {
        return Err(ApiError::not_found(
            "no records for this lot: check the number printed on the label",
        ));
    };
    let cache = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "public, no-cache".to_string()),
        (header::VARY, "Accept-Language".to_string()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, "application/json".to_string())],
        body.as_ref().clone(),
    )
        .into_response())
}
