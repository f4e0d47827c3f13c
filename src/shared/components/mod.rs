//! Pieces several apps use: the camera preview, typed code entry, the language switch,
//! outcomes of a code, the not-found screen, barcode symbols, and building a page in
//! short tasks.

mod camera_view;
mod code_entry;
mod lang_switch;
mod later;
mod not_found;
mod outcome;
mod symbol;

pub use camera_view::{problem_key, CameraView};
pub use code_entry::{code_error_key, load_page, CodeEntry, LeaveByLoad};
pub use lang_switch::LangSwitch;
pub use later::{after_paint, next_animation_frame, next_task, sleep_ms};
pub use not_found::NotFound;
pub use outcome::{ExternalCode, OutcomeCard, TextCode};
pub use symbol::SymbolSvg;

use crate::shared::i18n::{use_lang, Key};
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A document-unique id for label/`aria-describedby` pairs, so two instances of a
/// component on one page never share ids.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Sets the document title (one place, so every screen names itself the same way).
pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} · Lottrace"));
    }
}

/// Names the page `key` in the page's language, again whenever the language changes.
pub fn page_title(key: Key) {
    let lang = use_lang();
    Effect::new(move |_| set_title(key.get(lang.get())));
}
