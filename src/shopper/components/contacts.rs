//! The responsible businesses and how to reach them (the guideline makes this mandatory).

use super::{row, text_row};
use crate::kiosk::components::use_kiosk;
use crate::shared::i18n::{msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::BusinessView;

/// `recalled`: the list is open, since the recall banner points here for whom to call.
pub fn contacts(businesses: Vec<BusinessView>, recalled: bool, ui: Lang) -> AnyView {
    let n = businesses.len();
    let body = if businesses.is_empty() {
        view! { <p>{Key::NoBusinesses.get(ui)}</p> }.into_any()
    } else {
        let items: Vec<AnyView> = businesses
            .into_iter()
            .map(|b| business(b, true, ui))
            .collect();
        let list = view! { <ul class="businesses">{items}</ul> };
        if use_kiosk().is_some() {
            // At the counter every business is shown, each with its QR codes to call.
            list.into_any()
        } else {
            // On the phone the seller is one tap away at the top (`contact_seller`):
            // the whole chain is here for who wants it.
            view! {
                <details class="all-businesses" open=recalled>
                    <summary>{msg::AllBusinesses { n }.text(ui)}</summary>
                    {list}
                </details>
            }
            .into_any()
        }
    };
    view! {
        <section class="card contacts" id="contacts" tabindex="-1" aria-labelledby="contacts-h">
            <h2 id="contacts-h">{Key::Businesses.get(ui)}</h2>
            {body}
        </section>
    }
    .into_any()
}

/// "Contact the seller": the shop that sold the pack, its phone and e-mail behind one
/// action near the top of the page; `None` when no seller published a way to reach it.
pub fn contact_seller(businesses: &[BusinessView], ui: Lang) -> Option<AnyView> {
    let sellers: Vec<AnyView> = businesses
        .iter()
        .filter(|b| b.seller && (b.phone.is_some() || b.email.is_some()))
        .cloned()
        .map(|b| business(b, false, ui))
        .collect();
    if sellers.is_empty() {
        return None;
    }
    Some(
        view! {
            <details class="contact-seller">
                <summary class="button">{Key::ContactSeller.get(ui)}</summary>
                <ul class="businesses">{sellers}</ul>
            </details>
        }
        .into_any(),
    )
}

/// `heading`: the name is a heading of the contacts section; near the top of the page
/// (the seller behind "Contact the seller") it is plain bold text, as no h2 is above it.
fn business(b: BusinessView, heading: bool, ui: Lang) -> AnyView {
    // On a kiosk a tap cannot call or write: the shopper's own phone can, from a QR code.
    let link_code = use_kiosk().map(|k| k.link_code);
    let phone = b.phone.map(|p| {
        let dial: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let value = if dial.is_empty() {
            p.into_any()
        } else if let Some(code) = link_code {
            let qr = code(
                format!("tel:{dial}"),
                Key::KioskScanToCall.get(ui).to_owned(),
            );
            view! { <span class="contact-text">{p}</span> {qr} }.into_any()
        } else {
            view! { <a href=format!("tel:{dial}")>{p}</a> }.into_any()
        };
        row(Key::Phone.get(ui).to_owned(), value)
    });
    let email = b.email.map(|e| {
        // Encoded so an address can never smuggle `?subject=…` or other headers.
        let href = format!("mailto:{}", crate::shared::api::encode_component(e.trim()));
        let value = if let Some(code) = link_code {
            let qr = code(href, Key::KioskScanToEmail.get(ui).to_owned());
            view! { <span class="contact-text">{e}</span> {qr} }.into_any()
        } else {
            view! { <a href=href>{e}</a> }.into_any()
        };
        row(Key::Email.get(ui).to_owned(), value)
    });
    let address = b.address.map(|a| text_row(Key::Address.get(ui), a));
    view! {
        <li class="business">
            {if heading {
                view! { <h3>{b.name}</h3> }.into_any()
            } else {
                view! { <p class="business-name"><strong>{b.name}</strong></p> }.into_any()
            }}
            <dl class="facts">
                {text_row(Key::Role.get(ui), b.role)}
                {phone}
                {email}
                {address}
            </dl>
        </li>
    }
    .into_any()
}
