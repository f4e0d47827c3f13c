//! The content checks ("linters") that the GS1 Barcode Syntax Dictionary names for each
//! AI component, implemented from the GS1 General Specifications and the GS1 Barcode
//! Syntax Tests. Each returns where the problem is (0-based offset and length within the
//! component) and what kind of refusal it is.
//!
//! Components reach the linters after their character set was checked, so they are
//! ASCII and byte offsets are character offsets.

use super::error::CodeErrorKind;

/// A dictionary linter (the dictionary's names, in `build.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lint {
    Couponcode,
    Couponposoffer,
    Csum,
    Csumalpha,
    Gcppos1,
    Gcppos2,
    Hasnondigit,
    Hh,
    Hhmi,
    Hyphen,
    Iban,
    Importeridx,
    Iso3166,
    Iso3166999,
    Iso3166alpha2,
    Iso4217,
    Iso5218,
    Latitude,
    Longitude,
    Mediatype,
    Mi,
    Nonzero,
    Nozeroprefix,
    Packagetype,
    Pcenc,
    Pieceoftotal,
    Posinseqslash,
    Ss,
    Winding,
    Yesno,
    Yymmd0,
    Yymmdd,
    Yyyymmd0,
    Yyyymmdd,
    Zero,
}

impl Lint {
    /// The dictionary's name of the linter, reported as the broken rule.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Lint::Couponcode => "couponcode",
            Lint::Couponposoffer => "couponposoffer",
            Lint::Csum => "csum",
            Lint::Csumalpha => "csumalpha",
            Lint::Gcppos1 => "gcppos1",
            Lint::Gcppos2 => "gcppos2",
            Lint::Hasnondigit => "hasnondigit",
            Lint::Hh => "hh",
            Lint::Hhmi => "hhmi",
            Lint::Hyphen => "hyphen",
            Lint::Iban => "iban",
            Lint::Importeridx => "importeridx",
            Lint::Iso3166 => "iso3166",
            Lint::Iso3166999 => "iso3166999",
            Lint::Iso3166alpha2 => "iso3166alpha2",
            Lint::Iso4217 => "iso4217",
            Lint::Iso5218 => "iso5218",
            Lint::Latitude => "latitude",
            Lint::Longitude => "longitude",
            Lint::Mediatype => "mediatype",
            Lint::Mi => "mi",
            Lint::Nonzero => "nonzero",
            Lint::Nozeroprefix => "nozeroprefix",
            Lint::Packagetype => "packagetype",
            Lint::Pcenc => "pcenc",
            Lint::Pieceoftotal => "pieceoftotal",
            Lint::Posinseqslash => "posinseqslash",
            Lint::Ss => "ss",
            Lint::Winding => "winding",
            Lint::Yesno => "yesno",
            Lint::Yymmd0 => "yymmd0",
            Lint::Yymmdd => "yymmdd",
            Lint::Yyyymmd0 => "yyyymmd0",
            Lint::Yyyymmdd => "yyyymmdd",
            Lint::Zero => "zero",
        }
    }
}

/// A linter's finding: what, where (0-based offset, length) and in English why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub kind: CodeErrorKind,
    pub pos: usize,
    pub len: usize,
    pub why: String,
}

type R = Result<(), Finding>;

fn err(kind: CodeErrorKind, pos: usize, len: usize, why: impl Into<String>) -> R {
    Err(Finding {
        kind,
        pos,
        len,
        why: why.into(),
    })
}

/// A finding that covers the whole component.
fn whole(kind: CodeErrorKind, d: &[u8], why: impl Into<String>) -> R {
    err(kind, 0, d.len(), why)
}

/// A three-digit code that the sorted ISO `table` lists (ISO 3166-1 numeric countries,
/// ISO 4217 numeric currencies); refused as `kind` otherwise.
fn iso_numeric(d: &[u8], table: &[u16], kind: CodeErrorKind, why: &str) -> R {
    let listed = d.len() == 3
        && d.iter().all(u8::is_ascii_digit)
        && u16::try_from(num(d)).is_ok_and(|n| table.binary_search(&n).is_ok());
    if listed {
        return Ok(());
    }
    whole(kind, d, why)
}

fn digits(d: &[u8]) -> R {
    match d.iter().position(|b| !b.is_ascii_digit()) {
        Some(p) => err(CodeErrorKind::BadCharset, p, 1, "a digit is required"),
        None => Ok(()),
    }
}

fn num(d: &[u8]) -> u32 {
    d.iter().fold(0u32, |a, b| {
        a.saturating_mul(10)
            .saturating_add(u32::from(b.wrapping_sub(b'0')))
    })
}

/// Runs `lint` on one component; `year` is the current year for YYMMDD dates.
pub(crate) fn run(lint: Lint, d: &[u8], year: i32) -> R {
    use CodeErrorKind as K;
    match lint {
        Lint::Csum => csum(d),
        Lint::Csumalpha => csumalpha(d),
        Lint::Gcppos1 => gcppos1(d),
        Lint::Gcppos2 => {
            if d.len() < 2 {
                return whole(K::TooShort, d, "too short for a GS1 Company Prefix");
            }
            gcppos1(d.get(1..).unwrap_or(&[])).map_err(|f| Finding {
                pos: f.pos + 1,
                ..f
            })
        }
        Lint::Hasnondigit => {
            if d.iter().all(u8::is_ascii_digit) {
                return whole(K::InvalidValue, d, "must contain a non-digit character");
            }
            Ok(())
        }
        Lint::Hh => two_digit(d, 23, K::BadTime, "hour"),
        Lint::Mi => two_digit(d, 59, K::BadTime, "minute"),
        Lint::Ss => two_digit(d, 59, K::BadTime, "second"),
        Lint::Hhmi => {
            if d.len() != 4 {
                return whole(K::BadLength, d, "a time HHMM has 4 digits");
            }
            two_digit(d.get(..2).unwrap_or(&[]), 23, K::BadTime, "hour")?;
            two_digit(d.get(2..).unwrap_or(&[]), 59, K::BadTime, "minute").map_err(|f| Finding {
                pos: f.pos + 2,
                ..f
            })
        }
        Lint::Hyphen => {
            if d.is_empty() || d.iter().any(|&b| b != b'-') {
                return whole(K::InvalidValue, d, "must be a hyphen (-)");
            }
            Ok(())
        }
        Lint::Zero => {
            if d.is_empty() || d.iter().any(|&b| b != b'0') {
                return whole(K::InvalidValue, d, "must be 0");
            }
            Ok(())
        }
        Lint::Nonzero => {
            digits(d)?;
            if d.iter().all(|&b| b == b'0') {
                return whole(K::InvalidValue, d, "must not be zero");
            }
            Ok(())
        }
        Lint::Nozeroprefix => {
            if d.first() == Some(&b'0') {
                return err(K::InvalidValue, 0, 1, "must not start with 0");
            }
            digits(d)
        }
        Lint::Winding => one_of(d, b"019", "winding direction must be 0, 1 or 9"),
        Lint::Yesno => one_of(d, b"01", "must be 0 (no) or 1 (yes)"),
        Lint::Iso5218 => one_of(d, b"0129", "ISO/IEC 5218 sex code must be 0, 1, 2 or 9"),
        Lint::Importeridx => {
            let ok = d.len() == 1
                && d.first()
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return whole(
                    K::InvalidValue,
                    d,
                    "importer index must be one character of 0-9, A-Z, a-z, - or _",
                );
            }
            Ok(())
        }
        Lint::Iso3166 => iso_numeric(
            d,
            ISO3166_NUMERIC,
            K::BadCountry,
            "not an ISO 3166-1 numeric country code",
        ),
        Lint::Iso3166999 => {
            if d == b"999" {
                return Ok(());
            }
            run(Lint::Iso3166, d, year).map_err(|f| Finding {
                why: "not an ISO 3166-1 numeric country code or 999".into(),
                ..f
            })
        }
        Lint::Iso3166alpha2 => {
            if d.len() == 2 && ISO3166_ALPHA2.chunks(2).any(|c| c == d) {
                return Ok(());
            }
            whole(K::BadCountry, d, "not an ISO 3166-1 alpha-2 country code")
        }
        Lint::Iso4217 => iso_numeric(
            d,
            ISO4217_NUMERIC,
            K::BadCurrency,
            "not an ISO 4217 numeric currency code",
        ),
        Lint::Iban => iban(d),
        Lint::Latitude => degrees(d, 1_800_000_000, "latitude"),
        Lint::Longitude => degrees(d, 3_600_000_000, "longitude"),
        Lint::Mediatype => {
            let ok = d.len() == 2
                && d.iter().all(u8::is_ascii_digit)
                && matches!(num(d), 1..=10 | 80..=99);
            if !ok {
                return whole(K::InvalidValue, d, "not an AIDC media type (01-10, 80-99)");
            }
            Ok(())
        }
        Lint::Packagetype => {
            if PACKAGE_TYPES.iter().any(|p| p.as_bytes() == d) {
                return Ok(());
            }
            whole(
                K::InvalidValue,
                d,
                "not a package type code (UN/ECE Recommendation 21)",
            )
        }
        Lint::Pcenc => {
            let mut i = 0;
            while let Some(&b) = d.get(i) {
                if b == b'%' {
                    let hex = |j: usize| d.get(j).is_some_and(u8::is_ascii_hexdigit);
                    if i + 2 >= d.len() {
                        return err(
                            K::BadPercentEncoding,
                            i,
                            d.len() - i,
                            "'%' must start a %XX escape",
                        );
                    }
                    if !(hex(i + 1) && hex(i + 2)) {
                        return err(K::BadPercentEncoding, i, 3, "'%' must start a %XX escape");
                    }
                    i += 2;
                }
                i += 1;
            }
            Ok(())
        }
        Lint::Pieceoftotal => {
            digits(d)?;
            if d.is_empty() || d.len() % 2 != 0 {
                return whole(K::BadLength, d, "piece and total must have the same length");
            }
            let (p, t) = d.split_at(d.len() / 2);
            if p.iter().all(|&b| b == b'0') {
                return err(K::InvalidValue, 0, p.len(), "piece number must not be zero");
            }
            if t.iter().all(|&b| b == b'0') {
                return err(
                    K::InvalidValue,
                    p.len(),
                    t.len(),
                    "total number of pieces must not be zero",
                );
            }
            if p > t {
                return whole(K::InvalidValue, d, "piece number is above the total");
            }
            Ok(())
        }
        Lint::Posinseqslash => posinseqslash(d),
        Lint::Yymmd0 | Lint::Yymmdd => {
            if d.len() != 6 {
                return whole(K::BadLength, d, "a date YYMMDD has 6 digits");
            }
            digits(d)?;
            let y = full_year(num(d.get(..2).unwrap_or(&[])), year);
            check_mmdd(y, d.get(2..).unwrap_or(&[]), lint == Lint::Yymmd0).map_err(|f| Finding {
                pos: f.pos + 2,
                ..f
            })
        }
        Lint::Yyyymmd0 | Lint::Yyyymmdd => {
            if d.len() != 8 {
                return whole(K::BadLength, d, "a date YYYYMMDD has 8 digits");
            }
            digits(d)?;
            let y = num(d.get(..4).unwrap_or(&[])) as i32;
            check_mmdd(y, d.get(4..).unwrap_or(&[]), lint == Lint::Yyyymmd0).map_err(|f| Finding {
                pos: f.pos + 4,
                ..f
            })
        }
        Lint::Couponcode => coupon_code(d, year),
        Lint::Couponposoffer => coupon_pos_offer(d),
    }
}

/// GS1 General Specifications 7.12: the century of a YY year is the one that puts the
/// date at most 49 years before or 50 years after `today_year`.
pub(crate) fn full_year(yy: u32, today_year: i32) -> i32 {
    let cur = today_year.rem_euclid(100);
    let century = today_year - cur;
    let diff = yy as i32 - cur;
    if diff >= 51 {
        century - 100 + yy as i32
    } else if diff <= -50 {
        century + 100 + yy as i32
    } else {
        century + yy as i32
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

/// MMDD of `year`; `day_zero`: DD = 00 (no day given) is allowed.
fn check_mmdd(year: i32, d: &[u8], day_zero: bool) -> R {
    let m = num(d.get(..2).unwrap_or(&[]));
    let day = num(d.get(2..4).unwrap_or(&[]));
    if !(1..=12).contains(&m) {
        return err(
            CodeErrorKind::BadDate,
            0,
            2,
            format!("month {m:02} does not exist"),
        );
    }
    if day == 0 && day_zero {
        return Ok(());
    }
    if day == 0 || day > days_in_month(year, m) {
        return err(
            CodeErrorKind::BadDate,
            2,
            2,
            format!("day {day:02} does not exist in {year:04}-{m:02}"),
        );
    }
    Ok(())
}

fn two_digit(d: &[u8], max: u32, kind: CodeErrorKind, what: &str) -> R {
    if d.len() != 2 {
        return whole(CodeErrorKind::BadLength, d, format!("{what} has 2 digits"));
    }
    digits(d)?;
    if num(d) > max {
        return err(kind, 0, 2, format!("{what} {:02} does not exist", num(d)));
    }
    Ok(())
}

fn one_of(d: &[u8], allowed: &[u8], why: &str) -> R {
    match d {
        [b] if allowed.contains(b) => Ok(()),
        _ => err(CodeErrorKind::InvalidValue, 0, d.len(), why),
    }
}

fn degrees(d: &[u8], max: u64, what: &str) -> R {
    if d.len() != 10 {
        return whole(CodeErrorKind::BadLength, d, format!("{what} has 10 digits"));
    }
    digits(d)?;
    let v = d.iter().fold(0u64, |a, b| a * 10 + u64::from(b - b'0'));
    if v > max {
        return err(
            CodeErrorKind::InvalidValue,
            0,
            10,
            format!("{what} out of range"),
        );
    }
    Ok(())
}

fn csum(d: &[u8]) -> R {
    let Some((&last, body)) = d.split_last() else {
        return err(CodeErrorKind::TooShort, 0, 0, "too short for a check digit");
    };
    digits(d)?;
    let mut sum = 0u32;
    for (i, b) in body.iter().rev().enumerate() {
        let v = u32::from(b - b'0');
        sum += if i % 2 == 0 { v * 3 } else { v };
    }
    let want = (10 - sum % 10) % 10;
    if u32::from(last - b'0') != want {
        return Err(Finding {
            kind: CodeErrorKind::CheckDigit,
            pos: d.len() - 1,
            len: 1,
            why: want.to_string(),
        });
    }
    Ok(())
}

/// The check character pair of GMN and MUDI (GS1 General Specifications 7.9.5).
fn csumalpha(d: &[u8]) -> R {
    const CSET32: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    const CSET82: &[u8] =
        b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    let primes = primes(d.len().saturating_sub(2));
    if d.len() > 99 {
        return whole(
            CodeErrorKind::TooLong,
            d,
            "too long for a check character pair",
        );
    }
    if d.len() < 2 {
        return whole(
            CodeErrorKind::TooShort,
            d,
            "too short for a check character pair",
        );
    }
    let n = d.len();
    let mut sum = 0u32;
    for (pos, b) in d.iter().take(n - 2).enumerate() {
        let Some(w) = CSET82.iter().position(|c| c == b) else {
            return err(
                CodeErrorKind::BadCharset,
                pos,
                1,
                "not in GS1 character set 82",
            );
        };
        sum += w as u32 * primes.get(n - 3 - pos).copied().unwrap_or(0);
    }
    sum %= 1021;
    let want = [
        CSET32.get((sum >> 5) as usize).copied().unwrap_or(b'?'),
        CSET32.get((sum & 31) as usize).copied().unwrap_or(b'?'),
    ];
    if d.get(n - 2..) != Some(&want[..]) {
        return Err(Finding {
            kind: CodeErrorKind::CheckDigit,
            pos: n - 2,
            len: 2,
            why: String::from_utf8_lossy(&want).into_owned(),
        });
    }
    Ok(())
}

/// The first `n` primes.
fn primes(n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    let mut c = 2u32;
    while out.len() < n {
        if out.iter().take_while(|&&p| p * p <= c).all(|&p| c % p != 0) {
            out.push(c);
        }
        c += 1;
    }
    out
}

/// A GS1 Company Prefix starts here: at least four digits (its existence cannot be
/// checked offline).
fn gcppos1(d: &[u8]) -> R {
    if d.len() < 4 {
        return whole(
            CodeErrorKind::TooShort,
            d,
            "too short for a GS1 Company Prefix",
        );
    }
    if let Some(p) = d.iter().take(4).position(|b| !b.is_ascii_digit()) {
        return err(
            CodeErrorKind::InvalidValue,
            p,
            1,
            "a GS1 Company Prefix starts with four digits",
        );
    }
    Ok(())
}

fn iban(d: &[u8]) -> R {
    if d.len() < 4 {
        return whole(
            CodeErrorKind::TooShort,
            d,
            "an IBAN has at least 5 characters",
        );
    }
    if run(Lint::Iso3166alpha2, d.get(..2).unwrap_or(&[]), 2000).is_err() {
        return err(
            CodeErrorKind::BadCountry,
            0,
            2,
            "IBAN country code is not ISO 3166-1 alpha-2",
        );
    }
    if d.len() > 34 {
        return whole(
            CodeErrorKind::TooLong,
            d,
            "an IBAN has at most 34 characters",
        );
    }
    if d.len() <= 4 {
        return whole(
            CodeErrorKind::TooShort,
            d,
            "an IBAN has at least 5 characters",
        );
    }
    let mut sum = 0u32;
    for k in 4..d.len() + 4 {
        let at = if k < d.len() { k } else { k - d.len() };
        let b = d.get(at).copied().unwrap_or(0);
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => {
                return err(
                    CodeErrorKind::BadCharset,
                    at,
                    1,
                    "an IBAN holds digits and capital letters",
                )
            }
        };
        sum = (sum * if v < 10 { 10 } else { 100 } + v) % 97;
    }
    if sum != 1 {
        return err(
            CodeErrorKind::CheckDigit,
            2,
            2,
            "IBAN check digits are wrong",
        );
    }
    Ok(())
}

fn posinseqslash(d: &[u8]) -> R {
    let bad = || {
        whole(
            CodeErrorKind::InvalidValue,
            d,
            "must be position/end, e.g. 1/3",
        )
    };
    let Some(slash) = d.iter().position(|&b| b == b'/') else {
        return bad();
    };
    let (p, e) = (
        d.get(..slash).unwrap_or(&[]),
        d.get(slash + 1..).unwrap_or(&[]),
    );
    if p.is_empty()
        || e.is_empty()
        || !p.iter().all(u8::is_ascii_digit)
        || !e.iter().all(u8::is_ascii_digit)
    {
        return bad();
    }
    if p.first() == Some(&b'0') {
        return err(
            CodeErrorKind::InvalidValue,
            0,
            slash,
            "position must not start with 0",
        );
    }
    if e.first() == Some(&b'0') {
        return err(
            CodeErrorKind::InvalidValue,
            slash + 1,
            e.len(),
            "end must not start with 0",
        );
    }
    if p.len() > e.len() || (p.len() == e.len() && p > e) {
        return whole(CodeErrorKind::InvalidValue, d, "position is after the end");
    }
    Ok(())
}

/// A cursor over coupon data (all digits), for the North American coupon AIs.
struct Cur<'a> {
    d: &'a [u8],
    p: usize,
}

impl Cur<'_> {
    /// Invalid coupon data at the cursor.
    fn finding(&self, why: &str) -> Finding {
        Finding {
            kind: CodeErrorKind::InvalidValue,
            pos: self.p.min(self.d.len()),
            len: 1,
            why: format!("coupon: {why}"),
        }
    }
    fn peek(&self) -> Option<u8> {
        self.d.get(self.p).map(|b| b - b'0')
    }
    /// The next digit; `missing` when there is none.
    fn digit(&mut self, missing: &str) -> Result<u8, Finding> {
        let v = self.peek().ok_or_else(|| self.finding(missing))?;
        self.p += 1;
        Ok(v)
    }
    /// The next digit, which `ok` must accept; else the finding `allowed`, at it.
    fn digit_where(
        &mut self,
        missing: &str,
        ok: impl Fn(u8) -> bool,
        allowed: &str,
    ) -> Result<u8, Finding> {
        let v = self.digit(missing)?;
        if !ok(v) {
            self.p -= 1;
            return Err(self.finding(allowed));
        }
        Ok(v)
    }
    /// A length digit (VLI) of `what`, within `allowed`.
    fn length(&mut self, what: &str, allowed: std::ops::RangeInclusive<u8>) -> Result<u8, Finding> {
        let (lo, hi) = (*allowed.start(), *allowed.end());
        self.digit_where(
            &format!("{what} length missing"),
            |v| allowed.contains(&v),
            &format!("{what} length must be {lo}-{hi}"),
        )
    }
    /// All data read.
    fn end(&self) -> R {
        if self.p != self.d.len() {
            return err(
                CodeErrorKind::InvalidValue,
                self.p,
                self.d.len() - self.p,
                "coupon: excess data",
            );
        }
        Ok(())
    }
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], Finding> {
        if self.d.len() - self.p < n {
            return Err(self.finding(&format!("{what} is truncated")));
        }
        let s = self.d.get(self.p..self.p + n).unwrap_or(&[]);
        self.p += n;
        Ok(s)
    }
    fn gcp(&mut self, n: usize, what: &str) -> R {
        let at = self.p;
        let s = self.take(n, what)?;
        gcppos1(s).map_err(|f| Finding { pos: at, ..f })
    }
    /// A purchase requirement: VLI (1-5), the value, the code (0-4 or 9), family code.
    fn requirement(&mut self, which: &str) -> R {
        let vli = self.length(&format!("{which} purchase requirement"), 1..=5)?;
        self.take(usize::from(vli), &format!("{which} purchase requirement"))?;
        self.digit_where(
            &format!("{which} purchase requirement code missing"),
            |code| code <= 4 || code == 9,
            &format!("{which} purchase requirement code must be 0-4 or 9"),
        )?;
        self.take(3, &format!("{which} purchase family code"))?;
        Ok(())
    }
    /// An optional GCP: VLI 0-6 (6 + n digits) or 9 (none).
    fn optional_gcp(&mut self, which: &str) -> R {
        let vli = self.digit_where(
            &format!("{which} purchase company prefix length missing"),
            |vli| vli <= 6 || vli == 9,
            &format!("{which} purchase company prefix length must be 0-6 or 9"),
        )?;
        if vli != 9 {
            self.gcp(
                usize::from(vli) + 6,
                &format!("{which} purchase company prefix"),
            )?;
        }
        Ok(())
    }
    fn date(&mut self, what: &str, year: i32) -> Result<usize, Finding> {
        let at = self.p;
        let s = self.take(6, what)?;
        run(Lint::Yymmdd, s, year).map_err(|f| Finding {
            kind: CodeErrorKind::BadDate,
            pos: at,
            len: 6,
            why: format!("coupon: {what} is not a valid date ({})", f.why),
        })?;
        Ok(at)
    }
}

/// AI 8110: North American coupon code (NACAG Coupon Code Guideline).
fn coupon_code(d: &[u8], year: i32) -> R {
    digits(d)?;
    let mut c = Cur { d, p: 0 };
    let vli = c.length("company prefix", 0..=6)?;
    c.gcp(usize::from(vli) + 6, "company prefix")?;
    c.take(6, "offer code")?;
    let vli = c.length("save value", 1..=5)?;
    c.take(usize::from(vli), "save value")?;
    c.requirement("first")?;
    if c.peek() == Some(1) {
        c.p += 1;
        c.digit_where(
            "additional purchase rules code missing",
            |rules| rules <= 3,
            "additional purchase rules code must be 0-3",
        )?;
        c.requirement("second")?;
        c.optional_gcp("second")?;
    }
    if c.peek() == Some(2) {
        c.p += 1;
        c.requirement("third")?;
        c.optional_gcp("third")?;
    }
    let mut expiry = None;
    if c.peek() == Some(3) {
        c.p += 1;
        expiry = Some(c.date("expiration date", year)?);
    }
    if c.peek() == Some(4) {
        c.p += 1;
        let start = c.date("start date", year)?;
        if let Some(e) = expiry {
            if d.get(start..start + 6) > d.get(e..e + 6) {
                return err(
                    CodeErrorKind::BadDate,
                    start - 8,
                    14,
                    "coupon: expires before it starts",
                );
            }
        }
    }
    if c.peek() == Some(5) {
        c.p += 1;
        let vli = c.digit("serial number length missing")?;
        c.take(usize::from(vli) + 6, "serial number")?;
    }
    if c.peek() == Some(6) {
        c.p += 1;
        let vli = c.length("retailer company prefix or GLN", 1..=7)?;
        c.gcp(usize::from(vli) + 6, "retailer company prefix or GLN")?;
    }
    if c.peek() == Some(9) {
        c.p += 1;
        c.digit_where(
            "save value code missing",
            |code| matches!(code, 0 | 1 | 2 | 5 | 6),
            "save value code must be 0, 1, 2, 5 or 6",
        )?;
        c.digit_where(
            "save value applies-to-item missing",
            |applies| applies <= 2,
            "save value applies-to-item must be 0-2",
        )?;
        c.digit("store coupon flag missing")?;
        c.digit_where(
            "don't-multiply flag missing",
            |flag| flag <= 1,
            "don't-multiply flag must be 0 or 1",
        )?;
    }
    c.end()
}

/// AI 8112: positive offer file coupon code.
fn coupon_pos_offer(d: &[u8]) -> R {
    digits(d)?;
    let mut c = Cur { d, p: 0 };
    c.digit_where(
        "format code missing",
        |format| format <= 1,
        "format code must be 0 or 1",
    )?;
    let vli = c.length("funder", 0..=6)?;
    c.take(usize::from(vli) + 6, "funder")?;
    c.take(6, "offer code")?;
    let vli = c.digit("serial number length missing")?;
    c.take(usize::from(vli) + 6, "serial number")?;
    c.end()
}

/// ISO 3166-1 numeric country codes in use (the 249 of ISO 3166-1, as in Debian's
/// iso-codes and the GS1 Barcode Syntax Tests).
pub(crate) const ISO3166_NUMERIC: &[u16] = &[
    4, 8, 10, 12, 16, 20, 24, 28, 31, 32, 36, 40, 44, 48, 50, 51, 52, 56, 60, 64, 68, 70, 72, 74,
    76, 84, 86, 90, 92, 96, 100, 104, 108, 112, 116, 120, 124, 132, 136, 140, 144, 148, 152, 156,
    158, 162, 166, 170, 174, 175, 178, 180, 184, 188, 191, 192, 196, 203, 204, 208, 212, 214, 218,
    222, 226, 231, 232, 233, 234, 238, 239, 242, 246, 248, 250, 254, 258, 260, 262, 266, 268, 270,
    275, 276, 288, 292, 296, 300, 304, 308, 312, 316, 320, 324, 328, 332, 334, 336, 340, 344, 348,
    352, 356, 360, 364, 368, 372, 376, 380, 384, 388, 392, 398, 400, 404, 408, 410, 414, 417, 418,
    422, 426, 428, 430, 434, 438, 440, 442, 446, 450, 454, 458, 462, 466, 470, 474, 478, 480, 484,
    492, 496, 498, 499, 500, 504, 508, 512, 516, 520, 524, 528, 531, 533, 534, 535, 540, 548, 554,
    558, 562, 566, 570, 574, 578, 580, 581, 583, 584, 585, 586, 591, 598, 600, 604, 608, 612, 616,
    620, 624, 626, 630, 634, 638, 642, 643, 646, 652, 654, 659, 660, 662, 663, 666, 670, 674, 678,
    682, 686, 688, 690, 694, 702, 703, 704, 705, 706, 710, 716, 724, 728, 729, 732, 740, 744, 748,
    752, 756, 760, 762, 764, 768, 772, 776, 780, 784, 788, 792, 795, 796, 798, 800, 804, 807, 818,
    826, 831, 832, 833, 834, 840, 850, 854, 858, 860, 862, 876, 882, 887, 894,
];

/// ISO 3166-1 alpha-2 codes, two letters each.
pub(crate) const ISO3166_ALPHA2: &[u8] = b"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// ISO 4217 numeric currency codes in use (list one; 191 HRK, 694 SLL, 931 CUC and 932
/// ZWL withdrawn; 396 XAD and 924 ZWG added).
pub(crate) const ISO4217_NUMERIC: &[u16] = &[
    8, 12, 32, 36, 44, 48, 50, 51, 52, 60, 64, 68, 72, 84, 90, 96, 104, 108, 116, 124, 132, 136,
    144, 152, 156, 170, 174, 188, 192, 203, 208, 214, 222, 230, 232, 238, 242, 262, 270, 292, 320,
    324, 328, 332, 340, 344, 348, 352, 356, 360, 364, 368, 376, 388, 392, 396, 398, 400, 404, 408,
    410, 414, 417, 418, 422, 426, 430, 434, 446, 454, 458, 462, 480, 484, 496, 498, 504, 512, 516,
    524, 532, 533, 548, 554, 558, 566, 578, 586, 590, 598, 600, 604, 608, 634, 643, 646, 654, 682,
    690, 702, 704, 706, 710, 728, 748, 752, 756, 760, 764, 776, 780, 784, 788, 800, 807, 818, 826,
    834, 840, 858, 860, 882, 886, 901, 924, 925, 926, 927, 928, 929, 930, 933, 934, 936, 938, 940,
    941, 943, 944, 946, 947, 948, 949, 950, 951, 952, 953, 955, 956, 957, 958, 959, 960, 961, 962,
    963, 964, 965, 967, 968, 969, 970, 971, 972, 973, 975, 976, 977, 978, 979, 980, 981, 984, 985,
    986, 990, 994, 997, 999,
];

/// Package type codes for AI 7041 (UN/ECE Recommendation 21 and the GS1 additions).
const PACKAGE_TYPES: &[&str] = &[
    "1A", "1B", "1D", "1F", "1G", "1W", "200", "201", "202", "203", "204", "205", "206", "210",
    "211", "212", "2C", "3A", "3H", "43", "44", "4A", "4B", "4C", "4D", "4F", "4G", "4H", "5H",
    "5L", "5M", "6H", "6P", "7A", "7B", "8", "8A", "8B", "8C", "9", "AA", "AB", "AC", "AD", "AF",
    "AG", "AH", "AI", "AJ", "AL", "AM", "AP", "APE", "AT", "AV", "B4", "BB", "BC", "BD", "BE",
    "BF", "BG", "BGE", "BH", "BI", "BJ", "BK", "BL", "BM", "BME", "BN", "BO", "BP", "BQ", "BR",
    "BRI", "BS", "BT", "BU", "BV", "BW", "BX", "BY", "BZ", "CA", "CB", "CBL", "CC", "CCE", "CD",
    "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "CN", "CO", "CP", "CQ", "CR", "CS", "CT",
    "CU", "CV", "CW", "CX", "CY", "CZ", "DA", "DB", "DC", "DG", "DH", "DI", "DJ", "DK", "DL", "DM",
    "DN", "DP", "DPE", "DR", "DS", "DT", "DU", "DV", "DW", "DX", "DY", "E1", "E2", "E3", "EC",
    "ED", "EE", "EF", "EG", "EH", "EI", "EN", "FB", "FC", "FD", "FE", "FI", "FL", "FO", "FOB",
    "FP", "FPE", "FR", "FT", "FW", "FX", "GB", "GI", "GL", "GR", "GU", "GY", "GZ", "HA", "HB",
    "HC", "HG", "HN", "HR", "IA", "IB", "IC", "ID", "IE", "IF", "IG", "IH", "IK", "IL", "IN", "IZ",
    "JB", "JC", "JG", "JR", "JT", "JY", "KG", "KI", "LAB", "LE", "LG", "LT", "LU", "LV", "LZ",
    "MA", "MB", "MC", "ME", "MPE", "MR", "MS", "MT", "MW", "MX", "NA", "NE", "NF", "NG", "NS",
    "NT", "NU", "NV", "OA", "OB", "OC", "OD", "OE", "OF", "OK", "OPE", "OT", "OU", "P2", "PA",
    "PAE", "PB", "PC", "PD", "PE", "PF", "PG", "PH", "PI", "PJ", "PK", "PL", "PLP", "PN", "PO",
    "POP", "PP", "PPE", "PR", "PT", "PU", "PUE", "PV", "PX", "PY", "PZ", "QA", "QB", "QC", "QD",
    "QF", "QG", "QH", "QJ", "QK", "QL", "QM", "QN", "QP", "QQ", "QR", "QS", "RB1", "RB2", "RB3",
    "RCB", "RD", "RG", "RJ", "RK", "RL", "RO", "RT", "RZ", "S1", "SA", "SB", "SC", "SD", "SE",
    "SEC", "SH", "SI", "SK", "SL", "SM", "SO", "SP", "SS", "ST", "STL", "SU", "SV", "SW", "SX",
    "SY", "SZ", "T1", "TB", "TC", "TD", "TE", "TEV", "TG", "THE", "TI", "TK", "TL", "TN", "TO",
    "TR", "TRE", "TS", "TT", "TTE", "TU", "TV", "TW", "TWE", "TY", "TZ", "UC", "UN", "UUE", "VA",
    "VG", "VI", "VK", "VL", "VN", "VO", "VP", "VQ", "VR", "VS", "VY", "WA", "WB", "WC", "WD", "WF",
    "WG", "WH", "WJ", "WK", "WL", "WM", "WN", "WP", "WQ", "WR", "WRP", "WS", "WT", "WU", "WV",
    "WW", "WX", "WY", "WZ", "X11", "X12", "X15", "X16", "X17", "X18", "X19", "X20", "X3", "XA",
    "XB", "XC", "XD", "XF", "XG", "XH", "XJ", "XK", "YA", "YB", "YC", "YD", "YF", "YG", "YH", "YJ",
    "YK", "YL", "YM", "YN", "YP", "YQ", "YR", "YS", "YT", "YV", "YW", "YX", "YY", "YZ", "ZA", "ZB",
    "ZC", "ZD", "ZF", "ZG", "ZH", "ZJ", "ZK", "ZL", "ZM", "ZN", "ZP", "ZQ", "ZR", "ZS", "ZT", "ZU",
    "ZV", "ZW", "ZX", "ZY", "ZZ",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_century_window() {
        // GS1 General Specifications 7.12, in 2026: 51..99 years ahead is last century.
        assert_eq!(full_year(26, 2026), 2026);
        assert_eq!(full_year(76, 2026), 2076);
        assert_eq!(full_year(77, 2026), 1977);
        assert_eq!(full_year(99, 2026), 1999);
        assert_eq!(full_year(0, 2026), 2000);
        assert_eq!(full_year(0, 2051), 2100);
        assert_eq!(full_year(1, 2051), 2101);
        assert_eq!(full_year(2, 2051), 2002);
        assert_eq!(full_year(99, 2048), 1999);
        assert_eq!(full_year(99, 2049), 2099);
        assert_eq!(full_year(99, 2050), 2099);
    }

    #[test]
    fn tables_match_the_iso_lists() {
        assert_eq!(ISO3166_NUMERIC.len(), 249);
        assert_eq!(ISO3166_ALPHA2.len(), 249 * 2);
        assert!(ISO3166_NUMERIC.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO4217_NUMERIC.windows(2).all(|w| w[0] < w[1]));
        assert!(run(Lint::Iso3166, b"410", 2026).is_ok());
        assert!(run(Lint::Iso3166, b"999", 2026).is_err());
        assert!(run(Lint::Iso3166999, b"999", 2026).is_ok());
        assert!(run(Lint::Iso3166alpha2, b"KR", 2026).is_ok());
        assert!(run(Lint::Iso3166alpha2, b"XX", 2026).is_err());
        assert!(run(Lint::Iso4217, b"410", 2026).is_ok());
    }

    #[test]
    fn coupon_fields_are_checked_where_they_stand() {
        // NACAG layout: GCP length 0 + 6 digits, offer code, save value (length 1),
        // first purchase requirement (length 1, value, code 0, family code).
        let coupon = b"012345612345615110123";
        assert!(run(Lint::Couponcode, coupon, 2026).is_ok());
        let f = run(Lint::Couponcode, b"712345612345615110123", 2026).unwrap_err();
        assert_eq!(
            (f.pos, f.why.as_str()),
            (0, "coupon: company prefix length must be 0-6")
        );
        let f = run(Lint::Couponcode, b"0123456123456151101238", 2026).unwrap_err();
        assert_eq!((f.pos, f.why.as_str()), (21, "coupon: excess data"));
        // Save value code 3 (field 9) does not exist.
        let f = run(Lint::Couponcode, b"0123456123456151101239300", 2026).unwrap_err();
        assert_eq!(f.pos, 22);
        assert!(f.why.contains("save value code"), "{}", f.why);
    }

    #[test]
    fn a_currency_is_refused_as_a_currency() {
        // 999 is ISO 4217's "no currency" code and listed; 998 is not a currency.
        assert!(run(Lint::Iso4217, b"999", 2026).is_ok());
        let f = run(Lint::Iso4217, b"998", 2026).unwrap_err();
        assert_eq!((f.kind, f.pos, f.len), (CodeErrorKind::BadCurrency, 0, 3));
        assert!(f.why.contains("ISO 4217"), "{}", f.why);
        let f = run(Lint::Iso3166, b"998", 2026).unwrap_err();
        assert_eq!(f.kind, CodeErrorKind::BadCountry);
    }

    #[test]
    fn check_character_pair_and_iban() {
        // GS1 General Specifications 7.9.5 example GMN.
        assert!(run(Lint::Csumalpha, b"1987654Ad4X4bL5ttr2310c2K", 2026).is_ok());
        assert!(run(Lint::Csumalpha, b"1987654Ad4X4bL5ttr2310c2L", 2026).is_err());
        assert!(run(Lint::Iban, b"GB82WEST12345698765432", 2026).is_ok());
        assert!(run(Lint::Iban, b"GB83WEST12345698765432", 2026).is_err());
    }
}
