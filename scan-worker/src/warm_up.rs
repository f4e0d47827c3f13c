//! The decoder's first run, on a tiny QR code made here, while the worker waits for its
//! first camera frame. WebAssembly is compiled function by function on first call, so
//! the first real frame would otherwise pay for compiling the binarizer, detector and
//! decoder on top of decoding; done ahead, the first frame decodes at nearly full
//! speed. Skipped when a request is already waiting (it must not be held up).

use crate::luma::Luma;
use crate::{read, Binarize};

/// The modules of a version-1 QR code (ECC level M) reading "lottrace", one row per
/// entry, the leftmost module in bit 20.
const MODULES: [u32; 21] = [
    0x1fd17f, 0x104241, 0x17455d, 0x174d5d, 0x175d5d, 0x104141, 0x1fd57f, 0x001000, 0x13f4d1,
    0x082239, 0x0e74dc, 0x0903c3, 0x17de9e, 0x00153c, 0x1fd979, 0x105002, 0x175cec, 0x1759dd,
    0x174488, 0x104cd8, 0x1fd009,
];
/// Quiet zone, in modules.
const QUIET: u32 = 4;
/// Pixels per module: the image is 87 px square, above the size at which rxing's
/// hybrid binarizer (the one camera frames use) works in blocks.
const SCALE: u32 = 3;

/// The QR code as a grey image, dark modules black on white.
pub fn image() -> Luma {
    let n = MODULES.len() as u32;
    let side = (n + 2 * QUIET) * SCALE;
    let data = (0..side * side)
        .map(|i| {
            let (x, y) = ((i % side) / SCALE, (i / side) / SCALE);
            let inside = (QUIET..QUIET + n).contains(&x) && (QUIET..QUIET + n).contains(&y);
            let dark = inside && MODULES[(y - QUIET) as usize] >> (n - 1 - (x - QUIET)) & 1 == 1;
            if dark {
                0
            } else {
                255
            }
        })
        .collect();
    Luma {
        data,
        w: side,
        h: side,
    }
}

/// Decodes [`image`] as a camera frame is decoded (the result is not needed), and has
/// the memory a camera frame takes ready, so the first frame does not wait for the
/// WebAssembly memory to grow.
pub fn run() {
    let _ = read(&image(), Binarize::Hybrid, false, false);
    drop(Vec::<u8>::with_capacity(FRAME_BYTES));
}

/// A 1280x720 frame's grey pixels and their binarized copy, roughly.
const FRAME_BYTES: usize = 1280 * 720 * 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warm_up_code_is_a_qr_code_the_frame_path_reads() {
        let found = read(&image(), Binarize::Hybrid, false, false).expect("decoded");
        assert_eq!(found.getText(), "lottrace");
        assert_eq!(*found.getBarcodeFormat(), rxing::BarcodeFormat::QR_CODE);
    }
}
