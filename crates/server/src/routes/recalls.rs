//! Recalls and FSMA 204 exports (admins and regulators):
//! - `POST /api/recalls` `{lot, reason}` → 201 with the forward trace (every affected lot,
//!   business and location); the public trace of the lot and its descendants shows it.
//! - `GET /api/recalls`, `GET /api/recalls/{id}`
//! - `GET /api/recalls/{id}/export.csv`: the FSMA 204 sortable spreadsheet of the
//!   affected lots; `GET /api/lots/{code}/export.csv`: of one lot's whole chain.

use super::trace::{cycle, first_with_events, lot_candidates, parties};
use crate::auth::{self, Staff};
use crate::extract::{JsonBody, PathText};
use crate::store::Recall;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use lottrace_core::codes::LotKey;
use lottrace_core::genealogy::Genealogy;
use lottrace_core::trace::{forward_impact, fsma204_rows, FSMA204_COLUMNS};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recalls", post(declare).get(list))
        .route("/recalls/{id}", get(one))
        .route("/recalls/{id}/export.csv", get(recall_csv))
        .route("/lots/{*rest}", get(lot_csv))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
}

fn authority(staff: &Staff) -> Result<(), ApiError> {
    if staff.is_authority() {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "recalls and exports are for admins and regulators, not the {} role",
            staff.user.role
        )))
    }
}

#[derive(Deserialize)]
struct NewRecall {
    lot: String,
    reason: String,
}

fn no_lot() -> ApiError {
    ApiError::not_found("no records for this lot: check the code").with_field("/lot")
}

async fn declare(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(body): JsonBody<NewRecall>,
) -> Result<Response, ApiError> {
    authority(&staff)?;
    let reason = body.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(
            ApiError::bad_request("invalid_body", "reason must be 1–2000 characters")
                .with_field("/reason"),
        );
    }
    let candidates = lot_candidates(body.lot.trim(), &state).map_err(|e| e.with_field("/lot"))?;
    let worker = state.clone();
    let by = staff.user.username.clone();
    let recall = tokio::task::spawn_blocking(move || -> Result<Recall, ApiError> {
        let store = &worker.store;
        let (lot, events) = first_with_events(&worker, &candidates)?.ok_or_else(no_lot)?;
        let impact = forward_impact(&lot, &events, &parties(store.as_ref())?).map_err(cycle)?;
        let affected: Vec<String> = impact.lots.iter().map(|l| l.lot_key.clone()).collect();
        let recall = Recall {
            id: format!("RC-{}", auth::random_id(6)),
            lot_key: lot.key(),
            reason,
            declared_at: auth::now_utc(),
            declared_by: by,
            impact: serde_json::to_value(&impact).map_err(|e| ApiError::internal(e.to_string()))?,
        };
        store.add_recall(&recall, &affected)?;
        Ok(recall)
    })
    .await??;
    tracing::warn!(recall = %recall.id, lot = %recall.lot_key, by = %recall.declared_by, "recall declared");
    let location = format!("/api/recalls/{}", recall.id);
    let mut response = (StatusCode::CREATED, Json(recall_json(&recall))).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

fn recall_json(r: &Recall) -> serde_json::Value {
    json!({
        "id": r.id,
        "lot": r.lot_key,
        "reason": r.reason,
        "declared_at": r.declared_at,
        "declared_by": r.declared_by,
        "impact": r.impact,
        "export": format!("/api/recalls/{}/export.csv", r.id),
    })
}

async fn list(State(state): State<AppState>, staff: Staff) -> Result<impl IntoResponse, ApiError> {
    authority(&staff)?;
    let store = state.store.clone();
    let recalls = tokio::task::spawn_blocking(move || store.open_recalls()).await??;
    let out: Vec<_> = recalls
        .iter()
        .map(|r| json!({ "id": r.id, "lot": r.lot_key, "reason": r.reason, "declared_at": r.declared_at, "declared_by": r.declared_by }))
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "recalls": out })),
    ))
}

async fn find(state: &AppState, id: String) -> Result<Recall, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    tokio::task::spawn_blocking(move || store.recall(&lookup))
        .await??
        .ok_or_else(|| ApiError::not_found(format!("no recall {id:?}")))
}

async fn one(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
) -> Result<impl IntoResponse, ApiError> {
    authority(&staff)?;
    let recall = find(&state, id).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(recall_json(&recall)),
    ))
}

/// The CSV file: UTF-8 with a byte-order mark (so Excel reads Korean names right),
/// every cell quoted as needed by the csv crate.
fn csv_response(
    rows: &[lottrace_core::trace::Fsma204Row],
    name: &str,
) -> Result<Response, ApiError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(FSMA204_COLUMNS)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        for row in rows {
            w.write_record(row.cells())
                .map_err(|e| ApiError::internal(e.to_string()))?;
        }
        w.flush().map_err(|e| ApiError::internal(e.to_string()))?;
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let date = chrono::Utc::now().format("%Y%m%d");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"fsma204-{safe}-{date}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        out,
    )
        .into_response())
}

async fn recall_csv(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
) -> Result<Response, ApiError> {
    authority(&staff)?;
    let recall = find(&state, id).await?;
    let lot = LotKey::parse_key(&recall.lot_key)
        .ok_or_else(|| ApiError::internal("stored recall names no lot"))?;
    let worker = state.clone();
    let rows = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let store = &worker.store;
        let events = super::trace::connected_events(&worker, &lot)?;
        // Today's forward trace: lots made from the recalled one after the recall count too.
        let mut scope: BTreeSet<LotKey> = Genealogy::from_events(events.iter())
            .trace_forward(&lot)
            .map_err(cycle)?
            .into_iter()
            .map(|d| d.lot)
            .collect();
        scope.insert(lot);
        Ok(fsma204_rows(&events, &parties(store.as_ref())?, |k| {
            scope.contains(k)
        }))
    })
    .await??;
    csv_response(&rows, &recall.id)
}

async fn lot_csv(
    State(state): State<AppState>,
    staff: Staff,
    PathText(rest): PathText,
) -> Result<Response, ApiError> {
    let Some(code) = rest.strip_suffix("/export.csv") else {
        return Err(ApiError::not_found(
            "no such API endpoint: GET /api/lots/{code}/export.csv",
        ));
    };
    authority(&staff)?;
    let candidates = lot_candidates(code, &state)?;
    let worker = state.clone();
    let (lot, rows) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let store = &worker.store;
        let (lot, events) = first_with_events(&worker, &candidates)?.ok_or_else(no_lot)?;
        // The lot's whole chain: where it came from and where it went.
        let genealogy = Genealogy::from_events(events.iter());
        let mut scope: BTreeSet<LotKey> = genealogy
            .trace_back(&lot)
            .map_err(cycle)?
            .into_iter()
            .map(|a| a.lot)
            .collect();
        scope.extend(
            genealogy
                .trace_forward(&lot)
                .map_err(cycle)?
                .into_iter()
                .map(|d| d.lot),
        );
        scope.insert(lot.clone());
        Ok((
            lot.clone(),
            fsma204_rows(&events, &parties(store.as_ref())?, |k| scope.contains(k)),
        ))
    })
    .await??;
    let name = match &lot {
        LotKey::Gtin { gtin, lot } => format!("{gtin}-{lot}"),
        other => other.key(),
    };
    csv_response(&rows, &name)
}
