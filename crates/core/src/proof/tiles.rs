//! C2SP tlog-tiles paths and entry bundles. Tiles have height 8 (256 hashes); a tile
//! path is `tile/<L>/<N>[.p/<W>]` and an entry bundle's `tile/entries/<N>[.p/<W>]`, with
//! N written in 3-digit groups, all but the last prefixed `x` (1234067 → x001/x234/067).
//! An entry bundle is the leaves' bytes, each after its length as a big-endian u16.

use super::ProofError;

pub const TILE_HEIGHT: u8 = 8;
/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// A tile or entry bundle, as its path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TilePath {
    /// Hashes of tree level `level * 8`, tile `index` of that level, `width` of them.
    Hashes { level: u8, index: u64, width: u64 },
    /// Leaves `index * 256 ..` (`width` of them).
    Entries { index: u64, width: u64 },
}

impl TilePath {
    /// Reads a path after `tile/` (e.g. `0/x001/234.p/7`, `entries/000`).
    pub fn parse(path: &str) -> Result<TilePath, ProofError> {
        let bad = || ProofError::TilePath(path.to_string());
        let (kind, rest) = path.split_once('/').ok_or_else(bad)?;
        let (number, width) = match rest.split_once(".p/") {
            Some((n, w)) => {
                let w: u64 = digits(w).ok_or_else(bad)?;
                if !(1..TILE_WIDTH).contains(&w) || w.to_string() != w_text(rest) {
                    return Err(bad());
                }
                (n, w)
            }
            None => (rest, TILE_WIDTH),
        };
        let index = parse_index(number).ok_or_else(bad)?;
        if kind == "entries" {
            return Ok(TilePath::Entries { index, width });
        }
        let level: u8 = digits(kind).ok_or_else(bad)?;
        if level > 63 || level.to_string() != kind {
            return Err(bad());
        }
        Ok(TilePath::Hashes {
            level,
            index,
            width,
        })
    }

    /// The path after `tile/`.
    pub fn path(&self) -> String {
        let (kind, index, width) = match *self {
            TilePath::Hashes {
                level,
                index,
                width,
            } => (level.to_string(), index, width),
            TilePath::Entries { index, width } => ("entries".to_string(), index, width),
        };
        let mut text = format!("{:03}", index % 1000);
        let mut n = index;
        while n >= 1000 {
            n /= 1000;
            text = format!("x{:03}/{text}", n % 1000);
        }
        if width < TILE_WIDTH {
            text.push_str(&format!(".p/{width}"));
        }
        format!("{kind}/{text}")
    }

    pub fn width(&self) -> u64 {
        match *self {
            TilePath::Hashes { width, .. } | TilePath::Entries { width, .. } => width,
        }
    }

    /// A full tile never changes again: it may be cached for ever.
    pub fn is_full(&self) -> bool {
        self.width() == TILE_WIDTH
    }

    /// The tiles at every level (and the entry bundles) of a tree of `size` leaves.
    pub fn all_for(size: u64) -> Vec<TilePath> {
        let mut out = Vec::new();
        let mut level = 0u8;
        let mut count = size;
        while count > 0 {
            out.extend(tiles_of(count).map(|(index, width)| TilePath::Hashes {
                level,
                index,
                width,
            }));
            count /= TILE_WIDTH;
            level += 1;
        }
        out.extend(tiles_of(size).map(|(index, width)| TilePath::Entries { index, width }));
        out
    }
}

fn tiles_of(count: u64) -> impl Iterator<Item = (u64, u64)> {
    (0..count.div_ceil(TILE_WIDTH)).map(move |i| (i, (count - i * TILE_WIDTH).min(TILE_WIDTH)))
}

fn w_text(rest: &str) -> &str {
    rest.rsplit_once(".p/").map_or("", |(_, w)| w)
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `x001/x234/067` → 1234067: every group exactly 3 digits, the first non-zero unless
/// it is the only one (one number, one path).
fn parse_index(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split('/').collect();
    let (last, leading) = groups.split_last()?;
    let mut n: u64 = 0;
    for (i, group) in leading.iter().enumerate() {
        let g = group.strip_prefix('x')?;
        if g.len() != 3 || (i == 0 && g == "000") {
            return None;
        }
        n = n.checked_mul(1000)?.checked_add(digits(g)?)?;
    }
    if last.len() != 3 {
        return None;
    }
    n.checked_mul(1000)?.checked_add(digits(last)?)
}

/// An entry bundle: up to 256 leaves' bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryBundle(pub Vec<Vec<u8>>);

impl EntryBundle {
    pub fn to_bytes(&self) -> Result<Vec<u8>, ProofError> {
        let mut out = Vec::new();
        for entry in &self.0 {
            let len = u16::try_from(entry.len()).map_err(|_| {
                ProofError::EntryBundle(format!("an entry of {} bytes", entry.len()))
            })?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(entry);
        }
        Ok(out)
    }

    pub fn parse(mut bytes: &[u8]) -> Result<EntryBundle, ProofError> {
        let mut entries = Vec::new();
        while !bytes.is_empty() {
            let Some((len, rest)) = bytes.split_first_chunk::<2>() else {
                return Err(ProofError::EntryBundle("a cut length prefix".into()));
            };
            let len = usize::from(u16::from_be_bytes(*len));
            if rest.len() < len {
                return Err(ProofError::EntryBundle("a cut entry".into()));
            }
            entries.push(rest[..len].to_vec());
            bytes = &rest[len..];
        }
        Ok(EntryBundle(entries))
    }
}
