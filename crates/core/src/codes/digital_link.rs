//! GS1 Digital Link URIs (uncompressed), the app's `/t/<code>` short links, and the
//! trust decision for scanned URLs.

use super::ai::{self, AiDef};
use super::{
    from_pairs, identify_inner, normalize_gtin, pct_decode, CodeError, Identification, Kind,
    ResolverConfig, MAX_NESTING,
};

pub(crate) struct UrlParts<'a> {
    pub scheme: &'static str,
    /// `host[:port]`, lower-cased, without user info.
    pub authority: String,
    pub path: &'a str,
    pub query: &'a str,
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
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..auth_end).unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    if authority.is_empty() {
        return Some(Err(CodeError::new("bad_url", "URL has no host")));
    }
    if let Some(c) = authority
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_')))
    {
        return Some(Err(CodeError::new(
            "bad_url",
            format!("URL host contains {}", super::describe_char(c)),
        )));
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
    /// `/t/<code>`: the decoded code.
    ShortLink(String),
    /// Some other page.
    Other,
}

/// Identifies a URL; untrusted hosts give `external_link` (still parsed for AIs when it
/// is a valid Digital Link, so the app can show what it names).
pub(crate) fn identify_url(
    s: &str,
    cfg: &ResolverConfig,
    depth: u8,
) -> Result<Identification, CodeError> {
    let parts =
        split_url(s).unwrap_or_else(|| Err(CodeError::new("bad_url", "not an http(s) URL")))?;
    let trusted = cfg.is_trusted(parts.scheme, &parts.authority);
    let parsed = parse_path(parts.path, parts.query).and_then(|k| match k {
        PathKind::Pairs(pairs) => from_pairs(Kind::DigitalLink, &pairs).map(Some),
        PathKind::ShortLink(code) => {
            if depth >= MAX_NESTING {
                return Err(CodeError::new(
                    "unknown_format",
                    "short links nested too deeply",
                ));
            }
            let inner = identify_inner(&code, cfg, depth + 1)?;
            Ok(Some(if inner.kind == Kind::ExternalLink {
                inner
            } else {
                Identification {
                    kind: Kind::ShortLink,
                    ..inner
                }
            }))
        }
        PathKind::Other => Ok(None),
    });
    match (trusted, parsed) {
        (true, Ok(Some(id))) => Ok(id),
        (true, Err(e)) => Err(e),
        (false, Ok(Some(id))) if id.kind != Kind::ExternalLink => Ok(Identification {
            kind: Kind::ExternalLink,
            trusted: false,
            external_url: Some(s.to_string()),
            ..id
        }),
        (false, Ok(Some(id))) => Ok(id),
        (t, _) => {
            let mut id = Identification::new(Kind::ExternalLink);
            id.trusted = t;
            id.external_url = Some(s.to_string());
            Ok(id)
        }
    }
}

/// Short path aliases of GS1 Digital Link 1.0 (e.g. `/gtin/…/lot/…`).
fn alias(seg: &str) -> &str {
    match seg {
        "gtin" => "01",
        "cpv" => "22",
        "lot" => "10",
        "ser" => "21",
        "sscc" => "00",
        "gln" => "414",
        "glnx" => "254",
        other => other,
    }
}

fn primary_key(seg: &str) -> Option<&'static AiDef> {
    let a = alias(seg);
    if !a.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ai::lookup(a).filter(|d| d.dlpkey.is_some())
}

/// A path segment that looks like a compressed Digital Link (base64url binary data).
fn looks_compressed(seg: &str) -> bool {
    seg.len() >= 10
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && seg.bytes().any(|b| b.is_ascii_digit())
        && seg
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_')
        && !seg.bytes().all(|b| b.is_ascii_digit())
}

fn compressed() -> CodeError {
    CodeError::new(
        "unsupported_compressed",
        "compressed GS1 Digital Links are not supported; use the uncompressed form (e.g. /01/{GTIN}/10/{lot})",
    )
}

pub(crate) fn parse_path(path: &str, query: &str) -> Result<PathKind, CodeError> {
    let trimmed = path.trim_start_matches('/');
    if let Some(code) = trimmed.strip_prefix("t/") {
        let code = code.trim_end_matches('/');
        if code.is_empty() {
            return Err(CodeError::new("empty", "short link /t/ has no code"));
        }
        return Ok(PathKind::ShortLink(pct_decode(code)?));
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut first_err: Option<CodeError> = None;
    for (i, seg) in segs.iter().enumerate() {
        let Some(def) = primary_key(seg) else {
            continue;
        };
        let tail = segs.get(i..).unwrap_or(&[]);
        let res = if tail.len() % 2 == 1 {
            let last = tail.last().copied().unwrap_or("");
            Err(if tail.len() > 1 && looks_compressed(last) {
                compressed()
            } else {
                CodeError::new(
                    "bad_path",
                    format!(
                        "Digital Link path after {} must be AI/value pairs; \"{last}\" has no partner",
                        def.label()
                    ),
                )
            })
        } else {
            parse_pairs(def, tail, query)
        };
        match res {
            Ok(pairs) => return Ok(PathKind::Pairs(pairs)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_err {
        return Err(e);
    }
    if segs.last().is_some_and(|s| looks_compressed(s)) {
        return Err(compressed());
    }
    Ok(PathKind::Other)
}

fn parse_pairs(
    key: &'static AiDef,
    tail: &[&str],
    query: &str,
) -> Result<Vec<(String, String)>, CodeError> {
    let mut pairs = Vec::with_capacity(tail.len() / 2 + 4);
    let mut qualifiers: Vec<&'static str> = Vec::new();
    for (n, chunk) in tail.chunks(2).enumerate() {
        let (Some(a), Some(v)) = (chunk.first(), chunk.get(1)) else {
            continue;
        };
        let a = alias(a);
        let def = if n == 0 {
            key
        } else {
            let def = a
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| ai::lookup(a))
                .flatten()
                .ok_or_else(|| {
                    CodeError::new(
                        "unknown_ai",
                        format!(
                            "\"{a}\" in the Digital Link path is not a GS1 Application Identifier"
                        ),
                    )
                })?;
            qualifiers.push(def.ai);
            def
        };
        let value = pct_decode(v)?;
        let value = if def.ai == "01" && value.len() != 14 {
            // GTIN-8/12/13 in a Digital Link are read as their 14-digit form.
            normalize_gtin(&value)?
        } else {
            ai::validate(def, &value)?;
            value
        };
        pairs.push((def.ai.to_string(), value));
    }
    check_qualifiers(key, &qualifiers)?;
    let allowed: Vec<&str> = key
        .dlpkey
        .unwrap_or("")
        .split(['|', ','])
        .filter(|s| !s.is_empty())
        .collect();
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let k = pct_decode(k)?;
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_digit()) {
            // linkType, lang, context… are resolver parameters, not data.
            continue;
        }
        let def = ai::lookup(&k).ok_or_else(|| {
            CodeError::new(
                "unknown_ai",
                format!("query parameter {k} is not a GS1 Application Identifier"),
            )
        })?;
        if def.ai == key.ai || allowed.contains(&def.ai) {
            return Err(CodeError::new(
                "bad_query",
                format!(
                    "{} is part of the key of {} and belongs in the Digital Link path, not the query string",
                    def.label(),
                    key.label()
                ),
            ));
        }
        if !def.dl_attr {
            return Err(CodeError::new(
                "bad_query",
                format!("{} cannot be a Digital Link data attribute", def.label()),
            ));
        }
        let value = pct_decode(v)?;
        ai::validate(def, &value)?;
        pairs.push((def.ai.to_string(), value));
    }
    Ok(pairs)
}

/// Key qualifiers must be one of the key's allowed sequences, in order, each at most once.
fn check_qualifiers(key: &AiDef, got: &[&str]) -> Result<(), CodeError> {
    if got.is_empty() {
        return Ok(());
    }
    let spec = key.dlpkey.unwrap_or("");
    let sequences: Vec<Vec<&str>> = spec
        .split('|')
        .map(|alt| alt.split(',').filter(|s| !s.is_empty()).collect())
        .collect();
    let fits = |seq: &Vec<&str>| {
        let mut it = seq.iter();
        got.iter().all(|g| it.any(|s| s == g))
    };
    if sequences.iter().any(fits) {
        return Ok(());
    }
    if let Some(bad) = got
        .iter()
        .find(|g| !sequences.iter().any(|seq| seq.contains(g)))
    {
        let label = ai::lookup(bad).map_or_else(|| format!("({bad})"), AiDef::label);
        return Err(CodeError::new(
            "bad_qualifier",
            format!(
                "{label} is not a key qualifier of {}; data attributes go in the query string (?{bad}=…)",
                key.label()
            ),
        ));
    }
    let orders: Vec<String> = sequences
        .iter()
        .map(|seq| {
            seq.iter()
                .map(|s| format!("({s})"))
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    Err(CodeError::new(
        "qualifier_order",
        format!(
            "key qualifiers of {} must follow the order {} (each at most once)",
            key.label(),
            orders.join(" or ")
        ),
    ))
}
