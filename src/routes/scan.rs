use crate::components::{set_title, CodeEntry, ExternalCode, TextCode};
use crate::i18n::{tr, use_lang, with_lang, Key};
use crate::scan::client::{self, DecodeError};
use crate::scan::route::{classify, this_host, Target};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::sync::atomic::{AtomicU32, Ordering};
use web_sys::HtmlInputElement;

#[derive(Debug, Clone, PartialEq)]
enum ScanState {
    Idle,
    Decoding,
    Failed(Key),
    External { url: String, host: String },
    Text(String),
}

/// The scan screen. For now the photo fallback (the camera comes next) and the typed
/// entry; decoding happens in the worker, never on this thread.
#[component]
pub fn Scan() -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let (state, set_state) = signal(ScanState::Idle);
    Effect::new(move |_| set_title(Key::ScanTitle.get(lang.get())));

    // Start the worker now, so its WASM downloads while the shopper picks a photo.
    if client::warm_up().is_err() {
        set_state.set(ScanState::Failed(Key::ScannerFailed));
    }

    // Only the latest photo's result counts; an earlier, slower one is ignored.
    static GENERATION: AtomicU32 = AtomicU32::new(0);

    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // Cleared so choosing the same photo again fires `change` again.
        input.set_value("");
        let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
        set_state.set(ScanState::Decoding);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = client::decode(&file).await;
            if GENERATION.load(Ordering::Relaxed) != generation {
                return;
            }
            let next = match result {
                Ok(decoded) => {
                    vibrate();
                    match classify(&decoded.text, &this_host()) {
                        Ok(Target::Trace(path)) => {
                            navigate(
                                &with_lang(&path, lang.get_untracked()),
                                NavigateOptions::default(),
                            );
                            return;
                        }
                        Ok(Target::External { url, host }) => ScanState::External { url, host },
                        // Malformed codes are still shown, as text.
                        Ok(Target::Text(_)) | Err(()) => ScanState::Text(decoded.text),
                    }
                }
                Err(DecodeError::NotFound) => ScanState::Failed(Key::NoCodeFound),
                Err(DecodeError::Unreadable) => ScanState::Failed(Key::ImageUnreadable),
                Err(DecodeError::Worker) => ScanState::Failed(Key::ScannerFailed),
            };
            set_state.set(next);
        });
    };

    let status = move || match state.get() {
        ScanState::Idle => None,
        ScanState::Decoding => {
            Some(view! { <p class="progress">{tr(Key::Decoding)}</p> }.into_any())
        }
        ScanState::Failed(key) => {
            Some(view! { <p class="error" role="alert">{tr(key)}</p> }.into_any())
        }
        ScanState::External { url, host } => Some(view! { <ExternalCode url host/> }.into_any()),
        ScanState::Text(text) => Some(view! { <TextCode text/> }.into_any()),
    };

    view! {
        <div class="scan">
            <h1>{tr(Key::ScanTitle)}</h1>
            <p class="lead">{tr(Key::ScanIntro)}</p>
            <label class="button primary big file">
                <input
                    type="file"
                    accept="image/*"
                    capture="environment"
                    on:change=on_change
                />
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z"/>
                </svg>
                <span>{tr(Key::UploadPhoto)}</span>
            </label>
            <div class="scan-status" aria-live="polite">
                {status}
            </div>
            <section class="card" aria-labelledby="or-type">
                <h2 id="or-type">{tr(Key::OrType)}</h2>
                <CodeEntry/>
            </section>
        </div>
    }
}

/// A short buzz where supported: the shopper's eyes may be on the pack, not the screen.
fn vibrate() {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().vibrate_with_duration(40);
    }
}
