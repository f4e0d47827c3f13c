//! The shopper app's router: home, scan, and the trace page under every code form, in
//! the shopper frame (header, footer); and the retail kiosk under `/kiosk`, in its own
//! full-screen frame.

use crate::routes::kiosk::{
    Attract, KioskElsewhere, KioskFrame, KioskLotByCode, KioskLotByGs1, KioskSettings,
};
use crate::routes::{Home, NotFound, Scan, TraceByCode, TraceByGs1};
use crate::shell::Shell;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    // Shoppers get the app shell offline too (and their saved trace copies with it).
    crate::service_worker::register(|| {});
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell home_in_app=true><NotFound/></Shell> }>
                <ParentRoute path=path!("/kiosk") view=KioskFrame>
                    <Route path=path!("") view=Attract/>
                    <Route path=path!("/settings") view=KioskSettings/>
                    <Route path=path!("/01/:gtin/10/:lot") view=KioskLotByGs1/>
                    <Route path=path!("/01/:gtin/10/:lot/*any") view=KioskLotByGs1/>
                    <Route path=path!("/t/:code") view=KioskLotByCode/>
                    <Route path=path!("/*any") view=KioskElsewhere/>
                </ParentRoute>
                <ParentRoute path=path!("") view=ShopperFrame>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/scan") view=Scan/>
                    <Route path=path!("/01/:gtin/10/:lot") view=TraceByGs1/>
                    <Route path=path!("/01/:gtin/10/:lot/*any") view=TraceByGs1/>
                    <Route path=path!("/t/:code") view=TraceByCode/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The shopper screens share one frame, kept while moving between them.
#[component]
fn ShopperFrame() -> impl IntoView {
    view! {
        <Shell home_in_app=true>
            <Outlet/>
        </Shell>
    }
}
