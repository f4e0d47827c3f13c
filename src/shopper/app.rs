//! The shopper app's router: home and the trace page under every code form. The scan
//! screen is an app of its own under `/scan/` (src/scan/).

use crate::shared::shell::ShellRoutes;
use crate::shopper::routes::{Home, TraceByCode, TraceByGs1};
use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    // Shoppers get the app shell offline too (and their saved trace copies with it).
    crate::shared::service_worker::register(|| {});
    view! {
        <ShellRoutes home_in_app=true>
            <Route path=path!("/") view=Home/>
            <Route path=path!("/01/:gtin/10/:lot") view=TraceByGs1/>
            <Route path=path!("/01/:gtin/10/:lot/*any") view=TraceByGs1/>
            <Route path=path!("/t/:code") view=TraceByCode/>
        </ShellRoutes>
    }
}
