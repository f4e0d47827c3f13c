//! `GET /api/trace/{code}`: the public, disclosed history of a lot. Any code form
//! resolves; the response is cacheable with an ETag.

use crate::extract::{Params, PathText};
use crate::items::{self, CheckRequest};
use crate::service::{candidates_of, identify_code, trace_first};
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lottrace_core::authenticity::{ItemState, DIGSIG_AI};
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
    let (candidates, item) = match LotKey::parse_key(&code) {
        Some(key) => (vec![key], None),
        None => {
            // A signature sent as the request's own query (`…/21/<serial>?8030=…`).
            let code = match query.get(DIGSIG_AI) {
                Some(sig) if !code.contains('?') => format!("{code}?{DIGSIG_AI}={sig}"),
                _ => code,
            };
            let id = identify_code(&code, &state)?;
            let request = CheckRequest {
                place: query.get("place").map(str::to_string),
                count: query.get("check") == Some("1"),
            };
            let worker = state.clone();
            let read = id.clone();
            let item =
                tokio::task::spawn_blocking(move || items::item_state(&worker, &read, &request))
                    .await??;
            let mut candidates = candidates_of(&id);
            if let Some((_, Some(lot))) = &item {
                candidates.push(lot.clone());
            }
            (candidates, item.map(|(state, _)| state))
        }
    };
    if candidates.is_empty() && item.is_none() {
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
    if let Some(item) = item {
        return Ok(item_response(rendered, &item));
    }
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

/// A serial-level answer: the lot's trace with the pack's own state as `item` (first
/// member), never cached (each check is counted). A serial whose lot has no records is
/// a 404 that still says what is known of the pack.
fn item_response(rendered: Option<crate::RenderedTrace>, item: &ItemState) -> Response {
    let item_json = serde_json::to_vec(item).unwrap_or_else(|_| b"null".to_vec());
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    let Some((body, _)) = rendered else {
        let mut out = br#"{"error":"not_found","message":"no records for this pack's lot: the code may not be genuine","item":"#.to_vec();
        out.extend_from_slice(&item_json);
        out.push(b'}');
        return (
            StatusCode::NOT_FOUND,
            no_store,
            [(header::CONTENT_TYPE, "application/json")],
            out,
        )
            .into_response();
    };
    // The trace is a JSON object of many members: `{"item":…,` + the rest of it.
    let mut out = Vec::with_capacity(body.len() + item_json.len() + 10);
    out.extend_from_slice(br#"{"item":"#);
    out.extend_from_slice(&item_json);
    out.push(b',');
    out.extend_from_slice(body.get(1..).unwrap_or_default());
    (no_store, [(header::CONTENT_TYPE, "application/json")], out).into_response()
}
