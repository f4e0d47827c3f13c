use crate::kiosk::components::camera::{camera_possible, KioskCamera};
use crate::kiosk::components::keypad::Keypad;
use crate::kiosk::components::lang_buttons::LangButtons;
use crate::kiosk::components::outcome::OutcomeView;
use crate::kiosk::components::staff_door::{LongPress, StaffMark};
use crate::kiosk::components::Kiosk;
use crate::shared::components::set_title;
use crate::shared::i18n::{tr, Key};
use leptos::prelude::*;

/// The attract screen: an invitation to scan, in each of the store's languages, and
/// the other ways in (keypad, camera).
#[component]
pub fn Attract() -> impl IntoView {
    let kiosk = expect_context::<Kiosk>();
    let lang = kiosk.lang;
    let store = move || kiosk.config.with(|c| c.store.clone());
    // Between shoppers: the businesses' code keys, for checking signed codes offline
    // (fetched only when the cached set is more than five minutes old).
    leptos::task::spawn_local(crate::shared::store::code_keys::refresh());
    Effect::new(move |_| {
        let s = store();
        set_title(if s.is_empty() {
            Key::KioskTitle.get(lang.get())
        } else {
            &s
        });
    });

    // Staff hold the store name (or the mark in the corner) for the settings.
    let press = LongPress::new(kiosk);

    let others = move || {
        let current = lang.get();
        kiosk
            .config
            .with(|c| c.langs.clone())
            .into_iter()
            .filter(|l| *l != current)
            .map(|l| view! { <li lang=l.code()>{Key::KioskInvite.get(l)}</li> })
            .collect_view()
    };
    let camera = camera_possible();

    view! {
        <div class="kiosk-attract">
            <StaffMark kiosk/>
            <p
                class="kiosk-store"
                on:pointerdown=move |_| press.start()
                on:pointerup=move |_| press.cancel()
                on:pointerleave=move |_| press.cancel()
                on:pointercancel=move |_| press.cancel()
            >
                {move || {
                    let s = store();
                    if s.is_empty() { "Lottrace".to_owned() } else { s }
                }}
            </p>
            <h1 class="invite">{tr(Key::KioskInvite)}</h1>
            <ul class="invite-others">{others}</ul>
            <svg class="scan-art" viewBox="0 0 64 40" aria-hidden="true" focusable="false">
                <path d="M4 10V4h6M54 4h6v6M60 30v6h-6M10 36H4v-6M14 10v20M19 10v20M23 10v20M29 10v20M33 10v20M38 10v20M44 10v20M49 10v20"/>
            </svg>
            <p class="lead">{tr(Key::KioskInviteHint)}</p>
            <Show when=move || !kiosk.online.get()>
                <p class="kiosk-offline" role="status">{tr(Key::KioskOffline)}</p>
            </Show>
            <div class="kiosk-outcome" aria-live="polite">
                {move || kiosk.outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
            </div>
            <div class="kiosk-actions">
                {panel_button(kiosk, "button primary huge", Key::KioskTypeNumber, kiosk.keypad_open, kiosk.camera_open)}
                {camera.then(|| panel_button(kiosk, "button huge", Key::KioskUseCamera, kiosk.camera_open, kiosk.keypad_open))}
            </div>
            <Show when=move || kiosk.keypad_open.get()>
                <Keypad kiosk/>
            </Show>
            <Show when=move || kiosk.camera_open.get()>
                <KioskCamera kiosk/>
            </Show>
            <LangButtons kiosk/>
        </div>
    }
}

/// A button that opens one way of entering a code (the keypad, the camera) and closes
/// the other, clearing what the last code said.
fn panel_button(
    kiosk: Kiosk,
    class: &'static str,
    label: Key,
    open: RwSignal<bool>,
    other: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| {
                kiosk.outcome.set(None);
                other.set(false);
                open.update(|o| *o = !*o);
            }
        >
            {tr(label)}
        </button>
    }
}
