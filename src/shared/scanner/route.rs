//! What to do with a decoded or typed code. The one place that talks to
//! `lottrace_core::codes`, so the identification API can change in one spot.

use lottrace_core::codes::{identify, CodeErrorKind, ResolverConfig};

/// Where a code leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A lot this server can trace: the app path of its trace page (no query).
    Trace(String),
    /// A URL on a host we do not trust: shown with its host, opened only on request.
    External { url: String, host: String },
    /// A product's own barcode (GTIN without lot: the EAN-13 on every pack): names the
    /// product, not the lot, so there is no trace page to open.
    Product { gtin: String },
    /// Something else (a plain product EAN, a Wi-Fi QR, free text): shown as text.
    Text(String),
}

/// Classifies `text`; `Err` when it looks like a code but is malformed (bad check
/// digit, truncated key), which the typed entry reports and the scanner shows as text.
/// The error is `CodeError::code`, stable, for the UI to translate.
///
/// `symbol` is the decoder's format name when the text was scanned: thirteen digits in
/// an EAN-13 symbol are a product code, in a Code 128 symbol the guideline's 13-digit
/// lot number (the codes module offers both readings; the symbol decides). An EAN/UPC
/// symbol is read with its symbology identifier, so a wrong check digit is refused as
/// such instead of being read as a lot number.
pub fn classify(
    text: &str,
    this_host: &str,
    symbol: Option<&str>,
) -> Result<Target, CodeErrorKind> {
    let config = ResolverConfig::new([this_host]);
    let digits = text.trim();
    let with_id = match symbol {
        Some("ean_13") => Some(format!("]E0{digits}")),
        Some("upc_a") => Some(format!("]E00{digits}")),
        Some("ean_8") => Some(format!("]E4{digits}")),
        _ => None,
    };
    let id = identify(with_id.as_deref().unwrap_or(text), &config).map_err(|e| e.code)?;
    let untrusted_url = id.external_url.clone().filter(|_| !id.trusted);
    if let Some(url) = untrusted_url {
        let host = host_of(&url);
        return Ok(Target::External { url, host });
    }
    // A serialised pack opens with its serial and signature, so the page shows the
    // pack's own code beside its lot's history.
    if let Some(page) = lottrace_core::trace::path::item_page(&id) {
        return Ok(Target::Trace(page));
    }
    if let Some(key) = id.lot_key() {
        return Ok(Target::Trace(trace_path(&key.key())));
    }
    let product_symbol = matches!(symbol, Some("ean_13" | "ean_8" | "upc_a"));
    if let Some(key) = symbol
        .filter(|_| !product_symbol)
        .and_then(|_| id.alternatives.iter().find_map(|a| a.lot_key()))
    {
        return Ok(Target::Trace(trace_path(&key.key())));
    }
    if let (Some(gtin), None) = (id.gtin.clone(), id.external_url.as_ref()) {
        return Ok(Target::Product { gtin });
    }
    // A trusted URL that names no lot (e.g. our own home page) is still a URL to offer.
    if let Some(url) = id.external_url.clone() {
        let host = host_of(&url);
        return Ok(Target::External { url, host });
    }
    Ok(Target::Text(text.to_owned()))
}

pub use lottrace_core::trace::path::key_page as trace_path;

/// This app's own host (`host:port`), the one trusted host for now.
pub fn this_host() -> String {
    web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default()
}

fn host_of(url: &str) -> String {
    web_sys::Url::new(url).map(|u| u.host()).unwrap_or_default()
}
