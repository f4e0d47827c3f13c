//! One serialised pack's own state, beside its lot's history: was its serial issued, does
//! its signature hold, how often and where it was checked, and whether that looks like a
//! copy. The counting rule keeps no person's data and is hard to pump (README
//! "Scan checks"): checks are counted per day and per coarse place (a store's kiosk, or
//! none), at most [`CHECKS_PER_BUCKET`] a bucket, and only places a bot cannot fake from
//! a phone — registered stores' kiosks — or time itself (distinct days) raise warnings.

use super::digsig::SignatureCheck;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Checks counted per serial, day and place: the rest of a burst is not counted.
pub const CHECKS_PER_BUCKET: u32 = 3;

/// A fresh or chilled pack is not on sale for two weeks: checks on more distinct days
/// than this are unusual (a bot re-checking once a day for that long only earns this
/// advisory warning, never a "copy" verdict).
pub const MANY_CHECK_DAYS: usize = 14;

/// Where a check was made, as coarsely as useful.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "gln")]
pub enum CheckPlace {
    /// A phone or anything else without a place.
    Anywhere,
    /// The kiosk of the store with this GLN (a registered store only).
    Store(String),
}

/// Counted checks of one serial on one day (UTC `YYYY-MM-DD`) at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckBucket {
    pub day: String,
    pub place: CheckPlace,
    pub count: u32,
}

/// The signature's verdict as the trace API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureVerdict {
    Valid,
    Invalid,
    Missing,
}

impl From<&SignatureCheck> for SignatureVerdict {
    fn from(c: &SignatureCheck) -> Self {
        match c {
            SignatureCheck::Valid(_) => SignatureVerdict::Valid,
            SignatureCheck::Invalid(_) => SignatureVerdict::Invalid,
            SignatureCheck::Missing => SignatureVerdict::Missing,
        }
    }
}

/// Why a pack may not be what its label says, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckWarning {
    /// No print run issued this serial for this product.
    NotIssued,
    /// The code's signature does not hold: edited or forged.
    BadSignature,
    /// Issued serials are always signed: a copy made by hand, or an old print.
    Unsigned,
    /// Checked at a store's kiosk on or after the day another store sold this very pack.
    SoldElsewhere,
    /// Checked at the kiosks of two different stores: one pack is in one store.
    TwoStores,
    /// Checked at a store the lot was never delivered to.
    OffChain,
    /// Checked on more days than a pack stays on sale.
    ManyChecks,
}

impl CheckWarning {
    pub fn code(self) -> &'static str {
        match self {
            CheckWarning::NotIssued => "not_issued",
            CheckWarning::BadSignature => "bad_signature",
            CheckWarning::Unsigned => "unsigned",
            CheckWarning::SoldElsewhere => "sold_elsewhere",
            CheckWarning::TwoStores => "two_stores",
            CheckWarning::OffChain => "off_chain",
            CheckWarning::ManyChecks => "many_checks",
        }
    }

    /// Does this warning say the pack is probably a copy (the business is alerted)?
    pub fn alerts_business(self) -> bool {
        !matches!(self, CheckWarning::NotIssued)
    }
}

/// A store's record that it sold this very pack (an EPCIS `retail_selling` event naming
/// its SGTIN): after it, the pack is in a shopper's bag, not on another store's shelf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    /// The GLN of the store that recorded the sale.
    pub store: String,
    /// The sale's day (UTC `YYYY-MM-DD`), compared with the checks' days.
    pub day: String,
}

/// The CBV business step of a store's sale of a pack, as events are stored (short form).
pub const SALE_BIZ_STEP: &str = "retail_selling";

impl Sale {
    /// Every name an EPCIS event may give this pack (`epcList`): its GS1 Digital Link,
    /// and its SGTIN EPC URI at each company prefix length GS1 allows (6 to 12 digits),
    /// since the prefix length is the brand's and not written in the GTIN.
    pub fn item_epcs(gtin: &str, serial: &str) -> Vec<String> {
        let mut names = vec![format!("https://id.gs1.org/01/{gtin}/21/{serial}")];
        names
            .extend((6..=12).filter_map(|len| crate::codes::epc_sgtin_uri(gtin, serial, len).ok()));
        names
    }
}

/// The `item` member of a serial-level trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemState {
    pub serial: String,
    pub issued: bool,
    pub signature: SignatureVerdict,
    /// Who signed, when the signature holds: "Signed by …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by_gln: Option<String>,
    /// Counted checks, this one included.
    pub checks: u32,
    /// The first check's time (RFC 3339), this one if it is the first.
    pub first_checked: Option<String>,
    pub warning: Option<CheckWarning>,
}

impl ItemState {
    /// The server's verdict overruled by the device's own check of the signature (a
    /// server or proxy that calls a forged code genuine is caught): not valid, signed by
    /// nobody, and at least the bad-signature warning.
    pub fn refused_here(&mut self) {
        self.signature = SignatureVerdict::Invalid;
        self.signed_by = None;
        self.signed_by_gln = None;
        self.warning = Some(self.warning.map_or(CheckWarning::BadSignature, |w| {
            w.min(CheckWarning::BadSignature)
        }));
    }

    /// The state of `serial` after a check: `issued` from the store, `signature` of the
    /// scanned code, `buckets` every counted check (this one included), `lot_stores`
    /// the GLNs of the stores the lot reached, `sale` the pack's own sale if one was
    /// recorded.
    pub fn assess(
        serial: &str,
        issued: bool,
        signature: &SignatureCheck,
        buckets: &[CheckBucket],
        first_checked: Option<String>,
        lot_stores: &BTreeSet<String>,
        sale: Option<&Sale>,
    ) -> ItemState {
        let stores: BTreeSet<&str> = buckets
            .iter()
            .filter_map(|b| match &b.place {
                CheckPlace::Store(gln) => Some(gln.as_str()),
                CheckPlace::Anywhere => None,
            })
            .collect();
        let days: BTreeSet<&str> = buckets.iter().map(|b| b.day.as_str()).collect();
        // Days are `YYYY-MM-DD`, so their text order is their time order.
        let sold_elsewhere = sale.is_some_and(|sale| {
            buckets.iter().any(|b| match &b.place {
                CheckPlace::Store(gln) => *gln != sale.store && b.day >= sale.day,
                CheckPlace::Anywhere => false,
            })
        });
        let warning = if !issued {
            Some(CheckWarning::NotIssued)
        } else {
            match signature {
                SignatureCheck::Invalid(_) => Some(CheckWarning::BadSignature),
                SignatureCheck::Missing => Some(CheckWarning::Unsigned),
                SignatureCheck::Valid(_) if sold_elsewhere => Some(CheckWarning::SoldElsewhere),
                SignatureCheck::Valid(_) if stores.len() > 1 => Some(CheckWarning::TwoStores),
                SignatureCheck::Valid(_) if stores.iter().any(|s| !lot_stores.contains(*s)) => {
                    Some(CheckWarning::OffChain)
                }
                SignatureCheck::Valid(_) if days.len() > MANY_CHECK_DAYS => {
                    Some(CheckWarning::ManyChecks)
                }
                SignatureCheck::Valid(_) => None,
            }
        };
        let (signed_by, signed_by_gln) = match signature {
            SignatureCheck::Valid(key) => (Some(key.business.clone()), key.gln.clone()),
            _ => (None, None),
        };
        ItemState {
            serial: serial.to_string(),
            issued,
            signature: signature.into(),
            signed_by,
            signed_by_gln,
            checks: buckets.iter().map(|b| b.count).sum(),
            first_checked,
            warning,
        }
    }
}
