//! The page frame the shopper, scan and staff apps share: skip link, header with the home
//! link and language switch, the main landmark, footer; the page language from `?lang=`
//! (else the browser's earlier choice or its own languages, `store::lang_choice`);
//! and a routed app's frame around its routes.

use crate::shared::components::{LangSwitch, NotFound};
use crate::shared::i18n::{tr, with_lang, Key, Lang, LangCtx};
use crate::shared::store::lang_choice;
use leptos::prelude::*;
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::MatchNestedRoutes;

/// A routed app in the page shell (shopper, staff): the router, the shell, and its
/// routes, with the not-found screen for any other path.
#[component]
pub fn ShellRoutes<Defs>(home_in_app: bool, children: RouteChildren<Defs>) -> impl IntoView
where
    Defs: MatchNestedRoutes + Clone + Send + 'static,
{
    view! {
        <Router>
            <Shell home_in_app>
                {Routes(RoutesProps::builder().fallback(NotFound).children(children).build())}
            </Shell>
        </Router>
    }
}

/// Must sit inside the `<Router>`. `home_in_app` is false in the staff app, whose router
/// does not know `/`: its home link then loads the shopper app instead of routing.
#[component]
pub fn Shell(home_in_app: bool, children: Children) -> impl IntoView {
    let query = use_query_map();
    // `?lang=` on any route (and remembered); else this browser's earlier choice or its
    // own languages.
    let fallback = lang_choice::default_lang();
    let lang =
        Memo::new(
            move |_| match query.with(|q| q.get("lang").and_then(|v| Lang::parse(&v))) {
                Some(named) => {
                    lang_choice::remember(named);
                    named
                }
                None => lang_choice::remembered().unwrap_or(fallback),
            },
        );
    let location = use_location();
    // The page's own query stays on the language links: a pack's page is signed
    // (`?8030=…`), and its signature must survive a change of language.
    let path = Signal::derive(move || {
        let kept = without_lang(&location.search.get());
        let pathname = location.pathname.get();
        if kept.is_empty() {
            pathname
        } else {
            format!("{pathname}?{kept}")
        }
    });
    view! { <Frame lang path home_in_app>{children()}</Frame> }
}

/// A query string (with or without its `?`) without its `lang=` pairs.
fn without_lang(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

/// The frame of an app without a router (the scan app, one screen: a router would only
/// add to its download). The language comes from the address as the page loaded; the
/// language links load the page anew.
#[component]
pub fn PageFrame(children: Children) -> impl IntoView {
    let location = web_sys::window().map(|w| w.location());
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    // Language codes need no percent-decoding (`en`, `zh-CN`); without one, this
    // browser's earlier choice or its own languages.
    let named = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse);
    if let Some(named) = named {
        lang_choice::remember(named);
    }
    let lang = named.unwrap_or_else(lang_choice::default_lang);
    let path = location
        .and_then(|l| l.pathname().ok())
        .unwrap_or_else(|| "/".into());
    view! {
        <Frame lang=Memo::new(move |_| lang) path=Signal::stored(path) home_in_app=false>
            {children()}
        </Frame>
    }
}

/// Makes `lang` the page's language: the screens' words, and `<html lang>` kept in step.
pub fn provide_lang(lang: Memo<Lang>) {
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
}

/// The frame itself; `path` is this page's path, which the language links point at.
#[component]
fn Frame(
    lang: Memo<Lang>,
    path: Signal<String>,
    home_in_app: bool,
    children: Children,
) -> impl IntoView {
    provide_lang(lang);
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
            <LangSwitch path/>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="foot">
            <p>{tr(Key::Footer)}</p>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::without_lang;

    #[test]
    fn the_language_links_keep_the_rest_of_the_query() {
        assert_eq!(without_lang("?8030=AbC-_&lang=en"), "8030=AbC-_");
        assert_eq!(without_lang("lang=zh"), "");
        assert_eq!(without_lang(""), "");
        assert_eq!(without_lang("?a=1&lang=ko&b=2"), "a=1&b=2");
    }
}
