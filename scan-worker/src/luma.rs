//! Grey images as the decoder reads them, and the resizing done before reading: camera
//! frames arrive as their luma plane (see `feed.rs`), photos and bitmaps through a canvas.

/// A rectangle of an image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// An 8-bit grey image, rows top to bottom, `w` bytes each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Luma {
    pub data: Vec<u8>,
    pub w: u32,
    pub h: u32,
}

impl Luma {
    /// Half the size, each pixel the mean of a 2x2 block; `None` when too small to read.
    pub fn halved(&self) -> Option<Luma> {
        let (w, h) = (self.w / 2, self.h / 2);
        if w < 21 || h < 21 {
            return None;
        }
        let src = self.w as usize;
        let mut data = Vec::with_capacity(w as usize * h as usize);
        for y in 0..h as usize {
            let (top, bottom) = (2 * y * src, (2 * y + 1) * src);
            for x in 0..w as usize {
                let at = |i: usize| u32::from(self.data[i]);
                let sum = at(top + 2 * x)
                    + at(top + 2 * x + 1)
                    + at(bottom + 2 * x)
                    + at(bottom + 2 * x + 1);
                data.push(((sum + 2) / 4) as u8);
            }
        }
        Some(Luma { data, w, h })
    }

    /// Double the size, bilinear (pixel centres kept where they were).
    pub fn doubled(&self) -> Luma {
        let (w, h) = (self.w * 2, self.h * 2);
        let (sw, sh) = (self.w as usize, self.h as usize);
        let mut data = Vec::with_capacity(w as usize * h as usize);
        // Output pixel 2i+1 lies a quarter pixel right of source pixel i, 2i a quarter
        // left: each is 3/4 of its nearest source pixel and 1/4 of the next one over.
        let near = |i: usize, n: usize| -> (usize, usize) {
            let s = i / 2;
            let other = if i % 2 == 0 {
                s.saturating_sub(1)
            } else {
                (s + 1).min(n - 1)
            };
            (s, other)
        };
        for y in 0..h as usize {
            let (y0, y1) = near(y, sh);
            for x in 0..w as usize {
                let (x0, x1) = near(x, sw);
                let p = |xx: usize, yy: usize| u32::from(self.data[yy * sw + xx]);
                let sum = 9 * p(x0, y0) + 3 * p(x1, y0) + 3 * p(x0, y1) + p(x1, y1);
                data.push(((sum + 8) / 16) as u8);
            }
        }
        Luma { data, w, h }
    }
}

impl Luma {
    /// The pixels of `region` (clamped to the image).
    pub fn crop(&self, region: Region) -> Luma {
        let x = region.x.min(self.w);
        let y = region.y.min(self.h);
        let w = region.w.min(self.w - x);
        let h = region.h.min(self.h - y);
        let mut data = Vec::with_capacity(w as usize * h as usize);
        for row in y..y + h {
            let at = row as usize * self.w as usize + x as usize;
            data.extend_from_slice(&self.data[at..at + w as usize]);
        }
        Luma { data, w, h }
    }

    /// The image with its longer side at most `max_side`: halved (2x2 means) while it is
    /// twice too large or more, then resampled bilinearly to [`fitted`]'s size — so thin
    /// bars are averaged, not skipped.
    pub fn fit(self, max_side: u32) -> Luma {
        let mut img = self;
        while img.w.max(img.h) >= max_side.saturating_mul(2) {
            match img.halved() {
                Some(half) => img = half,
                None => break,
            }
        }
        let (w, h) = fitted(img.w, img.h, max_side);
        if (w, h) == (img.w, img.h) {
            return img;
        }
        img.resampled(w, h)
    }

    /// Bilinear resampling to `w` x `h` (pixel centres mapped onto pixel centres).
    fn resampled(&self, w: u32, h: u32) -> Luma {
        let (sw, sh) = (self.w as usize, self.h as usize);
        // 16.16 fixed point: source coordinate of each output pixel centre.
        let axis = |n: u32, src: usize| -> Vec<(usize, usize, u32)> {
            let step = ((src as u64) << 16) / u64::from(n.max(1));
            (0..u64::from(n))
                .map(|i| {
                    let centre = (i * step + step / 2).saturating_sub(1 << 15);
                    let at = ((centre >> 16) as usize).min(src - 1);
                    let next = (at + 1).min(src - 1);
                    (at, next, ((centre & 0xffff) >> 8) as u32)
                })
                .collect()
        };
        let (xs, ys) = (axis(w, sw), axis(h, sh));
        let mut data = Vec::with_capacity(w as usize * h as usize);
        for &(y0, y1, fy) in &ys {
            let (r0, r1) = (&self.data[y0 * sw..][..sw], &self.data[y1 * sw..][..sw]);
            for &(x0, x1, fx) in &xs {
                let top = u32::from(r0[x0]) * (256 - fx) + u32::from(r0[x1]) * fx;
                let bottom = u32::from(r1[x0]) * (256 - fx) + u32::from(r1[x1]) * fx;
                data.push(((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16) as u8);
            }
        }
        Luma { data, w, h }
    }
}

/// `w` x `h` scaled so the longer side is at most `max_side` (rounded, at least one
/// pixel, so extreme aspect ratios stay valid); unchanged when it already fits.
pub fn fitted(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let longer = w.max(h).max(1);
    if longer <= max_side {
        return (w.max(1), h.max(1));
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(max_side) + u64::from(longer) / 2) / u64::from(longer)).max(1)
            as u32
    };
    (scale(w), scale(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: u32, h: u32) -> Luma {
        let data = (0..h)
            .flat_map(|y| (0..w).map(move |x| ((x * 7 + y * 3) % 256) as u8))
            .collect();
        Luma { data, w, h }
    }

    #[test]
    fn crop_takes_the_region_and_clamps_to_the_image() {
        let img = gradient(10, 6);
        let c = img.crop(Region {
            x: 2,
            y: 1,
            w: 3,
            h: 2,
        });
        assert_eq!((c.w, c.h), (3, 2));
        assert_eq!(c.data, vec![17, 24, 31, 20, 27, 34]);
        let edge = img.crop(Region {
            x: 8,
            y: 4,
            w: 5,
            h: 5,
        });
        assert_eq!((edge.w, edge.h), (2, 2));
        assert_eq!(edge.data[0], img.data[4 * 10 + 8]);
    }

    #[test]
    fn fit_keeps_images_that_fit_and_shrinks_the_rest_to_the_bound() {
        let small = gradient(640, 360);
        assert_eq!(small.clone().fit(1280), small);
        for (w, h) in [(1920, 1080), (3840, 2160), (1281, 720), (4000, 3)] {
            let f = gradient(w, h).fit(1280);
            assert_eq!((f.w, f.h), fitted(w, h, 1280), "{w}x{h}");
            assert_eq!(f.data.len(), (f.w * f.h) as usize);
        }
    }

    #[test]
    fn resampling_keeps_flat_areas_and_edges() {
        // Left half black, right half white: after a 1.5x shrink the halves stay
        // black and white, with at most one grey column between.
        let (w, h) = (1920, 8);
        let data = (0..h)
            .flat_map(|_| (0..w).map(|x| if x < w / 2 { 0 } else { 255 }))
            .collect();
        let f = Luma { data, w, h }.fit(1280);
        assert_eq!(f.w, 1280);
        let row = &f.data[..1280];
        assert!(row[..639].iter().all(|&v| v == 0));
        assert!(row[641..].iter().all(|&v| v == 255));
    }

    #[test]
    fn fitted_rounds_and_never_reaches_zero() {
        assert_eq!(fitted(1920, 1080, 1280), (1280, 720));
        assert_eq!(fitted(100, 50, 1280), (100, 50));
        assert_eq!(fitted(10_000, 1, 1280), (1280, 1));
    }
}
