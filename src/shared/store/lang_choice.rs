//! The page language when the address does not name one: the language this browser
//! chose last (a language link, or any address with `?lang=`; localStorage), else the
//! browser's own languages (`navigator.languages`, by core's `Lang::for_browser`).
//! index.html's early script follows the same order for the first paint.

use lottrace_core::lang::Lang;

const ITEM: &str = "lottrace-lang";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The language chosen on this browser before, if any.
pub fn remembered() -> Option<Lang> {
    local_storage()?
        .get_item(ITEM)
        .ok()?
        .and_then(|code| Lang::parse(&code))
}

/// Remembers `lang` as this browser's choice.
pub fn remember(lang: Lang) {
    if remembered() == Some(lang) {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(ITEM, lang.code());
    }
}

/// The browser's languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// The language of a page whose address names none.
pub fn default_lang() -> Lang {
    remembered().unwrap_or_else(|| Lang::for_browser(&browser_languages()))
}
