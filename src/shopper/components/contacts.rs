//! The responsible businesses and how to reach them (the guideline makes this mandatory).

use super::{row, text_row};
use crate::kiosk::components::use_kiosk;
use crate::shared::i18n::{Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::BusinessView;

pub fn contacts(businesses: Vec<BusinessView>, ui: Lang) -> AnyView {
    let body = if businesses.is_empty() {
        view! { <p>{Key::NoBusinesses.get(ui)}</p> }.into_any()
    } else {
        let items: Vec<AnyView> = businesses.into_iter().map(|b| business(b, ui)).collect();
        view! { <ul class="businesses">{items}</ul> }.into_any()
    };
    view! {
        <section class="card contacts" id="contacts" tabindex="-1" aria-labelledby="contacts-h">
            <h2 id="contacts-h">{Key::Businesses.get(ui)}</h2>
            {body}
        </section>
    }
    .into_any()
}

fn business(b: BusinessView, ui: Lang) -> AnyView {
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
            <h3>{b.name}</h3>
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
