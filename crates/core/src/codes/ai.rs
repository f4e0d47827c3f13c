//! The GS1 Application Identifier table (from the GS1 Barcode Syntax Dictionary) and the
//! validation of one AI value against it: length, character set, check digit, dates.

use super::check_digit::verify_check_digit;
use super::{describe_char, CodeError};

/// Character set of one component of an AI value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cset {
    /// Digits.
    Num,
    /// GS1 AI encodable character set 82.
    Cset82,
    /// GS1 AI encodable character set 39.
    Cset39,
    /// base64url (digital signatures).
    Base64Url,
}

/// The content checks the crate implements; other dictionary linters (country codes,
/// coupon syntax…) are not needed to identify a lot and are not enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lint {
    Plain,
    Csum,
    Yymmd0,
    Yymmdd,
    Yyyymmdd,
    Hhmi,
}

#[derive(Debug)]
pub(crate) struct Comp {
    pub cset: Cset,
    pub min: u8,
    pub max: u8,
    pub optional: bool,
    pub lint: Lint,
}

#[derive(Debug)]
pub(crate) struct AiDef {
    pub ai: &'static str,
    /// Pre-defined length AI: never followed by an FNC1 separator.
    pub predefined: bool,
    /// May appear as a Digital Link data attribute (query string).
    pub dl_attr: bool,
    pub comps: &'static [Comp],
    /// `req=` groups separated by `;` (each must hold); alternatives by `,`; `+` joins.
    pub req: &'static str,
    /// `ex=` list: AIs (or `n`-wildcard patterns) this AI cannot be combined with.
    pub ex: &'static str,
    /// `Some(qualifier sequences)` for Digital Link primary keys.
    pub dlpkey: Option<&'static str>,
    pub title: &'static str,
}

use Cset::*;
use Lint::*;

include!("ai_table.rs");

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

pub(crate) fn is_cset82(c: char) -> bool {
    matches!(c, '!' | '"' | '%'..='?' | 'A'..='Z' | '_' | 'a'..='z')
}

fn in_cset(cset: Cset, c: char) -> bool {
    match cset {
        Num => c.is_ascii_digit(),
        Cset82 => is_cset82(c),
        Cset39 => matches!(c, '#' | '-' | '/' | '0'..='9' | 'A'..='Z'),
        Base64Url => c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=',
    }
}

fn cset_name(cset: Cset) -> &'static str {
    match cset {
        Num => "digits only",
        Cset82 => "characters of GS1 character set 82",
        Cset39 => "characters of GS1 character set 39",
        Base64Url => "base64url characters",
    }
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn num(s: &str) -> u32 {
    s.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(b.wrapping_sub(b'0')))
    })
}

/// Checks a date; `s` holds digits only (checked before). `century` is `None` for
/// YYYYMMDD. A GS1 YYMMDD date is read as 20YY: the crate reads no clock, so it cannot
/// apply the General Specifications' sliding window, which agrees with 20YY until 2049.
fn check_date(def: &AiDef, s: &str, day_zero_ok: bool) -> Result<(), CodeError> {
    let (y, rest) = if s.len() == 8 {
        (
            num(s.get(..4).unwrap_or("")) as i32,
            s.get(4..).unwrap_or(""),
        )
    } else {
        (
            2000 + num(s.get(..2).unwrap_or("")) as i32,
            s.get(2..).unwrap_or(""),
        )
    };
    let m = num(rest.get(..2).unwrap_or(""));
    let d = num(rest.get(2..4).unwrap_or(""));
    let bad = |why: String| {
        Err(CodeError::new(
            "bad_date",
            format!("{} date {s} is impossible: {why}", def.label()),
        ))
    };
    if !(1..=12).contains(&m) {
        return bad(format!("month {m:02} does not exist"));
    }
    if d == 0 && day_zero_ok {
        return Ok(());
    }
    if d == 0 || d > days_in_month(y, m) {
        return bad(format!("day {d:02} does not exist in {y:04}-{m:02}"));
    }
    Ok(())
}

/// Validates `value` as the data of `def`: length, character set of each component,
/// check digit and date rules. Errors name the AI and what is wrong.
pub(crate) fn validate(def: &AiDef, value: &str) -> Result<(), CodeError> {
    // Formatted only when an error is built: validation is on the scan hot path.
    let label = Label(def);
    if value.is_empty() {
        return Err(CodeError::new(
            "empty_value",
            format!("{label} has no data"),
        ));
    }
    let n = value.chars().count();
    let (min, max) = (def.min_len(), def.max_len());
    let unit = if def.comps.iter().all(|c| c.cset == Num) {
        "digits"
    } else {
        "characters"
    };
    if min == max && n != min {
        let code = if n > max { "too_long" } else { "too_short" };
        return Err(CodeError::new(
            code,
            format!("{label} must be exactly {min} {unit}, got {n}"),
        ));
    }
    if n > max {
        return Err(CodeError::new(
            "too_long",
            format!("{label} is {n} {unit} long; at most {max} allowed"),
        ));
    }
    if n < min {
        return Err(CodeError::new(
            "too_short",
            format!("{label} is {n} {unit} long; at least {min} required"),
        ));
    }
    // Lengths are checked, and every valid character is ASCII: check characters first so
    // that byte slicing below is always on char boundaries.
    let mut pos = 0usize;
    for comp in def.comps {
        if pos >= value.len() {
            if comp.optional {
                break;
            }
            return Err(CodeError::new("too_short", format!("{label} is too short")));
        }
        let remaining = value.len() - pos;
        let take = if comp.min == comp.max {
            usize::from(comp.max).min(remaining)
        } else {
            remaining.min(usize::from(comp.max))
        };
        let Some(part) = value.get(pos..pos + take) else {
            return Err(bad_char(def, value, comp.cset));
        };
        if let Some((i, c)) = part.char_indices().find(|&(_, c)| !in_cset(comp.cset, c)) {
            let at = value.get(..pos + i).map_or(0, |p| p.chars().count()) + 1;
            return Err(CodeError::new(
                "bad_charset",
                format!(
                    "{label} allows {}; found {} at position {at}",
                    cset_name(comp.cset),
                    describe_char(c)
                ),
            ));
        }
        if part.len() < usize::from(comp.min) {
            return Err(CodeError::new("too_short", format!("{label} is too short")));
        }
        match comp.lint {
            Csum => verify_check_digit(part, def.key_name())?,
            Yymmd0 => check_date(def, part, true)?,
            Yymmdd | Yyyymmdd => check_date(def, part, false)?,
            Hhmi => {
                let (h, m) = (
                    num(part.get(..2).unwrap_or("")),
                    num(part.get(2..).unwrap_or("")),
                );
                if h > 23 || m > 59 {
                    return Err(CodeError::new(
                        "bad_time",
                        format!("{label} time {part} is impossible"),
                    ));
                }
            }
            Plain => {}
        }
        pos += take;
    }
    if pos < value.len() {
        return Err(CodeError::new(
            "too_long",
            format!("{label} has {} extra characters", value.len() - pos),
        ));
    }
    Ok(())
}

fn bad_char(def: &AiDef, value: &str, cset: Cset) -> CodeError {
    let c = value.chars().find(|c| !in_cset(cset, *c)).unwrap_or('?');
    CodeError::new(
        "bad_charset",
        format!(
            "{} allows {}; found {}",
            def.label(),
            cset_name(cset),
            describe_char(c)
        ),
    )
}

/// Displays "(10) BATCH/LOT" without allocating until used.
struct Label<'a>(&'a AiDef);

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}) {}", self.0.ai, self.0.title)
    }
}

/// YYMMDD (day 00 = last day of the month) to ISO `YYYY-MM-DD`. Assumes a validated value.
pub(crate) fn yymmd0_to_iso(v: &str) -> Option<String> {
    if v.len() != 6 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = 2000 + num(v.get(..2)?) as i32;
    let m = num(v.get(2..4)?);
    let mut d = num(v.get(4..6)?);
    if d == 0 {
        d = days_in_month(y, m);
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// ISO `YYYY-MM-DD` (years 2000–2099) to YYMMDD.
pub(crate) fn iso_to_yymmdd(iso: &str) -> Option<String> {
    let b = iso.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (iso.get(..4)?, iso.get(5..7)?, iso.get(8..10)?);
    if !(y.starts_with("20")
        && [y, m, d]
            .iter()
            .all(|p| p.bytes().all(|c| c.is_ascii_digit())))
    {
        return None;
    }
    let (yy, mm, dd) = (num(y), num(m), num(d));
    if !(1..=12).contains(&mm) || dd == 0 || dd > days_in_month(yy as i32, mm) {
        return None;
    }
    Some(format!("{}{m}{d}", y.get(2..)?))
}

/// Does AI `ai` match the dictionary pattern `pat` (`n` matches any digit)?
fn ai_matches(pat: &str, ai: &str) -> bool {
    pat.len() == ai.len()
        && pat
            .bytes()
            .zip(ai.bytes())
            .all(|(p, a)| p == a || (p == b'n' && a.is_ascii_digit()))
}

/// Checks the dictionary's mandatory (`req=`) and invalid (`ex=`) pairings over a whole
/// message (`ais` are all the AIs present).
pub(crate) fn check_pairings(ais: &[&str]) -> Result<(), CodeError> {
    for ai in ais {
        let Some(def) = lookup(ai) else { continue };
        for pat in def.ex.split(',').filter(|p| !p.is_empty()) {
            if let Some(other) = ais.iter().find(|o| *o != ai && ai_matches(pat, o)) {
                let other_label = lookup(other).map_or_else(|| format!("({other})"), AiDef::label);
                return Err(CodeError::new(
                    "invalid_pairing",
                    format!("{} cannot be combined with {other_label}", def.label()),
                ));
            }
        }
        for group in def.req.split(';').filter(|g| !g.is_empty()) {
            let ok = group.split(',').any(|alt| {
                alt.split('+')
                    .all(|need| ais.iter().any(|o| ai_matches(need, o)))
            });
            if !ok {
                let wanted: Vec<String> = group
                    .split(',')
                    .map(|alt| {
                        alt.split('+')
                            .map(|a| format!("({a})"))
                            .collect::<Vec<_>>()
                            .join("+")
                    })
                    .collect();
                return Err(CodeError::new(
                    "missing_ai",
                    format!(
                        "{} needs one of {} in the same code",
                        def.label(),
                        wanted.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
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
        let lot = lookup("10").unwrap();
        assert!(validate(lot, "L240513A").is_ok());
        assert_eq!(validate(lot, &"A".repeat(21)).unwrap_err().code, "too_long");
        assert_eq!(validate(lot, "A B").unwrap_err().code, "bad_charset");
        assert_eq!(validate(lot, "é").unwrap_err().code, "bad_charset");
        let exp = lookup("17").unwrap();
        assert!(validate(exp, "251200").is_ok());
        assert!(validate(exp, "240229").is_ok());
        assert_eq!(validate(exp, "251301").unwrap_err().code, "bad_date");
        assert_eq!(validate(exp, "250229").unwrap_err().code, "bad_date");
        assert_eq!(yymmd0_to_iso("240200").as_deref(), Some("2024-02-29"));
        assert_eq!(iso_to_yymmdd("2025-12-31").as_deref(), Some("251231"));
        assert_eq!(iso_to_yymmdd("2025-13-31"), None);
    }

    #[test]
    fn pairings() {
        assert!(check_pairings(&["01", "10", "17"]).is_ok());
        assert_eq!(check_pairings(&["10"]).unwrap_err().code, "missing_ai");
        assert_eq!(
            check_pairings(&["01", "3103", "3102"]).unwrap_err().code,
            "invalid_pairing"
        );
    }
}
