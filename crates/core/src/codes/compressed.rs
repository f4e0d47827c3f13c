//! Compressed GS1 Digital Link URIs (GS1 Digital Link: Compression): the element string
//! in binary, written as one base64url path segment. Each element is its AI as 4-bit
//! digits (or a two-hex-digit optimisation code standing for a group of AIs, or `F`
//! for a non-GS1 key=value pair), then its value part by part: a numeric part as one
//! binary number (a variable one after its length), an alphanumeric part after a 3-bit
//! encoding indicator (numeric, lower or upper hex, base64url, 7-bit ASCII) and, if
//! variable, its length. The parts of each AI come from the syntax dictionary (`ai`).
//!
//! Decompressed values are read exactly like the uncompressed form (`digital_link`);
//! the compressor is here too, for labels and resolvers that print the shorter form,
//! so that the bit layout exists once.

use super::ai::{self, AiDef, Cset};
use super::error::{CodeError, CodeErrorKind as K};

/// The URI-safe base64 alphabet of the standard (that of RFC 4648 base64url).
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The standard's optimisation codes: two hex digits, not both decimal, that stand for
/// a common group of AIs whose values then follow in this order.
const OPTIMISATIONS: &[(u8, &[&str])] = &[
    (0x0A, &["01", "22"]),
    (0x0B, &["01", "10"]),
    (0x0C, &["01", "21"]),
    (0x0D, &["01", "17"]),
    (0x0E, &["01", "7003"]),
    (0x0F, &["01", "30"]),
    (0x1A, &["01", "10", "21", "17"]),
    (0x1B, &["01", "15"]),
    (0x1C, &["01", "11"]),
    (0x1D, &["01", "16"]),
    (0x1E, &["01", "91"]),
    (0x1F, &["01", "10", "15"]),
    (0x2A, &["01", "3100"]),
    (0x2B, &["01", "3101"]),
    (0x2C, &["01", "3102"]),
    (0x2D, &["01", "3103"]),
    (0x2E, &["01", "3104"]),
    (0x2F, &["01", "3105"]),
    (0x3A, &["01", "3200"]),
    (0x3B, &["01", "3201"]),
    (0x3C, &["01", "3202"]),
    (0x3D, &["01", "3203"]),
    (0x3E, &["01", "3204"]),
    (0x3F, &["01", "3205"]),
    (0x9A, &["8010", "8011"]),
    (0x9B, &["8017", "8019"]),
    (0x9C, &["8018", "8019"]),
    (0x9D, &["414", "254"]),
    (0xA0, &["01", "3920"]),
    (0xA1, &["01", "3921"]),
    (0xA2, &["01", "3922"]),
    (0xA3, &["01", "3923"]),
    (0xA4, &["01", "3924"]),
    (0xA5, &["01", "3925"]),
    (0xA6, &["01", "3926"]),
    (0xA7, &["01", "3927"]),
    (0xA8, &["01", "3928"]),
    (0xA9, &["01", "3929"]),
    (0xC0, &["255", "3900"]),
    (0xC1, &["255", "3901"]),
    (0xC2, &["255", "3902"]),
    (0xC3, &["255", "3903"]),
    (0xC4, &["255", "3904"]),
    (0xC5, &["255", "3905"]),
    (0xC6, &["255", "3906"]),
    (0xC7, &["255", "3907"]),
    (0xC8, &["255", "3908"]),
    (0xC9, &["255", "3909"]),
    (0xCA, &["255", "3940"]),
    (0xCB, &["255", "3941"]),
    (0xCC, &["255", "3942"]),
    (0xCD, &["255", "3943"]),
];

/// Hex digit that flags a non-GS1 key=value pair.
const NON_GS1: u64 = 0xF;

/// The most characters of a non-GS1 key or value (a 7-bit length).
const NON_GS1_MAX: usize = 127;

/// One part of an AI value as the compression encodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    numeric: bool,
    /// Fixed length (no length indicator), or the maximum of a variable length.
    len: usize,
    fixed: bool,
}

/// The parts of `def`'s value: its dictionary components, neighbours of one kind
/// joined (a fixed length followed by a fixed length of the same kind is one fixed
/// length, optional or variable ones are one variable length), as the standard's table
/// lists them (8008 is N8 then N..4, 8003 N14 then X..16).
fn parts(def: &AiDef) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::with_capacity(def.comps.len());
    for c in def.comps {
        let part = Part {
            numeric: c.cset == Cset::Num,
            len: usize::from(c.max),
            fixed: !c.optional && c.min == c.max,
        };
        match out.last_mut() {
            Some(prev) if prev.numeric == part.numeric && prev.fixed == part.fixed => {
                prev.len += part.len;
            }
            _ => out.push(part),
        }
    }
    out
}

/// Bits of a length indicator for at most `max` characters: ceil(log2(max) + 0.01),
/// the standard's formula.
fn length_bits(max: usize) -> usize {
    ((max as f64).log2() + 0.01).ceil() as usize
}

/// Bits of an `n`-digit number: ceil(n·log2(10) + 0.01), the standard's formula (one
/// bit for no digits).
fn value_bits(n: usize) -> usize {
    (n as f64 * std::f64::consts::LOG2_10 + 0.01).ceil() as usize
}

/// The AI/value pairs of a compressed path segment, in the order encoded.
pub(crate) type Pairs = Vec<(String, String)>;

/// Reads bits, most significant first, from base64url characters.
struct BitReader<'a> {
    sextets: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn remaining(&self) -> usize {
        self.sextets.len() * 6 - self.pos
    }

    fn bit(&mut self) -> Option<u8> {
        let s = self.sextets.get(self.pos / 6)?;
        let b = (s >> (5 - self.pos % 6)) & 1;
        self.pos += 1;
        Some(b)
    }

    /// The next `n` (at most 64) bits as a number.
    fn take(&mut self, n: usize) -> Option<u64> {
        if n > self.remaining() {
            return None;
        }
        (0..n).try_fold(0u64, |acc, _| Some(acc << 1 | u64::from(self.bit()?)))
    }

    /// The next `n` bits, most significant first (a number of any size).
    fn take_bits(&mut self, n: usize) -> Option<Vec<u8>> {
        if n > self.remaining() {
            return None;
        }
        (0..n).map(|_| self.bit()).collect()
    }
}

/// Why decoding stopped, before it is known whether the segment was meant as data.
struct Broken(String);

fn broken<T>(why: impl Into<String>) -> Result<T, Broken> {
    Err(Broken(why.into()))
}

/// The AI/value pairs of a compressed path segment; its non-GS1 key=value pairs are
/// resolver parameters, like a query's `linkType`, and not data. `Ok(None)` when
/// the segment is not compressed data (a page name such as `about`): it is not
/// base64url, or its bits break off before a primary key was read. Once a valid
/// primary key has been read, broken data is `bad_compressed`.
pub(crate) fn decompress(seg: &str, year: i32) -> Result<Option<Pairs>, CodeError> {
    let sextets: Option<Vec<u8>> = seg
        .bytes()
        .map(|b| BASE64URL.iter().position(|&c| c == b).map(|i| i as u8))
        .collect();
    let Some(sextets) = sextets.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let mut r = BitReader {
        sextets: &sextets,
        pos: 0,
    };
    let mut out = Pairs::new();
    let mut keyed = false;
    let result = read_all(&mut r, &mut out, &mut keyed, year);
    match result {
        Ok(()) if out.is_empty() => Ok(None),
        Ok(()) => Ok(Some(out)),
        Err(_) if !keyed => Ok(None),
        Err(Broken(why)) => Err(CodeError::new(
            K::BadCompressed,
            format!(
                "the compressed GS1 Digital Link is damaged at character {} of \"{seg}\": {why}",
                (r.pos / 6 + 1).min(seg.len())
            ),
        )
        .with_rule("dl-compression")),
    }
}

fn read_all(
    r: &mut BitReader<'_>,
    out: &mut Pairs,
    keyed: &mut bool,
    year: i32,
) -> Result<(), Broken> {
    // Up to five zero bits pad the data to whole base64url characters.
    while r.remaining() > 5 {
        let (Some(h1), Some(h2)) = (r.take(4), r.take(4)) else {
            return broken("it ends inside an Application Identifier");
        };
        let ais: Vec<&'static AiDef> = if h1 <= 9 && h2 <= 9 {
            vec![read_ai(r, h1 * 10 + h2)?]
        } else if let Some((_, group)) = OPTIMISATIONS
            .iter()
            .find(|(code, _)| u64::from(*code) == h1 << 4 | h2)
        {
            group.iter().filter_map(|a| ai::lookup(a)).collect()
        } else if h1 == NON_GS1 {
            let Some(len) = r.take(3).map(|low| h2 << 3 | low) else {
                return broken("it ends inside a non-GS1 key");
            };
            read_chars(r, 3, len as usize)?;
            read_alphanumeric(r, NON_GS1_MAX, false)?;
            continue;
        } else {
            return broken(format!("{h1:X}{h2:X} is not an optimisation code"));
        };
        for def in ais {
            let value = read_value(r, def)?;
            if def.dlpkey.is_some() && ai::validate(def, &value, year).is_ok() {
                *keyed = true;
            }
            out.push((def.ai.to_string(), value));
        }
    }
    if r.take(r.remaining()) != Some(0) {
        return broken("its padding bits are not zero");
    }
    Ok(())
}

/// The AI whose first two digits are `first`: further 4-bit digits until it is one the
/// dictionary defines (AIs are a prefix-free code).
fn read_ai(r: &mut BitReader<'_>, first: u64) -> Result<&'static AiDef, Broken> {
    let mut code = format!("{first:02}");
    loop {
        if let Some(def) = ai::lookup(&code) {
            return Ok(def);
        }
        if code.len() == 4 {
            return broken(format!("({code}) is not a GS1 Application Identifier"));
        }
        match r.take(4) {
            Some(d) if d <= 9 => code.push(char::from(b'0' + d as u8)),
            Some(_) => return broken(format!("an AI starting {code} has a digit above 9")),
            None => return broken("it ends inside an Application Identifier"),
        }
    }
}

fn read_value(r: &mut BitReader<'_>, def: &AiDef) -> Result<String, Broken> {
    let mut value = String::new();
    for part in parts(def) {
        let got = match (part.numeric, part.fixed) {
            (true, true) => read_number(r, part.len),
            (true, false) => {
                let n = read_length(r, part.len)?;
                read_number(r, n)
            }
            (false, fixed) => read_alphanumeric(r, part.len, fixed),
        };
        value.push_str(&got.map_err(|Broken(why)| Broken(format!("({}) {why}", def.ai)))?);
    }
    Ok(value)
}

fn read_length(r: &mut BitReader<'_>, max: usize) -> Result<usize, Broken> {
    match r.take(length_bits(max)) {
        Some(n) if n as usize <= max => Ok(n as usize),
        Some(n) => broken(format!("has a length of {n}, above its {max}")),
        None => broken("ends inside a length"),
    }
}

/// An `n`-digit number. Leading zeros are restored from `n` (the prototype drops them
/// from variable-length values; the digit count is in the data, so they are kept).
fn read_number(r: &mut BitReader<'_>, n: usize) -> Result<String, Broken> {
    let Some(bits) = r.take_bits(value_bits(n)) else {
        return broken("ends inside a number");
    };
    if n == 0 {
        return Ok(String::new());
    }
    let digits = bits_to_decimal(&bits);
    if digits.len() > n {
        return broken(format!("holds a number of more than {n} digits"));
    }
    Ok(format!("{digits:0>n$}"))
}

/// An alphanumeric part: its encoding indicator, its length if variable, its characters.
fn read_alphanumeric(r: &mut BitReader<'_>, len: usize, fixed: bool) -> Result<String, Broken> {
    let Some(enc) = r.take(3) else {
        return broken("ends inside an encoding indicator");
    };
    let n = if fixed { len } else { read_length(r, len)? };
    read_chars(r, enc, n)
}

fn read_chars(r: &mut BitReader<'_>, enc: u64, n: usize) -> Result<String, Broken> {
    let (bits, alphabet): (usize, Option<&[u8]>) = match enc {
        0 => return read_number(r, n),
        1 | 2 => (4, Some(HEX)),
        3 => (6, Some(BASE64URL)),
        4 => (7, None),
        _ => return broken(format!("has the reserved encoding indicator {enc}")),
    };
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        let Some(v) = r.take(bits) else {
            return broken("ends inside a value");
        };
        let c = match alphabet {
            Some(a) => a.get(v as usize).copied().unwrap_or(b'?'),
            None => v as u8,
        };
        s.push(char::from(if enc == 1 {
            c.to_ascii_lowercase()
        } else {
            c
        }));
    }
    Ok(s)
}

// Numbers of up to 90 digits go through schoolbook base conversion rather than a bignum
// crate: a general one (num-bigint) weighed several kB gzip in every app that reads codes,
// for two loops over at most 90 digits and 300 bits.

/// The decimal digits of the number whose bits (most significant first) are given; "0"
/// for none or all zero.
fn bits_to_decimal(bits: &[u8]) -> String {
    // Little-endian decimal digits: doubled and carried once per bit.
    let mut digits: Vec<u8> = vec![0];
    for &bit in bits {
        let mut carry = bit;
        for d in digits.iter_mut() {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

/// The bits of a decimal number, most significant first, without leading zeros (none for
/// zero or an empty string); `None` when a character is not a digit.
fn decimal_to_bits(digits: &str) -> Option<Vec<u8>> {
    let mut decimal: Vec<u8> = digits
        .bytes()
        .map(|c| c.is_ascii_digit().then(|| c - b'0'))
        .collect::<Option<_>>()?;
    let mut bits = Vec::new();
    // Halved digit by digit; the remainders are the bits, least significant first.
    while decimal.iter().any(|&d| d != 0) {
        let mut rest = 0;
        for d in decimal.iter_mut() {
            let v = rest * 10 + *d;
            *d = v / 2;
            rest = v % 2;
        }
        bits.push(rest);
    }
    bits.reverse();
    Some(bits)
}

/// Writes bits, most significant first.
#[derive(Default)]
struct BitWriter {
    bits: Vec<u8>,
}

impl BitWriter {
    fn put(&mut self, v: u64, n: usize) {
        self.bits.extend((0..n).rev().map(|i| ((v >> i) & 1) as u8));
    }

    fn put_number(&mut self, digits: &str, n: usize) -> Result<(), CodeError> {
        let bits = decimal_to_bits(digits).ok_or_else(|| not_encodable(digits))?;
        let width = value_bits(n);
        if bits.len() > width {
            return Err(not_encodable(digits));
        }
        self.bits.extend(std::iter::repeat_n(0, width - bits.len()));
        self.bits.extend(bits);
        Ok(())
    }

    fn put_alphanumeric(&mut self, s: &str, length: Option<usize>) -> Result<(), CodeError> {
        let b = s.as_bytes();
        // The tightest encoding the characters allow, in the prototype's order.
        let enc: u64 = if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
            0
        } else if !b.is_empty() && b.iter().all(|c| HEX.contains(c)) {
            2
        } else if !b.is_empty() && b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
            1
        } else if !b.is_empty() && b.iter().all(|c| BASE64URL.contains(c)) {
            3
        } else if b.is_ascii() {
            4
        } else {
            return Err(not_encodable(s));
        };
        self.put(enc, 3);
        if let Some(max) = length {
            self.put(b.len() as u64, length_bits(max));
        }
        if enc == 0 {
            return self.put_number(s, b.len());
        }
        for &c in b {
            match enc {
                1 | 2 => self.put(index(HEX, c.to_ascii_uppercase()), 4),
                3 => self.put(index(BASE64URL, c), 6),
                _ => self.put(u64::from(c), 7),
            }
        }
        Ok(())
    }

    fn base64url(&self) -> String {
        self.bits
            .chunks(6)
            .map(|c| {
                let v = (0..6).fold(0usize, |a, i| a << 1 | usize::from(c.get(i) == Some(&1)));
                char::from(BASE64URL.get(v).copied().unwrap_or(b'A'))
            })
            .collect()
    }
}

fn index(alphabet: &[u8], c: u8) -> u64 {
    alphabet.iter().position(|&a| a == c).unwrap_or(0) as u64
}

fn not_encodable(v: &str) -> CodeError {
    CodeError::new(
        K::BadCharset,
        format!("\"{v}\" cannot be written in a compressed GS1 Digital Link"),
    )
    .with_rule("dl-compression")
}

/// The compressed path segment of validated AI/value pairs: the largest optimisation
/// codes that apply first, then the other AIs in code order (as GS1's prototype does,
/// so both write the same segment).
pub(crate) fn compress(pairs: &[(String, String)]) -> Result<String, CodeError> {
    let mut left: Vec<&(String, String)> = pairs.iter().collect();
    left.sort_by(|a, b| a.0.cmp(&b.0));
    let mut w = BitWriter::default();
    loop {
        let has = |a: &&str| left.iter().any(|(ai, _)| ai == a);
        let best = OPTIMISATIONS
            .iter()
            .filter(|(_, group)| group.iter().all(has))
            .fold(None::<&(u8, &[&str])>, |best, o| {
                let saved = |o: &(u8, &[&str])| o.1.iter().map(|a| a.len()).sum::<usize>();
                match best {
                    Some(b) if saved(b) >= saved(o) => Some(b),
                    _ => Some(o),
                }
            });
        let Some((code, group)) = best else { break };
        w.put(u64::from(*code), 8);
        for a in group.iter() {
            if let Some(i) = left.iter().position(|(ai, _)| ai == a) {
                let (ai, v) = left.remove(i);
                put_value(&mut w, ai, v)?;
            }
        }
    }
    for (ai, v) in left {
        for d in ai.bytes() {
            w.put(u64::from(d.wrapping_sub(b'0')), 4);
        }
        put_value(&mut w, ai, v)?;
    }
    Ok(w.base64url())
}

fn put_value(w: &mut BitWriter, ai: &str, value: &str) -> Result<(), CodeError> {
    let def = ai::lookup(ai).ok_or_else(|| {
        CodeError::new(
            K::UnknownAi,
            format!("({ai}) is not a GS1 Application Identifier"),
        )
    })?;
    let mut rest = value;
    for part in parts(def) {
        let take = if part.fixed {
            part.len
        } else {
            part.len.min(rest.len())
        };
        let (now, after) = rest
            .split_at_checked(take)
            .ok_or_else(|| not_encodable(value))?;
        rest = after;
        match (part.numeric, part.fixed) {
            (true, true) => w.put_number(now, part.len)?,
            (true, false) => {
                w.put(now.len() as u64, length_bits(part.len));
                w.put_number(now, now.len())?;
            }
            (false, fixed) => w.put_alphanumeric(now, (!fixed).then_some(part.len))?,
        }
    }
    if !rest.is_empty() {
        return Err(not_encodable(value));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_convert_between_decimal_and_bits_both_ways() {
        use super::{bits_to_decimal, decimal_to_bits};
        assert_eq!(decimal_to_bits("0"), Some(vec![]));
        assert_eq!(decimal_to_bits(""), Some(vec![]));
        assert_eq!(decimal_to_bits("6"), Some(vec![1, 1, 0]));
        assert_eq!(decimal_to_bits("1_0"), None);
        assert_eq!(bits_to_decimal(&[]), "0");
        assert_eq!(bits_to_decimal(&[0, 0, 1, 1, 0]), "6");
        // u64 range checked against the machine's own arithmetic, then 90 digits.
        for n in [1u64, 9, 10, 255, 1 << 40, u64::MAX] {
            let bits = decimal_to_bits(&n.to_string()).expect("digits");
            assert_eq!(bits.iter().fold(0u64, |a, &b| a << 1 | u64::from(b)), n);
            assert_eq!(bits_to_decimal(&bits), n.to_string());
        }
        let big = "9".repeat(90);
        let bits = decimal_to_bits(&big).expect("digits");
        assert_eq!(bits.len(), 299);
        assert_eq!(bits_to_decimal(&bits), big);
    }

    use super::*;

    #[test]
    fn bit_counts_follow_the_standard_formulas() {
        assert_eq!(value_bits(0), 1);
        assert_eq!(value_bits(1), 4);
        assert_eq!(value_bits(6), 20);
        assert_eq!(value_bits(14), 47);
        // 59 digits: 59·log2(10) = 195.99…; the formula's +0.01 gives 197, not 196.
        assert_eq!(value_bits(59), 197);
        assert_eq!(length_bits(20), 5);
        assert_eq!(length_bits(16), 5);
        assert_eq!(length_bits(8), 4);
        assert_eq!(length_bits(90), 7);
    }

    #[test]
    fn parts_join_like_the_standard_table() {
        let p = |a: &str| {
            parts(ai::lookup(a).unwrap())
                .iter()
                .map(|p| (p.numeric, p.fixed, p.len))
                .collect::<Vec<_>>()
        };
        assert_eq!(p("01"), [(true, true, 14)]);
        assert_eq!(p("10"), [(false, false, 20)]);
        assert_eq!(p("8008"), [(true, true, 8), (true, false, 4)]);
        assert_eq!(p("8003"), [(true, true, 14), (false, false, 16)]);
        assert_eq!(p("253"), [(true, true, 13), (false, false, 17)]);
        assert_eq!(p("7040"), [(true, true, 1), (false, true, 3)]);
    }

    #[test]
    fn optimisation_codes_name_defined_ais() {
        for (code, group) in OPTIMISATIONS {
            assert!(code >> 4 > 9 || code & 15 > 9, "{code:02X} is an AI prefix");
            assert!(group.iter().all(|a| ai::lookup(a).is_some()), "{code:02X}");
        }
    }

    #[test]
    fn words_are_not_compressed_data() {
        for seg in [
            "about",
            "index.html",
            "t",
            "AAAA",
            "dQw4w9WgXcQ",
            "",
            "a%20b",
        ] {
            assert_eq!(decompress(seg, 2026), Ok(None), "{seg}");
        }
    }
}
