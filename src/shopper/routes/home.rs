use crate::shared::components::{page_title, CodeEntry};
use crate::shared::i18n::{tr, use_lang, with_lang, Key};
use leptos::prelude::*;

/// The front door: scan, or type the number.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    page_title(Key::Tagline);
    view! {
        <div class="home">
            <h1>{tr(Key::HomeTitle)}</h1>
            <p class="lead">{tr(Key::HomeIntro)}</p>
            // The scan screen is an app of its own (src/scan/): loaded, not routed.
            <a class="button primary big" href=move || with_lang("/scan/", lang.get()) rel="external">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 7V4h3M18 4h3v3M21 17v3h-3M6 20H3v-3M7 8v8M10 8v8M13 8v8M16 8v8"/></svg>
                {tr(Key::ScanAction)}
            </a>
            <section class="card" aria-labelledby="type-heading">
                <h2 id="type-heading">{tr(Key::TypeHeading)}</h2>
                <CodeEntry/>
            </section>
        </div>
    }
}
