use crate::shared::components::{
    load_page, page_title, problem_key, CameraView, CodeEntry, ExternalCode, OutcomeCard, TextCode,
};
use crate::shared::i18n::{msg, tr, use_lang, with_lang, Key};
use crate::shared::scanner::camera::{self, Status};
use crate::shared::scanner::client::{self, DecodeError, Decoded};
use crate::shared::scanner::route::{classify, this_host, Target};
use crate::shared::scanner::wedge;
use crate::shared::store::code_keys;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lottrace_core::authenticity::{CodeKey, SignatureCheck};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use web_sys::HtmlInputElement;

/// How long the camera runs before the shopper app is fetched in the background.
const PREFETCH_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, PartialEq)]
enum ScanState {
    Idle,
    Decoding,
    Failed(Key),
    /// A trace code was read; the trace page opens next.
    Found,
    External {
        url: String,
        host: String,
    },
    Product(String),
    Text(String),
    /// A signed code whose signature does not hold on this device: its trace page
    /// (opened only if the shopper asks).
    Forged(String),
}

/// The scan screen: the live camera (decoding in the worker, never on this thread),
/// a photo upload and typed entry as fallbacks, and keyboard-wedge scanners anywhere.
/// The page's inline script (scan.html) has usually asked for the camera and started the
/// worker already; `scan::camera` and `scan::client` adopt them.
#[component]
pub fn Scan() -> impl IntoView {
    client::mark(client::MARK_APP);
    let lang = use_lang();
    let (state, set_state) = signal(ScanState::Idle);
    let (camera_status, set_camera_status) = signal(Status::Starting);
    let (torch_on, set_torch_on) = signal(false);
    // Who signed the code just read, when its signature holds on this device.
    let (signed_by, set_signed_by) = signal(None::<CodeKey>);
    page_title(Key::ScanTitle);

    // Start the worker now, so its WASM downloads while the camera starts.
    if client::warm_up().is_err() {
        set_state.set(ScanState::Failed(Key::ScannerFailed));
    }

    // What a read code leads to; the same for camera, photo and scanner.
    let act = move |decoded: Decoded| {
        vibrate();
        let symbol = (!decoded.format.is_empty()).then_some(decoded.format.as_str());
        let next = match classify(&decoded.code_text(), &this_host(), symbol) {
            Ok(Target::Trace(path)) => {
                let signature = code_keys::check_text(&decoded.code_text(), &this_host());
                // Refused here, offline too.
                if signature.as_ref().is_some_and(code_keys::refuses) {
                    set_state.set(ScanState::Forged(path));
                    return;
                }
                set_signed_by.set(match signature {
                    Some(SignatureCheck::Valid(key)) => Some(key),
                    _ => None,
                });
                // The trace page is the shopper app's: a page load (from the cache the
                // service worker filled while the camera ran), started first. The
                // browser keeps painting this page until the trace page paints, so the
                // "found" highlight set below is seen without a wait on top of the load.
                client::mark(client::MARK_LEAVE);
                load_page(&with_lang(&path, lang.get_untracked()));
                // Leaving: the camera goes off now, not when the page unloads.
                camera::close();
                ScanState::Found
            }
            Ok(Target::External { url, host }) => ScanState::External { url, host },
            Ok(Target::Product { gtin }) => ScanState::Product(gtin),
            // Malformed codes are still shown, as text.
            Ok(Target::Text(_)) | Err(_) => ScanState::Text(decoded.text),
        };
        set_state.set(next);
    };

    // The service worker is registered only once the camera has run for a moment (or is
    // known to be unavailable): its install downloads the shopper app in the background,
    // so the trace page a scan leads to opens from the cache, and that must not compete
    // with the camera's and the decoder's start, nor with a trace page already loading
    // (a pack held in view from the start is read at once: then nothing is prefetched).
    let registered = Rc::new(Cell::new(false));
    let register_worker = move |status: &Status| {
        let delay = match status {
            Status::Live { .. } => PREFETCH_AFTER,
            Status::Off(_) => Duration::ZERO,
            Status::Starting | Status::Found => return,
        };
        if registered.replace(true) {
            return;
        }
        set_timeout(
            move || {
                if state.get_untracked() != ScanState::Found {
                    crate::shared::service_worker::register(|| {});
                    // The businesses' code keys, for checking signed codes offline.
                    spawn_local(code_keys::refresh());
                }
            },
            delay,
        );
    };

    // Back from the trace page, the browser may restore this page as it was left (the
    // back/forward cache): "found", the camera closed. Then the scan starts again.
    let (restored, set_restored) = signal(0u32);
    let on_show = window_event_listener_untyped("pageshow", move |ev| {
        let persisted = js_sys::Reflect::get(&ev, &"persisted".into()).is_ok_and(|p| p.is_truthy());
        if persisted {
            set_state.set(ScanState::Idle);
            set_restored.update(|n| *n = n.wrapping_add(1));
        }
    });
    on_cleanup(move || on_show.remove());

    let video_ref = NodeRef::<leptos::html::Video>::new();
    // Opens the camera once the preview exists, and again after a restore.
    Effect::new(move |opened: Option<Option<u32>>| {
        let generation = restored.get();
        if opened.flatten() == Some(generation) {
            return Some(generation);
        }
        // Not yet in the page: the effect runs again when it is.
        let video = video_ref.get()?;
        set_torch_on.set(false);
        let register_worker = register_worker.clone();
        camera::open(
            video,
            move |status| {
                if matches!(status, Status::Starting) {
                    set_torch_on.set(false);
                }
                register_worker(&status);
                set_camera_status.set(status);
            },
            act,
        );
        Some(generation)
    });
    on_cleanup(camera::close);

    // Keyboard-wedge scanners: a fast burst of keys ending in Enter, anywhere (a scanner
    // typing into the code field must not also submit it).
    wedge::listen(move |text| {
        act(Decoded {
            text,
            format: String::new(),
            symbology: String::new(),
        });
        true
    });

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
        spawn_local(async move {
            let result = client::decode(&file).await;
            if GENERATION.load(Ordering::Relaxed) != generation {
                return;
            }
            match result {
                Ok(decoded) => act(decoded),
                Err(DecodeError::NotFound) => set_state.set(ScanState::Failed(Key::NoCodeFound)),
                Err(DecodeError::Unreadable) => {
                    set_state.set(ScanState::Failed(Key::ImageUnreadable))
                }
                Err(DecodeError::Worker) => set_state.set(ScanState::Failed(Key::ScannerFailed)),
            }
        });
    };

    let scan_again = move |_| {
        set_state.set(ScanState::Idle);
        camera::rescan();
    };
    let again_button = move || {
        view! {
            <button type="button" class="button" on:click=scan_again>
                {tr(Key::ScanAgain)}
            </button>
        }
    };

    let status = move || match state.get() {
        ScanState::Idle => None,
        ScanState::Decoding => {
            Some(view! { <p class="progress">{tr(Key::Decoding)}</p> }.into_any())
        }
        ScanState::Failed(key) => {
            Some(view! { <p class="error" role="alert">{tr(key)}</p> }.into_any())
        }
        ScanState::Found => Some(
            view! {
                <p class="found" role="status">
                    <strong>{tr(Key::CodeFound)}</strong>
                    " · "
                    {tr(Key::OpeningTrace)}
                </p>
                {move || {
                    signed_by
                        .get()
                        .map(|key| {
                            let gln = key.gln.clone().unwrap_or_default();
                            view! {
                                <p class="signed" data-signature="valid">
                                    {move || {
                                        msg::SignedBy {
                                            business: &key.business,
                                            gln: &gln,
                                        }
                                            .text(lang.get())
                                    }}
                                </p>
                            }
                        })
                }}
            }
            .into_any(),
        ),
        ScanState::Forged(path) => Some(
            view! {
                <OutcomeCard
                    title=Key::SignatureInvalidTitle
                    text=Key::SignatureInvalidText
                    class="forged"
                    role="alert"
                >
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| load_page(&with_lang(&path, lang.get_untracked()))
                    >
                        {tr(Key::ShowHistoryAnyway)}
                    </button>
                </OutcomeCard>
                {again_button()}
            }
            .into_any(),
        ),
        ScanState::External { url, host } => {
            Some(view! { <ExternalCode url host/> {again_button()} }.into_any())
        }
        ScanState::Product(gtin) => Some(view! { <ProductCode gtin/> {again_button()} }.into_any()),
        ScanState::Text(text) => Some(view! { <TextCode text/> {again_button()} }.into_any()),
    };

    let problem = move || match camera_status.get() {
        Status::Off(p) => Some(p),
        _ => None,
    };
    let live = move || matches!(camera_status.get(), Status::Live { .. } | Status::Found);
    let cameras = move || match camera_status.get() {
        Status::Live { cameras, .. } => cameras,
        _ => 0,
    };
    let torch = move || matches!(camera_status.get(), Status::Live { torch: true, .. });
    let found = move || matches!(state.get(), ScanState::Found);

    let toggle_torch = move |_| {
        let on = !torch_on.get_untracked();
        spawn_local(async move {
            if camera::set_torch(on).await {
                set_torch_on.set(on);
            }
        });
    };

    view! {
        <div class="scan">
            <h1>{tr(Key::ScanTitle)}</h1>
            <CameraView video_ref status=camera_status found=Signal::derive(found)>
                <div class="camera-controls">
                    <Show when=move || { cameras() > 1 }>
                        <button type="button" class="button" on:click=move |_| camera::switch()>
                            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 8h3l2-3h6l2 3h3v11H4zM9 13a3 3 0 0 1 5-2.2M15 13a3 3 0 0 1-5 2.2"/></svg>
                            <span>{tr(Key::SwitchCamera)}</span>
                        </button>
                    </Show>
                    <Show when=torch>
                        <button
                            type="button"
                            class="button"
                            aria-pressed=move || if torch_on.get() { "true" } else { "false" }
                            on:click=toggle_torch
                        >
                            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M13 2 5 14h6l-1 8 8-12h-6z"/></svg>
                            <span>{tr(Key::Torch)}</span>
                        </button>
                    </Show>
                </div>
            </CameraView>
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <OutcomeCard
                                title=Key::CameraUnavailable
                                text=problem_key(p)
                                class="camera-problem"
                                role="alert"
                            >
                                <button type="button" class="button" on:click=move |_| camera::retry()>
                                    {tr(Key::CameraRetry)}
                                </button>
                            </OutcomeCard>
                        }
                    })
            }}
            <div class="scan-status" aria-live="polite">
                {status}
            </div>
            <div class="fallbacks" class:primary=move || !live()>
                <p class="lead">{tr(Key::ScanIntro)}</p>
                <label class="button primary big file">
                    <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        on:change=on_change
                    />
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z"/></svg>
                    <span>{tr(Key::UploadPhoto)}</span>
                </label>
                <section class="card" aria-labelledby="or-type">
                    <h2 id="or-type">{tr(Key::OrType)}</h2>
                    <CodeEntry/>
                </section>
            </div>
        </div>
    }
}

/// A product's own barcode (EAN-13 / UPC-A / GTIN): shown as the product, with what to
/// scan instead to see the lot's history.
#[component]
fn ProductCode(gtin: String) -> impl IntoView {
    view! {
        <OutcomeCard title=Key::ProductTitle text=Key::ProductText>
            <dl class="facts">
                <div>
                    <dt>{tr(Key::Gtin)}</dt>
                    <dd class="gtin">{gtin}</dd>
                </div>
            </dl>
        </OutcomeCard>
    }
}

/// A short buzz where supported: the shopper's eyes may be on the pack, not the screen.
/// Browsers refuse (and log an error) before the person has touched the page.
fn vibrate() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let navigator = w.navigator();
    let touched = js_sys::Reflect::get(&navigator, &"userActivation".into())
        .and_then(|a| js_sys::Reflect::get(&a, &"hasBeenActive".into()))
        .is_ok_and(|v| v.is_truthy());
    if touched {
        let _ = navigator.vibrate_with_duration(40);
    }
}
