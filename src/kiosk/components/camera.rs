//! The kiosk's camera, when one is attached: opened on request (a camera watching the
//! shop floor all day helps no one), decoding in the worker through `scan::camera`, and
//! closed when the kiosk returns to its attract screen.

use super::context::Kiosk;
use super::scan_input::handle_code;
use crate::shared::components::{problem_key, CameraView};
use crate::shared::i18n::{tr, Key};
use crate::shared::scanner::camera::{self, Status};
use leptos::prelude::*;

/// Whether this browser can offer a camera at all (`navigator.mediaDevices`).
pub fn camera_possible() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"mediaDevices".into()).ok())
        .is_some_and(|m| m.is_object())
}

#[component]
pub fn KioskCamera(kiosk: Kiosk) -> impl IntoView {
    let (status, set_status) = signal(Status::Starting);
    let video_ref = NodeRef::<leptos::html::Video>::new();
    Effect::new(move |opened: Option<bool>| {
        if opened == Some(true) {
            return true;
        }
        let Some(video) = video_ref.get() else {
            return false;
        };
        camera::open(
            video,
            move |s| set_status.set(s),
            move |decoded| {
                let symbol = (!decoded.format.is_empty()).then_some(decoded.format.as_str());
                handle_code(kiosk, &decoded.code_text(), symbol);
                // Ready for the next pack if this one led nowhere.
                camera::rescan();
            },
        );
        true
    });
    on_cleanup(camera::close);
    let problem = move || match status.get() {
        Status::Off(p) => Some(problem_key(p)),
        _ => None,
    };
    view! {
        <section class="kiosk-camera card" aria-labelledby="kiosk-camera-h">
            <h2 id="kiosk-camera-h">{tr(Key::KioskUseCamera)}</h2>
            <CameraView video_ref status/>
            {move || problem().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
            <button type="button" class="button big" on:click=move |_| kiosk.camera_open.set(false)>
                {tr(Key::KioskClose)}
            </button>
        </section>
    }
}
