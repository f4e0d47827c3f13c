//! What the kiosk says about a code that opens no lot here: a web address as a QR code
//! for the shopper's phone (the kiosk opens no other site), the product's own barcode,
//! plain text, or why the code is not valid.

use super::context::{use_kiosk, Outcome};
use crate::shared::components::{OutcomeCard, TextCode};
use crate::shared::i18n::{tr, use_lang, Key};
use leptos::prelude::*;

/// Also shown by the shared typed entry on a kiosk: the QR code comes through the kiosk
/// context, so the shopper app never links the QR writer.
#[component]
pub fn KioskExternal(url: String, host: String) -> impl IntoView {
    let lang = use_lang();
    let shown_host = if host.is_empty() { url.clone() } else { host };
    let label = Key::KioskScanToOpen.get(lang.get_untracked()).to_owned();
    let code = match use_kiosk() {
        Some(kiosk) => (kiosk.link_code)(url, label),
        None => view! { <p class="url">{url}</p> }.into_any(),
    };
    view! {
        <OutcomeCard title=Key::ExternalTitle text=Key::KioskExternalText>
            <p class="host">{shown_host}</p>
            {code}
        </OutcomeCard>
    }
}

#[component]
pub fn OutcomeView(outcome: Outcome) -> impl IntoView {
    match outcome {
        Outcome::External { url, host } => view! { <KioskExternal url host/> }.into_any(),
        Outcome::Product(gtin) => view! {
            <OutcomeCard title=Key::ProductTitle text=Key::ProductText>
                <p class="mono">{gtin}</p>
            </OutcomeCard>
        }
        .into_any(),
        Outcome::Text(text) => view! { <TextCode text/> }.into_any(),
        Outcome::Forged => view! {
            <OutcomeCard
                title=Key::SignatureInvalidTitle
                text=Key::SignatureInvalidText
                class="outcome forged"
                role="alert"
            >
                ""
            </OutcomeCard>
        }
        .into_any(),
        Outcome::Invalid(key) => {
            view! { <p class="error outcome" role="alert">{tr(key)}</p> }.into_any()
        }
    }
}
