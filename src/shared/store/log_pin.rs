//! What this browser remembers of the public log (localStorage): the log's verifier key,
//! pinned the first time a trace page checks anything (trust on first use: `GET
//! /log/key` is asked once and never again, so a key the server changes later fails
//! every check instead of being pinned anew), and the last checkpoint verified with it,
//! per log origin, to check on the next visit that the log only grew.

const KEY_ITEM: &str = "lottrace-log-key";
const CHECKPOINT_PREFIX: &str = "lottrace-log-checkpoint:";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The pinned verifier key text.
pub fn pinned_key() -> Option<String> {
    local_storage()?.get_item(KEY_ITEM).ok()?
}

/// Pins a key; a key already pinned is never replaced.
pub fn pin_key(text: &str) {
    if pinned_key().is_some() {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(KEY_ITEM, text);
    }
}

/// The signed note of the last checkpoint verified for the log `origin`.
pub fn kept_checkpoint(origin: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{CHECKPOINT_PREFIX}{origin}"))
        .ok()?
}

pub fn keep_checkpoint(origin: &str, note: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&format!("{CHECKPOINT_PREFIX}{origin}"), note);
    }
}
