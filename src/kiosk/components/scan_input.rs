//! Where a code read at the kiosk leads, whichever way it came in (keyboard-wedge
//! scanner, camera, keypad): a lot opens in the kiosk's lot screen; anything else is
//! explained on the attract screen, and nothing opens another site.

use super::context::{Kiosk, Outcome};
use crate::shared::components::code_error_key;
use crate::shared::scanner::route::{classify, this_host, Target};
use crate::shared::scanner::wedge;
use crate::shared::store::code_keys;
use leptos::prelude::*;

/// `symbol` is the decoder's format name when a camera read it (it tells an EAN-13
/// product code from a 13-digit lot number in Code 128); a wedge scanner does not say.
pub fn handle_code(kiosk: Kiosk, text: &str, symbol: Option<&str>) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let outcome = match classify(text, &this_host(), symbol) {
        // A signed code whose signature does not hold is refused here, offline too.
        Ok(Target::Trace(_))
            if code_keys::check_text(text, &this_host())
                .as_ref()
                .is_some_and(code_keys::refuses) =>
        {
            Outcome::Forged
        }
        Ok(Target::Trace(path)) => {
            kiosk.open_trace(&path);
            return;
        }
        Ok(Target::External { url, host }) => Outcome::External { url, host },
        Ok(Target::Product { gtin }) => Outcome::Product(gtin),
        Ok(Target::Text(t)) => Outcome::Text(t),
        Err(code) => Outcome::Invalid(code_error_key(code)),
    };
    kiosk.keypad_open.set(false);
    kiosk.outcome.set(Some(outcome));
    // The explanation is on the attract screen (a no-op when already there).
    kiosk.go(&kiosk.href("", Some(kiosk.lang.get_untracked())));
}

/// Listens for keyboard-wedge scanners anywhere on the page, no focus needed, while
/// `active` (off on the settings screen, where staff type).
pub fn listen_for_wedge(kiosk: Kiosk, active: impl Fn() -> bool + 'static) {
    wedge::listen(move |text| {
        if !active() {
            return false;
        }
        handle_code(kiosk, &text, None);
        true
    });
}
