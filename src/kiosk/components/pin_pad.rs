//! PIN entry for staff: a password field (a USB keyboard works) and big digit keys for
//! the touch screen.

use super::pin::PIN_LEN;
use crate::shared::components::unique_id;
use crate::shared::i18n::{tr, Key};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn PinPad(
    /// The field's label.
    label: Key,
    /// The button's label.
    action: Key,
    on_pin: Callback<String>,
    /// A message under the field (wrong PIN, lock-out…), or none.
    #[prop(into)]
    message: Signal<Option<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let id = unique_id("pin");
    let msg_id = unique_id("pin-msg");
    let press = move |c: char| {
        value.update(|v| {
            if v.len() < *PIN_LEN.end() {
                v.push(c);
            }
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if disabled.get_untracked() {
            return;
        }
        on_pin.run(value.get_untracked());
        value.set(String::new());
    };
    let digits = "1234567890"
        .chars()
        .map(|c| {
            view! {
                <button type="button" class="key" disabled=move || disabled.get() on:click=move |_| press(c)>
                    {c.to_string()}
                </button>
            }
        })
        .collect_view();
    let described = {
        let msg_id = msg_id.clone();
        move || message.get().map(|_| msg_id.clone())
    };
    view! {
        <form class="pin-pad" on:submit=submit novalidate>
            <label for=id.clone()>{tr(label)}</label>
            <input
                id=id
                type="password"
                inputmode="numeric"
                autocomplete="off"
                maxlength=PIN_LEN.end().to_string()
                prop:value=move || value.get()
                on:input=move |ev| {
                    let digits: String = event_target_value(&ev)
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    value.set(digits);
                }
                aria-describedby=described
                disabled=move || disabled.get()
            />
            <div class="keys digits">
                {digits}
                <button
                    type="button"
                    class="key wide"
                    disabled=move || disabled.get()
                    on:click=move |_| value.update(|v| { v.pop(); })
                >
                    {tr(Key::KioskDelete)}
                </button>
            </div>
            {move || message.get().map(|m| view! { <p id=msg_id.clone() class="error" role="alert">{m}</p> })}
            <button type="submit" class="button primary big" disabled=move || disabled.get()>{tr(action)}</button>
        </form>
    }
}
