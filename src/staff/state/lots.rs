//! The business's lots for the lot chooser: fetched from `GET /api/lots` when there is a
//! connection, kept in IndexedDB (`meta`, key `lots:<business>`) so the chooser offers
//! them offline too, and shown through `ctx().held_lots`.

use super::ctx::ctx;
use super::db;
use crate::staff::api::{self, HeldLot};
use leptos::prelude::*;

fn key(business: &str) -> String {
    format!("lots:{business}")
}

/// This device's copy of a business's lots (empty when there is none or it is unreadable).
pub async fn cached(business: &str) -> Vec<HeldLot> {
    match db::get(db::META, &key(business)).await {
        Ok(Some(json)) => serde_json::from_str(&json).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Asks the server for the lots and keeps them; `false` when it could not be asked.
pub async fn fetch_and_keep(token: &str, business: &str) -> bool {
    let Ok(lots) = api::lots(token).await else {
        return false;
    };
    if let Ok(json) = serde_json::to_string(&lots) {
        let _ = db::put(db::META, &key(business), &json).await;
    }
    let c = ctx();
    let current = c
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.business.clone()));
    if current.as_deref() == Some(business) {
        c.held_lots.set(lots);
        c.held_lots_cached.set(false);
    }
    true
}

/// Shows the signed-in business's lots: this device's copy at once, then the server's
/// when it answers.
pub async fn refresh() {
    let c = ctx();
    let Some((business, token)) = c.session.with_untracked(|s| {
        s.as_ref()
            .map(|s| (s.business.clone(), s.usable_token().map(str::to_owned)))
    }) else {
        return;
    };
    if c.held_lots.with_untracked(Vec::is_empty) {
        c.held_lots.set(cached(&business).await);
    }
    let fetched = match token {
        Some(t) => fetch_and_keep(&t, &business).await,
        None => false,
    };
    if !fetched {
        c.held_lots_cached.set(true);
    }
}
