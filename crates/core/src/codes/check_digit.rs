//! GS1 mod-10 check digits and the fixed-length keys built on them (GTIN, SSCC, GLN).

use super::{CodeError, CodeErrorKind};

/// The GS1 check digit for `body` (all digits but the last). `None` when `body` is
/// empty or has a non-digit.
pub fn gs1_check_digit(body: &str) -> Option<u8> {
    if body.is_empty() {
        return None;
    }
    let mut sum: u32 = 0;
    // Weights alternate 3,1,3,… starting from the digit next to the check digit.
    for (i, b) in body.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    // `sum % 10` is < 10, so the cast cannot truncate.
    Some(((10 - sum % 10) % 10) as u8)
}

/// Verifies the last digit of `digits` as a GS1 check digit; `name` ("GTIN", "SSCC",
/// "GLN") goes into the error, which names the expected digit.
pub fn verify_check_digit(digits: &str, name: &str) -> Result<(), CodeError> {
    let Some(last) = digits.bytes().last() else {
        return Err(CodeError::new(
            CodeErrorKind::BadLength,
            format!("{name} is empty"),
        ));
    };
    let body = digits.get(..digits.len() - 1).unwrap_or("");
    let Some(expected) = gs1_check_digit(body) else {
        return Err(CodeError::new(
            CodeErrorKind::BadCharset,
            format!("{name} must contain digits only"),
        ));
    };
    if !last.is_ascii_digit() {
        return Err(CodeError::new(
            CodeErrorKind::BadCharset,
            format!("{name} must contain digits only"),
        ));
    }
    let got = last - b'0';
    if got != expected {
        return Err(CodeError::new(
            CodeErrorKind::CheckDigit,
            format!("check digit of {name} should be {expected}, not {got} ({digits})"),
        ));
    }
    Ok(())
}

fn all_digits(s: &str, name: &str) -> Result<(), CodeError> {
    match s.chars().position(|c| !c.is_ascii_digit()) {
        None => Ok(()),
        Some(pos) => Err(CodeError::new(
            CodeErrorKind::BadCharset,
            format!(
                "{name} must contain digits only; found {} at position {}",
                super::describe_char(s.chars().nth(pos).unwrap_or('?')),
                pos + 1
            ),
        )),
    }
}

/// Accepts GTIN-8, -12, -13 or -14, verifies the check digit and returns the 14-digit
/// form (left-padded with zeros, as GS1 stores every GTIN).
pub fn normalize_gtin(s: &str) -> Result<String, CodeError> {
    all_digits(s, "GTIN")?;
    match s.len() {
        8 | 12 | 13 | 14 => {
            verify_check_digit(s, "GTIN")?;
            Ok(format!("{s:0>14}"))
        }
        n => Err(CodeError::new(
            CodeErrorKind::BadLength,
            format!("a GTIN has 8, 12, 13 or 14 digits, not {n}"),
        )),
    }
}

/// Verifies an 18-digit SSCC.
pub fn validate_sscc(s: &str) -> Result<String, CodeError> {
    all_digits(s, "SSCC")?;
    if s.len() != 18 {
        return Err(CodeError::new(
            CodeErrorKind::BadLength,
            format!("an SSCC has 18 digits, not {}", s.len()),
        ));
    }
    verify_check_digit(s, "SSCC")?;
    Ok(s.to_string())
}

/// Verifies a 13-digit GLN.
pub fn validate_gln(s: &str) -> Result<String, CodeError> {
    all_digits(s, "GLN")?;
    if s.len() != 13 {
        return Err(CodeError::new(
            CodeErrorKind::BadLength,
            format!("a GLN has 13 digits, not {}", s.len()),
        ));
    }
    verify_check_digit(s, "GLN")?;
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_check_digits() {
        // GS1 General Specifications 7.9.1 example and well-known published keys.
        assert_eq!(gs1_check_digit("0950600013435"), Some(2));
        assert_eq!(gs1_check_digit("880123456789"), Some(3));
        assert_eq!(gs1_check_digit("10614141123456789"), Some(7));
        assert_eq!(gs1_check_digit("950600013437"), Some(6));
        assert_eq!(gs1_check_digit(""), None);
        assert_eq!(gs1_check_digit("12a"), None);
    }

    #[test]
    fn gtin_normalisation() {
        assert_eq!(normalize_gtin("96385074").as_deref(), Ok("00000096385074"));
        assert_eq!(
            normalize_gtin("036000291452").as_deref(),
            Ok("00036000291452")
        );
        assert_eq!(
            normalize_gtin("8801234567893").as_deref(),
            Ok("08801234567893")
        );
        let e = normalize_gtin("8801234567890").unwrap_err();
        assert_eq!(e.code, "check_digit");
        assert!(e.message.contains("check digit of GTIN should be 3"), "{e}");
        assert_eq!(normalize_gtin("123").unwrap_err().code, "bad_length");
    }
}
