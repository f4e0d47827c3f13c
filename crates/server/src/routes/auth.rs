//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`.

use crate::auth::{self, Staff};
use crate::extract::JsonBody;
use crate::store::User;
use crate::{ApiError, AppState};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use lottrace_core::api::LoginRequest;
use serde_json::json;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
}

fn user_json(user: &User, business_name: &str) -> serde_json::Value {
    json!({
        "id": user.id,
        "username": user.username,
        "business": user.business_id,
        "business_name": business_name,
        "role": user.role,
    })
}

async fn login(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    let username = body.username.trim().to_string();
    if username.is_empty() || username.len() > 128 {
        return Err(
            ApiError::bad_request("invalid_body", "username must be 1–128 characters")
                .with_field("/username"),
        );
    }
    if body.password.is_empty() || body.password.len() > 1024 {
        return Err(
            ApiError::bad_request("invalid_body", "password must be 1–1024 characters")
                .with_field("/password"),
        );
    }
    let account_key = format!("user:{}", username.to_lowercase());
    let mut keys = vec![account_key.clone()];
    if let Some(Extension(ConnectInfo(addr))) = peer {
        keys.push(format!("ip:{}", addr.ip()));
    }
    // Counted now, before the password is checked: parallel guesses each use an attempt.
    if let Err(wait) = state.login_limiter.attempt(&keys) {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many failed sign-ins: try again in {wait} s"),
        );
        e.retry_after = Some(wait);
        return Err(e);
    }
    let store = state.store.clone();
    let password = body.password;
    let name = username.clone();
    let found = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        match store.user_by_name(&name)? {
            Some(user) if auth::verify_password(&user.password_hash, &password) => {
                let business = store.business(&user.business_id)?;
                Ok(Some((user, business)))
            }
            Some(_) => Ok(None),
            None => {
                auth::verify_dummy(&password);
                Ok(None)
            }
        }
    })
    .await??;
    let Some((user, business)) = found else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong username or password",
        ));
    };
    state.login_limiter.succeeded(&account_key, &keys[1..]);
    let (token, hash) = auth::new_token();
    let ttl = chrono::Duration::from_std(state.session_ttl).unwrap_or(chrono::Duration::hours(12));
    let expires_at =
        (chrono::Utc::now() + ttl).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let store = state.store.clone();
    let (uid, exp) = (user.id, expires_at.clone());
    tokio::task::spawn_blocking(move || -> Result<(), ApiError> {
        store.purge_sessions(&auth::now_utc())?;
        store.create_session(&hash, uid, &exp)?;
        Ok(())
    })
    .await??;
    let business_name = business.map(|b| b.name).unwrap_or_default();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "token": token,
            "token_type": "Bearer",
            "expires_at": expires_at,
            "user": user_json(&user, &business_name),
        })),
    )
        .into_response())
}

async fn logout(State(state): State<AppState>, staff: Staff) -> Result<StatusCode, ApiError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || store.delete_session(&staff.token_hash)).await??;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(staff: Staff, _headers: HeaderMap) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "user": user_json(&staff.user, &staff.business.name),
            "business": {
                "id": staff.business.id,
                "name": staff.business.name,
                "gln": staff.business.gln,
                "role": staff.business.role,
            },
            "global_admin": staff.is_global_admin(),
        })),
    )
}
