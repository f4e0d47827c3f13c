//! The kiosk's language switch: the store's languages as big buttons, each named in its
//! own language. Buttons, not links: nothing on a kiosk may be opened elsewhere.

use super::context::Kiosk;
use crate::shared::i18n::{native_name, tr, Key};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LangButtons(kiosk: Kiosk) -> impl IntoView {
    let location = use_location();
    let buttons = move || {
        let langs = kiosk.config.with(|c| c.langs.clone());
        // One language: nothing to switch.
        (langs.len() > 1).then(|| {
            langs
                .into_iter()
                .map(|l| {
                    let current = move || kiosk.lang.get() == l;
                    let on_click = move |_| {
                        let path = location.pathname.get_untracked();
                        let path = path.strip_prefix("/kiosk").unwrap_or("").to_owned();
                        kiosk.go(&kiosk.href(&path, Some(l)));
                    };
                    view! {
                        <li>
                            <button
                                type="button"
                                class="button lang-button"
                                lang=l.code()
                                aria-pressed=move || if current() { "true" } else { "false" }
                                on:click=on_click
                            >
                                {native_name(l)}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <nav class="kiosk-langs" aria-label=tr(Key::LanguageNav)>
            <ul>{buttons}</ul>
        </nav>
    }
}
