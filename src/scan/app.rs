//! The scan app (`src/bin/scan.rs`, served under `/scan/` and at the old path `/scan`):
//! one screen in the shopper's frame, without a router. A code that names a lot leaves with a full page
//! load to the shopper app's trace page (this WASM has no trace page in it).

use super::screen::Scan;
use crate::shared::components::LeaveByLoad;
use crate::shared::shell::PageFrame;
use leptos::prelude::*;

#[component]
pub fn ScanApp() -> impl IntoView {
    // Read by the typed entry: a trace path is opened by loading it, not by routing.
    provide_context(LeaveByLoad);
    // No router: whatever the path below /scan, the screen is the scanner, and every
    // way out (home, another language, a trace page) is a page load.
    view! {
        <PageFrame>
            <Scan/>
        </PageFrame>
    }
}
