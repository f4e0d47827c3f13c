//! A line icon beside a button's words: decoration only, hidden from screen readers.

use leptos::prelude::*;

/// One SVG path on a 24 × 24 grid, drawn in the text colour (style/main.css `.icon`).
#[component]
pub fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path/>
        </svg>
    }
}
