//! Barcode scanning, used by the scan screen, the staff lot picker and the kiosk: the
//! camera, keyboard-wedge scanners, the client of the decode worker, and where a code leads.

pub mod camera;
pub mod client;
/// The messages to and from the decode worker (its own crate: the worker, in
/// `scan-worker/`, is built in a workspace of its own).
pub use scan_protocol as protocol;
pub mod route;
pub mod wedge;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// What the scan page's inline script left at `window.__ltScan.<name>` (scan.html), with
/// that state object; taken once: the slot is emptied, so a later start makes its own.
pub(crate) fn take_early(name: &str) -> Option<(JsValue, JsValue)> {
    let window: JsValue = web_sys::window()?.into();
    let state = Reflect::get(&window, &"__ltScan".into()).ok()?;
    if !state.is_object() {
        return None;
    }
    let value = Reflect::get(&state, &name.into()).ok()?;
    let _ = Reflect::set(&state, &name.into(), &JsValue::UNDEFINED);
    Some((state, value))
}
