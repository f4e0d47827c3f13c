//! The recall banner: above everything, announced at once (`role="alert"`), with the
//! reason and what to do.

use super::{row, text_row, time_view};
use crate::shared::i18n::{Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::RecallView;

pub fn recall_banner(recall: RecallView, ui: Lang) -> AnyView {
    view! {
        <div class="recall" role="alert">
            <p class="recall-title">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 3 2 21h20L12 3z"/>
                    <path d="M12 10v5M12 18v.5"/>
                </svg>
                <strong>{Key::RecallTitle.get(ui)}</strong>
            </p>
            <ul class="recall-steps">
                <li>{Key::RecallDontEat.get(ui)}</li>
                <li>{Key::RecallReturn.get(ui)}</li>
                <li>
                    {Key::RecallContact.get(ui)} " "
                    <a href="#contacts" rel="external">{Key::RecallContactLink.get(ui)}</a>
                </li>
            </ul>
            <dl class="facts">
                {text_row(Key::Reason.get(ui), recall.reason)}
                {row(Key::RecallDeclared.get(ui).to_owned(), time_view(&recall.declared_at, ui))}
                {row(Key::RecallId.get(ui).to_owned(), view! { <span class="mono">{recall.id}</span> }.into_any())}
            </dl>
        </div>
    }
    .into_any()
}
