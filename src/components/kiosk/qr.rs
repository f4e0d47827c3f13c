//! A link the kiosk will not open, as a QR code for the shopper's own phone.

use crate::components::staff::symbol::SymbolSvg;
use leptos::prelude::*;
use lottrace_core::codes::qr;

/// `payload` as a QR code named by `label`; the payload as text where it cannot be
/// encoded (too long for a QR symbol).
#[component]
pub fn QrLink(#[prop(into)] payload: String, #[prop(into)] label: String) -> impl IntoView {
    match qr::encode(&payload) {
        Ok(symbol) => view! {
            <figure class="qr-link">
                <SymbolSvg symbol label=label.clone() class="qr"/>
                <figcaption>{label}</figcaption>
            </figure>
        }
        .into_any(),
        Err(_) => view! { <p class="url">{payload}</p> }.into_any(),
    }
}
