use crate::shared::i18n::{native_name, tr, use_lang, with_lang, Key, Lang};
use leptos::prelude::*;

/// Links to the same page (`path`) in each language. Each link names its language in
/// that language (and says so with `lang`), so a reader of any of them can find theirs.
#[component]
pub fn LangSwitch(path: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let links = Lang::ALL
        .into_iter()
        .map(|l| {
            let href = move || with_lang(&path.get(), l);
            let current = move || (lang.get() == l).then_some("true");
            view! {
                <li>
                    <a href=href hreflang=l.code() lang=l.code() aria-current=current>
                        {native_name(l)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="lang" aria-label=tr(Key::LanguageNav)>
            <ul>{links}</ul>
        </nav>
    }
}
