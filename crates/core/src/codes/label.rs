//! What a staff label needs: the payloads (QR Digital Link, Code 128 for a 13-digit lot
//! number, GS1-128 element string with FNC1) and the symbols as SVG, drawn from rxing's
//! encoders. A 13-digit lot number is always Code 128: its last digit is a serial, not a
//! check digit, so it is not a valid EAN-13.

use rxing::oned::{Code128Writer, EAN13Writer, OneDimensionalCodeWriter};
use rxing::qrcode::QRCodeWriter;
use rxing::{BarcodeFormat, EncodeHints, Writer};

use super::{
    normalize_gtin, to_gs1_element_string, CodeError, CodeErrorKind, Identification, Lot13, LotKey,
    GS,
};

/// rxing's Code 128 writer takes this character for FNC1.
const RXING_FNC1: char = '\u{00F1}';

/// Which symbology a [`Symbol`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolFormat {
    Qr,
    Code128,
    Gs1_128,
    Ean13,
}

/// A barcode as a grid of modules (1D symbols have one row), plus its human-readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub format: SymbolFormat,
    /// Width in modules, without quiet zone.
    pub width: u32,
    /// Rows of modules (1 for linear symbols).
    pub height: u32,
    modules: Vec<bool>,
    /// Human-readable interpretation printed under linear symbols.
    pub text: Option<String>,
}

fn encode_err(what: &str, e: impl std::fmt::Display) -> CodeError {
    CodeError::new(
        CodeErrorKind::EncodeFailed,
        format!("cannot encode {what}: {e}"),
    )
}

impl Symbol {
    fn linear(format: SymbolFormat, modules: Vec<bool>, text: Option<String>) -> Symbol {
        Symbol {
            format,
            width: u32::try_from(modules.len()).unwrap_or(u32::MAX),
            height: 1,
            modules,
            text,
        }
    }

    /// Is module (x, y) dark? Outside the symbol is light.
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let i = y as usize * self.width as usize + x as usize;
        self.modules.get(i).copied().unwrap_or(false)
    }

    pub fn is_linear(&self) -> bool {
        self.format != SymbolFormat::Qr
    }

    /// Quiet zone in modules: 4 for QR, 10 for Code 128, 11 for EAN-13 (left side).
    pub fn quiet_zone(&self) -> u32 {
        match self.format {
            SymbolFormat::Qr => 4,
            SymbolFormat::Ean13 => 11,
            SymbolFormat::Code128 | SymbolFormat::Gs1_128 => 10,
        }
    }

    /// Bar height of linear symbols in modules (GS1 asks for at least 15% of the width).
    pub fn bar_height(&self) -> u32 {
        if self.is_linear() {
            (self.width * 15 / 100).max(50)
        } else {
            self.height
        }
    }

    /// SVG at 4 px per module.
    pub fn to_svg(&self) -> String {
        self.to_svg_scaled(4)
    }

    /// SVG whose user unit is one module, `px_per_module` px on screen, quiet zone
    /// included, one `<rect>` per run of dark modules; linear symbols get their text
    /// below the bars.
    pub fn to_svg_scaled(&self, px_per_module: u32) -> String {
        use std::fmt::Write;
        let qz = self.quiet_zone();
        let bars = self.bar_height();
        let text_h = if self.is_linear() && self.text.is_some() {
            12
        } else {
            0
        };
        let (w, h) = (
            self.width + 2 * qz,
            if self.is_linear() {
                bars + 4 + text_h
            } else {
                self.height + 2 * qz
            },
        );
        let top = if self.is_linear() { 2 } else { qz };
        let scale = px_per_module.max(1);
        let mut svg = String::with_capacity(64 * self.height as usize + 512);
        let label = xml_escape(self.text.as_deref().unwrap_or(match self.format {
            SymbolFormat::Qr => "QR code",
            _ => "barcode",
        }));
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{}" height="{}" shape-rendering="crispEdges" role="img" aria-label="{label}"><rect width="{w}" height="{h}" fill="#fff"/><g fill="#000">"##,
            w * scale,
            h * scale
        );
        let rows = if self.is_linear() { 1 } else { self.height };
        let row_h = if self.is_linear() { bars } else { 1 };
        for y in 0..rows {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    let _ = write!(
                        svg,
                        r#"<rect x="{}" y="{}" width="{}" height="{row_h}"/>"#,
                        start + qz,
                        y + top,
                        x - start
                    );
                } else {
                    x += 1;
                }
            }
        }
        svg.push_str("</g>");
        if let (true, Some(t)) = (self.is_linear(), &self.text) {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-family="monospace" font-size="10" text-anchor="middle">{}</text>"#,
                w / 2,
                top + bars + 11,
                xml_escape(t)
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The QR payload of a lot: its Digital Link on `host_base` (a 13-digit lot gets the
/// app's short link, having no GS1 key).
pub fn qr_payload(key: &LotKey, host_base: &str) -> String {
    key.digital_link(host_base)
}

/// The Code 128 content for a 13-digit lot number: its digits, validated.
pub fn lot13_code128_content(lot13: &str) -> Result<String, CodeError> {
    Ok(Lot13::parse(lot13)?.digits)
}

/// The GS1-128 element string of `id`, FNC1 written as GS (0x1D) between fields, as a
/// scanner transmits it after `]C1`.
pub fn gs1_128_content(id: &Identification) -> Result<String, CodeError> {
    to_gs1_element_string(id)
}

/// QR code (error correction M) for `payload`.
pub fn qr_symbol(payload: &str) -> Result<Symbol, CodeError> {
    let hints = EncodeHints {
        ErrorCorrection: Some("M".to_string()),
        Margin: Some("0".to_string()),
        ..Default::default()
    };
    let m = QRCodeWriter
        .encode_with_hints(payload, &BarcodeFormat::QR_CODE, 0, 0, &hints)
        .map_err(|e| encode_err("QR code", e))?;
    let (w, h) = (m.width(), m.height());
    let modules = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| m.get(x, y))
        .collect();
    Ok(Symbol {
        format: SymbolFormat::Qr,
        width: w,
        height: h,
        modules,
        text: None,
    })
}

/// Plain Code 128 (printable ASCII) for `content`.
pub fn code128_symbol(content: &str) -> Result<Symbol, CodeError> {
    if content.is_empty() || !content.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Err(CodeError::new(
            CodeErrorKind::EncodeFailed,
            "Code 128 content must be 1 or more printable ASCII characters",
        ));
    }
    let bars = Code128Writer
        .encode_oned(content)
        .map_err(|e| encode_err("Code 128", e))?;
    Ok(Symbol::linear(
        SymbolFormat::Code128,
        bars,
        Some(content.to_string()),
    ))
}

/// GS1-128 for an element string with GS (0x1D) separators (see [`gs1_128_content`]):
/// FNC1 in first position marks it GS1, each GS becomes FNC1.
pub fn gs1_128_symbol(element_string: &str) -> Result<Symbol, CodeError> {
    // Check it reads as GS1 data, so a label never carries something unreadable.
    let pairs =
        super::element_string::parse_fnc1(element_string.trim_matches(GS), super::current_year())?;
    super::from_pairs(super::Kind::ElementString, &pairs, super::current_year())?;
    let hri: String = pairs.iter().map(|(a, v)| format!("({a}){v}")).collect();
    let mut content = String::with_capacity(element_string.len() + 1);
    content.push(RXING_FNC1);
    content.extend(element_string.trim_matches(GS).chars().map(|c| {
        if c == GS {
            RXING_FNC1
        } else {
            c
        }
    }));
    let bars = Code128Writer
        .encode_oned(&content)
        .map_err(|e| encode_err("GS1-128", e))?;
    Ok(Symbol::linear(SymbolFormat::Gs1_128, bars, Some(hri)))
}

/// EAN-13 for a GTIN-13 (or GTIN-12/-14 with leading zeros). Other GTIN-14s need an
/// ITF-14 or GS1-128 and are refused.
pub fn ean13_symbol(gtin: &str) -> Result<Symbol, CodeError> {
    let g14 = normalize_gtin(gtin)?;
    let Some(g13) = g14.strip_prefix('0') else {
        return Err(CodeError::new(
            CodeErrorKind::EncodeFailed,
            format!("GTIN {g14} has a packaging indicator and cannot be an EAN-13; use GS1-128"),
        ));
    };
    let bars = EAN13Writer
        .encode_oned(g13)
        .map_err(|e| encode_err("EAN-13", e))?;
    Ok(Symbol::linear(
        SymbolFormat::Ean13,
        bars,
        Some(g13.to_string()),
    ))
}

/// SVG QR code of the lot's Digital Link.
pub fn qr_svg(payload: &str) -> Result<String, CodeError> {
    Ok(qr_symbol(payload)?.to_svg())
}

/// SVG Code 128 of `content`.
pub fn code128_svg(content: &str) -> Result<String, CodeError> {
    Ok(code128_symbol(content)?.to_svg())
}

/// SVG Code 128 of a 13-digit lot number (validated; never EAN-13).
pub fn lot13_svg(lot13: &str) -> Result<String, CodeError> {
    code128_svg(&lot13_code128_content(lot13)?)
}

/// SVG GS1-128 of an element string with GS separators.
pub fn gs1_128_svg(element_string: &str) -> Result<String, CodeError> {
    Ok(gs1_128_symbol(element_string)?.to_svg())
}

/// SVG EAN-13 of a GTIN.
pub fn ean13_svg(gtin: &str) -> Result<String, CodeError> {
    Ok(ean13_symbol(gtin)?.to_svg())
}
