//! A small QR code encoder (byte mode, error correction level M, versions 1–10: up to
//! 213 bytes), for the links the kiosk shows instead of opening them. The label printer
//! uses rxing's writer; this one exists because that writer, with the character-set
//! tables it pulls in, would nearly double the shopper app's download for a few
//! `tel:` and `mailto:` codes. Follows ISO/IEC 18004 (the structure of Nayuki's
//! reference implementation).

use super::label::Symbol;
use super::CodeError;

const MAX_VERSION: usize = 10;
/// Level M, versions 1–10: error correction codewords per block, and blocks.
const ECC_PER_BLOCK: [usize; MAX_VERSION] = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS: [usize; MAX_VERSION] = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
/// Format information bits of level M.
const ECL_M: u32 = 0;

/// `text` (as UTF-8 bytes) as a QR symbol, in the smallest version that holds it.
pub fn encode(text: &str) -> Result<Symbol, CodeError> {
    let data = text.as_bytes();
    let version = (1..=MAX_VERSION)
        .find(|&v| 4 + count_bits(v) + 8 * data.len() <= data_codewords(v) * 8)
        .ok_or_else(|| {
            CodeError::new(
                "too_long",
                format!(
                    "{} bytes do not fit a version {MAX_VERSION} QR code",
                    data.len()
                ),
            )
        })?;
    let codewords = add_ecc_and_interleave(&data_codewords_for(data, version), version);
    let mut q = Matrix::new(version);
    q.draw_function_patterns();
    q.draw_codewords(&codewords);
    let mask = (0..8)
        .min_by_key(|&m| {
            q.apply_mask(m);
            q.draw_format_bits(m);
            let p = q.penalty();
            q.apply_mask(m); // XOR again: undone
            p
        })
        .unwrap_or(0);
    q.apply_mask(mask);
    q.draw_format_bits(mask);
    let size = q.size as u32;
    Ok(Symbol::qr_from_modules(size, q.modules))
}

fn count_bits(version: usize) -> usize {
    if version <= 9 {
        8
    } else {
        16
    }
}

fn raw_data_modules(ver: usize) -> usize {
    let mut result = (16 * ver + 128) * ver + 64;
    if ver >= 2 {
        let align = ver / 7 + 2;
        result -= (25 * align - 10) * align - 55;
        if ver >= 7 {
            result -= 36;
        }
    }
    result
}

fn data_codewords(ver: usize) -> usize {
    raw_data_modules(ver) / 8 - ECC_PER_BLOCK[ver - 1] * BLOCKS[ver - 1]
}

/// Mode, count, bytes, terminator and padding, as codewords.
fn data_codewords_for(data: &[u8], ver: usize) -> Vec<u8> {
    fn push(bits: &mut Vec<bool>, value: u32, len: usize) {
        for i in (0..len).rev() {
            bits.push((value >> i) & 1 == 1);
        }
    }
    let mut bits: Vec<bool> = Vec::new();
    push(&mut bits, 0b0100, 4);
    push(&mut bits, data.len() as u32, count_bits(ver));
    for &b in data {
        push(&mut bits, u32::from(b), 8);
    }
    let capacity = data_codewords(ver) * 8;
    let terminator = (capacity - bits.len()).min(4);
    push(&mut bits, 0, terminator);
    let to_byte = (8 - bits.len() % 8) % 8;
    push(&mut bits, 0, to_byte);
    let mut out: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b)))
        .collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if out.len() >= capacity / 8 {
            break;
        }
        out.push(pad);
    }
    out
}

fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u32 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((u32::from(y) >> i) & 1) * u32::from(x);
    }
    z as u8
}

fn rs_divisor(degree: usize) -> Vec<u8> {
    let mut result = vec![0u8; degree];
    result[degree - 1] = 1;
    let mut root = 1u8;
    for _ in 0..degree {
        for j in 0..degree {
            result[j] = gf_mul(result[j], root);
            if j + 1 < degree {
                result[j] ^= result[j + 1];
            }
        }
        root = gf_mul(root, 0x02);
    }
    result
}

fn rs_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; divisor.len()];
    for &b in data {
        let factor = b ^ result.remove(0);
        result.push(0);
        for (x, &y) in result.iter_mut().zip(divisor) {
            *x ^= gf_mul(y, factor);
        }
    }
    result
}

fn add_ecc_and_interleave(data: &[u8], ver: usize) -> Vec<u8> {
    let blocks_n = BLOCKS[ver - 1];
    let ecc_len = ECC_PER_BLOCK[ver - 1];
    let raw = raw_data_modules(ver) / 8;
    let short_blocks = blocks_n - raw % blocks_n;
    let short_len = raw / blocks_n;
    let divisor = rs_divisor(ecc_len);
    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(blocks_n);
    let mut k = 0;
    for i in 0..blocks_n {
        let len = short_len - ecc_len + usize::from(i >= short_blocks);
        let mut block = data[k..k + len].to_vec();
        k += len;
        let ecc = rs_remainder(&block, &divisor);
        if i < short_blocks {
            block.push(0);
        }
        block.extend(ecc);
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(raw);
    for i in 0..blocks[0].len() {
        for (j, block) in blocks.iter().enumerate() {
            // The padding byte of the short blocks is not sent.
            if i != short_len - ecc_len || j >= short_blocks {
                out.push(block[i]);
            }
        }
    }
    out
}

struct Matrix {
    version: usize,
    size: usize,
    modules: Vec<bool>,
    function: Vec<bool>,
}

impl Matrix {
    fn new(version: usize) -> Matrix {
        let size = version * 4 + 17;
        Matrix {
            version,
            size,
            modules: vec![false; size * size],
            function: vec![false; size * size],
        }
    }

    fn get(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.size + x]
    }

    fn set_function(&mut self, x: usize, y: usize, dark: bool) {
        self.modules[y * self.size + x] = dark;
        self.function[y * self.size + x] = true;
    }

    fn draw_function_patterns(&mut self) {
        let size = self.size;
        for i in 0..size {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        self.draw_finder(3, 3);
        self.draw_finder(size - 4, 3);
        self.draw_finder(3, size - 4);
        let align = self.alignment_positions();
        let n = align.len();
        for i in 0..n {
            for j in 0..n {
                // The three corners hold finder patterns.
                let corner = (i == 0 && (j == 0 || j == n - 1)) || (i == n - 1 && j == 0);
                if !corner {
                    self.draw_alignment(align[i], align[j]);
                }
            }
        }
        self.draw_format_bits(0);
        self.draw_version();
    }

    fn draw_finder(&mut self, x: usize, y: usize) {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let dist = dx.abs().max(dy.abs());
                let (xx, yy) = (x as i32 + dx, y as i32 + dy);
                if (0..self.size as i32).contains(&xx) && (0..self.size as i32).contains(&yy) {
                    self.set_function(xx as usize, yy as usize, dist != 2 && dist != 4);
                }
            }
        }
    }

    fn draw_alignment(&mut self, x: usize, y: usize) {
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                let dark = dx.abs().max(dy.abs()) != 1;
                self.set_function((x as i32 + dx) as usize, (y as i32 + dy) as usize, dark);
            }
        }
    }

    fn alignment_positions(&self) -> Vec<usize> {
        if self.version == 1 {
            return Vec::new();
        }
        let n = self.version / 7 + 2;
        let step = (self.version * 4 + n * 2 + 1) / (n * 2 - 2) * 2;
        let mut result = vec![6];
        let mut pos = self.size - 7;
        for _ in 0..n - 1 {
            result.insert(1, pos);
            pos -= step;
        }
        result
    }

    fn draw_format_bits(&mut self, mask: u32) {
        let data = (ECL_M << 3) | mask;
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        let bits = ((data << 10) | rem) ^ 0x5412;
        let bit = |i: usize| (bits >> i) & 1 == 1;
        let size = self.size;
        for i in 0..=5 {
            self.set_function(8, i, bit(i));
        }
        self.set_function(8, 7, bit(6));
        self.set_function(8, 8, bit(7));
        self.set_function(7, 8, bit(8));
        for i in 9..15 {
            self.set_function(14 - i, 8, bit(i));
        }
        for i in 0..8 {
            self.set_function(size - 1 - i, 8, bit(i));
        }
        for i in 8..15 {
            self.set_function(8, size - 15 + i, bit(i));
        }
        self.set_function(8, size - 8, true);
    }

    fn draw_version(&mut self) {
        if self.version < 7 {
            return;
        }
        let mut rem = self.version as u32;
        for _ in 0..12 {
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        }
        let bits = ((self.version as u32) << 12) | rem;
        for i in 0..18 {
            let dark = (bits >> i) & 1 == 1;
            let a = self.size - 11 + i % 3;
            let b = i / 3;
            self.set_function(a, b, dark);
            self.set_function(b, a, dark);
        }
    }

    fn draw_codewords(&mut self, data: &[u8]) {
        let size = self.size as i32;
        let mut i = 0usize;
        let mut right = size - 1;
        while right >= 1 {
            if right == 6 {
                right = 5;
            }
            for vert in 0..size {
                for j in 0..2 {
                    let x = (right - j) as usize;
                    let upward = (right + 1) & 2 == 0;
                    let y = if upward { size - 1 - vert } else { vert } as usize;
                    if !self.function[y * self.size + x] && i < data.len() * 8 {
                        self.modules[y * self.size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                        i += 1;
                    }
                }
            }
            right -= 2;
        }
    }

    fn apply_mask(&mut self, mask: u32) {
        for y in 0..self.size {
            for x in 0..self.size {
                let invert = match mask {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => (x / 3 + y / 2) % 2 == 0,
                    5 => x * y % 2 + x * y % 3 == 0,
                    6 => (x * y % 2 + x * y % 3) % 2 == 0,
                    _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                };
                let idx = y * self.size + x;
                if invert && !self.function[idx] {
                    self.modules[idx] = !self.modules[idx];
                }
            }
        }
    }

    /// ISO/IEC 18004 mask penalty: runs, 2x2 blocks, finder look-alikes, dark balance.
    fn penalty(&self) -> usize {
        let size = self.size;
        let mut score = 0;
        let line = |get: &dyn Fn(usize) -> bool| -> usize {
            let mut s = 0;
            let mut run = 1;
            for i in 1..size {
                if get(i) == get(i - 1) {
                    run += 1;
                    if run == 5 {
                        s += 3;
                    } else if run > 5 {
                        s += 1;
                    }
                } else {
                    run = 1;
                }
            }
            // 1:1:3:1:1 with four light modules on either side (outside counts as light).
            let at = |i: isize| i >= 0 && (i as usize) < size && get(i as usize);
            for i in -4..size as isize {
                let core = at(i)
                    && !at(i + 1)
                    && at(i + 2)
                    && at(i + 3)
                    && at(i + 4)
                    && !at(i + 5)
                    && at(i + 6);
                if core {
                    let before = (1..=4).all(|k| !at(i - k));
                    let after = (7..=10).all(|k| !at(i + k));
                    if before || after {
                        s += 40;
                    }
                }
            }
            s
        };
        for y in 0..size {
            score += line(&|x| self.get(x, y));
        }
        for x in 0..size {
            score += line(&|y| self.get(x, y));
        }
        for y in 0..size - 1 {
            for x in 0..size - 1 {
                let c = self.get(x, y);
                if c == self.get(x + 1, y) && c == self.get(x, y + 1) && c == self.get(x + 1, y + 1)
                {
                    score += 3;
                }
            }
        }
        let dark = self.modules.iter().filter(|&&m| m).count();
        let total = size * size;
        let k = ((dark * 20).abs_diff(total * 10))
            .div_ceil(total)
            .saturating_sub(1);
        score + k * 10
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxing::common::HybridBinarizer;
    use rxing::qrcode::QRCodeReader;
    use rxing::{BinaryBitmap, Luma8LuminanceSource, Reader};

    /// Draws the symbol as an image (4 px per module, quiet zone) and reads it back with
    /// rxing's decoder.
    fn decode(symbol: &Symbol) -> String {
        let (scale, qz) = (4u32, 4u32);
        let side = (symbol.width + 2 * qz) * scale;
        let mut pixels = vec![255u8; (side * side) as usize];
        for y in 0..symbol.height {
            for x in 0..symbol.width {
                if symbol.is_dark(x, y) {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let px = (x + qz) * scale + dx;
                            let py = (y + qz) * scale + dy;
                            pixels[(py * side + px) as usize] = 0;
                        }
                    }
                }
            }
        }
        let source = Luma8LuminanceSource::new(pixels, side, side).expect("image");
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        QRCodeReader
            .decode(&mut bitmap)
            .expect("decodes")
            .getText()
            .to_owned()
    }

    #[test]
    fn every_version_reads_back() {
        for text in [
            "tel:0647822002",
            "mailto:hanbit-gangnam%40example.kr",
            "https://shop.example/recipes/flounder?from=kiosk&lang=ko",
            &"https://example.kr/".repeat(6),
            &"x".repeat(150),
            &"7".repeat(213),
            "넙치 싱싱회",
        ] {
            let symbol = encode(text).expect("encodes");
            assert_eq!(decode(&symbol), text, "version {}", (symbol.width - 17) / 4);
        }
        assert!(encode(&"x".repeat(214)).is_err());
    }
}
