//! Reading every supported form, from published examples (GS1 General Specifications,
//! GS1 Digital Link standard, EPC Tag Data Standard) and the guideline's lot numbers.

use lottrace_core::codes::{
    identify, to_compressed_digital_link, AiDate, Identification, Kind, Lot13, LotKey,
    ResolverConfig,
};

fn cfg() -> ResolverConfig {
    ResolverConfig::new([
        "id.gs1.org",
        "example.com",
        "lottrace.example",
        "127.0.0.1:8080",
    ])
}

fn read(s: &str) -> Identification {
    identify(s, &cfg()).unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
}

fn date(ai: &str, d: &str) -> AiDate {
    AiDate {
        ai: ai.into(),
        date: d.into(),
    }
}

fn pair(a: &str, v: &str) -> (String, String) {
    (a.into(), v.into())
}

#[test]
fn digital_link_published_examples() {
    // GS1 Digital Link standard 1.x examples.
    let id = read("https://id.gs1.org/01/09506000134352/10/ABC123");
    assert_eq!(id.kind, Kind::DigitalLink);
    assert!(id.trusted);
    assert_eq!(id.gtin.as_deref(), Some("09506000134352"));
    assert_eq!(id.lot.as_deref(), Some("ABC123"));

    let id = read("https://id.gs1.org/01/09506000134352?17=201225&3103=000195");
    assert_eq!(id.dates, vec![date("17", "2020-12-25")]);
    assert_eq!(id.net_weight_kg, Some(0.195));

    let id = read("https://example.com/01/09520123456788/22/2A/10/ABC%2F123/21/12345?17=180426");
    assert_eq!(id.lot.as_deref(), Some("ABC/123"));
    assert_eq!(id.serial.as_deref(), Some("12345"));
    assert_eq!(id.other_ais, vec![pair("22", "2A")]);
    assert_eq!(id.dates, vec![date("17", "2018-04-26")]);

    let id = read("https://example.com/00/106141412345678908");
    assert_eq!(id.sscc.as_deref(), Some("106141412345678908"));
    assert_eq!(
        id.lot_key(),
        Some(LotKey::Sscc("106141412345678908".into()))
    );

    let id = read("https://id.gs1.org/414/9520123456788/254/32a%2Fb");
    assert_eq!(id.gln.as_deref(), Some("9520123456788"));
    assert_eq!(id.other_ais, vec![pair("254", "32a/b")]);
}

#[test]
fn digital_link_tolerances() {
    let want = read("https://lottrace.example/01/08801234567893/10/L240513A");
    // (A trailing slash, a GTIN-13 in the path and the deprecated /gtin/ aliases are
    // refused now, as GS1 Digital Link URI Syntax requires: see codes_errors.rs.)
    for s in [
        "https://lottrace.example/01/08801234567893/10/L240513A?linkType=gs1:traceability",
        "HTTPS://LOTTRACE.EXAMPLE/01/08801234567893/10/L240513A",
        "https://lottrace.example:443/01/08801234567893/10/L240513A#top",
        "  https://lottrace.example/01/08801234567893/10/L240513A\r\n", // wedge scanner
    ] {
        let id = read(s);
        assert_eq!(
            (id.kind, &id.gtin, &id.lot),
            (want.kind, &want.gtin, &want.lot),
            "{s}"
        );
    }
    // A custom path prefix before the primary key is allowed by the standard.
    let id = read("https://lottrace.example/products/fish/01/08801234567893/10/L1");
    assert_eq!(id.lot.as_deref(), Some("L1"));
    // Day 00 gives no day: the date is a month. Other attributes are kept verbatim.
    let id =
        read("https://lottrace.example/01/08801234567893/10/L1?15=240200&7005=KR-SOUTH&11=240513");
    assert_eq!(
        id.dates,
        vec![date("15", "2024-02"), date("11", "2024-05-13")]
    );
    // A plus sign is a plus sign, not a space.
    let plus = read("https://lottrace.example/01/08801234567893/10/A+B");
    assert_eq!(plus.lot.as_deref(), Some("A+B"));
    let plus = read("https://lottrace.example/01/08801234567893?7005=A+B");
    assert_eq!(plus.other_ais, vec![pair("7005", "A+B")]);
    assert_eq!(id.other_ais, vec![pair("7005", "KR-SOUTH")]);
    // Trusted hosts with a port.
    assert_eq!(
        read("http://127.0.0.1:8080/01/08801234567893/10/L1").kind,
        Kind::DigitalLink
    );
}

/// Compressed Digital Links and the uncompressed links they were made from, by GS1's
/// compression prototype (github.com/gs1/GS1DigitalLinkCompressionPrototype, commit
/// 21a894b, `compressGS1DigitalLink` with optimisations; the second without them, the
/// fourth with its non-GS1 pairs compressed too; the last with the key left
/// uncompressed, `gs1ElementStringsToCompressedGS1DigitalLink`). `true`: our writer
/// gives the same segment (it writes GTIN, SSCC and GLN keys, not a GIAI, and 1.25 kg
/// as (3102)000125).
const COMPRESSED: &[(&str, &str, bool)] = &[
    ("CxFRq5sE2o1XgkY", "01/09521234543213/10/ABC123", true),
    ("ARFRq5sE2iCNV4JG", "01/09521234543213/10/ABC123", false),
    (
        "GhFRq5sE2kdXgKMDk_xvIkIq",
        "01/09521234543213/22/2A/10/abc/21/12345?17=261231",
        true,
    ),
    (
        "LRFRq5sE2gAXohC4cSXHk8RLFPInlS9A-fmxdcNPA",
        "01/09521234543213/10/ab%25cd?3103=000189&linkType=gs1:pip",
        false,
    ),
    ("ABUkMfumwv8w", "00/095212345678901235", true),
    ("nYqNXM2aFk1a2B", "414/9521234500001/254/1a2B", true),
    (
        "HxFRq5sE2spZyf3aEJMQwtOcvaMjEDAE4g",
        "01/09521234543213/10/LOT-7/21/SN%2F42?15=270630&3103=001250",
        false,
    ),
    (
        "CxFRq5sE2ow0VngifwCg",
        "01/09521234543213/10/1A2B3C?11=260101",
        true,
    ),
    ("gARw9521234ABC-xyz_9", "8004/9521234ABC-xyz_9", false),
    (
        "DhFRq5sE2k3aXJOIEdXg",
        "01/09521234543213/10/abc?7003=2612312359",
        true,
    ),
    (
        "01/09521234543213/EEarwSMXP8bw",
        "01/09521234543213/10/ABC123?17=261231",
        false,
    ),
];

#[test]
fn compressed_digital_links_read_like_their_uncompressed_form() {
    for (compressed, plain, same_writer) in COMPRESSED {
        let c = read(&format!("https://id.gs1.org/{compressed}"));
        assert_eq!(
            c,
            read(&format!("https://id.gs1.org/{plain}")),
            "{compressed}"
        );
        if *same_writer {
            let written = to_compressed_digital_link(&c, "https://id.gs1.org/").unwrap();
            assert_eq!(written, format!("https://id.gs1.org/{compressed}"));
        }
        assert_eq!(c.kind, Kind::DigitalLink);
        // Any host, after any path prefix; on an untrusted one it is shown, not followed.
        let elsewhere = read(&format!("https://other.example/labels/v2/{compressed}"));
        assert_eq!(elsewhere.kind, Kind::ExternalLink);
        assert_eq!((elsewhere.gtin, elsewhere.lot), (c.gtin, c.lot));
    }
    // Leading zeros of a lot (numeric encoding) and of AI 30 are kept: the digit count
    // is in the data (the prototype's own reader drops them: "12").
    assert_eq!(
        read("https://id.gs1.org/CxFRq5sE2ggAY").lot.as_deref(),
        Some("0012")
    );
    let count = read("https://id.gs1.org/DxFRq5sE2oAGA");
    assert_eq!(count.other_ais, vec![pair("30", "0012")]);
    // Damaged compressed data is refused on a trusted host (see codes_errors) and is a
    // web page elsewhere: a page name may look like the start of compressed data.
    let id = read("https://other.example/CxFRq5sE2o1X");
    assert_eq!((id.kind, id.gtin), (Kind::ExternalLink, None));
    // Page names and video ids are base64url too, but not compressed data.
    for page in [
        "https://example.com/about",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://example.com/AAAA",
    ] {
        let id = read(page);
        assert_eq!(id.kind, Kind::ExternalLink, "{page}");
        assert_eq!(id.gtin, None, "{page}");
    }
    // Uncompressed data attributes may follow in the query; each AI once.
    let id = read("https://id.gs1.org/CxFRq5sE2o1XgkY?17=261231");
    assert_eq!(id.dates, vec![date("17", "2026-12-31")]);
    let e = identify("https://id.gs1.org/CxFRq5sE2o1XgkY?10=X", &cfg()).unwrap_err();
    assert_eq!(e.code, "duplicate_ai");
    // LotKey accepts the compressed form as EPCIS identifiers.
    assert_eq!(
        LotKey::from_epc_uri("https://id.gs1.org/CxFRq5sE2o1XgkY"),
        LotKey::gtin_lot("09521234543213", "ABC123").ok()
    );
}

#[test]
fn untrusted_hosts_are_external_links() {
    let url = "https://evil.example/01/08801234567893/10/L240513A";
    let id = read(url);
    assert_eq!(id.kind, Kind::ExternalLink);
    assert!(!id.trusted);
    assert_eq!(id.external_url.as_deref(), Some(url));
    // Still parsed, so the app can show what it names.
    assert_eq!(id.lot.as_deref(), Some("L240513A"));
    // Same host, other port: not trusted.
    assert_eq!(
        read("http://127.0.0.1:9999/01/08801234567893/10/L1").kind,
        Kind::ExternalLink
    );
    // Any other web page: an external link with no data.
    let id = read("https://shop.example/about?x=1");
    assert_eq!(
        (id.kind, id.trusted, id.gtin),
        (Kind::ExternalLink, false, None)
    );
    // A broken Digital Link on any host is refused as a Digital Link, with the reason.
    assert_eq!(
        identify("https://evil.example/01/123", &cfg())
            .unwrap_err()
            .code,
        "too_short"
    );
}

#[test]
fn short_links() {
    let id = read("https://lottrace.example/t/%2801%2908801234567893%2810%29L240513A");
    assert_eq!(id.kind, Kind::ShortLink);
    assert_eq!(id.lot.as_deref(), Some("L240513A"));
    let id =
        read("https://lottrace.example/t/https%3A%2F%2Fid.gs1.org%2F01%2F08801234567893%2F10%2FL1");
    assert_eq!((id.kind, id.lot.as_deref()), (Kind::ShortLink, Some("L1")));
    let id = read("https://lottrace.example/t/1234010205131");
    assert_eq!(id.kind, Kind::ShortLink);
    assert_eq!(
        id.lot13.as_ref().map(|l| l.digits.as_str()),
        Some("1234010205131")
    );
    let id = read("https://lottrace.example/t/urn:lottrace:lot13:1234010205134");
    assert_eq!(id.lot_key(), Some(LotKey::Lot13("1234010205134".into())));
    // A short link to an untrusted Digital Link stays external.
    let id = read(
        "https://lottrace.example/t/https%3A%2F%2Fevil.example%2F01%2F08801234567893%2F10%2FL1",
    );
    assert_eq!((id.kind, id.trusted), (Kind::ExternalLink, false));
    // A short link on an untrusted host is external too.
    let id = read("https://evil.example/t/1234010205131");
    assert_eq!((id.kind, id.trusted), (Kind::ExternalLink, false));
}

#[test]
fn element_strings() {
    let want = read("(01)08801234567893(10)L240513A(17)251231");
    assert_eq!(want.kind, Kind::ElementString);
    assert_eq!(want.gtin.as_deref(), Some("08801234567893"));
    assert_eq!(want.lot.as_deref(), Some("L240513A"));
    assert_eq!(want.dates, vec![date("17", "2025-12-31")]);
    for s in [
        "]C1010880123456789310L240513A\u{1d}17251231",
        "]d2010880123456789310L240513A\u{1d}17251231",
        "]Q3010880123456789310L240513A\u{1d}17251231",
        "]e0010880123456789310L240513A\u{1d}17251231",
        "\u{1d}010880123456789310L240513A\u{1d}17251231",
        "010880123456789310L240513A\u{1d}17251231",
        "010880123456789317251231\u{1d}10L240513A\u{1d}",
        // Pre-defined length fields need no separator; the variable-length one is last.
        "]C1010880123456789317251231",
        "01088012345678931725123110L240513A",
    ] {
        let id = read(s);
        assert_eq!(id.gtin, want.gtin, "{s:?}");
        if s.contains("10L") || s.contains("(10)") {
            assert_eq!(id.lot, want.lot, "{s:?}");
        }
        assert_eq!(id.dates, want.dates, "{s:?}");
    }
    // GS1 General Specifications figure 4.15.1-2 (GS1 DataMatrix), as zxing decodes it.
    let id = read(
        "01095040000591012112345678p901\u{1d}101234567p\u{1d}171411208200http://www.gs1.org/demo/",
    );
    assert_eq!(id.gtin.as_deref(), Some("09504000059101"));
    assert_eq!(id.serial.as_deref(), Some("12345678p901"));
    assert_eq!(id.lot.as_deref(), Some("1234567p"));
    assert_eq!(id.dates, vec![date("17", "2014-11-20")]);
    assert_eq!(id.other_ais, vec![pair("8200", "http://www.gs1.org/demo/")]);
    // GS1 General Specifications example element string.
    let id = read("(01)09501101530003(17)140704(10)AB-123");
    assert_eq!(
        (id.gtin.as_deref(), id.lot.as_deref()),
        (Some("09501101530003"), Some("AB-123"))
    );
    // Net weight 310n: 3103 001250 = 1.250 kg.
    let id = read("(01)08801234567893(3103)001250(10)L1");
    assert_eq!(id.net_weight_kg, Some(1.25));
    // SSCC element string.
    assert_eq!(
        read("]C100106141411234567897").sscc.as_deref(),
        Some("106141411234567897")
    );
}

#[test]
fn bare_keys() {
    for (s, gtin) in [
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("09506000134352", "09506000134352"),
        ("880 1234 56789 3", "08801234567893"),
        ("]E08801234567893", "08801234567893"),
    ] {
        let id = read(s);
        assert_eq!(
            (id.kind, id.gtin.as_deref()),
            (Kind::Gtin, Some(gtin)),
            "{s}"
        );
    }
    let id = read("106141411234567897");
    assert_eq!(
        (id.kind, id.sscc.as_deref()),
        (Kind::Sscc, Some("106141411234567897"))
    );
}

#[test]
fn thirteen_digits_are_ranked() {
    // Valid GTIN-13 check digit and a valid processing date: both readings, GTIN first.
    let id = read("1234010205134");
    assert_eq!(id.kind, Kind::Gtin);
    assert_eq!(id.gtin.as_deref(), Some("01234010205134"));
    assert_eq!(id.alternatives.len(), 1);
    let lot = &id.alternatives[0];
    assert_eq!(lot.kind, Kind::Lot13);
    // Species 1234, plant 01, product 02, 13 May, serial 4.
    assert_eq!(lot.lot13, Lot13::new("1234", "01", "02", 5, 13, 4).ok());
    // Check digit wrong for a GTIN: only the lot reading.
    let id = read("1234010205131");
    assert_eq!(id.kind, Kind::Lot13);
    assert!(id.alternatives.is_empty());
    assert_eq!(id.lot_key(), Some(LotKey::Lot13("1234010205131".into())));
    // 29 February is a valid processing date (no year is coded).
    assert_eq!(read("1234010202291").kind, Kind::Lot13);
    // A valid GTIN whose digits are no date: GTIN only.
    let id = read("8801234567893");
    assert_eq!((id.kind, id.alternatives.len()), (Kind::Gtin, 0));
    // From a plain Code 128 (symbology identifier ]C0).
    assert_eq!(read("]C01234010205131").kind, Kind::Lot13);
    assert_eq!(read("urn:lottrace:lot13:1234010205131").kind, Kind::Lot13);
}

#[test]
fn epc_uris() {
    // EPC Tag Data Standard examples.
    let id = read("urn:epc:id:sgtin:0614141.112345.400");
    assert_eq!(
        (id.kind, id.gtin.as_deref(), id.serial.as_deref()),
        (Kind::EpcUri, Some("10614141123459"), Some("400"))
    );
    let id = read("urn:epc:class:lgtin:4012345.012345.998877");
    assert_eq!(
        (id.gtin.as_deref(), id.lot.as_deref()),
        (Some("04012345123456"), Some("998877"))
    );
    let id = read("urn:epc:id:sscc:0614141.1234567890");
    assert_eq!(id.sscc.as_deref(), Some("106141412345678908"));
    let id = read("urn:epc:id:sgln:0614141.12345.0");
    assert_eq!(
        (id.gln.as_deref(), id.other_ais.len()),
        (Some("0614141123452"), 0)
    );
    // Escaped lot characters.
    let id = read("urn:epc:class:lgtin:880123.0456789.A%2FB%25");
    assert_eq!(
        (id.gtin.as_deref(), id.lot.as_deref()),
        (Some("08801234567893"), Some("A/B%"))
    );
    // Partition implied by the dot position: 12-digit company prefix.
    let id = read("urn:epc:id:sgtin:880123456789.0.1");
    assert_eq!(id.gtin.as_deref(), Some("08801234567893"));
}

#[test]
fn lot_keys() {
    let k = LotKey::Gtin {
        gtin: "08801234567893".into(),
        lot: "L 1/2".into(),
    };
    assert_eq!(k.key(), "01/08801234567893/10/L%201%2F2");
    assert_eq!(LotKey::parse_key(&k.key()), None, "space is not in CSET 82");
    let k = LotKey::Gtin {
        gtin: "08801234567893".into(),
        lot: "L1/2%".into(),
    };
    assert_eq!(k.key(), "01/08801234567893/10/L1%2F2%25");
    assert_eq!(LotKey::parse_key(&k.key()), Some(k.clone()));
    assert_eq!(
        k.epc_class_uri(),
        "https://id.gs1.org/01/08801234567893/10/L1%2F2%25"
    );
    assert_eq!(
        k.digital_link("https://lottrace.example/"),
        "https://lottrace.example/01/08801234567893/10/L1%2F2%25"
    );
    assert_eq!(k.element_string(), "(01)08801234567893(10)L1/2%");
    assert_eq!(LotKey::from_epc_uri(&k.epc_class_uri()), Some(k.clone()));
    assert_eq!(
        LotKey::from_epc_uri("urn:epc:class:lgtin:880123.0456789.L1%2F2%25"),
        Some(k.clone())
    );
    assert_eq!(
        LotKey::from_epc_uri("https://any.example/01/08801234567893/10/L1%2F2%25?17=251231"),
        Some(k)
    );
    let s = LotKey::Sscc("106141412345678908".into());
    assert_eq!(s.key(), "00/106141412345678908");
    assert_eq!(LotKey::parse_key(&s.key()), Some(s.clone()));
    assert_eq!(
        LotKey::from_epc_uri("urn:epc:id:sscc:0614141.1234567890"),
        Some(s.clone())
    );
    assert_eq!(LotKey::from_epc_uri(&s.epc_class_uri()), Some(s));
    let l = LotKey::Lot13("1234010205131".into());
    assert_eq!(l.key(), "lot13/1234010205131");
    assert_eq!(LotKey::parse_key(&l.key()), Some(l.clone()));
    assert_eq!(l.epc_class_uri(), "urn:lottrace:lot13:1234010205131");
    assert_eq!(LotKey::from_epc_uri(&l.epc_class_uri()), Some(l.clone()));
    let link = l.digital_link("https://lottrace.example");
    assert_eq!(read(&link).lot_key(), Some(l));
    // Instances are not lots.
    assert_eq!(
        LotKey::from_epc_uri("urn:epc:id:sgtin:0614141.112345.400"),
        None
    );
    assert_eq!(
        LotKey::from_epc_uri("https://id.gs1.org/01/08801234567893/10/L1/21/S1"),
        None
    );
    assert_eq!(
        LotKey::parse_key("01/08801234567890/10/L1"),
        None,
        "bad check digit"
    );
    assert_eq!(LotKey::parse_key("lot13/1234010213011"), None, "month 13");
    // Keys sort and serialise.
    let json = serde_json::to_string(&LotKey::Lot13("1".into())).unwrap();
    assert_eq!(
        serde_json::from_str::<LotKey>(&json).unwrap(),
        LotKey::Lot13("1".into())
    );
}

#[test]
fn serialises_snake_case() {
    let id = read("https://evil.example/01/08801234567893/10/L1");
    let v = serde_json::to_value(&id).unwrap();
    assert_eq!(v["kind"], "external_link");
    assert_eq!(v["trusted"], false);
    assert_eq!(v["gtin"], "08801234567893");
    let back: Identification = serde_json::from_value(v).unwrap();
    assert_eq!(back, id);
}
