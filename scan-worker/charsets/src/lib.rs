//! A stand-in for `encoding_rs`, built into the decode worker only (through
//! `[patch.crates-io]` in `scan-worker/Cargo.toml`), whose decoders are the browser's.
//!
//! Why it exists: rxing turns the bytes of a QR byte segment, a Kanji segment or a
//! DataMatrix ECI segment into text with `CharacterSet::decode`, which picks an
//! encoding_rs encoding by the symbol's ECI *at run time*. So every encoding_rs decoder
//! and its tables (Big5, GBK/GB18030, JIS X 0208/0212, KS X 1001) were linked into the
//! worker: ~140 kB of its 255 kB gzip, for text most labels never carry. The browser
//! already has all of these: `TextDecoder` implements every encoding of the WHATWG
//! Encoding Standard (the one encoding_rs implements) and exists in workers. This crate
//! offers the part of encoding_rs's API rxing uses (`rxing::common::CharacterSet`: the
//! encoding statics, `Encoding::for_label`, `Encoding::decode`, `Encoding::encode`)
//! with the same results:
//!
//! - UTF-8, UTF-16LE/BE and windows-1252 (which is what ISO-8859-1 means on the web)
//!   are decoded here with `std` (they need no tables, and the common QR texts never
//!   leave WASM);
//! - every other encoding is decoded by a `TextDecoder` with `fatal: true`, so malformed
//!   input is reported as `had_errors` (rxing then drops that reading, as it does with
//!   encoding_rs), and decoded again without `fatal` for the replaced text;
//! - `decode` sniffs a UTF-8 or UTF-16 byte order mark, removes it and decodes with the
//!   encoding it names, returning that encoding, exactly as encoding_rs's `decode`.
//!
//! Encoding is not needed by the decoder: rxing encodes only in its writers, which the
//! worker does not link. `encode` still answers correctly for UTF-8 (and UTF-16, whose
//! output encoding is UTF-8, as in encoding_rs), for windows-1252, and for any input
//! that is all ASCII; other characters in the other encodings are reported as
//! unmappable (`had_errors`, written as `&#N;`, as encoding_rs writes unmappables).
//!
//! Outside a browser (native unit tests, clippy) there is no `TextDecoder`: the
//! browser-decoded encodings then keep ASCII bytes, replace the others with U+FFFD and
//! report `had_errors`, so nothing wrong is ever returned as correct.

use std::borrow::Cow;
use std::fmt;

/// How an encoding is decoded here.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// Decoded by the browser's `TextDecoder`.
    Browser,
}

/// One encoding of the WHATWG Encoding Standard, by its canonical name (which
/// `TextDecoder` also takes as a label).
#[derive(PartialEq, Eq, Hash)]
pub struct Encoding {
    name: &'static str,
    kind: Kind,
}

impl fmt::Debug for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Encoding {{ {} }}", self.name)
    }
}

macro_rules! encodings {
    ($($id:ident = $name:literal, $kind:ident;)*) => {
        $(
            #[doc = concat!("The ", $name, " encoding.")]
            pub static $id: &Encoding = &Encoding { name: $name, kind: Kind::$kind };
        )*
        /// Every encoding defined here, for [`Encoding::for_label`].
        static ALL: &[&&Encoding] = &[$(&$id),*];
    };
}

// The encodings rxing's `CharacterSet` names (ECI 4–30 and its guesses).
encodings! {
    UTF_8 = "UTF-8", Utf8;
    UTF_16LE = "UTF-16LE", Utf16Le;
    UTF_16BE = "UTF-16BE", Utf16Be;
    WINDOWS_1252 = "windows-1252", Windows1252;
    ISO_8859_2 = "ISO-8859-2", Browser;
    ISO_8859_3 = "ISO-8859-3", Browser;
    ISO_8859_4 = "ISO-8859-4", Browser;
    ISO_8859_5 = "ISO-8859-5", Browser;
    ISO_8859_6 = "ISO-8859-6", Browser;
    ISO_8859_7 = "ISO-8859-7", Browser;
    ISO_8859_8 = "ISO-8859-8", Browser;
    ISO_8859_10 = "ISO-8859-10", Browser;
    ISO_8859_13 = "ISO-8859-13", Browser;
    ISO_8859_14 = "ISO-8859-14", Browser;
    ISO_8859_15 = "ISO-8859-15", Browser;
    ISO_8859_16 = "ISO-8859-16", Browser;
    WINDOWS_874 = "windows-874", Browser;
    WINDOWS_1250 = "windows-1250", Browser;
    WINDOWS_1251 = "windows-1251", Browser;
    WINDOWS_1254 = "windows-1254", Browser;
    WINDOWS_1256 = "windows-1256", Browser;
    SHIFT_JIS = "Shift_JIS", Browser;
    EUC_KR = "EUC-KR", Browser;
    GBK = "GBK", Browser;
    GB18030 = "gb18030", Browser;
    BIG5 = "Big5", Browser;
}

/// Labels other than the canonical names: the WHATWG labels of the ASCII/Latin-1 family
/// (rxing asks for `"ascii"`) and the common spellings of UTF-8 and UTF-16. Other
/// WHATWG aliases are not listed, to keep the worker small; nothing in it asks for them.
static ALIASES: &[(&str, &&Encoding)] = &[
    ("ascii", &WINDOWS_1252),
    ("us-ascii", &WINDOWS_1252),
    ("iso-8859-1", &WINDOWS_1252),
    ("latin1", &WINDOWS_1252),
    ("l1", &WINDOWS_1252),
    ("cp1252", &WINDOWS_1252),
    ("utf8", &UTF_8),
    ("utf-16", &UTF_16LE),
    ("sjis", &SHIFT_JIS),
    ("iso-8859-9", &WINDOWS_1254),
    ("iso-8859-11", &WINDOWS_874),
    ("gb2312", &GBK),
];

impl Encoding {
    /// The canonical name (`"UTF-8"`, `"Shift_JIS"`, `"windows-1252"` …).
    pub fn name(&'static self) -> &'static str {
        self.name
    }

    /// The encoding a label names (ASCII case and surrounding ASCII whitespace ignored,
    /// as in the Encoding Standard): the canonical names, and the aliases in `ALIASES`.
    pub fn for_label(label: &[u8]) -> Option<&'static Encoding> {
        let label = label.trim_ascii();
        ALL.iter()
            .map(|e| **e)
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(label))
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(alias, _)| alias.as_bytes().eq_ignore_ascii_case(label))
                    .map(|(_, e)| **e)
            })
    }

    /// The encoding named by a byte order mark at the start of `buffer`, and the BOM's
    /// length.
    pub fn for_bom(buffer: &[u8]) -> Option<(&'static Encoding, usize)> {
        match buffer {
            [0xEF, 0xBB, 0xBF, ..] => Some((UTF_8, 3)),
            [0xFF, 0xFE, ..] => Some((UTF_16LE, 2)),
            [0xFE, 0xFF, ..] => Some((UTF_16BE, 2)),
            _ => None,
        }
    }

    /// The encoding `encode` writes: UTF-8 for UTF-16, as in the Encoding Standard.
    pub fn output_encoding(&'static self) -> &'static Encoding {
        match self.kind {
            Kind::Utf16Le | Kind::Utf16Be => UTF_8,
            _ => self,
        }
    }

    /// Decodes `bytes`, a BOM first switching to the encoding it names (and removed):
    /// the text (malformed sequences replaced by U+FFFD), the encoding used, and whether
    /// anything was malformed.
    pub fn decode<'a>(&'static self, bytes: &'a [u8]) -> (Cow<'a, str>, &'static Encoding, bool) {
        let (encoding, rest) = match Encoding::for_bom(bytes) {
            Some((encoding, bom)) => (encoding, &bytes[bom..]),
            None => (self, bytes),
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        (text, encoding, had_errors)
    }

    /// Decodes `bytes` with this encoding, a BOM being just bytes: the text (malformed
    /// sequences replaced by U+FFFD) and whether anything was malformed.
    pub fn decode_without_bom_handling<'a>(&'static self, bytes: &'a [u8]) -> (Cow<'a, str>, bool) {
        match self.kind {
            Kind::Utf8 => match std::str::from_utf8(bytes) {
                Ok(text) => (Cow::Borrowed(text), false),
                // The same replacement as the Encoding Standard: one U+FFFD per maximal
                // malformed subpart.
                Err(_) => (String::from_utf8_lossy(bytes), true),
            },
            Kind::Utf16Le => utf16(bytes, u16::from_le_bytes),
            Kind::Utf16Be => utf16(bytes, u16::from_be_bytes),
            Kind::Windows1252 => (
                Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
                false,
            ),
            Kind::Browser => match std::str::from_utf8(bytes) {
                // Every encoding here decodes ASCII bytes as themselves: no trip to JS
                // for the common case.
                Ok(text) if text.is_ascii() => (Cow::Borrowed(text), false),
                _ => {
                    let (text, had_errors) = browser::decode(self.name, bytes);
                    (Cow::Owned(text), had_errors)
                }
            },
        }
    }

    /// Encodes `text` in [`Self::output_encoding`]: the bytes, that encoding, and
    /// whether a character could not be encoded (it is then written as `&#N;`).
    ///
    /// Only UTF-8, UTF-16 (as UTF-8), windows-1252 and ASCII text are encoded; other
    /// characters in the browser-decoded encodings are reported as unmappable (the
    /// decode worker never encodes; see the crate's documentation).
    pub fn encode<'a>(&'static self, text: &'a str) -> (Cow<'a, [u8]>, &'static Encoding, bool) {
        let output = self.output_encoding();
        if output.kind == Kind::Utf8 || text.is_ascii() {
            return (Cow::Borrowed(text.as_bytes()), output, false);
        }
        let mut bytes = Vec::with_capacity(text.len());
        let mut had_errors = false;
        for c in text.chars() {
            let byte = if output.kind == Kind::Windows1252 {
                to_windows_1252(c)
            } else {
                u8::try_from(c).ok().filter(u8::is_ascii)
            };
            match byte {
                Some(b) => bytes.push(b),
                None => {
                    had_errors = true;
                    bytes.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes());
                }
            }
        }
        (Cow::Owned(bytes), output, had_errors)
    }
}

/// UTF-16 code units to text, unpaired surrogates and an odd last byte replaced by U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (Cow<'static, str>, bool) {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut had_errors = odd;
    let mut text: String = char::decode_utf16(pairs.map(|p| unit([p[0], p[1]])))
        .map(|c| {
            c.unwrap_or_else(|_| {
                had_errors = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (Cow::Owned(text), had_errors)
}

/// windows-1252's 0x80–0x9F (the rest is ISO-8859-1, one byte one code point). Bytes
/// 0x81, 0x8D, 0x8F, 0x90 and 0x9D map to the C1 controls, as in the Encoding Standard.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn windows_1252(b: u8) -> char {
    match b {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn to_windows_1252(c: char) -> Option<u8> {
    match u32::from(c) {
        0..=0x7F | 0xA0..=0xFF => u8::try_from(c).ok(),
        _ => WINDOWS_1252_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(i + 0x80).ok()),
    }
}

/// What an encoding without a decoder here makes of `bytes`: ASCII kept, every other byte
/// U+FFFD. Always malformed, so never taken for a correct reading.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn ascii_or_replacement(bytes: &[u8]) -> (String, bool) {
    let text = bytes
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                char::REPLACEMENT_CHARACTER
            }
        })
        .collect();
    (text, true)
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use web_sys::{TextDecoder, TextDecoderOptions};

    /// Decodes with `new TextDecoder(label, { fatal: true })`: text and `false` when
    /// well-formed; else the replaced text from a non-fatal decoder and `true`.
    pub fn decode(label: &str, bytes: &[u8]) -> (String, bool) {
        if let Some(Ok(text)) = decoder(label, true).map(|d| d.decode_with_u8_array(bytes)) {
            return (text, false);
        }
        match decoder(label, false).map(|d| d.decode_with_u8_array(bytes)) {
            Some(Ok(text)) => (text, true),
            // A browser without this encoding (none known): nothing trustworthy.
            _ => super::ascii_or_replacement(bytes),
        }
    }

    fn decoder(label: &str, fatal: bool) -> Option<TextDecoder> {
        let options = TextDecoderOptions::new();
        options.set_fatal(fatal);
        TextDecoder::new_with_label_and_options(label, &options).ok()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod browser {
    /// No `TextDecoder` outside a browser (see the crate's documentation).
    pub fn decode(_label: &str, bytes: &[u8]) -> (String, bool) {
        super::ascii_or_replacement(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_when_well_formed() {
        let (text, used, had_errors) = UTF_8.decode("넙치 ヒラメ".as_bytes());
        assert_eq!(text, "넙치 ヒラメ");
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(used, UTF_8);
        assert!(!had_errors);
    }

    #[test]
    fn malformed_utf8_is_replaced_and_reported() {
        // A lone continuation byte, a truncated 3-byte sequence, an overlong encoding.
        let (text, _, had_errors) = UTF_8.decode(b"a\x80b\xE3\x81c\xC0\xAF");
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}");
        assert!(had_errors);
    }

    #[test]
    fn a_bom_switches_the_encoding_and_is_removed() {
        let (text, used, had_errors) = SHIFT_JIS.decode(b"\xEF\xBB\xBFhi \xE2\x82\xAC");
        assert_eq!(
            (text.as_ref(), used, had_errors),
            ("hi \u{20AC}", UTF_8, false)
        );

        let (text, used, had_errors) = WINDOWS_1252.decode(b"\xFF\xFEh\x00\xAC\x20");
        assert_eq!(
            (text.as_ref(), used, had_errors),
            ("h\u{20AC}", UTF_16LE, false)
        );

        let (text, used, had_errors) = UTF_8.decode(b"\xFE\xFF\x00h\xD8\x3D\xDE\x00");
        assert_eq!(
            (text.as_ref(), used, had_errors),
            ("h\u{1F600}", UTF_16BE, false)
        );

        // Only one BOM is removed; a second is text (U+FEFF).
        let (text, used, _) = UTF_8.decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx");
        assert_eq!((text.as_ref(), used), ("\u{FEFF}x", UTF_8));

        // Without BOM handling, a BOM is just bytes.
        let (text, had_errors) = WINDOWS_1252.decode_without_bom_handling(b"\xEF\xBB\xBF");
        assert_eq!((text.as_ref(), had_errors), ("\u{EF}\u{BB}\u{BF}", false));
    }

    #[test]
    fn utf16_reports_unpaired_surrogates_and_odd_length() {
        let (text, _, had_errors) = UTF_16LE.decode(b"a\x00\x00\xD8b\x00");
        assert_eq!((text.as_ref(), had_errors), ("a\u{FFFD}b", true));
        let (text, _, had_errors) = UTF_16BE.decode(b"\x00a\x00");
        assert_eq!((text.as_ref(), had_errors), ("a\u{FFFD}", true));
    }

    #[test]
    fn windows_1252_is_latin1_with_its_own_0x80_to_0x9f() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let (text, had_errors) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        assert!(!had_errors);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars.len(), 256);
        assert_eq!(chars[0x41], 'A');
        assert_eq!(chars[0x80], '€');
        assert_eq!(chars[0x81], '\u{81}');
        assert_eq!(chars[0x9F], 'Ÿ');
        assert_eq!(chars[0xB6], '¶');
        assert_eq!(chars[0xFF], 'ÿ');
        // And back, byte for byte.
        let (again, used, had_errors) = WINDOWS_1252.encode(&text);
        assert_eq!(
            (again.as_ref(), used, had_errors),
            (bytes.as_slice(), WINDOWS_1252, false)
        );
    }

    #[test]
    fn labels_resolve_like_the_encoding_standard() {
        assert_eq!(Encoding::for_label(b"ascii"), Some(WINDOWS_1252));
        assert_eq!(Encoding::for_label(b" ISO-8859-1\n"), Some(WINDOWS_1252));
        assert_eq!(Encoding::for_label(b"shift_jis"), Some(SHIFT_JIS));
        assert_eq!(Encoding::for_label(b"euc-kr"), Some(EUC_KR));
        assert_eq!(Encoding::for_label(b"utf-16"), Some(UTF_16LE));
        assert_eq!(Encoding::for_label(b"iso-8859-9"), Some(WINDOWS_1254));
        assert_eq!(Encoding::for_label(b"klingon"), None);
        assert_eq!(SHIFT_JIS.name(), "Shift_JIS");
    }

    #[test]
    fn encode_utf8_ascii_and_unmappables() {
        let (bytes, used, had_errors) = UTF_16BE.encode("넙치");
        assert_eq!(
            (bytes.as_ref(), used, had_errors),
            ("넙치".as_bytes(), UTF_8, false)
        );

        let (bytes, used, had_errors) = SHIFT_JIS.encode("GTIN 01");
        assert!(matches!(bytes, Cow::Borrowed(_)));
        assert_eq!(
            (bytes.as_ref(), used, had_errors),
            (&b"GTIN 01"[..], SHIFT_JIS, false)
        );

        let (bytes, _, had_errors) = EUC_KR.encode("A넙");
        assert_eq!((bytes.as_ref(), had_errors), (&b"A&#45337;"[..], true));

        let (bytes, _, had_errors) = WINDOWS_1252.encode("€ ✓");
        assert_eq!((bytes.as_ref(), had_errors), (&b"\x80 &#10003;"[..], true));
    }

    #[test]
    fn browser_encodings_pass_ascii_through_and_never_guess_outside_a_browser() {
        let (text, used, had_errors) = EUC_KR.decode(b"MECARD:N:");
        assert_eq!(
            (text.as_ref(), used, had_errors),
            ("MECARD:N:", EUC_KR, false)
        );
        if cfg!(not(target_arch = "wasm32")) {
            let (text, _, had_errors) = SHIFT_JIS.decode(b"a\x82\xa0");
            assert_eq!((text.as_ref(), had_errors), ("a\u{FFFD}\u{FFFD}", true));
        }
    }
}
