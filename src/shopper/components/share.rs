//! Share this trace: the system share sheet where the browser has one (Web Share API),
//! else the link copied to the clipboard with a confirmation, else the link shown to copy.

use crate::shared::i18n::{Key, Lang};
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn navigator_fn(name: &str) -> Option<(JsValue, Function)> {
    let nav: JsValue = web_sys::window()?.navigator().into();
    let f = Reflect::get(&nav, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((nav, f))
}

/// `navigator.clipboard.writeText(text)`, resolved.
async fn copy_text(text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| JsValue::from(w.navigator())) else {
        return false;
    };
    let Some(clipboard) = Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| c.is_object())
    else {
        return false;
    };
    let Some(write) = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    match write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok())
    {
        Some(p) => JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Shared {
    Idle,
    Copied,
    Manual,
}

pub fn share_button(title: String, ui: Lang) -> AnyView {
    let state = RwSignal::new(Shared::Idle);
    let link = RwSignal::new(String::new());
    let can_share = navigator_fn("share").is_some();
    let on_click = move |_| {
        let url = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        link.set(url.clone());
        if let Some((nav, share)) = navigator_fn("share") {
            let data = Object::new();
            let _ = Reflect::set(&data, &"title".into(), &JsValue::from_str(&title));
            let _ = Reflect::set(&data, &"url".into(), &JsValue::from_str(&url));
            if let Some(p) = share
                .call1(&nav, &data)
                .ok()
                .and_then(|p| p.dyn_into::<Promise>().ok())
            {
                // Rejected when the shopper closes the sheet: nothing to say then.
                spawn_local(async move {
                    let _ = JsFuture::from(p).await;
                });
                return;
            }
        }
        spawn_local(async move {
            let copied = copy_text(&url).await;
            state.set(if copied {
                Shared::Copied
            } else {
                Shared::Manual
            });
        });
    };
    let label = if can_share {
        Key::ShareAction
    } else {
        Key::CopyLink
    };
    view! {
        <div class="share">
            <button type="button" class="button share-button" on:click=on_click>
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <circle cx="18" cy="5" r="3"/>
                    <circle cx="6" cy="12" r="3"/>
                    <circle cx="18" cy="19" r="3"/>
                    <path d="m8.6 13.5 6.8 4M15.4 6.5l-6.8 4"/>
                </svg>
                <span>{label.get(ui)}</span>
            </button>
            <p class="share-status" role="status">
                {move || match state.get() {
                    Shared::Idle => None,
                    Shared::Copied => Some(Key::LinkCopied.get(ui).into_any()),
                    Shared::Manual => Some(view! {
                        <label class="manual-link">
                            <span>{Key::CopyManually.get(ui)}</span>
                            <input type="text" readonly value=link.get_untracked()/>
                        </label>
                    }.into_any()),
                }}
            </p>
        </div>
    }
    .into_any()
}
