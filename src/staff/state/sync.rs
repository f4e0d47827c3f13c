//! The sync engine's I/O: sends the outbox to `POST /epcis/capture`, exactly once in
//! effect, carrying out what `engine.rs` decides (which records go together, what an
//! answer does to them, when to try again).
//!
//! - Runs when the browser comes online, on a timer with exponential backoff and
//!   jitter after failures, every half minute while events wait, and on demand.
//! - Only one tab sends at a time: the work runs under the Web Lock `lottrace-sync`
//!   (or, where Web Locks are missing, a short lease in `localStorage`), and re-reads
//!   the outbox from IndexedDB inside the lock, so two tabs never send the same event.
//! - An entry becomes `sent` only after the server acknowledged its document (201,
//!   including events it already had: capture is idempotent on eventID), so sending it
//!   again after a lost answer is harmless.
//! - 401 keeps everything and asks the person to sign in again.

use super::ctx::{self, ctx, SyncProblem};
pub use super::engine::Outcome;
use super::engine::{self, Answer, Mark, Run, Waiting};
use super::lock::{self, Lock};
use super::outbox::{self, Entry, Status};
use super::session;
use crate::staff::api::{self, ApiError, CallError};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Events per capture document (the server takes up to 5 MB; an event is ~1 kB).
const BATCH: usize = 500;
const TIMEOUT_MS: i32 = 20_000;
const TICK_MS: i32 = 30_000;
const LOCK_NAME: &str = "lottrace-sync";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
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
    ctx::follow_other_tabs();
    request_persistence();
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
        ctx::refresh().await;
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
            schedule(engine::backoff_ms(n, js_sys::Math::random()));
        }
        Outcome::NeedSignIn => ctx::expire_session(&used).await,
        Outcome::Busy => schedule(3_000.0),
        Outcome::Offline => c.problem.set(Some(SyncProblem::Offline)),
    }
    outcome
}

async fn run(token: &str, business: &str) -> Outcome {
    let Ok(all) = outbox::load_all().await else {
        ctx().storage_failed.set(true);
        return Outcome::Retry;
    };
    let mut todo: HashMap<String, Entry> = all
        .into_iter()
        .filter(|e| e.business == business && matches!(e.status, Status::Pending | Status::Sending))
        .map(|e| (e.key.clone(), e))
        .collect();
    let mut waiting: Vec<Waiting> = todo
        .values()
        .map(|e| Waiting {
            key: e.key.clone(),
            failed_in: e.failed_in,
        })
        .collect();
    waiting.sort_by(|a, b| a.key.cmp(&b.key));
    let mut run = Run::new(&waiting, BATCH);
    while let Some(keys) = run.next_batch() {
        let mut batch: Vec<Entry> = keys.iter().filter_map(|k| todo.remove(k)).collect();
        mark(&mut batch, Status::Sending).await;
        let answer = match api::capture(token, &document(&batch), TIMEOUT_MS).await {
            Ok(_) => Answer::Stored,
            Err(CallError::Network) => Answer::NoAnswer,
            Err(CallError::Status(s, body)) => {
                Answer::of_status(s, reason_of(s, &body), refused_index(&body))
            }
        };
        if answer == Answer::Stored {
            // Progress: the next failure starts the backoff from the bottom again.
            FAILURES.with(|f| f.set(0));
        }
        let marks: HashMap<String, Mark> = run.answer(&keys, answer).into_iter().collect();
        apply(&mut batch, &marks).await;
        // Records sent back to waiting may be in a later batch of this run.
        todo.extend(
            batch
                .into_iter()
                .filter(|e| e.status == Status::Pending)
                .map(|e| (e.key.clone(), e)),
        );
    }
    run.outcome()
}

/// Stores what the engine decided for each record of a request.
async fn apply(batch: &mut [Entry], marks: &HashMap<String, Mark>) {
    let now = js_sys::Date::now();
    for e in batch.iter_mut() {
        match marks.get(&e.key) {
            Some(Mark::Sent) => {
                e.status = Status::Sent;
                e.reason = None;
                e.failed_in = 0;
                e.sent_ms = Some(now);
            }
            Some(Mark::Rejected(reason)) => {
                e.status = Status::Rejected;
                e.reason = Some(reason.clone());
            }
            Some(Mark::Failed { failed_in, reason }) => {
                e.status = Status::Pending;
                e.failed_in = *failed_in;
                e.reason = Some(reason.clone());
            }
            Some(Mark::Waiting) | None => e.status = Status::Pending,
        }
    }
    if ctx::store_entries(batch).await.is_err() {
        ctx().storage_failed.set(true);
    }
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

/// Marks the records of a request as being sent (read as waiting after a crash).
async fn mark(batch: &mut [Entry], status: Status) {
    for e in batch.iter_mut() {
        e.status = status;
        if status == Status::Sending {
            e.attempts = e.attempts.saturating_add(1);
        }
    }
    if ctx::store_entries(batch).await.is_err() {
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

/// Runs `work` holding the `lottrace-sync` lock; `None` when another tab holds it.
async fn with_lock<F: Future<Output = Outcome> + 'static>(work: F) -> Option<Outcome> {
    match lock::request(LOCK_NAME, true).await {
        Lock::Held(held) => {
            let outcome = work.await;
            drop(held);
            Some(outcome)
        }
        Lock::Taken => None,
        Lock::Unsupported => with_lease(work).await,
    }
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
