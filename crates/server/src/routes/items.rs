//! Item-level codes over HTTP (README "Signed codes"): `POST /api/print-runs` issues a
//! run, `GET /api/print-runs` lists the business's runs, `…/{id}/codes.csv` and
//! `…/{id}/labels?sheet=N` hand its codes out, `GET /api/code-alerts` lists suspicious
//! checks of the business's codes, and `/.well-known/lottrace/code-keys.json` publishes
//! every business's public code key for apps to check signatures offline.

use crate::auth::Staff;
use crate::extract::{JsonBody, Params, PathText};
use crate::items::{self, CODES_PER_LABEL_PAGE};
use crate::store::PrintRun;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::authenticity::PrintRunRequest;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/print-runs", get(list).post(issue))
        .route("/print-runs/{id}/codes.csv", get(codes_csv))
        .route("/print-runs/{id}/labels", get(labels))
        .route("/code-alerts", get(alerts))
}

/// The public key set, mounted at `/.well-known/lottrace/code-keys.json`.
pub async fn key_set(State(state): State<AppState>) -> Result<Response, ApiError> {
    let set = tokio::task::spawn_blocking(move || items::key_set(state.store.as_ref())).await??;
    Ok((
        [
            // Apps cache it for offline checks; a revocation reaches them within minutes.
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        Json(set),
    )
        .into_response())
}

fn sheets(run: &PrintRun) -> u32 {
    run.count.div_ceil(CODES_PER_LABEL_PAGE)
}

fn run_json(run: &PrintRun) -> serde_json::Value {
    json!({
        "id": run.id,
        "gtin": run.gtin,
        "lot": run.lot,
        "count": run.count,
        "created_at": run.created_at,
        "event_id": run.event_id,
        "csv": format!("/api/print-runs/{}/codes.csv", run.id),
        "labels": format!("/api/print-runs/{}/labels?sheet=1", run.id),
        "sheets": sheets(run),
    })
}

async fn issue(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(request): JsonBody<PrintRunRequest>,
) -> Result<Response, ApiError> {
    let (run, codes) =
        tokio::task::spawn_blocking(move || items::issue(&state, &staff, &request)).await??;
    tracing::info!(run = %run.id, gtin = %run.gtin, lot = %run.lot, count = run.count, "print run issued");
    let mut body = run_json(&run);
    body["codes"] = json!(codes);
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/print-runs/{}", run.id)) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    let id = staff.business.id.clone();
    let runs = tokio::task::spawn_blocking(move || state.store.print_runs(&id)).await??;
    let runs: Vec<_> = runs.iter().map(run_json).collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "runs": runs })),
    )
        .into_response())
}

/// The run, if it is `staff`'s business's: another business's run is not found (its
/// existence is not revealed).
fn own_run(state: &AppState, staff: &Staff, id: &str) -> Result<PrintRun, ApiError> {
    match state.store.print_run(id)? {
        Some(run) if run.business_id == staff.business.id => Ok(run),
        _ => Err(ApiError::not_found(
            "no print run of your business has this id",
        )),
    }
}

async fn codes_csv(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
) -> Result<Response, ApiError> {
    let body = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
        let run = own_run(&state, &staff, &id)?;
        let codes = state.store.print_run_codes(&run.id, 0, run.count)?;
        let base = items::public_base(&state);
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = ["position", "gtin", "lot", "serial", "digital_link"];
        out.write_record(header)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        for (i, code) in codes.iter().enumerate() {
            let link = items::code_link(&base, &run, code)?;
            let position = (i + 1).to_string();
            out.write_record([position.as_str(), &run.gtin, &run.lot, &code.serial, &link])
                .map_err(|e| ApiError::internal(e.to_string()))?;
        }
        out.into_inner()
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await??;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"codes.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

async fn labels(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
    query: Params,
) -> Result<Response, ApiError> {
    let sheet: u32 = match query.get("sheet") {
        None => 1,
        Some(s) => s.parse().map_err(|_| {
            ApiError::bad_request("invalid_sheet", "sheet must be a number from 1")
                .with_field("sheet")
        })?,
    };
    let page = tokio::task::spawn_blocking(move || -> Result<String, ApiError> {
        let run = own_run(&state, &staff, &id)?;
        let total = sheets(&run);
        if sheet == 0 || sheet > total {
            return Err(ApiError::bad_request(
                "invalid_sheet",
                format!("this run has sheets 1 to {total}"),
            )
            .with_field("sheet"));
        }
        let codes = state.store.print_run_codes(
            &run.id,
            (sheet - 1) * CODES_PER_LABEL_PAGE,
            CODES_PER_LABEL_PAGE,
        )?;
        let base = items::public_base(&state);
        Ok(items::labels_page(&base, &run, &codes, sheet, total)?.into_string())
    })
    .await??;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response())
}

async fn alerts(State(state): State<AppState>, staff: Staff) -> Result<Response, ApiError> {
    let id = staff.business.id.clone();
    let alerts = tokio::task::spawn_blocking(move || state.store.code_alerts(&id)).await??;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "alerts": alerts })),
    )
        .into_response())
}
