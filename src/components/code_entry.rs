use super::{unique_id, ExternalCode};
use crate::api::encode_component;
use crate::i18n::{tr, use_lang, with_lang, Key};
use crate::scan::route::{classify, this_host, Target};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Empty,
    Invalid,
    External { url: String, host: String },
}

/// The typed fallback: the number printed under the barcode, a 13-digit lot number,
/// or a Digital Link, leading to its trace page.
#[component]
pub fn CodeEntry(#[prop(optional, into)] initial: String) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let (value, set_value) = signal(initial);
    let (problem, set_problem) = signal(None::<Problem>);
    let input_id = unique_id("code");
    let hint_id = unique_id("code-hint");
    let error_id = unique_id("code-error");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = value.get_untracked().trim().to_owned();
        if text.is_empty() {
            set_problem.set(Some(Problem::Empty));
            return;
        }
        let path = match classify(&text, &this_host()) {
            Ok(Target::Trace(path)) => path,
            Ok(Target::External { url, host }) => {
                set_problem.set(Some(Problem::External { url, host }));
                return;
            }
            // Well-formed but not a lot we can name here (an SSCC, a product code):
            // the server resolves every code form, and says so if it cannot.
            Ok(Target::Text(_)) => format!("/t/{}", encode_component(&text)),
            Err(()) => {
                set_problem.set(Some(Problem::Invalid));
                return;
            }
        };
        set_problem.set(None);
        navigate(
            &with_lang(&path, lang.get_untracked()),
            NavigateOptions::default(),
        );
    };

    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match problem.get() {
            Some(Problem::Empty | Problem::Invalid) => format!("{hint_id} {error_id}"),
            _ => hint_id.clone(),
        }
    };
    let invalid =
        move || matches!(problem.get(), Some(Problem::Empty | Problem::Invalid)).then_some("true");
    let message = move || match problem.get() {
        Some(Problem::Empty) => Some(
            view! { <p id=error_id.clone() class="error" role="alert">{tr(Key::CodeEmpty)}</p> }
                .into_any(),
        ),
        Some(Problem::Invalid) => Some(
            view! { <p id=error_id.clone() class="error" role="alert">{tr(Key::CodeInvalid)}</p> }
                .into_any(),
        ),
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
                    on:input=move |ev| {
                        set_value.set(event_target_value(&ev));
                        if problem.get_untracked().is_some() {
                            set_problem.set(None);
                        }
                    }
                    aria-describedby=described_by
                    aria-invalid=invalid
                />
                <button type="submit" class="button primary">{tr(Key::ShowTrace)}</button>
            </div>
            {message}
        </form>
    }
}
