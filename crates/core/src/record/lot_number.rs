//! Identifiers for new lots: GTIN + lot `L{YYMMDD}{serial:03}` where the business has a
//! GTIN for the product, otherwise the guideline's 13-digit lot number (appendix 나:
//! species 4 + plant 2 + product 2 + MMDD + serial 1), counted per day and product.

use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::ProductKind;
use crate::codes::{Lot13, LotKey};

/// A business's lot-numbering settings and the serials handed out so far (kept per
/// device; the staff app stores it as is).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LotNumbering {
    /// GS1 company prefix (informative; GTINs below carry it).
    pub company_prefix: String,
    /// Product kind → GTIN-14 (or 13/12/8). A kind without one gets 13-digit lot numbers.
    pub gtins: BTreeMap<String, String>,
    /// 13-digit lot number: species code (4 digits).
    pub species_code: String,
    /// 13-digit lot number: plant code (2 digits).
    pub plant_code: String,
    /// Product kind → 2-digit product code of the 13-digit number.
    pub product_codes: BTreeMap<String, String>,
    /// `YYYYMMDD|kind` → serials handed out that day.
    pub counters: BTreeMap<String, u32>,
}

/// Why a new lot could not get an identifier automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotIdError {
    /// Neither a GTIN nor the 13-digit number's codes are set for this product.
    NotSetUp,
    /// The 13-digit number has one serial digit: ten lots of this product today already.
    DayFull,
}

/// The next identifier for a new lot of `kind` made on `date` (local date). Advances the
/// day's counter in `numbering`; the caller saves it.
pub fn next_lot(
    numbering: &mut LotNumbering,
    kind: ProductKind,
    date: chrono::NaiveDate,
) -> Result<LotKey, LotIdError> {
    let kind = kind.as_str();
    let counter_key = format!("{}|{kind}", date.format("%Y%m%d"));
    let serial = numbering.counters.get(&counter_key).copied().unwrap_or(0);
    let gtin = numbering.gtins.get(kind).map(|g| g.trim()).unwrap_or("");
    if !gtin.is_empty() {
        let lot = format!("L{}{:03}", date.format("%y%m%d"), serial + 1);
        let key = LotKey::gtin_lot(gtin, &lot).map_err(|_| LotIdError::NotSetUp)?;
        numbering.counters.insert(counter_key, serial + 1);
        return Ok(key);
    }
    let product = numbering
        .product_codes
        .get(kind)
        .map(|p| p.trim())
        .unwrap_or("");
    if serial > 9 {
        return Err(LotIdError::DayFull);
    }
    let lot = Lot13::new(
        numbering.species_code.trim(),
        numbering.plant_code.trim(),
        product,
        date.month() as u8,
        date.day() as u8,
        serial as u8,
    )
    .map_err(|_| LotIdError::NotSetUp)?;
    numbering.counters.insert(counter_key, serial + 1);
    Ok(LotKey::Lot13(lot.digits))
}
