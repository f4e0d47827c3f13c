//! The router and the page shell (header, language, footer).

use crate::components::LangSwitch;
use crate::i18n::{tr, with_lang, Key, Lang, LangCtx};
use crate::routes::staff::{StaffForm, StaffHome, StaffLabels, StaffOutbox, StaffSettings};
use crate::routes::{Home, NotFound, Scan, TraceByCode, TraceByGs1};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_query_map;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let query = use_query_map();
    // `?lang=` on any route; Korean otherwise.
    let lang = Memo::new(move |_| {
        query
            .with(|q| q.get("lang").and_then(|v| Lang::parse(&v)))
            .unwrap_or_default()
    });
    provide_context(LangCtx(lang));
    // The whole app opens offline once visited (the staff screens above all).
    crate::components::staff::update::register_service_worker();
    Effect::new(move |_| {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            // Screen readers pick voice and fonts pick glyphs (Hangul vs Hanzi) from this.
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });

    view! {
        // rel=external: the router would otherwise turn the fragment into a navigation.
        <a class="skip" href="#main" rel="external">{tr(Key::SkipToContent)}</a>
        <header class="top">
            <a class="brand" href=move || with_lang("/", lang.get()) aria-label=tr(Key::HomeLink)>
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <path d="M3 16c5-7 13-9 20-4l6-5v18l-6-5c-7 5-15 3-20-4z"/>
                </svg>
                <span>"Lottrace"</span>
            </a>
            <LangSwitch/>
        </header>
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/scan") view=Scan/>
                <Route path=path!("/staff") view=StaffHome/>
                <Route path=path!("/staff/new/:form") view=StaffForm/>
                <Route path=path!("/staff/outbox") view=StaffOutbox/>
                <Route path=path!("/staff/labels") view=StaffLabels/>
                <Route path=path!("/staff/settings") view=StaffSettings/>
                <Route path=path!("/01/:gtin/10/:lot") view=TraceByGs1/>
                <Route path=path!("/01/:gtin/10/:lot/*any") view=TraceByGs1/>
                <Route path=path!("/t/:code") view=TraceByCode/>
            </Routes>
        </main>
        <footer class="foot">
            <p>{tr(Key::Footer)}</p>
        </footer>
    }
}
