//! The audit's vocabulary: its tunable limits, the four checks, their outcomes, what a
//! check observed (findings, with public data only), a check's result, and its input.

use crate::codes::LotKey;
use crate::fields::Stage;
use crate::genealogy::Genealogy;
use crate::lot_pattern::LotPattern;
use crate::party::Party;
use serde::{Deserialize, Serialize};

/// Tunable limits of the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditConfig {
    /// Allowed relative difference between kg in and kg out (0.02 = 2 %).
    pub mass_tolerance: f64,
    /// Upper temperature limits by product state, °C.
    pub live_limit_c: f64,
    pub chilled_limit_c: f64,
    pub frozen_limit_c: f64,
    /// How long a temperature may stay above its limit before the check fails.
    pub max_excursion_minutes: i64,
    /// The guideline's eco-friendly standard (친환경 수산물): ship only after twice the
    /// withdrawal period, and at least 14 days after any drug.
    pub eco_friendly: bool,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            mass_tolerance: 0.02,
            live_limit_c: 15.0,
            chilled_limit_c: 5.0,
            frozen_limit_c: -18.0,
            max_excursion_minutes: 30,
            eco_friendly: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    MassBalance,
    ChainComplete,
    Withdrawal,
    ColdChain,
}

impl Check {
    pub const ALL: [Check; 4] = [
        Check::MassBalance,
        Check::ChainComplete,
        Check::Withdrawal,
        Check::ColdChain,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Check::MassBalance => "mass_balance",
            Check::ChainComplete => "chain_complete",
            Check::Withdrawal => "withdrawal",
            Check::ColdChain => "cold_chain",
        }
    }
}

/// Ordered from best to worst so that `max` gives the overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    NotApplicable,
    Pass,
    Warn,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotApplicable => "not_applicable",
            Outcome::Pass => "pass",
            Outcome::Warn => "warn",
            Outcome::Fail => "fail",
        }
    }
}

/// Why two masses could not be compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum NotComparable {
    MissingQuantity,
    /// Not kilograms; the unit as recorded (`None` = a count).
    Unit {
        uom: Option<String>,
    },
    ZeroInput,
}

/// One observation of a check, with only data that may be public (lot keys, kg, limits,
/// durations); texts in three languages via [`Finding::text`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    Balanced {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    Gain {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    Loss {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    NotComparable {
        lot: String,
        why: NotComparable,
    },
    ReachesFarm {
        farms: usize,
    },
    NoFarm {
        lot: String,
    },
    OriginMissing {
        lot: String,
    },
    Cycle {
        lot: String,
    },
    WithdrawalRespected {
        lot: String,
    },
    NoDrugs {
        lot: String,
    },
    ShippedTooEarly {
        lot: String,
    },
    DrugDuringWithdrawal {
        lot: String,
    },
    Unverifiable {
        lot: String,
        missing: String,
    },
    WithinLimit {
        lot: String,
        stage: Option<Stage>,
        limit_c: f64,
        readings: usize,
    },
    Excursion {
        lot: String,
        stage: Option<Stage>,
        limit_c: f64,
        minutes: i64,
        tolerated: bool,
    },
    UnreadableReadings {
        lot: String,
        count: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditResult {
    pub check: Check,
    pub outcome: Outcome,
    /// What the check saw, each with its own outcome.
    pub findings: Vec<(Outcome, Finding)>,
}

impl AuditResult {
    pub(super) fn new(check: Check, findings: Vec<(Outcome, Finding)>) -> Self {
        let outcome = findings
            .iter()
            .map(|(o, _)| *o)
            .max()
            .unwrap_or(Outcome::NotApplicable);
        AuditResult {
            check,
            outcome,
            findings,
        }
    }
}

/// What the checks need.
pub struct AuditInput<'a, 'e> {
    pub lot: &'a LotKey,
    /// Built from every event connected to the lot (see `genealogy::collect_connected`).
    pub genealogy: &'a Genealogy<'e>,
    pub parties: &'a [Party],
    pub config: &'a AuditConfig,
}
