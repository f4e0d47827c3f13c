//! The app's one IndexedDB wrapper: a database of object stores, each record a JSON
//! string under a string key (the staff app's drafts, outbox and settings; the shopper's
//! saved trace copies).
//!
//! Thin `web-sys` calls rather than an IndexedDB crate: the apps need put, get, delete
//! and read-all in transactions over one or more stores, ~200 lines here, while `rexie`
//! and `indexed_db_futures` bring their own runtime helpers (and `serde-wasm-bindgen`)
//! into binaries downloaded on a phone at the fish counter.
//!
//! One connection is opened per database and tab, and reused: saving a draft on every
//! keystroke must stay far below a frame. Writes resolve only when their transaction has
//! *committed* (`complete`), so "saved" on screen means on disk, and a reload or crash
//! right after cannot lose it.

use js_sys::{Array, Function, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Event, EventTarget, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// A database: its name, version and object stores (created when it is first opened).
#[derive(Debug)]
pub struct Database {
    pub name: &'static str,
    pub version: u32,
    pub stores: &'static [&'static str],
}

/// The database could not be opened or a transaction failed (private mode, quota, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbError;

thread_local! {
    /// Open connections, by database name.
    static OPEN: RefCell<Vec<(&'static str, IdbDatabase)>> = const { RefCell::new(Vec::new()) };
}

// The promises' own `resolve` and `reject` are the event handlers: no Rust closure (each
// one a shim in the WASM and the JS glue) for what only needs to wake a future. Every
// handler goes through `addEventListener`, a binding the apps have anyway, rather than
// one `on…` setter binding per event and interface.

fn on(target: &EventTarget, event: &str, handler: &Function) {
    let _ = target.add_event_listener_with_callback(event, handler);
}

/// Resolves once the request has succeeded (its value is then `request.result`),
/// rejects on error.
fn settled(request: &IdbRequest) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve: Function, reject: Function| {
        on(request, "success", &resolve);
        on(request, "error", &reject);
    }))
}

/// Resolves when the transaction commits; rejects when it errors or aborts.
fn committed(tx: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve: Function, reject: Function| {
        on(tx, "complete", &resolve);
        on(tx, "error", &reject);
        on(tx, "abort", &reject);
    }))
}

/// What a request that has succeeded gave.
async fn result(request: &IdbRequest) -> Result<JsValue, DbError> {
    settled(request).await.map_err(|_| DbError)?;
    request.result().map_err(|_| DbError)
}

impl Database {
    /// This tab's connection to the database: opened (its stores made) on first use.
    async fn connection(&'static self) -> Result<IdbDatabase, DbError> {
        let open_now = OPEN.with(|o| {
            o.borrow()
                .iter()
                .find(|(n, _)| *n == self.name)
                .map(|(_, db)| db.clone())
        });
        if let Some(db) = open_now {
            return Ok(db);
        }
        let factory = web_sys::window()
            .ok_or(DbError)?
            .indexed_db()
            .map_err(|_| DbError)?
            .ok_or(DbError)?;
        let request: IdbOpenDbRequest = factory
            .open_with_u32(self.name, self.version)
            .map_err(|_| DbError)?;
        // One handler for both events a connection hears (one closure in the WASM, not
        // two); the open request's result is its database (unchecked: no `instanceof`
        // binding). Kept for the connection's life, as the browser may call it then.
        let opening = request.clone();
        let name = self.name;
        let handler = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let Ok(db) = opening.result() else {
                return;
            };
            let db: IdbDatabase = db.unchecked_into();
            // `type` through Reflect, a binding the app has anyway.
            let kind = Reflect::get(&event, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            if kind.as_deref() == Some("versionchange") {
                // A newer version of the app in another tab wants to upgrade: let it, and
                // reopen on next use.
                db.close();
                OPEN.with(|o| o.borrow_mut().retain(|(n, _)| *n != name));
            } else {
                for store in self.stores {
                    // A store that is there already refuses to be made again: kept as it is.
                    let _ = db.create_object_store(store);
                }
            }
        });
        let handler = handler.into_js_value();
        on(&request, "upgradeneeded", handler.unchecked_ref());
        let db: IdbDatabase = result(&request).await?.unchecked_into();
        on(&db, "versionchange", handler.unchecked_ref());
        OPEN.with(|o| o.borrow_mut().push((self.name, db.clone())));
        Ok(db)
    }

    /// One readwrite transaction over `stores` (a store's name, or an array of names):
    /// `make` makes its requests; resolved once committed. A request `make` cannot make
    /// aborts the ones before it. Takes `&dyn`: one copy of this serves every kind of
    /// write (and the shopper, which only puts, links no other).
    async fn transact(
        &'static self,
        stores: &JsValue,
        make: &dyn Fn(&IdbTransaction) -> Result<(), JsValue>,
    ) -> Result<(), DbError> {
        let db = self.connection().await?;
        let tx = db
            .transaction_with_str_sequence_and_mode(stores, IdbTransactionMode::Readwrite)
            .map_err(|_| DbError)?;
        let done = committed(&tx);
        if make(&tx).is_err() {
            let _ = tx.abort();
            let _ = done.await;
            return Err(DbError);
        }
        done.await.map(|_| ()).map_err(|_| DbError)
    }

    /// Makes every change in one transaction over the stores they touch: all of them or
    /// none, resolved once committed.
    pub async fn write(&'static self, changes: &[Change<'_>]) -> Result<(), DbError> {
        if changes.is_empty() {
            return Ok(());
        }
        let stores = Array::new();
        for c in changes {
            if !stores.includes(&JsValue::from_str(c.store()), 0) {
                stores.push(&JsValue::from_str(c.store()));
            }
        }
        self.transact(&stores, &|tx| {
            for c in changes {
                let os = tx.object_store(c.store())?;
                match c {
                    Change::Put { key, value, .. } => {
                        os.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?
                    }
                    Change::Delete { key, .. } => os.delete(&JsValue::from_str(key))?,
                };
            }
            Ok(())
        })
        .await
    }

    /// Stores `value` under `key`, resolved once committed.
    pub async fn put(&'static self, store: &str, key: &str, value: &str) -> Result<(), DbError> {
        self.write(&[Change::Put { store, key, value }]).await
    }

    /// Stores every pair in one transaction: all of them or none.
    pub async fn put_many(
        &'static self,
        store: &str,
        pairs: &[(String, String)],
    ) -> Result<(), DbError> {
        if pairs.is_empty() {
            return Ok(());
        }
        self.transact(&JsValue::from_str(store), &|tx| {
            let os = tx.object_store(store)?;
            for (key, value) in pairs {
                os.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?;
            }
            Ok(())
        })
        .await
    }

    pub async fn delete(&'static self, store: &str, key: &str) -> Result<(), DbError> {
        self.write(&[Change::Delete { store, key }]).await
    }

    pub async fn get(&'static self, store: &str, key: &str) -> Result<Option<String>, DbError> {
        let db = self.connection().await?;
        let tx = db
            .transaction_with_str_sequence_and_mode(&store.into(), IdbTransactionMode::Readonly)
            .map_err(|_| DbError)?;
        let os = tx.object_store(store).map_err(|_| DbError)?;
        let request = os.get(&JsValue::from_str(key)).map_err(|_| DbError)?;
        Ok(result(&request).await?.as_string())
    }

    /// Every value of a store, in key order.
    pub async fn all(&'static self, store: &str) -> Result<Vec<String>, DbError> {
        let db = self.connection().await?;
        let tx = db
            .transaction_with_str_sequence_and_mode(&store.into(), IdbTransactionMode::Readonly)
            .map_err(|_| DbError)?;
        let os = tx.object_store(store).map_err(|_| DbError)?;
        let request = os.get_all().map_err(|_| DbError)?;
        let array: Array = result(&request).await?.dyn_into().map_err(|_| DbError)?;
        Ok(array.iter().filter_map(|v| v.as_string()).collect())
    }
}

/// One change in a [`Database::write`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<'a> {
    Put {
        store: &'a str,
        key: &'a str,
        value: &'a str,
    },
    Delete {
        store: &'a str,
        key: &'a str,
    },
}

impl Change<'_> {
    fn store(&self) -> &str {
        match self {
            Change::Put { store, .. } | Change::Delete { store, .. } => store,
        }
    }
}
