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

use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

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

/// Resolves with `request.result` on success, rejects on error.
fn settle(request: &IdbRequest) -> JsFuture {
    let req = request.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let done = req.clone();
        let on_success = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: JsValue| {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("IndexedDB request failed"),
            );
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Resolves when the transaction commits; rejects when it errors or aborts.
fn committed(tx: &IdbTransaction) -> JsFuture {
    let tx = tx.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject2 = reject.clone();
        let on_error = Closure::once_into_js(move |_: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("transaction failed"));
        });
        let on_abort = Closure::once_into_js(move |_: JsValue| {
            let _ = reject2.call1(&JsValue::NULL, &JsValue::from_str("transaction aborted"));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
}

async fn open(spec: &'static Database) -> Result<IdbDatabase, DbError> {
    let factory = web_sys::window()
        .ok_or(DbError)?
        .indexed_db()
        .map_err(|_| DbError)?
        .ok_or(DbError)?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(spec.name, spec.version)
        .map_err(|_| DbError)?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: JsValue| {
        if let Some(db) = upgrading
            .result()
            .ok()
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            for store in spec.stores {
                if !db.object_store_names().contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = settle(&request)
        .await
        .map_err(|_| DbError)?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| DbError)?;
    // A newer version of the app in another tab wants to upgrade: let it, and reopen
    // on next use.
    let closing = db.clone();
    let name = spec.name;
    let on_version_change = Closure::<dyn FnMut()>::new(move || {
        closing.close();
        OPEN.with(|o| o.borrow_mut().retain(|(n, _)| *n != name));
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}

impl Database {
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
        let db = open(self).await?;
        OPEN.with(|o| o.borrow_mut().push((self.name, db.clone())));
        Ok(db)
    }
    /// Makes every change in one transaction over the stores they touch: all of them or
    /// none, resolved once committed.
    pub async fn write(&'static self, changes: &[Change<'_>]) -> Result<(), DbError> {
        if changes.is_empty() {
            return Ok(());
        }
        let db = self.connection().await?;
        let stores = Array::new();
        for c in changes {
            if !stores.includes(&JsValue::from_str(c.store()), 0) {
                stores.push(&JsValue::from_str(c.store()));
            }
        }
        let tx = db
            .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
            .map_err(|_| DbError)?;
        let done = committed(&tx);
        for c in changes {
            let made = tx.object_store(c.store()).and_then(|os| match c {
                Change::Put { key, value, .. } => os
                    .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
                    .map(|_| ()),
                Change::Delete { key, .. } => os.delete(&JsValue::from_str(key)).map(|_| ()),
            });
            if made.is_err() {
                let _ = tx.abort();
                let _ = done.await;
                return Err(DbError);
            }
        }
        done.await.map(|_| ()).map_err(|_| DbError)
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
        let changes: Vec<Change<'_>> = pairs
            .iter()
            .map(|(key, value)| Change::Put { store, key, value })
            .collect();
        self.write(&changes).await
    }

    pub async fn delete(&'static self, store: &str, key: &str) -> Result<(), DbError> {
        self.write(&[Change::Delete { store, key }]).await
    }

    pub async fn get(&'static self, store: &str, key: &str) -> Result<Option<String>, DbError> {
        let db = self.connection().await?;
        let tx = db.transaction_with_str(store).map_err(|_| DbError)?;
        let os = tx.object_store(store).map_err(|_| DbError)?;
        let request = os.get(&JsValue::from_str(key)).map_err(|_| DbError)?;
        Ok(settle(&request).await.map_err(|_| DbError)?.as_string())
    }

    /// Every value of a store, in key order.
    pub async fn all(&'static self, store: &str) -> Result<Vec<String>, DbError> {
        let db = self.connection().await?;
        let tx = db.transaction_with_str(store).map_err(|_| DbError)?;
        let os = tx.object_store(store).map_err(|_| DbError)?;
        let request = os.get_all().map_err(|_| DbError)?;
        let result = settle(&request).await.map_err(|_| DbError)?;
        let array: Array = result.dyn_into().map_err(|_| DbError)?;
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
