//! The live camera of the scan screen: getUserMedia (rear camera, 1280x720 preferred),
//! the frame loop feeding the decode worker, camera switch, torch, and stopping the
//! stream when the screen is left or hidden.
//!
//! The scan page (scan.html) asks for the rear camera in an inline script, before this
//! WASM has arrived; the first start adopts that request ([`take_early_stream`]). Its
//! constraints are the ones [`get_stream`] uses: keep the two the same.
//!
//! One camera session at a time (there is one scan screen), kept in a thread-local so
//! that the screen's cleanup — which must be `Send` — only has to call [`close`].
//!
//! Frames: where the browser can, the worker reads them from the camera itself (a
//! `MediaStreamTrackProcessor`'s stream, handed over once per stream: see
//! `client::feed_camera`), so the first frame is decoded as soon as the camera has it,
//! without waiting for the preview to play. Elsewhere `createImageBitmap(video)` on this
//! thread takes a GPU-side snapshot, not a pixel copy, and the bitmap is transferred to
//! the worker. Either way at most one frame is in flight: the loop asks for the next
//! frame only after the worker answered, so a slow phone skips frames instead of
//! queueing them.

use super::client::{self, DecodeError, Decoded};
use crate::shared::components::{next_animation_frame, sleep_ms};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    HtmlVideoElement, ImageBitmap, MediaStream, MediaStreamConstraints, MediaStreamTrack,
    VisibilityState,
};

/// Why there is no live camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not https (or localhost): browsers only offer cameras to secure pages.
    Insecure,
    /// The person (or a policy) said no.
    Denied,
    /// No camera on this device (or no camera API in this browser).
    NoCamera,
    /// Another app holds the camera (NotReadableError).
    InUse,
    /// Anything else.
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Starting,
    /// Frames are being decoded. `cameras`: how many there are to switch between;
    /// `torch`: whether the current one has a light we can turn on.
    Live {
        cameras: usize,
        torch: bool,
    },
    /// A code was found; the preview stays, decoding stopped until [`rescan`].
    Found,
    Off(Problem),
}

type StatusFn = Rc<dyn Fn(Status)>;
type FoundFn = Rc<dyn Fn(Decoded)>;

struct Session {
    video: HtmlVideoElement,
    on_status: StatusFn,
    on_found: FoundFn,
    /// Bumped by every start/stop: a loop or a pending start with an older token quits.
    token: u32,
    stream: Option<MediaStream>,
    /// The worker reads this stream's frames itself (`client::feed_camera`).
    feed: bool,
    /// Video input device ids, as enumerated after permission was granted.
    devices: Vec<String>,
    /// The device in use, when known.
    device: Option<String>,
    /// Stopped because the page was hidden; restarted when it is shown again.
    hidden: bool,
    found: bool,
    /// The last start failed: nothing to resume when the page is shown again.
    failed: bool,
    on_visibility: Option<Closure<dyn FnMut()>>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

fn with_session<R>(f: impl FnOnce(&mut Session) -> R) -> Option<R> {
    SESSION.with(|s| s.borrow_mut().as_mut().map(f))
}

/// Opens the camera into `video` and starts decoding. `on_found` is called once per
/// found code (call [`rescan`] to look for another).
pub fn open(
    video: HtmlVideoElement,
    on_status: impl Fn(Status) + 'static,
    on_found: impl Fn(Decoded) + 'static,
) {
    close();
    let on_visibility = Closure::<dyn FnMut()>::new(on_visibility_change);
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let _ = doc.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
    }
    SESSION.with(|s| {
        *s.borrow_mut() = Some(Session {
            video,
            on_status: Rc::new(on_status),
            on_found: Rc::new(on_found),
            token: 0,
            stream: None,
            feed: false,
            devices: Vec::new(),
            device: None,
            hidden: false,
            found: false,
            failed: false,
            on_visibility: Some(on_visibility),
        })
    });
    start(None);
    spawn_local(watch_detached());
}

/// The screen's cleanup is the first way out; this is the second: once the preview is no
/// longer in the document (the route changed), the camera is released.
async fn watch_detached() {
    loop {
        sleep_ms(400).await;
        match with_session(|s| s.video.is_connected()) {
            None => return,
            Some(true) => {}
            Some(false) => {
                close();
                return;
            }
        }
    }
}

/// Stops the stream and the loop, and forgets the session (leaving the screen).
pub fn close() {
    let Some(mut s) = SESSION.with(|s| s.borrow_mut().take()) else {
        return;
    };
    stop_stream(&mut s);
    if let (Some(cb), Some(doc)) = (
        s.on_visibility.take(),
        web_sys::window().and_then(|w| w.document()),
    ) {
        let _ = doc
            .remove_event_listener_with_callback("visibilitychange", cb.as_ref().unchecked_ref());
        // Not the closure running now (visibility changes never close the session).
        drop(cb);
    }
}

/// Looks for a code again after one was found.
pub fn rescan() {
    let live = with_session(|s| {
        s.found = false;
        s.token = s.token.wrapping_add(1);
        s.stream.is_some().then_some(s.token)
    })
    .flatten();
    match live {
        Some(token) => {
            let (cameras, torch) =
                with_session(|s| (s.devices.len(), has_torch(s))).unwrap_or((1, false));
            emit(Status::Live { cameras, torch });
            spawn_local(frame_loop(token));
        }
        None => retry(),
    }
}

/// Tries the camera again (after a problem).
pub fn retry() {
    let device = with_session(|s| s.device.clone()).flatten();
    start(device);
}

/// Switches to the next camera.
pub fn switch() {
    let next = with_session(|s| {
        if s.devices.len() < 2 {
            return None;
        }
        let at = s
            .device
            .as_ref()
            .and_then(|d| s.devices.iter().position(|x| x == d))
            .unwrap_or(0);
        s.devices.get((at + 1) % s.devices.len()).cloned()
    })
    .flatten();
    if let Some(id) = next {
        start(Some(id));
    }
}

/// Turns the torch on or off; `false` when the camera refused.
pub async fn set_torch(on: bool) -> bool {
    let Some(track) = with_session(|s| video_track(s)).flatten() else {
        return false;
    };
    let torch = Object::new();
    let _ = Reflect::set(&torch, &"torch".into(), &on.into());
    let constraints = Object::new();
    let _ = Reflect::set(&constraints, &"advanced".into(), &Array::of1(&torch));
    match track.apply_constraints_with_constraints(constraints.unchecked_ref()) {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

fn emit(status: Status) {
    if let Some(f) = with_session(|s| s.on_status.clone()) {
        f(status);
    }
}

fn stop_stream(s: &mut Session) {
    s.token = s.token.wrapping_add(1);
    s.feed = false;
    if let Some(stream) = s.stream.take() {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
    }
    s.video.set_src_object(None);
}

fn on_visibility_change() {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == VisibilityState::Hidden);
    if hidden {
        // Stop the camera (its light goes off): nobody looks at a hidden page.
        with_session(|s| {
            s.hidden = !s.failed;
            stop_stream(s);
        });
    } else if with_session(|s| std::mem::replace(&mut s.hidden, false)) == Some(true) {
        retry();
    }
}

/// Starts (or restarts) the stream on `device`, or on the rear camera.
fn start(device: Option<String>) {
    let Some(token) = with_session(|s| {
        stop_stream(s);
        s.found = false;
        s.failed = false;
        s.token
    }) else {
        return;
    };
    emit(Status::Starting);
    // The scan page's inline script may have asked for the rear camera already.
    let early = device.is_none().then(take_early_stream).flatten();
    spawn_local(async move {
        let adopted = match early {
            Some(promise) => adopt(promise).await,
            None => None,
        };
        let from_page = adopted.is_some();
        let result = match adopted {
            Some(result) => result,
            None => {
                client::mark(client::MARK_CAMERA_REQUEST);
                get_stream(device.as_deref()).await
            }
        };
        let current = with_session(|s| s.token == token).unwrap_or(false);
        let stream = match result {
            Ok(stream) if current => stream,
            Ok(stream) => {
                // Closed or restarted meanwhile: release this camera at once.
                stop_tracks(&stream);
                return;
            }
            Err(problem) => {
                if current {
                    with_session(|s| s.failed = true);
                    emit(Status::Off(problem));
                }
                return;
            }
        };
        let Some(video) = with_session(|s| {
            // `Clone::clone`, not `MediaStream::clone` (the JS method, a new stream with
            // cloned tracks that would stay live when these are stopped).
            s.stream = Some(Clone::clone(&stream));
            let track = video_track(s);
            s.device = track.as_ref().map(device_id).filter(|d| !d.is_empty());
            s.feed = track.as_ref().is_some_and(client::feed_camera);
            s.video.clone()
        }) else {
            stop_tracks(&stream);
            return;
        };
        // The page's script marked its own stream's arrival.
        if !from_page {
            client::mark(client::MARK_STREAM);
        }
        video.set_muted(true);
        let _ = video.set_attribute("playsinline", "");
        video.set_src_object(Some(&stream));
        // Not awaited: `play()` settles only once playback has started, a frame or more
        // after the first frame can be grabbed (the loop waits for one itself). Awaited
        // apart, so a refusal is handled rather than reported as unhandled.
        if let Ok(p) = video.play() {
            spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
        // Decoding starts now; the camera list (for the switch button) arrives meanwhile.
        let torch = with_session(|s| has_torch(s)).unwrap_or(false);
        emit(Status::Live { cameras: 1, torch });
        spawn_local(async move {
            let devices = list_cameras().await;
            let Some((cameras, torch)) = with_session(|s| {
                if s.token != token {
                    return None;
                }
                s.devices = devices;
                Some((s.devices.len(), has_torch(s)))
            })
            .flatten() else {
                return;
            };
            emit(Status::Live { cameras, torch });
        });
        frame_loop(token).await;
    });
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// The camera request the scan page's inline script made before this WASM arrived
/// (`window.__ltScan.camera`, scan.html), taken once: a later start asks afresh.
fn take_early_stream() -> Option<Promise> {
    let (_, camera) = super::take_early("camera")?;
    camera.dyn_into::<Promise>().ok()
}

/// The early request's outcome, read as [`get_stream`]'s; `None` when its stream is no
/// longer live (stopped while the page was hidden): then the camera is asked again.
async fn adopt(promise: Promise) -> Option<Result<MediaStream, Problem>> {
    match JsFuture::from(promise).await {
        Ok(stream) => {
            let stream: MediaStream = stream.dyn_into().ok()?;
            if stream.active() {
                Some(Ok(stream))
            } else {
                stop_tracks(&stream);
                None
            }
        }
        Err(e) => Some(Err(problem_of(&e))),
    }
}

async fn get_stream(device: Option<&str>) -> Result<MediaStream, Problem> {
    let window = web_sys::window().ok_or(Problem::Failed)?;
    if !window.is_secure_context() {
        return Err(Problem::Insecure);
    }
    let navigator = window.navigator();
    // Absent in old browsers and in insecure contexts.
    let has_api = Reflect::get(&navigator, &"mediaDevices".into())
        .map(|m| !m.is_undefined() && !m.is_null())
        .unwrap_or(false);
    if !has_api {
        return Err(Problem::NoCamera);
    }
    let devices = navigator.media_devices().map_err(|_| Problem::NoCamera)?;
    let video = Object::new();
    let ideal = |v: JsValue| {
        let o = Object::new();
        let _ = Reflect::set(&o, &"ideal".into(), &v);
        o
    };
    match device {
        Some(id) => {
            let exact = Object::new();
            let _ = Reflect::set(&exact, &"exact".into(), &id.into());
            let _ = Reflect::set(&video, &"deviceId".into(), &exact);
        }
        None => {
            let _ = Reflect::set(&video, &"facingMode".into(), &ideal("environment".into()));
        }
    }
    let _ = Reflect::set(&video, &"width".into(), &ideal(1280.into()));
    let _ = Reflect::set(&video, &"height".into(), &ideal(720.into()));
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| problem_of(&e))?;
    match JsFuture::from(promise).await {
        Ok(stream) => stream.dyn_into().map_err(|_| Problem::Failed),
        Err(e) => Err(problem_of(&e)),
    }
}

/// The getUserMedia rejection, by its DOMException name.
fn problem_of(error: &JsValue) -> Problem {
    let name = Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => Problem::Denied,
        "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => Problem::NoCamera,
        "NotReadableError" | "TrackStartError" | "AbortError" => Problem::InUse,
        _ => Problem::Failed,
    }
}

async fn list_cameras() -> Vec<String> {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return Vec::new();
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return Vec::new();
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return Vec::new();
    };
    let list: Array = list.unchecked_into();
    list.iter()
        .filter(|d| {
            Reflect::get(d, &"kind".into())
                .ok()
                .and_then(|k| k.as_string())
                .is_some_and(|k| k == "videoinput")
        })
        .filter_map(|d| {
            Reflect::get(&d, &"deviceId".into())
                .ok()
                .and_then(|k| k.as_string())
        })
        .filter(|id| !id.is_empty())
        .collect()
}

fn video_track(s: &Session) -> Option<MediaStreamTrack> {
    s.stream
        .as_ref()?
        .get_video_tracks()
        .get(0)
        .dyn_into::<MediaStreamTrack>()
        .ok()
}

fn device_id(track: &MediaStreamTrack) -> String {
    call0(track, "getSettings")
        .and_then(|settings| Reflect::get(&settings, &"deviceId".into()).ok())
        .and_then(|d| d.as_string())
        .unwrap_or_default()
}

/// `torch` in the track's capabilities (Chrome on Android with a flash).
fn has_torch(s: &Session) -> bool {
    video_track(s)
        .and_then(|t| call0(&t, "getCapabilities"))
        .and_then(|c| Reflect::get(&c, &"torch".into()).ok())
        .is_some_and(|t| t.is_truthy())
}

/// Calls a no-argument method that may be missing (older browsers).
fn call0(obj: &JsValue, method: &str) -> Option<JsValue> {
    let f: Function = Reflect::get(obj, &method.into()).ok()?.dyn_into().ok()?;
    f.call0(obj).ok()
}

/// Grabs a frame, waits for the worker's answer, repeats: one frame in flight. The first
/// frame goes as soon as the video has one (no wait for an animation frame): with the
/// pack already in view, that is the frame that decodes.
async fn frame_loop(token: u32) {
    let mut pass: u32 = 0;
    loop {
        let Some((video, feed)) =
            with_session(|s| (s.token == token).then(|| (s.video.clone(), s.feed))).flatten()
        else {
            return;
        };
        let result = if feed {
            if pass == 0 {
                client::mark(client::MARK_FIRST_FRAME);
            }
            match client::decode_feed_frame(pass).await {
                Some(result) => result,
                None => {
                    // The worker has no feed (it was restarted): grab from the preview.
                    with_session(|s| s.feed &= s.token != token);
                    continue;
                }
            }
        } else {
            match grab(&video).await {
                Some(bitmap) => {
                    if pass == 0 {
                        client::mark(client::MARK_FIRST_FRAME);
                    }
                    client::decode_frame(bitmap, pass).await
                }
                None => continue,
            }
        };
        pass = pass.wrapping_add(1);
        let Some((on_found, on_status)) = with_session(|s| {
            if s.token != token {
                return None;
            }
            if result.is_ok() {
                s.found = true;
                s.token = s.token.wrapping_add(1);
            }
            Some((s.on_found.clone(), s.on_status.clone()))
        })
        .flatten() else {
            return;
        };
        match result {
            Ok(decoded) => {
                client::mark(client::MARK_DECODED);
                // What the code leads to first (a trace code starts the page load);
                // the screen's update after.
                on_found(decoded);
                on_status(Status::Found);
                return;
            }
            Err(DecodeError::Worker) => {
                // The client restarts the worker on the next request; do not spin.
                sleep_ms(500).await;
            }
            // The feed's next read waits for the camera's next frame; the preview's next
            // grab waits for the next painted frame (the same frame would fail again).
            Err(DecodeError::NotFound | DecodeError::Unreadable) if !feed => {
                next_animation_frame().await
            }
            Err(DecodeError::NotFound | DecodeError::Unreadable) => {}
        }
    }
}

/// A snapshot of the preview, once it has a frame (after a short wait otherwise).
async fn grab(video: &HtmlVideoElement) -> Option<ImageBitmap> {
    // HAVE_CURRENT_DATA: there is a frame to grab.
    if video.ready_state() < 2 || video.video_width() == 0 {
        next_animation_frame().await;
        return None;
    }
    let bitmap =
        match web_sys::window().map(|w| w.create_image_bitmap_with_html_video_element(video)) {
            Some(Ok(promise)) => JsFuture::from(promise).await.ok(),
            _ => None,
        };
    if bitmap.is_none() {
        sleep_ms(100).await;
    }
    bitmap.map(JsCast::unchecked_into)
}
