//! Canonical writers: Digital Link (also compressed), parenthesised and FNC1 element strings, EPC URIs.
//! Each is the inverse of reading (see the property tests).

use super::ai;
use super::compressed;
use super::epc::{epc_lgtin_uri, epc_sgln_uri, epc_sgtin_uri, epc_sscc_uri};
use super::{dl_encode, CodeError, CodeErrorKind, Identification, POW10};

/// The ASCII group separator that decoders transmit for FNC1.
pub const GS: char = '\u{1D}';

fn no_key() -> CodeError {
    CodeError::new(
        CodeErrorKind::NoGs1Key,
        "this identification has no GS1 key (GTIN, SSCC or GLN) to write",
    )
}

/// The AI/value pairs of an identification: primary key and its qualifiers first (in
/// the Digital Link order), then dates, net weight and the other AIs as stored.
fn pairs(id: &Identification) -> Result<Vec<(String, String)>, CodeError> {
    let mut out: Vec<(String, String)> = Vec::new();
    let other = |ai: &str| {
        id.other_ais
            .iter()
            .find(|(a, _)| a == ai)
            .map(|(_, v)| v.clone())
    };
    let mut used: Vec<&str> = Vec::new();
    if let Some(g) = &id.gtin {
        out.push(("01".into(), g.clone()));
        if let Some(v) = other("22") {
            out.push(("22".into(), v));
            used.push("22");
        }
        if let Some(l) = &id.lot {
            out.push(("10".into(), l.clone()));
        }
        if let Some(s) = &id.serial {
            out.push(("21".into(), s.clone()));
        }
        if let Some(v) = other("235") {
            out.push(("235".into(), v));
            used.push("235");
        }
    }
    if let Some(s) = &id.sscc {
        out.push(("00".into(), s.clone()));
    }
    if let Some(g) = &id.gln {
        out.push(("414".into(), g.clone()));
        if let Some(v) = other("254") {
            out.push(("254".into(), v));
            used.push("254");
        }
    }
    if out.is_empty() {
        return Err(no_key());
    }
    if id.gtin.is_none() {
        if let Some(l) = &id.lot {
            out.push(("10".into(), l.clone()));
        }
        if let Some(s) = &id.serial {
            out.push(("21".into(), s.clone()));
        }
    }
    for d in &id.dates {
        let v = ai::iso_to_yymmdd(&d.date).ok_or_else(|| {
            CodeError::new(
                CodeErrorKind::BadDate,
                format!(
                    "date {} of AI ({}) cannot be written as YYMMDD (YYYY-MM-DD or YYYY-MM)",
                    d.date, d.ai
                ),
            )
        })?;
        out.push((d.ai.clone(), v));
    }
    if let Some(kg) = id.net_weight_kg {
        out.push(weight_pair(kg)?);
    }
    for (a, v) in &id.other_ais {
        if !used.contains(&a.as_str()) {
            out.push((a.clone(), v.clone()));
        }
    }
    // Everything written must read back: validate each value against its AI.
    for (a, v) in &out {
        let def = ai::lookup(a).ok_or_else(|| {
            CodeError::new(
                CodeErrorKind::UnknownAi,
                format!("({a}) is not a GS1 Application Identifier"),
            )
        })?;
        ai::validate(def, v, super::current_year())?;
    }
    Ok(out)
}

/// AI 310n with the fewest decimals that represent `kg` exactly (as read back).
fn weight_pair(kg: f64) -> Result<(String, String), CodeError> {
    for (n, scale) in POW10.iter().enumerate() {
        let raw = (kg * scale).round();
        if (0.0..1_000_000.0).contains(&raw) && raw / scale == kg {
            // In range 0..1e6 and integral: the cast is exact.
            return Ok((format!("310{n}"), format!("{:06}", raw as u32)));
        }
    }
    Err(CodeError::new(
        CodeErrorKind::BadWeight,
        format!("net weight {kg} kg does not fit AI 310n (6 digits, up to 5 decimals)"),
    ))
}

/// The GS1 Digital Link of `id` on `host_base` (e.g. `https://lottrace.example`): the
/// first of GTIN, SSCC, GLN is the primary key; its qualifiers go in the path and the
/// other AIs in the query string.
pub fn to_digital_link(id: &Identification, host_base: &str) -> Result<String, CodeError> {
    let all = pairs(id)?;
    let key_ai = all.first().map(|(a, _)| a.clone()).unwrap_or_default();
    let key_def = ai::lookup(&key_ai).ok_or_else(no_key)?;
    let qualifiers: Vec<&str> = ai::dl_qualifiers(key_def).collect();
    let mut url = host_base.trim_end_matches('/').to_string();
    let mut query: Vec<String> = Vec::new();
    for (i, (a, v)) in all.iter().enumerate() {
        if i == 0 || qualifiers.contains(&a.as_str()) {
            url.push('/');
            url.push_str(a);
            url.push('/');
            url.push_str(&dl_encode(v));
        } else {
            let def = ai::lookup(a).ok_or_else(no_key)?;
            if !def.dl_attr {
                return Err(CodeError::new(
                    CodeErrorKind::NotInDigitalLink,
                    format!(
                        "{} cannot be written in a Digital Link with key {}",
                        def.label(),
                        key_def.label()
                    ),
                ));
            }
            query.push(format!("{a}={}", dl_encode(v)));
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    Ok(url)
}

/// The compressed GS1 Digital Link of `id` on `host_base` (GS1 Digital Link:
/// Compression): the same data as [`to_digital_link`], in one shorter base64url path
/// segment, for a smaller QR code. Refused where the uncompressed form is.
pub fn to_compressed_digital_link(
    id: &Identification,
    host_base: &str,
) -> Result<String, CodeError> {
    // Writable as a Digital Link at all (a key, attributes allowed): the same rules.
    to_digital_link(id, host_base)?;
    let segment = compressed::compress(&pairs(id)?)?;
    Ok(format!("{}/{segment}", host_base.trim_end_matches('/')))
}

/// Parenthesised (human-readable) element string, e.g. `(01)08801234567893(10)L1`.
pub fn to_element_string(id: &Identification) -> Result<String, CodeError> {
    // A "(" in a value is written "\\(", so that it does not start an AI.
    Ok(pairs(id)?
        .iter()
        .map(|(a, v)| format!("({a}){}", v.replace('(', "\\(")))
        .collect())
}

/// The element string as a GS1-128 / GS1 DataMatrix carries it: FNC1 written as GS
/// (0x1D) after every variable-length field except the last; no leading FNC1 or
/// symbology identifier (label writers add the leading FNC1 themselves).
pub fn to_gs1_element_string(id: &Identification) -> Result<String, CodeError> {
    let all = pairs(id)?;
    let mut out = String::new();
    let last = all.len().saturating_sub(1);
    for (i, (a, v)) in all.iter().enumerate() {
        out.push_str(a);
        out.push_str(v);
        let predefined = ai::lookup(a).is_some_and(|d| d.predefined);
        if !predefined && i != last {
            out.push(GS);
        }
    }
    Ok(out)
}

/// The EPC URI of `id`: SGTIN when it has a serial, LGTIN (class) for GTIN + lot, else
/// SSCC or SGLN. The company prefix length is not coded in the GTIN, so it is given.
pub fn to_epc_uri(id: &Identification, company_prefix_len: usize) -> Result<String, CodeError> {
    if let Some(g) = &id.gtin {
        if let Some(s) = &id.serial {
            return epc_sgtin_uri(g, s, company_prefix_len);
        }
        if let Some(l) = &id.lot {
            return epc_lgtin_uri(g, l, company_prefix_len);
        }
        return Err(CodeError::new(
            CodeErrorKind::NoEpcForm,
            "a GTIN alone has no EPC URI: it needs a serial (SGTIN) or a lot (LGTIN)",
        ));
    }
    if let Some(s) = &id.sscc {
        return epc_sscc_uri(s, company_prefix_len);
    }
    if let Some(g) = &id.gln {
        let ext = id
            .other_ais
            .iter()
            .find(|(a, _)| a == "254")
            .map(|(_, v)| v.as_str());
        return epc_sgln_uri(g, ext, company_prefix_len);
    }
    if let Some(l) = &id.lot13 {
        return Ok(format!("urn:lottrace:lot13:{}", l.digits));
    }
    Err(no_key())
}

impl Identification {
    /// See [`to_digital_link`].
    pub fn digital_link(&self, host_base: &str) -> Result<String, CodeError> {
        to_digital_link(self, host_base)
    }
    /// See [`to_compressed_digital_link`].
    pub fn compressed_digital_link(&self, host_base: &str) -> Result<String, CodeError> {
        to_compressed_digital_link(self, host_base)
    }
    /// See [`to_element_string`].
    pub fn element_string(&self) -> Result<String, CodeError> {
        to_element_string(self)
    }
    /// See [`to_gs1_element_string`].
    pub fn gs1_element_string(&self) -> Result<String, CodeError> {
        to_gs1_element_string(self)
    }
    /// See [`to_epc_uri`].
    pub fn epc_uri(&self, company_prefix_len: usize) -> Result<String, CodeError> {
        to_epc_uri(self, company_prefix_len)
    }
}
