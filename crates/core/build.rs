//! Compiles the GS1 Barcode Syntax Dictionary (`data/gs1-syntax-dictionary.txt`) into the
//! AI table of `codes` (`$OUT_DIR/ai_table.rs`). The dictionary file is the source: a
//! newer dictionary is a data change. A linter the crate does not implement, or a line
//! this parser cannot read, fails the build with the line number, so a new rule is never
//! skipped silently.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Linters of the dictionary that `codes::lint` implements (the dictionary's names).
const LINTERS: &[&str] = &[
    "couponcode",
    "couponposoffer",
    "csum",
    "csumalpha",
    "gcppos1",
    "gcppos2",
    "hasnondigit",
    "hh",
    "hhmi",
    "hyphen",
    "iban",
    "importeridx",
    "iso3166",
    "iso3166999",
    "iso3166alpha2",
    "iso4217",
    "iso5218",
    "latitude",
    "longitude",
    "mediatype",
    "mi",
    "nonzero",
    "nozeroprefix",
    "packagetype",
    "pcenc",
    "pieceoftotal",
    "posinseqslash",
    "ss",
    "winding",
    "yesno",
    "yymmd0",
    "yymmdd",
    "yyyymmd0",
    "yyyymmdd",
    "zero",
];

struct Comp {
    cset: char,
    min: usize,
    max: usize,
    optional: bool,
    linters: Vec<String>,
}

struct Entry {
    ai: String,
    predefined: bool,
    dl_attr: bool,
    comps: Vec<Comp>,
    /// Each `req=` attribute: alternatives (`,`), each all of (`+`).
    req: Vec<Vec<Vec<String>>>,
    ex: Vec<String>,
    /// `None`: not a key; `Some(alternative qualifier sequences)`.
    dlpkey: Option<Vec<Vec<String>>>,
    title: String,
}

fn fail(line: usize, why: &str) -> ! {
    panic!("gs1-syntax-dictionary.txt line {line}: {why}");
}

fn is_ai(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_pattern(s: &str) -> bool {
    (2..=4).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'n')
        && s.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn parse_comp(tok: &str, line: usize) -> Comp {
    let (ty, linters) = match tok.split_once(',') {
        Some((t, l)) => (t, l.split(',').map(str::to_string).collect::<Vec<_>>()),
        None => (tok, Vec::new()),
    };
    let optional = ty.starts_with('[');
    let ty = if optional {
        ty.strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or_else(|| fail(line, &format!("bad optional component {tok}")))
    } else {
        ty
    };
    let mut chars = ty.chars();
    let cset = chars
        .next()
        .unwrap_or_else(|| fail(line, "empty component"));
    if !matches!(cset, 'N' | 'X' | 'Y' | 'Z') {
        fail(line, &format!("unknown character set {cset} in {tok}"));
    }
    let len = chars.as_str();
    let (min, max) = match len.strip_prefix("..") {
        Some(n) => (1, n.parse().unwrap_or_else(|_| fail(line, tok))),
        None => {
            let n = len.parse().unwrap_or_else(|_| fail(line, tok));
            (n, n)
        }
    };
    for l in &linters {
        if !LINTERS.contains(&l.as_str()) {
            fail(
                line,
                &format!("linter \"{l}\" is not implemented by codes::lint; add it there"),
            );
        }
    }
    Comp {
        cset,
        min,
        max,
        optional,
        linters,
    }
}

fn parse_line(text: &str, line: usize) -> Vec<Entry> {
    let (body, title) = match text.split_once('#') {
        Some((b, t)) => (b, t.trim().to_string()),
        None => (text, String::new()),
    };
    let mut toks = body.split_whitespace().peekable();
    let ais = toks.next().unwrap_or_else(|| fail(line, "no AI"));
    let mut predefined = false;
    let mut dl_attr = false;
    if let Some(t) = toks.peek() {
        if !t.starts_with(['N', 'X', 'Y', 'Z', '[']) {
            for f in t.chars() {
                match f {
                    '*' => predefined = true,
                    '?' => dl_attr = true,
                    // Flags allocated for future use carry no rule yet.
                    _ if "!\"$%&'()+,-./:;<=>@[\\]^_`{|}~".contains(f) => {}
                    _ => fail(line, &format!("unknown flag {f}")),
                }
            }
            toks.next();
        }
    }
    let mut comps = Vec::new();
    let mut req = Vec::new();
    let mut ex = Vec::new();
    let mut dlpkey = None;
    for t in toks {
        if let Some(v) = t.strip_prefix("req=") {
            let alts: Vec<Vec<String>> = v
                .split(',')
                .map(|alt| alt.split('+').map(str::to_string).collect())
                .collect();
            if alts.iter().flatten().any(|a| !is_pattern(a)) {
                fail(line, &format!("bad req attribute {t}"));
            }
            req.push(alts);
        } else if let Some(v) = t.strip_prefix("ex=") {
            for a in v.split(',') {
                if !is_pattern(a) {
                    fail(line, &format!("bad ex attribute {t}"));
                }
                ex.push(a.to_string());
            }
        } else if t == "dlpkey" {
            dlpkey.get_or_insert_with(Vec::new).push(Vec::new());
        } else if let Some(v) = t.strip_prefix("dlpkey=") {
            let seqs = dlpkey.get_or_insert_with(Vec::new);
            for alt in v.split('|') {
                let seq: Vec<String> = alt.split(',').map(str::to_string).collect();
                if seq.iter().any(|a| !is_ai(a)) {
                    fail(line, &format!("bad dlpkey attribute {t}"));
                }
                seqs.push(seq);
            }
        } else if t.contains('=') || !comps.is_empty() && !t.starts_with(['N', 'X', 'Y', 'Z', '['])
        {
            // An attribute this crate has no rule for would be a silent gap.
            fail(line, &format!("unknown attribute {t}"));
        } else {
            comps.push(parse_comp(t, line));
        }
    }
    if comps.is_empty() {
        fail(line, "no components");
    }
    let range: Vec<String> = match ais.split_once('-') {
        Some((a, b)) => {
            let (x, y): (u32, u32) = (
                a.parse().unwrap_or_else(|_| fail(line, ais)),
                b.parse().unwrap_or_else(|_| fail(line, ais)),
            );
            (x..=y).map(|n| format!("{n:0w$}", w = a.len())).collect()
        }
        None => vec![ais.to_string()],
    };
    range
        .into_iter()
        .map(|ai| {
            if !is_ai(&ai) {
                fail(line, &format!("bad AI {ai}"));
            }
            Entry {
                ai,
                predefined,
                dl_attr,
                comps: comps
                    .iter()
                    .map(|c| Comp {
                        cset: c.cset,
                        min: c.min,
                        max: c.max,
                        optional: c.optional,
                        linters: c.linters.clone(),
                    })
                    .collect(),
                req: req.clone(),
                ex: ex.clone(),
                dlpkey: dlpkey.clone(),
                title: title.clone(),
            }
        })
        .collect()
}

fn camel(l: &str) -> String {
    let mut c = l.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn strs(v: &[String]) -> String {
    let inner: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", inner.join(", "))
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let path = dir.join("data/gs1-syntax-dictionary.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut release = String::from("UNSET");
    let mut entries: Vec<Entry> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if let Some(r) = l.strip_prefix("# Release:") {
            release = r.trim().to_string();
        }
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        entries.extend(parse_line(l, i + 1));
    }
    entries.sort_by(|a, b| a.ai.cmp(&b.ai));
    for w in entries.windows(2) {
        if let [a, b] = w {
            if a.ai == b.ai || b.ai.starts_with(&a.ai) {
                panic!("AI {} and {} are not prefix-free", a.ai, b.ai);
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by build.rs from data/gs1-syntax-dictionary.txt; do not edit.\n\
         /// The `Release:` line of the dictionary compiled in.\n\
         pub(crate) const DICTIONARY_RELEASE: &str = {release:?};\n\
         pub(crate) static AI_TABLE: &[AiDef] = &["
    );
    for e in &entries {
        let comps: Vec<String> = e
            .comps
            .iter()
            .map(|c| {
                let cset = match c.cset {
                    'N' => "Num",
                    'X' => "Cset82",
                    'Y' => "Cset39",
                    _ => "Cset64",
                };
                let lints: Vec<String> = c
                    .linters
                    .iter()
                    .map(|l| format!("Lint::{}", camel(l)))
                    .collect();
                format!(
                    "Comp {{ cset: Cset::{cset}, min: {}, max: {}, optional: {}, linters: &[{}] }}",
                    c.min,
                    c.max,
                    c.optional,
                    lints.join(", ")
                )
            })
            .collect();
        let req: Vec<String> = e
            .req
            .iter()
            .map(|alts| {
                let a: Vec<String> = alts.iter().map(|all| strs(all)).collect();
                format!("&[{}]", a.join(", "))
            })
            .collect();
        let dlpkey = match &e.dlpkey {
            None => "None".to_string(),
            Some(seqs) => {
                let s: Vec<String> = seqs.iter().map(|q| strs(q)).collect();
                format!("Some(&[{}])", s.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "    AiDef {{ ai: {:?}, predefined: {}, dl_attr: {}, comps: &[{}], req: &[{}], ex: {}, dlpkey: {}, title: {:?} }},",
            e.ai,
            e.predefined,
            e.dl_attr,
            comps.join(", "),
            req.join(", "),
            strs(&e.ex),
            dlpkey,
            e.title
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("ai_table.rs"), out).expect("write ai_table.rs");
}
