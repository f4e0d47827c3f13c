//! Lottrace web app: Leptos single-page apps, client-side rendered.
//!
//! Several entry points share this library, each compiled to its own WASM so nobody
//! downloads screens they never open, and each has a folder of its own: the shopper app
//! (`shopper/`, `src/main.rs`: home and trace pages), the scan screen (`scan/`,
//! `src/bin/scan.rs`, under `/scan/`), the staff app (`staff/`, `src/bin/staff.rs`, under
//! `/staff/`: sign-in, offline forms, outbox, labels) and the kiosk (`kiosk/`,
//! `src/bin/kiosk.rs`, under `/kiosk/`). What several of them use is in `shared/`. The decode worker
//! (`scan-worker/`, a crate and workspace of its own) is one more WASM, fetched only when scanning.

pub mod kiosk;
pub mod scan;
pub mod shared;
pub mod shopper;
pub mod staff;

use leptos::prelude::IntoView;

/// Replaces the boot shell index.html paints before the WASM arrives with the app.
///
/// A trace page whose live answer index.html has already painted keeps that paint on
/// screen (the app's frame stays hidden under it, style/main.css) until the app has built
/// its own page, which then calls [`remove_boot`]: the shopper never sees a skeleton in
/// between, and the app's start and its first page are two shorter tasks instead of one.
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    console_error_panic_hook::set_once();
    let keep = boot().is_some_and(|b| matches!(b.query_selector(".trace.early.live"), Ok(Some(_))));
    if !keep {
        remove_boot();
    }
    leptos::mount::mount_to_body(app);
}

fn boot() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
}

/// Removes the boot shell (and what index.html painted into it), showing the app.
pub fn remove_boot() {
    if let Some(boot) = boot() {
        boot.remove();
    }
}
