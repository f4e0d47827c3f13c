//! The staff app's router (`/staff/…`). Links out of it (the trace page, home) load the
//! shopper app with `rel="external"`.

use crate::shared::shell::ShellRoutes;
use crate::staff::routes::{
    StaffCodes, StaffForm, StaffHome, StaffLabels, StaffOutbox, StaffSettings,
};
use crate::staff::state::ctx::ctx;
use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::path;

#[component]
pub fn StaffApp() -> impl IntoView {
    // The forms must open with no network once visited; a new deploy is offered with
    // "Reload to update", never forced under an open form.
    crate::shared::service_worker::register(|| ctx().update_ready.set(true));
    view! {
        <ShellRoutes home_in_app=false>
            <Route path=path!("/staff") view=StaffHome/>
            <Route path=path!("/staff/new/:form") view=StaffForm/>
            <Route path=path!("/staff/outbox") view=StaffOutbox/>
            <Route path=path!("/staff/labels") view=StaffLabels/>
            <Route path=path!("/staff/codes") view=StaffCodes/>
            <Route path=path!("/staff/settings") view=StaffSettings/>
        </ShellRoutes>
    }
}
