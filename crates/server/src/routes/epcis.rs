//! The EPCIS 2.0 REST subset: `POST /epcis/capture` and `GET /epcis/events`.
//!
//! Capture answers 201 synchronously: the document is validated, authorised and stored
//! in one transaction before the answer, so a 201 means stored and durable (no capture
//! job to poll). Re-sending is harmless: events already stored are reported as
//! duplicates. Queries page in capture order; `nextPageToken` points after the last
//! event of a page, so pages stay stable while new events arrive.

use crate::auth::Staff;
use crate::extract::{require_json, Body, Params};
use crate::store::EventQuery;
use crate::{capture, ApiError, AppState, CAPTURE_BODY_LIMIT};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use lottrace_core::api::CaptureReceipt;
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::{self, query_document_at, Event};
use lottrace_core::trace::redact_for_partner;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/capture",
            post(capture_document).layer(DefaultBodyLimit::max(CAPTURE_BODY_LIMIT)),
        )
        .route("/events", get(query_events))
}

fn epcis_headers(h: &mut HeaderMap) {
    h.insert("GS1-EPCIS-Version", HeaderValue::from_static("2.0.0"));
    h.insert("GS1-CBV-Version", HeaderValue::from_static("2.0.0"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

async fn capture_document(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Body(bytes): Body,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let worker = state.clone();
    let outcome =
        tokio::task::spawn_blocking(move || capture::capture(&worker, &staff, &bytes)).await??;
    let mut response = (
        StatusCode::CREATED,
        Json(CaptureReceipt {
            stored: outcome.stored.len(),
            event_ids: outcome.stored,
            duplicates: outcome.duplicates,
        }),
    )
        .into_response();
    epcis_headers(response.headers_mut());
    Ok(response)
}

const QUERY_PARAMS: [&str; 8] = [
    "MATCH_anyEPC",
    "MATCH_epcClass",
    "EQ_bizStep",
    "EQ_eventID",
    "GE_eventTime",
    "LT_eventTime",
    "perPage",
    "nextPageToken",
];

/// Most values one list parameter may carry.
pub const MAX_LIST_VALUES: usize = 100;

/// Values of a list parameter: repeated, or `|`-separated as in the EPCIS REST binding;
/// more than [`MAX_LIST_VALUES`] is a 400.
fn list(params: &Params, name: &str) -> Result<Vec<String>, ApiError> {
    let values: Vec<String> = params
        .0
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| {
            v.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    if values.len() > MAX_LIST_VALUES {
        return Err(ApiError::bad_request(
            "too_many_values",
            format!(
                "{name} has {} values: at most {MAX_LIST_VALUES} per query (split the query)",
                values.len()
            ),
        )
        .with_field(name));
    }
    Ok(values)
}

fn time_param(params: &Params, name: &str) -> Result<Option<String>, ApiError> {
    params
        .get(name)
        .map(|v| {
            epcis::vocab::parse_time(v)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_parameter",
                        format!("{name} must be an RFC 3339 date-time with offset, got {v:?}"),
                    )
                    .with_field(name)
                })
        })
        .transpose()
}

/// Page tokens name the last capture sequence number seen and the filter they belong to.
fn page_token(seq: i64, filter: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{seq}:{filter}"))
}

fn parse_page_token(token: &str, filter: &str) -> Result<i64, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "invalid_page_token",
            "nextPageToken is not one this query issued: start again without it",
        )
        .with_field("nextPageToken")
    };
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| bad())?;
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    let mut parts = raw.splitn(3, ':');
    match (
        parts.next(),
        parts.next().and_then(|s| s.parse::<i64>().ok()),
        parts.next(),
    ) {
        (Some("v1"), Some(seq), Some(f)) if f == filter => Ok(seq),
        _ => Err(bad()),
    }
}

/// A business reads its own events in full, and other businesses' events that name a
/// lot its own events name, as far as their disclosure allows
/// ([`redact_for_partner`]); regulators and the platform operator read everything.
async fn query_events(
    State(state): State<AppState>,
    staff: Staff,
    params: Params,
) -> Result<Response, ApiError> {
    if let Some((k, _)) = params
        .0
        .iter()
        .find(|(k, _)| !QUERY_PARAMS.contains(&k.as_str()))
    {
        return Err(ApiError::bad_request(
            "unknown_parameter",
            format!(
                "unknown query parameter {k:?}: supported are {}",
                QUERY_PARAMS.join(", ")
            ),
        )
        .with_field(k.clone()));
    }
    let per_page = match params.get("perPage") {
        None => 30,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_parameter",
                    format!("perPage must be a whole number from 1 to 1000, got {v:?}"),
                )
                .with_field("perPage")
            })?,
    };
    let mut query = EventQuery {
        any_epc: list(&params, "MATCH_anyEPC")?,
        epc_class: list(&params, "MATCH_epcClass")?,
        biz_step: list(&params, "EQ_bizStep")?
            .iter()
            .map(|s| epcis::vocab::biz_step_short(s).to_string())
            .collect(),
        event_id: list(&params, "EQ_eventID")?,
        ge_event_time: time_param(&params, "GE_eventTime")?,
        lt_event_time: time_param(&params, "LT_eventTime")?,
        after_seq: None,
        limit: per_page + 1,
        visible_to: (!staff.is_platform_authority()).then(|| staff.business.id.clone()),
    };
    // The filter a token belongs to: every parameter but the token, in a fixed order.
    let filter_text = format!(
        "{:?}",
        (
            &query.any_epc,
            &query.epc_class,
            &query.biz_step,
            &query.event_id,
            &query.ge_event_time,
            &query.lt_event_time,
            per_page
        )
    );
    let filter: String = Sha256::digest(filter_text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    if let Some(token) = params.get("nextPageToken") {
        query.after_seq = Some(parse_page_token(token, &filter)?);
    }
    let store = state.store.clone();
    let (mut rows, chosen, parties) =
        tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
            Ok((
                store.query_events(&query)?,
                store.disclosure_choices()?,
                crate::service::parties(store.as_ref())?,
            ))
        })
        .await??;
    let policy = DisclosurePolicy {
        chosen,
        recall: false,
    };
    let own = staff.business.id.clone();
    let in_full = staff.is_platform_authority();
    let more = rows.len() > per_page;
    rows.truncate(per_page);
    let next = more
        .then(|| rows.last().map(|r| page_token(r.seq, &filter)))
        .flatten();
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let mut value: Value = serde_json::from_str(&row.json)
            .map_err(|e| ApiError::internal(format!("stored event unreadable: {e}")))?;
        if !in_full && row.business_id.as_deref() != Some(own.as_str()) {
            let party = parties
                .iter()
                .find(|p| Some(&p.id) == row.business_id.as_ref());
            redact_for_partner(&mut value, party, &policy);
        }
        if let Some(obj) = value.as_object_mut() {
            // The repository's own time, always (a client's was dropped at capture).
            obj.insert("recordTime".into(), Value::String(row.record_time));
        }
        let event: Event = serde_json::from_value(value)
            .map_err(|e| ApiError::internal(format!("stored event unreadable: {e}")))?;
        events.push(event);
    }
    let now = crate::auth::now_utc();
    let doc = query_document_at(events, "SimpleEventQuery", Some(&now));
    let mut response = Json(doc).into_response();
    epcis_headers(response.headers_mut());
    if let Some(token) = next {
        let mut qs: Vec<(String, String)> = params
            .0
            .iter()
            .filter(|(k, _)| k != "nextPageToken")
            .cloned()
            .collect();
        qs.push(("nextPageToken".into(), token.clone()));
        let encoded: Vec<String> = qs
            .iter()
            .map(|(k, v)| {
                let enc = |s: &str| {
                    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                        .to_string()
                };
                format!("{}={}", enc(k), enc(v))
            })
            .collect();
        if let Ok(v) = HeaderValue::from_str(&format!(
            "</epcis/events?{}>; rel=\"next\"",
            encoded.join("&")
        )) {
            response.headers_mut().insert(header::LINK, v);
        }
        if let Ok(v) = HeaderValue::from_str(&token) {
            response.headers_mut().insert("GS1-Next-Page-Token", v);
        }
    }
    Ok(response)
}
