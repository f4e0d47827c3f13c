use crate::kiosk::components::config::{self, parse_idle, IDLE_RANGE};
use crate::kiosk::components::pin::{hash_pin, valid_pin, verify_pin, Lock};
use crate::kiosk::components::pin_pad::PinPad;
use crate::kiosk::components::Kiosk;
use crate::shared::components::code_error_key;
use crate::shared::components::{page_title, unique_id};
use crate::shared::i18n::{msg, native_name, tr, use_lang, Key, Lang};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use lottrace_core::counter::Place;

/// The staff settings, behind the PIN (set on first use). Unlocked until the kiosk
/// returns to its attract screen (by hand or when idle).
#[component]
pub fn KioskSettings() -> impl IntoView {
    let kiosk = expect_context::<Kiosk>();
    page_title(Key::KioskSettingsTitle);
    let has_pin = RwSignal::new(config::load().pin.is_some());
    view! {
        <div class="kiosk-settings">
            <h1>{tr(Key::KioskSettingsTitle)}</h1>
            {move || {
                if kiosk.unlocked.get() {
                    view! { <SettingsForm kiosk/> }.into_any()
                } else if has_pin.get() {
                    view! { <Unlock kiosk/> }.into_any()
                } else {
                    view! { <SetPin kiosk/> }.into_any()
                }
            }}
            <p class="hint">{tr(Key::KioskSettingsHow)}</p>
            <button type="button" class="button big" on:click=move |_| kiosk.reset()>
                {tr(Key::KioskDone)}
            </button>
        </div>
    }
}

#[component]
fn Unlock(kiosk: Kiosk) -> impl IntoView {
    let lang = use_lang();
    let message = RwSignal::new(None::<String>);
    let now_locked = move || Lock::load().remaining_secs(js_sys::Date::now());
    let locked = RwSignal::new(now_locked().is_some());
    let lock_text = move |secs: u32| msg::KioskPinLocked { n: &secs }.text(lang.get_untracked());
    if let Some(secs) = now_locked() {
        message.set(Some(lock_text(secs)));
    }
    // The lock-out ends by itself; the message counts down to it.
    let tick = set_interval_with_handle(
        move || match now_locked() {
            Some(secs) => message.set(Some(lock_text(secs))),
            None if locked.get_untracked() => {
                locked.set(false);
                message.set(None);
            }
            None => {}
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let on_pin = Callback::new(move |pin: String| {
        if now_locked().is_some() {
            return;
        }
        let stored = config::load().pin;
        if stored.as_ref().is_some_and(|h| verify_pin(&pin, h)) {
            Lock::clear();
            message.set(None);
            kiosk.unlocked.set(true);
            return;
        }
        let lock = Lock::load().failed(js_sys::Date::now());
        match lock.remaining_secs(js_sys::Date::now()) {
            Some(secs) => {
                locked.set(true);
                message.set(Some(lock_text(secs)));
            }
            None => message.set(Some(
                Key::KioskPinWrong.get(lang.get_untracked()).to_owned(),
            )),
        }
    });
    view! {
        <PinPad label=Key::KioskPinEnter action=Key::KioskUnlock on_pin message disabled=locked/>
    }
}

/// First use: the manager chooses the PIN, typed twice.
#[component]
fn SetPin(kiosk: Kiosk) -> impl IntoView {
    let lang = use_lang();
    let first = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let on_pin = Callback::new(move |pin: String| {
        let t = |k: Key| Some(k.get(lang.get_untracked()).to_owned());
        if !valid_pin(&pin) {
            message.set(t(Key::KioskPinLength));
            return;
        }
        match first.get_untracked() {
            None => {
                first.set(Some(pin));
                message.set(None);
            }
            Some(p) if p == pin => {
                let mut stored = config::load();
                stored.pin = Some(hash_pin(&pin));
                if config::save(&stored) {
                    kiosk.unlocked.set(true);
                } else {
                    first.set(None);
                    message.set(t(Key::KioskNotSaved));
                }
            }
            Some(_) => {
                first.set(None);
                message.set(t(Key::KioskPinMismatch));
            }
        }
    });
    view! {
        <p class="lead">{tr(Key::KioskPinSetIntro)}</p>
        {move || {
            let (label, action) = if first.get().is_none() {
                (Key::KioskPinNew, Key::KioskNext)
            } else {
                (Key::KioskPinConfirm, Key::KioskPinSet)
            };
            view! { <PinPad label action on_pin message/> }
        }}
    }
}

#[component]
fn SettingsForm(kiosk: Kiosk) -> impl IntoView {
    let lang = use_lang();
    let stored = config::load();
    let store = RwSignal::new(stored.store.clone());
    let langs = RwSignal::new(stored.langs.clone());
    let idle = RwSignal::new(stored.idle_secs.to_string());
    let counter = RwSignal::new(stored.counter.clone().unwrap_or_default());
    let new_pin = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<(&'static str, String)>);
    let saved = RwSignal::new(false);
    let ids = StoredValue::new(
        ["store", "idle", "counter", "counter-hint", "pin", "problem"]
            .iter()
            .map(|p| unique_id(&format!("kiosk-{p}")))
            .collect::<Vec<String>>(),
    );
    let id = move |i: usize| ids.with_value(|v| v.get(i).cloned().unwrap_or_default());
    let t = move |k: Key| k.get(lang.get_untracked()).to_owned();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let fail = |field: &'static str, text: String| problem.set(Some((field, text)));
        let chosen = langs.get_untracked();
        if chosen.is_empty() {
            return fail("langs", t(Key::KioskLanguagesNeedOne));
        }
        let Some(idle_secs) = parse_idle(&idle.get_untracked()) else {
            return fail("idle", t(Key::KioskIdleInvalid));
        };
        let counter_text = counter.get_untracked().trim().to_owned();
        if !counter_text.is_empty() {
            if let Err(e) = Place::parse(&counter_text) {
                let reason = if e.code == "not_a_place" {
                    t(Key::KioskCounterInvalid)
                } else {
                    t(code_error_key(e.code))
                };
                return fail("counter", reason);
            }
        }
        let pin = new_pin.get_untracked();
        if !pin.is_empty() && !valid_pin(&pin) {
            return fail("pin", t(Key::KioskPinLength));
        }
        let mut next = config::load();
        next.store = store.get_untracked().trim().to_owned();
        next.langs = chosen;
        next.idle_secs = idle_secs;
        next.counter = (!counter_text.is_empty()).then_some(counter_text);
        if !pin.is_empty() {
            next.pin = Some(hash_pin(&pin));
        }
        if !config::save(&next) {
            return fail("", t(Key::KioskNotSaved));
        }
        problem.set(None);
        new_pin.set(String::new());
        kiosk
            .config
            .set(kiosk.overrides.with_value(|o| o.apply(next)));
        saved.set(true);
    };

    let invalid = move |field: &'static str| {
        move || {
            problem
                .with(|p| p.as_ref().is_some_and(|(f, _)| *f == field))
                .then_some("true")
        }
    };
    let described = move |field: &'static str, base: Option<String>| {
        let problem_id = id(5);
        move || {
            let mut ids: Vec<String> = base.iter().cloned().collect();
            if problem.with(|p| p.as_ref().is_some_and(|(f, _)| *f == field)) {
                ids.push(problem_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let lang_boxes = Lang::ALL
        .into_iter()
        .map(|l| {
            view! {
                <label class="check" lang=l.code()>
                    <input
                        type="checkbox"
                        prop:checked=move || langs.with(|v| v.contains(&l))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            langs.update(|v| {
                                v.retain(|x| *x != l);
                                if on {
                                    v.push(l);
                                }
                            });
                        }
                    />
                    <span>{native_name(l)}</span>
                </label>
            }
        })
        .collect_view();
    let overridden = kiosk
        .overrides
        .with_value(|o| (!o.is_empty()).then(|| o.query()));

    view! {
        <form class="kiosk-form card" on:submit=on_submit novalidate>
            {overridden.map(|q| view! {
                <p class="hint">{tr(Key::KioskUrlOverrides)} " " <span class="mono">{q}</span></p>
            })}
            <label for=id(0)>{tr(Key::KioskStoreName)}</label>
            <input id=id(0) type="text" autocomplete="off" prop:value=store on:input=move |ev| store.set(event_target_value(&ev))/>

            <fieldset aria-invalid=invalid("langs")>
                <legend>{tr(Key::KioskLanguages)}</legend>
                {lang_boxes}
            </fieldset>

            <label for=id(1)>{tr(Key::KioskIdleSeconds)}</label>
            <input
                id=id(1)
                type="number"
                inputmode="numeric"
                min=IDLE_RANGE.start().to_string()
                max=IDLE_RANGE.end().to_string()
                prop:value=idle
                on:input=move |ev| idle.set(event_target_value(&ev))
                aria-invalid=invalid("idle")
                aria-describedby=described("idle", None)
            />

            <label for=id(2)>{tr(Key::KioskCounterPlace)}</label>
            <p id=id(3) class="hint">{tr(Key::KioskCounterHint)}</p>
            <input
                id=id(2)
                type="text"
                autocomplete="off"
                spellcheck="false"
                class="mono"
                prop:value=counter
                on:input=move |ev| counter.set(event_target_value(&ev))
                aria-invalid=invalid("counter")
                aria-describedby=described("counter", Some(id(3)))
            />

            <label for=id(4)>{tr(Key::KioskPinChange)}</label>
            <input
                id=id(4)
                type="password"
                inputmode="numeric"
                autocomplete="new-password"
                prop:value=new_pin
                on:input=move |ev| new_pin.set(event_target_value(&ev))
                aria-invalid=invalid("pin")
                aria-describedby=described("pin", None)
            />

            {move || problem.get().map(|(_, text)| view! { <p id=id(5) class="error" role="alert">{text}</p> })}
            <Show when=move || saved.get()>
                <p class="saved" role="status">{tr(Key::KioskSaved)}</p>
            </Show>
            <button type="submit" class="button primary big">{tr(Key::KioskSave)}</button>
        </form>
    }
}
