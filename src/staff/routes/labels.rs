//! `/staff/labels?lots=<lot key>,…` — printable labels: the lot's GS1 Digital Link QR
//! code, its identifiers in plain text, and a Code 128 of a 13-digit lot number (never
//! EAN-13: its last digit is a serial, not a check digit) or a GS1-128 of GTIN + lot on
//! the large size. Sizes for common label printers (50 × 30 mm, 100 × 50 mm); several
//! copies per print; `@media print` shows the labels only. Lots are chosen here too, with
//! the lot chooser of the forms (the business's lots, kept for offline use, a scan or a
//! photo): each choice is added to the address, so a reload shows the same sheet.

use crate::shared::api::{decode_component, encode_component};
use crate::shared::components::SymbolSvg;
use crate::shared::i18n::{tr, use_lang, with_lang, Key};
use crate::staff::components::{LotPicker, StaffFrame};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use lottrace_core::codes::label::{
    code128_symbol, gs1_128_symbol, lot13_code128_content, qr_payload, qr_symbol,
};
use lottrace_core::codes::LotKey;

#[component]
pub fn StaffLabels() -> impl IntoView {
    view! { <StaffFrame title=Key::StaffLabelsTitle><LabelSheet/></StaffFrame> }
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
fn LabelSheet() -> impl IntoView {
    let query = use_query_map();
    let lots = Memo::new(move |_| {
        query.with(|q| {
            q.get("lots")
                .unwrap_or_default()
                .split(',')
                .map(decode_component)
                .filter_map(|k| LotKey::parse_key(k.trim()))
                .collect::<Vec<_>>()
        })
    });
    let lang = use_lang();
    let picker_open = RwSignal::new(false);
    let navigate = use_navigate();
    let pick = Callback::new(move |code: String| {
        let Some(new) = LotKey::parse_key(&code) else {
            return;
        };
        let mut all = lots.get_untracked();
        if !all.contains(&new) {
            all.push(new);
        }
        let joined = all
            .iter()
            .map(|k| encode_component(&k.key()))
            .collect::<Vec<_>>()
            .join(",");
        navigate(
            &with_lang(
                &format!("/staff/labels?lots={joined}"),
                lang.get_untracked(),
            ),
            NavigateOptions::default(),
        );
    });
    let size = RwSignal::new("s50".to_string());
    let copies = RwSignal::new(1u32);
    let size_id = crate::shared::components::unique_id("size");
    let copies_id = crate::shared::components::unique_id("copies");
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="staff-page labels-page">
            <h1 class="no-print">{tr(Key::StaffLabelsTitle)}</h1>
            <div class="no-print label-controls">
                <div class="field">
                    <label for=size_id.clone()>{tr(Key::StaffLabelSize)}</label>
                    <select id=size_id.clone() on:change=move |ev| size.set(event_target_value(&ev))>
                        <option value="s50" selected=true>"50 × 30 mm"</option>
                        <option value="s100">"100 × 50 mm"</option>
                    </select>
                </div>
                <div class="field">
                    <label for=copies_id.clone()>{tr(Key::StaffCopies)}</label>
                    <input
                        id=copies_id.clone()
                        type="number"
                        min="1"
                        max="100"
                        inputmode="numeric"
                        prop:value=move || copies.get().to_string()
                        on:input=move |ev| {
                            let n = event_target_value(&ev).trim().parse::<u32>().unwrap_or(1).clamp(1, 100);
                            copies.set(n);
                        }
                    />
                </div>
                <button type="button" class="button primary" on:click=print disabled=move || lots.with(Vec::is_empty)>{tr(Key::StaffPrint)}</button>
            </div>
            <div class="no-print label-choose">
                <Show when=move || lots.with(Vec::is_empty)>
                    <p class="none">{tr(Key::StaffNoLabels)}</p>
                </Show>
                <button type="button" class="button choose-lot" on:click=move |_| picker_open.set(true)>
                    {move || if lots.with(Vec::is_empty) { tr(Key::StaffLabelsChoose)() } else { tr(Key::StaffLabelsAdd)() }}
                </button>
            </div>
            <LotPicker open=picker_open on_pick=pick/>
            <Show when=move || lots.with(|l| !l.is_empty())>
                <div class="label-sheet">
                    {move || {
                        let n = copies.get();
                        let s = size.get();
                        lots.get()
                            .into_iter()
                            .flat_map(|k| (0..n).map(move |_| k.clone()))
                            .map(|k| view! { <Label lot=k size=s.clone()/> })
                            .collect_view()
                    }}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn Label(lot: LotKey, size: String) -> impl IntoView {
    let lang = use_lang();
    let link = qr_payload(&lot, &origin());
    let qr = qr_symbol(&link).ok();
    let large = size == "s100";
    let (lines, linear) = match &lot {
        LotKey::Gtin { gtin, lot: l } => {
            let bar = large
                .then(|| gs1_128_symbol(&format!("01{gtin}10{l}")).ok())
                .flatten();
            (vec![format!("(01) {gtin}"), format!("(10) {l}")], bar)
        }
        LotKey::Lot13(d) => {
            let bar = lot13_code128_content(d)
                .ok()
                .and_then(|c| code128_symbol(&c).ok());
            (vec![d.clone()], bar)
        }
        LotKey::Sscc(s) => (vec![format!("(00) {s}")], None),
    };
    let qr_label = move || Key::StaffLabelQr.get(lang.get()).to_string();
    view! {
        <article class=format!("label {size}")>
            {qr.map(|q| view! { <SymbolSvg symbol=q label=qr_label() class="qr"/> })}
            <div class="label-text">
                {lines.into_iter().map(|l| view! { <p class="hri">{l}</p> }).collect_view()}
            </div>
            {linear.map(|b| {
                let text = b.text.clone().unwrap_or_default();
                view! {
                    <div class="linear">
                        <SymbolSvg symbol=b label=format!("{} {}", Key::StaffLabelBarcode.get(lang.get_untracked()), text) class="bars"/>
                        <p class="hri small" aria-hidden="true">{text.clone()}</p>
                    </div>
                }
            })}
        </article>
    }
}
