//! One input generated from a field of the dictionary: its label in the page language,
//! a control fitting its type (text, number with unit, date, date and time, yes/no,
//! a list of enum values), "required" when the guideline requires it, and the
//! `lottrace-core` check's message as the person types.

use crate::shared::components::unique_id;
use crate::shared::i18n::{tr, use_lang, Key, Lang};
use crate::staff::state::drafts::Draft;
use leptos::prelude::*;
use lottrace_core::fields::{unit_label, Field, FieldType};
use std::convert::identity;

/// A datetime value as `datetime-local` shows it (the first 16 characters of RFC 3339).
fn as_local(v: &str) -> String {
    v.get(..16).unwrap_or(v).to_owned()
}

/// What `datetime-local` gives, stored as RFC 3339 when it reads as a local time.
fn from_local(v: String) -> String {
    crate::staff::forms::local_time_to_rfc3339(&v).unwrap_or(v)
}

/// One choice of a list: its value, and its words in a language.
type Choice = (
    &'static str,
    Box<dyn Fn(Lang) -> &'static str + Send + Sync>,
);

#[component]
pub fn FieldInput(
    field: &'static Field,
    draft: RwSignal<Draft>,
    /// The message to show under the input, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = unique_id("f");
    let err_id = format!("{id}-err");
    let key = field.key.clone();
    let value = {
        let key = key.clone();
        Memo::new(move |_| draft.with(|d| d.fields.get(&key).cloned().unwrap_or_default()))
    };
    let set = {
        let key = key.clone();
        move |v: String| {
            draft.update(|d| {
                d.fields.insert(key.clone(), v);
            })
        }
    };
    let label = move || field.labels.get(lang.get()).to_string();
    let unit = move || {
        field
            .unit
            .as_deref()
            .map(|u| unit_label(u, lang.get()).unwrap_or(u).to_string())
    };
    let described = move || error.get().map(|_| err_id.clone());
    let err_id2 = format!("{id}-err");
    let invalid = move || error.get().is_some().then_some("true");
    let required = field.required.then_some("true");

    // The typed inputs differ only in their type, keyboard hints and how a value is shown
    // and stored.
    let input = {
        let (id, described, set) = (id.clone(), described.clone(), set.clone());
        move |kind: &'static str,
              inputmode: Option<&'static str>,
              autocomplete: Option<&'static str>,
              shown: fn(&str) -> String,
              stored: fn(String) -> String| {
            view! {
                <input
                    id=id
                    type=kind
                    inputmode=inputmode
                    autocomplete=autocomplete
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || shown(&value.get())
                    on:input=move |ev| set(stored(event_target_value(&ev)))
                />
            }
            .into_any()
        }
    };
    let select = {
        let (id, described, set) = (id.clone(), described.clone(), set.clone());
        move |choices: Vec<Choice>| {
            view! {
                <select
                    id=id
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:change=move |ev| set(event_target_value(&ev))
                >
                    <option value="">{tr(Key::StaffChoose)}</option>
                    {choices
                        .into_iter()
                        .map(|(v, words)| {
                            view! {
                                <option value=v selected=move || value.get() == v>
                                    {move || words(lang.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
    };
    let control = match field.r#type {
        FieldType::Enum => select(
            field
                .values
                .iter()
                .flatten()
                .map(|o| -> Choice { (o.value.as_str(), Box::new(move |l| o.labels.get(l))) })
                .collect(),
        ),
        FieldType::Boolean => select(vec![
            ("true", Box::new(|l| Key::StaffYes.get(l))),
            ("false", Box::new(|l| Key::StaffNo.get(l))),
        ]),
        FieldType::Date => input("date", None, None, str::to_owned, identity),
        FieldType::Datetime => input("datetime-local", None, None, as_local, from_local),
        FieldType::Number => view! {
            <span class="with-unit">
                {input("text", Some("decimal"), Some("off"), str::to_owned, identity)}
                <span class="unit" aria-hidden="true">{unit}</span>
            </span>
        }
        .into_any(),
        FieldType::Text => input("text", None, Some("off"), str::to_owned, identity),
    };
    let label_unit = move || unit().map(|u| format!(" ({u})"));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>
                {label}
                {label_unit}
                {field
                    .required
                    .then(|| view! { <span class="req">" · "{tr(Key::StaffRequiredMark)}</span> })}
            </label>
            {control}
            {move || {
                error.get().map(|m| view! { <p class="field-error" id=err_id2.clone()>{m}</p> })
            }}
        </div>
    }
}
