//! Bad input: each case gets a precise error (machine code + message naming the problem).

use lottrace_core::codes::{identify, identify_bytes, ResolverConfig, MAX_INPUT_BYTES};

fn cfg() -> ResolverConfig {
    ResolverConfig::new(["id.gs1.org", "lottrace.example"])
}

/// Asserts `input` fails with `code` and a message containing `needle`.
fn fails(input: &str, code: &str, needle: &str) {
    match identify(input, &cfg()) {
        Ok(id) => panic!("{input:?} should fail with {code}, got {id:?}"),
        Err(e) => {
            assert_eq!(e.code, code, "{input:?}: {e:?}");
            assert!(
                e.message.contains(needle),
                "{input:?}: {:?} lacks {needle:?}",
                e.message
            );
        }
    }
}

/// Each `(input, code, needle)` is refused with `code` and a message holding `needle`.
fn fails_each(cases: &[(&str, &str, &str)]) {
    for (input, code, needle) in cases {
        fails(input, code, needle);
    }
}

#[test]
fn empty_and_oversized() {
    fails("", "empty", "empty");
    fails("  \r\n", "empty", "empty");
    fails(&"0".repeat(10 * 1024), "too_long", "10240 bytes");
    fails(&"a".repeat(MAX_INPUT_BYTES + 1), "too_long", "at most 2048");
    let e = identify_bytes(&vec![b'1'; 10_000], &cfg()).unwrap_err();
    assert_eq!(e.code, "too_long");
}

#[test]
fn control_characters_and_bad_utf8() {
    fails(
        "0108801234567893\u{7}",
        "control_char",
        "U+0007 at position 17",
    );
    fails("ab\u{0}cd", "control_char", "U+0000 at position 3");
    let e = identify_bytes(b"01\xff\xfe", &cfg()).unwrap_err();
    assert_eq!(e.code, "bad_utf8");
    assert!(e.message.contains("0xFF at offset 2"), "{e}");
    // Valid bytes go through the same reader.
    assert!(identify_bytes(b"8801234567893", &cfg()).is_ok());
}

#[test]
fn lone_separators() {
    #[rustfmt::skip]
    let cases = [
        ("\u{1d}", "lone_separator", "only FNC1"),
        ("\u{1d}\u{1d}\u{1d}", "lone_separator", "only FNC1"),
        ("]C1\u{1d}", "lone_separator", "only FNC1"),
        ("]C1", "empty", "]C1"),
        ("]", "bad_symbology_id", "incomplete"),
        ("0108801234567893\u{1d}\u{1d}10L1", "lone_separator", "empty field"),
    ];
    fails_each(&cases);
}

#[test]
fn check_digits_name_the_expected_digit() {
    #[rustfmt::skip]
    let cases = [
        ("8801234567890", "check_digit", "check digit of GTIN should be 3"),
        ("08801234567890", "check_digit", "check digit of GTIN should be 3"),
        ("96385075", "check_digit", "check digit of GTIN should be 4"),
        ("106141411234567890", "check_digit", "check digit of SSCC should be 7"),
        ("(01)08801234567890(10)L1", "check_digit", "check digit of GTIN should be 3"),
        ("https://id.gs1.org/01/08801234567890/10/L1", "check_digit", "check digit of GTIN should be 3"),
        ("https://id.gs1.org/414/9520123456780", "check_digit", "check digit of GLN should be 8"),
        ("https://id.gs1.org/00/106141412345678900", "check_digit", "check digit of SSCC should be 8"),
    ];
    fails_each(&cases);
}

#[test]
fn impossible_dates() {
    #[rustfmt::skip]
    let cases = [
        ("(01)08801234567893(17)251331", "bad_date", "month 13"),
        ("(01)08801234567893(17)250230", "bad_date", "day 30 does not exist in 2025-02"),
        ("https://id.gs1.org/01/08801234567893?17=251301", "bad_date", "month 13"),
        // 13 digits with a bad GTIN check digit and month 13: both readings are explained.
        ("1234010213011", "check_digit", "month 13"),
        ("urn:lottrace:lot13:1234010204311", "bad_date", "day 31 does not exist in month 04"),
    ];
    fails_each(&cases);
}

#[test]
fn lengths_and_charsets() {
    #[rustfmt::skip]
    let cases = [
        ("(01)08801234567893(10)ABCDEFGHIJKLMNOPQRSTU", "too_long", "at most 20"),
        ("https://id.gs1.org/01/08801234567893/10/ABCDEFGHIJKLMNOPQRSTU", "too_long", "(10) BATCH/LOT is 21"),
        ("https://id.gs1.org/01/08801234567893/10/L%201", "bad_charset", "U+0020"),
        ("https://id.gs1.org/01/08801234567893/10/L%E2%82%AC", "bad_charset", "'€'"),
        ("https://id.gs1.org/01/08801234567893/21/S%231", "bad_charset", "'#'"),
        ("(01)0880123456789(10)L1", "too_short", "exactly 14 digits, got 13"),
        ("https://id.gs1.org/01/08801234567893/10/L%2", "bad_percent_encoding", "%XX"),
        ("https://id.gs1.org/01/08801234567893/10/", "bad_path", "empty value"),
    ];
    fails_each(&cases);
}

#[test]
fn digital_link_structure() {
    #[rustfmt::skip]
    let cases = [
        ("https://id.gs1.org/01/08801234567893/21/S1/10/L1", "qualifier_order", "(22)/(10)/(21)"),
        ("https://id.gs1.org/01/08801234567893/17/251231", "bad_qualifier", "query string"),
        ("https://id.gs1.org/01/08801234567893?10=L1", "bad_query", "belongs in the Digital Link path"),
        ("https://id.gs1.org/01/08801234567893?99999=1", "unknown_ai", "99999"),
        ("https://id.gs1.org/01/08801234567893?17=251231&17=251230", "duplicate_ai", "(17)"),
        ("https://id.gs1.org/01/08801234567893?3103=000100&3102=000100", "invalid_pairing", "(3103)"),
        // Compressed Digital Links, made from https://id.gs1.org/CxFRq5sE2o1XgkY ((01)
        // 09521234543213 (10)ABC123, as GS1's compression prototype writes it) by changing
        // bits: refused as damaged once a valid key was read, else by the rule they break.
        ("https://id.gs1.org/CxFRq5sE2o1X", "bad_compressed", "ends inside a value"),
        ("https://id.gs1.org/CxFRq5sE201XgkY", "bad_compressed", "reserved encoding indicator 5"),
        ("https://id.gs1.org/CxFRq5sE2o1XgkZ", "bad_compressed", "padding bits are not zero"),
        ("https://id.gs1.org/CxFRq5sE3I1XgkY", "check_digit", "should be 3"),
        // A key path on any host is a Digital Link: refused with the reason, not a web page.
        ("https://evil.example/01/09521234543214/10/ABC123", "check_digit", "should be 3"),
        ("https://id.gs1.org/01/09521234543213/21/S1/10/ABC123", "qualifier_order", "(22)/(10)/(21)"),
        ("https://id.gs1.org/01/0952123454321A/10/ABC123", "bad_charset", "'A'"),
        ("https://id.gs1.org/01/09521234543213?17=251301", "bad_date", "month 13"),
        ("https://id.gs1.org/01/09521234543213/10/ABCDEFGHIJKLMNOPQRSTU", "too_long", "at most 20"),
        ("https://id.gs1.org/01/09521234543213/10/ABC123/", "bad_path", "does not end with"),
        ("https://id.gs1.org/01//09521234543213/10/ABC123", "bad_path", "empty segments"),
        ("https://id.gs1.org/01/9521234543213/10/ABC123", "too_short", "14 digits"),
        ("https://id.gs1.org/gtin/09521234543213/lot/ABC123", "bad_path", "convenience alpha"),
    ];
    fails_each(&cases);
}

#[test]
fn element_string_structure() {
    #[rustfmt::skip]
    let cases = [
        ("(10)L1", "missing_ai", "(10) BATCH/LOT needs one of (01)"),
        ("(01)08801234567893(10)L1(10)L2", "conflicting_ai", "L1 and L2"),
        ("]C10108801234567893\u{1d}0512", "unknown_ai", "\"0512\""),
        ("]C10108801234567893\u{1d}99", "empty_value", "(99) INTERNAL has no data"),
        // Without an FNC1 after it, a lot runs to the end: 22 characters are too long (GS1
        // never re-splits a value into further AIs).
        ("010880123456789310ABCDEFGHIJKLMNOP213012", "too_long", "FNC1"),
        ("(0108801234567893", "bad_element_string", "no closing"),
        ("(01)08801234567893 (10)L1", "bad_element_string", "no spaces"),
        ("(01)08801234567893x(10)L1", "too_long", "exactly 14 digits, got 15"),
        ("(01)08801234567893(10)L(1)", "unknown_ai", "(1)"),
        // After a GS1 symbology identifier, the FNC1 in first position is implied.
        ("]C1\u{1d}0108801234567893", "misplaced_separator", "FNC1 in first position"),
        ("\u{1d}\u{1d}0108801234567893", "misplaced_separator", "two FNC1"),
        ("]E08801234567890", "check_digit", "should be 3"),
        ("]E0880123456789", "bad_symbology_id", "13 digits"),
        ("]E01234010205131", "check_digit", "should be"),
        ("(01)08801234567893(422)999", "bad_country", "ISO 3166"),
        ("(01)08801234567893(423)410999", "bad_country", "position 4"),
        // A price in a currency that does not exist is a currency error, not a country one.
        ("(01)08801234567893(3103)000100(3932)998100", "bad_currency", "ISO 4217"),
        ("(01)08801234567893(8008)25123124", "bad_time", "hour 24"),
        ("(01)08801234567893(7006)251200", "bad_date", "day 00"),
        ("(21)S1", "missing_ai", "(01)"),
        ("(01)08801234567893(02)08801234567893", "invalid_pairing", "(02)"),
        ("hello world", "unknown_format", "not a recognised code"),
        ("12345", "unknown_format", "5 digits are not a GTIN"),
        ("urn:epc:id:giai:0614141.12345400", "unsupported_epc", "SGTIN"),
        ("urn:epc:id:sgtin:0614141.112345", "bad_epc_uri", "CompanyPrefix"),
        ("urn:isbn:123", "unknown_format", "unknown URN"),
    ];
    fails_each(&cases);
}

#[test]
fn zxing_sample_payloads_never_panic() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/external/zxing-samples/manifest.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: zxing sample manifest not found at {path}");
        return;
    };
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let images = manifest["images"].as_array().unwrap();
    assert!(images.len() > 100);
    let mut identified = 0;
    for img in images {
        let expected = img["expected"].as_str().unwrap_or("");
        if identify(expected, &cfg()).is_ok() {
            identified += 1;
        }
    }
    // The GS1 DataMatrix and EAN-13 samples, at least, are identifications.
    assert!(
        identified >= 10,
        "only {identified} sample payloads identified"
    );
    // GS1 DataMatrix sample (zxing-cpp datamatrix-3/#794.png).
    let id = identify(
        "010890381998765921S1ND6MPPFCGG6B869XES\u{1d}1731063010BNav4Cam2",
        &cfg(),
    )
    .unwrap();
    assert_eq!(id.gtin.as_deref(), Some("08903819987659"));
    assert_eq!(id.serial.as_deref(), Some("S1ND6MPPFCGG6B869XES"));
    assert_eq!(id.lot.as_deref(), Some("BNav4Cam2"));
    assert_eq!(id.dates[0].date, "2031-06-30");
    // code128-1/5.png is GS1-128 (]C1) with the withdrawn coupon AI 8101.
    assert_eq!(
        identify("]C18101054321120021123456", &cfg())
            .unwrap_err()
            .code,
        "unknown_ai"
    );
}
