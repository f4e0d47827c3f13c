//! The sheet that fills a lot code: scan the label with the live camera (where there is
//! one), or a photo of it — both decoded by the scan screen's worker, never on this
//! thread — or pick one of the business's lots (from `GET /api/lots`, kept on the device
//! for offline use, searchable by the printed lot number) or of the device's recent lots.

use crate::shared::components::{problem_key, CameraView};
use crate::shared::i18n::{tr, use_lang, Key, Lang};
use crate::shared::scanner::camera::{self, Status};
use crate::shared::scanner::client::{self, DecodeError, Decoded};
use crate::staff::api::HeldLot;
use crate::staff::state::ctx::ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lottrace_core::fields::unit_label;
use lottrace_core::held_lots::matches_search;
use web_sys::HtmlInputElement;

/// How long a code that names no lot stays on screen before the camera looks again (it
/// would otherwise be read again at once, from the same label, every frame).
const NOT_A_LOT_PAUSE_MS: u64 = 1_500;

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

/// A lot's latest quantity as shown: "420 kg".
pub fn quantity_text(lot: &HeldLot, lang: Lang) -> Option<String> {
    let q = lot.quantity?;
    let unit = lot
        .dictionary_unit()
        .and_then(|u| unit_label(u, lang))
        .map(str::to_owned)
        .or_else(|| lot.unit.clone())
        .unwrap_or_default();
    Some(format!("{q} {unit}").trim_end().to_owned())
}

/// How many of the business's lots the sheet lists at once (the search finds the rest).
const HELD_SHOWN: usize = 50;

#[component]
pub fn LotPicker(open: RwSignal<bool>, on_pick: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    let c = ctx();
    let status = RwSignal::new(None::<Key>);
    let search = RwSignal::new(String::new());
    let search_id = crate::shared::components::unique_id("lot-search");
    Effect::new(move |_| {
        if open.get() {
            search.set(String::new());
            spawn_local(crate::staff::state::lots::refresh());
        }
    });
    let found = Memo::new(move |_| {
        let typed = search.get();
        c.held_lots.with(|all| {
            all.iter()
                .filter(|l| matches_search(l, &typed))
                .take(HELD_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let heading = crate::shared::components::unique_id("pick");
    let on_photo = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        status.set(Some(Key::Decoding));
        spawn_local(async move {
            match client::decode(&file).await {
                Ok(decoded) => match crate::staff::forms::parse_lot(&decoded.code_text()) {
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

    // The live camera, while the sheet is open: the same camera session as the scan
    // screen (one at a time; this app has no scan screen to share it with).
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let camera_status = RwSignal::new(Status::Starting);
    let on_found =
        move |decoded: Decoded| match crate::staff::forms::parse_lot(&decoded.code_text()) {
            Some(k) => {
                camera::close();
                status.set(None);
                open.set(false);
                on_pick.run(k.key());
            }
            None => {
                status.set(Some(Key::StaffNotALot));
                set_timeout(
                    move || {
                        if open.get_untracked() {
                            camera::rescan();
                        }
                    },
                    std::time::Duration::from_millis(NOT_A_LOT_PAUSE_MS),
                );
            }
        };
    // `Some(video)`: the preview the camera was opened into, so a re-run of the effect
    // for the same open sheet does not restart it.
    Effect::new(move |opened: Option<Option<web_sys::HtmlVideoElement>>| {
        if !open.get() {
            if opened.flatten().is_some() {
                camera::close();
            }
            return None;
        }
        let video = video_ref.get()?;
        if let Some(Some(prev)) = &opened {
            if *prev == video {
                return Some(video);
            }
        }
        camera_status.set(Status::Starting);
        camera::open(video.clone(), move |s| camera_status.set(s), on_found);
        Some(video)
    });
    on_cleanup(camera::close);
    let problem = move || match camera_status.get() {
        Status::Off(p) => Some(p),
        _ => None,
    };

    let hid = heading.clone();
    view! {
        <Show when=move || open.get()>
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby=hid.clone()>
                <h2 id=hid.clone()>{tr(Key::StaffPickTitle)}</h2>
                <div class="scan picker-camera">
                    <CameraView video_ref status=camera_status/>
                    // No camera (a desktop, permission refused): the photo below still works.
                    {move || problem().map(|p| view! {
                        <p class="note">
                            <strong>{tr(Key::CameraUnavailable)}</strong>" "{tr(problem_key(p))}
                        </p>
                    })}
                </div>
                <label class="button primary file">
                    <input type="file" accept="image/*" capture="environment" on:change=on_photo/>
                    <span>{tr(Key::StaffScanPhoto)}</span>
                </label>
                <p class="progress" aria-live="polite">{move || status.get().map(|k| tr(k)())}</p>
                <h3>{tr(Key::StaffHeldLots)}</h3>
                <div class="field lot-search">
                    <label for=search_id.clone()>{tr(Key::StaffLotSearch)}</label>
                    <input
                        id=search_id.clone()
                        type="search"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <Show when=move || c.held_lots_cached.get()>
                    <p class="hint held-cached">{tr(Key::StaffHeldLotsCached)}</p>
                </Show>
                {move || {
                    if c.held_lots.with(Vec::is_empty) {
                        return Some(view! { <p class="hint">{tr(Key::StaffHeldLotsNone)}</p> }.into_any());
                    }
                    found.with(Vec::is_empty).then(|| view! { <p class="hint">{tr(Key::StaffLotSearchNone)}</p> }.into_any())
                }}
                <ul class="held-lots">
                    <For each=move || found.get() key=|l| l.key.clone() let:l>
                        {
                            let pick = l.key.clone();
                            let qty = l.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="held-lot"
                                        data-key=l.key.clone()
                                        on:click=move |_| {
                                            open.set(false);
                                            on_pick.run(pick.clone());
                                        }
                                    >
                                        <strong class="lot-number">{l.lot_number.clone()}</strong>
                                        {l.product.clone().map(|p| view! { <span class="product">{p}</span> })}
                                        <span class="qty">{move || quantity_text(&qty, lang.get())}</span>
                                        <code class="key">{l.key.clone()}</code>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || !recent_lots(1).is_empty()>
                    <h3>{tr(Key::StaffRecentLots)}</h3>
                </Show>
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
