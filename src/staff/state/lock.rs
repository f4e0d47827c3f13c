//! Web Locks (`navigator.locks`) shared by the device's tabs: one tab sends the outbox at
//! a time (`lottrace-sync`), and one tab fills a form's draft at a time
//! (`lottrace-draft:<form>`). A lock is released when its [`Held`] is dropped, or by the
//! browser when the tab closes or crashes.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A lock this tab holds, until dropped.
#[derive(Debug)]
pub struct Held {
    release: Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// How a lock request went.
#[derive(Debug)]
pub enum Lock {
    Held(Held),
    /// Another tab holds it (only when asked `if_available`).
    Taken,
    /// This browser has no Web Locks.
    Unsupported,
}

/// Asks for the lock `name`: at once or not at all when `if_available`, otherwise
/// waiting until the tab that holds it lets it go.
pub async fn request(name: &str, if_available: bool) -> Lock {
    let Some(w) = web_sys::window() else {
        return Lock::Unsupported;
    };
    let locks = Reflect::get(&w.navigator(), &"locks".into()).unwrap_or(JsValue::UNDEFINED);
    if locks.is_undefined() || locks.is_null() {
        return Lock::Unsupported;
    }
    let Some(request) = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<Function>().ok())
    else {
        return Lock::Unsupported;
    };
    // `acquired` settles with true (this tab holds the lock) or false (another does);
    // the lock is held until `release` is called.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut got: Option<Function> = None;
    let acquired = Promise::new(&mut |resolve, _| got = Some(resolve));
    let (Some(release), Some(got)) = (release, got) else {
        return Lock::Unsupported;
    };
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = got.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        held.into()
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(
        &options,
        &"ifAvailable".into(),
        &JsValue::from_bool(if_available),
    );
    if request
        .call3(&locks, &name.into(), &options, &callback)
        .is_err()
    {
        return Lock::Unsupported;
    }
    let have = JsFuture::from(acquired)
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    if have {
        Lock::Held(Held { release })
    } else {
        Lock::Taken
    }
}
