//! `/log/`: the tamper-evident log as C2SP tlog-tiles serves it — `checkpoint` (signed
//! note with cosignatures), `key` (verifier key), `tile/<L>/<N>[.p/<W>]`,
//! `tile/entries/<N>[.p/<W>]` — plus `proof/consistency?old=&new=` for witnesses and
//! `POST cosignatures` where registered witnesses leave theirs.

use crate::extract::{Body, Params, PathText};
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use lottrace_core::proof::{Cosignature, LogCheckpoint, TilePath, TreeHead, WitnessKey};

const TEXT: &str = "text/plain; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/checkpoint", get(checkpoint))
        .route("/key", get(key))
        .route("/tile/{*path}", get(tile))
        .route("/proof/consistency", get(consistency))
        .route("/cosignatures", post(cosign))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await?
}

async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let note = blocking(move || {
        let store = state.store.as_ref();
        let head = store.log_head()?;
        Ok(state.log.checkpoint(store, &head)?.0)
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, TEXT),
            // Grows with every capture: always ask again.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        note,
    )
        .into_response())
}

async fn key(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, TEXT),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        format!("{}\n", state.log.key().as_str()),
    )
        .into_response()
}

async fn tile(
    State(state): State<AppState>,
    PathText(path): PathText,
) -> Result<Response, ApiError> {
    let tile = TilePath::parse(&path)
        .map_err(|e| ApiError::bad_request("bad_tile_path", e.to_string()).with_field("path"))?;
    let data = blocking(move || Ok(state.store.log_tile(&tile)?)).await?;
    let Some(data) = data else {
        return Err(ApiError::not_found(format!(
            "tile {path} is beyond the log's current size: read /log/checkpoint first"
        )));
    };
    // A tile's bytes never change for its path; a full tile is also never replaced.
    let cache = if tile.is_full() {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        data,
    )
        .into_response())
}

fn size_param(query: &Params, name: &str) -> Result<u64, ApiError> {
    let text = query.get(name).ok_or_else(|| {
        ApiError::bad_request("missing_parameter", format!("give ?{name}=<tree size>"))
            .with_field(name)
    })?;
    text.parse().map_err(|_| {
        ApiError::bad_request(
            "bad_parameter",
            format!("{name}={text:?} is not a tree size"),
        )
        .with_field(name)
    })
}

async fn consistency(State(state): State<AppState>, query: Params) -> Result<Response, ApiError> {
    let old = size_param(&query, "old")?;
    let new = size_param(&query, "new")?;
    let proof = blocking(move || {
        let size = state.store.log_head()?.size;
        if old > new || new > size {
            return Err(ApiError::bad_request(
                "bad_parameter",
                format!("need old ≤ new ≤ {size} (the log's size), got old={old} new={new}"),
            ));
        }
        Ok(state.store.log_consistency(old, new)?)
    })
    .await?;
    let body: String = proof.iter().map(|h| h.to_base64() + "\n").collect();
    Ok((
        [
            (header::CONTENT_TYPE, TEXT),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response())
}

/// A witness posts the log's signed checkpoint with its cosignature line(s) added. Every
/// line from a registered witness must verify; the log's own signature must too, and
/// the checkpoint must be a head of this log (the root at its size).
async fn cosign(State(state): State<AppState>, Body(bytes): Body) -> Result<Response, ApiError> {
    let note = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::bad_request("bad_checkpoint", "the body is not UTF-8 text"))?;
    let accepted = blocking(move || {
        let store = state.store.as_ref();
        let log = state.log.as_ref();
        let checkpoint = LogCheckpoint::open(&note, log.key()).map_err(|e| {
            ApiError::bad_request("bad_checkpoint", format!("not this log's checkpoint: {e}"))
        })?;
        let current = store.log_head()?;
        let ours = if checkpoint.head.size <= current.size {
            store.log_root(checkpoint.head.size)?
        } else {
            None
        };
        if ours != Some(checkpoint.head.root) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "not_our_tree",
                format!(
                    "this log has no tree of size {} with that root",
                    checkpoint.head.size
                ),
            ));
        }
        let registered = store.witnesses()?;
        let body = checkpoint.body();
        let (_, signatures) = note.split_once("\n\n").unwrap_or_default();
        let mut accepted = Vec::new();
        for line in signatures.lines().filter(|l| !l.is_empty()) {
            let cosig = Cosignature::parse_line(line)
                .map_err(|e| ApiError::bad_request("bad_cosignature", e.to_string()))?;
            if cosig.name() == log.origin() {
                continue;
            }
            let Some((name, key)) = registered.iter().find(|(n, _)| n == cosig.name()) else {
                return Err(ApiError::forbidden(format!(
                    "{} is not a registered witness of this log (lottrace-server log add-witness)",
                    cosig.name()
                )));
            };
            let key = WitnessKey::parse(key)
                .map_err(|e| ApiError::internal(format!("witness {name}: {e}")))?;
            if !cosig.verifies(&key, body.as_bytes()) {
                return Err(ApiError::bad_request(
                    "bad_cosignature",
                    format!("the cosignature of {name} does not verify for this checkpoint"),
                ));
            }
            let line = cosig
                .to_line()
                .map_err(|e| ApiError::bad_request("bad_cosignature", e.to_string()))?;
            store.add_cosignature(name, &checkpoint.head, &line)?;
            accepted.push(name.clone());
        }
        if accepted.is_empty() {
            return Err(ApiError::bad_request(
                "no_cosignature",
                "the checkpoint carries no witness cosignature",
            ));
        }
        Ok((checkpoint.head, accepted))
    })
    .await?;
    let (head, names): (TreeHead, Vec<String>) = accepted;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "tree_size": head.size, "cosigned_by": names })),
    )
        .into_response())
}
