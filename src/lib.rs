//! Lottrace web app: Leptos single-page apps, client-side rendered.
//!
//! Several entry points share this library, each compiled to its own WASM so nobody
//! downloads screens they never open: the shopper app (`src/main.rs`: home and trace
//! pages), the scan screen (`src/bin/scan.rs`, under `/scan/`), the staff app
//! (`src/bin/staff.rs`, under `/staff/`: sign-in, offline forms, outbox, labels) and the
//! kiosk (`src/bin/kiosk.rs`, under `/kiosk/`). The decode worker
//! (`scan-worker/`, a crate and workspace of its own) is one more WASM, fetched only when scanning.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod kiosk_app;
pub mod routes;
pub mod scan;
pub mod scan_app;
pub mod service_worker;
pub mod shell;
pub mod staff_api;
pub mod staff_app;
pub mod store;

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
