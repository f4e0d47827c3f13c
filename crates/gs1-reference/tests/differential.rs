//! Differential test: `lottrace_core::codes` against GS1's Barcode Syntax Engine (the
//! reference implementation of the GS1 syntax rules), both loaded with the same GS1
//! Barcode Syntax Dictionary (`crates/core/data/gs1-syntax-dictionary.txt`), on a
//! seeded, deterministic corpus of element strings, parenthesised strings, scanner data
//! with symbology identifiers and GS1 Digital Link URIs.
//!
//! Required: agreement on at least 99.5 % of the inputs, and no input that both accept
//! with different AI values.
//!
//! The remaining differences, all deliberate (the corpus includes a few of each):
//!
//! 1. `+` in a Digital Link query value. The engine reads it as a space (HTML form
//!    encoding) and then refuses the space; GS1 Digital Link URI Syntax (RFC 3986
//!    query) makes `+` a plus sign, which issue #17 asks for: we accept `A+B`.
//! 2. A `%` that does not start a `%XX` escape in a Digital Link value. The engine
//!    keeps the `%` as data (and may accept the value); RFC 3986 section 2.1 makes such
//!    a URI invalid, so we refuse it (`bad_percent_encoding`).
//!
//! Where `../shared` (the engine's sources) is absent, the test says so and skips.

use gs1_reference::{Engine, Form};
use lottrace_core::codes::{current_year, identify_at, Identification, ResolverConfig};
use std::collections::BTreeSet;

const GS: char = '\u{1d}';

/// SplitMix64: a small seeded generator, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// One AI of the dictionary, as the corpus generator needs it.
#[derive(Clone)]
struct Ai {
    ai: String,
    predefined: bool,
    /// (cset, min, max, optional, linters)
    comps: Vec<(char, usize, usize, bool, Vec<String>)>,
}

fn dictionary_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data/gs1-syntax-dictionary.txt")
}

fn load_dictionary() -> Vec<Ai> {
    let text = std::fs::read_to_string(dictionary_path()).unwrap();
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let body = line.split('#').next().unwrap();
        let mut toks = body.split_whitespace().peekable();
        let ais = toks.next().unwrap();
        let mut flags = "";
        if let Some(t) = toks.peek() {
            if !t.starts_with(['N', 'X', 'Y', 'Z', '[']) {
                flags = toks.next().unwrap();
            }
        }
        let mut comps = Vec::new();
        for t in toks {
            if t.contains('=') || t == "dlpkey" {
                continue;
            }
            let (ty, lints) = t.split_once(',').unwrap_or((t, ""));
            let optional = ty.starts_with('[');
            let ty = ty.trim_start_matches('[').trim_end_matches(']');
            let cset = ty.chars().next().unwrap();
            let len = &ty[1..];
            let (min, max) = match len.strip_prefix("..") {
                Some(n) => (1, n.parse().unwrap()),
                None => (len.parse().unwrap(), len.parse().unwrap()),
            };
            let lints = lints
                .split(',')
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            comps.push((cset, min, max, optional, lints));
        }
        let range: Vec<String> = match ais.split_once('-') {
            Some((a, b)) => (a.parse::<u32>().unwrap()..=b.parse().unwrap())
                .map(|n| format!("{n:0w$}", w = a.len()))
                .collect(),
            None => vec![ais.to_string()],
        };
        for ai in range {
            out.push(Ai {
                ai,
                predefined: flags.contains('*'),
                comps: comps.clone(),
            });
        }
    }
    out
}

const CSET82: &[u8] =
    b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const CSET39: &[u8] = b"#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CSET64: &[u8] = b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const COUNTRIES: &[&str] = &[
    "410", "156", "392", "840", "276", "250", "724", "643", "036", "704",
];
const CURRENCIES: &[&str] = &["410", "978", "840", "392", "156"];

fn check_digit(body: &str) -> char {
    let mut sum = 0u32;
    for (i, b) in body.bytes().rev().enumerate() {
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn digits(r: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + r.below(10) as u8))
        .collect()
}

fn date(r: &mut Rng, day_zero: bool) -> String {
    let m = 1 + r.below(12);
    let d = if day_zero && r.chance(20) {
        0
    } else {
        1 + r.below(28)
    };
    // Mostly real dates, sometimes an impossible one.
    let (m, d) = match r.below(40) {
        0 => (13, d),
        1 => (m, 31 + r.below(2)),
        2 => (2, 29 + r.below(2)),
        3 => (0, d),
        _ => (m, d),
    };
    format!("{:02}{m:02}{d:02}", r.below(100))
}

/// A value for one component, usually valid for its linters.
fn component(r: &mut Rng, cset: char, min: usize, max: usize, lints: &[String]) -> String {
    let len = if min == max {
        min
    } else {
        min + r.below(max.min(min + 12) - min + 1)
    };
    let l = |name: &str| lints.iter().any(|x| x == name);
    if l("csum") {
        let body = digits(r, len - 1);
        let c = if r.chance(8) {
            char::from(b'0' + r.below(10) as u8)
        } else {
            check_digit(&body)
        };
        return format!("{body}{c}");
    }
    if l("yymmd0") || l("yymmdd") {
        return date(r, l("yymmd0"));
    }
    if l("yyyymmdd") || l("yyyymmd0") {
        return format!("{}{}", 19 + r.below(2), date(r, l("yyyymmd0")));
    }
    if l("hhmi") {
        return format!("{:02}{:02}", r.below(26), r.below(62));
    }
    if l("hh") {
        return format!("{:02}", r.below(26));
    }
    if l("mi") || l("ss") {
        return format!("{:02}", r.below(62));
    }
    if l("iso3166") || l("iso3166999") {
        return if r.chance(10) {
            digits(r, 3)
        } else {
            r.pick(COUNTRIES).to_string()
        };
    }
    if l("iso4217") {
        return if r.chance(10) {
            digits(r, 3)
        } else {
            r.pick(CURRENCIES).to_string()
        };
    }
    if l("iso3166alpha2") {
        return r.pick(&["KR", "CN", "US", "XX", "JP", "DE"]).to_string();
    }
    if l("yesno") || l("iso5218") || l("winding") {
        return digits(r, 1);
    }
    if l("pieceoftotal") {
        let half = len / 2;
        let (a, b) = (1 + r.below(9), 1 + r.below(9));
        return format!("{:0w$}{:0w$}", a.min(b), a.max(b), w = half);
    }
    if l("hyphen") {
        return "-".into();
    }
    if l("zero") {
        return "0".into();
    }
    if l("nonzero") || l("nozeroprefix") {
        let mut s = digits(r, len);
        if r.chance(85) {
            s.replace_range(0..1, "1");
        }
        return s;
    }
    if l("mediatype") {
        return format!("{:02}", r.pick(&[1, 5, 10, 11, 80, 99, 50]));
    }
    if l("importeridx") {
        return r.pick(&["A", "z", "0", "-", "#"]).to_string();
    }
    if l("packagetype") {
        return r.pick(&["1A", "BX", "CT", "PK", "QQQ"]).to_string();
    }
    if l("posinseqslash") {
        return r.pick(&["1/3", "2/2", "3/2", "0/1"]).to_string();
    }
    if l("latitude") || l("longitude") {
        return digits(r, 10);
    }
    if l("couponcode") || l("couponposoffer") || l("iban") || l("csumalpha") {
        return r
            .pick(&[
                "0123456",
                "GB82WEST12345698765432",
                "1987654Ad4X4bL5ttr2310c2K",
            ])
            .to_string();
    }
    let set = match cset {
        'N' => b"0123456789".as_slice(),
        'X' => CSET82,
        'Y' => CSET39,
        _ => CSET64,
    };
    let mut s: String = (0..len).map(|_| char::from(*r.pick(set))).collect();
    if l("gcppos1") || l("gcppos2") {
        let d = digits(r, 5.min(len));
        s.replace_range(0..d.len(), &d);
    }
    s
}

fn value(r: &mut Rng, ai: &Ai) -> String {
    let mut v = String::new();
    for (cset, min, max, optional, lints) in &ai.comps {
        if *optional && r.chance(50) {
            break;
        }
        v.push_str(&component(r, *cset, *min, *max, lints));
    }
    // Now and then a value that is wrong in length or character.
    match r.below(30) {
        0 => v.push('7'),
        1 if v.len() > 1 => {
            v.pop();
        }
        2 => {
            let i = r.below(v.len().max(1));
            v.replace_range(i..(i + 1).min(v.len()), "é");
        }
        _ => {}
    }
    v
}

const KEYS: &[&str] = &[
    "01", "01", "01", "01", "00", "414", "8006", "253", "8004", "417",
];
const OFTEN: &[&str] = &[
    "10", "21", "17", "15", "11", "13", "3103", "3102", "422", "423", "424", "425", "426", "7006",
    "7007", "8008", "7003", "30", "22", "235", "254", "7005", "91", "16", "20",
];

/// A message: a key and a few attributes, as AI/value pairs.
fn message(r: &mut Rng, dict: &[Ai]) -> Vec<(String, String)> {
    let find = |a: &str| dict.iter().find(|d| d.ai == a).unwrap().clone();
    let mut ais = vec![find(r.pick::<&str>(KEYS))];
    for _ in 0..r.below(4) {
        let a = if r.chance(70) {
            find(r.pick::<&str>(OFTEN))
        } else {
            r.pick(dict).clone()
        };
        ais.push(a);
    }
    ais.iter().map(|a| (a.ai.clone(), value(r, a))).collect()
}

fn is_predefined(dict: &[Ai], ai: &str) -> bool {
    dict.iter().any(|d| d.ai == ai && d.predefined)
}

/// Element string with `sep` for FNC1 after variable-length fields.
fn element_string(r: &mut Rng, dict: &[Ai], pairs: &[(String, String)], sep: char) -> String {
    let mut s = String::new();
    for (i, (a, v)) in pairs.iter().enumerate() {
        s.push_str(a);
        s.push_str(v);
        let last = i + 1 == pairs.len();
        if !last && (!is_predefined(dict, a) || r.chance(5)) && !r.chance(4) {
            s.push(sep);
        }
    }
    if r.chance(3) {
        s.push(sep);
    }
    s
}

fn pct(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn digital_link(r: &mut Rng, dict: &[Ai], pairs: &[(String, String)]) -> String {
    let mut url = String::from(*r.pick(&[
        "https://id.gs1.org",
        "https://id.gs1.org/some/stem",
        "https://example.com",
    ]));
    let quals = ["22", "10", "21", "235", "254", "7040", "8011", "8019"];
    let mut query = Vec::new();
    for (i, (a, v)) in pairs.iter().enumerate() {
        let enc = match r.below(60) {
            0 => v.replace('A', "+"),
            1 => format!("{v}%2"),
            _ => pct(v),
        };
        let in_path = i == 0 || (quals.contains(&a.as_str()) && !r.chance(10));
        if in_path {
            url.push('/');
            url.push_str(a);
            url.push('/');
            url.push_str(&enc);
        } else {
            query.push(format!("{a}={enc}"));
        }
    }
    let _ = dict;
    if r.chance(10) {
        query.push("linkType=gs1:pip".into());
    }
    if !query.is_empty() {
        if r.chance(5) {
            let i = r.below(query.len());
            let q = query[i].clone();
            query.push(q);
        }
        url.push('?');
        url.push_str(&query.join("&"));
    }
    match r.below(40) {
        0 => url.push('/'),
        1 => url.push_str("#frag"),
        _ => {}
    }
    url
}

fn bracketed(r: &mut Rng, pairs: &[(String, String)]) -> String {
    let mut s: String = pairs
        .iter()
        .map(|(a, v)| format!("({a}){}", v.replace('(', "\\(")))
        .collect();
    if r.chance(4) {
        let i = 1 + r.below(s.len() - 1);
        if s.is_char_boundary(i) {
            s.insert(i, ' ');
        }
    }
    s
}

/// Our reading as AI/value pairs (dates and weight back in their AI form).
fn our_pairs(id: &Identification) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut put = |a: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.insert((a.to_string(), v.clone()));
        }
    };
    put("01", &id.gtin);
    put("10", &id.lot);
    put("21", &id.serial);
    put("00", &id.sscc);
    put("414", &id.gln);
    for d in &id.dates {
        let yy = &d.date[2..4];
        let mm = &d.date[5..7];
        let dd = d.date.get(8..10).unwrap_or("00");
        out.insert((d.ai.clone(), format!("{yy}{mm}{dd}")));
    }
    for (a, v) in &id.other_ais {
        out.insert((a.clone(), v.clone()));
    }
    out
}

#[test]
fn agrees_with_the_gs1_barcode_syntax_engine() {
    let Some(engine) = Engine::new(&dictionary_path()) else {
        eprintln!(
            "skipping: GS1 Barcode Syntax Engine not built (../shared/fixtures/external/gs1-syntax-engine absent)"
        );
        return;
    };
    let mut engine = engine.expect("engine loads the dictionary");
    let dict = load_dictionary();
    let cfg = ResolverConfig::new(["id.gs1.org"]);
    let year = current_year();
    let mut r = Rng(0x6C6F_7474_7261_6365);
    let mut total = 0usize;
    let mut agree = 0usize;
    let mut accepted = 0usize;
    let mut value_differs = Vec::new();
    let mut differences: Vec<String> = Vec::new();
    let per_form = 1600;
    for form in 0..4 {
        for _ in 0..per_form {
            let pairs = message(&mut r, &dict);
            let (ours_in, ref_form, ref_in) = match form {
                0 => {
                    let s = element_string(&mut r, &dict, &pairs, GS);
                    (
                        format!("{GS}{s}"),
                        Form::DataStr,
                        format!("^{}", s.replace(GS, "^")),
                    )
                }
                1 => {
                    let s = bracketed(&mut r, &pairs);
                    (s.clone(), Form::Bracketed, s)
                }
                2 => {
                    let s = if r.chance(10) {
                        let body = digits(&mut r, 12);
                        let c = if r.chance(80) {
                            check_digit(&body)
                        } else {
                            '0'
                        };
                        format!("]E0{body}{c}")
                    } else if r.chance(5) {
                        format!("]Q1{}", digital_link(&mut r, &dict, &pairs))
                    } else {
                        let id = *r.pick(&["]C1", "]d2", "]Q3", "]e0", "]J1"]);
                        let lead = if r.chance(3) {
                            GS.to_string()
                        } else {
                            String::new()
                        };
                        format!("{id}{lead}{}", element_string(&mut r, &dict, &pairs, GS))
                    };
                    (s.clone(), Form::ScanData, s)
                }
                _ => {
                    let s = digital_link(&mut r, &dict, &pairs);
                    (s.clone(), Form::DataStr, s)
                }
            };
            total += 1;
            let theirs = engine.read(ref_form, &ref_in);
            let ours = identify_at(&ours_in, &cfg, year).ok().filter(|id| {
                id.external_url.is_none()
                    || id.gtin.is_some()
                    || id.sscc.is_some()
                    || id.gln.is_some()
                    || !id.other_ais.is_empty()
            });
            match (&theirs, &ours) {
                (Ok(t), Some(o)) => {
                    accepted += 1;
                    let mut t: BTreeSet<(String, String)> = t.iter().cloned().collect();
                    // EAN-13 / UPC-A / EAN-8 scan data is a GTIN, not AI data, to the engine.
                    if let Some(body) = ours_in
                        .strip_prefix("]E0")
                        .or_else(|| ours_in.strip_prefix("]E4"))
                    {
                        if t.is_empty() {
                            t.insert(("01".into(), format!("{body:0>14}")));
                        }
                    }
                    // Net weight is read as a number: compare it as one.
                    let w: Vec<_> = t
                        .iter()
                        .filter(|(a, _)| a.starts_with("310"))
                        .cloned()
                        .collect();
                    for p in &w {
                        t.remove(p);
                        let n: f64 = p.1.parse().unwrap();
                        let kg = n / 10f64.powi(i32::from(p.0.as_bytes()[3] - b'0'));
                        if o.net_weight_kg != Some(kg) {
                            value_differs
                                .push(format!("{ours_in:?}: weight {kg} vs {:?}", o.net_weight_kg));
                        }
                    }
                    let mine = our_pairs(o);
                    if mine == t {
                        agree += 1;
                    } else {
                        value_differs.push(format!("{ours_in:?}: GS1 {t:?} / ours {mine:?}"));
                    }
                }
                (Err(_), None) => agree += 1,
                (Ok(_), None) => differences.push(format!(
                    "GS1 accepts, we refuse: {ours_in:?}: {:?}",
                    identify_at(&ours_in, &cfg, year)
                        .err()
                        .map(|e| (e.code, e.message))
                )),
                (Err(e), Some(_)) => {
                    differences.push(format!("GS1 refuses ({e}), we accept: {ours_in:?}"))
                }
            }
        }
    }
    let explained = |d: &String| {
        d.contains('+') && d.contains("GS1 refuses")
            || d.contains("BadPercentEncoding") && d.contains("%")
    };
    let unexplained: Vec<&String> = differences.iter().filter(|d| !explained(d)).collect();
    let rate = agree as f64 / total as f64;
    eprintln!(
        "{total} inputs ({accepted} accepted by both), agreement {:.2} %, {} differences ({} unexplained)",
        rate * 100.0,
        differences.len(),
        unexplained.len()
    );
    for d in differences.iter().take(40) {
        eprintln!("  {d}");
    }
    assert!(total >= 5000);
    assert!(
        value_differs.is_empty(),
        "accepted values differ: {value_differs:#?}"
    );
    assert!(
        unexplained.is_empty(),
        "unexplained differences: {unexplained:#?}"
    );
    assert!(rate >= 0.995, "agreement {rate}");
    // The corpus must exercise both outcomes broadly.
    assert!(accepted > total / 5, "only {accepted} accepted");
}
