//! The trace page: the disclosed history of one lot, as the server sends it. The pieces
//! are in `components::trace`; this file loads the data and picks the screen state
//! (loading, the trace, a saved copy when offline, unknown code, failure).

use crate::shared::api::{
    decode_component, encode_component, fetch_trace, Fetched, TraceError, TracePlace,
};
use crate::shared::components::{next_task, page_title, set_title, CodeEntry};
use crate::shared::i18n::{tr, use_lang, Key, Lang};
use crate::shared::scanner::route::{classify, this_host, Target};
use crate::shared::store::code_keys;
use crate::shared::store::offline_copy::{self, SavedCopy};
use crate::shopper::components::{trace_view, Saved};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use lottrace_core::authenticity::DIGSIG_AI;
use lottrace_core::trace::TraceView;

/// `/01/{gtin}/10/{lot}` (and any Digital Link tail after it): with `/21/{serial}` and
/// `?8030=…` it is one serialised pack's page.
#[component]
pub fn TraceByGs1() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // The segments stay as they are in the URL: a Digital Link lot is percent-encoded
    // (`A%2FB` for the lot `A/B`), and the server decodes it as part of the link.
    let code = Signal::derive(move || {
        let mut code = params.with(|p| {
            format!(
                "01/{}/10/{}",
                p.get("gtin").unwrap_or_default(),
                p.get("lot").unwrap_or_default()
            )
        });
        let serial = params.with(|p| {
            p.get("any")
                .and_then(|tail| {
                    tail.strip_prefix("21/")
                        .map(|s| s.trim_end_matches('/').to_owned())
                })
                .filter(|s| !s.is_empty() && !s.contains('/'))
        });
        if let Some(serial) = serial {
            code.push_str("/21/");
            code.push_str(&serial);
            if let Some(signature) = query.with(|q| q.get(DIGSIG_AI)) {
                code.push_str(&format!("?{DIGSIG_AI}={}", encode_component(&signature)));
            }
        }
        code
    });
    view! { <TracePage code/> }
}

/// `/t/{code}`: any code form the server resolves (13-digit lot number, element string…).
#[component]
pub fn TraceByCode() -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || {
        params.with(|p| decode_component(&p.get("code").unwrap_or_default()))
    });
    view! { <TracePage code/> }
}

/// What the page shows once loading is over.
#[derive(Clone)]
enum Loaded {
    Live(Box<TraceView>),
    /// The network failed and this lot was saved on this device before.
    Saved(Box<SavedCopy>),
    Failed(TraceError),
}

/// The server's verdict on the pack's signature, checked again here with the cached
/// keys: a server (or a proxy) that calls a forged code genuine is caught.
fn check_signature_here(code: &str, view: &mut TraceView) {
    let Some(item) = view.item.as_mut() else {
        return;
    };
    let host = crate::shared::scanner::route::this_host();
    let verdict = code_keys::check_text(&format!("http://{host}/{code}"), &host);
    if verdict.as_ref().is_some_and(code_keys::refuses) {
        item.refused_here();
    }
}

async fn load(code: String, lang: Lang, place: Option<String>) -> Loaded {
    // The app's frame is mounted in the task that started the app; the page is built in
    // the next one (the answer index.html fetched early is usually here already).
    next_task().await;
    let serialised = code.contains("/21/");
    if serialised {
        // For the next scan, and this page's own check below when it is fresh.
        spawn_local(code_keys::refresh());
    }
    match fetch_trace(&code, lang, serialised.then_some(place.as_deref())).await {
        // A cache answered for a server that could not be reached: shown as the saved
        // copy it is, with its date, and not saved again as if it were new.
        Ok(fetched) if fetched.is_stale() => Loaded::Saved(Box::new(SavedCopy {
            fetched_at_ms: fetched.served_at_ms.unwrap_or_default(),
            view: fetched.view,
        })),
        Ok(Fetched { mut view, json, .. }) => {
            check_signature_here(&code, &mut view);
            // Kept for the next time there is no signal; saving never delays the page.
            let (lot_key, view_lang) = (view.lot.key.clone(), view.lang);
            spawn_local(async move {
                // In a task of its own, after the page has been built.
                next_task().await;
                offline_copy::save(&code, &lot_key, view_lang, &json).await;
            });
            Loaded::Live(Box::new(view))
        }
        Err(TraceError::Network) => match offline_copy::load(&code, lang).await {
            Some(copy) => Loaded::Saved(Box::new(copy)),
            None => Loaded::Failed(TraceError::Network),
        },
        Err(e) => Loaded::Failed(e),
    }
}

#[component]
fn TracePage(code: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    // Labels come from the server in one language, so a language switch refetches.
    // On a kiosk: its store, where a shopper's check of a pack was made.
    let place = use_context::<TracePlace>().and_then(|p| p.0);
    let trace = LocalResource::new(move || load(code.get(), lang.get(), place.clone()));
    page_title(Key::TraceTitle);
    let retry = Callback::new(move |()| trace.refetch());
    // A lot seen before shows at once from its saved copy (marked as such) while the
    // live answer is on its way, instead of a skeleton.
    let saved = RwSignal::new(offline_copy::recent(
        &code.get_untracked(),
        lang.get_untracked(),
    ));
    // `try_`: the page may be gone (the shopper or the kiosk moved on) when the copy loads.
    let code_now = move || (code.try_get_untracked(), lang.try_get_untracked());
    Effect::new(move |_| {
        let (code, lang) = (code.get(), lang.get());
        saved.set(offline_copy::recent(&code, lang));
        if saved.with_untracked(Option::is_some) {
            return;
        }
        spawn_local(async move {
            // Not in the app's first task (the live answer usually comes first anyway).
            next_task().await;
            let copy = offline_copy::load(&code, lang).await;
            // Another lot or language may have been asked for meanwhile.
            if copy.is_some() && code_now() == (Some(code), Some(lang)) {
                saved.try_set(copy);
            }
        });
    });
    // The fallback is built once; the closure inside it follows `saved`.
    let waiting = move || {
        move || match saved.get() {
            Some(SavedCopy {
                fetched_at_ms,
                view,
            }) => trace_view(view, Some(Saved::Refreshing(fetched_at_ms)), retry),
            None => view! { <Skeleton/> }.into_any(),
        }
    };

    view! {
        <Suspense fallback=waiting>
            {move || Suspend::new(async move {
                let loaded = trace.await;
                // What index.html painted gives way to the page built here (same task).
                crate::remove_boot();
                match loaded {
                    Loaded::Live(tv) => {
                        set_title(tv.lot.product.as_deref().unwrap_or(&tv.lot.element_string));
                        trace_view(*tv, None, retry)
                    }
                    Loaded::Saved(copy) => {
                        let SavedCopy { fetched_at_ms, view } = *copy;
                        set_title(view.lot.product.as_deref().unwrap_or(&view.lot.element_string));
                        trace_view(view, Some(Saved::Offline(fetched_at_ms)), retry)
                    }
                    Loaded::Failed(err) => {
                        view! { <Failure err code=code.get_untracked() retry/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Shown while loading: the page's shape, so nothing jumps when the data lands.
#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true">
            <p class="visually-hidden" role="status">{tr(Key::Loading)}</p>
            <div class="bone title" aria-hidden="true"></div>
            <div class="bone line" aria-hidden="true"></div>
            <div class="bone card" aria-hidden="true"></div>
            <div class="bone card" aria-hidden="true"></div>
        </div>
    }
}

#[component]
fn Failure(err: TraceError, code: String, retry: Callback<()>) -> impl IntoView {
    match err {
        TraceError::Unknown | TraceError::Invalid => {
            // The number under a product's barcode names the product, not the lot: say
            // so, and ask for the lot printed beside it.
            let product = matches!(
                classify(&code, &this_host(), None),
                Ok(Target::Product { .. })
            );
            let (title, text) = match (product, err) {
                (true, _) => (Key::ProductTitle, Key::ProductTypedText),
                (false, TraceError::Unknown) => (Key::UnknownTitle, Key::UnknownText),
                (false, _) => (Key::InvalidTitle, Key::UnknownText),
            };
            view! {
                <div class="message-page" data-unknown=product.then_some("product")>
                    <h1>{tr(title)}</h1>
                    <p>{tr(text)}</p>
                    <p class="code-text">{code.clone()}</p>
                    <CodeEntry initial=code/>
                </div>
            }
            .into_any()
        }
        TraceError::Network | TraceError::Server => {
            let text = if err == TraceError::Network {
                Key::ErrorNetwork
            } else {
                Key::ErrorServer
            };
            view! {
                <div class="message-page" role="alert">
                    <h1>{tr(Key::ErrorTitle)}</h1>
                    <p>{tr(text)}</p>
                    <button type="button" class="button primary" on:click=move |_| retry.run(())>
                        {tr(Key::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
