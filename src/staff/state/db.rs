//! The staff side's IndexedDB database: drafts, the outbox and small settings, each
//! record a JSON string under a string key.
//!
//! Its own database (`lottrace-staff`), so the shopper side's saved trace copies and the
//! staff records version independently. One connection is opened per tab and reused:
//! saving a draft on every keystroke must stay far below a frame. Writes resolve only
//! when their transaction has *committed* (`complete`), so "saved" on screen means on
//! disk, and a reload or crash right after cannot lose it.

use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "lottrace-staff";
const DB_VERSION: u32 = 1;
/// One draft per form kind.
pub const DRAFTS: &str = "drafts";
/// Events waiting for, being sent to, or acknowledged by the server.
pub const OUTBOX: &str = "outbox";
/// Session, device settings, last sync time, lot serial counters.
pub const META: &str = "meta";

/// The database could not be opened or a transaction failed (private mode, quota, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbError;

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
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

async fn open() -> Result<IdbDatabase, DbError> {
    let factory = web_sys::window()
        .ok_or(DbError)?
        .indexed_db()
        .map_err(|_| DbError)?
        .ok_or(DbError)?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|_| DbError)?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: JsValue| {
        if let Some(db) = upgrading
            .result()
            .ok()
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            for store in [DRAFTS, OUTBOX, META] {
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
    let on_version_change = Closure::<dyn FnMut()>::new(move || {
        closing.close();
        DB.with(|d| *d.borrow_mut() = None);
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}

async fn db() -> Result<IdbDatabase, DbError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = open().await?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Stores `value` under `key`, resolved once committed.
pub async fn put(store: &str, key: &str, value: &str) -> Result<(), DbError> {
    put_many(store, &[(key.to_owned(), value.to_owned())]).await
}

/// Stores every pair in one transaction: all of them or none.
pub async fn put_many(store: &str, pairs: &[(String, String)]) -> Result<(), DbError> {
    let db = db().await?;
    let tx = db
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
        .map_err(|_| DbError)?;
    let done = committed(&tx);
    let os = tx.object_store(store).map_err(|_| DbError)?;
    for (k, v) in pairs {
        if os
            .put_with_key(&JsValue::from_str(v), &JsValue::from_str(k))
            .is_err()
        {
            let _ = tx.abort();
            let _ = done.await;
            return Err(DbError);
        }
    }
    done.await.map(|_| ()).map_err(|_| DbError)
}

pub async fn get(store: &str, key: &str) -> Result<Option<String>, DbError> {
    let db = db().await?;
    let tx = db.transaction_with_str(store).map_err(|_| DbError)?;
    let os = tx.object_store(store).map_err(|_| DbError)?;
    let request = os.get(&JsValue::from_str(key)).map_err(|_| DbError)?;
    Ok(settle(&request).await.map_err(|_| DbError)?.as_string())
}

pub async fn delete(store: &str, key: &str) -> Result<(), DbError> {
    let db = db().await?;
    let tx = db
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
        .map_err(|_| DbError)?;
    let done = committed(&tx);
    let os = tx.object_store(store).map_err(|_| DbError)?;
    os.delete(&JsValue::from_str(key)).map_err(|_| DbError)?;
    done.await.map(|_| ()).map_err(|_| DbError)
}

/// Every value of a store, in key order.
pub async fn all(store: &str) -> Result<Vec<String>, DbError> {
    let db = db().await?;
    let tx = db.transaction_with_str(store).map_err(|_| DbError)?;
    let os = tx.object_store(store).map_err(|_| DbError)?;
    let request = os.get_all().map_err(|_| DbError)?;
    let result = settle(&request).await.map_err(|_| DbError)?;
    let array: Array = result.dyn_into().map_err(|_| DbError)?;
    Ok(array.iter().filter_map(|v| v.as_string()).collect())
}
