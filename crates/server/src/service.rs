//! The service layer between routes and storage: reads what a question needs from the
//! store and asks `lottrace-core` (trace views, recall and chain scopes). Routes parse,
//! authorise, call one of these and answer; nothing here knows HTTP beyond `ApiError`.

use crate::store::{Business, Recall, Store};
use crate::{ApiError, AppState};
use lottrace_core::codes::{identify, LotKey};
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::{collect_connected, EventSource};
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, OpenRecall, Party, RecallView, TraceContext, TraceView};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The lots a code may name, best reading first. Our own canonical keys (the path of a
/// Digital Link, as the app sends them) are taken as they are.
pub fn lot_candidates(code: &str, state: &AppState) -> Result<Vec<LotKey>, ApiError> {
    if let Some(key) = LotKey::parse_key(code) {
        return Ok(vec![key]);
    }
    Ok(candidates_of(&identify_code(code, state)?))
}

/// The lots a reading may name, in rank order (a 13-digit number may be a GTIN or a
/// guideline lot number).
pub fn candidates_of(id: &lottrace_core::codes::Identification) -> Vec<LotKey> {
    std::iter::once(id)
        .chain(id.alternatives.iter())
        .filter_map(|i| i.lot_key())
        .collect()
}

/// Reads a code as the trace API receives it: any form, or a Digital Link's path
/// without its host.
pub fn identify_code(
    code: &str,
    state: &AppState,
) -> Result<lottrace_core::codes::Identification, ApiError> {
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
    identify(code, &state.resolver())
        .map_err(|e| ApiError::bad_request(e.code, e.message).with_field("code"))
}

/// Events from storage, each parsed once: `collect_connected` asks again for events it
/// has already seen when the frontier grows, and skips them anyway; parsed events are
/// kept in the shared cache for the next trace.
pub struct StoreSource {
    store: Arc<dyn Store>,
    cache: Arc<crate::EventCache>,
    seen: std::collections::HashSet<i64>,
}

impl StoreSource {
    pub fn new(state: &AppState) -> Self {
        StoreSource {
            store: state.store.clone(),
            cache: state.parsed_events.clone(),
            seen: std::collections::HashSet::new(),
        }
    }
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

pub fn party(b: Business) -> Party {
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
pub fn connected_events(state: &AppState, lot: &LotKey) -> Result<Vec<Event>, ApiError> {
    collect_connected(&mut StoreSource::new(state), lot)
}

pub fn parties(store: &dyn Store) -> Result<Vec<Party>, ApiError> {
    Ok(store.businesses()?.into_iter().map(party).collect())
}

/// The first candidate with records: the lot it is, and its connected events.
pub fn first_with_events(
    state: &AppState,
    candidates: &[LotKey],
) -> Result<Option<(LotKey, Vec<Event>)>, ApiError> {
    trace::first_with_events(candidates, |lot| connected_events(state, lot))
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

/// The public trace of the first candidate with records.
pub fn trace_first(
    state: &AppState,
    candidates: &[LotKey],
    lang: Lang,
) -> Result<Option<TraceView>, ApiError> {
    let store = state.store.as_ref();
    let parties = parties(store)?;
    let recalls = open_recalls(store)?;
    let chosen = store.disclosure_choices()?;
    let ctx = TraceContext {
        parties: &parties,
        recalls: &recalls,
        chosen: &chosen,
        lang,
    };
    trace::first_trace(candidates, |lot| connected_events(state, lot), &ctx)
}

/// A lot a recall or export names, with the lots it reaches and their events.
pub struct Scoped {
    pub lot: LotKey,
    pub events: Vec<Event>,
    pub scope: BTreeSet<LotKey>,
    pub parties: Vec<Party>,
}

/// The recall's reach today (the lot and everything made from it).
pub fn recall_reach(state: &AppState, lot: LotKey) -> Result<Scoped, ApiError> {
    let events = connected_events(state, &lot)?;
    Ok(Scoped {
        scope: trace::recall_scope(&lot, &events),
        parties: parties(state.store.as_ref())?,
        lot,
        events,
    })
}

/// A lot's whole chain, back and forward, for the first candidate with records.
pub fn chain_of(state: &AppState, candidates: &[LotKey]) -> Result<Option<Scoped>, ApiError> {
    let Some((lot, events)) = first_with_events(state, candidates)? else {
        return Ok(None);
    };
    Ok(Some(Scoped {
        scope: trace::chain_scope(&lot, &events),
        parties: parties(state.store.as_ref())?,
        lot,
        events,
    }))
}

/// Declares a recall of `lot`: its forward trace today (events closing a cycle left
/// out) is kept as the recall's impact, and every affected lot is marked.
pub fn declare_recall(
    state: &AppState,
    lot: LotKey,
    reason: String,
    by_user: String,
    by_business: &str,
) -> Result<Recall, ApiError> {
    let events = connected_events(state, &lot)?;
    let (events, _) = trace::without_cycles(&lot, &events, Lang::En);
    let parties = parties(state.store.as_ref())?;
    let impact = trace::forward_impact(&lot, &events, &parties)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let affected: Vec<String> = impact.lots.iter().map(|l| l.lot_key.clone()).collect();
    let recall = Recall {
        id: format!("RC-{}", crate::auth::random_id(6)),
        lot_key: lot.key(),
        reason,
        declared_at: crate::auth::now_utc(),
        declared_by: by_user,
        declared_by_business: Some(by_business.to_string()),
        impact: serde_json::to_value(&impact).map_err(|e| ApiError::internal(e.to_string()))?,
    };
    state.store.add_recall(&recall, &affected)?;
    Ok(recall)
}

/// How many events `GET /api/lots` reads at most, per kind (own, shipments): past that,
/// the oldest are left out of the list rather than the request running on.
pub const HELD_LOTS_SCAN: usize = 20_000;
/// How many lots `GET /api/lots` lists at most (newest first).
pub const HELD_LOTS_LIMIT: usize = 500;

/// The business's lots ([`lottrace_core::held_lots`]): read from its own events (and
/// its partners' records of the same lots, for corrections) and from the shipments of
/// every business, of which core keeps those sent to it.
pub fn held_lots(
    store: &dyn Store,
    business: &Business,
) -> Result<Vec<lottrace_core::held_lots::HeldLot>, ApiError> {
    use crate::store::EventQuery;
    const PAGE: usize = 1_000;
    let mut events: Vec<Event> = Vec::new();
    let queries = [
        EventQuery {
            visible_to: Some(business.id.clone()),
            ..Default::default()
        },
        EventQuery {
            biz_step: vec!["shipping".into()],
            ..Default::default()
        },
    ];
    let mut seen = BTreeSet::new();
    for base in queries {
        let mut after = None;
        let mut read = 0;
        while read < HELD_LOTS_SCAN {
            let page = store.query_events(&EventQuery {
                after_seq: after,
                limit: PAGE,
                ..base.clone()
            })?;
            read += page.len();
            let full = page.len() == PAGE;
            for row in page {
                after = Some(row.seq);
                if !seen.insert(row.seq) {
                    continue;
                }
                let e: Event = serde_json::from_str(&row.json)
                    .map_err(|e| ApiError::internal(format!("stored event unreadable: {e}")))?;
                events.push(e);
            }
            if !full {
                break;
            }
        }
    }
    Ok(lottrace_core::held_lots::held_lots(
        &events,
        &business.gln,
        HELD_LOTS_LIMIT,
    ))
}
