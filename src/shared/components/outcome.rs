//! What a code that is not a trace code looks like on screen.

use crate::shared::i18n::{tr, Key};
use leptos::prelude::*;

/// The frame of an outcome: its title, what it means, then what it shows. A problem to
/// act on is an `alert` rather than a `status`. Typed children: each use compiles as its
/// markup would inline, with no type-erased view in the WASM.
#[component]
pub fn OutcomeCard<C: IntoView + 'static>(
    title: Key,
    text: Key,
    #[prop(default = "outcome")] class: &'static str,
    #[prop(default = "status")] role: &'static str,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    view! {
        <div class=class role=role>
            <p class="outcome-title">
                <strong>{tr(title)}</strong>
            </p>
            <p>{tr(text)}</p>
            {children()}
        </div>
    }
}

/// A URL on another host: shown, never followed without the user's explicit tap.
#[component]
pub fn ExternalCode(url: String, host: String) -> impl IntoView {
    let shown_host = if host.is_empty() { url.clone() } else { host };
    view! {
        <OutcomeCard title=Key::ExternalTitle text=Key::ExternalText>
            <dl class="facts">
                <div>
                    <dt>{tr(Key::Website)}</dt>
                    <dd class="host">{shown_host}</dd>
                </div>
            </dl>
            <p class="url">{url.clone()}</p>
            // rel=external: the router leaves it to the browser; noreferrer: the other
            // site does not learn which lot page the shopper was on.
            <a class="button" href=url rel="external noopener noreferrer">
                {tr(Key::Open)}
            </a>
        </OutcomeCard>
    }
}

/// Any other decoded text, shown as text.
#[component]
pub fn TextCode(text: String) -> impl IntoView {
    view! {
        <OutcomeCard title=Key::TextTitle text=Key::TextText>
            <pre class="code-text">{text}</pre>
        </OutcomeCard>
    }
}
