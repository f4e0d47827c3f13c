//! Writing is the inverse of reading: read(write(x)) == x for random valid identifications.

use lottrace_core::codes::{
    gs1_check_digit, identify, AiDate, Identification, Kind, Lot13, LotKey, ResolverConfig,
};
use proptest::prelude::*;

const HOST: &str = "https://lottrace.example";

fn cfg() -> ResolverConfig {
    ResolverConfig::new(["lottrace.example"])
}

/// GS1 character set 82 minus parentheses (which the human-readable form cannot
/// separate from a following "(AI)" in general).
const CSET82: &str =
    "!\"%&'*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

fn with_check(body: String) -> String {
    let c = gs1_check_digit(&body).unwrap();
    format!("{body}{c}")
}

fn digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, n)
        .prop_map(|v| v.iter().map(|d| char::from(b'0' + d)).collect())
}

fn cset82(max: usize) -> impl Strategy<Value = String> {
    from_alphabet(CSET82, max)
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Dates inside the GS1 sliding century window around this year (49 years back, 50
/// ahead), the only ones a YYMMDD date can name.
fn iso_date() -> impl Strategy<Value = String> {
    let y = lottrace_core::codes::current_year();
    (y - 49..=y + 50, 1u32..=12)
        .prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in(y, m)))
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn dates() -> impl Strategy<Value = Vec<AiDate>> {
    proptest::sample::subsequence(vec!["11", "13", "15", "17"], 0..=4).prop_flat_map(|ais| {
        let n = ais.len();
        proptest::collection::vec(iso_date(), n).prop_map(move |ds| {
            ais.iter()
                .zip(ds)
                .map(|(a, d)| AiDate {
                    ai: a.to_string(),
                    date: d,
                })
                .collect()
        })
    })
}

fn weight() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of(
        (0u32..1_000_000, 0usize..6)
            .prop_map(|(raw, n)| f64::from(raw) / [1.0, 10.0, 100.0, 1e3, 1e4, 1e5][n]),
    )
}

/// Characters of `alphabet`, 1 to `max` of them.
fn from_alphabet(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), 1..=max)
        .prop_map(|v| v.into_iter().collect())
}

/// A lot in each encoding of a compressed Digital Link: digits (with leading zeros),
/// upper and lower hex, base64url, any character set 82 text.
fn lot() -> impl Strategy<Value = String> {
    prop_oneof![
        from_alphabet("0123456789", 20),
        from_alphabet("0123456789ABCDEF", 20),
        from_alphabet("0123456789abcdef", 20),
        from_alphabet(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            20
        ),
        cset82(20),
    ]
}

prop_compose! {
    fn gtin_lot()(gtin in digits(13).prop_map(with_check), lot in lot(),
                  serial in proptest::option::of(cset82(20)), dates in dates(), w in weight(),
                  count in proptest::option::of(from_alphabet("0123456789", 8)),
                  area in proptest::option::of(cset82(12))) -> Identification {
        let mut id = Identification::new(Kind::DigitalLink);
        id.gtin = Some(gtin);
        id.lot = Some(lot);
        id.serial = serial;
        id.dates = dates;
        id.net_weight_kg = w;
        // In AI order, as a compressed link is read.
        if let Some(c) = count {
            id.other_ais.push(("30".into(), c));
        }
        if let Some(a) = area {
            id.other_ais.push(("7005".into(), a));
        }
        id
    }
}

/// The compressed Digital Link of `id` is one base64url segment that reads back as `id`
/// and exactly as its uncompressed form `dl` does.
fn compressed_reads_the_same(id: &Identification, dl: &str) -> Result<(), TestCaseError> {
    let c = id.compressed_digital_link(HOST).unwrap();
    let segment = c
        .strip_prefix(HOST)
        .and_then(|s| s.strip_prefix('/'))
        .unwrap();
    prop_assert!(
        segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{}",
        c
    );
    let back = reread(&c, Kind::DigitalLink);
    prop_assert_eq!(&back, id, "{} for {}", c, dl);
    prop_assert_eq!(&back, &reread(dl, Kind::DigitalLink));
    Ok(())
}

fn reread(s: &str, kind: Kind) -> Identification {
    let mut id = identify(s, &cfg()).unwrap_or_else(|e| panic!("{s:?}: {e:?}"));
    assert_eq!(id.kind, kind, "{s:?}");
    id.kind = Kind::DigitalLink;
    id
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Integration tests have no lib.rs next to them for proptest's regression files.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn gtin_lot_roundtrips(id in gtin_lot()) {
        let dl = id.digital_link(HOST).unwrap();
        prop_assert_eq!(&reread(&dl, Kind::DigitalLink), &id, "{}", dl);
        compressed_reads_the_same(&id, &dl)?;
        let hri = id.element_string().unwrap();
        prop_assert_eq!(&reread(&hri, Kind::ElementString), &id, "{}", hri);
        let gs = id.gs1_element_string().unwrap();
        prop_assert_eq!(&reread(&gs, Kind::ElementString), &id, "{:?}", gs);
        let sym = format!("]C1{gs}");
        prop_assert_eq!(&reread(&sym, Kind::ElementString), &id, "{:?}", sym);
        // Short link around the Digital Link.
        let short = format!("{HOST}/t/{}", lottrace_core_encode(&dl));
        prop_assert_eq!(&reread(&short, Kind::ShortLink), &id);
        // EPC URIs and lot keys carry GTIN + lot (+ serial).
        let cp = 6 + (id.gtin.as_ref().unwrap().as_bytes()[5] - b'0') as usize % 7;
        let epc = id.epc_uri(cp).unwrap();
        let back = identify(&epc, &cfg()).unwrap();
        prop_assert_eq!((&back.gtin, &back.serial), (&id.gtin, &id.serial));
        if id.serial.is_none() {
            prop_assert_eq!(&back.lot, &id.lot);
        }
        let key = id.lot_key().unwrap();
        prop_assert_eq!(LotKey::parse_key(&key.key()), Some(key.clone()));
        prop_assert_eq!(LotKey::from_epc_uri(&key.epc_class_uri()), Some(key.clone()));
        prop_assert_eq!(identify(&key.digital_link(HOST), &cfg()).unwrap().lot_key(), Some(key));
    }

    #[test]
    fn sscc_roundtrips(sscc in digits(17).prop_map(with_check), cp in 6usize..=12) {
        let mut id = Identification::new(Kind::DigitalLink);
        id.sscc = Some(sscc.clone());
        let dl = id.digital_link(HOST).unwrap();
        prop_assert_eq!(&reread(&dl, Kind::DigitalLink), &id);
        compressed_reads_the_same(&id, &dl)?;
        prop_assert_eq!(&reread(&id.element_string().unwrap(), Kind::ElementString), &id);
        prop_assert_eq!(&reread(&sscc, Kind::Sscc), &id);
        prop_assert_eq!(&reread(&id.epc_uri(cp).unwrap(), Kind::EpcUri), &id);
        let key = LotKey::Sscc(sscc);
        prop_assert_eq!(LotKey::parse_key(&key.key()), Some(key.clone()));
        prop_assert_eq!(LotKey::from_epc_uri(&key.epc_class_uri()), Some(key));
    }

    #[test]
    fn gln_roundtrips(gln in digits(12).prop_map(with_check), ext in proptest::option::of(cset82(20)), cp in 6usize..=12) {
        let mut id = Identification::new(Kind::DigitalLink);
        id.gln = Some(gln);
        if let Some(e) = ext {
            id.other_ais.push(("254".into(), e));
        }
        let dl = id.digital_link(HOST).unwrap();
        prop_assert_eq!(&reread(&dl, Kind::DigitalLink), &id, "{}", dl);
        compressed_reads_the_same(&id, &dl)?;
        prop_assert_eq!(&reread(&id.element_string().unwrap(), Kind::ElementString), &id);
        prop_assert_eq!(&reread(&id.gs1_element_string().unwrap(), Kind::ElementString), &id);
        if id.other_ais.first().is_some_and(|(_, e)| e == "0") {
            // EPC TDS: an SGLN extension "0" means none, so it has no SGLN form.
            prop_assert_eq!(id.epc_uri(cp).unwrap_err().code, "bad_epc_uri");
        } else {
            prop_assert_eq!(&reread(&id.epc_uri(cp).unwrap(), Kind::EpcUri), &id);
        }
    }

    #[test]
    fn lot13_roundtrips(species in digits(4), plant in digits(2), product in digits(2),
                        (month, day) in (1u8..=12).prop_flat_map(|m| (Just(m), 1..=days_in(2000, u32::from(m)) as u8)),
                        serial in 0u8..10) {
        let lot = Lot13::new(&species, &plant, &product, month, day, serial).unwrap();
        let id = identify(&lot.digits, &cfg()).unwrap();
        // Whatever the ranking, the lot reading is there, exactly.
        let reading = id.readings().find(|r| r.kind == Kind::Lot13).unwrap();
        prop_assert_eq!(reading.lot13.as_ref(), Some(&lot));
        // GTIN first exactly when the last digit is a valid GTIN-13 check digit.
        let gtin_valid = gs1_check_digit(&lot.digits[..12]) == Some(serial);
        prop_assert_eq!(id.kind == Kind::Gtin, gtin_valid);
        let key = LotKey::Lot13(lot.digits.clone());
        prop_assert_eq!(LotKey::parse_key(&key.key()), Some(key.clone()));
        prop_assert_eq!(LotKey::from_epc_uri(&key.epc_class_uri()), Some(key.clone()));
        let link = identify(&key.digital_link(HOST), &cfg()).unwrap();
        prop_assert_eq!(link.kind, Kind::ShortLink);
        prop_assert_eq!(link.lot_key(), Some(key));
    }

    /// Arbitrary text never panics, and every error has a code and a message.
    #[test]
    fn arbitrary_input_is_answered(s in "\\PC{0,80}|[0-9()\\x1d]{0,60}|https?://[a-z.]{1,12}/[0-9a-zA-Z/%?=&]{0,60}") {
        if let Err(e) = identify(&s, &cfg()) {
            prop_assert!(!e.code.as_str().is_empty() && !e.message.is_empty());
        }
    }
}

/// Percent-encodes a whole URL to place it in a short link path segment.
fn lottrace_core_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
