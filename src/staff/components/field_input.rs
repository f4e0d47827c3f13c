//! One input generated from a field of the dictionary: its label in the page language,
//! a control fitting its type (text, number with unit, date, date and time, yes/no,
//! a list of enum values), "required" when the guideline requires it, and the
//! `lottrace-core` check's message as the person types.

use crate::shared::components::unique_id;
use crate::shared::i18n::{tr, use_lang, Key};
use crate::staff::state::drafts::Draft;
use leptos::prelude::*;
use lottrace_core::fields::{unit_label, Field, FieldType};

/// A datetime value as `datetime-local` shows it (the first 16 characters of RFC 3339).
fn as_local(v: &str) -> String {
    v.get(..16).unwrap_or(v).to_owned()
}

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

    let control = match field.r#type {
        FieldType::Enum => {
            let options = field.values.clone().unwrap_or_default();
            let set = set.clone();
            view! {
                <select
                    id=id.clone()
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:change=move |ev| set(event_target_value(&ev))
                >
                    <option value="">{tr(Key::StaffChoose)}</option>
                    {options
                        .into_iter()
                        .map(|o| {
                            let v = o.value.clone();
                            let sel = v.clone();
                            view! {
                                <option value=v selected=move || value.get() == sel>
                                    {move || o.labels.get(lang.get()).to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldType::Boolean => {
            let set = set.clone();
            view! {
                <select
                    id=id.clone()
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:change=move |ev| set(event_target_value(&ev))
                >
                    <option value="">{tr(Key::StaffChoose)}</option>
                    <option value="true" selected=move || value.get() == "true">{tr(Key::StaffYes)}</option>
                    <option value="false" selected=move || value.get() == "false">{tr(Key::StaffNo)}</option>
                </select>
            }
            .into_any()
        }
        FieldType::Date => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="date"
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |ev| set(event_target_value(&ev))
                />
            }
            .into_any()
        }
        FieldType::Datetime => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="datetime-local"
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || as_local(&value.get())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set(crate::staff::forms::local_time_to_rfc3339(&v).unwrap_or(v))
                    }
                />
            }
            .into_any()
        }
        FieldType::Number => {
            let set = set.clone();
            view! {
                <span class="with-unit">
                    <input
                        id=id.clone()
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        aria-required=required
                        aria-invalid=invalid
                        aria-describedby=described
                        prop:value=move || value.get()
                        on:input=move |ev| set(event_target_value(&ev))
                    />
                    <span class="unit" aria-hidden="true">{unit}</span>
                </span>
            }
            .into_any()
        }
        FieldType::Text => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="text"
                    autocomplete="off"
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |ev| set(event_target_value(&ev))
                />
            }
            .into_any()
        }
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
