//! What a person types off a label, made readable before it is identified: the printed
//! `(01) 08801234567893 (10) L261117A` split over lines or with spaces between the
//! parts, and a lot number typed alone, which names no product yet.

/// `text` with the spaces and line breaks a label's layout puts into a code removed:
/// inside a parenthesised element string (no GS1 value may hold a space: every AI's
/// character set excludes it) and inside a run of digits (`880 1234 56789 3`). Anything
/// else is only trimmed, so a URL or free text is never changed.
pub fn tidy(text: &str) -> String {
    let trimmed = text.trim();
    let digits_only = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-');
    if trimmed.starts_with('(') || (digits_only && trimmed.chars().any(|c| c.is_ascii_digit())) {
        trimmed.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        trimmed.to_string()
    }
}

/// Does `text` look like a lot number on its own (`L261117A`, `SS2611A`): letters and
/// digits (and `-`), at most 20 (AI 10's length), with at least one of each? Such a
/// text names no product: the person is asked for the line with (01) and (10).
pub fn looks_like_lot_alone(text: &str) -> bool {
    let text = text.trim();
    (2..=20).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && text.bytes().any(|b| b.is_ascii_alphabetic())
        && text.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{identify, ResolverConfig};

    #[test]
    fn a_label_copied_with_spaces_and_line_breaks_reads_as_its_code() {
        for typed in [
            "(01) 08801234567893 (10) L261117A",
            "(01)08801234567893\n(10)L261117A",
            "  (01) 0880 1234 5678 93\r\n  (10) L261117A  ",
        ] {
            let id = identify(&tidy(typed), &ResolverConfig::default())
                .unwrap_or_else(|e| panic!("{typed:?}: {}", e.message));
            assert_eq!(id.gtin.as_deref(), Some("08801234567893"), "{typed:?}");
            assert_eq!(id.lot.as_deref(), Some("L261117A"), "{typed:?}");
        }
        assert_eq!(tidy(" 880 1234\n567893 "), "8801234567893");
        // A URL or words are only trimmed.
        assert_eq!(tidy(" https://example.com/a b "), "https://example.com/a b");
        assert_eq!(tidy("fresh flounder"), "fresh flounder");
    }

    #[test]
    fn a_lot_number_alone_is_told_from_other_text() {
        for lot in ["L261117A", "SS2611A", "TR-261116"] {
            assert!(looks_like_lot_alone(lot), "{lot}");
            assert!(
                identify(lot, &ResolverConfig::default()).is_err(),
                "{lot} names no product by itself"
            );
        }
        for other in [
            "8801234567893",
            "flounder",
            "hello world 1",
            "A",
            "https://x.y/1",
        ] {
            assert!(!looks_like_lot_alone(other), "{other}");
        }
    }
}
