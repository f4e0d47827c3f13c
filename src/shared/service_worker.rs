//! The service worker (`/sw.js`, scope `/`): registered by both apps on start, so every
//! screen opens with no network once visited. A new deploy installs in the background
//! and waits; `apply_update` (the staff "Reload to update" button) activates it with
//! `SKIP_WAITING`, so the app is never swapped under an open form.

use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static REGISTRATION: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static RELOAD_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn listen(target: &JsValue, event: &str, f: impl FnMut() + 'static) {
    let cb = Closure::<dyn FnMut()>::new(f);
    if let Some(add) = get(target, "addEventListener").dyn_ref::<Function>() {
        let _ = add.call2(target, &event.into(), cb.as_ref().unchecked_ref());
    }
    cb.forget();
}

/// Registers `/sw.js` (where supported: secure contexts); `on_update_ready` runs when a
/// new deploy has installed and waits for `apply_update`.
pub fn register(on_update_ready: impl Fn() + 'static) {
    let on_update_ready: Rc<dyn Fn()> = Rc::new(on_update_ready);
    let Some(w) = web_sys::window() else { return };
    let container = get(&w.navigator(), "serviceWorker");
    if container.is_undefined() || container.is_null() {
        return;
    }
    let Some(register) = get(&container, "register").dyn_into::<Function>().ok() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"scope".into(), &"/".into());
    let Ok(promise) = register.call2(&container, &"/sw.js".into(), &options) else {
        return;
    };
    let Ok(promise) = promise.dyn_into::<Promise>() else {
        return;
    };
    let c2 = container.clone();
    listen(&container, "controllerchange", move || {
        if RELOAD_REQUESTED.with(|r| r.get()) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(promise).await else {
            return;
        };
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg.clone()));
        let has_controller = move || !get(&c2, "controller").is_null();
        if !get(&reg, "waiting").is_null()
            && !get(&reg, "waiting").is_undefined()
            && has_controller()
        {
            on_update_ready();
        }
        let reg2 = reg.clone();
        let has_controller2 = has_controller.clone();
        listen(&reg, "updatefound", move || {
            let installing = get(&reg2, "installing");
            if installing.is_null() || installing.is_undefined() {
                return;
            }
            let worker = installing.clone();
            let has_controller = has_controller2.clone();
            let on_update_ready = on_update_ready.clone();
            listen(&installing, "statechange", move || {
                if get(&worker, "state").as_string().as_deref() == Some("installed")
                    && has_controller()
                {
                    on_update_ready();
                }
            });
        });
    });
}

/// Activates the waiting worker; the page reloads when it takes over.
pub fn apply_update() {
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().map(|reg| get(reg, "waiting")));
    match waiting.filter(|w| !w.is_null() && !w.is_undefined()) {
        Some(worker) => {
            RELOAD_REQUESTED.with(|r| r.set(true));
            let msg = js_sys::Object::new();
            let _ = Reflect::set(&msg, &"type".into(), &"SKIP_WAITING".into());
            if let Some(post) = get(&worker, "postMessage").dyn_ref::<Function>() {
                let _ = post.call1(&worker, &msg);
            }
        }
        None => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    }
}
