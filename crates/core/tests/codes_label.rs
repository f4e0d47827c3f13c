//! Every rendered label symbol decodes back to its input with rxing. The SVG itself is
//! rasterised (its `<rect>`s), so the test checks what a printer would draw.

use lottrace_core::codes::label::{
    code128_svg, ean13_svg, gs1_128_content, gs1_128_svg, lot13_code128_content, lot13_svg,
    qr_payload, qr_svg,
};
use lottrace_core::codes::{identify, Identification, Kind, LotKey, ResolverConfig};
use rxing::{BarcodeFormat, DecodeHints, RXingResult};

const SCALE: u32 = 3;

fn attr(tag: &str, name: &str) -> Option<u32> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    tag[start..end].parse().ok()
}

/// Rasterises the SVG written by `codes::label` (module-unit rects) to a luma buffer.
fn raster(svg: &str) -> (Vec<u8>, u32, u32) {
    let vb = svg
        .split("viewBox=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let dims: Vec<u32> = vb.split(' ').map(|n| n.parse().unwrap()).collect();
    let (w, h) = (dims[2] * SCALE, dims[3] * SCALE);
    let mut luma = vec![255u8; (w * h) as usize];
    let bars = svg
        .split("<g fill=\"#000\">")
        .nth(1)
        .unwrap()
        .split("</g>")
        .next()
        .unwrap();
    let mut count = 0;
    for tag in bars.split("<rect").skip(1) {
        let (x, y, rw, rh) = (
            attr(tag, "x").unwrap(),
            attr(tag, "y").unwrap(),
            attr(tag, "width").unwrap(),
            attr(tag, "height").unwrap(),
        );
        for py in y * SCALE..(y + rh) * SCALE {
            for px in x * SCALE..(x + rw) * SCALE {
                luma[(py * w + px) as usize] = 0;
            }
        }
        count += 1;
    }
    assert!(count > 10, "too few bars/modules in {svg}");
    (luma, w, h)
}

fn decode(svg: &str, format: BarcodeFormat, gs1: bool) -> RXingResult {
    let (luma, w, h) = raster(svg);
    let mut hints = DecodeHints {
        AssumeGs1: Some(gs1),
        ..Default::default()
    };
    rxing::helpers::detect_in_luma_with_hints(luma, w, h, Some(format), &mut hints)
        .unwrap_or_else(|e| panic!("no {format:?} decoded: {e}"))
}

fn cfg() -> ResolverConfig {
    ResolverConfig::new(["lottrace.example"])
}

#[test]
fn qr_digital_link() {
    for key in [
        LotKey::Gtin {
            gtin: "08801234567893".into(),
            lot: "L240513A".into(),
        },
        LotKey::Gtin {
            gtin: "08801234567893".into(),
            lot: "A/B%&?".into(),
        },
        LotKey::Sscc("106141412345678908".into()),
        LotKey::Lot13("1234010205131".into()),
    ] {
        let payload = qr_payload(&key, "https://lottrace.example");
        let svg = qr_svg(&payload).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let r = decode(&svg, BarcodeFormat::QR_CODE, false);
        assert_eq!(r.getText(), payload);
        // And the decoded text identifies the same lot.
        assert_eq!(identify(r.getText(), &cfg()).unwrap().lot_key(), Some(key));
    }
}

#[test]
fn lot13_is_code128() {
    let content = lot13_code128_content("1234010205131").unwrap();
    assert_eq!(content, "1234010205131");
    let svg = lot13_svg("1234010205131").unwrap();
    let r = decode(&svg, BarcodeFormat::CODE_128, false);
    assert_eq!(*r.getBarcodeFormat(), BarcodeFormat::CODE_128);
    assert_eq!(r.getText(), "1234010205131");
    assert_eq!(identify(r.getText(), &cfg()).unwrap().kind, Kind::Lot13);
    assert!(
        svg.contains(">1234010205131</text>"),
        "human-readable digits"
    );
    assert!(lot13_svg("1234011305139").is_ok());
    assert_eq!(lot13_svg("1234010213011").unwrap_err().code, "bad_date");
    // Plain Code 128 of other text.
    let r = decode(
        &code128_svg("L240513A").unwrap(),
        BarcodeFormat::CODE_128,
        false,
    );
    assert_eq!(r.getText(), "L240513A");
}

#[test]
fn gs1_128_carries_fnc1() {
    let mut id = Identification::new(Kind::ElementString);
    id.gtin = Some("08801234567893".into());
    id.lot = Some("L240513A".into());
    id.serial = Some("S1".into());
    id.net_weight_kg = Some(1.25);
    id.dates = vec![lottrace_core::codes::AiDate {
        ai: "17".into(),
        date: "2025-12-31".into(),
    }];
    let content = gs1_128_content(&id).unwrap();
    assert_eq!(
        content,
        "010880123456789310L240513A\u{1d}21S1\u{1d}172512313102000125"
    );
    let svg = gs1_128_svg(&content).unwrap();
    assert!(svg.contains("(01)08801234567893(10)L240513A(21)S1(17)251231(3102)000125"));
    // With the GS1 flag a decoder reports ]C1 and GS separators…
    let r = decode(&svg, BarcodeFormat::CODE_128, true);
    assert_eq!(r.getText(), format!("]C1{content}"));
    let back = identify(r.getText(), &cfg()).unwrap();
    assert_eq!(
        (back.gtin, back.lot, back.serial, back.net_weight_kg),
        (
            id.gtin.clone(),
            id.lot.clone(),
            id.serial.clone(),
            Some(1.25)
        )
    );
    // …and without it the symbology identifier metadata still says GS1-128.
    let r = decode(&svg, BarcodeFormat::CODE_128, false);
    let sym = r
        .getRXingResultMetadata()
        .get(&rxing::RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
        .map(|v| format!("{v:?}"))
        .unwrap_or_default();
    assert!(sym.contains("]C1"), "symbology identifier {sym}");
    // Unreadable content is refused rather than printed.
    assert_eq!(gs1_128_svg("10L1").unwrap_err().code, "missing_ai");
}

#[test]
fn ean13_for_gtins() {
    for (gtin, text) in [
        ("08801234567893", "8801234567893"),
        ("036000291452", "0036000291452"),
    ] {
        let r = decode(&ean13_svg(gtin).unwrap(), BarcodeFormat::EAN_13, false);
        assert_eq!(r.getText(), text);
        assert_eq!(
            identify(r.getText(), &cfg()).unwrap().gtin.as_deref(),
            Some(&*format!("{text:0>14}"))
        );
    }
    assert_eq!(ean13_svg("8801234567890").unwrap_err().code, "check_digit");
    assert_eq!(
        ean13_svg("18801234567890").unwrap_err().code,
        "encode_failed"
    );
}

#[test]
fn svg_escapes_text() {
    let svg = code128_svg("A&B<C>").unwrap();
    assert!(svg.contains("A&amp;B&lt;C&gt;") && !svg.contains("A&B<C"));
}
