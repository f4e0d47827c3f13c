//! The frame of every staff screen: starts the sync engine, asks for sign-in when
//! nobody is signed in on this device, and shows the navigation, the sync status (a
//! `status` region with the number of waiting records, "Sync now" and the last sync)
//! and the update offer.

use super::update::UpdateBanner;
use crate::shared::components::page_title;
use crate::shared::i18n::{format_time, msg, tr, use_lang, with_lang, Key};
use crate::staff::api::{self, CallError};
use crate::staff::state::ctx::{self, ctx, SyncProblem};
use crate::staff::state::outbox::Status;
use crate::staff::state::session::{self, Session};
use crate::staff::state::sync;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `title` names the page; a screen whose name depends on what it shows (a form) names
/// it itself.
#[component]
pub fn StaffFrame(#[prop(optional)] title: Option<Key>, children: ChildrenFn) -> impl IntoView {
    if let Some(key) = title {
        page_title(key);
    }
    sync::start();
    let c = ctx();
    let lang = use_lang();
    let children = StoredValue::new(children);
    view! {
        <div class="staff">
            <UpdateBanner/>
            <Show when=move || c.storage_failed.get()>
                <p class="error" role="alert">{tr(Key::StaffStorageFailed)}</p>
            </Show>
            <Show
                when=move || c.loaded.get()
                fallback=|| view! { <div class="skeleton"><div class="bone title"></div></div> }
            >
                <Show when=move || c.session.with(Option::is_some) fallback=|| view! { <SignIn/> }>
                    <nav class="staff-nav" aria-label=tr(Key::StaffNav)>
                        <a href=move || with_lang("/staff", lang.get())>{tr(Key::StaffHome)}</a>
                        <a href=move || with_lang("/staff/outbox", lang.get())>{tr(Key::StaffOutbox)}</a>
                        <a href=move || with_lang("/staff/settings", lang.get())>{tr(Key::StaffSettings)}</a>
                        <span class="who">
                            {move || {
                                c.session
                                    .with(|s| {
                                        s.as_ref()
                                            .map(|s| format!("{} · {}", s.username, s.business_name))
                                    })
                            }}
                        </span>
                    </nav>
                    <SyncStatus/>
                    {move || children.with_value(|c| c())}
                </Show>
            </Show>
        </div>
    }
}

/// Waiting and refused counts, "Sync now", the last sync, and why sending stopped.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let c = ctx();
    let lang = use_lang();
    let business = move || c.session.with(|s| s.as_ref().map(|s| s.business.clone()));
    let counts = Memo::new(move |_| {
        let b = business().unwrap_or_default();
        c.briefs.with(|list| {
            let mut waiting = 0usize;
            let mut rejected = 0usize;
            for e in list.iter().filter(|e| e.business == b) {
                match e.status {
                    Status::Pending | Status::Sending => waiting += 1,
                    Status::Rejected => rejected += 1,
                    Status::Sent => {}
                }
            }
            (waiting, rejected)
        })
    });
    let last = move || {
        c.last_sync_ms.get().map_or_else(
            || Key::StaffNever.get(lang.get()).to_string(),
            |ms| {
                let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
                    .to_iso_string()
                    .as_string()
                    .unwrap_or_default();
                format_local_iso(&iso, lang.get())
            },
        )
    };
    let need_sign_in = move || {
        c.problem.get() == Some(SyncProblem::NeedSignIn)
            || c.session
                .with(|s| s.as_ref().is_some_and(|s| s.usable_token().is_none()))
    };
    view! {
        <section class="sync-status" aria-label=tr(Key::StaffSyncStatus)>
            <div role="status" class="sync-counts" aria-live="polite">
                {move || {
                    let (waiting, rejected) = counts.get();
                    let mut parts = Vec::new();
                    if waiting == 0 && rejected == 0 {
                        parts.push(Key::StaffAllSent.get(lang.get()).to_string());
                    }
                    if waiting > 0 {
                        parts.push(msg::StaffWaiting { n: &waiting }.text(lang.get()));
                    }
                    if rejected > 0 {
                        parts.push(msg::StaffRejectedCount { n: &rejected }.text(lang.get()));
                    }
                    if c.syncing.get() {
                        parts.push(Key::StaffSyncing.get(lang.get()).to_string());
                    }
                    parts.join(" · ")
                }}
            </div>
            <p class="last-sync">{tr(Key::StaffLastSync)}": "<span class="last-sync-time">{last}</span></p>
            <button
                type="button"
                class="button"
                disabled=move || c.syncing.get()
                on:click=move |_| sync::sync_soon()
            >
                {tr(Key::StaffSyncNow)}
            </button>
            {move || match c.problem.get() {
                Some(SyncProblem::Offline) => Some(view! { <p class="note">{tr(Key::StaffOffline)}</p> }.into_any()),
                Some(SyncProblem::Network) => {
                    Some(view! { <p class="note">{tr(Key::StaffNetworkProblem)}</p> }.into_any())
                }
                _ => None,
            }}
            <Show when=need_sign_in>
                <div class="again" role="alert">
                    <p>{tr(Key::StaffSignInAgain)}</p>
                    <SignIn/>
                </div>
            </Show>
        </section>
    }
}

fn format_local_iso(iso: &str, lang: crate::shared::i18n::Lang) -> String {
    // Shown in the device's own offset.
    let offset_min = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    match (
        chrono::DateTime::parse_from_rfc3339(iso),
        chrono::FixedOffset::east_opt(offset_min * 60),
    ) {
        (Ok(t), Some(o)) => format_time(&t.with_timezone(&o).to_rfc3339(), lang),
        _ => iso.to_owned(),
    }
}

/// The sign-in form ("Username", "Password", "Sign in"). Used both for a first sign-in
/// and to renew an expired one (the username is filled in).
#[component]
pub fn SignIn() -> impl IntoView {
    let c = ctx();
    let remembered = c
        .session
        .get_untracked()
        .map(|s| s.username)
        .unwrap_or_default();
    let again = !remembered.is_empty();
    let username = RwSignal::new(remembered);
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (u, p) = (username.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            error.set(Some(Key::StaffWrongPassword));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = sign_in(u.trim(), &p).await;
            busy.set(false);
            match result {
                Ok(()) => password.set(String::new()),
                Err(k) => error.set(Some(k)),
            }
        });
    };
    // The two fields differ in their words, type and what the browser may fill in; a
    // username is typed as is (no capital, no spelling check), a password is never shown.
    let field = |label: Key,
                 prefix: &str,
                 kind: &'static str,
                 name: &'static str,
                 fill: &'static str,
                 value: RwSignal<String>| {
        let id = crate::shared::components::unique_id(prefix);
        let as_typed = (kind == "text").then_some("none");
        let unchecked = as_typed.map(|_| "false");
        view! {
            <div class="field">
                <label for=id.clone()>{tr(label)}</label>
                <input
                    id=id
                    type=kind
                    name=name
                    autocomplete=fill
                    autocapitalize=as_typed
                    spellcheck=unchecked
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };
    view! {
        <form class="card sign-in" on:submit=on_submit>
            {(!again)
                .then(|| {
                    view! {
                        <h1>{tr(Key::StaffSignInTitle)}</h1>
                        <p class="lead">{tr(Key::StaffSignInIntro)}</p>
                    }
                })}
            {field(Key::StaffUsername, "user", "text", "username", "username", username)}
            {field(Key::StaffPassword, "pass", "password", "password", "current-password", password)}
            {move || error.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
            <button type="submit" class="button primary" disabled=move || busy.get()>
                {move || if busy.get() { tr(Key::StaffSigningIn)() } else { tr(Key::StaffSignIn)() }}
            </button>
        </form>
    }
}

async fn sign_in(username: &str, password: &str) -> Result<(), Key> {
    let ok = api::login(username, password).await.map_err(|e| match e {
        CallError::Network => Key::StaffSignInOffline,
        CallError::Status(401, _) | CallError::Status(400, _) => Key::StaffWrongPassword,
        CallError::Status(429, _) => Key::StaffTooMany,
        CallError::Status(..) => Key::StaffSignInFailed,
    })?;
    if let Ok(list) = api::businesses(&ok.token).await {
        if let Ok(json) = serde_json::to_string(&list) {
            let _ =
                crate::staff::state::db::put(crate::staff::state::db::META, "businesses", &json)
                    .await;
        }
    }
    let (gln, name) = api::me(&ok.token)
        .await
        .map_err(|_| Key::StaffSignInFailed)?;
    let session = Session {
        token: Some(ok.token),
        expires_at: ok.expires_at,
        username: ok.user.username,
        business: ok.user.business,
        business_name: if ok.user.business_name.is_empty() {
            name
        } else {
            ok.user.business_name
        },
        role: ok.user.role.as_str().to_owned(),
        gln,
    };
    session::save_session(&session)
        .await
        .map_err(|_| Key::StaffStorageFailed)?;
    // The business's lots, kept for the lot chooser offline.
    let token = session.token.clone().unwrap_or_default();
    let business = session.business.clone();
    let c = ctx();
    c.settings
        .set(session::load_settings(&session.business).await);
    c.session.set(Some(session));
    c.held_lots.set(Vec::new());
    let _ = crate::staff::state::lots::fetch_and_keep(&token, &business).await;
    c.problem.set(None);
    ctx::refresh().await;
    sync::sync_soon();
    Ok(())
}
