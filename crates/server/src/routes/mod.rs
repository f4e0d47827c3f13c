//! Routers per area, composed here: the public read API (CORS-open), the staff API, the
//! EPCIS 2.0 capture/query interface, and the app itself for every other path (SPA
//! fallback, so Digital Link paths open the trace page).

mod auth;
mod businesses;
mod codes;
mod embed;
mod epcis;
mod fields;
mod items;
mod locations;
mod log;
mod lots;
mod recalls;
mod trace;

use crate::{security, ApiError, AppState};
use axum::http::{header, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::RequestBodyTimeoutLayer;

fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not accept that method",
    )
}

pub fn router(state: AppState) -> Router {
    // Anyone may read the public trace, codes and dictionary from any origin (kiosks,
    // partner pages), without credentials; nothing else is open cross-origin.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([header::ETAG])
        .max_age(std::time::Duration::from_secs(86400));
    let log = log::router()
        .method_not_allowed_fallback(|| async { method_not_allowed() })
        .fallback(|| async {
            ApiError::not_found("no such log endpoint: see README, Tamper-evident log")
        })
        .layer(cors.clone());
    let public = Router::new()
        .merge(trace::router())
        .merge(codes::router())
        .merge(fields::router())
        .merge(locations::router())
        // Before the layer, so a preflight (OPTIONS) reaches the CORS layer, not a 405.
        .method_not_allowed_fallback(|| async { method_not_allowed() })
        .layer(cors.clone());
    let api = Router::new()
        .merge(public)
        .merge(auth::router())
        .merge(businesses::router())
        .merge(recalls::router())
        .merge(items::router())
        .merge(lots::router())
        .route("/health", get(health))
        .method_not_allowed_fallback(|| async { method_not_allowed() })
        .fallback(|| async { ApiError::not_found("no such API endpoint") });
    let epcis = epcis::router()
        .method_not_allowed_fallback(|| async { method_not_allowed() })
        .fallback(|| async {
            ApiError::not_found("no such EPCIS endpoint: POST /epcis/capture, GET /epcis/events")
        });
    let well_known = Router::new()
        .route("/lottrace/code-keys.json", get(items::key_set))
        .layer(cors.clone());
    let mut router = Router::new()
        .nest("/api", api)
        .nest("/.well-known", well_known)
        .nest("/epcis", epcis)
        .nest("/log", log)
        .merge(embed::router());
    for app in crate::SUB_APPS {
        router = router.nest_service(&format!("/{app}"), app_files(&state.dist.join(app)));
    }
    let limits = state.limits.clone();
    router
        .fallback_service(app_files(&state.dist))
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(axum::middleware::from_fn(security::declared_length))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the server hit a bug handling this request").into_response()
        }))
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .with_state(state)
}

/// Load shedding's answer: 503 with Retry-After (see [`crate::serve`], which puts the
/// in-flight limit around the whole router: a layer on the router would count per route).
pub(crate) async fn overloaded(_: tower::BoxError) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        "the server is handling as many requests as it can: retry in a moment",
    );
    e.retry_after = Some(1);
    e
}

/// One app's built files, with its page for every other path below it (the SPA routes
/// its own URLs). `cargo xtask build` writes `.br`/`.gz` twins at the best levels; they
/// are sent as they are to browsers that accept them.
fn app_files(dir: &std::path::Path) -> ServeDir<ServeFile> {
    let page = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page)
}

/// Liveness and storage check for operators and load balancers.
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<impl IntoResponse, ApiError> {
    let store = state.store.clone();
    let events = tokio::task::spawn_blocking(move || store.event_count()).await??;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok", "events": events })),
    ))
}

/// The language of a public response: `?lang=` first, then Accept-Language (English when
/// it names only languages we do not write in), then Korean.
pub(crate) fn response_lang(
    query: Option<&str>,
    headers: &axum::http::HeaderMap,
) -> lottrace_core::lang::Lang {
    use lottrace_core::lang::Lang;
    query
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::for_accept_language)
        })
        .unwrap_or_default()
}
