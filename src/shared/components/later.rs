//! Building a page in steps: the app's frame, what the first screen shows, then, once
//! that has been painted, the rest. A whole trace page built in one go is one long task on
//! a slow phone (the shopper's taps wait for it); split, each step is short and the top of
//! the page shows sooner.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// Renders `rest` after the next frame has been painted (a frame, then a task).
///
/// In a hidden tab frames do not run, so the rest is built when the tab is shown.
pub fn after_paint(rest: impl FnOnce() -> AnyView + 'static) -> AnyView {
    // One non-generic body for every caller: this is on the shopper's first load.
    deferred(Box::new(rest))
}

fn deferred(rest: Box<dyn FnOnce() -> AnyView>) -> AnyView {
    let ready = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                // The page may be gone by now (the shopper moved on).
                ready.try_set(true);
            },
            Duration::ZERO,
        );
    });
    // Local: views are built on this thread only, and `rest` need not be `Send`.
    let rest = StoredValue::new_local(Some(rest));
    // `untrack`: this closure must run again only when `ready` flips (it runs `rest` once);
    // signals `rest` reads belong to the views it builds.
    (move || {
        ready
            .get()
            .then(|| rest.try_update_value(Option::take))
            .flatten()
            .flatten()
            .map(|rest| untrack(rest))
    })
    .into_any()
}

/// Resolves in a later task (a zero-delay timeout): what follows is not part of the task
/// that is running now.
pub async fn next_task() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (at once where there is no window).
pub async fn sleep_ms(ms: i32) {
    settled_by(|resolve, w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, ms)
            .is_ok()
    })
    .await;
}

/// Resolves at the next animation frame (at once where there are none).
pub async fn next_animation_frame() {
    settled_by(|resolve, w| w.request_animation_frame(resolve).is_ok()).await;
}

/// Waits until `schedule` has the browser call `resolve`; at once when it cannot.
async fn settled_by(schedule: impl Fn(&js_sys::Function, &web_sys::Window) -> bool) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|w| schedule(&resolve, &w));
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
