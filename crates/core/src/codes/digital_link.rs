//! GS1 Digital Link URIs (GS1 Digital Link URI Syntax), the app's `/t/<code>` short
//! links, and the trust decision for scanned URLs.
//!
//! A URL is a Digital Link when its path ends in a GS1 key path: a primary key and its
//! value, then AI/value pairs (found as the GS1 Barcode Syntax Engine finds it, walking
//! back from the end). On any host, such a URL is read strictly and refused with the
//! reason when it is invalid; a compressed one (its last path segment) is read on any
//! host but refused only on a trusted one: elsewhere a segment that only looks like
//! compressed data is a page name. The rules: the key qualifiers in the order the
//! dictionary gives (`dlpkey`), no empty path segment or trailing slash, each query
//! data attribute once and only where the dictionary allows it (`?` flag), values
//! percent-encoded as RFC 3986 says (`%` + two hex digits; `+` is a plus sign), a
//! 14-digit GTIN, and every value valid for its AI.

use super::ai::{self, AiDef};
use super::compressed::{self, Pairs};
use super::error::{CodeError, CodeErrorKind as K};
use super::{
    describe_char, dl_encode, from_pairs, identify_inner, pct_decode, Identification, Kind,
    ResolverConfig, MAX_NESTING,
};

pub(crate) struct UrlParts<'a> {
    pub scheme: &'static str,
    /// `host[:port]`, lower-cased, without user info.
    pub authority: String,
    pub path: &'a str,
    pub query: &'a str,
}

/// RFC 3986 characters (unreserved, reserved and `%`).
fn is_uri_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

/// `None` when `s` is not an http(s) URL; `Some(Err)` when it is one but malformed.
pub(crate) fn split_url(s: &str) -> Option<Result<UrlParts<'_>, CodeError>> {
    let (scheme, rest) = if super::starts_with_ci(s, "https://") {
        ("https", s.get(8..)?)
    } else if super::starts_with_ci(s, "http://") {
        ("http", s.get(7..)?)
    } else {
        return None;
    };
    if let Some((i, c)) = s
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || !is_uri_char(c as u8))
    {
        let at = s.get(..i).map_or(i, |p| p.chars().count()) + 1;
        return Some(Err(CodeError::new(
            K::BadUrl,
            format!(
                "{} at position {at} is not allowed in a URI (RFC 3986)",
                describe_char(c)
            ),
        )
        .with_rule("uri")
        .at(at)));
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..auth_end).unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    if authority.is_empty() {
        return Some(Err(
            CodeError::new(K::BadUrl, "URL has no host").with_rule("uri")
        ));
    }
    if let Some(c) = authority
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
    {
        return Some(Err(CodeError::new(
            K::BadUrl,
            format!("URL host contains {}", describe_char(c)),
        )
        .with_rule("uri")));
    }
    let after = rest.get(auth_end..).unwrap_or("");
    let without_fragment = after.split('#').next().unwrap_or("");
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    Some(Ok(UrlParts {
        scheme,
        authority: authority.to_ascii_lowercase(),
        path,
        query,
    }))
}

pub(crate) enum PathKind {
    /// A Digital Link: primary key, qualifiers, then data attributes.
    Pairs(Vec<(String, String)>),
    /// A compressed Digital Link: its pairs, or why they cannot be read. A page name
    /// can look like compressed data, so the caller decides what a failure means.
    Compressed(Result<Vec<(String, String)>, CodeError>),
    /// `/t/<code>`: the decoded code.
    ShortLink(String),
    /// Some other page.
    Other,
}

/// Identifies a URL. A Digital Link (on any host) is read strictly; a valid one on an
/// untrusted host gives `external_link` with what it names, so the app shows it but
/// does not follow it by itself. Any other page is an `external_link`.
pub(crate) fn identify_url(
    s: &str,
    cfg: &ResolverConfig,
    depth: u8,
    year: i32,
) -> Result<Identification, CodeError> {
    let parts =
        split_url(s).unwrap_or_else(|| Err(CodeError::new(K::BadUrl, "not an http(s) URL")))?;
    let trusted = cfg.is_trusted(parts.scheme, &parts.authority);
    let parsed = match parse_path(parts.path, parts.query, year)? {
        PathKind::Pairs(pairs) => Some(from_pairs(Kind::DigitalLink, &pairs, year)?),
        // About 1 in 100 random base64url page names (video ids, slugs) starts like a
        // valid key and then breaks: refused on our or GS1's hosts, where a path is
        // no page name, and shown as a web page elsewhere.
        PathKind::Compressed(pairs) => {
            match pairs.and_then(|p| from_pairs(Kind::DigitalLink, &p, year)) {
                Ok(id) => Some(id),
                Err(e) if trusted => return Err(e),
                Err(_) => None,
            }
        }
        PathKind::ShortLink(code) => {
            if depth >= MAX_NESTING {
                return Err(CodeError::new(
                    K::UnknownFormat,
                    "short links nested too deeply",
                ));
            }
            if !trusted {
                None
            } else {
                let inner = identify_inner(&code, cfg, depth + 1, year)?;
                Some(if inner.kind == Kind::ExternalLink {
                    inner
                } else {
                    Identification {
                        kind: Kind::ShortLink,
                        ..inner
                    }
                })
            }
        }
        PathKind::Other => None,
    };
    match parsed {
        Some(id) if trusted || id.kind == Kind::ExternalLink => Ok(id),
        Some(id) => Ok(Identification {
            kind: Kind::ExternalLink,
            trusted: false,
            external_url: Some(s.to_string()),
            ..id
        }),
        None => {
            let mut id = Identification::new(Kind::ExternalLink);
            id.trusted = trusted;
            id.external_url = Some(s.to_string());
            Ok(id)
        }
    }
}

/// Convenience alphas of GS1 Digital Link 1.0 (deprecated; not accepted, but named in
/// the refusal).
fn alpha_ai(seg: &str) -> Option<&'static str> {
    Some(match seg {
        "gtin" => "01",
        "cpv" => "22",
        "lot" => "10",
        "ser" => "21",
        "sscc" => "00",
        "gln" => "414",
        "glnx" => "254",
        "gdti" => "253",
        "gcn" => "255",
        "giai" => "8004",
        "grai" => "8003",
        "gsrn" => "8018",
        "gsrnp" => "8017",
        "itip" => "8006",
        "gmn" => "8013",
        "cpid" => "8010",
        "cpsn" => "8011",
        "ginc" => "401",
        "gsin" => "402",
        "party" => "417",
        "refno" => "8020",
        "srin" => "8019",
        _ => return None,
    })
}

fn lookup_seg(seg: &str) -> Option<&'static AiDef> {
    if (2..=4).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_digit()) {
        ai::lookup(seg)
    } else {
        None
    }
}

/// Where the Digital Link path info starts in `segs` (index of the primary key), found
/// walking back pair by pair from the end while the segments are AIs.
fn find_key(segs: &[&str], map: impl Fn(&str) -> Option<&'static AiDef>) -> Option<usize> {
    let mut end = segs.len();
    while end >= 2 {
        let def = map(segs.get(end - 2)?)?;
        if def.dlpkey.is_some() {
            return Some(end - 2);
        }
        end -= 2;
    }
    None
}

fn bad_path(msg: String) -> CodeError {
    CodeError::new(K::BadPath, msg).with_rule("dl-path")
}

pub(crate) fn parse_path(path: &str, query: &str, year: i32) -> Result<PathKind, CodeError> {
    if let Some(code) = path.strip_prefix("/t/") {
        if code.is_empty() {
            return Err(CodeError::new(K::Empty, "short link /t/ has no code"));
        }
        return Ok(PathKind::ShortLink(pct_decode(code)?));
    }
    // `path` starts with "/" (or is empty); its segments after that slash.
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    if let Some(k) = find_key(&segs, lookup_seg) {
        let tail = segs.get(k..).unwrap_or(&[]);
        return parse_pairs(tail, query, year).map(PathKind::Pairs);
    }
    // Near misses that are still meant as Digital Links: refuse them with the reason.
    if path.len() > 1 && path.ends_with('/') {
        let trimmed: Vec<&str> = segs.get(..segs.len() - 1).unwrap_or(&[]).to_vec();
        if find_key(&trimmed, lookup_seg).is_some() {
            return Err(bad_path(
                "a GS1 Digital Link path does not end with \"/\"".to_string(),
            ));
        }
    }
    if segs.iter().any(|s| s.is_empty()) {
        let kept: Vec<&str> = segs.iter().copied().filter(|s| !s.is_empty()).collect();
        if find_key(&kept, lookup_seg).is_some() {
            return Err(bad_path(
                "a GS1 Digital Link path has no empty segments (\"//\")".to_string(),
            ));
        }
    }
    if find_key(&segs, |s| {
        lookup_seg(s).or_else(|| alpha_ai(s).and_then(ai::lookup))
    })
    .is_some()
    {
        let alpha = segs
            .iter()
            .find(|s| alpha_ai(s).is_some())
            .copied()
            .unwrap_or("");
        return Err(bad_path(format!(
            "\"/{alpha}/\" is a deprecated convenience alpha; a GS1 Digital Link names AIs by number (/{}/)",
            alpha_ai(alpha).unwrap_or("01")
        )));
    }
    if let Some((last, prefix)) = segs.split_last() {
        match compressed::decompress(last, year) {
            Ok(None) => {}
            Ok(Some(data)) => {
                return Ok(PathKind::Compressed(read_compressed(
                    prefix, data, query, year,
                )))
            }
            Err(e) => return Ok(PathKind::Compressed(Err(e))),
        }
    }
    Ok(PathKind::Other)
}

/// A compressed Digital Link, read as its uncompressed form: the primary key (the first
/// decompressed, or one left uncompressed in the path before the segment) and its
/// qualifiers in the key's order become the path, the other AIs the query ahead of the
/// URI's own, and that is read by the same rules.
fn read_compressed(
    prefix: &[&str],
    data: Pairs,
    query: &str,
    year: i32,
) -> Result<Vec<(String, String)>, CodeError> {
    let head = find_key(prefix, lookup_seg).and_then(|k| prefix.get(k..));
    let mut path: Vec<String> = head
        .unwrap_or(&[])
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    let key = match head.and_then(|h| h.first()) {
        Some(k) => lookup_seg(k),
        None => data
            .iter()
            .find_map(|(a, _)| ai::lookup(a).filter(|d| d.dlpkey.is_some())),
    }
    .ok_or_else(|| {
        CodeError::new(
            K::BadCompressed,
            "the compressed GS1 Digital Link holds no primary key (GTIN, SSCC, GLN…)",
        )
        .with_rule("dlpkey")
    })?;
    let qualifiers: Vec<&str> = ai::dl_qualifiers(key).collect();
    let rank = |a: &str| qualifiers.iter().position(|q| *q == a);
    let mut in_path: Vec<&(String, String)> = Vec::new();
    let mut attributes: Vec<&(String, String)> = Vec::new();
    let mut key_placed = !path.is_empty();
    for pair in &data {
        if !key_placed && pair.0 == key.ai {
            path.push(pair.0.clone());
            path.push(dl_encode(&pair.1));
            key_placed = true;
        } else if rank(&pair.0).is_some() {
            in_path.push(pair);
        } else {
            attributes.push(pair);
        }
    }
    in_path.sort_by_key(|(a, _)| rank(a));
    // The data has no order of its own (optimisation codes group AIs): read the
    // attributes in AI order, so every compression of the same data reads the same.
    attributes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut attributes: Vec<String> = attributes
        .iter()
        .map(|(a, v)| format!("{a}={}", dl_encode(v)))
        .collect();
    for (a, v) in in_path {
        path.push(a.clone());
        path.push(dl_encode(v));
    }
    if !query.is_empty() {
        attributes.push(query.to_string());
    }
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    parse_pairs(&segs, &attributes.join("&"), year)
}

/// Percent-decodes a path or query value (RFC 3986: `+` stays a plus sign); a NUL is
/// refused.
fn value_of(def: &AiDef, raw: &str) -> Result<String, CodeError> {
    let v = pct_decode(raw).map_err(|e| e.with_ai(def.ai))?;
    if v.contains('\0') {
        return Err(CodeError::new(
            K::BadPercentEncoding,
            format!("{} holds a NUL (%00)", def.label()),
        )
        .with_ai(def.ai)
        .with_rule("uri"));
    }
    Ok(v)
}

fn parse_pairs(tail: &[&str], query: &str, year: i32) -> Result<Vec<(String, String)>, CodeError> {
    let _ = year;
    let mut pairs = Vec::with_capacity(tail.len() / 2 + 4);
    let mut path_ais: Vec<&'static str> = Vec::with_capacity(tail.len() / 2);
    for chunk in tail.chunks(2) {
        let (Some(a), Some(v)) = (chunk.first(), chunk.get(1)) else {
            continue;
        };
        let def = lookup_seg(a).ok_or_else(|| {
            CodeError::new(
                K::UnknownAi,
                format!("\"{a}\" in the Digital Link path is not a GS1 Application Identifier"),
            )
            .with_rule("dl-path")
        })?;
        if v.is_empty() {
            return Err(bad_path(format!(
                "{} has an empty value in the Digital Link path",
                def.label()
            ))
            .with_ai(def.ai));
        }
        let value = value_of(def, v)?;
        if def.ai == "01" && value.len() != 14 && value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::new(
                K::TooShort,
                format!(
                    "a GTIN in a GS1 Digital Link has 14 digits, got {}: pad it with leading zeros (/01/{value:0>14})",
                    value.len()
                ),
            )
            .with_ai("01")
            .with_rule("length")
            .expecting("14"));
        }
        path_ais.push(def.ai);
        pairs.push((def.ai.to_string(), value));
    }
    let key = path_ais
        .first()
        .and_then(|k| ai::lookup(k))
        .ok_or_else(|| bad_path("no primary key in the Digital Link path".to_string()))?;
    check_qualifiers(key, &path_ais)?;
    pairs.extend(query_pairs(Some(key), &path_ais, query)?);
    // Each AI once in a Digital Link.
    for (i, (a, _)) in pairs.iter().enumerate() {
        if pairs.iter().take(i).any(|(b, _)| a == b) {
            let label = ai::lookup(a).map_or_else(|| format!("({a})"), AiDef::label);
            return Err(CodeError::new(
                K::DuplicateAi,
                format!("{label} appears twice in the Digital Link"),
            )
            .with_ai(a)
            .with_rule("dl-attr"));
        }
    }
    Ok(pairs)
}

/// The data attributes of the query string. Parameters that are not numeric (linkType,
/// context…) are resolver parameters, not data, and are skipped, as are ones without `=`.
fn query_pairs(
    key: Option<&AiDef>,
    path_ais: &[&'static str],
    query: &str,
) -> Result<Vec<(String, String)>, CodeError> {
    let mut out = Vec::new();
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let def = lookup_seg(k).ok_or_else(|| {
            CodeError::new(
                K::UnknownAi,
                format!("query parameter {k} is not a GS1 Application Identifier"),
            )
            .with_rule("dl-attr")
        })?;
        if v.is_empty() {
            return Err(CodeError::new(
                K::EmptyValue,
                format!("{} has an empty value in the query string", def.label()),
            )
            .with_ai(def.ai)
            .with_rule("dl-attr"));
        }
        if !def.dl_attr {
            return Err(CodeError::new(
                K::BadQuery,
                format!("{} cannot be a Digital Link data attribute", def.label()),
            )
            .with_ai(def.ai)
            .with_rule("dl-attr"));
        }
        if let Some(key) = key {
            // An AI that would make a valid key path belongs in the path.
            let belongs = (1..=path_ais.len()).any(|j| {
                let mut seq: Vec<&str> = path_ais.to_vec();
                seq.insert(j, def.ai);
                ai::is_valid_dl_path(&seq)
            });
            if belongs {
                return Err(CodeError::new(
                    K::BadQuery,
                    format!(
                        "{} is part of the key of {} and belongs in the Digital Link path, not the query string",
                        def.label(),
                        key.label()
                    ),
                )
                .with_ai(def.ai)
                .with_rule("dlpkey"));
            }
        }
        out.push((def.ai.to_string(), value_of(def, v)?));
    }
    Ok(out)
}

/// Key qualifiers must be one of the key's allowed sequences, in order, each at most once.
fn check_qualifiers(key: &AiDef, seq: &[&str]) -> Result<(), CodeError> {
    if ai::is_valid_dl_path(seq) {
        return Ok(());
    }
    let quals = seq.get(1..).unwrap_or(&[]);
    if let Some(bad) = quals
        .iter()
        .find(|g| !ai::dl_qualifiers(key).any(|q| q == **g))
    {
        let label = ai::lookup(bad).map_or_else(|| format!("({bad})"), AiDef::label);
        let hint = if ai::lookup(bad).is_some_and(|d| d.dl_attr) {
            format!("; data attributes go in the query string (?{bad}=…)")
        } else {
            String::new()
        };
        return Err(CodeError::new(
            K::BadQualifier,
            format!("{label} is not a key qualifier of {}{hint}", key.label()),
        )
        .with_ai(bad)
        .with_rule("dlpkey"));
    }
    Err(CodeError::new(
        K::QualifierOrder,
        format!(
            "key qualifiers of {} must follow the order {} (each at most once)",
            key.label(),
            ai::dl_orders(key)
        ),
    )
    .with_ai(key.ai)
    .with_rule("dlpkey")
    .expecting(ai::dl_orders(key)))
}
