use crate::kiosk::components::counter_temp::CounterTemperature;
use crate::kiosk::components::lang_buttons::LangButtons;
use crate::kiosk::components::staff_door::StaffMark;
use crate::kiosk::components::Kiosk;
use crate::shopper::routes::{TraceByCode, TraceByGs1};
use leptos::prelude::*;
use std::time::Duration;

/// How often a lot shown from the saved copy (or not at all) is asked for again while
/// the browser believes it is online: the shop's network may be back without telling.
const RETRY_EVERY: Duration = Duration::from_secs(30);

/// `/kiosk/01/{gtin}/10/{lot}`.
#[component]
pub fn KioskLotByGs1() -> impl IntoView {
    view! { <KioskLot>{|| view! { <TraceByGs1/> }}</KioskLot> }
}

/// `/kiosk/t/{code}`.
#[component]
pub fn KioskLotByCode() -> impl IntoView {
    view! { <KioskLot>{|| view! { <TraceByCode/> }}</KioskLot> }
}

/// A lot on the kiosk: the shopper's trace page (in kiosk mode: no links out), a big
/// "scan another", the language switch, and the counter's temperature.
#[component]
fn KioskLot(children: ChildrenFn) -> impl IntoView {
    let kiosk = expect_context::<Kiosk>();
    // Packs checked here count as checked at this store (its counter's GLN).
    // A counter given as a bare GLN is the GLN; an SGLN or Digital Link names one.
    let place = kiosk.config.with_untracked(|c| {
        c.counter.as_deref().and_then(|counter| {
            lottrace_core::codes::validate_gln(counter)
                .ok()
                .or_else(|| lottrace_core::party::location_gln(counter))
        })
    });
    provide_context(crate::shared::api::TracePlace(place));
    let attempt = RwSignal::new(0u32);
    let retry = move || {
        let showing_no_live_copy = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector("article.trace.is-offline, .message-page[role=alert]")
                    .ok()
                    .flatten()
            })
            .is_some();
        if showing_no_live_copy && web_sys::window().is_some_and(|w| w.navigator().on_line()) {
            attempt.update(|n| *n += 1);
        }
    };
    let interval = set_interval_with_handle(retry, RETRY_EVERY).ok();
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
    });
    let scan_another = move |_| {
        kiosk.outcome.set(None);
        kiosk.go(&kiosk.href("", Some(kiosk.lang.get_untracked())));
    };
    let counter = move || kiosk.config.with(|c| c.counter.clone());
    view! {
        <div class="kiosk-lot">
            <div class="kiosk-bar">
                <StaffMark kiosk/>
                <button type="button" class="button primary huge scan-another" on:click=scan_another>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 7V4h3M18 4h3v3M21 17v3h-3M6 20H3v-3M7 8v8M10 8v8M13 8v8M16 8v8"/></svg>
                    {crate::shared::i18n::tr(crate::shared::i18n::Key::KioskScanAnother)}
                </button>
                <LangButtons kiosk/>
            </div>
            {move || counter().map(|place| view! { <CounterTemperature place/> })}
            // Made anew when the connection returns: a saved copy or a failure loads again.
            {move || {
                kiosk.reconnects.track();
                attempt.track();
                children()
            }}
        </div>
    }
}
