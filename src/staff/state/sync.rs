//! The sync engine: sends the outbox to `POST /epcis/capture` in batches, exactly once
//! in effect.
//!
//! - Runs when the browser comes online, on a timer with exponential backoff and
//!   jitter after failures, every half minute while events wait, and on demand.
//! - Only one tab sends at a time: the work runs under the Web Lock `lottrace-sync`
//!   (or, where Web Locks are missing, a short lease in `localStorage`), and re-reads
//!   the outbox from IndexedDB inside the lock, so two tabs never send the same event.
//! - An entry becomes `sent` only after the server acknowledged its document (201,
//!   including events it already had: capture is idempotent on eventID). A network
//!   error, a timeout, 408/429 or 5xx puts the batch back to `pending` for a later try —
//!   sending it again is harmless.
//! - Any other 4xx is a rejection: the server names the refused event when it can
//!   (`field` = `/epcisBody/eventList/<i>`); otherwise the batch is halved until the
//!   refused event is alone. It is marked `rejected` with the server's reason and never
//!   sent again until a person corrects (a new event) or discards it.
//! - 401 keeps everything and asks the person to sign in again.

use super::outbox::{self, Entry, Status};
use super::session::{self, ctx, SyncProblem};
use crate::staff::api::{self, ApiError, CallError};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Events per capture document (the server takes up to 5 MB; an event is ~1 kB).
const DEFAULT_BATCH: usize = 500;
const TIMEOUT_MS: i32 = 20_000;
const BACKOFF_BASE_MS: f64 = 2_000.0;
const BACKOFF_MAX_MS: f64 = 300_000.0;
const TICK_MS: i32 = 30_000;
const LOCK_NAME: &str = "lottrace-sync";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    static BATCH: Cell<usize> = const { Cell::new(DEFAULT_BATCH) };
    static TEST_SWITCH: Cell<bool> = const { Cell::new(false) };
}

/// Reads the test switch, once, as the staff app starts (see [`install_api`]).
///
/// `window.lottraceStaff` can put any event in the outbox and send it with the person's
/// token, so a production page must not hand it to whatever script runs on it (an
/// injected ad, a compromised dependency, an XSS). It is installed only when both hold
/// when the WASM starts:
/// - the page was opened with `?lottrace-test=1` (a test or the bench asked for it), and
/// - `navigator.webdriver === true`: the browser itself is under automation
///   (Playwright, WebDriver), which a person's phone never is and a page cannot switch on.
///
/// Read once: a script that later edits the URL (`history.replaceState`) changes nothing,
/// and reloading to get the query back starts a page that is still not automated.
pub fn read_test_switch() {
    let Some(w) = web_sys::window() else { return };
    let asked = w
        .location()
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "lottrace-test=1");
    let automated = Reflect::get(&w.navigator(), &"webdriver".into())
        .ok()
        .and_then(|v| v.as_bool())
        == Some(true);
    TEST_SWITCH.with(|t| t.set(asked && automated));
}

/// How a sync run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is left to send.
    Done,
    /// Another run (this tab or another) is sending.
    Busy,
    Offline,
    NeedSignIn,
    /// A network error or a server error: tried again later.
    Retry,
}

enum Step {
    Continue,
    Stop(Outcome),
}

/// Sets the number of events per capture document (tests use small batches).
pub fn set_batch_size(n: usize) {
    BATCH.with(|b| b.set(n.clamp(1, 2_000)));
}

fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Starts the engine once per tab: reads the device's state, listens for `online` and
/// other tabs, asks for persistent storage and sends what waits.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    outbox::listen_to_other_tabs();
    request_persistence();
    install_api();
    if let Some(w) = web_sys::window() {
        let on_online = Closure::<dyn FnMut()>::new(|| {
            FAILURES.with(|f| f.set(0));
            sync_soon();
        });
        let _ = w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
        let on_offline = Closure::<dyn FnMut()>::new(|| {
            ctx().problem.set(Some(SyncProblem::Offline));
        });
        let _ = w.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        on_offline.forget();
        let tick = Closure::<dyn FnMut()>::new(|| {
            let waiting = ctx().briefs.with_untracked(|b| {
                b.iter()
                    .any(|e| matches!(e.status, Status::Pending | Status::Sending))
            });
            if waiting && TIMER.with(|t| t.get()).is_none() {
                sync_soon();
            }
        });
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            TICK_MS,
        );
        tick.forget();
    }
    leptos::task::spawn_local(async {
        let c = ctx();
        let session = session::load_session().await;
        if let Some(s) = &session {
            c.settings.set(session::load_settings(&s.business).await);
        }
        c.session.set(session);
        c.last_sync_ms.set(session::load_last_sync().await);
        outbox::refresh().await;
        c.loaded.set(true);
        if !online() {
            c.problem.set(Some(SyncProblem::Offline));
        }
        sync_now().await;
    });
}

/// Asks the browser not to evict the outbox under storage pressure.
fn request_persistence() {
    let Some(w) = web_sys::window() else { return };
    let storage = Reflect::get(&w.navigator(), &"storage".into()).unwrap_or(JsValue::UNDEFINED);
    if storage.is_undefined() {
        return;
    }
    if let Ok(persist) = Reflect::get(&storage, &"persist".into()) {
        if let Some(f) = persist.dyn_ref::<Function>() {
            if let Ok(p) = f.call0(&storage) {
                if let Ok(p) = p.dyn_into::<Promise>() {
                    leptos::task::spawn_local(async move {
                        let _ = JsFuture::from(p).await;
                    });
                }
            }
        }
    }
}

/// Starts a sync run in the background.
pub fn sync_soon() {
    leptos::task::spawn_local(async {
        sync_now().await;
    });
}

fn schedule(delay_ms: f64) {
    let Some(w) = web_sys::window() else { return };
    if let Some(t) = TIMER.with(|t| t.take()) {
        w.clear_timeout_with_handle(t);
    }
    let run = Closure::once_into_js(|| {
        TIMER.with(|t| t.set(None));
        sync_soon();
    });
    let handle = w
        .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), delay_ms as i32)
        .ok();
    TIMER.with(|t| t.set(handle));
}

/// Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 5 min, each 50–100 % of that.
fn backoff_ms(failures: u32) -> f64 {
    let exp = BACKOFF_BASE_MS * 2f64.powi(failures.saturating_sub(1).min(16) as i32);
    exp.min(BACKOFF_MAX_MS) * (0.5 + js_sys::Math::random() * 0.5)
}

/// Sends everything that waits, now.
pub async fn sync_now() -> Outcome {
    let c = ctx();
    if c.syncing.get_untracked() {
        return Outcome::Busy;
    }
    let Some(session) = c.session.get_untracked() else {
        return Outcome::NeedSignIn;
    };
    let Some(token) = session.usable_token().map(|t| t.to_owned()) else {
        c.problem.set(Some(SyncProblem::NeedSignIn));
        return Outcome::NeedSignIn;
    };
    if !online() {
        c.problem.set(Some(SyncProblem::Offline));
        return Outcome::Offline;
    }
    c.syncing.set(true);
    let business = session.business.clone();
    let used = token.clone();
    let outcome = with_lock(async move { run(&token, &business).await })
        .await
        .unwrap_or(Outcome::Busy);
    c.syncing.set(false);
    match outcome {
        Outcome::Done => {
            FAILURES.with(|f| f.set(0));
            c.problem.set(None);
            let now = js_sys::Date::now();
            c.last_sync_ms.set(Some(now));
            session::save_last_sync(now).await;
        }
        Outcome::Retry => {
            let n = FAILURES.with(|f| {
                f.set(f.get().saturating_add(1));
                f.get()
            });
            c.problem.set(Some(if online() {
                SyncProblem::Network
            } else {
                SyncProblem::Offline
            }));
            schedule(backoff_ms(n));
        }
        Outcome::NeedSignIn => session::expire_session(&used).await,
        Outcome::Busy => schedule(3_000.0),
        Outcome::Offline => c.problem.set(Some(SyncProblem::Offline)),
    }
    outcome
}

async fn run(token: &str, business: &str) -> Outcome {
    // Bounded: each pass sends or rejects at least one event, or stops.
    for _ in 0..10_000 {
        let Ok(all) = outbox::load_all().await else {
            ctx().storage_failed.set(true);
            return Outcome::Retry;
        };
        let todo: Vec<Entry> = all
            .into_iter()
            .filter(|e| {
                e.business == business && matches!(e.status, Status::Pending | Status::Sending)
            })
            .collect();
        if todo.is_empty() {
            return Outcome::Done;
        }
        let batch = BATCH.with(|b| b.get());
        for chunk in todo.chunks(batch) {
            if let Step::Stop(o) = send(token, chunk.to_vec()).await {
                return o;
            }
        }
    }
    Outcome::Retry
}

fn document(batch: &[Entry]) -> String {
    let events: Vec<&serde_json::Value> = batch.iter().map(|e| &e.event).collect();
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    serde_json::json!({
        "@context": lottrace_core::epcis::default_context(),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": now,
        "epcisBody": { "eventList": events },
    })
    .to_string()
}

async fn set_status(batch: &mut [Entry], status: Status, reason: Option<String>) {
    let now = js_sys::Date::now();
    for e in batch.iter_mut() {
        e.status = status;
        e.reason = reason.clone();
        if status == Status::Sending {
            e.attempts = e.attempts.saturating_add(1);
        }
        if status == Status::Sent {
            e.sent_ms = Some(now);
        }
    }
    if outbox::store(batch).await.is_err() {
        ctx().storage_failed.set(true);
    }
}

/// The index of the refused event in the document, from `field` or the problems.
fn refused_index(body: &ApiError) -> Option<usize> {
    let paths = body
        .field
        .iter()
        .chain(body.problems.iter().flatten().map(|p| &p.path));
    paths.into_iter().find_map(|p| {
        let rest = p.strip_prefix("/epcisBody/eventList/")?;
        rest.split('/').next()?.parse().ok()
    })
}

fn reason_of(status: u16, body: &ApiError) -> String {
    let mut reason = if body.message.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("{status} · {}", body.message)
    };
    if let Some(problems) = &body.problems {
        for p in problems.iter().skip(1).take(5) {
            reason.push_str(&format!("; {} ({})", p.message, p.path));
        }
    }
    reason
}

fn send(token: &str, mut batch: Vec<Entry>) -> Pin<Box<dyn Future<Output = Step> + '_>> {
    Box::pin(async move {
        if batch.is_empty() {
            return Step::Continue;
        }
        set_status(&mut batch, Status::Sending, None).await;
        let result = api::capture(token, &document(&batch), TIMEOUT_MS).await;
        match result {
            Ok(_) => {
                set_status(&mut batch, Status::Sent, None).await;
                // Progress: the next failure starts the backoff from the bottom again.
                FAILURES.with(|f| f.set(0));
                Step::Continue
            }
            Err(CallError::Network) => {
                set_status(&mut batch, Status::Pending, None).await;
                Step::Stop(Outcome::Retry)
            }
            Err(CallError::Status(401, _)) => {
                set_status(&mut batch, Status::Pending, None).await;
                Step::Stop(Outcome::NeedSignIn)
            }
            Err(CallError::Status(s, _)) if s == 408 || s == 425 || s == 429 || s >= 500 => {
                set_status(&mut batch, Status::Pending, None).await;
                Step::Stop(Outcome::Retry)
            }
            Err(CallError::Status(s, body)) => {
                if batch.len() == 1 {
                    set_status(&mut batch, Status::Rejected, Some(reason_of(s, &body))).await;
                    return Step::Continue;
                }
                set_status(&mut batch, Status::Pending, None).await;
                // Find the refused event: named by the server, or by halving.
                let (first, second) = match refused_index(&body).filter(|i| *i < batch.len()) {
                    Some(i) if s != 413 => {
                        let refused = batch.remove(i);
                        (batch, vec![refused])
                    }
                    _ => {
                        let second = batch.split_off(batch.len() / 2);
                        (batch, second)
                    }
                };
                if let Step::Stop(o) = send(token, first).await {
                    return Step::Stop(o);
                }
                send(token, second).await
            }
        }
    })
}

/// Runs `work` holding the `lottrace-sync` lock; `None` when another tab holds it.
async fn with_lock<F: Future<Output = Outcome> + 'static>(work: F) -> Option<Outcome> {
    let Some(w) = web_sys::window() else {
        return Some(work.await);
    };
    let locks = Reflect::get(&w.navigator(), &"locks".into()).unwrap_or(JsValue::UNDEFINED);
    let request = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<Function>().ok());
    let Some(request) = request.filter(|_| !locks.is_undefined()) else {
        return with_lease(work).await;
    };
    // `acquired` settles with true (we hold the lock) or false (someone else does);
    // the lock is held until `release` is called.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut got: Option<Function> = None;
    let acquired = Promise::new(&mut |resolve, _| got = Some(resolve));
    let (Some(release), Some(got)) = (release, got) else {
        return None;
    };
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = got.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        held.into()
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    if request
        .call3(&locks, &LOCK_NAME.into(), &options, &callback)
        .is_err()
    {
        return with_lease(work).await;
    }
    let have = JsFuture::from(acquired)
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    if !have {
        return None;
    }
    let outcome = work.await;
    let _ = release.call0(&JsValue::NULL);
    Some(outcome)
}

/// Without Web Locks: a lease in `localStorage`, renewed by the run that holds it.
async fn with_lease<F: Future<Output = Outcome>>(work: F) -> Option<Outcome> {
    const KEY: &str = "lottrace-sync-lease";
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let Some(storage) = storage else {
        return Some(work.await);
    };
    let now = js_sys::Date::now();
    let held_until: f64 = storage
        .get_item(KEY)
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    if held_until > now {
        return None;
    }
    let _ = storage.set_item(KEY, &(now + 120_000.0).to_string());
    let outcome = work.await;
    let _ = storage.remove_item(KEY);
    Some(outcome)
}

/// `window.lottraceStaff`: the outbox and sync engine for the browser tests and the
/// speed benchmark, only on pages opened with the test switch ([`read_test_switch`]).
/// Every call goes through the same code as the screens.
///
/// - `enqueue(events)` — an array of EPCIS events (or its JSON); each is checked with
///   `lottrace-core`, given an eventID if it has none, and put in the outbox of the
///   signed-in business. Resolves with the number queued.
/// - `syncNow()` — resolves with the outcome (`done`, `busy`, `offline`, `need_sign_in`,
///   `retry`).
/// - `setBatchSize(n)`, `stats()` → `{pending, sending, sent, rejected}`,
///   `draftSaveTimings()` → ms of each draft save so far.
fn install_api() {
    if !TEST_SWITCH.with(|t| t.get()) {
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let api = js_sys::Object::new();
    let enqueue = Closure::<dyn FnMut(JsValue) -> Promise>::new(|events: JsValue| {
        wasm_bindgen_futures::future_to_promise(async move {
            let json = match events.as_string() {
                Some(s) => s,
                None => js_sys::JSON::stringify(&events)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default(),
            };
            enqueue_json(&json)
                .await
                .map(|n| JsValue::from_f64(n as f64))
                .map_err(|e| JsValue::from_str(&e))
        })
    });
    let sync = Closure::<dyn FnMut() -> Promise>::new(|| {
        wasm_bindgen_futures::future_to_promise(async move {
            let o = sync_now().await;
            let s = match o {
                Outcome::Done => "done",
                Outcome::Busy => "busy",
                Outcome::Offline => "offline",
                Outcome::NeedSignIn => "need_sign_in",
                Outcome::Retry => "retry",
            };
            Ok(JsValue::from_str(s))
        })
    });
    let batch = Closure::<dyn FnMut(f64)>::new(|n: f64| set_batch_size(n.max(1.0) as usize));
    let stats = Closure::<dyn FnMut() -> JsValue>::new(|| {
        let o = js_sys::Object::new();
        let (mut p, mut s, mut d, mut r) = (0u32, 0u32, 0u32, 0u32);
        ctx().briefs.with_untracked(|b| {
            for e in b {
                match e.status {
                    Status::Pending => p += 1,
                    Status::Sending => s += 1,
                    Status::Sent => d += 1,
                    Status::Rejected => r += 1,
                }
            }
        });
        for (k, v) in [("pending", p), ("sending", s), ("sent", d), ("rejected", r)] {
            let _ = Reflect::set(&o, &k.into(), &JsValue::from(v));
        }
        o.into()
    });
    let timings = Closure::<dyn FnMut() -> JsValue>::new(|| {
        let a = js_sys::Array::new();
        for t in super::drafts::timings() {
            a.push(&JsValue::from_f64(t));
        }
        a.into()
    });
    for (name, f) in [
        ("enqueue", enqueue.as_ref()),
        ("syncNow", sync.as_ref()),
        ("setBatchSize", batch.as_ref()),
        ("stats", stats.as_ref()),
        ("draftSaveTimings", timings.as_ref()),
    ] {
        let _ = Reflect::set(&api, &name.into(), f);
    }
    enqueue.forget();
    sync.forget();
    batch.forget();
    stats.forget();
    timings.forget();
    let _ = Reflect::set(&w, &"lottraceStaff".into(), &api);
}

async fn enqueue_json(json: &str) -> Result<usize, String> {
    let session = ctx()
        .session
        .get_untracked()
        .ok_or_else(|| "nobody is signed in".to_string())?;
    let values: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| format!("not a JSON array of events: {e}"))?;
    let now = js_sys::Date::now();
    let mut entries = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        let mut event = lottrace_core::epcis::parse_event(&v).map_err(|p| {
            format!(
                "event {i}: {}",
                p.first().map(|x| x.to_string()).unwrap_or_default()
            )
        })?;
        let id = match event.event_id() {
            Some(id) => id.to_owned(),
            None => {
                let id = outbox::new_event_id();
                event.set_event_id(id.clone());
                id
            }
        };
        let problems = lottrace_core::epcis::validate_event(&event, "");
        if let Some(p) = problems.first() {
            return Err(format!("event {i}: {p}"));
        }
        let links = lottrace_core::genealogy::EventLinks::of(&event);
        let value = serde_json::to_value(&event).map_err(|e| e.to_string())?;
        let created = now;
        entries.push(Entry {
            key: format!("{:015}|{i:06}|{id}", now as u64),
            id,
            created_ms: created,
            business: session.business.clone(),
            form: "import".into(),
            lots: links.outputs.iter().map(|(k, _)| k.key()).collect(),
            inputs: links
                .inputs
                .iter()
                .map(|(k, _)| k)
                .chain(links.observed.iter())
                .map(|k| k.key())
                .collect(),
            kg: if links.outputs.is_empty() {
                &links.inputs
            } else {
                &links.outputs
            }
            .iter()
            .filter_map(|(_, kg)| *kg)
            .sum(),
            event: value,
            status: Status::Pending,
            reason: None,
            attempts: 0,
            sent_ms: None,
            draft: None,
        });
    }
    let n = entries.len();
    for chunk in entries.chunks(1000) {
        outbox::store(chunk)
            .await
            .map_err(|_| "storage failed".to_string())?;
    }
    Ok(n)
}
