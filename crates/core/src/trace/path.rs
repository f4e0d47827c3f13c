//! Where a trace page is: the one rule behind every link to it that the apps, the
//! widget and the server make. A GTIN + lot opens at its Digital Link path (what
//! printed QR codes use, so every link looks the same); any other lot or code at
//! `/t/{code}`, the code percent-encoded as one path segment.

use crate::codes::LotKey;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What JavaScript's `encodeURIComponent` leaves as it is, so that a link built here and
/// one built in the browser are the same string.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Whether a shown value is one lot key or several, comma-separated (`01/…/10/…`,
/// `00/…`, `lot13/…`): a code, not words — the trace page keeps it with the entry's
/// codes, folded.
pub fn is_lot_path(value: &str) -> bool {
    !value.trim().is_empty()
        && value
            .split(',')
            .all(|part| LotKey::parse_key(part.trim()).is_some())
}

/// The trace page of a lot.
pub fn lot_page(lot: &LotKey) -> String {
    match lot {
        // The key's lot is already percent-encoded as a Digital Link path segment.
        LotKey::Gtin { .. } => format!("/{}", lot.key()),
        _ => code_page(&lot.key()),
    }
}

/// The trace page of a canonical lot key ([`LotKey::key`]); a key that does not parse
/// still gets a page, where the server says what is wrong with it.
pub fn key_page(key: &str) -> String {
    match LotKey::parse_key(key) {
        Some(lot) => lot_page(&lot),
        None => code_page(key),
    }
}

/// The page of one serialised pack (GTIN, lot and serial, and its AI 8030 signature if
/// the code carries one): its lot's page with `/21/{serial}` and `?8030=…`, as the
/// pack's printed Digital Link has them. `None` for codes naming no serialised pack.
pub fn item_page(id: &crate::codes::Identification) -> Option<String> {
    let lot = id.lot_key().filter(|k| matches!(k, LotKey::Gtin { .. }))?;
    let serial = id.serial.as_deref()?;
    let mut page = format!(
        "{}/21/{}",
        lot_page(&lot),
        utf8_percent_encode(serial, COMPONENT)
    );
    let signature = id
        .other_ais
        .iter()
        .find(|(ai, _)| ai == crate::authenticity::DIGSIG_AI);
    if let Some((ai, value)) = signature {
        page.push_str(&format!("?{ai}={}", utf8_percent_encode(value, COMPONENT)));
    }
    Some(page)
}

/// The page of any code form the server resolves (a 13-digit lot number, an element
/// string, a key it may not know).
pub fn code_page(code: &str) -> String {
    format!("/t/{}", utf8_percent_encode(code, COMPONENT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lot_paths_are_told_from_words() {
        assert!(is_lot_path("01/08801234000208/10/SS2611A"));
        assert!(is_lot_path(
            "01/08801234000208/10/SS2611A, 01/08801234000208/10/HL2611B"
        ));
        assert!(!is_lot_path("넙치 싱싱회"));
        assert!(!is_lot_path("01/08801234000208/10/SS2611A and more"));
        assert!(!is_lot_path(""));
        assert!(!is_lot_path("2026-11-16"));
    }

    #[test]
    fn gtin_lots_open_at_their_digital_link_path() {
        let lot = LotKey::gtin_lot("08801234567893", "L/1").expect("valid");
        assert_eq!(lot_page(&lot), "/01/08801234567893/10/L%2F1");
        assert_eq!(key_page(&lot.key()), "/01/08801234567893/10/L%2F1");
    }

    #[test]
    fn a_serialised_pack_opens_at_its_lot_page_with_serial_and_signature() {
        let resolver = crate::codes::ResolverConfig::default();
        let id = crate::codes::identify(
            "https://id.gs1.org/01/08801234567893/10/L261117A/21/K3J9?8030=AbC-_x",
            &resolver,
        );
        let id = id.expect("reads");
        assert_eq!(
            item_page(&id).as_deref(),
            Some("/01/08801234567893/10/L261117A/21/K3J9?8030=AbC-_x")
        );
        let lot_only = crate::codes::identify("(01)08801234567893(10)L261117A", &resolver);
        assert_eq!(item_page(&lot_only.expect("reads")), None);
    }

    #[test]
    fn other_lots_and_codes_open_under_t() {
        let lot = LotKey::Lot13("1234567890123".into());
        assert_eq!(lot_page(&lot), "/t/lot13%2F1234567890123");
        assert_eq!(key_page("lot13/1234567890123"), "/t/lot13%2F1234567890123");
        assert_eq!(key_page("not a key"), "/t/not%20a%20key");
    }

    #[test]
    fn codes_are_encoded_as_encode_uri_component_does() {
        assert_eq!(
            code_page("(01)08801234567893(10)A-1"),
            "/t/(01)08801234567893(10)A-1"
        );
        assert_eq!(code_page("a/b?c#d&e"), "/t/a%2Fb%3Fc%23d%26e");
        assert_eq!(code_page("광어"), "/t/%EA%B4%91%EC%96%B4");
    }
}
