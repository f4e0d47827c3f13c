use crate::shared::components::page_title;
use crate::shared::i18n::{tr, use_lang, with_lang, Key};
use leptos::prelude::*;

/// Any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    page_title(Key::PageNotFound);
    view! {
        <div class="message-page">
            <h1>{tr(Key::PageNotFound)}</h1>
            <p>{tr(Key::PageNotFoundText)}</p>
            // A full load: in the staff app the router does not know `/`.
            <a class="button" href=move || with_lang("/", lang.get()) rel="external">{tr(Key::BackHome)}</a>
        </div>
    }
}
