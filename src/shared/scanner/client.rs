//! The app side of the decode worker. The worker is created on first use (the scan
//! screen), never at start-up, so the trace page does not download the decoder. The scan
//! page (scan.html) creates it in an inline script, before its WASM arrives; the first
//! use adopts that one ([`take_early_worker`]).

use super::protocol;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ImageBitmap, MediaStreamTrack, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

/// The loader Trunk writes for the `decode-worker` binary (`data-loader-shim`). Absolute,
/// because the app runs under deep paths like `/01/…/10/…`. Used where a blob worker
/// cannot be made (see [`worker_source`]).
const WORKER_URL: &str = "/decode-worker_loader.js";

/// The worker's start script, in place of Trunk's loader (`import init from
/// './decode-worker.js'; await init();`), which asks for the WASM only once the glue JS
/// has arrived: here the WASM fetch starts first and runs alongside the glue's, which
/// measured 40–140 ms sooner to "ready" on the scan screen. It also keeps the messages
/// that come before the WASM runs (they would be lost: the decoder's handler is only
/// installed then) and hands them on in order, so the page can post at once instead of
/// waiting for the `ready` reply — which waits for this page's thread, busy building the
/// screen just then. Absolute URLs: a blob worker has no path of its own. scan.html's
/// inline script writes the same source.
fn worker_source(origin: &str) -> String {
    format!(
        "const q=[];onmessage=e=>q.push(e);\
         const w=fetch('{origin}/decode-worker_bg.wasm');\
         const{{default:init}}=await import('{origin}/decode-worker.js');\
         await init({{module_or_path:w}});\
         for(const e of q)onmessage(e);"
    )
}

/// A module worker running [`worker_source`] from a blob: URL (the CSP allows
/// `worker-src blob:`; the scripts it imports are same-origin).
fn blob_worker(options: &WorkerOptions) -> Option<Worker> {
    let window = web_sys::window()?;
    let origin = window.location().origin().ok()?;
    let blob_ctor = Reflect::get(&window, &"Blob".into()).ok()?;
    let blob_ctor: Function = blob_ctor.dyn_into().ok()?;
    let bag = Object::new();
    Reflect::set(&bag, &"type".into(), &"text/javascript".into()).ok()?;
    let parts = Array::of1(&worker_source(&origin).into());
    let blob: Blob = Reflect::construct(&blob_ctor, &Array::of2(&parts, &bag))
        .ok()?
        .dyn_into()
        .ok()?;
    // Not revoked: browsers differ in whether a worker still starting can read a
    // revoked URL, and the blob is a few hundred bytes, made once per worker.
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    Worker::new_with_options(&url, options).ok()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub format: String,
    /// ISO/IEC 15424 symbology identifier (`]C1`, `]d2`, `]Q1` …), or empty.
    pub symbology: String,
}

impl Decoded {
    /// The text as the codes module should read it: GS1 symbols (GS1-128, GS1
    /// DataMatrix, GS1 QR, DataBar) keep their symbology identifier, so their element
    /// string is read as AIs and not as a plain number.
    pub fn code_text(&self) -> String {
        if matches!(self.symbology.as_str(), "]C1" | "]d2" | "]Q3" | "]e0") {
            format!("{}{}", self.symbology, self.text)
        } else {
            self.text.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The image was read, but no supported barcode was found in it.
    NotFound,
    /// The file is not an image the browser can open.
    Unreadable,
    /// The worker could not be started or failed.
    Worker,
}

struct Client {
    worker: Worker,
    /// Requests waiting for a reply, by id: the `resolve` of each request's promise.
    pending: RefCell<HashMap<u32, Function>>,
    /// Requests made before the worker said it is ready, with what they transfer (a
    /// worker from the loader file loses what is posted before then).
    queued: RefCell<Vec<(JsValue, Array)>>,
    /// Posted to a blob-started worker before it said it is ready (its start script
    /// keeps them), and whether something was transferred: if that worker fails to
    /// start, these are posted again to its replacement, or fail when they cannot be.
    early: RefCell<Vec<(JsValue, bool)>>,
    ready: Cell<bool>,
    /// Started from the blob: script (not Trunk's loader file), which keeps what is
    /// posted to it before its WASM runs.
    from_blob: bool,
    next_id: Cell<u32>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
    /// Cleared when a blob-started worker failed before it was ready: from then on the
    /// loader file is used.
    static BLOB_WORKS: Cell<bool> = const { Cell::new(true) };
}

/// Starts the worker if it is not running, so its WASM loads while the user picks a
/// photo.
pub fn warm_up() -> Result<(), DecodeError> {
    client().map(|_| ())
}

fn client() -> Result<Rc<Client>, DecodeError> {
    if let Some(c) = CLIENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    if let Some(early) = take_early_worker() {
        return Ok(install(early.worker, early.ready, early.from_blob));
    }
    // A module worker: the loader is `import init from './decode-worker.js'; await init();`
    // (`data-bindgen-target="web"`), which finds its WASM next to itself.
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    mark(MARK_WORKER_START);
    let blob = BLOB_WORKS.get().then(|| blob_worker(&options)).flatten();
    let from_blob = blob.is_some();
    let worker = match blob {
        Some(worker) => worker,
        None => Worker::new_with_options(WORKER_URL, &options).map_err(|_| DecodeError::Worker)?,
    };
    Ok(install(worker, false, from_blob))
}

impl Client {
    /// Posts `msg` now when the worker can take it (ready, or a blob-started one, which
    /// keeps it until its WASM runs), or else once it says it is ready. `false` when
    /// posting failed.
    fn post(&self, msg: JsValue, transfer: Array) -> bool {
        if !self.ready.get() && !self.from_blob {
            self.queued.borrow_mut().push((msg, transfer));
            return true;
        }
        let transferred = transfer.length() > 0;
        if self
            .worker
            .post_message_with_transfer(&msg, &transfer)
            .is_err()
        {
            return false;
        }
        if !self.ready.get() {
            self.early.borrow_mut().push((msg, transferred));
        }
        true
    }
}

/// A worker started by the page's inline script (`window.__ltScan`, scan.html).
struct EarlyWorker {
    worker: Worker,
    /// It already said `ready` (to the script's own listener).
    ready: bool,
    from_blob: bool,
}

/// Takes the page's worker, once. One that already failed is dropped (and, when it was
/// a blob worker, the loader file is used from then on, as in [`on_failure`]).
fn take_early_worker() -> Option<EarlyWorker> {
    let (state, worker) = super::take_early("worker")?;
    if !worker.is_object() {
        return None;
    }
    // Not `dyn_into`: its `instanceof Worker` is false when a page script (a test's
    // probe, a polyfill) has wrapped the constructor; the page's own script set this.
    let worker: Worker = worker.unchecked_into();
    let flag = |name: &str| get(&state, name).is_truthy();
    if flag("failed") {
        worker.terminate();
        if flag("blob") {
            BLOB_WORKS.set(false);
        }
        return None;
    }
    Some(EarlyWorker {
        worker,
        ready: flag("ready"),
        from_blob: flag("blob"),
    })
}

/// Takes `worker` into use: our handlers replace whatever listened before.
fn install(worker: Worker, ready: bool, from_blob: bool) -> Rc<Client> {
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| on_reply(ev.data()));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_ev: web_sys::Event| on_failure());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let c = Rc::new(Client {
        worker,
        pending: RefCell::default(),
        queued: RefCell::default(),
        early: RefCell::default(),
        ready: Cell::new(ready),
        from_blob,
        next_id: Cell::new(1),
        _on_message: on_message,
        _on_error: on_error,
    });
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    c
}

fn on_reply(data: JsValue) {
    let Some(c) = CLIENT.with(|c| c.borrow().clone()) else {
        return;
    };
    if get(&data, protocol::READY).is_truthy() {
        mark(MARK_WORKER_READY);
        c.ready.set(true);
        c.early.take();
        for (msg, transfer) in c.queued.take() {
            if c.worker
                .post_message_with_transfer(&msg, &transfer)
                .is_err()
            {
                fail_all();
                return;
            }
        }
        return;
    }
    let Some(id) = get(&data, protocol::ID).as_f64() else {
        return;
    };
    let resolve = c.pending.borrow_mut().remove(&(id as u32));
    if let Some(resolve) = resolve {
        let _ = resolve.call1(&JsValue::NULL, &data);
    }
}

/// The worker failed. A blob-started one that never got ready (a browser that will not
/// run it, or cannot fetch from it) is replaced by one from the loader file, which gets
/// the waiting requests; otherwise they fail and the next request starts afresh.
fn on_failure() {
    let Some(old) = CLIENT.with(|c| c.borrow().clone()) else {
        return;
    };
    if !old.from_blob || old.ready.get() {
        drop(old);
        fail_all();
        return;
    }
    BLOB_WORKS.set(false);
    CLIENT.with(|c| c.borrow_mut().take());
    old.worker.terminate();
    match client() {
        Ok(new) => {
            // What was posted to the old worker is posted again, except what was
            // transferred (and is gone with it): those requests fail; a camera feed
            // among them is not replaced (the camera then sends frames instead).
            for (msg, transferred) in old.early.take() {
                if !transferred {
                    new.queued.borrow_mut().push((msg, Array::new()));
                } else if let Some(id) = get(&msg, protocol::ID).as_f64() {
                    if let Some(resolve) = old.pending.borrow_mut().remove(&(id as u32)) {
                        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
                    }
                }
            }
            new.pending
                .borrow_mut()
                .extend(old.pending.borrow_mut().drain());
            new.queued
                .borrow_mut()
                .extend(old.queued.borrow_mut().drain(..));
            new.next_id.set(old.next_id.get());
        }
        Err(_) => {
            for (_, resolve) in old.pending.borrow_mut().drain() {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
            }
        }
    }
    // Running inside the old client's own error closure: it must not be dropped here.
    std::mem::forget(old);
}

/// The worker failed to load or crashed: every waiting request fails, and the next one
/// starts a fresh worker.
fn fail_all() {
    let Some(c) = CLIENT.with(|c| c.borrow_mut().take()) else {
        return;
    };
    c.worker.terminate();
    let pending: Vec<Function> = c.pending.borrow_mut().drain().map(|(_, f)| f).collect();
    for resolve in pending {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
    }
    // We may be running inside one of the client's own closures, which must not be
    // dropped while they execute; a dead worker's few bytes are left to leak.
    std::mem::forget(c);
}

/// Decodes the barcode in an image file (a `File` is a `Blob`), in the worker.
pub async fn decode(image: &Blob) -> Result<Decoded, DecodeError> {
    Ok(request(image, protocol::MODE_PHOTO, 0, Array::new()).await?)
}

/// Decodes one camera frame, fast; the bitmap is transferred (not copied) to the worker,
/// which closes it. `pass` counts frames: every few, the worker searches harder.
pub async fn decode_frame(frame: ImageBitmap, pass: u32) -> Result<Decoded, DecodeError> {
    let transfer = Array::of1(&frame);
    Ok(request(&frame, protocol::MODE_FRAME, pass, transfer).await?)
}

/// Hands the camera's frames to the worker where the browser can (a
/// `MediaStreamTrackProcessor`, Chrome and Edge): the worker then reads each frame
/// straight from the camera, not through a video element and this thread. `false`
/// where it cannot: frames are then grabbed from the preview ([`decode_frame`]).
pub fn feed_camera(track: &MediaStreamTrack) -> bool {
    let Ok(c) = client() else {
        return false;
    };
    let Some(frames) = frames_of(track) else {
        return false;
    };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &protocol::FRAMES.into(), &frames);
    let transfer = Array::of1(&frames);
    c.post(msg.into(), transfer)
}

/// `new MediaStreamTrackProcessor({ track, maxBufferSize: 1 }).readable`: one frame
/// buffered, so the worker always gets the newest and a slow phone skips frames.
fn frames_of(track: &MediaStreamTrack) -> Option<JsValue> {
    let window = web_sys::window()?;
    let ctor: Function = Reflect::get(&window, &"MediaStreamTrackProcessor".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let init = Object::new();
    Reflect::set(&init, &"track".into(), track).ok()?;
    Reflect::set(&init, &"maxBufferSize".into(), &1.into()).ok()?;
    let processor = Reflect::construct(&ctor, &Array::of1(&init)).ok()?;
    let readable = Reflect::get(&processor, &"readable".into()).ok()?;
    readable.is_object().then_some(readable)
}

/// Decodes the newest frame of the camera feed ([`feed_camera`]); `None` when the worker
/// has no feed (it failed, or the camera stopped): grab frames from the preview then.
pub async fn decode_feed_frame(pass: u32) -> Option<Result<Decoded, DecodeError>> {
    match request(
        &JsValue::UNDEFINED,
        protocol::MODE_FRAME,
        pass,
        Array::new(),
    )
    .await
    {
        Err(Failure::NoFeed) => None,
        Err(Failure::Decode(e)) => Some(Err(e)),
        Ok(decoded) => Some(Ok(decoded)),
    }
}

/// Why a request failed: a decode error, or (frame requests without an image) no feed.
enum Failure {
    Decode(DecodeError),
    NoFeed,
}

impl From<Failure> for DecodeError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Decode(e) => e,
            // Only frame requests without an image read the feed.
            Failure::NoFeed => DecodeError::Worker,
        }
    }
}

async fn request(
    image: &JsValue,
    mode: &str,
    pass: u32,
    transfer: Array,
) -> Result<Decoded, Failure> {
    let c = client().map_err(Failure::Decode)?;
    let id = c.next_id.get();
    c.next_id.set(id.wrapping_add(1));

    let msg = Object::new();
    let _ = Reflect::set(&msg, &protocol::ID.into(), &id.into());
    let _ = Reflect::set(&msg, &protocol::IMAGE.into(), image);
    let _ = Reflect::set(&msg, &protocol::MODE.into(), &mode.into());
    let _ = Reflect::set(&msg, &protocol::PASS.into(), &pass.into());

    let promise = Promise::new(&mut |resolve, _reject| {
        c.pending.borrow_mut().insert(id, resolve);
    });
    if !c.post(msg.into(), transfer) {
        c.pending.borrow_mut().remove(&id);
        return Err(Failure::Decode(DecodeError::Worker));
    }
    drop(c);

    let reply = JsFuture::from(promise).await.unwrap_or(JsValue::NULL);
    if reply.is_null() {
        return Err(Failure::Decode(DecodeError::Worker));
    }
    if get(&reply, protocol::OK).is_truthy() {
        Ok(Decoded {
            text: get(&reply, protocol::TEXT).as_string().unwrap_or_default(),
            format: get(&reply, protocol::FORMAT)
                .as_string()
                .unwrap_or_default(),
            symbology: get(&reply, protocol::SYMBOLOGY)
                .as_string()
                .unwrap_or_default(),
        })
    } else {
        Err(match get(&reply, protocol::ERROR).as_string().as_deref() {
            Some(protocol::ERR_NOT_FOUND) => Failure::Decode(DecodeError::NotFound),
            Some(protocol::ERR_UNREADABLE) => Failure::Decode(DecodeError::Unreadable),
            Some(protocol::ERR_NO_FEED) => Failure::NoFeed,
            // ERR_INTERNAL (no canvas, bad message), or a reply we do not understand.
            Some(protocol::ERR_INTERNAL) | Some(_) | None => Failure::Decode(DecodeError::Worker),
        })
    }
}

// Performance marks of the scan screen's start (read by tests/bench/scan.mjs, and shown
// in a phone's DevTools): where the time to the first decode goes. scan.html's inline
// script sets the worker's and the camera's marks itself when it starts them.

/// The scan app's WASM has started (the screen is being built).
pub const MARK_APP: &str = "scan:app";
/// Leaving for the trace page (the page load starts).
pub const MARK_LEAVE: &str = "scan:leave";
pub const MARK_WORKER_START: &str = "scan:worker-start";
pub const MARK_WORKER_READY: &str = "scan:worker-ready";
pub const MARK_CAMERA_REQUEST: &str = "scan:camera-request";
pub const MARK_STREAM: &str = "scan:stream";
pub const MARK_FIRST_FRAME: &str = "scan:first-frame";
pub const MARK_DECODED: &str = "scan:decoded";

/// Records a performance mark; nothing happens where the API is missing.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}
