//! The kinds of product a business labels: each kind has its own GTIN and its own
//! 2-digit product code in the guideline's 13-digit lot number.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    Fry,
    Live,
    ChilledWhole,
    Fillet,
    Sashimi,
    Frozen,
    Byproduct,
}

impl ProductKind {
    pub const ALL: [ProductKind; 7] = [
        ProductKind::Fry,
        ProductKind::Live,
        ProductKind::ChilledWhole,
        ProductKind::Fillet,
        ProductKind::Sashimi,
        ProductKind::Frozen,
        ProductKind::Byproduct,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductKind::Fry => "fry",
            ProductKind::Live => "live",
            ProductKind::ChilledWhole => "chilled_whole",
            ProductKind::Fillet => "fillet",
            ProductKind::Sashimi => "sashimi",
            ProductKind::Frozen => "frozen",
            ProductKind::Byproduct => "byproduct",
        }
    }

    pub fn parse(name: &str) -> Option<ProductKind> {
        ProductKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ProductKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
