//! `GET /api/trace/{code}`: the public, disclosed history of a lot. Any code form
//! resolves; the response is cacheable with an ETag.

use crate::extract::{Params, PathText};
use crate::store::{Business, Store};
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lottrace_core::codes::{identify, LotKey};
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::{collect_connected, EventSource};
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, OpenRecall, Party, RecallView, TraceInput, TraceView};
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
        let Some(view) = trace_first(&state, &candidates, lang)? else {
            return Ok(None);
        };
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

/// The lots a code may name, best reading first. Our own canonical keys (the path of a
/// Digital Link, as the app sends them) are taken as they are.
pub(crate) fn lot_candidates(code: &str, state: &AppState) -> Result<Vec<LotKey>, ApiError> {
    if let Some(key) = LotKey::parse_key(code) {
        return Ok(vec![key]);
    }
    // The path of a Digital Link without its host (`01/…/10/…`): read it as one of ours,
    // so a wrong check digit gets the same precise message as a full link.
    let as_link;
    let code = match (code.split('/').next(), state.trusted_hosts.first()) {
        (Some(ai), Some(host))
            if !ai.is_empty() && ai.bytes().all(|b| b.is_ascii_digit()) && code.contains('/') =>
        {
            as_link = format!("http://{host}/{code}");
            as_link.as_str()
        }
        _ => code,
    };
    let id = identify(code, &state.resolver())
        .map_err(|e| ApiError::bad_request(e.code, e.message).with_field("code"))?;
    // A 13-digit number may be a GTIN or a guideline lot number: try each reading in rank order.
    Ok(std::iter::once(&id)
        .chain(id.alternatives.iter())
        .filter_map(|i| i.lot_key())
        .collect())
}

/// Events from storage, each parsed once: `collect_connected` asks again for events it
/// has already seen when the frontier grows, and skips them anyway; parsed events are
/// kept in the shared cache for the next trace.
pub(crate) struct StoreSource {
    store: Arc<dyn Store>,
    cache: Arc<crate::EventCache>,
    seen: std::collections::HashSet<i64>,
}

impl EventSource for StoreSource {
    type Error = ApiError;
    fn events_naming(&mut self, lots: &[LotKey]) -> Result<Vec<Event>, ApiError> {
        let keys: Vec<String> = lots.iter().map(LotKey::key).collect();
        let rows = self.store.events_for_lots(&keys)?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, json) in rows {
            if !self.seen.insert(seq) {
                continue;
            }
            let event = match self.cache.get(seq) {
                Some(e) => e,
                None => {
                    let e: Event = serde_json::from_str(&json)
                        .map_err(|e| ApiError::internal(format!("stored event unreadable: {e}")))?;
                    let e = Arc::new(e);
                    self.cache.put(seq, e.clone());
                    e
                }
            };
            out.push(Event::clone(&event));
        }
        Ok(out)
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

/// Every event the lot's trace needs (its ancestors' and descendants' too).
pub(crate) fn connected_events(state: &AppState, lot: &LotKey) -> Result<Vec<Event>, ApiError> {
    let mut source = StoreSource {
        store: state.store.clone(),
        cache: state.parsed_events.clone(),
        seen: std::collections::HashSet::new(),
    };
    collect_connected(&mut source, lot)
}

pub(crate) fn parties(store: &dyn Store) -> Result<Vec<Party>, ApiError> {
    Ok(store.businesses()?.into_iter().map(party).collect())
}

pub(crate) fn cycle(e: lottrace_core::genealogy::GenealogyError) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "genealogy_cycle", e.to_string())
}

/// The first candidate with records: the lot it is, and its connected events.
pub(crate) fn first_with_events(
    state: &AppState,
    candidates: &[LotKey],
) -> Result<Option<(LotKey, Vec<Event>)>, ApiError> {
    for lot in candidates {
        let events = connected_events(state, lot)?;
        let named = events.iter().any(|e| {
            lottrace_core::genealogy::EventLinks::of(e)
                .all()
                .any(|k| k == lot)
        });
        if named {
            return Ok(Some((lot.clone(), events)));
        }
    }
    Ok(None)
}

fn open_recalls(store: &dyn Store) -> Result<Vec<OpenRecall>, ApiError> {
    Ok(store
        .open_recalls()?
        .into_iter()
        .filter_map(|r| {
            Some(OpenRecall {
                lot: LotKey::parse_key(&r.lot_key)?,
                view: RecallView {
                    id: r.id,
                    reason: r.reason,
                    declared_at: r.declared_at,
                },
            })
        })
        .collect())
}

pub(crate) fn trace_first(
    state: &AppState,
    candidates: &[LotKey],
    lang: Lang,
) -> Result<Option<TraceView>, ApiError> {
    let store = &state.store;
    let parties = parties(store.as_ref())?;
    let recalls = open_recalls(store.as_ref())?;
    let chosen = store.disclosure_choices()?;
    for lot in candidates {
        let events = connected_events(state, lot)?;
        // A recall on this lot or any of its ancestors: selectable fields become public.
        let recall = trace::recall_affecting(lot, &events, &recalls).map_err(cycle)?;
        let policy = DisclosurePolicy {
            chosen: chosen.clone(),
            recall: recall.is_some(),
        };
        let input = TraceInput {
            lot,
            events: &events,
            parties: &parties,
            policy: &policy,
            recall,
            lang,
        };
        let view = trace::build(&input).map_err(cycle)?;
        if view.is_some() {
            return Ok(view);
        }
    }
    Ok(None)
}
