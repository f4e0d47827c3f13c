//! The scanned pack's own code, above its lot's history: genuine and signed by whom,
//! when it was first checked and how often ("if the first check was not yours, this may
//! be a copy"), or a plain warning when the code was never issued, is forged or looks
//! copied. A warning is announced at once (`role="alert"`).

use super::text_row;
use crate::shared::i18n::{format_time, msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::authenticity::{CheckWarning, ItemState, SignatureVerdict};

fn warning_text(warning: CheckWarning) -> Key {
    match warning {
        CheckWarning::NotIssued => Key::ItemNotIssued,
        CheckWarning::BadSignature => Key::ItemBadSignature,
        CheckWarning::Unsigned => Key::ItemUnsigned,
        CheckWarning::SoldElsewhere => Key::ItemSoldElsewhere,
        CheckWarning::TwoStores => Key::ItemTwoStores,
        CheckWarning::OffChain => Key::ItemOffChain,
        CheckWarning::ManyChecks => Key::ItemManyChecks,
    }
}

pub fn item_card(item: ItemState, ui: Lang) -> AnyView {
    let signed = match (&item.signature, &item.signed_by) {
        (SignatureVerdict::Valid, Some(business)) => Some(
            msg::ItemSignedBy {
                business,
                gln: &item.signed_by_gln.clone().unwrap_or_default(),
            }
            .text(ui),
        ),
        _ => None,
    };
    let checks = match &item.first_checked {
        Some(first) if item.checks > 1 => msg::ItemFirstChecked {
            date: &format_time(first, ui),
            n: item.checks as usize,
        }
        .text(ui),
        _ => Key::ItemNeverChecked.get(ui).to_owned(),
    };
    let (class, role, title) = match item.warning {
        None => ("item-code genuine", "status", Key::ItemGenuine),
        Some(_) => ("item-code suspect", "alert", Key::ItemCheckPack),
    };
    view! {
        <section class=class role=role data-warning=item.warning.map(CheckWarning::code)>
            <p class="item-title">
                <strong>{title.get(ui)}</strong>
            </p>
            {item.warning.map(|w| view! { <p class="item-warning">{warning_text(w).get(ui)}</p> })}
            {signed.map(|s| view! { <p class="item-signed">{s}</p> })}
            {item.issued.then(|| view! { <p class="item-checks">{checks}</p> })}
            <dl class="facts">{text_row(Key::ItemSerial.get(ui), item.serial)}</dl>
        </section>
    }
    .into_any()
}
