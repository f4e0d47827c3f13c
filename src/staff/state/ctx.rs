//! What the staff screens share, as signals (session, outbox summary, sync status,
//! settings), and the changes that keep it true: storing outbox entries, taking what
//! other tabs changed. The storage modules beneath (`outbox`, `session`, `drafts`) touch
//! no signal.

use super::db;
use super::outbox::{self, Brief, Entry};
use super::session::{self, Session, Settings, TabNews};
use leptos::prelude::*;
use std::collections::HashMap;

/// Why the last sync attempt stopped short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProblem {
    Offline,
    Network,
    NeedSignIn,
}

/// State shared by every staff screen (signals are `Copy`).
#[derive(Clone, Copy)]
pub struct StaffCtx {
    pub session: RwSignal<Option<Session>>,
    /// The session and outbox have been read from IndexedDB.
    pub loaded: RwSignal<bool>,
    pub briefs: RwSignal<Vec<Brief>>,
    pub last_sync_ms: RwSignal<Option<f64>>,
    pub syncing: RwSignal<bool>,
    pub problem: RwSignal<Option<SyncProblem>>,
    pub settings: RwSignal<Settings>,
    /// A new version of the app is installed and waits for the person to reload.
    pub update_ready: RwSignal<bool>,
    /// The storage could not be opened: nothing can be kept on this device.
    pub storage_failed: RwSignal<bool>,
    /// The business's lots (`GET /api/lots`), as last fetched or kept on this device.
    pub held_lots: RwSignal<Vec<crate::staff::api::HeldLot>>,
    /// `held_lots` is this device's copy: the server could not be asked just now.
    pub held_lots_cached: RwSignal<bool>,
}

thread_local! {
    // Created under a root owner of their own that is never dropped: they live as long
    // as the tab, whichever screen first asked for them (a screen's owner would dispose
    // them when the person navigates away).
    static CTX: StaffCtx = {
        // `new_root` makes itself the current owner: put the caller's back afterwards.
        let caller = Owner::current();
        let owner = Owner::new_root(None);
        let ctx = owner.with(|| StaffCtx {
            session: RwSignal::new(None),
            loaded: RwSignal::new(false),
            briefs: RwSignal::new(Vec::new()),
            last_sync_ms: RwSignal::new(None),
            syncing: RwSignal::new(false),
            problem: RwSignal::new(None),
            settings: RwSignal::new(Settings::default()),
            update_ready: RwSignal::new(false),
            storage_failed: RwSignal::new(false),
            held_lots: RwSignal::new(Vec::new()),
            held_lots_cached: RwSignal::new(false),
        });
        std::mem::forget(owner);
        if let Some(caller) = caller {
            caller.set();
        }
        ctx
    };
}

pub fn ctx() -> StaffCtx {
    CTX.with(|c| *c)
}

/// Takes the session another tab stored (it signed in, out, or was refused), so this
/// tab neither keeps asking to sign in nor keeps a token the server dropped.
pub async fn adopt_stored_session() {
    let c = ctx();
    let stored = session::load_session().await;
    if c.session.with_untracked(|s| *s == stored) {
        return;
    }
    let business = |s: &Option<Session>| s.as_ref().map(|s| s.business.clone());
    if let Some(b) =
        business(&stored).filter(|b| Some(b) != business(&c.session.get_untracked()).as_ref())
    {
        c.settings.set(session::load_settings(&b).await);
    }
    let usable = stored.as_ref().is_some_and(|s| s.usable_token().is_some());
    c.session.set(stored);
    if usable && c.problem.get_untracked() == Some(SyncProblem::NeedSignIn) {
        c.problem.set(None);
    }
}

/// The server refused `refused`: keep the person (and everything they recorded), drop
/// the token, and ask them to sign in again — unless another tab has meanwhile stored a
/// newer one, which this tab takes instead of overwriting it.
pub async fn expire_session(refused: &str) {
    let c = ctx();
    let stored = session::load_session().await;
    if stored
        .as_ref()
        .and_then(|s| s.token.as_deref())
        .is_some_and(|t| t != refused)
    {
        adopt_stored_session().await;
        return;
    }
    let Some(mut s) = c.session.get_untracked() else {
        return;
    };
    s.token = None;
    let _ = session::save_session(&s).await;
    c.session.set(Some(s));
    c.problem.set(Some(SyncProblem::NeedSignIn));
}

/// Writes outbox entries (new or changed) in one transaction, then updates the screens
/// and tells the other tabs.
pub async fn store_entries(entries: &[Entry]) -> Result<(), db::DbError> {
    let stored = outbox::store(entries).await;
    if stored.is_ok() {
        merge_briefs(entries);
        session::tell_other_tabs(TabNews::Outbox);
    }
    stored
}

/// Puts a saved form's event in the outbox and discards its draft, in one transaction
/// (`outbox::record`), then updates the screens and tells the other tabs.
pub async fn record_entry(entry: &Entry, draft_key: &str) -> Result<(), db::DbError> {
    let stored = outbox::record(entry, draft_key).await;
    if stored.is_ok() {
        if let Some(old) = entry.draft.as_ref().and_then(|d| d.replaces.as_deref()) {
            ctx().briefs.update(|b| b.retain(|x| x.key != old));
        }
        merge_briefs(std::slice::from_ref(entry));
        session::tell_other_tabs(TabNews::Outbox);
    }
    stored
}

/// Removes an outbox entry, from the screens too, and tells the other tabs.
pub async fn remove_entry(key: &str) -> Result<(), db::DbError> {
    outbox::remove(key).await?;
    ctx().briefs.update(|b| b.retain(|x| x.key != key));
    session::tell_other_tabs(TabNews::Outbox);
    Ok(())
}

fn merge_briefs(entries: &[Entry]) {
    ctx().briefs.update(|briefs| {
        let index: HashMap<String, usize> = briefs
            .iter()
            .enumerate()
            .map(|(i, b)| (b.key.clone(), i))
            .collect();
        let mut added = false;
        for e in entries {
            match index.get(&e.key) {
                Some(&i) => briefs[i] = Brief::from(e),
                None => {
                    briefs.push(Brief::from(e));
                    added = true;
                }
            }
        }
        if added {
            briefs.sort_by(|a, b| a.key.cmp(&b.key));
        }
    });
}

/// Re-reads the whole outbox into the screens' summary.
pub async fn refresh() {
    match outbox::load_all().await {
        Ok(all) => ctx().briefs.set(all.iter().map(Brief::from).collect()),
        Err(_) => ctx().storage_failed.set(true),
    }
}

/// Re-reads the outbox whenever another tab changed it, and the session when another tab
/// signed in, out or found it expired: one tab's "sign in again" serves them all.
pub fn follow_other_tabs() {
    session::listen_to_other_tabs(|news| match news {
        TabNews::Session => leptos::task::spawn_local(adopt_stored_session()),
        TabNews::Outbox => leptos::task::spawn_local(refresh()),
    });
}
