//! A link the kiosk will not open, as a QR code for the shopper's own phone.

use crate::shared::components::SymbolSvg;
use leptos::prelude::*;
use lottrace_core::codes::label::qr_symbol;

/// `payload` as a QR code named by `label`; the payload as text where it cannot be
/// encoded (too long for a QR symbol).
#[component]
pub fn QrLink(#[prop(into)] payload: String, #[prop(into)] label: String) -> impl IntoView {
    match qr_symbol(&payload) {
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

/// [`QrLink`] as the kiosk context hands it to shared pieces (the trace page's contacts):
/// through this pointer only the kiosk app links the QR writer, never the shopper's.
pub fn qr_link(payload: String, label: String) -> AnyView {
    view! { <QrLink payload label/> }.into_any()
}
