//! The lot at a glance: product and form, species, farmed or wild, origin, pack and
//! expiry dates, and the lot number with what it means (guideline II.5.(1).③: the
//! identifier, and how far back its records reach).

use super::share::share_button;
use super::{row, text_row};
use crate::kiosk::components::use_kiosk;
use crate::shared::i18n::{format_field_value, format_time, msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::codes::Lot13;
use lottrace_core::fields::Stage;
use lottrace_core::trace::{FieldValue, LotSummary, TraceView};

/// What the header shows, gathered from the disclosed fields (only what was disclosed).
#[derive(Debug, Clone, Default)]
pub struct HeaderFacts {
    product_form: Option<String>,
    scientific_name: Option<String>,
    fao_code: Option<String>,
    production_method: Option<String>,
    origin: Vec<String>,
    region: Option<String>,
    packed: Option<String>,
    expires: Option<String>,
    /// The earliest stage of the history and its business: how far back the trace reaches.
    reach: Option<(String, Option<String>)>,
    businesses: usize,
    earlier_lots: usize,
}

impl HeaderFacts {
    pub fn from_view(tv: &TraceView) -> HeaderFacts {
        let all = || {
            tv.stages
                .iter()
                .flat_map(|s| s.events.iter())
                .filter(|e| e.corrected_by.is_none())
                .flat_map(|e| e.fields.iter())
        };
        let first = |key: &str| all().find(|f| f.key == key).map(|f| f.value.clone());
        let last_suffix = |suffix: &str| {
            let mut found: Option<&FieldValue> = None;
            for f in all().filter(|f| f.key.ends_with(suffix) && !f.key.starts_with("feed.")) {
                found = Some(f);
            }
            found.map(|f| f.value.clone())
        };
        let mut origin: Vec<String> = Vec::new();
        for f in all().filter(|f| f.key == "farm.country_of_origin") {
            if !origin.contains(&f.value) {
                origin.push(f.value.clone());
            }
        }
        // The farms' common province (제주특별자치도) when they share one.
        let farm_places: Vec<&str> = tv
            .stages
            .iter()
            .filter(|s| s.stage == Stage::Farm)
            .flat_map(|s| s.events.iter())
            .filter_map(|e| e.place.as_deref())
            .collect();
        let region = farm_places
            .first()
            .and_then(|p| p.split_whitespace().next())
            .filter(|r| {
                farm_places
                    .iter()
                    .all(|p| p.split_whitespace().next() == Some(*r))
            })
            .map(str::to_owned);
        let packed = first("processing.processing_date").or_else(|| {
            tv.stages
                .iter()
                .filter(|s| s.stage == Stage::Processing)
                .flat_map(|s| s.events.iter())
                .find(|e| {
                    e.lot_key == tv.lot.key
                        && e.corrected_by.is_none()
                        && !matches!(
                            e.biz_step.as_deref(),
                            Some("receiving" | "shipping" | "departing" | "arriving")
                        )
                })
                .map(|e| e.time.clone())
        });
        let expires = ["expiry_date", "use_by_date", "best_before_date"]
            .into_iter()
            .find_map(|s| last_suffix(&format!(".{s}")));
        let reach = tv.stages.first().map(|s| {
            (
                s.label.clone(),
                s.events.iter().find_map(|e| e.business.clone()),
            )
        });
        HeaderFacts {
            product_form: last_suffix(".product_form"),
            scientific_name: first("farm.species_scientific_name"),
            fao_code: first("farm.species_fao_code"),
            production_method: first("farm.production_method"),
            origin,
            region,
            packed,
            expires,
            reach,
            businesses: tv.businesses.len(),
            earlier_lots: tv.genealogy.ancestors.len(),
        }
    }
}

/// A date or time from a field (`2026-11-17`) or an event (RFC 3339), for the language.
fn date_text(v: &str, lang: Lang) -> String {
    if v.len() > 10 {
        format_time(v, lang)
    } else {
        format_field_value(v, lang)
    }
}

pub fn lot_header(lot: LotSummary, facts: HeaderFacts, ui: Lang) -> AnyView {
    let title = lot
        .product
        .clone()
        .unwrap_or_else(|| lot.element_string.clone());
    let share_title = title.clone();
    let HeaderFacts {
        product_form,
        scientific_name,
        fao_code,
        production_method,
        origin,
        region,
        packed,
        expires,
        reach,
        businesses,
        earlier_lots,
    } = facts;

    let mut about: Vec<AnyView> = Vec::new();
    if scientific_name.is_some() || fao_code.is_some() {
        let common = scientific_name
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("Paralichthys olivaceus"))
            .then(|| format!("{} ", Key::SpeciesOliveFlounder.get(ui)));
        let value = view! {
            {common}
            {scientific_name.map(|s| view! { <i lang="la">{s}</i> })}
            {fao_code.map(|c| view! {
                <span class="muted">" · " {Key::FaoCode.get(ui)} " " <span class="mono">{c}</span></span>
            })}
        }
        .into_any();
        about.push(row(Key::Species.get(ui).to_owned(), value));
    }
    if let Some(m) = production_method {
        about.push(text_row(Key::Production.get(ui), m));
    }
    if !origin.is_empty() {
        let text = match region {
            Some(r) => format!("{} ({r})", origin.join(", ")),
            None => origin.join(", "),
        };
        about.push(text_row(Key::Origin.get(ui), text));
    }
    if let Some(v) = packed {
        about.push(text_row(Key::PackedOn.get(ui), date_text(&v, ui)));
    }
    if let Some(v) = expires {
        about.push(text_row(Key::ExpiresOn.get(ui), date_text(&v, ui)));
    }

    let ids: Vec<AnyView> = [
        (Key::Gtin, lot.gtin.clone()),
        (Key::LotNo, lot.lot.clone()),
        (Key::Lot13, lot.lot13.clone()),
        (Key::Sscc, lot.sscc.clone()),
        (Key::ElementString, Some(lot.element_string.clone())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .map(|(k, v)| {
        row(
            k.get(ui).to_owned(),
            view! { <span class="mono">{v}</span> }.into_any(),
        )
    })
    .collect();

    // What the number means: GTIN + lot, or the guideline's 13 digits, and the reach.
    let mut meaning: Vec<String> = Vec::new();
    if let (Some(g), Some(l)) = (lot.gtin.as_ref(), lot.lot.as_ref()) {
        meaning.push(msg::LotMeaningGs1 { gtin: g, lot: l }.text(ui));
    }
    if let Some(n) = lot.lot13.as_deref().and_then(|d| Lot13::parse(d).ok()) {
        let mmdd = format!("{:02}{:02}", n.month, n.day);
        meaning.push(
            msg::LotMeaning13 {
                species: &n.species,
                plant: &n.plant,
                product: &n.product,
                mmdd: &mmdd,
                serial: &n.serial,
            }
            .text(ui),
        );
    }
    if lot.sscc.is_some() {
        meaning.push(Key::LotMeaningSscc.get(ui).to_owned());
    }
    meaning.push(Key::LotMeaningUnit.get(ui).to_owned());
    if let Some((stage, business)) = reach {
        let who = match business {
            Some(b) => format!("{stage} ({b})"),
            None => stage,
        };
        meaning.push(
            msg::TraceReach {
                stage: &who,
                businesses,
                lots: earlier_lots,
            }
            .text(ui),
        );
    }
    let meaning: Vec<AnyView> = meaning
        .into_iter()
        .map(|p| view! { <p>{p}</p> }.into_any())
        .collect();

    view! {
        <header class="lot-head">
            <p class="eyebrow">{Key::TraceTitle.get(ui)}</p>
            <h1>{title}</h1>
            {product_form.map(|f| view! { <p class="product-form">{f}</p> })}
            <dl class="facts about">{about}</dl>
            <div class="lot-id">
                <dl class="facts ids">{ids}</dl>
                <details class="explain">
                    <summary>{Key::LotMeaningTitle.get(ui)}</summary>
                    {meaning}
                </details>
            </div>
            // A kiosk's address is no use on anyone's phone, and it has no share sheet.
            {use_kiosk().is_none().then(|| share_button(share_title, ui))}
        </header>
    }
    .into_any()
}
