//! Recalls and FSMA 204 exports. Regulators and the platform operator's admins act on
//! any lot; a business's admin only on lots of its own chain (lots its business recorded
//! an event for, their ancestors and descendants) and sees only its own rows of an
//! export; other roles neither recall nor export (README, "Security"):
//! - `POST /api/recalls` `{lot, reason}` → 201 with the forward trace (every affected lot,
//!   business and location); the public trace of the lot and its descendants shows it.
//! - `GET /api/recalls`, `GET /api/recalls/{id}`
//! - `GET /api/recalls/{id}/export.csv`: the FSMA 204 sortable spreadsheet of the
//!   affected lots; `GET /api/lots/{code}/export.csv`: of one lot's whole chain.

use crate::auth::Staff;
use crate::extract::{JsonBody, PathText};
use crate::service::{self, lot_candidates, Scoped};
use crate::store::Recall;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use lottrace_core::codes::LotKey;
use lottrace_core::trace::{fsma204_rows, recorded_by, Fsma204Row, FSMA204_COLUMNS};
use serde::Deserialize;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recalls", post(declare).get(list))
        .route("/recalls/{id}", get(one))
        .route("/recalls/{id}/export.csv", get(recall_csv))
        .route("/lots/{*rest}", get(lot_csv))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
}

/// Recalls and exports at all: the platform's authorities and business admins.
fn may_recall(staff: &Staff) -> Result<(), ApiError> {
    if staff.is_platform_authority() || staff.user.role == lottrace_core::role::Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "recalls and exports are for admins and regulators, not the {} role",
            staff.user.role
        )))
    }
}

/// A business admin acts only on a lot of its own chain.
fn on_own_chain(staff: &Staff, scoped: &Scoped) -> Result<(), ApiError> {
    if staff.is_platform_authority() {
        return Ok(());
    }
    let chain: Vec<_> = scoped
        .events
        .iter()
        .filter(|e| {
            lottrace_core::genealogy::EventLinks::of(e)
                .all()
                .any(|k| scoped.scope.contains(k))
        })
        .cloned()
        .collect();
    if recorded_by(&staff.business.id, &chain, &scoped.parties) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "{} recorded nothing on this lot's chain: only a regulator or the platform operator \
             acts on other businesses' lots",
            staff.business.name
        )))
    }
}

/// The rows a caller may read: all for an authority, its own business's for an admin.
fn own_rows(staff: &Staff, rows: Vec<Fsma204Row>) -> Vec<Fsma204Row> {
    if staff.is_platform_authority() {
        return rows;
    }
    rows.into_iter()
        .filter(|r| r.location_gln == staff.business.gln)
        .collect()
}

/// Whether the caller may see this recall: authorities all, an admin those its business
/// declared or is affected by.
fn may_see(staff: &Staff, recall: &Recall) -> bool {
    staff.is_platform_authority()
        || recall.declared_by_business.as_deref() == Some(staff.business.id.as_str())
        || recall.impact["businesses"]
            .as_array()
            .is_some_and(|bs| bs.iter().any(|b| b["id"] == staff.business.id.as_str()))
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
    may_recall(&staff)?;
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
        let scoped = service::chain_of(&worker, &candidates)?.ok_or_else(no_lot)?;
        on_own_chain(&staff, &scoped)?;
        service::declare_recall(&worker, scoped.lot, reason, by, &staff.business.id)
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
    may_recall(&staff)?;
    let store = state.store.clone();
    let authority = staff.is_platform_authority();
    let recalls = tokio::task::spawn_blocking(move || -> Result<Vec<Recall>, ApiError> {
        let open = store.open_recalls()?;
        if authority {
            return Ok(open);
        }
        // An admin's view needs each recall's impact (who it reaches).
        let mut full = Vec::new();
        for r in open {
            full.extend(store.recall(&r.id)?);
        }
        Ok(full)
    })
    .await??;
    let out: Vec<_> = recalls
        .iter()
        .filter(|r| may_see(&staff, r))
        .map(|r| json!({ "id": r.id, "lot": r.lot_key, "reason": r.reason, "declared_at": r.declared_at, "declared_by": r.declared_by }))
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "recalls": out })),
    ))
}

/// The recall, if it exists and the caller may see it (else the same 404: a recall of
/// other businesses' lots is not revealed by a different answer).
async fn find(state: &AppState, staff: &Staff, id: String) -> Result<Recall, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    tokio::task::spawn_blocking(move || store.recall(&lookup))
        .await??
        .filter(|r| may_see(staff, r))
        .ok_or_else(|| ApiError::not_found(format!("no recall {id:?}")))
}

async fn one(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
) -> Result<impl IntoResponse, ApiError> {
    may_recall(&staff)?;
    let recall = find(&state, &staff, id).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(recall_json(&recall)),
    ))
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
/// gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV
/// injection). Every CSV the server writes goes through here.
pub(crate) fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CSV file: UTF-8 with a byte-order mark (so Excel reads Korean names right),
/// every cell quoted as needed by the csv crate and neutralised by [`csv_safe`].
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
            w.write_record(row.cells().map(csv_safe).iter().map(|c| c.as_ref()))
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
    may_recall(&staff)?;
    let recall = find(&state, &staff, id).await?;
    let lot = LotKey::parse_key(&recall.lot_key)
        .ok_or_else(|| ApiError::internal("stored recall names no lot"))?;
    let worker = state.clone();
    let rows = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        // Today's reach: lots made from the recalled one after the recall count too.
        let reach = service::recall_reach(&worker, lot)?;
        let rows = fsma204_rows(&reach.events, &reach.parties, |k| reach.scope.contains(k));
        Ok(own_rows(&staff, rows))
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
    may_recall(&staff)?;
    let candidates = lot_candidates(code, &state)?;
    let worker = state.clone();
    let (lot, rows) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let scoped = service::chain_of(&worker, &candidates)?.ok_or_else(no_lot)?;
        on_own_chain(&staff, &scoped)?;
        let rows = fsma204_rows(&scoped.events, &scoped.parties, |k| {
            scoped.scope.contains(k)
        });
        Ok((scoped.lot, own_rows(&staff, rows)))
    })
    .await??;
    let name = match &lot {
        LotKey::Gtin { gtin, lot } => format!("{gtin}-{lot}"),
        other => other.key(),
    };
    csv_response(&rows, &name)
}

#[cfg(test)]
mod tests {
    use super::csv_safe;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_safe(bad), format!("'{bad}"));
        }
        assert_eq!(csv_safe("넙치 회"), "넙치 회");
        assert_eq!(csv_safe("12.5"), "12.5");
    }
}
