use super::{unique_id, ExternalCode};
use crate::kiosk::components::outcome::KioskExternal;
use crate::kiosk::components::use_kiosk;
use crate::shared::i18n::{tr, use_lang, with_lang, Key};
use crate::shared::scanner::route::{classify, this_host, Target};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use lottrace_core::codes::typed::{looks_like_lot_alone, tidy};
use lottrace_core::codes::CodeErrorKind;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How long typing must pause before the code is checked as you type: a number is
/// not "wrong" while its last digits are still coming.
const LIVE_CHECK_AFTER: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Empty,
    /// Why the code is not valid, translated from the codes module's error code.
    Invalid(Key),
    External {
        url: String,
        host: String,
    },
}

/// Provided by an app whose router has no trace page (the scan app): a trace path is
/// opened by loading it, which starts the shopper app.
#[derive(Debug, Clone, Copy)]
pub struct LeaveByLoad;

/// Loads a same-origin path as a new page (leaving this app).
pub fn load_page(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}

/// The message for a `CodeError::code` of `lottrace_core::codes`: every kind has one
/// (the match is exhaustive).
pub fn code_error_key(code: CodeErrorKind) -> Key {
    use CodeErrorKind as K;
    match code {
        K::CheckDigit => Key::ErrCheckDigit,
        K::BadLength | K::TooShort => Key::ErrLength,
        K::BadCharset | K::ControlChar | K::BadUtf8 => Key::ErrCharset,
        K::BadDate | K::BadTime => Key::ErrDate,
        K::TooLong => Key::ErrTooLong,
        K::UnknownFormat | K::Ambiguous | K::Empty => Key::ErrFormat,
        K::BadCountry => Key::ErrCountry,
        K::BadCurrency => Key::ErrCurrency,
        K::BadUrl
        | K::BadPath
        | K::BadQuery
        | K::BadPercentEncoding
        | K::BadQualifier
        | K::QualifierOrder
        | K::NotInDigitalLink
        | K::UnsupportedCompressed
        | K::BadCompressed
        | K::DuplicateAi => Key::ErrUrl,
        K::MissingAi | K::InvalidPairing | K::ConflictingAi => Key::ErrPairing,
        K::UnknownAi
        | K::BadElementString
        | K::EmptyValue
        | K::LoneSeparator
        | K::MisplacedSeparator
        | K::BadSymbologyId
        | K::InvalidValue
        | K::BadWeight
        | K::NoGs1Key => Key::ErrGs1,
        K::NoEpcForm | K::EncodeFailed | K::BadEpcUri | K::UnsupportedEpc | K::NotAPlace => {
            Key::CodeInvalid
        }
    }
}

/// The message for a typed code that could not be read: a lot number typed alone is
/// asked for the product part it lacks.
fn typed_error_key(text: &str, code: CodeErrorKind) -> Key {
    if code == CodeErrorKind::UnknownFormat && looks_like_lot_alone(text) {
        Key::ErrLotAlone
    } else {
        code_error_key(code)
    }
}

/// The typed fallback: the number printed under the barcode, a 13-digit lot number,
/// or a Digital Link, leading to its trace page. The code is checked as it is typed
/// (after a short pause), with the codes module's reason translated.
#[component]
pub fn CodeEntry(#[prop(optional, into)] initial: String) -> impl IntoView {
    let lang = use_lang();
    let kiosk = use_kiosk();
    // The scan app has no router (and no trace page): it loads the trace page instead.
    let navigate = use_context::<LeaveByLoad>().is_none().then(use_navigate);
    let (value, set_value) = signal(initial);
    let (problem, set_problem) = signal(None::<Problem>);
    let input_id = unique_id("code");
    let hint_id = unique_id("code-hint");
    let error_id = unique_id("code-error");
    // Only the latest keystroke's timer checks.
    let typed = Rc::new(Cell::new(0u32));

    let on_submit = {
        let typed = typed.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            // A live check still pending would run after this page is gone: cancel it.
            typed.set(typed.get().wrapping_add(1));
            let text = tidy(&value.get_untracked());
            if text.is_empty() {
                set_problem.set(Some(Problem::Empty));
                return;
            }
            let path = match classify(&text, &this_host(), None) {
                Ok(Target::Trace(path)) => path,
                Ok(Target::External { url, host }) => {
                    set_problem.set(Some(Problem::External { url, host }));
                    return;
                }
                // Well-formed but not a lot we can name here (an SSCC, a product code):
                // the server resolves every code form, and says so if it cannot.
                Ok(Target::Text(_) | Target::Product { .. }) => {
                    lottrace_core::trace::path::code_page(&text)
                }
                Err(code) => {
                    set_problem.set(Some(Problem::Invalid(typed_error_key(&text, code))));
                    return;
                }
            };
            set_problem.set(None);
            let path_and_lang = with_lang(&path, lang.get_untracked());
            match (kiosk, &navigate) {
                // On a kiosk the lot opens in the kiosk's lot screen, in place of this one.
                (Some(k), _) => k.open_trace(&path),
                (None, Some(navigate)) => navigate(&path_and_lang, NavigateOptions::default()),
                (None, None) => load_page(&path_and_lang),
            }
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        set_value.set(text);
        if problem.get_untracked().is_some() {
            set_problem.set(None);
        }
        let n = typed.get().wrapping_add(1);
        typed.set(n);
        let typed = typed.clone();
        set_timeout(
            move || {
                if typed.get() != n {
                    return;
                }
                // The form may be gone by now (a code opened, the screen left).
                let Some(text) = value.try_get_untracked() else {
                    return;
                };
                let text = tidy(&text);
                if text.is_empty() {
                    return;
                }
                if let Err(code) = classify(&text, &this_host(), None) {
                    set_problem.try_set(Some(Problem::Invalid(typed_error_key(&text, code))));
                }
            },
            LIVE_CHECK_AFTER,
        );
    };

    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match problem.get() {
            Some(Problem::Empty | Problem::Invalid(_)) => format!("{hint_id} {error_id}"),
            _ => hint_id.clone(),
        }
    };
    let invalid = move || {
        matches!(problem.get(), Some(Problem::Empty | Problem::Invalid(_))).then_some("true")
    };
    let message = move || match problem.get() {
        Some(Problem::Empty) => Some(
            view! { <p id=error_id.clone() class="error" role="alert">{tr(Key::CodeEmpty)}</p> }
                .into_any(),
        ),
        Some(Problem::Invalid(key)) => Some(
            view! { <p id=error_id.clone() class="error" role="alert">{tr(key)}</p> }.into_any(),
        ),
        Some(Problem::External { url, host }) if kiosk.is_some() => {
            Some(view! { <KioskExternal url host/> }.into_any())
        }
        Some(Problem::External { url, host }) => {
            Some(view! { <ExternalCode url host/> }.into_any())
        }
        None => None,
    };

    view! {
        <form class="code-entry" on:submit=on_submit novalidate>
            <label for=input_id.clone()>{tr(Key::CodeLabel)}</label>
            <p id=hint_id class="hint">{tr(Key::CodeHint)}</p>
            <div class="entry-row">
                <input
                    id=input_id
                    type="text"
                    name="code"
                    inputmode="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    enterkeyhint="go"
                    prop:value=value
                    on:input=on_input
                    aria-describedby=described_by
                    aria-invalid=invalid
                />
                <button type="submit" class="button primary">{tr(Key::ShowTrace)}</button>
            </div>
            {message}
        </form>
    }
}
