//! The way into the staff settings, kept away from shoppers: no button, but a long press
//! (2 s) on the Lottrace mark in the screen's corner (or on the store name), and, for
//! staff with a keyboard, Ctrl+Shift+S anywhere. Either opens `/kiosk/settings`, which
//! asks for the staff PIN.

use super::context::Kiosk;
use leptos::prelude::*;
use std::time::Duration;

/// How long the mark or the store name is held: longer than any tap or scroll.
pub const LONG_PRESS: Duration = Duration::from_millis(2000);

/// The settings screen, in the current language.
pub fn open_settings(kiosk: Kiosk) {
    kiosk.go(&kiosk.href("/settings", Some(kiosk.lang.get_untracked())));
}

/// A press held for [`LONG_PRESS`] opens the settings; lifting the finger, sliding off
/// or the browser taking the gesture (a scroll) before then cancels it.
#[derive(Clone, Copy)]
pub struct LongPress {
    kiosk: Kiosk,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl LongPress {
    /// For the calling component; a press still held when it goes is cancelled.
    pub fn new(kiosk: Kiosk) -> LongPress {
        let press = LongPress {
            kiosk,
            timer: StoredValue::new(None),
        };
        on_cleanup(move || press.cancel());
        press
    }

    pub fn start(self) {
        self.cancel();
        let kiosk = self.kiosk;
        let timer = set_timeout_with_handle(move || open_settings(kiosk), LONG_PRESS).ok();
        self.timer.set_value(timer);
    }

    pub fn cancel(self) {
        // `try_`: the component may be gone already (nothing left to cancel then).
        if let Some(Some(h)) = self.timer.try_update_value(Option::take) {
            h.clear();
        }
    }
}

/// The Lottrace mark in a corner of the attract and lot screens: to shoppers a logo
/// (hidden from screen readers, not focusable, no tooltip); to staff, held for 2 s, the
/// way to the settings.
#[component]
pub fn StaffMark(kiosk: Kiosk) -> impl IntoView {
    let press = LongPress::new(kiosk);
    view! {
        <div
            class="staff-mark"
            aria-hidden="true"
            on:pointerdown=move |_| press.start()
            on:pointerup=move |_| press.cancel()
            on:pointerleave=move |_| press.cancel()
            on:pointercancel=move |_| press.cancel()
        >
            <svg class="logo" viewBox="0 0 32 32" focusable="false">
                <path d="M3 16c5-7 13-9 20-4l6-5v18l-6-5c-7 5-15 3-20-4z"/>
            </svg>
        </div>
    }
}

/// Ctrl+Shift+S (the S key wherever the layout puts it) opens the settings from any
/// kiosk screen, for staff with a keyboard. A wedge scanner never sends it: it types
/// characters and Enter, and the wedge reader ignores keys with Ctrl held.
pub fn listen_for_staff_keys(kiosk: Kiosk) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() && ev.shift_key() && !ev.alt_key() && !ev.meta_key() && ev.code() == "KeyS"
        {
            ev.prevent_default();
            if !ev.repeat() {
                open_settings(kiosk);
            }
        }
    });
    on_cleanup(move || keys.remove());
}
