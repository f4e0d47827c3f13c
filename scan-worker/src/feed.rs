//! The camera's own frames, where the browser offers them (`MediaStreamTrackProcessor`,
//! Chrome and Edge): the app hands over the camera track's stream of `VideoFrame`s, and
//! a frame request without an image takes the newest frame from it. No video element,
//! no canvas and no hand-over through the page's thread, which is busy building the
//! screen while the first frames come: the first frame is read as soon as the camera
//! has it, and its luma plane is the grey image the decoder wants, copied as it is —
//! only the part being read (the centre first, the whole frame only if that fails).
//!
//! The app creates the processor with a buffer of one frame: while a frame is decoded
//! the camera's newer frames replace each other, so a slow phone skips frames.

use crate::luma::{Luma, Region};
use crate::protocol;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::ImageBitmap;

/// `VideoFrame.format`s whose first plane is 8-bit luma at full resolution.
const LUMA_FIRST: [&str; 7] = ["I420", "I420A", "I422", "I422A", "I444", "I444A", "NV12"];

thread_local! {
    /// The reader of the camera feed, while there is one.
    static READER: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// A camera frame to decode.
pub enum Frame {
    /// Sent by the page as a bitmap (browsers without a camera feed), or a feed frame
    /// without a luma plane to copy (held by the GPU, or RGB), drawn by the browser.
    Bitmap(ImageBitmap),
    /// A feed frame (`VideoFrame`) whose first plane is luma; closed by [`Frame::close`].
    Video { frame: JsValue, w: u32, h: u32 },
}

impl Frame {
    pub fn size(&self) -> (u32, u32) {
        match self {
            Frame::Bitmap(b) => (b.width(), b.height()),
            Frame::Video { w, h, .. } => (*w, *h),
        }
    }

    /// `region`, scaled down to at most `max_side`, as grey pixels.
    pub async fn grab(&self, region: Region, max_side: u32) -> Result<Luma, &'static str> {
        match self {
            Frame::Bitmap(b) => crate::grab(b, region, max_side),
            Frame::Video { frame, .. } => match luma_plane(frame, region).await {
                Some(luma) => Ok(luma.fit(max_side)),
                // The copy was refused: the browser draws it instead.
                None => {
                    let bitmap = bitmap_of(frame).await?;
                    let luma = crate::grab(&bitmap, region, max_side);
                    bitmap.close();
                    luma
                }
            },
        }
    }

    pub fn close(self) {
        match self {
            Frame::Bitmap(b) => b.close(),
            // At once: a camera stalls when its frames are held.
            Frame::Video { frame, .. } => {
                let _ = call(&frame, "close", &[]);
            }
        }
    }
}

/// Takes `frames` (a `ReadableStream` of `VideoFrame`s) as the camera feed; a feed
/// handed over before (another camera, a restart) is cancelled, which closes its frames.
pub fn replace(frames: &JsValue) {
    let reader = call(frames, "getReader", &[]).ok();
    let old = READER.with(|r| std::mem::replace(&mut *r.borrow_mut(), reader));
    if let Some(old) = old {
        // Its pending read, if any, resolves as done: that request answers "no feed".
        let _ = call(&old, "cancel", &[]);
    }
}

/// The next frame of the camera feed. `ERR_NO_FEED` when there is none or it ended (the
/// camera was stopped): the app then grabs frames itself.
pub async fn next() -> Result<Frame, &'static str> {
    let Some(reader) = READER.with(|r| r.borrow().clone()) else {
        return Err(protocol::ERR_NO_FEED);
    };
    let read = call(&reader, "read", &[])
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok())
        .ok_or(protocol::ERR_NO_FEED)?;
    let chunk = JsFuture::from(read)
        .await
        .map_err(|_| protocol::ERR_NO_FEED)?;
    if get(&chunk, "done").is_truthy() {
        READER.with(|r| {
            let mut r = r.borrow_mut();
            // Only forget it if it is still this feed (not one handed over since).
            if r.as_ref() == Some(&reader) {
                *r = None;
            }
        });
        return Err(protocol::ERR_NO_FEED);
    }
    let frame = get(&chunk, "value");
    let result = frame_of(&frame).await;
    if !matches!(result, Ok(Frame::Video { .. })) {
        let _ = call(&frame, "close", &[]);
    }
    result
}

/// The frame as it is when its first plane is luma; otherwise drawn by the browser into
/// a bitmap.
async fn frame_of(frame: &JsValue) -> Result<Frame, &'static str> {
    let format = get(frame, "format").as_string().unwrap_or_default();
    let size = |name: &str| get(frame, name).as_f64().filter(|v| *v >= 1.0);
    if let (true, Some(w), Some(h)) = (
        LUMA_FIRST.contains(&format.as_str()),
        size("displayWidth"),
        size("displayHeight"),
    ) {
        let visible = get(frame, "visibleRect");
        // Rotated or scaled frames: the luma plane is not what is displayed.
        if get(&visible, "width").as_f64() == Some(w) && get(&visible, "height").as_f64() == Some(h)
        {
            return Ok(Frame::Video {
                frame: frame.clone(),
                w: w as u32,
                h: h as u32,
            });
        }
    }
    Ok(Frame::Bitmap(bitmap_of(frame).await?))
}

/// `createImageBitmap(frame)`: the browser draws the frame, whatever its format.
async fn bitmap_of(frame: &JsValue) -> Result<ImageBitmap, &'static str> {
    let scope = js_sys::global();
    let create: Function = get(&scope, "createImageBitmap")
        .dyn_into()
        .map_err(|_| protocol::ERR_INTERNAL)?;
    let promise: Promise = create
        .call1(&scope, frame)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or(protocol::ERR_UNREADABLE)?;
    let bitmap = JsFuture::from(promise)
        .await
        .map_err(|_| protocol::ERR_UNREADABLE)?;
    Ok(bitmap.unchecked_into())
}

/// `VideoFrame.copyTo` of `region` (of the visible part), of which the first plane is
/// kept: with the default layout it comes first, one byte per pixel, `width` bytes per
/// row. The region is widened to even coordinates, as chroma subsampling requires.
async fn luma_plane(frame: &JsValue, region: Region) -> Option<Luma> {
    let visible = get(frame, "visibleRect");
    let origin = |name: &str| get(&visible, name).as_f64().filter(|v| *v >= 0.0);
    let (vx, vy) = (origin("x")? as u32, origin("y")? as u32);
    let (x0, y0) = (region.x & !1, region.y & !1);
    let (w, h) = (
        (region.x + region.w - x0 + 1) & !1,
        (region.y + region.h - y0 + 1) & !1,
    );
    if w == 0 || h == 0 {
        return None;
    }
    let rect = Object::new();
    for (k, v) in [("x", vx + x0), ("y", vy + y0), ("width", w), ("height", h)] {
        Reflect::set(&rect, &k.into(), &v.into()).ok()?;
    }
    let options = Object::new();
    Reflect::set(&options, &"rect".into(), &rect).ok()?;
    let size = call(frame, "allocationSize", &[options.clone().into()])
        .ok()?
        .as_f64()?;
    let plane = w as usize * h as usize;
    if (size as usize) < plane {
        return None;
    }
    let buffer = Uint8Array::new_with_length(size as u32);
    let copied: Promise = call(frame, "copyTo", &[buffer.clone().into(), options.into()])
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(copied).await.ok()?;
    let mut data = vec![0; plane];
    buffer.subarray(0, plane as u32).copy_to(&mut data);
    let luma = Luma { data, w, h };
    // Back to the region asked for, when widening added a row or column.
    Some(
        if (x0, y0, w, h) == (region.x, region.y, region.w, region.h) {
            luma
        } else {
            luma.crop(Region {
                x: region.x - x0,
                y: region.y - y0,
                w: region.w,
                h: region.h,
            })
        },
    )
}

/// Calls `obj[method](...args)`.
fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &method.into())?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}
