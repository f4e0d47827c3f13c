//! The on-screen keypad for the number printed on the label, for kiosks without a
//! scanner in reach or labels it cannot read: the guideline's 13-digit lot number, or
//! the product code (GTIN) and lot printed under a GS1-128 barcode. Checked with the
//! codes module before anything is asked of the server.

use super::context::Kiosk;
use super::scan_input::handle_code;
use crate::shared::components::code_error_key;
use crate::shared::i18n::{tr, Key};
use crate::shared::scanner::route::trace_path;
use leptos::prelude::*;
use lottrace_core::codes::{normalize_gtin, Lot13, LotKey};

const LOT13_LEN: usize = 13;
const GTIN_MAX: usize = 14;
/// AI 10 allows 20 characters.
const LOT_MAX: usize = 20;
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Lot13,
    GtinLot,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Gtin,
    Lot,
}

#[component]
pub fn Keypad(kiosk: Kiosk) -> impl IntoView {
    let mode = RwSignal::new(Mode::Lot13);
    let field = RwSignal::new(Field::Gtin);
    let lot13 = RwSignal::new(String::new());
    let gtin = RwSignal::new(String::new());
    let lot = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Key>);

    let target = move || match (mode.get(), field.get()) {
        (Mode::Lot13, _) => (lot13, LOT13_LEN),
        (Mode::GtinLot, Field::Gtin) => (gtin, GTIN_MAX),
        (Mode::GtinLot, Field::Lot) => (lot, LOT_MAX),
    };
    let press = move |c: char| {
        problem.set(None);
        let (value, max) = target();
        value.update(|v| {
            if v.chars().count() < max {
                v.push(c);
            }
        });
    };
    let delete = move |_| {
        problem.set(None);
        target().0.update(|v| {
            v.pop();
        });
    };
    let clear = move |_| {
        problem.set(None);
        target().0.set(String::new());
    };
    let submit = move |_| {
        let result = match mode.get_untracked() {
            Mode::Lot13 => {
                let digits = lot13.get_untracked();
                if digits.len() != LOT13_LEN {
                    Err(Key::ErrLength)
                } else {
                    match Lot13::parse(&digits) {
                        Ok(_) => {
                            kiosk.open_trace(&trace_path(&LotKey::Lot13(digits).key()));
                            Ok(())
                        }
                        Err(e) => Err(code_error_key(e.code)),
                    }
                }
            }
            Mode::GtinLot => {
                let l = lot.get_untracked();
                match normalize_gtin(&gtin.get_untracked()) {
                    Err(e) => {
                        field.set(Field::Gtin);
                        Err(code_error_key(e.code))
                    }
                    Ok(_) if l.is_empty() => {
                        field.set(Field::Lot);
                        Err(Key::KioskLotMissing)
                    }
                    // The element string the barcode under these numbers carries.
                    Ok(g) => {
                        handle_code(kiosk, &format!("(01){g}(10){l}"), None);
                        Ok(())
                    }
                }
            }
        };
        problem.set(result.err());
    };
    let mode_button = move |m: Mode, key: Key| {
        view! {
            <button
                type="button"
                class="button mode"
                aria-pressed=move || if mode.get() == m { "true" } else { "false" }
                on:click=move |_| {
                    problem.set(None);
                    mode.set(m);
                    field.set(Field::Gtin);
                }
            >
                {tr(key)}
            </button>
        }
    };
    let field_button = move |f: Field, key: Key, value: RwSignal<String>| {
        view! {
            <button
                type="button"
                class="keypad-field"
                aria-pressed=move || if field.get() == f { "true" } else { "false" }
                on:click=move |_| field.set(f)
            >
                <span class="keypad-label">{tr(key)}</span>
                <span class="keypad-value mono">{move || value.get()}</span>
            </button>
        }
    };
    let digits = "1234567890"
        .chars()
        .map(|c| view! { <button type="button" class="key" on:click=move |_| press(c)>{c.to_string()}</button> })
        .collect_view();
    let show_letters = move || mode.get() == Mode::GtinLot && field.get() == Field::Lot;

    view! {
        <section class="keypad card" aria-labelledby="keypad-h">
            <h2 id="keypad-h">{tr(Key::KioskKeypadTitle)}</h2>
            <div class="keypad-modes">
                {mode_button(Mode::Lot13, Key::KioskModeLot13)}
                {mode_button(Mode::GtinLot, Key::KioskModeGtinLot)}
            </div>
            <Show
                when=move || mode.get() == Mode::Lot13
                fallback=move || view! {
                    <div class="keypad-fields">
                        {field_button(Field::Gtin, Key::Gtin, gtin)}
                        {field_button(Field::Lot, Key::LotNo, lot)}
                    </div>
                }
            >
                <p class="keypad-display">
                    <span class="keypad-label" id="lot13-label">{tr(Key::Lot13)}</span>
                    <output class="keypad-value mono" aria-labelledby="lot13-label">{move || lot13.get()}</output>
                    <span class="keypad-count">{move || format!("{} / {LOT13_LEN}", lot13.get().len())}</span>
                </p>
            </Show>
            <div class="keys digits">
                {digits}
                <button type="button" class="key wide" on:click=delete>{tr(Key::KioskDelete)}</button>
                <button type="button" class="key wide" on:click=clear>{tr(Key::KioskClear)}</button>
            </div>
            <Show when=show_letters>
                <div class="keys letters">
                    {LETTERS
                        .chars()
                        .map(|c| view! { <button type="button" class="key" on:click=move |_| press(c)>{c.to_string()}</button> })
                        .collect_view()}
                </div>
            </Show>
            {move || problem.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
            <div class="keypad-actions">
                <button type="button" class="button primary big" on:click=submit>{tr(Key::ShowTrace)}</button>
                <button type="button" class="button big" on:click=move |_| kiosk.keypad_open.set(false)>
                    {tr(Key::KioskClose)}
                </button>
            </div>
        </section>
    }
}
