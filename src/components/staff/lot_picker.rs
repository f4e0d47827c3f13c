//! The sheet that fills a lot code: scan the label (a photo, decoded by the scan
//! screen's worker, never on this thread) or pick one of the device's recent lots.

use crate::i18n::{tr, Key};
use crate::scan::client::{self, DecodeError};
use crate::store::session::ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

/// The lots this business recorded or handled on this device, newest first.
pub fn recent_lots(limit: usize) -> Vec<String> {
    let c = ctx();
    let business = c
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.business.clone()))
        .unwrap_or_default();
    c.briefs.with(|list| {
        let mut seen = Vec::new();
        for e in list.iter().rev().filter(|e| e.business == business) {
            for k in e.lots.iter().chain(e.inputs.iter()) {
                if !seen.contains(k) {
                    seen.push(k.clone());
                }
                if seen.len() >= limit {
                    return seen;
                }
            }
        }
        seen
    })
}

#[component]
pub fn LotPicker(open: RwSignal<bool>, on_pick: Callback<String>) -> impl IntoView {
    let status = RwSignal::new(None::<Key>);
    let heading = crate::components::unique_id("pick");
    let on_photo = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        status.set(Some(Key::Decoding));
        spawn_local(async move {
            match client::decode(&file).await {
                Ok(decoded) => match super::forms::parse_lot(&decoded.text) {
                    Some(k) => {
                        status.set(None);
                        open.set(false);
                        on_pick.run(k.key());
                    }
                    None => status.set(Some(Key::StaffNotALot)),
                },
                Err(DecodeError::NotFound) => status.set(Some(Key::NoCodeFound)),
                Err(DecodeError::Unreadable) => status.set(Some(Key::ImageUnreadable)),
                Err(DecodeError::Worker) => status.set(Some(Key::ScannerFailed)),
            }
        });
    };
    Effect::new(move |_| {
        if open.get() {
            let _ = client::warm_up();
        }
    });
    let hid = heading.clone();
    view! {
        <Show when=move || open.get()>
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby=hid.clone()>
                <h2 id=hid.clone()>{tr(Key::StaffPickTitle)}</h2>
                <label class="button primary file">
                    <input type="file" accept="image/*" capture="environment" on:change=on_photo/>
                    <span>{tr(Key::StaffScanPhoto)}</span>
                </label>
                <p class="progress" aria-live="polite">{move || status.get().map(|k| tr(k)())}</p>
                <h3>{tr(Key::StaffRecentLots)}</h3>
                <ul class="recent">
                    {move || {
                        recent_lots(12)
                            .into_iter()
                            .map(|k| {
                                let pick = k.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="chip"
                                            on:click=move |_| {
                                                open.set(false);
                                                on_pick.run(pick.clone());
                                            }
                                        >
                                            {k}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    {tr(Key::StaffClose)}
                </button>
            </div>
        </Show>
    }
}
