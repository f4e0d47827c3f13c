//! The Korean traceability guideline's 13-digit lot number (appendix 나): 4-digit species
//! code, 2-digit plant, 2-digit product, processing date MMDD, 1-digit serial. The last
//! digit is a serial, not a check digit, so it is printed as Code 128, never EAN-13.

use serde::{Deserialize, Serialize};

use super::lint::days_in_month;
use super::{CodeError, CodeErrorKind};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lot13 {
    /// All 13 digits.
    pub digits: String,
    /// Species code (NFQS middle classification, 4 digits).
    pub species: String,
    /// Final processing plant (2 digits).
    pub plant: String,
    /// Product of that plant (2 digits).
    pub product: String,
    /// Processing date month (1–12).
    pub month: u8,
    /// Processing date day (1–31; 29 February is allowed since the year is not coded).
    pub day: u8,
    /// Serial among lots of the same processing day (0–9).
    pub serial: u8,
}

impl Lot13 {
    /// Reads 13 digits as a lot number, validating the processing date.
    pub fn parse(s: &str) -> Result<Lot13, CodeError> {
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(CodeError::new(
                CodeErrorKind::BadCharset,
                format!(
                    "a 13-digit lot number has digits only; found {}",
                    super::describe_char(c)
                ),
            ));
        }
        if s.len() != 13 {
            return Err(CodeError::new(
                CodeErrorKind::BadLength,
                format!("a lot number has 13 digits, not {}", s.len()),
            ));
        }
        // All ASCII digits: byte slicing is safe; `get` keeps it panic-free anyway.
        let part = |a: usize, b: usize| s.get(a..b).unwrap_or("");
        let two = |a: usize| part(a, a + 2).parse::<u8>().unwrap_or(0);
        let (month, day) = (two(8), two(10));
        check_mmdd(month, day).map_err(|why| {
            CodeError::new(
                CodeErrorKind::BadDate,
                format!(
                    "processing date {} of lot number {s} is impossible: {why}",
                    part(8, 12)
                ),
            )
        })?;
        Ok(Lot13 {
            digits: s.to_string(),
            species: part(0, 4).to_string(),
            plant: part(4, 6).to_string(),
            product: part(6, 8).to_string(),
            month,
            day,
            serial: part(12, 13).parse::<u8>().unwrap_or(0),
        })
    }

    /// Builds a lot number from its parts.
    pub fn new(
        species: &str,
        plant: &str,
        product: &str,
        month: u8,
        day: u8,
        serial: u8,
    ) -> Result<Lot13, CodeError> {
        let fits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !fits(species, 4) || !fits(plant, 2) || !fits(product, 2) || serial > 9 {
            return Err(CodeError::new(
                CodeErrorKind::BadLength,
                "a lot number is species (4 digits), plant (2), product (2), MMDD and a serial (0-9)",
            ));
        }
        Lot13::parse(&format!(
            "{species}{plant}{product}{month:02}{day:02}{serial}"
        ))
    }
}

fn check_mmdd(month: u8, day: u8) -> Result<(), String> {
    if !(1..=12).contains(&month) {
        return Err(format!("month {month:02} does not exist"));
    }
    // The year is not coded: allow 29 February (a leap year's maximum).
    if day == 0 || u32::from(day) > days_in_month(2000, u32::from(month)) {
        return Err(format!("day {day:02} does not exist in month {month:02}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let l = Lot13::parse("1234010205131").unwrap();
        assert_eq!(
            (
                l.species.as_str(),
                l.plant.as_str(),
                l.product.as_str(),
                l.month,
                l.day,
                l.serial
            ),
            ("1234", "01", "02", 5, 13, 1)
        );
        assert!(Lot13::parse("1234010202291").is_ok());
        assert_eq!(Lot13::parse("1234010213011").unwrap_err().code, "bad_date");
        assert_eq!(Lot13::parse("1234010202301").unwrap_err().code, "bad_date");
        assert_eq!(Lot13::parse("1234010200011").unwrap_err().code, "bad_date");
        assert_eq!(
            Lot13::new("1234", "01", "02", 4, 31, 0).unwrap_err().code,
            "bad_date"
        );
        assert_eq!(
            Lot13::new("1234", "01", "02", 12, 31, 9).unwrap().digits,
            "1234010212319"
        );
    }
}
