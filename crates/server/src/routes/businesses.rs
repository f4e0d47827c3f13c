//! `GET /api/businesses` (staff) and `GET/PUT /api/businesses/{id}/disclosure`: which
//! `selectable` fields a business shows consumers (its admin or a global admin).

use crate::auth::Staff;
use crate::extract::JsonBody;
use crate::extract::PathText;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::disclosure::{check_choice, selectable_keys};
use serde::Deserialize;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/businesses", get(list))
        .route(
            "/businesses/{id}/disclosure",
            get(get_disclosure).put(put_disclosure),
        )
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
}

async fn list(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    let store = state.store.clone();
    let businesses = tokio::task::spawn_blocking(move || store.businesses()).await??;
    let out: Vec<_> = businesses
        .into_iter()
        .map(|b| json!({ "id": b.id, "name": b.name, "gln": b.gln, "role": b.role, "phone": b.phone, "email": b.email, "address": b.address }))
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "businesses": out })),
    ))
}

/// The business, if the caller may manage it.
async fn managed(state: &AppState, staff: &Staff, id: String) -> Result<String, ApiError> {
    if !staff.is_admin_of(&id) {
        return Err(ApiError::forbidden(
            if staff.user.role == lottrace_core::role::Role::Admin {
                format!("you administer {}, not {id}", staff.user.business_id)
            } else {
                "only an admin of the business chooses what it discloses".to_string()
            },
        ));
    }
    let store = state.store.clone();
    let lookup = id.clone();
    let found = tokio::task::spawn_blocking(move || store.business(&lookup)).await??;
    found
        .map(|b| b.id)
        .ok_or_else(|| ApiError::not_found(format!("no business {id:?}")))
}

async fn choice_json(state: &AppState, id: String) -> Result<serde_json::Value, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    let mut all = tokio::task::spawn_blocking(move || store.disclosure_choices()).await??;
    let chosen: Vec<String> = all
        .remove(&lookup)
        .map(|s| s.into_iter().collect())
        .unwrap_or_default();
    Ok(json!({ "business": id, "fields": chosen, "selectable": selectable_keys() }))
}

async fn get_disclosure(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
) -> Result<impl IntoResponse, ApiError> {
    let id = managed(&state, &staff, id).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(choice_json(&state, id).await?),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Choice {
    fields: Vec<String>,
}

async fn put_disclosure(
    State(state): State<AppState>,
    staff: Staff,
    PathText(id): PathText,
    JsonBody(choice): JsonBody<Choice>,
) -> Result<impl IntoResponse, ApiError> {
    let id = managed(&state, &staff, id).await?;
    let fields = check_choice(choice.fields.iter().map(String::as_str)).map_err(|(i, e)| {
        ApiError::bad_request("invalid_field", e.to_string()).with_field(format!("/fields/{i}"))
    })?;
    let store = state.store.clone();
    let business = id.clone();
    tokio::task::spawn_blocking(move || store.set_disclosure(&business, &fields)).await??;
    tracing::info!(business = %id, by = %staff.user.username, "disclosure choice changed");
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(choice_json(&state, id).await?),
    ))
}
