//! The decode worker: turns an image into the text of the barcode in it, off the UI
//! thread. Built by Trunk as a separate WASM (`data-type="worker"`), so rxing is only
//! downloaded by the scan screen.

#[path = "protocol.rs"]
#[allow(dead_code)]
mod protocol;

use js_sys::{Object, Reflect};
use rxing::{BarcodeFormat, DecodeHints, Exceptions};
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
const MAX_SIDE: u32 = 1600;

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let scope = reply_to.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let reply = handle(&scope, ev.data()).await;
            // Nothing to do if posting fails: the page is gone.
            let _ = scope.post_message(&reply);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();

    let ready = Object::new();
    set(&ready, protocol::READY, &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

async fn handle(scope: &DedicatedWorkerGlobalScope, data: JsValue) -> JsValue {
    let reply = Object::new();
    let id = Reflect::get(&data, &protocol::ID.into()).unwrap_or(JsValue::NULL);
    set(&reply, protocol::ID, &id);
    match decode(scope, &data).await {
        Ok((text, format)) => {
            set(&reply, protocol::OK, &JsValue::TRUE);
            set(&reply, protocol::TEXT, &text.into());
            set(&reply, protocol::FORMAT, &format.into());
        }
        Err(code) => {
            set(&reply, protocol::OK, &JsValue::FALSE);
            set(&reply, protocol::ERROR, &code.into());
        }
    }
    reply.into()
}

async fn decode(
    scope: &DedicatedWorkerGlobalScope,
    data: &JsValue,
) -> Result<(String, &'static str), &'static str> {
    let blob: Blob = Reflect::get(data, &protocol::IMAGE.into())
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .ok_or(protocol::ERR_INTERNAL)?;
    // The browser decodes the image (JPEG, PNG, HEIC where supported, EXIF rotation
    // applied); a file that is no image rejects here.
    let promise = scope
        .create_image_bitmap_with_blob(&blob)
        .map_err(|_| protocol::ERR_UNREADABLE)?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| protocol::ERR_UNREADABLE)?
        .unchecked_into();
    let luma = to_luma(&bitmap);
    bitmap.close();
    let (luma, width, height) = luma?;

    let mut hints = DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::QR_CODE,
            BarcodeFormat::DATA_MATRIX,
            BarcodeFormat::EAN_13,
            BarcodeFormat::EAN_8,
            BarcodeFormat::UPC_A,
            BarcodeFormat::CODE_128,
        ])),
        ..DecodeHints::default()
    };
    match rxing::helpers::detect_in_luma_with_hints(luma, width, height, None, &mut hints) {
        Ok(result) => Ok((
            result.getText().to_owned(),
            format_name(result.getBarcodeFormat()),
        )),
        Err(Exceptions::IllegalArgumentException(_)) => Err(protocol::ERR_UNREADABLE),
        // NotFound, Checksum, Format …: no readable code in this picture.
        Err(_) => Err(protocol::ERR_NOT_FOUND),
    }
}

/// Draws the bitmap downscaled to at most `MAX_SIDE` and converts it to 8-bit luma
/// (ITU-R BT.601 weights, integer math).
fn to_luma(bitmap: &ImageBitmap) -> Result<(Vec<u8>, u32, u32), &'static str> {
    let (w, h) = (bitmap.width(), bitmap.height());
    if w == 0 || h == 0 {
        return Err(protocol::ERR_UNREADABLE);
    }
    let longer = w.max(h);
    let (dw, dh) = if longer > MAX_SIDE {
        // Rounded, and at least one pixel, so extreme aspect ratios stay valid.
        let scale = |v: u32| {
            ((u64::from(v) * u64::from(MAX_SIDE) + u64::from(longer) / 2) / u64::from(longer))
                .max(1) as u32
        };
        (scale(w), scale(h))
    } else {
        (w, h)
    };
    let canvas = OffscreenCanvas::new(dw, dh).map_err(|_| protocol::ERR_INTERNAL)?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(protocol::ERR_INTERNAL)?
        .unchecked_into();
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(dw), f64::from(dh))
        .map_err(|_| protocol::ERR_UNREADABLE)?;
    let rgba = ctx
        .get_image_data(0.0, 0.0, f64::from(dw), f64::from(dh))
        .map_err(|_| protocol::ERR_INTERNAL)?
        .data()
        .0;
    let luma = rgba
        .chunks_exact(4)
        .map(|p| {
            ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500) / 1000)
                as u8
        })
        .collect();
    Ok((luma, dw, dh))
}

fn format_name(format: &BarcodeFormat) -> &'static str {
    match format {
        BarcodeFormat::QR_CODE => "qr_code",
        BarcodeFormat::DATA_MATRIX => "data_matrix",
        BarcodeFormat::EAN_13 => "ean_13",
        BarcodeFormat::EAN_8 => "ean_8",
        BarcodeFormat::UPC_A => "upc_a",
        BarcodeFormat::CODE_128 => "code_128",
        _ => "other",
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(obj, &key.into(), value);
}
