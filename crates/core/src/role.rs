//! The roles of the chain: what an account may do and what kind of business owns a
//! location. One spelling each, the one the API, the database and the demo use.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::fields::Stage;

/// A role, of an account (`admin` … `regulator`) or of a business (the chain roles,
/// plus `operator`, `regulator` and `unassigned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages its business (or, in the operator business, the whole deployment).
    Admin,
    Hatchery,
    Farm,
    Feed,
    Transporter,
    Processor,
    Wholesaler,
    Retailer,
    /// Reads, recalls and exports; never captures.
    Regulator,
    /// The business running the deployment (a business role only).
    Operator,
    /// A business not yet given its role (a business role only).
    Unassigned,
}

impl Role {
    /// Every role an account can have.
    pub const ACCOUNT: [Role; 9] = [
        Role::Admin,
        Role::Hatchery,
        Role::Farm,
        Role::Feed,
        Role::Transporter,
        Role::Processor,
        Role::Wholesaler,
        Role::Retailer,
        Role::Regulator,
    ];

    pub const ALL: [Role; 11] = [
        Role::Admin,
        Role::Hatchery,
        Role::Farm,
        Role::Feed,
        Role::Transporter,
        Role::Processor,
        Role::Wholesaler,
        Role::Retailer,
        Role::Regulator,
        Role::Operator,
        Role::Unassigned,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hatchery => "hatchery",
            Role::Farm => "farm",
            Role::Feed => "feed",
            Role::Transporter => "transporter",
            Role::Processor => "processor",
            Role::Wholesaler => "wholesaler",
            Role::Retailer => "retailer",
            Role::Regulator => "regulator",
            Role::Operator => "operator",
            Role::Unassigned => "unassigned",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// An account may have this role.
    pub fn is_account_role(self) -> bool {
        Role::ACCOUNT.contains(&self)
    }

    /// A business may have this role: every role but `admin`.
    pub fn is_business_role(self) -> bool {
        self != Role::Admin
    }

    /// The chain stage a business of this role records.
    pub fn stage(self) -> Option<Stage> {
        Some(match self {
            Role::Hatchery => Stage::Hatchery,
            Role::Farm => Stage::Farm,
            Role::Feed => Stage::Feed,
            Role::Transporter => Stage::Transport,
            Role::Processor => Stage::Processing,
            Role::Wholesaler => Stage::Wholesale,
            Role::Retailer => Stage::Retail,
            Role::Admin | Role::Regulator | Role::Operator | Role::Unassigned => return None,
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::parse(s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// A role name that is none of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}")]
pub struct UnknownRole(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_round_trips_through_serde_and_parse() {
        for r in Role::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), r);
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("Farm".parse::<Role>().is_err());
        assert!(!Role::Operator.is_account_role());
        assert!(!Role::Admin.is_business_role());
        assert_eq!(Role::Transporter.stage(), Some(Stage::Transport));
    }
}
