//! The retail kiosk (`/kiosk`): a touch panel beside the fish counter, full screen and
//! without the shopper header and footer. The frame holds what lasts across its screens
//! (settings, language, scanner input, idle reset, connection); the screens are the
//! attract screen, a lot, and the staff settings.

mod attract;
mod lot;
mod settings;

pub use attract::Attract;
pub use lot::{KioskLotByCode, KioskLotByGs1};
pub use settings::KioskSettings;

use crate::kiosk::components::config::{self, Overrides};
use crate::kiosk::components::connection::watch_connection;
use crate::kiosk::components::idle::{start_idle_timer, IdleWarning};
use crate::kiosk::components::scan_input::listen_for_wedge;
use crate::kiosk::components::staff_door::listen_for_staff_keys;
use crate::kiosk::components::{use_kiosk, Kiosk};
use crate::shared::i18n::Lang;
use crate::shared::shell::provide_lang;
use crate::shopper::components::scroll_to;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

#[component]
pub fn KioskFrame() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    // The start address's parameters; every kiosk address carries them on.
    let overrides = query.with_untracked(|q| Overrides::from_query(|k| q.get(k)));
    let config = RwSignal::new(overrides.apply(config::load()));
    let lang = Memo::new(move |_| {
        let langs = config.with(|c| c.langs.clone());
        query
            .with(|q| q.get("lang").and_then(|v| Lang::parse(&v)))
            .filter(|l| langs.contains(l))
            .or_else(|| langs.first().copied())
            .unwrap_or_default()
    });
    provide_lang(lang);
    let kiosk = Kiosk::new(config, overrides, lang, use_navigate());
    provide_context(kiosk);
    watch_connection(kiosk);

    let path_is = move |f: &dyn Fn(&str) -> bool| location.pathname.with_untracked(|p| f(p));
    let at_attract = move || path_is(&|p| p == "/kiosk" || p == "/kiosk/");
    listen_for_wedge(kiosk, move || {
        !path_is(&|p| p.starts_with("/kiosk/settings"))
    });
    // Nothing to forget: the bare attract screen in the store's first language.
    let pristine = move || {
        at_attract()
            && kiosk.outcome.with_untracked(Option::is_none)
            && !kiosk.keypad_open.get_untracked()
            && !kiosk.camera_open.get_untracked()
            && kiosk.config.with_untracked(|c| c.langs.first().copied())
                == Some(lang.get_untracked())
    };
    let left = start_idle_timer(kiosk, pristine);
    // Staff with a keyboard: Ctrl+Shift+S opens the settings from any screen.
    listen_for_staff_keys(kiosk);

    // Full screen where the browser allows it: only from a touch, so on the first one.
    let fullscreen = window_event_listener(leptos::ev::pointerdown, |_| request_fullscreen());
    on_cleanup(move || fullscreen.remove());

    // No link leads out of the kiosk: fragments scroll in place, kiosk addresses open in
    // place (no history entry), anything else stays closed (the pages show those as QR
    // codes or text; this catches whatever slips through).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
        else {
            return;
        };
        ev.prevent_default();
        let href = anchor.get_attribute("href").unwrap_or_default();
        if let Some(id) = href.strip_prefix('#') {
            scroll_to(id);
        } else if href.starts_with("/kiosk") {
            kiosk.go(&href);
        }
    };

    view! {
        <div
            class="kiosk"
            on:click=on_click
            on:auxclick=on_click
            on:contextmenu=|ev: leptos::ev::MouseEvent| ev.prevent_default()
        >
            <main id="main" tabindex="-1" class="kiosk-main">
                <Outlet/>
            </main>
            <IdleWarning left/>
        </div>
    }
}

fn request_fullscreen() {
    use js_sys::{Function, Reflect};
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let enabled = Reflect::get(&doc, &"fullscreenEnabled".into()).is_ok_and(|v| v.is_truthy());
    let already = Reflect::get(&doc, &"fullscreenElement".into()).is_ok_and(|v| v.is_truthy());
    if !enabled || already {
        return;
    }
    let Some(root) = doc.document_element() else {
        return;
    };
    let Some(request) = Reflect::get(&root, &"requestFullscreen".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    if let Ok(promise) = request.call0(&root) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            // Refused (a policy, no user gesture): the kiosk works in a window too.
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// Any other address: the attract screen (the kiosk app knows nothing else), keeping
/// the start address's parameters.
#[component]
pub fn KioskElsewhere() -> impl IntoView {
    let kiosk = use_kiosk();
    let navigate = use_navigate();
    Effect::new(move |_| match kiosk {
        Some(k) => k.go(&k.href("", None)),
        None => {
            let search = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            navigate(
                &format!("/kiosk{search}"),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}
