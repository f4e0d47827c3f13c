//! The retail kiosk's router (`src/bin/kiosk.rs`): everything under `/kiosk`, in the
//! kiosk's full-screen frame. A lot opens at `/kiosk` + its trace path, so the shopper's
//! trace page is reused as it is.

use crate::kiosk::routes::{
    Attract, KioskElsewhere, KioskFrame, KioskLotByCode, KioskLotByGs1, KioskSettings,
};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn KioskApp() -> impl IntoView {
    // The kiosk opens with no network once visited, with the lots it has shown.
    crate::shared::service_worker::register(|| {});
    view! {
        <Router>
            <Routes fallback=KioskElsewhere>
                <ParentRoute path=path!("/kiosk") view=KioskFrame>
                    <Route path=path!("") view=Attract/>
                    <Route path=path!("/settings") view=KioskSettings/>
                    <Route path=path!("/01/:gtin/10/:lot") view=KioskLotByGs1/>
                    <Route path=path!("/01/:gtin/10/:lot/*any") view=KioskLotByGs1/>
                    <Route path=path!("/t/:code") view=KioskLotByCode/>
                    <Route path=path!("/*any") view=KioskElsewhere/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
