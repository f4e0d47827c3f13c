//! GS1 element strings: FNC1/GS-separated (as decoders transmit them), without
//! separators (when a decoder dropped them), and parenthesised (human-readable).

use super::ai::{self, AiDef};
use super::{CodeError, GS};

type Pairs = Vec<(String, String)>;

fn unknown_ai(rest: &str) -> CodeError {
    let shown: String = rest.chars().take(8).collect();
    CodeError::new(
        "unknown_ai",
        format!("no GS1 Application Identifier starts at \"{shown}\""),
    )
}

/// Parenthesised form: `(01)08801234567893(10)L240513A(17)251231`. A value ends where
/// `(` + a defined AI + `)` starts, so values may themselves contain parentheses.
pub(crate) fn parse_hri(s: &str) -> Result<Pairs, CodeError> {
    let mut pairs = Pairs::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (def, after) = hri_ai_at(rest).ok_or_else(|| {
            CodeError::new(
                "bad_element_string",
                format!(
                    "expected \"(AI)\" with a defined GS1 Application Identifier at \"{}\"",
                    rest.chars().take(8).collect::<String>()
                ),
            )
        })?;
        // The next "(AI)" ends this value.
        let end = after
            .char_indices()
            .find(|&(i, c)| c == '(' && after.get(i..).and_then(hri_ai_at).is_some())
            .map_or(after.len(), |(i, _)| i);
        let value = after.get(..end).unwrap_or("").trim_matches(' ');
        ai::validate(def, value)?;
        pairs.push((def.ai.to_string(), normalise(def, value)));
        rest = after.get(end..).unwrap_or("");
    }
    Ok(pairs)
}

/// `(AI)` at the start of `s`: the definition and the text after `)`.
fn hri_ai_at(s: &str) -> Option<(&'static AiDef, &str)> {
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')')?;
    let digits = inner.get(..close)?;
    if !(2..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((ai::lookup(digits)?, inner.get(close + 1..)?))
}

fn normalise(_def: &AiDef, value: &str) -> String {
    value.to_string()
}

/// FNC1 form, data only (no symbology identifier, no leading FNC1). With GS separators
/// present, they end every variable-length field. Without any, the fields are recovered
/// when exactly one split of the string is valid; otherwise the error says it is
/// ambiguous.
pub(crate) fn parse_fnc1(s: &str) -> Result<Pairs, CodeError> {
    if s.contains(GS) {
        let mut pairs = Pairs::new();
        for (i, seg) in s.split(GS).enumerate() {
            if seg.is_empty() {
                return Err(CodeError::new(
                    "lone_separator",
                    format!("empty field before FNC1 separator number {}", i + 1),
                ));
            }
            parse_segment(seg, &mut pairs)?;
        }
        return Ok(pairs);
    }
    parse_unseparated(s)
}

/// One GS-terminated segment: pre-defined/fixed-length fields, then possibly one
/// variable-length field running to the end.
fn parse_segment(seg: &str, pairs: &mut Pairs) -> Result<(), CodeError> {
    let mut rest = seg;
    while !rest.is_empty() {
        let def = ai::ai_prefix(rest).ok_or_else(|| unknown_ai(rest))?;
        let data = rest.get(def.ai.len()..).unwrap_or("");
        let take = match def.fixed_len() {
            Some(n) => n.min(data.len()),
            None => data.len(),
        };
        let Some(value) = data.get(..take) else {
            // Only possible with non-ASCII data: report it as a character-set error.
            ai::validate(def, data)?;
            return Err(unknown_ai(data));
        };
        ai::validate(def, value)?;
        pairs.push((def.ai.to_string(), normalise(def, value)));
        rest = data.get(take..).unwrap_or("");
    }
    Ok(())
}

/// Value lengths to try for `def` at a position with `avail` bytes left.
fn candidate_lengths(def: &AiDef, avail: usize) -> std::ops::RangeInclusive<usize> {
    match def.fixed_len() {
        Some(n) => n..=n,
        None => def.min_len().max(1)..=def.max_len().min(avail),
    }
}

/// No separators. The natural reading (fixed-length fields, then one variable-length
/// field running to the end, as GS1 recommends encoding) is taken when valid. Otherwise a
/// separator must have been dropped after a variable-length field: count the valid
/// splits (capped at 2) by dynamic programming over positions, bounded by length ×
/// longest AI value; one valid split is recovered, several are reported as ambiguous.
fn parse_unseparated(s: &str) -> Result<Pairs, CodeError> {
    if let Some(c) = s.chars().find(|c| !c.is_ascii()) {
        return Err(CodeError::new(
            "bad_charset",
            format!(
                "GS1 element strings hold ASCII only; found {}",
                super::describe_char(c)
            ),
        ));
    }
    let mut natural = Pairs::new();
    let natural_err = match parse_segment(s, &mut natural) {
        Ok(()) => return Ok(natural),
        Err(e) => e,
    };
    let n = s.len();
    // ways[p]: number of valid parses of s[p..], capped at 2.
    let mut ways = vec![0u8; n + 1];
    if let Some(w) = ways.get_mut(n) {
        *w = 1;
    }
    for p in (0..n).rev() {
        let rest = s.get(p..).unwrap_or("");
        let Some(def) = ai::ai_prefix(rest) else {
            continue;
        };
        let v0 = p + def.ai.len();
        let mut count = 0u8;
        for len in candidate_lengths(def, n.saturating_sub(v0)) {
            let end = v0 + len;
            let after = ways.get(end).copied().unwrap_or(0);
            if after == 0 {
                continue;
            }
            let Some(value) = s.get(v0..end) else {
                continue;
            };
            if ai::validate(def, value).is_ok() {
                count = count.saturating_add(after).min(2);
                if count >= 2 {
                    break;
                }
            }
        }
        if let Some(w) = ways.get_mut(p) {
            *w = count;
        }
    }
    match ways.first().copied().unwrap_or(0) {
        // No valid split: the natural reading's error names the offending AI.
        0 => Err(natural_err),
        1 => Ok(readings(s, &ways, 1).into_iter().next().unwrap_or_default()),
        _ => {
            let shown: Vec<String> = readings(s, &ways, 2)
                .iter()
                .map(|r| r.iter().map(|(a, v)| format!("({a}){v}")).collect())
                .collect();
            Err(CodeError::new(
                "ambiguous",
                format!(
                    "GS1 string without FNC1 separators is ambiguous: it reads as {}; rescan or type it with separators or parentheses",
                    shown.join(" or as ")
                ),
            ))
        }
    }
}

/// Up to `max` distinct valid splits, following only positions with `ways > 0`.
fn readings(s: &str, ways: &[u8], max: usize) -> Vec<Pairs> {
    let mut out = Vec::new();
    let mut cur = Pairs::new();
    walk(s, 0, ways, max, &mut cur, &mut out);
    out
}

fn walk(s: &str, p: usize, ways: &[u8], max: usize, cur: &mut Pairs, out: &mut Vec<Pairs>) {
    if out.len() >= max {
        return;
    }
    if p == s.len() {
        out.push(cur.clone());
        return;
    }
    let Some(def) = s.get(p..).and_then(ai::ai_prefix) else {
        return;
    };
    let v0 = p + def.ai.len();
    for len in candidate_lengths(def, s.len().saturating_sub(v0)) {
        let end = v0 + len;
        if ways.get(end).copied().unwrap_or(0) == 0 {
            continue;
        }
        let Some(value) = s.get(v0..end) else {
            continue;
        };
        if ai::validate(def, value).is_ok() {
            cur.push((def.ai.to_string(), value.to_string()));
            walk(s, end, ways, max, cur, out);
            cur.pop();
            if out.len() >= max {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str, v: &str) -> (String, String) {
        (a.to_string(), v.to_string())
    }

    #[test]
    fn separated_and_unseparated() {
        let want = vec![
            p("01", "08801234567893"),
            p("17", "251231"),
            p("10", "L240513A"),
        ];
        assert_eq!(
            parse_fnc1("010880123456789317251231\u{1d}10L240513A").unwrap(),
            want
        );
        // Fixed fields first, variable last: unambiguous without separators.
        assert_eq!(
            parse_fnc1("01088012345678931725123110L240513A").unwrap(),
            want
        );
        // The lot cannot run to the end (22 characters) and only one split is valid.
        assert_eq!(
            parse_fnc1("010880123456789310ABCDEFGHIJKLMNOPQ21XYZ").unwrap(),
            vec![
                p("01", "08801234567893"),
                p("10", "ABCDEFGHIJKLMNOPQ"),
                p("21", "XYZ")
            ]
        );
        // Two valid splits: (10)…(21)3012 or (10)…21(30)12.
        let e = parse_fnc1("010880123456789310ABCDEFGHIJKLMNOP213012").unwrap_err();
        assert_eq!(e.code, "ambiguous", "{e}");
        assert!(
            e.message.contains("(21)3012") && e.message.contains("(30)12"),
            "{e}"
        );
    }

    #[test]
    fn hri() {
        let got = parse_hri("(01)08801234567893(10)L(1)(17)251231").unwrap();
        assert_eq!(
            got,
            vec![
                p("01", "08801234567893"),
                p("10", "L(1)"),
                p("17", "251231")
            ]
        );
        assert_eq!(
            parse_hri("(01)08801234567893(99999)x").unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            parse_hri("(0108801234567893").unwrap_err().code,
            "bad_element_string"
        );
    }
}
