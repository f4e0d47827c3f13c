//! Identification codes: whatever a camera, a kiosk scanner or a person types becomes a
//! precise [`Identification`], or a [`CodeError`] saying exactly why not.
//!
//! Reads GS1 Digital Link URIs (also compressed), GS1 element strings (FNC1/GS-separated,
//! with or without symbology identifier, or parenthesised), GTIN-8/12/13/14, SSCC, the
//! Korean guideline's 13-digit lot number, EPC URIs and the app's `/t/<code>` short
//! links; writes each back in its canonical forms ([`write`] functions, [`LotKey`]) and
//! produces label symbols ([`label`]).
//!
//! GS1 forms are read exactly as strictly as the GS1 General Specifications, the GS1
//! Barcode Syntax Dictionary (compiled from `data/gs1-syntax-dictionary.txt` by
//! `build.rs`) and the GS1 Digital Link URI Syntax say; `tests/codes_gs1_reference.rs`
//! (crate `gs1-reference`) compares this reader with GS1's own Barcode Syntax Engine.
//!
//! Six-digit dates take their century from the sliding window of the General
//! Specifications (7.12) around the current year: [`identify_at`] is given the year;
//! [`identify`] reads it from the clock, the one clock read of this module.

mod ai;
mod check_digit;
mod compressed;
mod country;
mod digital_link;
mod element_string;
mod epc;
mod error;
pub mod label;
mod lint;
mod lot13;
pub mod typed;
mod write;

use serde::{Deserialize, Serialize};

pub use check_digit::{
    gs1_check_digit, normalize_gtin, validate_gln, validate_sscc, verify_check_digit,
};
pub use country::country_name;
pub use epc::{epc_lgtin_uri, epc_pgln_uri, epc_sgln_uri, epc_sgtin_uri, epc_sscc_uri, party_gln};
pub use error::{CodeError, CodeErrorKind};
pub use lot13::Lot13;
pub use write::{
    to_compressed_digital_link, to_digital_link, to_element_string, to_epc_uri,
    to_gs1_element_string, GS,
};

/// Inputs longer than this are rejected before any parsing: no label carries more
/// (a QR Digital Link is at most a few hundred bytes) and it bounds the work per scan.
pub const MAX_INPUT_BYTES: usize = 2048;

/// How deep a short link may nest another code (`/t/<code>` whose code is a short link).
const MAX_NESTING: u8 = 2;

/// Which hosts' Digital Links and short links are ours or trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolverConfig {
    /// `host[:port]`, compared case-insensitively, e.g. `"id.gs1.org"`,
    /// `"127.0.0.1:8080"`. A scheme prefix or trailing slash in an entry is ignored.
    pub trusted_hosts: Vec<String>,
}

impl ResolverConfig {
    pub fn new<I, S>(hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ResolverConfig {
            trusted_hosts: hosts.into_iter().map(Into::into).collect(),
        }
    }

    /// Is `authority` (`host[:port]`, as in the URL) trusted for `scheme`?
    pub fn is_trusted(&self, scheme: &str, authority: &str) -> bool {
        let default_port = if scheme.eq_ignore_ascii_case("https") {
            ":443"
        } else {
            ":80"
        };
        let wanted = bare_host(authority, default_port);
        !wanted.is_empty()
            && self
                .trusted_hosts
                .iter()
                .any(|t| bare_host(t, default_port).eq_ignore_ascii_case(wanted))
    }
}

/// `host[:port]` without scheme, trailing slashes or the scheme's default port ("host:443"
/// on https is the same origin as "host"). Borrowed: this runs on every scanned URL.
fn bare_host<'a>(h: &'a str, default_port: &str) -> &'a str {
    let h = h.trim();
    let h = h.split_once("://").map_or(h, |(_, rest)| rest);
    let h = h.trim_end_matches('/');
    h.strip_suffix(default_port).unwrap_or(h)
}

/// What form the input had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    DigitalLink,
    ElementString,
    Gtin,
    Sscc,
    Gln,
    Lot13,
    EpcUri,
    ShortLink,
    ExternalLink,
}

/// A date AI (11, 12, 13, 15, 16, 17) as an ISO 8601 date. The century of YYMMDD is
/// the GS1 sliding window's (General Specifications 7.12); a day of 00, which GS1 allows
/// in these AIs for "no day given", gives a month: `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AiDate {
    pub ai: String,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the code gives no day.
    pub date: String,
}

/// One reading of a scanned or typed code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identification {
    pub kind: Kind,
    /// GTIN, always 14 digits.
    pub gtin: Option<String>,
    /// AI 10.
    pub lot: Option<String>,
    /// AI 21.
    pub serial: Option<String>,
    pub sscc: Option<String>,
    pub gln: Option<String>,
    pub lot13: Option<Lot13>,
    pub dates: Vec<AiDate>,
    /// AI 310n.
    pub net_weight_kg: Option<f64>,
    /// Every other AI, in the order read, value verbatim.
    pub other_ais: Vec<(String, String)>,
    /// False for URLs whose host is not trusted: the app must not follow them by itself.
    pub trusted: bool,
    /// The URL, when `kind` is `external_link`.
    pub external_url: Option<String>,
    /// Other readings of the same input, best first.
    pub alternatives: Vec<Identification>,
}

impl Identification {
    /// An empty identification of `kind` (trusted, no data), to fill in before writing.
    pub fn new(kind: Kind) -> Self {
        Identification {
            kind,
            gtin: None,
            lot: None,
            serial: None,
            sscc: None,
            gln: None,
            lot13: None,
            dates: Vec::new(),
            net_weight_kg: None,
            other_ais: Vec::new(),
            trusted: true,
            external_url: None,
            alternatives: Vec::new(),
        }
    }

    /// The lot this reading names, if any: GTIN + lot, else SSCC, else a 13-digit lot.
    pub fn lot_key(&self) -> Option<LotKey> {
        if let (Some(gtin), Some(lot)) = (&self.gtin, &self.lot) {
            return Some(LotKey::Gtin {
                gtin: gtin.clone(),
                lot: lot.clone(),
            });
        }
        if let Some(sscc) = &self.sscc {
            return Some(LotKey::Sscc(sscc.clone()));
        }
        self.lot13.as_ref().map(|l| LotKey::Lot13(l.digits.clone()))
    }

    /// This reading and its alternatives, best first.
    pub fn readings(&self) -> impl Iterator<Item = &Identification> {
        std::iter::once(self).chain(self.alternatives.iter())
    }
}

/// The identity of a lot, as stored and as referenced by EPCIS events.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LotKey {
    Gtin { gtin: String, lot: String },
    Lot13(String),
    Sscc(String),
}

/// The GS1 resolver host used in EPCIS identifiers (EPCIS 2.0 accepts Digital Links).
const GS1_ID_HOST: &str = "https://id.gs1.org";

impl LotKey {
    /// Canonical storage key: `01/{gtin14}/10/{lot, percent-encoded as in a Digital
    /// Link}`, `00/{sscc}` or `lot13/{digits}`.
    pub fn key(&self) -> String {
        match self {
            LotKey::Gtin { gtin, lot } => format!("01/{gtin}/10/{}", dl_encode(lot)),
            LotKey::Sscc(s) => format!("00/{s}"),
            LotKey::Lot13(d) => format!("lot13/{d}"),
        }
    }

    /// Inverse of [`LotKey::key`]; `None` for anything else or invalid data.
    pub fn parse_key(s: &str) -> Option<LotKey> {
        let parts: Vec<&str> = s.split('/').collect();
        match parts.as_slice() {
            ["01", gtin, "10", lot] => {
                let lot = pct_decode(lot).ok()?;
                LotKey::gtin_lot(gtin, &lot).ok()
            }
            ["00", sscc] => validate_sscc(sscc).ok().map(LotKey::Sscc),
            ["lot13", d] => Lot13::parse(d).ok().map(|l| LotKey::Lot13(l.digits)),
            _ => None,
        }
    }

    /// A validated GTIN + lot key (GTIN-8/12/13/14 accepted, stored as 14 digits).
    pub fn gtin_lot(gtin: &str, lot: &str) -> Result<LotKey, CodeError> {
        let gtin = normalize_gtin(gtin)?;
        if let Some(def) = ai::lookup("10") {
            ai::validate(def, lot, 2000)?;
        }
        Ok(LotKey::Gtin {
            gtin,
            lot: lot.to_string(),
        })
    }

    /// The URI used as epcClass / EPC in EPCIS events.
    pub fn epc_class_uri(&self) -> String {
        match self {
            LotKey::Gtin { .. } | LotKey::Sscc(_) => self.digital_link(GS1_ID_HOST),
            LotKey::Lot13(d) => format!("urn:lottrace:lot13:{d}"),
        }
    }

    /// Accepts a Digital Link (any host) with 01+10 or 00, `urn:epc:class:lgtin`,
    /// `urn:epc:id:sscc` and `urn:lottrace:lot13`. Instance identifiers (a serial) give
    /// `None`: they name one item, not a lot.
    pub fn from_epc_uri(uri: &str) -> Option<LotKey> {
        let uri = uri.trim();
        if uri.len() > MAX_INPUT_BYTES {
            return None;
        }
        let id = if digital_link::split_url(uri).is_some() {
            let parts = digital_link::split_url(uri)?.ok()?;
            let year = current_year();
            match digital_link::parse_path(parts.path, parts.query, year).ok()? {
                digital_link::PathKind::Pairs(pairs)
                | digital_link::PathKind::Compressed(Ok(pairs)) => {
                    from_pairs(Kind::DigitalLink, &pairs, year).ok()?
                }
                _ => return None,
            }
        } else {
            epc::parse_urn(uri).ok()?
        };
        if id.serial.is_some() {
            return None;
        }
        id.lot_key()
    }

    /// The Digital Link on `host_base` (e.g. `https://lottrace.example`). A 13-digit lot
    /// has no GS1 key, so it gets the app's short link `/t/urn:lottrace:lot13:{digits}`.
    pub fn digital_link(&self, host_base: &str) -> String {
        let base = host_base.trim_end_matches('/');
        match self {
            LotKey::Lot13(_) => format!("{base}/t/{}", self.epc_class_uri()),
            _ => format!("{base}/{}", self.key()),
        }
    }

    /// Parenthesised element string; a 13-digit lot (no GS1 form) gives its digits.
    pub fn element_string(&self) -> String {
        match self {
            LotKey::Gtin { gtin, lot } => format!("(01){gtin}(10){lot}"),
            LotKey::Sscc(s) => format!("(00){s}"),
            LotKey::Lot13(d) => d.clone(),
        }
    }
}

/// `'x'` for printable characters, `U+0007` otherwise, for error messages.
pub(crate) fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}'")
    }
}

/// Percent-encodes like a GS1 Digital Link: everything but RFC 3986 unreserved characters.
pub(crate) fn dl_encode(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Strict percent-decoding: a `%` must start two hex digits, and the result must be UTF-8.
pub(crate) fn pct_decode(s: &str) -> Result<String, CodeError> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |j: usize| b.get(j).and_then(|h| char::from(*h).to_digit(16));
            match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    // Two hex digits make at most 255.
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                _ => {
                    return Err(CodeError::new(
                        CodeErrorKind::BadPercentEncoding,
                        format!("'%' at position {} does not start a %XX escape", i + 1),
                    )
                    .with_rule("uri")
                    .at(i + 1))
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| {
        CodeError::new(
            CodeErrorKind::BadUtf8,
            "percent-decoded text is not valid UTF-8",
        )
    })
}

/// The current year (UTC), for the GS1 sliding century window of YYMMDD dates.
pub fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

/// Identifies a scanned or typed code; six-digit dates are read around this year.
pub fn identify(input: &str, cfg: &ResolverConfig) -> Result<Identification, CodeError> {
    identify_inner(input, cfg, 0, current_year())
}

/// Identifies a code with six-digit dates read around `year` (GS1 General
/// Specifications 7.12: at most 49 years back, 50 ahead).
pub fn identify_at(
    input: &str,
    cfg: &ResolverConfig,
    year: i32,
) -> Result<Identification, CodeError> {
    identify_inner(input, cfg, 0, year)
}

/// Identifies raw decoder output, which may not be UTF-8.
pub fn identify_bytes(input: &[u8], cfg: &ResolverConfig) -> Result<Identification, CodeError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(too_long(input.len()));
    }
    match std::str::from_utf8(input) {
        Ok(s) => identify(s, cfg),
        Err(e) => {
            let at = e.valid_up_to();
            let byte = input.get(at).copied().unwrap_or(0);
            Err(CodeError::new(
                CodeErrorKind::BadUtf8,
                format!("input is not valid UTF-8: byte 0x{byte:02X} at offset {at}"),
            )
            .at(at + 1))
        }
    }
}

fn too_long(n: usize) -> CodeError {
    CodeError::new(
        CodeErrorKind::TooLong,
        format!("input is {n} bytes long; at most {MAX_INPUT_BYTES} bytes are accepted"),
    )
    .expecting(MAX_INPUT_BYTES.to_string())
}

/// Surrounding characters that keyboard-wedge scanners and people add. Not
/// `char::is_whitespace`, which would also strip a leading GS (FNC1).
fn is_padding(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{A0}' | '\u{FEFF}')
}

fn identify_inner(
    input: &str,
    cfg: &ResolverConfig,
    depth: u8,
    year: i32,
) -> Result<Identification, CodeError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(too_long(input.len()));
    }
    let s = input.trim_matches(is_padding);
    if s.is_empty() {
        return Err(CodeError::new(
            CodeErrorKind::Empty,
            "nothing to identify: the input is empty",
        ));
    }
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| c.is_control() && c != GS) {
        let at = s.get(..i).map_or(0, |p| p.chars().count()) + 1;
        return Err(CodeError::new(
            CodeErrorKind::ControlChar,
            format!("control character {} at position {at}", describe_char(c)),
        )
        .at(at));
    }
    if starts_with_ci(s, "http://") || starts_with_ci(s, "https://") {
        return digital_link::identify_url(s, cfg, depth, year);
    }
    if starts_with_ci(s, "urn:") {
        return epc::parse_urn(s);
    }
    if s.starts_with('(') {
        let pairs = element_string::parse_hri(s, year)?;
        return from_pairs(Kind::ElementString, &pairs, year);
    }
    if let Some(rest) = s.strip_prefix(']') {
        return symbology(rest, cfg, depth, year);
    }
    if s.contains(GS) {
        if s.chars().all(|c| c == GS) {
            return Err(lone_separator());
        }
        // Without a symbology identifier, one leading GS stands for the FNC1 in first
        // position that marks GS1 data.
        let body = s.strip_prefix(GS).unwrap_or(s);
        if body.starts_with(GS) {
            return Err(CodeError::new(
                CodeErrorKind::MisplacedSeparator,
                "two FNC1 separators at the start: only one marks GS1 data",
            )
            .with_rule("fnc1")
            .at(2));
        }
        let pairs = element_string::parse_fnc1(body, year)?;
        return from_pairs(Kind::ElementString, &pairs, year);
    }
    identify_plain(s, year)
}

fn lone_separator() -> CodeError {
    CodeError::new(
        CodeErrorKind::LoneSeparator,
        "the input holds only FNC1/GS separators and no data",
    )
    .with_rule("fnc1")
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Input after a `]` symbology identifier (ISO/IEC 15424).
fn symbology(
    rest: &str,
    cfg: &ResolverConfig,
    depth: u8,
    year: i32,
) -> Result<Identification, CodeError> {
    let mut chars = rest.chars();
    let (Some(sym), Some(modifier)) = (chars.next(), chars.next()) else {
        return Err(CodeError::new(
            CodeErrorKind::BadSymbologyId,
            "incomplete symbology identifier: ']' must be followed by a letter and a modifier",
        )
        .with_rule("symbology")
        .at(1));
    };
    let body = chars.as_str();
    let id = format!("]{sym}{modifier}");
    // GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR, GS1 DotCode: AI element strings,
    // the FNC1 in first position implied by the identifier.
    let gs1 = matches!(
        (sym, modifier),
        ('C', '1') | ('e', '0') | ('d', '2') | ('Q', '3') | ('J', '1')
    );
    if gs1 {
        if body.is_empty() {
            return Err(CodeError::new(
                CodeErrorKind::Empty,
                format!("symbology identifier {id} with no data"),
            ));
        }
        if body.chars().all(|c| c == GS) {
            return Err(lone_separator());
        }
        if body.starts_with(GS) {
            return Err(CodeError::new(
                CodeErrorKind::MisplacedSeparator,
                format!(
                    "{id} already stands for the FNC1 in first position: no FNC1 may follow it"
                ),
            )
            .with_rule("fnc1")
            .at(4));
        }
        if body.starts_with('(') {
            return Err(CodeError::new(
                CodeErrorKind::BadElementString,
                format!("{id} carries the element string itself, not its parenthesised form"),
            )
            .with_rule("symbology")
            .at(4));
        }
        let pairs = element_string::parse_fnc1(body, year)?;
        return from_pairs(Kind::ElementString, &pairs, year);
    }
    // EAN-13 / UPC-A (]E0, 13 digits) and EAN-8 (]E4): a GTIN whose check digit must hold.
    if sym == 'E' && matches!(modifier, '0' | '4') {
        let n = if modifier == '0' { 13 } else { 8 };
        if body.len() != n || !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::new(
                CodeErrorKind::BadSymbologyId,
                format!(
                    "{id} ({}) carries exactly {n} digits, not \"{body}\"",
                    if n == 13 { "EAN-13 / UPC-A" } else { "EAN-8" }
                ),
            )
            .with_rule("symbology")
            .expecting(n.to_string()));
        }
        return gtin_reading(body);
    }
    if depth >= MAX_NESTING {
        return Err(CodeError::new(
            CodeErrorKind::UnknownFormat,
            "too many nested prefixes",
        ));
    }
    // Plain Code 128, QR, DataMatrix…: the data itself is another form (URL, lot13…).
    identify_inner(body, cfg, depth + 1, year)
}

/// Digits (typed or from a linear symbol) and anything else without a prefix.
fn identify_plain(s: &str, year: i32) -> Result<Identification, CodeError> {
    // People type GTINs in groups ("880 1234 56789 3"): ignore spaces and hyphens.
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if all_digits {
        match digits.len() {
            8 | 12 | 14 => return gtin_reading(&digits),
            13 => return thirteen(&digits),
            18 => {
                let sscc = validate_sscc(&digits)?;
                let mut id = Identification::new(Kind::Sscc);
                id.sscc = Some(sscc);
                return Ok(id);
            }
            n if digits.len() == s.len() => {
                return element_string::parse_fnc1(s, year)
                    .and_then(|pairs| from_pairs(Kind::ElementString, &pairs, year))
                    .map_err(|e| {
                        // Specific codes only when the digits start like a GS1 key string.
                        let keyed = ["00", "01", "02", "414"].iter().any(|k| s.starts_with(k));
                        CodeError {
                            code: if keyed { e.code } else { CodeErrorKind::UnknownFormat },
                            message: format!(
                                "{n} digits are not a GTIN (8, 12, 13 or 14 digits), an SSCC (18), a 13-digit lot number or a GS1 element string: {}",
                                e.message
                            ),
                            ..e
                        }
                    });
            }
            _ => {}
        }
    }
    if ai::ai_prefix(s).is_some() {
        // Starts with an AI: GS1 data whose FNC1 in first position the decoder dropped.
        let pairs = element_string::parse_fnc1(s, year)?;
        return from_pairs(Kind::ElementString, &pairs, year);
    }
    Err(CodeError::new(
        CodeErrorKind::UnknownFormat,
        "not a recognised code: expected a GS1 Digital Link, a GS1 element string, a GTIN, an SSCC, a 13-digit lot number, an EPC URI or a short link",
    ))
}

fn gtin_reading(digits: &str) -> Result<Identification, CodeError> {
    let mut id = Identification::new(Kind::Gtin);
    id.gtin = Some(normalize_gtin(digits)?);
    Ok(id)
}

/// 13 digits: a GTIN-13 or a guideline lot number. A valid check digit ranks the GTIN
/// first (a random 13-digit lot number has a 1-in-10 chance of one).
fn thirteen(digits: &str) -> Result<Identification, CodeError> {
    let gtin = gtin_reading(digits);
    let lot = Lot13::parse(digits).map(|l| {
        let mut id = Identification::new(Kind::Lot13);
        id.lot13 = Some(l);
        id
    });
    match (gtin, lot) {
        (Ok(mut g), Ok(l)) => {
            g.alternatives.push(l);
            Ok(g)
        }
        (Ok(g), Err(_)) => Ok(g),
        (Err(_), Ok(l)) => Ok(l),
        (Err(ge), Err(le)) => Err(CodeError {
            message: format!(
                "13 digits are neither a GTIN-13 ({}) nor a 13-digit lot number ({})",
                ge.message, le.message
            ),
            ..ge
        }),
    }
}

/// Exact powers of ten for the decimal-point digit of measure AIs (310n: n = 0..5).
pub(crate) const POW10: [f64; 6] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0];

/// Builds an identification from AI/value pairs already validated one by one: checks
/// repeats and the dictionary's pairing rules, then sorts values into fields.
pub(crate) fn from_pairs(
    kind: Kind,
    pairs: &[(String, String)],
    year: i32,
) -> Result<Identification, CodeError> {
    let mut seen: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
    for (ai, v) in pairs {
        match seen.iter().find(|(a, _)| a == ai) {
            Some((_, prev)) if prev != v => {
                return Err(CodeError::new(
                    CodeErrorKind::ConflictingAi,
                    format!("AI ({ai}) appears twice with different values: {prev} and {v}"),
                )
                .with_ai(ai)
                .with_rule("repeat"))
            }
            Some(_) => {}
            None => seen.push((ai, v)),
        }
    }
    // Digital Link values come unvalidated (element string readers validate each field
    // as they split it): check each against its AI.
    if kind == Kind::DigitalLink {
        for (ai, v) in &seen {
            if let Some(def) = ai::lookup(ai) {
                ai::validate(def, v, year)?;
            }
        }
    }
    ai::check_pairings(&seen)?;
    let mut id = Identification::new(kind);
    for (ai, v) in seen {
        match ai {
            "01" => id.gtin = Some(v.to_string()),
            "10" => id.lot = Some(v.to_string()),
            "21" => id.serial = Some(v.to_string()),
            "00" => id.sscc = Some(v.to_string()),
            "414" => id.gln = Some(v.to_string()),
            "11" | "12" | "13" | "15" | "16" | "17" => {
                let date = ai::yymmd0_to_iso(v, year).ok_or_else(|| {
                    CodeError::new(
                        CodeErrorKind::BadDate,
                        format!("AI ({ai}) date {v} is not YYMMDD"),
                    )
                    .with_ai(ai)
                })?;
                id.dates.push(AiDate {
                    ai: ai.to_string(),
                    date,
                });
            }
            _ if ai.len() == 4 && ai.starts_with("310") => {
                let decimals = ai.as_bytes().get(3).map_or(0, |b| b.wrapping_sub(b'0'));
                let raw: f64 = v
                    .parse::<u32>()
                    .map_err(|_| {
                        CodeError::new(
                            CodeErrorKind::BadCharset,
                            format!("AI ({ai}) net weight {v} is not a number"),
                        )
                        .with_ai(ai)
                    })?
                    .into();
                let scale = POW10.get(decimals as usize).copied().unwrap_or(1.0);
                id.net_weight_kg = Some(raw / scale);
            }
            _ => id.other_ais.push((ai.to_string(), v.to_string())),
        }
    }
    Ok(id)
}

/// What the GS1 table says about one Application Identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AiInfo {
    pub ai: &'static str,
    /// GS1 data title, e.g. "BATCH/LOT".
    pub title: &'static str,
    pub min_len: usize,
    pub max_len: usize,
    /// Pre-defined length: never followed by FNC1.
    pub predefined_length: bool,
    /// Allowed as a Digital Link data attribute (query string).
    pub dl_data_attribute: bool,
    /// A Digital Link primary key.
    pub dl_primary_key: bool,
}

/// The GS1 table entry of `ai` (exact digits), if defined.
pub fn ai_info(ai: &str) -> Option<AiInfo> {
    // (The table itself: `ai::AI_TABLE`, compiled from the dictionary release below.)
    ai::lookup(ai).map(|d| AiInfo {
        ai: d.ai,
        title: d.title,
        min_len: d.min_len(),
        max_len: d.max_len(),
        predefined_length: d.predefined,
        dl_data_attribute: d.dl_attr,
        dl_primary_key: d.dlpkey.is_some(),
    })
}

/// The `Release:` of the GS1 Barcode Syntax Dictionary compiled in (`UNSET` for a
/// dictionary taken from its repository between releases).
pub fn syntax_dictionary_release() -> &'static str {
    ai::DICTIONARY_RELEASE
}
