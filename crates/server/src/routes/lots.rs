//! `GET /api/lots`: the signed-in business's lots — those its events name and those sent
//! to it — with their printed lot number, product and latest quantity, newest first, for
//! the staff app's lot chooser (kept on the device for offline use).

use crate::auth::Staff;
use crate::{service, ApiError, AppState};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use lottrace_core::api::LotList;

pub fn router() -> Router<AppState> {
    Router::new().route("/lots", get(list))
}

async fn list(State(state): State<AppState>, staff: Staff) -> Result<impl IntoResponse, ApiError> {
    let business = staff.business.clone();
    let lots =
        tokio::task::spawn_blocking(move || service::held_lots(state.store.as_ref(), &business))
            .await??;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(LotList { lots }),
    ))
}
