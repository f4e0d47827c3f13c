//! The browser path of the stand-in: what the decode worker gets for text in charsets
//! it has no tables for, decoded by `TextDecoder` in a dedicated worker (where the
//! decoder runs). WASM only: `cargo test --target wasm32-unknown-unknown` in
//! `scan-worker/` (see `.cargo/config.toml` there).
#![cfg(target_arch = "wasm32")]

use encoding_rs::{
    Encoding, BIG5, EUC_KR, GB18030, GBK, ISO_8859_2, ISO_8859_5, SHIFT_JIS, UTF_8, WINDOWS_1251,
    WINDOWS_1254,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn decoded(encoding: &'static Encoding, bytes: &[u8]) -> (String, &'static str, bool) {
    let (text, used, had_errors) = encoding.decode(bytes);
    (text.into_owned(), used.name(), had_errors)
}

#[wasm_bindgen_test]
fn cjk_charsets_decode_in_the_browser() {
    let ok = |t: &str, n: &'static str| (t.to_string(), n, false);
    assert_eq!(
        decoded(SHIFT_JIS, b"Google \x83\x82\x83o\x83C\x83\x8b"),
        ok("Google モバイル", "Shift_JIS")
    );
    assert_eq!(decoded(EUC_KR, b"\xb3\xd2\xc4\xa1"), ok("넙치", "EUC-KR"));
    assert_eq!(decoded(GB18030, b"\xb2\xe2\xca\xd4"), ok("测试", "gb18030"));
    assert_eq!(decoded(GBK, b"\xb2\xe2\xca\xd4"), ok("测试", "GBK"));
    assert_eq!(decoded(BIG5, b"\xb4\xfa\xb8\xd5"), ok("測試", "Big5"));
}

#[wasm_bindgen_test]
fn single_byte_code_pages_decode_in_the_browser() {
    let ok = |t: &str, n: &'static str| (t.to_string(), n, false);
    // DataMatrix eci.png: "¶" in ISO-8859-1, then ECI 7, "Ж" in ISO-8859-5.
    assert_eq!(decoded(ISO_8859_5, b"\xb6"), ok("Ж", "ISO-8859-5"));
    assert_eq!(decoded(ISO_8859_2, b"\xa1\xa3"), ok("ĄŁ", "ISO-8859-2"));
    assert_eq!(
        decoded(WINDOWS_1251, b"\xcf\xf0\xe8\xe2\xe5\xf2"),
        ok("Привет", "windows-1251")
    );
    // rxing's ISO-8859-9 is windows-1254, as on the web.
    assert_eq!(decoded(WINDOWS_1254, b"\xf0"), ok("ğ", "windows-1254"));
}

#[wasm_bindgen_test]
fn malformed_input_is_replaced_and_reported() {
    // A Shift_JIS lead byte with nothing after it; an EUC-KR lead byte before a space
    // (no trail byte: the space is kept).
    assert_eq!(
        decoded(SHIFT_JIS, b"ab\x83"),
        ("ab\u{FFFD}".to_string(), "Shift_JIS", true)
    );
    assert_eq!(
        decoded(EUC_KR, b"\xb3 A"),
        ("\u{FFFD} A".to_string(), "EUC-KR", true)
    );
}

#[wasm_bindgen_test]
fn a_bom_wins_over_the_charset_asked_for() {
    assert_eq!(
        decoded(SHIFT_JIS, b"\xEF\xBB\xBF\xEB\x84\x99"),
        ("넙".to_string(), "UTF-8", false)
    );
    assert_eq!(UTF_8.decode(b"plain").1, UTF_8);
}
