//! The page frame both apps share: skip link, header with the home link and language
//! switch, the main landmark, footer; and the page language from `?lang=`.

use crate::components::LangSwitch;
use crate::i18n::{tr, with_lang, Key, Lang, LangCtx};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Must sit inside the `<Router>`. `home_in_app` is false in the staff app, whose router
/// does not know `/`: its home link then loads the shopper app instead of routing.
#[component]
pub fn Shell(home_in_app: bool, children: Children) -> impl IntoView {
    let query = use_query_map();
    // `?lang=` on any route; Korean otherwise.
    let lang = Memo::new(move |_| {
        query
            .with(|q| q.get("lang").and_then(|v| Lang::parse(&v)))
            .unwrap_or_default()
    });
    provide_context(LangCtx(lang));
    Effect::new(move |_| {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            // Screen readers pick voice and fonts pick glyphs (Hangul vs Hanzi) from this.
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    let home_rel = (!home_in_app).then_some("external");

    view! {
        // rel=external: the router would otherwise turn the fragment into a navigation.
        <a class="skip" href="#main" rel="external">{tr(Key::SkipToContent)}</a>
        <header class="top">
            <a class="brand" href=move || with_lang("/", lang.get()) rel=home_rel aria-label=tr(Key::HomeLink)>
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <path d="M3 16c5-7 13-9 20-4l6-5v18l-6-5c-7 5-15 3-20-4z"/>
                </svg>
                <span>"Lottrace"</span>
            </a>
            <LangSwitch/>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="foot">
            <p>{tr(Key::Footer)}</p>
        </footer>
    }
}
