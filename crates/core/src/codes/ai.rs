//! The GS1 Application Identifier table, compiled by `build.rs` from the GS1 Barcode
//! Syntax Dictionary in `data/`, and the validation of AI values and of whole messages
//! against it: each component's character set and length, the linters the dictionary
//! names, the `req` and `ex` pairing rules, and the Digital Link key-qualifier paths.

use super::describe_char;
use super::error::{CodeError, CodeErrorKind as K};
use super::lint::{self, Lint};

/// Character set of one component of an AI value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cset {
    /// `N`: digits.
    Num,
    /// `X`: GS1 AI encodable character set 82.
    Cset82,
    /// `Y`: GS1 AI encodable character set 39.
    Cset39,
    /// `Z`: base64url, with `=` padding (digital signatures).
    Cset64,
}

#[derive(Debug)]
pub(crate) struct Comp {
    pub cset: Cset,
    pub min: u8,
    pub max: u8,
    pub optional: bool,
    pub linters: &'static [Lint],
}

#[derive(Debug)]
pub(crate) struct AiDef {
    pub ai: &'static str,
    /// `*`: pre-defined length, never followed by an FNC1 separator.
    pub predefined: bool,
    /// `?`: may be a Digital Link data attribute (query string).
    pub dl_attr: bool,
    pub comps: &'static [Comp],
    /// Each `req=` attribute must hold: one of its alternatives, all AIs of which (an
    /// `n` in a pattern matches any digit) are present.
    pub req: &'static [&'static [&'static [&'static str]]],
    /// `ex=`: AIs or patterns this AI may not stand with.
    pub ex: &'static [&'static str],
    /// `dlpkey`: a Digital Link primary key, with its alternative qualifier sequences.
    pub dlpkey: Option<&'static [&'static [&'static str]]>,
    pub title: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/ai_table.rs"));

impl AiDef {
    pub(crate) fn min_len(&self) -> usize {
        self.comps
            .iter()
            .filter(|c| !c.optional)
            .map(|c| usize::from(c.min))
            .sum()
    }

    pub(crate) fn max_len(&self) -> usize {
        self.comps.iter().map(|c| usize::from(c.max)).sum()
    }

    /// Total length when the value length is fixed.
    #[cfg(test)]
    pub(crate) fn fixed_len(&self) -> Option<usize> {
        let fixed = self.comps.iter().all(|c| !c.optional && c.min == c.max);
        fixed.then(|| self.min_len())
    }

    /// "(01) GTIN", for error messages.
    pub(crate) fn label(&self) -> String {
        format!("({}) {}", self.ai, self.title)
    }

    /// Name used in check-digit errors ("check digit of GTIN should be 3").
    fn key_name(&self) -> &'static str {
        match self.ai {
            "00" => "SSCC",
            "01" | "02" | "03" | "8006" | "8026" => "GTIN",
            "410" | "411" | "412" | "413" | "414" | "415" | "416" | "417" => "GLN",
            "8017" | "8018" => "GSRN",
            _ => self.title,
        }
    }
}

/// The definition of AI `ai` (exact digits), if GS1 defines it.
pub(crate) fn lookup(ai: &str) -> Option<&'static AiDef> {
    let i = AI_TABLE.binary_search_by(|d| d.ai.cmp(ai)).ok()?;
    AI_TABLE.get(i)
}

/// The AI that `s` starts with. GS1 AIs form a prefix-free code, so at most one of the
/// 2-, 3- and 4-digit prefixes is defined.
pub(crate) fn ai_prefix(s: &str) -> Option<&'static AiDef> {
    (2..=4).find_map(|n| {
        let p = s.get(..n)?;
        if p.bytes().all(|b| b.is_ascii_digit()) {
            lookup(p)
        } else {
            None
        }
    })
}

pub(crate) fn is_cset82(c: u8) -> bool {
    matches!(c, b'!' | b'"' | b'%'..=b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}

fn in_cset(cset: Cset, c: u8) -> bool {
    match cset {
        Cset::Num => c.is_ascii_digit(),
        Cset::Cset82 => is_cset82(c),
        Cset::Cset39 => matches!(c, b'#' | b'-' | b'/' | b'0'..=b'9' | b'A'..=b'Z'),
        Cset::Cset64 => c.is_ascii_alphanumeric() || c == b'-' || c == b'_',
    }
}

fn cset_name(cset: Cset) -> &'static str {
    match cset {
        Cset::Num => "digits only",
        Cset::Cset82 => "characters of GS1 character set 82",
        Cset::Cset39 => "characters of GS1 character set 39",
        Cset::Cset64 => "base64url characters",
    }
}

fn cset_rule(cset: Cset) -> &'static str {
    match cset {
        Cset::Num => "csetnumeric",
        Cset::Cset82 => "cset82",
        Cset::Cset39 => "cset39",
        Cset::Cset64 => "cset64",
    }
}

/// Displays "(10) BATCH/LOT" without allocating until used.
struct Label<'a>(&'a AiDef);

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}) {}", self.0.ai, self.0.title)
    }
}

fn at_ai(def: &AiDef, e: CodeError) -> CodeError {
    e.with_ai(def.ai)
}

/// Validates `value` as the data of `def`, as the GS1 Barcode Syntax Engine does: the
/// total length, then each component in turn (its length, character set and linters).
/// `year` is the current year, for the century of YYMMDD dates. Errors name the AI, the
/// rule and the 1-based position within the value.
pub(crate) fn validate(def: &AiDef, value: &str, year: i32) -> Result<(), CodeError> {
    // Formatted only when an error is built: validation is on the scan hot path.
    let label = Label(def);
    if value.is_empty() {
        return Err(at_ai(
            def,
            CodeError::new(K::EmptyValue, format!("{label} has no data")).with_rule("length"),
        ));
    }
    let n = value.chars().count();
    let (min, max) = (def.min_len(), def.max_len());
    let unit = if def.comps.iter().all(|c| c.cset == Cset::Num) {
        "digits"
    } else {
        "characters"
    };
    let length = |code, msg: String, want: String| {
        Err(at_ai(
            def,
            CodeError::new(code, msg)
                .with_rule("length")
                .expecting(want),
        ))
    };
    if min == max && n != min {
        let code = if n > max { K::TooLong } else { K::TooShort };
        return length(
            code,
            format!("{label} must be exactly {min} {unit}, got {n}"),
            min.to_string(),
        );
    }
    if n > max {
        return length(
            K::TooLong,
            format!("{label} is {n} {unit} long; at most {max} allowed"),
            format!("..{max}"),
        );
    }
    if n < min {
        return length(
            K::TooShort,
            format!("{label} is {n} {unit} long; at least {min} required"),
            format!("{min}.."),
        );
    }
    if !value.is_ascii() {
        // No GS1 character set has a non-ASCII character.
        let (i, c) = value
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii())
            .unwrap_or((0, '?'));
        let cset = def.comps.first().map_or(Cset::Cset82, |c| c.cset);
        return Err(charset_error(def, cset, c, i + 1));
    }
    let b = value.as_bytes();
    let mut pos = 0usize;
    for comp in def.comps {
        let complen = (b.len() - pos).min(usize::from(comp.max));
        if comp.optional && complen == 0 {
            continue;
        }
        if complen < usize::from(comp.min) {
            return length(
                K::TooShort,
                format!(
                    "{label} is too short: a part of it needs {} {unit}",
                    comp.min
                ),
                min.to_string(),
            );
        }
        let part = b.get(pos..pos + complen).unwrap_or(&[]);
        // Base64url may end in up to two `=`, on a length that is a multiple of 3.
        let pads = if comp.cset == Cset::Cset64 {
            part.iter().rev().take_while(|&&c| c == b'=').count()
        } else {
            0
        };
        if pads > 2 || (pads > 0 && part.len() % 3 != 0) {
            return Err(at_ai(
                def,
                CodeError::new(
                    K::BadCharset,
                    format!(
                        "{label} has {pads} '=' padding characters where base64url allows them"
                    ),
                )
                .with_rule("cset64")
                .at(pos + part.len() - pads + 1),
            ));
        }
        let body = part.get(..part.len() - pads).unwrap_or(&[]);
        if let Some(i) = body.iter().position(|&c| !in_cset(comp.cset, c)) {
            let c = char::from(part.get(i).copied().unwrap_or(b'?'));
            return Err(charset_error(def, comp.cset, c, pos + i + 1));
        }
        for &l in comp.linters {
            if let Err(f) = lint::run(l, part, year) {
                return Err(lint_error(def, value, pos, part, l, f));
            }
        }
        pos += complen;
    }
    if pos < b.len() {
        return length(
            K::TooLong,
            format!("{label} has {} extra characters", b.len() - pos),
            max.to_string(),
        );
    }
    Ok(())
}

/// `c` at 1-based `at` of `def`'s value is outside the character set `cset`.
fn charset_error(def: &AiDef, cset: Cset, c: char, at: usize) -> CodeError {
    at_ai(
        def,
        CodeError::new(
            K::BadCharset,
            format!(
                "{} allows {}; found {} at position {at}",
                Label(def),
                cset_name(cset),
                describe_char(c)
            ),
        )
        .with_rule(cset_rule(cset))
        .at(at),
    )
}

fn lint_error(
    def: &AiDef,
    value: &str,
    pos: usize,
    part: &[u8],
    l: Lint,
    f: lint::Finding,
) -> CodeError {
    let label = Label(def);
    let at = pos + f.pos + 1;
    let shown = String::from_utf8_lossy(part);
    let message = match (f.kind, l) {
        (K::CheckDigit, Lint::Csum) => format!(
            "check digit of {} should be {}, not {} ({value})",
            def.key_name(),
            f.why,
            char::from(part.last().copied().unwrap_or(b'?'))
        ),
        (K::CheckDigit, Lint::Csumalpha) => {
            format!("check characters of {label} should be {} ({value})", f.why)
        }
        (K::BadDate, _) => format!("{label} date {shown} is impossible: {}", f.why),
        (K::BadTime, _) => format!("{label} time {shown} is impossible: {}", f.why),
        _ => format!(
            "{label} value {value} is not valid at position {at}: {}",
            f.why
        ),
    };
    let mut e = CodeError::new(f.kind, message)
        .with_ai(def.ai)
        .with_rule(l.name())
        .at(at);
    if f.kind == K::CheckDigit {
        e = e.expecting(f.why);
    }
    e
}

/// YYMMDD (as validated) to ISO 8601: `YYYY-MM-DD`, or `YYYY-MM` when DD is 00 (GS1:
/// no day given). The century follows the sliding window of GS1 General
/// Specifications 7.12 around `year`.
pub(crate) fn yymmd0_to_iso(v: &str, year: i32) -> Option<String> {
    if v.len() != 6 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: u32 = v.get(..2)?.parse().ok()?;
    let y = lint::full_year(yy, year);
    let (m, d) = (v.get(2..4)?, v.get(4..6)?);
    Some(if d == "00" {
        format!("{y:04}-{m}")
    } else {
        format!("{y:04}-{m}-{d}")
    })
}

/// ISO `YYYY-MM-DD` or `YYYY-MM` (no day: DD = 00) to YYMMDD. The century is not
/// written: it is implied by the sliding window when read back.
pub(crate) fn iso_to_yymmdd(iso: &str) -> Option<String> {
    let b = iso.as_bytes();
    let month_only = b.len() == 7;
    if !(b.len() == 10 || month_only) || b.get(4) != Some(&b'-') {
        return None;
    }
    if !month_only && b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m) = (iso.get(..4)?, iso.get(5..7)?);
    let d = if month_only { "00" } else { iso.get(8..10)? };
    if ![y, m, d]
        .iter()
        .all(|p| p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (yy, mm, dd): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&mm) || (!month_only && (dd == 0 || dd > lint::days_in_month(yy, mm))) {
        return None;
    }
    Some(format!("{}{m}{d}", y.get(2..)?))
}

/// Does AI `ai` match the dictionary pattern `pat` (`n` matches any digit)?
pub(crate) fn ai_matches(pat: &str, ai: &str) -> bool {
    pat.len() == ai.len()
        && pat
            .bytes()
            .zip(ai.bytes())
            .all(|(p, a)| p == a || (p == b'n' && a.is_ascii_digit()))
}

/// Alternatives of AI sequences as a person reads them, "(01)+(21), (03)": each
/// sequence's AIs joined by `within`, the sequences by `between`; empty ones left out.
fn show_alternatives(alts: &[&[&str]], within: &str, between: &str) -> String {
    alts.iter()
        .filter(|alt| !alt.is_empty())
        .map(|alt| {
            alt.iter()
                .map(|a| format!("({a})"))
                .collect::<Vec<_>>()
                .join(within)
        })
        .collect::<Vec<_>>()
        .join(between)
}

/// Checks the dictionary's mandatory (`req=`) and invalid (`ex=`) pairings over a whole
/// message (`ais` are all the AIs present, each once), and that a digital signature
/// (8030) signs a serialised key. An AI is never its own partner or exclusion.
pub(crate) fn check_pairings(ais: &[(&str, &str)]) -> Result<(), CodeError> {
    let present = |pat: &str, me: &str| ais.iter().any(|(o, _)| *o != me && ai_matches(pat, o));
    for (ai, _) in ais {
        let Some(def) = lookup(ai) else { continue };
        for pat in def.ex {
            if let Some((other, _)) = ais.iter().find(|(o, _)| o != ai && ai_matches(pat, o)) {
                let other_label = lookup(other).map_or_else(|| format!("({other})"), AiDef::label);
                return Err(CodeError::new(
                    K::InvalidPairing,
                    format!("{} cannot be combined with {other_label}", def.label()),
                )
                .with_ai(ai)
                .with_rule("ex")
                .expecting(format!("no ({other})")));
            }
        }
        for group in def.req {
            let ok = group
                .iter()
                .any(|alt| alt.iter().all(|need| present(need, ai)));
            if !ok {
                let wanted = show_alternatives(group, "+", ", ");
                return Err(CodeError::new(
                    K::MissingAi,
                    format!("{} needs one of {wanted} in the same code", def.label()),
                )
                .with_ai(ai)
                .with_rule("req")
                .expecting(wanted));
            }
        }
    }
    if ais.iter().any(|(a, _)| *a == "8030") {
        for (ai, v) in ais {
            if matches!(*ai, "253" | "255" | "8003") {
                if let Some(def) = lookup(ai) {
                    if v.len() == def.min_len() {
                        return Err(CodeError::new(
                            K::MissingAi,
                            format!(
                                "{} must carry its serial component when signed by (8030)",
                                def.label()
                            ),
                        )
                        .with_ai(ai)
                        .with_rule("req"));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Is `seq` (primary key first, then qualifiers in path order) a valid Digital Link
/// path: the key alone, or the key with an in-order selection of one of its qualifier
/// sequences?
pub(crate) fn is_valid_dl_path(seq: &[&str]) -> bool {
    let Some((key, quals)) = seq.split_first() else {
        return false;
    };
    let Some(seqs) = lookup(key).and_then(|d| d.dlpkey) else {
        return false;
    };
    if quals.is_empty() {
        return true;
    }
    seqs.iter().any(|s| {
        let mut it = s.iter();
        quals.iter().all(|q| it.any(|a| a == q))
    })
}

/// The qualifier sequences allowed after `key`, shown as "(22)/(10)/(21) or (235)".
pub(crate) fn dl_orders(key: &AiDef) -> String {
    show_alternatives(key.dlpkey.unwrap_or(&[]), "/", " or ")
}

/// Every qualifier AI of `key`.
pub(crate) fn dl_qualifiers(key: &AiDef) -> impl Iterator<Item = &'static str> {
    key.dlpkey
        .unwrap_or(&[])
        .iter()
        .flat_map(|s| s.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_prefix_free() {
        for w in AI_TABLE.windows(2) {
            assert!(w[0].ai < w[1].ai, "{} !< {}", w[0].ai, w[1].ai);
        }
        for a in AI_TABLE {
            for b in AI_TABLE {
                assert!(
                    a.ai == b.ai || !b.ai.starts_with(a.ai),
                    "{} prefixes {}",
                    a.ai,
                    b.ai
                );
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(ai_prefix("0108801234567893").map(|d| d.ai), Some("01"));
        assert_eq!(ai_prefix("3103001250").map(|d| d.ai), Some("3103"));
        assert_eq!(ai_prefix("414123").map(|d| d.ai), Some("414"));
        assert!(ai_prefix("05").is_none());
        assert_eq!(lookup("10").and_then(|d| d.fixed_len()), None);
        assert_eq!(lookup("17").and_then(|d| d.fixed_len()), Some(6));
        assert_eq!(lookup("8006").and_then(|d| d.fixed_len()), Some(18));
    }

    #[test]
    fn validation_errors() {
        let v = |ai: &str, s: &str| validate(lookup(ai).unwrap(), s, 2026);
        assert!(v("10", "L240513A").is_ok());
        assert_eq!(v("10", &"A".repeat(21)).unwrap_err().code, "too_long");
        assert_eq!(v("10", "A B").unwrap_err().code, "bad_charset");
        assert_eq!(v("10", "é").unwrap_err().code, "bad_charset");
        assert!(v("17", "251200").is_ok());
        assert!(v("17", "240229").is_ok());
        assert_eq!(v("17", "251301").unwrap_err().code, "bad_date");
        assert_eq!(v("17", "250229").unwrap_err().code, "bad_date");
        // DD = 00 only where the dictionary says yymmd0.
        assert_eq!(v("7006", "250200").unwrap_err().code, "bad_date");
        assert_eq!(v("422", "410").map_err(|e| e.code), Ok(()));
        let e = v("422", "999").unwrap_err();
        assert_eq!(
            (e.code, e.rule, e.position),
            (K::BadCountry, Some("iso3166"), Some(1))
        );
        assert!(v("423", "410156392").is_ok());
        assert_eq!(v("423", "410156399").unwrap_err().position, Some(7));
        assert_eq!(v("423", "4101563921").unwrap_err().code, "too_short");
        assert!(v("8008", "25123123").is_ok());
        assert!(v("8008", "2512312359").is_ok());
        assert_eq!(v("8008", "25123124").unwrap_err().code, "bad_time");
        assert_eq!(v("8008", "2512312360").unwrap_err().code, "bad_time");
        assert_eq!(yymmd0_to_iso("240200", 2026).as_deref(), Some("2024-02"));
        assert_eq!(yymmd0_to_iso("780101", 2026).as_deref(), Some("1978-01-01"));
        assert_eq!(yymmd0_to_iso("760101", 2026).as_deref(), Some("2076-01-01"));
        assert_eq!(iso_to_yymmdd("2025-12-31").as_deref(), Some("251231"));
        assert_eq!(iso_to_yymmdd("2024-02").as_deref(), Some("240200"));
        assert_eq!(iso_to_yymmdd("2025-13-31"), None);
    }

    #[test]
    fn pairings() {
        let p = |ais: &[&'static str]| {
            let v: Vec<(&str, &str)> = ais.iter().map(|a| (*a, "")).collect();
            check_pairings(&v).map_err(|e| e.code)
        };
        assert!(p(&["01", "10", "17"]).is_ok());
        assert_eq!(p(&["10"]), Err(K::MissingAi));
        assert_eq!(p(&["01", "3103", "3102"]), Err(K::InvalidPairing));
        assert_eq!(p(&["01", "3103"]), Ok(()));
        assert!(is_valid_dl_path(&["01", "22", "10", "21"]));
        assert!(is_valid_dl_path(&["01", "10"]));
        assert!(!is_valid_dl_path(&["01", "21", "10"]));
        assert!(!is_valid_dl_path(&["01", "22", "235"]));
        assert!(is_valid_dl_path(&["01", "235"]));
    }
}
