//! GS1 element strings, read exactly as GS1 reads them: FNC1/GS-separated (as decoders
//! transmit them, the leading FNC1 implied) and parenthesised (human-readable).
//!
//! A pre-defined length AI (the dictionary's `*`) takes its fixed number of characters;
//! every other AI's value runs to the next FNC1 or the end, and must be valid as a
//! whole: an over-long value is refused, never re-split into further AIs.

use super::ai::{self, AiDef};
use super::error::{CodeError, CodeErrorKind as K};
use super::GS;

type Pairs = Vec<(String, String)>;

fn unknown_ai(rest: &str, at: usize) -> CodeError {
    let shown: String = rest.chars().take(8).collect();
    CodeError::new(
        K::UnknownAi,
        format!("no GS1 Application Identifier starts at \"{shown}\" (position {at})"),
    )
    .with_rule("ai")
    .at(at)
}

/// 1-based character position of byte offset `i` in `s`.
fn char_pos(s: &str, i: usize) -> usize {
    s.get(..i).map_or(i, |p| p.chars().count()) + 1
}

/// Parenthesised form: `(01)08801234567893(10)L240513A(17)251231`. Every `(` starts an
/// AI; a `(` inside a value is written `\(`. No spaces or other characters may stand
/// between a `)` and the value or between a value and the next `(`.
pub(crate) fn parse_hri(s: &str, year: i32) -> Result<Pairs, CodeError> {
    let mut pairs = Pairs::new();
    let mut i = 0usize;
    let b = s.as_bytes();
    while i < b.len() {
        if b.get(i) != Some(&b'(') {
            return Err(CodeError::new(
                K::BadElementString,
                format!(
                    "expected \"(AI)\" at position {}, found {}",
                    char_pos(s, i),
                    super::describe_char(s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?'))
                ),
            )
            .with_rule("hri")
            .at(char_pos(s, i)));
        }
        let Some(close) = s.get(i + 1..).and_then(|r| r.find(')')) else {
            return Err(CodeError::new(
                K::BadElementString,
                format!("\"(\" at position {} has no closing \")\"", char_pos(s, i)),
            )
            .with_rule("hri")
            .at(char_pos(s, i)));
        };
        let digits = s.get(i + 1..i + 1 + close).unwrap_or("");
        let def =
            (digits.len() >= 2 && digits.len() <= 4 && digits.bytes().all(|c| c.is_ascii_digit()))
                .then(|| ai::lookup(digits))
                .flatten()
                .ok_or_else(|| {
                    CodeError::new(
                        K::UnknownAi,
                        format!(
                            "({digits}) at position {} is not a GS1 Application Identifier",
                            char_pos(s, i)
                        ),
                    )
                    .with_rule("ai")
                    .at(char_pos(s, i))
                })?;
        let start = i + 2 + close;
        // The value runs to the next unescaped "(".
        let mut value = String::new();
        let mut j = start;
        while let Some(&c) = b.get(j) {
            if c == b'(' {
                if value.ends_with('\\') {
                    value.pop();
                    value.push('(');
                    j += 1;
                    continue;
                }
                break;
            }
            let ch = s.get(j..).and_then(|r| r.chars().next()).unwrap_or('?');
            value.push(ch);
            j += ch.len_utf8();
        }
        if value.is_empty() {
            return Err(
                CodeError::new(K::EmptyValue, format!("{} has no data", def.label()))
                    .with_ai(def.ai)
                    .with_rule("length"),
            );
        }
        if let Some(k) = value.find(' ') {
            return Err(CodeError::new(
                K::BadElementString,
                format!(
                    "a space at position {} inside {}: the parenthesised form has no spaces",
                    char_pos(s, start + k),
                    def.label()
                ),
            )
            .with_ai(def.ai)
            .with_rule("hri")
            .at(value.get(..k).map_or(k, |p| p.chars().count()) + 1));
        }
        ai::validate(def, &value, year)?;
        pairs.push((def.ai.to_string(), value));
        i = j;
    }
    Ok(pairs)
}

/// FNC1 form, data only (after the FNC1 in first position, which the caller removed or
/// which a symbology identifier implies): GS separators end variable-length fields.
pub(crate) fn parse_fnc1(s: &str, year: i32) -> Result<Pairs, CodeError> {
    let mut pairs = Pairs::new();
    let mut p = 0usize;
    if s.is_empty() {
        return Err(CodeError::new(K::Empty, "the element string has no data"));
    }
    while p < s.len() {
        let rest = s.get(p..).unwrap_or("");
        if rest.starts_with(GS) {
            return Err(CodeError::new(
                K::LoneSeparator,
                format!(
                    "empty field before the FNC1 separator at position {}",
                    char_pos(s, p)
                ),
            )
            .with_rule("fnc1")
            .at(char_pos(s, p)));
        }
        let def = ai::ai_prefix(rest).ok_or_else(|| unknown_ai(rest, char_pos(s, p)))?;
        let v0 = p + def.ai.len();
        let data = s.get(v0..).unwrap_or("");
        let mut end = data.find(GS).map_or(s.len(), |k| v0 + k);
        if def.predefined {
            end = end.min(v0 + def.max_len());
        }
        let Some(value) = s.get(v0..end) else {
            // Only possible inside a multi-byte character: a character-set error.
            ai::validate(def, data, year)?;
            return Err(unknown_ai(data, char_pos(s, v0)));
        };
        validate_field(def, value, year)?;
        pairs.push((def.ai.to_string(), value.to_string()));
        p = end;
        // An FNC1 after the field (even after a pre-defined length one) is skipped.
        if s.get(p..).is_some_and(|r| r.starts_with(GS)) {
            p += GS.len_utf8();
        }
    }
    Ok(pairs)
}

/// A field of the FNC1 form: as a value, with the reason for an over-long variable one
/// said plainly (GS1 needs an FNC1 after it).
fn validate_field(def: &AiDef, value: &str, year: i32) -> Result<(), CodeError> {
    match ai::validate(def, value, year) {
        Err(e) if e.code == K::TooLong && !def.predefined => Err(CodeError {
            message: format!(
                "{}; a variable-length AI ends at an FNC1 separator, so what follows cannot be read as another AI",
                e.message
            ),
            ..e
        }),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str, v: &str) -> (String, String) {
        (a.to_string(), v.to_string())
    }

    #[test]
    fn separated() {
        let want = vec![
            p("01", "08801234567893"),
            p("17", "251231"),
            p("10", "L240513A"),
        ];
        assert_eq!(
            parse_fnc1("010880123456789317251231\u{1d}10L240513A", 2026).unwrap(),
            want
        );
        // Fixed fields first, variable last: no separator needed.
        assert_eq!(
            parse_fnc1("01088012345678931725123110L240513A", 2026).unwrap(),
            want
        );
        // The lot runs to the end: 22 characters are too long, not a lot and a serial.
        let e = parse_fnc1("010880123456789310ABCDEFGHIJKLMNOPQ21XYZ", 2026).unwrap_err();
        assert_eq!((e.code, e.ai.as_deref()), (K::TooLong, Some("10")), "{e}");
        // A fixed-length AI that is not pre-defined (422) needs its FNC1 too.
        let e = parse_fnc1("010880123456789342241010L1", 2026).unwrap_err();
        assert_eq!((e.code, e.ai.as_deref()), (K::TooLong, Some("422")), "{e}");
        assert!(parse_fnc1("0108801234567893422410\u{1d}10L1", 2026).is_ok());
    }

    #[test]
    fn hri() {
        let got = parse_hri("(01)08801234567893(10)L\\(1)(17)251231", 2026).unwrap();
        assert_eq!(
            got,
            vec![
                p("01", "08801234567893"),
                p("10", "L(1)"),
                p("17", "251231")
            ]
        );
        assert_eq!(
            parse_hri("(01)08801234567893(10)L(1)", 2026)
                .unwrap_err()
                .code,
            K::UnknownAi
        );
        assert_eq!(
            parse_hri("(01)08801234567893(99999)x", 2026)
                .unwrap_err()
                .code,
            K::UnknownAi
        );
        assert_eq!(
            parse_hri("(0108801234567893", 2026).unwrap_err().code,
            K::BadElementString
        );
        assert_eq!(
            parse_hri("(01) 08801234567893", 2026).unwrap_err().code,
            K::BadElementString
        );
    }
}
