//! Lottrace web app: Leptos single-page apps, client-side rendered.
//!
//! Several entry points share this library, each compiled to its own WASM so nobody
//! downloads screens they never open: the shopper app (`src/main.rs`: home and trace
//! pages), the scan screen (`src/bin/scan.rs`, under `/scan/`), the staff app
//! (`src/bin/staff.rs`, under `/staff/`: sign-in, offline forms, outbox, labels) and the
//! kiosk (`src/bin/kiosk.rs`, under `/kiosk/`). The decode worker
//! (`src/scan/worker_main.rs`) is one more WASM, fetched only when scanning.

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
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    console_error_panic_hook::set_once();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app);
}
