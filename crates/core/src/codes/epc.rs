//! EPC pure-identity URIs (GS1 EPC Tag Data Standard): SGTIN, SSCC, SGLN, LGTIN, plus
//! the app's `urn:lottrace:lot13:` for guideline lot numbers.

use super::ai;
use super::check_digit::{gs1_check_digit, normalize_gtin, validate_gln, validate_sscc};
use super::{pct_decode, starts_with_ci, CodeError, CodeErrorKind, Identification, Kind, Lot13};

fn bad(msg: impl Into<String>) -> CodeError {
    CodeError::new(CodeErrorKind::BadEpcUri, msg)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Company prefix (6–12 digits, the TDS partition range) and its reference field of a
/// total of `total` digits.
fn check_partition(cp: &str, reference: &str, total: usize, what: &str) -> Result<(), CodeError> {
    if !digits(cp) || !(6..=12).contains(&cp.len()) {
        return Err(bad(format!(
            "{what}: company prefix must be 6 to 12 digits, got \"{cp}\""
        )));
    }
    if !(reference.is_empty() || digits(reference)) || cp.len() + reference.len() != total {
        return Err(bad(format!(
            "{what}: company prefix and reference must be {total} digits together, got \"{cp}.{reference}\""
        )));
    }
    Ok(())
}

fn with_check(body: &str) -> String {
    format!("{body}{}", gs1_check_digit(body).unwrap_or(0))
}

/// GTIN-14 from `CompanyPrefix.IndicatorItemRef`.
fn gtin_from(cp: &str, item: &str, what: &str) -> Result<String, CodeError> {
    check_partition(cp, item, 13, what)?;
    let (indicator, rest) = (item.get(..1).unwrap_or(""), item.get(1..).unwrap_or(""));
    Ok(with_check(&format!("{indicator}{cp}{rest}")))
}

/// The TDS escapes for serials and lots in EPC URIs, decoded, then checked as AI data.
fn field(value: &str, ai_code: &str) -> Result<String, CodeError> {
    let v = pct_decode(value)?;
    if let Some(def) = ai::lookup(ai_code) {
        ai::validate(def, &v, super::current_year())?;
    }
    Ok(v)
}

pub(crate) fn parse_urn(s: &str) -> Result<Identification, CodeError> {
    let prefix_len = |p: &str| starts_with_ci(s, p).then_some(p.len());
    let body = |n: usize| s.get(n..).unwrap_or("");
    if let Some(n) = prefix_len("urn:lottrace:lot13:") {
        let mut id = Identification::new(Kind::Lot13);
        id.lot13 = Some(Lot13::parse(body(n))?);
        return Ok(id);
    }
    let mut id = Identification::new(Kind::EpcUri);
    if let Some(n) = prefix_len("urn:epc:id:sgtin:") {
        let mut it = body(n).splitn(3, '.');
        let (Some(cp), Some(item), Some(serial)) = (it.next(), it.next(), it.next()) else {
            return Err(bad(
                "SGTIN URI must be urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial",
            ));
        };
        id.gtin = Some(gtin_from(cp, item, "SGTIN")?);
        id.serial = Some(field(serial, "21")?);
    } else if let Some(n) = prefix_len("urn:epc:class:lgtin:") {
        let mut it = body(n).splitn(3, '.');
        let (Some(cp), Some(item), Some(lot)) = (it.next(), it.next(), it.next()) else {
            return Err(bad(
                "LGTIN URI must be urn:epc:class:lgtin:CompanyPrefix.ItemRef.Lot",
            ));
        };
        id.gtin = Some(gtin_from(cp, item, "LGTIN")?);
        id.lot = Some(field(lot, "10")?);
    } else if let Some(n) = prefix_len("urn:epc:id:sscc:") {
        let Some((cp, serial_ref)) = body(n).split_once('.') else {
            return Err(bad(
                "SSCC URI must be urn:epc:id:sscc:CompanyPrefix.SerialReference",
            ));
        };
        check_partition(cp, serial_ref, 17, "SSCC")?;
        // The serial reference starts with the SSCC's extension digit.
        let (ext, rest) = (
            serial_ref.get(..1).unwrap_or(""),
            serial_ref.get(1..).unwrap_or(""),
        );
        id.sscc = Some(with_check(&format!("{ext}{cp}{rest}")));
    } else if let Some(n) = prefix_len("urn:epc:id:sgln:") {
        let mut it = body(n).splitn(3, '.');
        let (Some(cp), Some(loc), Some(ext)) = (it.next(), it.next(), it.next()) else {
            return Err(bad(
                "SGLN URI must be urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension",
            ));
        };
        check_partition(cp, loc, 12, "SGLN")?;
        id.gln = Some(with_check(&format!("{cp}{loc}")));
        // Extension "0" means none (TDS).
        if ext != "0" {
            id.other_ais.push(("254".to_string(), field(ext, "254")?));
        }
    } else if starts_with_ci(s, "urn:epc:") {
        return Err(CodeError::new(
            CodeErrorKind::UnsupportedEpc,
            "only SGTIN, SSCC, SGLN and LGTIN EPC URIs are supported",
        ));
    } else {
        return Err(CodeError::new(
            CodeErrorKind::UnknownFormat,
            "unknown URN: expected urn:epc:id:sgtin/sscc/sgln, urn:epc:class:lgtin or urn:lottrace:lot13",
        ));
    }
    Ok(id)
}

/// Escapes the characters the TDS requires escaped in EPC URI serials and lots.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '"' => out.push_str("%22"),
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '/' => out.push_str("%2F"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// Validates raw (unescaped) AI data before writing it.
fn valid(value: &str, ai_code: &str) -> Result<(), CodeError> {
    match ai::lookup(ai_code) {
        Some(def) => ai::validate(def, value, super::current_year()),
        None => Ok(()),
    }
}

fn cp_len_ok(cp_len: usize, max: usize) -> Result<(), CodeError> {
    if (6..=12).contains(&cp_len) && cp_len <= max {
        Ok(())
    } else {
        Err(bad(format!(
            "company prefix length must be 6 to 12 digits, got {cp_len}"
        )))
    }
}

/// `CompanyPrefix.IndicatorItemRef` for a GTIN whose company prefix has `cp_len` digits.
fn gtin_fields(gtin: &str, cp_len: usize) -> Result<String, CodeError> {
    let g = normalize_gtin(gtin)?;
    cp_len_ok(cp_len, 12)?;
    let cp = g.get(1..1 + cp_len).unwrap_or("");
    let item = g.get(1 + cp_len..13).unwrap_or("");
    Ok(format!("{cp}.{}{item}", g.get(..1).unwrap_or("")))
}

/// `urn:epc:class:lgtin:…` (EPC class of a GTIN + lot).
pub fn epc_lgtin_uri(
    gtin: &str,
    lot: &str,
    company_prefix_len: usize,
) -> Result<String, CodeError> {
    let f = gtin_fields(gtin, company_prefix_len)?;
    valid(lot, "10")?;
    Ok(format!("urn:epc:class:lgtin:{f}.{}", escape(lot)))
}

/// `urn:epc:id:sgtin:…` (one serialised item).
pub fn epc_sgtin_uri(
    gtin: &str,
    serial: &str,
    company_prefix_len: usize,
) -> Result<String, CodeError> {
    let f = gtin_fields(gtin, company_prefix_len)?;
    valid(serial, "21")?;
    Ok(format!("urn:epc:id:sgtin:{f}.{}", escape(serial)))
}

/// `urn:epc:id:sscc:…`.
pub fn epc_sscc_uri(sscc: &str, company_prefix_len: usize) -> Result<String, CodeError> {
    let s = validate_sscc(sscc)?;
    cp_len_ok(company_prefix_len, 12)?;
    let cp = s.get(1..1 + company_prefix_len).unwrap_or("");
    let rest = s.get(1 + company_prefix_len..17).unwrap_or("");
    Ok(format!(
        "urn:epc:id:sscc:{cp}.{}{rest}",
        s.get(..1).unwrap_or("")
    ))
}

/// `urn:epc:id:sgln:…`; `extension` is AI 254 (none gives `0`).
pub fn epc_sgln_uri(
    gln: &str,
    extension: Option<&str>,
    company_prefix_len: usize,
) -> Result<String, CodeError> {
    let g = validate_gln(gln)?;
    cp_len_ok(company_prefix_len, 12)?;
    let cp = g.get(..company_prefix_len).unwrap_or("");
    let loc = g.get(company_prefix_len..12).unwrap_or("");
    let ext =
        match extension {
            // TDS: extension "0" means "no extension", so AI 254 = "0" has no SGLN form.
            Some("0") => return Err(bad(
                "GLN extension \"0\" cannot be written in an SGLN URI, where 0 means no extension",
            )),
            Some(e) => {
                valid(e, "254")?;
                escape(e)
            }
            None => "0".to_string(),
        };
    Ok(format!("urn:epc:id:sgln:{cp}.{loc}.{ext}"))
}

/// `urn:epc:id:pgln:…`, the party (a business, not a place) a GLN stands for: the form
/// CBV `owning_party` and `possessing_party` sources and destinations take.
pub fn epc_pgln_uri(gln: &str, company_prefix_len: usize) -> Result<String, CodeError> {
    let g = validate_gln(gln)?;
    cp_len_ok(company_prefix_len, 12)?;
    let cp = g.get(..company_prefix_len).unwrap_or("");
    let party = g.get(company_prefix_len..12).unwrap_or("");
    Ok(format!("urn:epc:id:pgln:{cp}.{party}"))
}

/// The GLN of a party identifier: `urn:epc:id:pgln:CompanyPrefix.PartyRef` (TDS 2.0) or a
/// Digital Link with AI 417. `None` for anything else, locations included.
pub fn party_gln(id: &str) -> Option<String> {
    let id = id.trim();
    if starts_with_ci(id, "urn:epc:id:pgln:") {
        let (cp, party) = id.get("urn:epc:id:pgln:".len()..)?.split_once('.')?;
        check_partition(cp, party, 12, "PGLN").ok()?;
        return Some(with_check(&format!("{cp}{party}")));
    }
    let (_, rest) = id.split_once("/417/")?;
    let gln = rest.get(..13)?;
    let tail_ok = rest
        .get(13..)
        .is_some_and(|t| t.is_empty() || t.starts_with(['/', '?']));
    (tail_ok && validate_gln(gln).is_ok()).then(|| gln.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_glns_read_back() {
        let uri = epc_pgln_uri("8801234000024", 7).unwrap();
        assert_eq!(uri, "urn:epc:id:pgln:8801234.00002");
        assert_eq!(party_gln(&uri).as_deref(), Some("8801234000024"));
        assert_eq!(
            party_gln("https://id.gs1.org/417/8801234000024").as_deref(),
            Some("8801234000024")
        );
        assert_eq!(party_gln("https://id.gs1.org/417/8801234000025"), None);
        assert_eq!(party_gln("urn:epc:id:sgln:8801234.00002.0"), None);
        assert_eq!(party_gln("urn:epc:id:pgln:8801234.2"), None);
    }

    #[test]
    fn tds_examples() {
        // GS1 EPC Tag Data Standard examples.
        let id = parse_urn("urn:epc:id:sgtin:0614141.112345.400").unwrap();
        assert_eq!(id.gtin.as_deref(), Some("10614141123459"));
        assert_eq!(id.serial.as_deref(), Some("400"));
        let id = parse_urn("urn:epc:id:sscc:0614141.1234567890").unwrap();
        assert_eq!(id.sscc.as_deref(), Some("106141412345678908"));
        let id = parse_urn("urn:epc:id:sgln:0614141.12345.400").unwrap();
        assert_eq!(id.gln.as_deref(), Some("0614141123452"));
        assert_eq!(id.other_ais, vec![("254".to_string(), "400".to_string())]);
        let id = parse_urn("urn:epc:class:lgtin:4012345.012345.998877").unwrap();
        assert_eq!(id.gtin.as_deref(), Some("04012345123456"));
        assert_eq!(id.lot.as_deref(), Some("998877"));
        assert_eq!(
            epc_sgtin_uri("10614141123459", "400", 7).unwrap(),
            "urn:epc:id:sgtin:0614141.112345.400"
        );
        assert_eq!(
            epc_sscc_uri("106141412345678908", 7).unwrap(),
            "urn:epc:id:sscc:0614141.1234567890"
        );
        assert_eq!(
            epc_sgln_uri("0614141123452", Some("400"), 7).unwrap(),
            "urn:epc:id:sgln:0614141.12345.400"
        );
        assert_eq!(
            parse_urn("urn:epc:id:sgtin:06141.112345.400")
                .unwrap_err()
                .code,
            "bad_epc_uri"
        );
    }
}
