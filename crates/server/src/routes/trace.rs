//! `GET /api/trace/{code}`: the public, disclosed history of a lot. Any code form
//! resolves; the response is cacheable with an ETag.

use crate::store::{Business, Store};
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lottrace_core::codes::{identify, LotKey};
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::{collect_connected, EventSource};
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, Party, TraceInput, TraceView};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new().route("/trace/{*code}", get(get_trace))
}

#[derive(Deserialize)]
struct TraceQuery {
    lang: Option<String>,
}

async fn get_trace(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<TraceQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = super::response_lang(query.lang.as_deref(), &headers);
    let candidates = lot_candidates(&code, &state)?;
    if candidates.is_empty() {
        return Err(ApiError::bad_request(
            "not_a_lot",
            "this code identifies a product or place, not a lot: scan the label with the lot number",
        )
        .with_field("code"));
    }
    let store = state.store.clone();
    let view = tokio::task::spawn_blocking(move || trace_first(store, &candidates, lang)).await??;
    let Some(view) = view else {
        return Err(ApiError::not_found("no records for this lot: check the number printed on the label"));
    };
    let body = serde_json::to_vec(&view).map_err(|e| ApiError::internal(e.to_string()))?;
    let etag = format!("\"{:x}\"", Sha256::digest(&body));
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
    Ok((cache, [(header::CONTENT_TYPE, "application/json".to_string())], body).into_response())
}

/// The lots a code may name, best reading first. Our own canonical keys (the path of a
/// Digital Link, as the app sends them) are taken as they are.
fn lot_candidates(code: &str, state: &AppState) -> Result<Vec<LotKey>, ApiError> {
    if let Some(key) = LotKey::parse_key(code) {
        return Ok(vec![key]);
    }
    // The path of a Digital Link without its host (`01/…/10/…`): read it as one of ours,
    // so a wrong check digit gets the same precise message as a full link.
    let as_link;
    let code = match (code.split('/').next(), state.trusted_hosts.first()) {
        (Some(ai), Some(host)) if !ai.is_empty() && ai.bytes().all(|b| b.is_ascii_digit()) && code.contains('/') => {
            as_link = format!("http://{host}/{code}");
            as_link.as_str()
        }
        _ => code,
    };
    let id = identify(code, &state.resolver()).map_err(|e| ApiError::bad_request(e.code, e.message).with_field("code"))?;
    // A 13-digit number may be a GTIN or a guideline lot number: try each reading in rank order.
    Ok(std::iter::once(&id)
        .chain(id.alternatives.iter())
        .filter_map(|i| i.lot_key())
        .collect())
}

struct StoreSource(Arc<dyn Store>);

impl EventSource for StoreSource {
    type Error = ApiError;
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, ApiError> {
        let keys: Vec<String> = lots.iter().map(LotKey::key).collect();
        self.0
            .events_for_lots(&keys)?
            .into_iter()
            .map(|json| serde_json::from_str(&json).map_err(|e| ApiError::internal(format!("stored event unreadable: {e}"))))
            .collect()
    }
}

pub(crate) fn party(b: Business) -> Party {
    Party {
        id: b.id,
        name: b.name,
        gln: b.gln,
        role: b.role,
        phone: b.phone,
        email: b.email,
        address: b.address,
    }
}

fn trace_first(store: Arc<dyn Store>, candidates: &[LotKey], lang: Lang) -> Result<Option<TraceView>, ApiError> {
    let parties: Vec<Party> = store.businesses()?.into_iter().map(party).collect();
    let policy = DisclosurePolicy::default();
    let mut source = StoreSource(store);
    for lot in candidates {
        let events = collect_connected(&mut source, lot)?;
        let input = TraceInput {
            lot,
            events: &events,
            parties: &parties,
            policy: &policy,
            recall: None,
            lang,
        };
        let view = trace::build(&input)
            .map_err(|e| ApiError::new(StatusCode::CONFLICT, "genealogy_cycle", e.to_string()))?;
        if view.is_some() {
            return Ok(view);
        }
    }
    Ok(None)
}
