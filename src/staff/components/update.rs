//! "Reload to update": offered while a new deploy waits (see `crate::shared::service_worker`);
//! only that click activates it, so the app is never swapped under an open form.

use crate::shared::i18n::{tr, Key};
use crate::shared::service_worker::apply_update;
use crate::staff::state::ctx::ctx;
use leptos::prelude::*;

/// "A new version is ready — Reload to update", while one waits.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let c = ctx();
    view! {
        <Show when=move || c.update_ready.get()>
            <div class="update-banner" role="status">
                <span>{tr(Key::StaffUpdateReady)}</span>
                <button type="button" class="button" on:click=move |_| apply_update()>
                    {tr(Key::StaffReloadToUpdate)}
                </button>
            </div>
        </Show>
    }
}
