//! The idle timer: any touch, click, key or scroll counts as someone at the kiosk; after
//! the configured quiet time the kiosk returns to the attract screen and forgets the
//! lot. The last seconds are announced with a button to stay.

use super::context::Kiosk;
use crate::shared::i18n::{msg, tr, use_lang, Key};
use leptos::prelude::*;
use std::time::Duration;

/// How long before the reset the warning shows (only when the timeout is long enough
/// that a warning is not most of it).
const WARN_SECS: u32 = 10;

/// Starts the timer; `pristine` is true when there is nothing to forget (the bare
/// attract screen). Returns the seconds left while the warning should show.
pub fn start_idle_timer(
    kiosk: Kiosk,
    pristine: impl Fn() -> bool + 'static,
) -> ReadSignal<Option<u32>> {
    let last = StoredValue::new(js_sys::Date::now());
    let (left, set_left) = signal(None::<u32>);
    let touch = move || last.set_value(js_sys::Date::now());
    let handles = [
        window_event_listener(leptos::ev::pointerdown, move |_| touch()),
        // A panel with a mouse: moving it means someone is there.
        window_event_listener(leptos::ev::pointermove, move |_| touch()),
        window_event_listener(leptos::ev::keydown, move |_| touch()),
        window_event_listener(leptos::ev::wheel, move |_| touch()),
        window_event_listener(leptos::ev::touchstart, move |_| touch()),
        window_event_listener(leptos::ev::scroll, move |_| touch()),
    ];
    let tick = move || {
        if pristine() {
            last.set_value(js_sys::Date::now());
            set_left.set(None);
            return;
        }
        let limit_ms = f64::from(kiosk.config.with_untracked(|c| c.idle_secs)) * 1000.0;
        let quiet_ms = js_sys::Date::now() - last.get_value();
        if quiet_ms >= limit_ms {
            set_left.set(None);
            last.set_value(js_sys::Date::now());
            kiosk.reset();
            return;
        }
        let secs_left = ((limit_ms - quiet_ms) / 1000.0).ceil() as u32;
        let warn = limit_ms >= f64::from(2 * WARN_SECS) * 1000.0 && secs_left <= WARN_SECS;
        set_left.set(warn.then_some(secs_left));
    };
    let interval = set_interval_with_handle(tick, Duration::from_millis(500)).ok();
    on_cleanup(move || {
        for h in handles {
            h.remove();
        }
        if let Some(i) = interval {
            i.clear();
        }
    });
    left
}

/// "Returning to the start in 8 s", with a button to keep the page (any touch does).
#[component]
pub fn IdleWarning(left: ReadSignal<Option<u32>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || left.get().is_some()>
            <div class="kiosk-idle" role="status">
                <p>
                    {move || {
                        msg::KioskIdleWarning {
                            n: &left.get().unwrap_or(0),
                        }
                        .text(lang.get())
                    }}
                </p>
                // The pointerdown on it already resets the timer; the click does nothing else.
                <button type="button" class="button primary">{tr(Key::KioskStay)}</button>
            </div>
        </Show>
    }
}
