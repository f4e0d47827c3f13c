//! `/staff/outbox` — every record on this device, newest first: waiting, sending, sent,
//! or refused with the server's reason (correct it as a new record, or discard it).

use crate::shared::i18n::{format_time, tr, use_lang, with_lang, Key};
use crate::staff::components::StaffFrame;
use crate::staff::forms;
use crate::staff::state::ctx;
use crate::staff::state::ctx::ctx;
use crate::staff::state::drafts;
use crate::staff::state::outbox::{self, Brief, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

const SHOWN: usize = 200;

#[component]
pub fn StaffOutbox() -> impl IntoView {
    view! { <StaffFrame title=Key::StaffOutboxTitle><OutboxList/></StaffFrame> }
}

fn status_key(s: Status) -> Key {
    match s {
        Status::Pending => Key::StaffStatusPending,
        Status::Sending => Key::StaffStatusSending,
        Status::Sent => Key::StaffStatusSent,
        Status::Rejected => Key::StaffStatusRejected,
    }
}

fn ms_to_time(ms: f64, lang: crate::shared::i18n::Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let offset_min = -(d.get_timezone_offset() as i32);
    let iso = d.to_iso_string().as_string().unwrap_or_default();
    match (
        chrono::DateTime::parse_from_rfc3339(&iso),
        chrono::FixedOffset::east_opt(offset_min * 60),
    ) {
        (Ok(t), Some(o)) => format_time(&t.with_timezone(&o).to_rfc3339(), lang),
        _ => iso,
    }
}

#[component]
fn OutboxList() -> impl IntoView {
    let c = ctx();
    let lang = use_lang();
    let navigate = use_navigate();
    let list = Memo::new(move |_| {
        let business = c
            .session
            .with(|s| s.as_ref().map(|s| s.business.clone()))
            .unwrap_or_default();
        c.briefs.with(|all| {
            // Refused first (they need a person), then newest first.
            let mut mine: Vec<Brief> = all
                .iter()
                .rev()
                .filter(|b| b.business == business)
                .take(SHOWN)
                .cloned()
                .collect();
            mine.sort_by_key(|b| (b.status != Status::Rejected, !b.stuck()));
            mine
        })
    });
    let too_many = move || c.briefs.with(|b| b.len() > SHOWN);
    let edit = move |key: String| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let Some(entry) = outbox::get(&key).await else {
                return;
            };
            let Some(mut d) = entry.draft.clone() else {
                return;
            };
            d.replaces = Some(entry.key.clone());
            if drafts::save(&d).await.is_ok() {
                navigate(
                    &with_lang(&format!("/staff/new/{}", d.form), lang.get_untracked()),
                    NavigateOptions::default(),
                );
            }
        });
    };
    let edit = StoredValue::new(edit);
    view! {
        <div class="staff-page">
            <h1>{tr(Key::StaffOutboxTitle)}</h1>
            <Show when=too_many>
                <p class="hint">{tr(Key::StaffShowingLatest)}" ("{SHOWN}")"</p>
            </Show>
            <Show when=move || list.with(|l| !l.is_empty()) fallback=|| view! { <p>{tr(Key::StaffOutboxEmpty)}</p> }>
                <ul class="outbox">
                    <For each=move || list.get() key=|b| (b.key.clone(), b.status, b.reason.clone(), b.failed_in) let:b>
                        {
                            let key_edit = b.key.clone();
                            let key_discard = b.key.clone();
                            let status = b.status;
                            let title = forms::title_of(&b.form);
                            let lots: Vec<String> = b.lots.iter().chain(b.inputs.iter()).cloned().collect();
                            let created = b.created_ms;
                            let stuck = b.stuck();
                            let (badge, why) = if stuck {
                                (Key::StaffStatusStuck, Key::StaffStuckReason)
                            } else {
                                (status_key(status), Key::StaffReason)
                            };
                            // A waiting record's reason is shown once it is stuck; before,
                            // it is one failed request among others.
                            let reason = b.reason.clone().filter(|_| stuck || status == Status::Rejected);
                            let name = match status { Status::Pending => "pending", Status::Sending => "sending", Status::Sent => "sent", Status::Rejected => "rejected" };
                            // Each state its own look: sent is done (green, a tick), never
                            // the amber of what still waits.
                            let badge_class = format!("badge status-{}", if stuck { "stuck" } else { name });
                            view! {
                                <li class=format!("entry {name}{}", if stuck { " stuck" } else { "" })>
                                    <div class="entry-head">
                                        <strong>{tr(title)}</strong>
                                        <span class=badge_class>{tr(badge)}</span>
                                    </div>
                                    <p class="meta">{move || ms_to_time(created, lang.get())}" · "{format!("{} kg", b.kg)}</p>
                                    <p class="lots">{lots.join(", ")}</p>
                                    {reason.map(|r| view! {
                                        <p class="reason"><span>{tr(why)}": "</span>{r}</p>
                                    })}
                                    {(status == Status::Rejected).then(|| view! {
                                        <div class="actions">
                                            <button type="button" class="button" on:click=move |_| edit.with_value(|f| f(key_edit.clone()))>{tr(Key::StaffEdit)}</button>
                                            <button type="button" class="button quiet" on:click=move |_| {
                                                let ok = web_sys::window()
                                                    .and_then(|w| w.confirm_with_message(Key::StaffDiscardConfirm.get(lang.get_untracked())).ok())
                                                    .unwrap_or(false);
                                                if ok {
                                                    let k = key_discard.clone();
                                                    spawn_local(async move { let _ = ctx::remove_entry(&k).await; });
                                                }
                                            }>{tr(Key::StaffDiscard)}</button>
                                        </div>
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </div>
    }
}
