//! The decode worker: turns an image into the text of the barcode in it, off the UI
//! thread. Built by Trunk as a separate WASM (`data-type="worker"`), so rxing is only
//! downloaded by the scan screen. It links rxing and web-sys only: no Leptos, no
//! `lottrace-core` (what the text means is the app's business). Its own workspace
//! (`scan-worker/Cargo.toml`) builds rxing with `charsets/` in place of encoding_rs: text
//! in other charsets than UTF-8 and Latin-1 (Shift_JIS, EUC-KR, GB18030, Big5, ECI
//! code pages) is decoded by the browser's `TextDecoder`, not by tables in this WASM.
//!
//! Two modes (see `scan_protocol`): a *photo* is decoded thoroughly (downscaled, harder
//! search, rotated and inverted symbols, both binarizers, half and double size); a
//! *camera frame* is decoded fast — the centre region (where the viewfinder is) at full
//! resolution first, then the whole frame — because the next frame is only a few
//! milliseconds away. Camera frames come as bitmaps from the page, or, where the
//! browser can, straight from the camera (`feed.rs`). While it waits for the first one,
//! the decoder is run once on a tiny code of its own (`warm_up.rs`).
//!
//! Only the readers for what food labels carry are linked: QR, DataMatrix,
//! EAN-13/UPC-A/EAN-8, Code 128 (GS1-128) and GS1 DataBar (omnidirectional and
//! expanded). Calling them directly, instead of rxing's `MultiFormatReader`, keeps
//! Aztec, PDF417, Code 39/93, Codabar, ITF and Telepen out of the download.

mod feed;
mod luma;
mod warm_up;

use feed::Frame;
use js_sys::{Object, Reflect};
use luma::{fitted, Luma, Region};
use rxing::common::{
    BitArray, BitMatrix, GlobalHistogramBinarizer, HybridBinarizer, LineOrientation,
    Result as RxResult,
};
use rxing::datamatrix::DataMatrixReader;
use rxing::oned::rss::expanded::RSSExpandedReader;
use rxing::oned::rss::RSS14Reader;
use rxing::oned::{Code128Reader, MultiFormatUPCEANReader, OneDReader};
use rxing::qrcode::cpp_port::QrReader;
use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Exceptions, Luma8Source, RXingResult,
    RXingResultMetadataType, RXingResultMetadataValue, Reader,
};
use scan_protocol as protocol;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DedicatedWorkerGlobalScope, ImageBitmap, MessageEvent, OffscreenCanvas,
    OffscreenCanvasRenderingContext2d,
};

/// Phone photos are 12+ MP; barcodes on a pack label stay readable at this size and
/// decoding is many times faster.
const PHOTO_MAX_SIDE: u32 = 1600;
/// A photo up to this size that fails as it is gets a look at double size: on the
/// zxing-cpp samples that reads small, tightly cropped EAN-13 and QR pictures.
const PHOTO_DOUBLE_MAX_SIDE: u32 = 800;
/// Whole camera frames are decoded at most this large (1080p becomes 720p).
const FRAME_MAX_SIDE: u32 = 1280;
/// The centre region of a camera frame: this share of the shorter side, a square
/// (the viewfinder drawn on screen).
const CENTRE_SHARE: f64 = 0.62;
/// Every this many frames, the centre is searched harder (rotated 1D codes, more rows).
const HARD_EVERY: u32 = 4;

thread_local! {
    /// A message has come: the decoder is no longer warmed up ahead (`warm_up`).
    static REQUESTED: Cell<bool> = const { Cell::new(false) };
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        REQUESTED.set(true);
        let scope = reply_to.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // Nothing to do if posting fails: the page is gone.
            if let Some(reply) = handle(&scope, ev.data()).await {
                let _ = scope.post_message(&reply);
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();

    // In a task of its own: after the start script has passed on the messages that came
    // before this WASM was running (which then go first).
    let warm = Closure::once_into_js(|| {
        if !REQUESTED.get() {
            warm_up::run();
        }
    });
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(warm.unchecked_ref(), 0);

    let ready = Object::new();
    set(&ready, protocol::READY, &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

/// Answers a request; a camera feed handed over (`frames`) needs no answer.
async fn handle(scope: &DedicatedWorkerGlobalScope, data: JsValue) -> Option<JsValue> {
    let frames = Reflect::get(&data, &protocol::FRAMES.into()).unwrap_or(JsValue::UNDEFINED);
    if !frames.is_undefined() {
        feed::replace(&frames);
        return None;
    }
    let started = now(scope);
    let reply = Object::new();
    let id = Reflect::get(&data, &protocol::ID.into()).unwrap_or(JsValue::NULL);
    set(&reply, protocol::ID, &id);
    match decode(scope, &data).await {
        Ok(found) => {
            set(&reply, protocol::OK, &JsValue::TRUE);
            set(&reply, protocol::TEXT, &found.text.into());
            set(&reply, protocol::FORMAT, &found.format.into());
            set(&reply, protocol::SYMBOLOGY, &found.symbology.into());
        }
        Err(code) => {
            set(&reply, protocol::OK, &JsValue::FALSE);
            set(&reply, protocol::ERROR, &code.into());
        }
    }
    set(&reply, protocol::MS, &(now(scope) - started).into());
    Some(reply.into())
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map(|p| p.now()).unwrap_or(0.0)
}

struct Found {
    text: String,
    format: &'static str,
    symbology: String,
}

async fn decode(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<Found, &'static str> {
    let image = Reflect::get(data, &protocol::IMAGE.into()).map_err(|_| protocol::ERR_INTERNAL)?;
    let frame = Reflect::get(data, &protocol::MODE.into())
        .ok()
        .and_then(|m| m.as_string())
        .is_some_and(|m| m == protocol::MODE_FRAME);
    let pass = Reflect::get(data, &protocol::PASS.into())
        .ok()
        .and_then(|p| p.as_f64())
        .unwrap_or(0.0) as u32;
    let result = if frame {
        // No image: the next frame of the camera feed the app handed over.
        let frame = if image.is_undefined() {
            feed::next().await?
        } else {
            Frame::Bitmap(image.dyn_into().map_err(|_| protocol::ERR_INTERNAL)?)
        };
        let result = decode_frame(&frame, pass).await;
        frame.close();
        result
    } else {
        let bitmap = bitmap_of(scope, image).await?;
        let result = decode_photo(&bitmap);
        bitmap.close();
        result
    };
    let result = result?.ok_or(protocol::ERR_NOT_FOUND)?;
    Ok(Found {
        text: result.getText().to_owned(),
        format: format_name(result.getBarcodeFormat()),
        symbology: match result
            .getRXingResultMetadata()
            .get(&RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
        {
            Some(RXingResultMetadataValue::SymbologyIdentifier(s)) => s.clone(),
            _ => String::new(),
        },
    })
}

/// A photo (a `Blob`) or a bitmap as an `ImageBitmap`.
async fn bitmap_of(
    scope: &DedicatedWorkerGlobalScope,
    image: JsValue,
) -> Result<ImageBitmap, &'static str> {
    if image.is_instance_of::<ImageBitmap>() {
        return Ok(image.unchecked_into());
    }
    let blob: Blob = image.dyn_into().map_err(|_| protocol::ERR_INTERNAL)?;
    // The browser decodes the image (JPEG, PNG, WebP, HEIC where supported, EXIF
    // rotation applied); a file that is no image rejects here.
    let promise = scope
        .create_image_bitmap_with_blob(&blob)
        .map_err(|_| protocol::ERR_UNREADABLE)?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(|_| protocol::ERR_UNREADABLE)?
        .unchecked_into())
}

/// A camera frame: the centre at full resolution, then the whole frame.
async fn decode_frame(frame: &Frame, pass: u32) -> Result<Option<RXingResult>, &'static str> {
    let (w, h) = frame.size();
    if w == 0 || h == 0 {
        return Err(protocol::ERR_UNREADABLE);
    }
    let side = (f64::from(w.min(h)) * CENTRE_SHARE).round().max(1.0) as u32;
    let centre = Region {
        x: (w - side) / 2,
        y: (h - side) / 2,
        w: side,
        h: side,
    };
    let hard = pass % HARD_EVERY == HARD_EVERY - 1;
    let luma = frame.grab(centre, side).await?;
    if let Some(r) = read(&luma, Binarize::Hybrid, hard, false) {
        return Ok(Some(r));
    }
    let whole = Region { x: 0, y: 0, w, h };
    let luma = frame.grab(whole, FRAME_MAX_SIDE).await?;
    Ok(read(&luma, Binarize::Hybrid, false, false))
}

/// A photo: the whole picture (at most `PHOTO_MAX_SIDE`), searched hard, inverted too;
/// then the same pixels with the other binarizer; then at half size (averaging away
/// sensor noise and JPEG blocks); then, for small pictures, at double size (thin bars
/// get more than a pixel); then, for big photos, the centre at full resolution.
fn decode_photo(bitmap: &ImageBitmap) -> Result<Option<RXingResult>, &'static str> {
    let (w, h) = (bitmap.width(), bitmap.height());
    if w == 0 || h == 0 {
        return Err(protocol::ERR_UNREADABLE);
    }
    let whole = Region { x: 0, y: 0, w, h };
    let luma = grab(bitmap, whole, PHOTO_MAX_SIDE)?;
    for binarizer in [Binarize::Hybrid, Binarize::Global] {
        if let Some(r) = read(&luma, binarizer, true, true) {
            return Ok(Some(r));
        }
    }
    if let Some(half) = luma.halved() {
        for binarizer in [Binarize::Hybrid, Binarize::Global] {
            if let Some(r) = read(&half, binarizer, true, false) {
                return Ok(Some(r));
            }
        }
    }
    if luma.w.max(luma.h) <= PHOTO_DOUBLE_MAX_SIDE {
        if let Some(r) = read(&luma.doubled(), Binarize::Hybrid, true, false) {
            return Ok(Some(r));
        }
    }
    if w.max(h) > PHOTO_MAX_SIDE {
        let side = w.min(h).min(PHOTO_MAX_SIDE);
        let centre = Region {
            x: (w - side) / 2,
            y: (h - side) / 2,
            w: side,
            h: side,
        };
        let luma = grab(bitmap, centre, PHOTO_MAX_SIDE)?;
        return Ok(read(&luma, Binarize::Hybrid, true, false));
    }
    Ok(None)
}

thread_local! {
    /// One canvas for every grab: allocating a canvas per frame costs more than drawing.
    static CANVAS: RefCell<Option<(OffscreenCanvas, OffscreenCanvasRenderingContext2d)>> =
        const { RefCell::new(None) };
}

/// Draws `region` of the bitmap scaled to at most `max_side` and converts it to 8-bit
/// luma (ITU-R BT.601 weights, integer math).
fn grab(bitmap: &ImageBitmap, region: Region, max_side: u32) -> Result<Luma, &'static str> {
    let (dw, dh) = fitted(region.w, region.h, max_side);
    CANVAS.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(new_canvas(dw, dh)?);
        }
        let (canvas, ctx) = slot.as_ref().ok_or(protocol::ERR_INTERNAL)?;
        if canvas.width() != dw || canvas.height() != dh {
            canvas.set_width(dw);
            canvas.set_height(dh);
        }
        ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            bitmap,
            f64::from(region.x),
            f64::from(region.y),
            f64::from(region.w),
            f64::from(region.h),
            0.0,
            0.0,
            f64::from(dw),
            f64::from(dh),
        )
        .map_err(|_| protocol::ERR_UNREADABLE)?;
        let rgba = ctx
            .get_image_data(0.0, 0.0, f64::from(dw), f64::from(dh))
            .map_err(|_| protocol::ERR_INTERNAL)?
            .data()
            .0;
        let data = rgba
            .chunks_exact(4)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8)
                    as u8
            })
            .collect();
        Ok(Luma { data, w: dw, h: dh })
    })
}

fn new_canvas(
    w: u32,
    h: u32,
) -> Result<(OffscreenCanvas, OffscreenCanvasRenderingContext2d), &'static str> {
    let canvas = OffscreenCanvas::new(w, h).map_err(|_| protocol::ERR_INTERNAL)?;
    // A CPU-backed canvas: every frame is read back, which a GPU canvas makes slow.
    let options = Object::new();
    set(&options, "willReadFrequently", &JsValue::TRUE);
    let ctx = canvas
        .get_context_with_context_options("2d", &options)
        .ok()
        .flatten()
        .ok_or(protocol::ERR_INTERNAL)?
        .unchecked_into();
    Ok((canvas, ctx))
}

fn formats() -> HashSet<BarcodeFormat> {
    HashSet::from([
        BarcodeFormat::QR_CODE,
        BarcodeFormat::DATA_MATRIX,
        BarcodeFormat::EAN_13,
        BarcodeFormat::EAN_8,
        BarcodeFormat::UPC_A,
        BarcodeFormat::CODE_128,
        BarcodeFormat::RSS_14,
        BarcodeFormat::RSS_EXPANDED,
    ])
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Binarize {
    /// Local thresholds: shadows and uneven light (rxing's default).
    Hybrid,
    /// One threshold per row or image: reads some low-contrast and blurred pictures
    /// that the local thresholds break up.
    Global,
}

/// Tries every label format on one luma image; `inverted` also tries light-on-dark.
pub(crate) fn read(
    luma: &Luma,
    binarize: Binarize,
    try_harder: bool,
    inverted: bool,
) -> Option<RXingResult> {
    let source = Luma8Source::new_with_slice(&luma.data, luma.w, luma.h).ok()?;
    let mut image = BinaryBitmap::new(match binarize {
        Binarize::Hybrid => AnyBinarizer::Hybrid(HybridBinarizer::new(source)),
        Binarize::Global => AnyBinarizer::Global(GlobalHistogramBinarizer::new(source)),
    });
    let hints = DecodeHints {
        TryHarder: Some(try_harder),
        PossibleFormats: Some(formats()),
        ..DecodeHints::default()
    };
    if let Some(r) = read_formats(&mut image, &hints) {
        return Some(r);
    }
    if inverted {
        image.invert();
        return read_formats(&mut image, &hints);
    }
    None
}

/// Either of rxing's binarizers as one type: the readers are generic over the
/// binarizer, and one type compiles them once instead of once per binarizer.
enum AnyBinarizer<'a> {
    Hybrid(HybridBinarizer<Luma8Source<'a>>),
    Global(GlobalHistogramBinarizer<Luma8Source<'a>>),
}

impl<'a> Binarizer for AnyBinarizer<'a> {
    type Source = Luma8Source<'a>;

    fn get_luminance_source(&self) -> &Self::Source {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_luminance_source(),
            AnyBinarizer::Global(b) => b.get_luminance_source(),
        }
    }

    fn get_black_row(&self, y: usize) -> RxResult<Cow<'_, BitArray>> {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_black_row(y),
            AnyBinarizer::Global(b) => b.get_black_row(y),
        }
    }

    fn get_black_row_from_matrix(&self, y: usize) -> RxResult<Cow<'_, BitArray>> {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_black_row_from_matrix(y),
            AnyBinarizer::Global(b) => b.get_black_row_from_matrix(y),
        }
    }

    fn get_black_matrix(&self) -> RxResult<&BitMatrix> {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_black_matrix(),
            AnyBinarizer::Global(b) => b.get_black_matrix(),
        }
    }

    fn get_black_line(&self, l: usize, lt: LineOrientation) -> RxResult<Cow<'_, BitArray>> {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_black_line(l, lt),
            AnyBinarizer::Global(b) => b.get_black_line(l, lt),
        }
    }

    fn create_binarizer(&self, source: Self::Source) -> Self {
        match self {
            AnyBinarizer::Hybrid(_) => AnyBinarizer::Hybrid(HybridBinarizer::new(source)),
            AnyBinarizer::Global(_) => AnyBinarizer::Global(GlobalHistogramBinarizer::new(source)),
        }
    }

    fn get_width(&self) -> usize {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_width(),
            AnyBinarizer::Global(b) => b.get_width(),
        }
    }

    fn get_height(&self) -> usize {
        match self {
            AnyBinarizer::Hybrid(b) => b.get_height(),
            AnyBinarizer::Global(b) => b.get_height(),
        }
    }
}

fn read_formats<B: Binarizer>(
    image: &mut BinaryBitmap<B>,
    hints: &DecodeHints,
) -> Option<RXingResult> {
    if let Ok(r) = QrReader.decode_with_hints(image, hints) {
        return Some(r);
    }
    // rxing's second, classic QR detector is left out: on the zxing-cpp samples it read
    // 1 more image of 137 for 23 kB more (gzip) to download.
    if let Ok(r) = DataMatrixReader.decode_with_hints(image, hints) {
        return Some(r);
    }
    LabelOneD::new(hints).decode_with_hints(image, hints).ok()
}

/// The linear formats on labels, tried on each scanned row together (one row read,
/// every format), like rxing's `MultiFormatOneDReader` but without the formats that
/// food labels do not use.
struct LabelOneD {
    upc_ean: MultiFormatUPCEANReader,
    code128: Code128Reader,
    databar: RSS14Reader,
    databar_expanded: RSSExpandedReader,
}

impl LabelOneD {
    fn new(hints: &DecodeHints) -> Self {
        LabelOneD {
            upc_ean: MultiFormatUPCEANReader::new(hints),
            code128: Code128Reader,
            databar: RSS14Reader::default(),
            databar_expanded: RSSExpandedReader::default(),
        }
    }
}

impl OneDReader for LabelOneD {
    fn decode_row(
        &mut self,
        row_number: u32,
        row: &BitArray,
        hints: &DecodeHints,
    ) -> RxResult<RXingResult> {
        if let Ok(r) = self.upc_ean.decode_row(row_number, row, hints) {
            return Ok(r);
        }
        if let Ok(r) = self.code128.decode_row(row_number, row, hints) {
            return Ok(r);
        }
        if let Ok(r) = self.databar.decode_row(row_number, row, hints) {
            return Ok(r);
        }
        self.databar_expanded.decode_row(row_number, row, hints)
    }
}

impl Reader for LabelOneD {
    fn decode<B: Binarizer>(&mut self, image: &mut BinaryBitmap<B>) -> RxResult<RXingResult> {
        self.decode_with_hints(image, &DecodeHints::default())
    }

    /// Rows as they are; with `TryHarder`, the image turned a quarter too (a pack held
    /// sideways).
    fn decode_with_hints<B: Binarizer>(
        &mut self,
        image: &mut BinaryBitmap<B>,
        hints: &DecodeHints,
    ) -> RxResult<RXingResult> {
        if let Ok(r) = self._do_decode(image, hints) {
            return Ok(r);
        }
        if hints.TryHarder == Some(true) && image.is_rotate_supported() {
            let mut rotated = image.rotate_counter_clockwise();
            return self._do_decode(&mut rotated, hints);
        }
        Err(Exceptions::NOT_FOUND)
    }

    fn reset(&mut self) {
        self.databar.reset();
        self.databar_expanded.reset();
    }
}

fn format_name(format: &BarcodeFormat) -> &'static str {
    match format {
        BarcodeFormat::QR_CODE => "qr_code",
        BarcodeFormat::DATA_MATRIX => "data_matrix",
        BarcodeFormat::EAN_13 => "ean_13",
        BarcodeFormat::EAN_8 => "ean_8",
        BarcodeFormat::UPC_A => "upc_a",
        BarcodeFormat::CODE_128 => "code_128",
        BarcodeFormat::RSS_14 => "databar",
        BarcodeFormat::RSS_EXPANDED => "databar_expanded",
        _ => "other",
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(obj, &key.into(), value);
}
