//! `/staff/settings` — how this device numbers new lots for its business: GTIN per
//! product (GTIN + lot), or the 13-digit number's species, plant and product codes.

use super::form::product_label;
use crate::shared::i18n::{tr, use_lang, Key};
use crate::staff::components::StaffFrame;
use crate::staff::state::ctx::ctx;
use crate::staff::state::session::{self, Settings};
use leptos::prelude::*;
use leptos::task::spawn_local;
use lottrace_core::codes::LotKey;
use lottrace_core::record::ProductKind;

#[component]
pub fn StaffSettings() -> impl IntoView {
    view! { <StaffFrame title=Key::StaffSettingsTitle><SettingsForm/></StaffFrame> }
}

fn digits(s: &str, n: usize) -> bool {
    let s = s.trim();
    s.is_empty() || (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
}

fn problems(s: &Settings) -> Vec<String> {
    let mut p = Vec::new();
    for (k, g) in &s.gtins {
        if !g.trim().is_empty() && LotKey::gtin_lot(g.trim(), "X").is_err() {
            p.push(format!("gtin:{k}"));
        }
    }
    if !digits(&s.species_code, 4) {
        p.push("species".into());
    }
    if !digits(&s.plant_code, 2) {
        p.push("plant".into());
    }
    for (k, c) in &s.product_codes {
        if !digits(c, 2) {
            p.push(format!("product:{k}"));
        }
    }
    p
}

#[component]
fn SettingsForm() -> impl IntoView {
    let c = ctx();
    let lang = use_lang();
    let draft = RwSignal::new(c.settings.get_untracked());
    let saved = RwSignal::new(false);
    let bad = Memo::new(move |_| draft.with(problems));
    let err = move |k: String| bad.with(|b| b.contains(&k));
    let text_input = move |label: Key,
                           get: fn(&Settings) -> String,
                           set: fn(&mut Settings, String),
                           bad_key: &'static str,
                           msg: Key| {
        let id = crate::shared::components::unique_id("set");
        view! {
            <div class="field">
                <label for=id.clone()>{tr(label)}</label>
                <input id=id.clone() type="text" inputmode="numeric" autocomplete="off"
                    prop:value=move || draft.with(get)
                    on:input=move |ev| { saved.set(false); let v = event_target_value(&ev); draft.update(|d| set(d, v)) }/>
                {move || err(bad_key.to_string()).then(|| view! { <p class="field-error">{tr(msg)}</p> })}
            </div>
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !bad.get_untracked().is_empty() {
            return;
        }
        let s = draft.get_untracked();
        let Some(business) = c.session.get_untracked().map(|x| x.business) else {
            return;
        };
        spawn_local(async move {
            // Keep the counters handed out meanwhile by forms.
            let mut merged = s;
            merged.counters = ctx().settings.get_untracked().counters;
            if session::save_settings(&business, &merged).await.is_ok() {
                ctx().settings.set(merged);
                saved.set(true);
            } else {
                ctx().storage_failed.set(true);
            }
        });
    };
    view! {
        <form class="staff-page settings" on:submit=save novalidate>
            <h1>{tr(Key::StaffSettingsTitle)}</h1>
            <p class="lead">{tr(Key::StaffSettingsIntro)}</p>
            {text_input(Key::StaffCompanyPrefix, |s| s.company_prefix.clone(), |s, v| s.company_prefix = v, "prefix", Key::StaffDigitsInvalid)}
            {text_input(Key::StaffSpeciesCode, |s| s.species_code.clone(), |s, v| s.species_code = v, "species", Key::StaffDigitsInvalid)}
            {text_input(Key::StaffPlantCode, |s| s.plant_code.clone(), |s, v| s.plant_code = v, "plant", Key::StaffDigitsInvalid)}
            <table class="products">
                <thead>
                    <tr>
                        <th scope="col">{tr(Key::StaffProduct)}</th>
                        <th scope="col">{tr(Key::StaffGtin)}</th>
                        <th scope="col">{tr(Key::StaffProductCode)}</th>
                    </tr>
                </thead>
                <tbody>
                    {ProductKind::ALL.iter().map(|kind| {
                        let kind = *kind;
                        let name = move || product_label(kind, lang.get());
                        let gtin_label = move || format!("{} {}", Key::StaffGtin.get(lang.get()), product_label(kind, lang.get()));
                        let code_label = move || format!("{} {}", Key::StaffProductCode.get(lang.get()), product_label(kind, lang.get()));
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>
                                    <input type="text" inputmode="numeric" autocomplete="off" aria-label=gtin_label
                                        prop:value=move || draft.with(|d| d.gtins.get(kind.as_str()).cloned().unwrap_or_default())
                                        on:input=move |ev| { saved.set(false); let v = event_target_value(&ev); draft.update(|d| { d.gtins.insert(kind.to_string(), v); }) }/>
                                    {move || err(format!("gtin:{kind}")).then(|| view! { <p class="field-error">{tr(Key::StaffGtinInvalid)}</p> })}
                                </td>
                                <td>
                                    <input type="text" inputmode="numeric" autocomplete="off" aria-label=code_label size="3"
                                        prop:value=move || draft.with(|d| d.product_codes.get(kind.as_str()).cloned().unwrap_or_default())
                                        on:input=move |ev| { saved.set(false); let v = event_target_value(&ev); draft.update(|d| { d.product_codes.insert(kind.to_string(), v); }) }/>
                                    {move || err(format!("product:{kind}")).then(|| view! { <p class="field-error">{tr(Key::StaffDigitsInvalid)}</p> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="submit" class="button primary">{tr(Key::StaffSave)}</button>
            <p role="status">{move || saved.get().then(|| tr(Key::StaffSettingsSaved)())}</p>
        </form>
    }
}
