//! The pieces of the trace page, top to bottom: recall banner, saved-copy notice, the
//! scanned pack's own code, lot header, audit badges, the proofs' line, timeline by stage
//! (each entry marked by its proof), genealogy, cold chain, contacts. Everything
//! the server sent is rendered as text (never as HTML), and no piece sets an inline style.

mod audits;
mod cold_chain;
mod contacts;
mod genealogy;
mod header;
mod item;
mod proof;
mod recall;
mod share;
mod timeline;

use crate::kiosk::components::use_kiosk;
use crate::shared::components::after_paint;
use crate::shared::i18n::with_lang;
use crate::shared::i18n::{format_epoch_ms, format_time, msg, use_lang, Key, Lang};
use audits::audits_view;
use cold_chain::cold_chain_view;
use contacts::{contact_seller, contacts};
use genealogy::genealogy_view;
use header::{lot_header, HeaderFacts};
use item::item_card;
use leptos::prelude::*;
use lottrace_core::fields::Stage;
use lottrace_core::trace::{StageView, TraceView};
use recall::recall_banner;
use std::collections::BTreeMap;
use timeline::timeline;

/// The lot whose records the shopper asked to see (from a genealogy node): its events
/// in the timeline are highlighted.
#[derive(Clone, Copy)]
pub struct Highlight(pub RwSignal<Option<String>>);

/// A document id for a lot's first event in the timeline (lot keys contain `/`).
pub fn lot_anchor(lot_key: &str) -> String {
    anchor("lot-", lot_key)
}

/// `prefix` and `text` as a document id: every character but ASCII letters and digits
/// becomes `-`.
pub fn anchor(prefix: &str, text: &str) -> String {
    let mut id = String::from(prefix);
    id.extend(
        text.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// Scrolls to a lot's first event, moves focus there (so keyboard and screen-reader
/// users land on it too) and highlights all of that lot's events.
pub fn jump_to_lot(highlight: Option<Highlight>, lot_key: &str) {
    if let Some(h) = highlight {
        h.0.set(Some(lot_key.to_owned()));
    }
    scroll_to(&lot_anchor(lot_key));
}

pub fn scroll_to(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view_with_bool(true);
    // `focus({ preventScroll: true })`: a plain focus would jump and cut the smooth
    // scroll short.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
    if let Some(focus) = js_sys::Reflect::get(&el, &"focus".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = focus.call1(&el, &options);
    }
}

/// The server's label of a stage when the timeline has it, else core's own.
pub fn stage_label(stage: Stage, stages: &[(Stage, String)], lang: Lang) -> String {
    stages
        .iter()
        .find(|(s, _)| *s == stage)
        .map(|(_, label)| label.clone())
        .unwrap_or_else(|| stage.labels().get(lang).to_owned())
}

/// A label / value row of a `<dl class="facts">`. All rows go through here (one
/// rendering type instead of dozens keeps the WASM small).
pub fn row(label: String, value: AnyView) -> AnyView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
    .into_any()
}

pub fn text_row(label: &str, value: String) -> AnyView {
    row(label.to_owned(), value.into_any())
}

/// A time as recorded, written for the language, machine-readable in `datetime`.
pub fn time_view(rfc3339: &str, ui: Lang) -> AnyView {
    view! { <time datetime=rfc3339.to_owned()>{format_time(rfc3339, ui)}</time> }.into_any()
}

/// Where a trace on screen came from, when not from the server just now.
#[derive(Clone, Copy, PartialEq)]
pub enum Saved {
    /// The copy saved on this device (at this time, ms since the epoch), shown because
    /// the server cannot be reached.
    Offline(f64),
    /// The saved copy, shown while the live answer is on its way.
    Refreshing(f64),
}

/// The whole page for one loaded trace; `saved` says when it is a copy saved earlier.
///
/// A language switch refetches and renders the page anew, so the app's own strings are
/// plain text in the page language (`ui`), not reactive.
pub fn trace_view(tv: TraceView, saved: Option<Saved>, on_retry: Callback<()>) -> AnyView {
    provide_context(Highlight(RwSignal::new(None)));
    let ui = use_lang().get_untracked();
    let facts = HeaderFacts::from_view(&tv);
    // A copy shown while the live answer loads is replaced before anyone reads it.
    let marks = (!matches!(saved, Some(Saved::Refreshing(_))))
        .then(|| proof::check_later(tv.clone(), saved.is_none()));
    let verdict = tv.checks_verdict();
    let cold = tv.cold_chain_gist();
    let TraceView {
        lot,
        stages,
        genealogy,
        recall,
        businesses,
        audits,
        cold_chain,
        item,
        ..
    } = tv;
    let stage_labels: Vec<(Stage, String)> =
        stages.iter().map(|s| (s.stage, s.label.clone())).collect();
    let anchors = first_events(&stages);
    let anchored: Vec<String> = anchors.keys().cloned().collect();
    let offline = saved.map(|saved| match saved {
        Saved::Refreshing(ms) => view! {
            <div class="offline-copy" role="status" aria-busy="true">
                <p class="offline-title">
                    <strong>{msg::RefreshingTitle { date: &format_epoch_ms(ms, ui) }.text(ui)}</strong>
                </p>
            </div>
        }
        .into_any(),
        Saved::Offline(ms) => view! {
            <div class="offline-copy" role="status">
                <p class="offline-title">
                    <strong>{msg::OfflineTitle { date: &format_epoch_ms(ms, ui) }.text(ui)}</strong>
                </p>
                <p>{Key::OfflineText.get(ui)}</p>
                <button type="button" class="button" on:click=move |_| on_retry.run(())>
                    {Key::Retry.get(ui)}
                </button>
            </div>
        }
        .into_any(),
    });
    // What a shopper does next: another pack, or a question to the shop (the kiosk
    // has its own scan flow and shows every business with QR codes instead).
    let actions = use_kiosk().is_none().then(|| {
        view! {
            <nav class="trace-actions" aria-label=Key::TraceActions.get(ui)>
                <a class="button" href=with_lang("/scan/", ui) rel="external">
                    {Key::ScanAnother.get(ui)}
                </a>
                {contact_seller(&businesses, ui)}
            </nav>
        }
    });
    let recalled = recall.is_some();
    let page_lot = lot.key.clone();
    let mut class = String::from("trace");
    if saved.is_some() {
        class.push_str(" is-offline");
    }
    if recall.is_some() {
        class.push_str(" is-recalled");
    }
    view! {
        <article class=class>
            {recall.map(|r| recall_banner(r, ui))}
            {offline}
            {item.map(|i| item_card(i, ui))}
            {lot_header(lot, facts, ui)}
            {actions}
            {audits_view(audits, verdict, cold, ui)}
            // Below the first screen on a phone: each part is built in a task of its own
            // once the top of the page has been painted.
            <div class="trace-main">
                {after_paint({
                    let page_lot = page_lot.clone();
                    move || {
                        view! {
                            {marks.map(|m| proof::page_line(m, ui))}
                            {timeline(stages, &page_lot, anchors, marks, ui)}
                        }
                        .into_any()
                    }
                })}
            </div>
            <div class="trace-side">
                {after_paint(move || {
                    view! {
                        {genealogy_view(
                            page_lot,
                            genealogy.ancestors,
                            genealogy.descendants,
                            &stage_labels,
                            anchored,
                            ui,
                        )}
                        {cold_chain_view(cold_chain, &stage_labels, ui)}
                        {contacts(businesses, recalled, ui)}
                    }
                    .into_any()
                })}
            </div>
        </article>
    }
    .into_any()
}

/// Each lot's first event in timeline order: that is where a genealogy node jumps to.
fn first_events(stages: &[StageView]) -> BTreeMap<String, String> {
    let mut first = BTreeMap::new();
    for event in stages.iter().flat_map(|s| s.events.iter()) {
        first
            .entry(event.lot_key.clone())
            .or_insert_with(|| event.event_id.clone());
    }
    first
}
