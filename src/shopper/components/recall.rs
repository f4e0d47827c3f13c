//! The recall banner: above everything, announced at once (`role="alert"`), with the
//! reason and what to do.

use super::{row, text_row, time_view};
use crate::shared::i18n::{Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::RecallView;

pub fn recall_banner(recall: RecallView, ui: Lang) -> AnyView {
    let t = |k: Key| k.get(ui);
    view! {
        <div class="recall" role="alert">
            <p class="recall-title">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 3 2 21h20L12 3z"/>
                    <path d="M12 10v5M12 18v.5"/>
                </svg>
                <strong>{t(Key::RecallTitle)}</strong>
            </p>
            <ul class="recall-steps">
                <li>{t(Key::RecallDontEat)}</li>
                <li>{t(Key::RecallReturn)}</li>
                <li>
                    {t(Key::RecallContact)} " "
                    <a href="#contacts" rel="external">{t(Key::RecallContactLink)}</a>
                </li>
            </ul>
            <dl class="facts">
                {text_row(t(Key::Reason), recall.reason)}
                {row(t(Key::RecallDeclared).to_owned(), time_view(&recall.declared_at, ui))}
                {row(t(Key::RecallId).to_owned(), view! { <span class="mono">{recall.id}</span> }.into_any())}
            </dl>
        </div>
    }
    .into_any()
}
