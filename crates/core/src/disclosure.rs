//! Disclosure: which recorded fields a consumer may see.
//!
//! The dictionary gives each field a level. `public` fields are always shown, `private`
//! ones never; `selectable` ones are shown when the business that recorded them chose
//! to, and — as the guideline asks for more detail in an incident — whenever the lot is
//! under recall. Private fields stay private even then.

use crate::fields::{Disclosure, Field};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DisclosurePolicy {
    /// Per business ID, the `selectable` field keys it chose to disclose.
    pub chosen: BTreeMap<String, BTreeSet<String>>,
    /// The lot being shown is affected by an open recall.
    pub recall: bool,
}

impl DisclosurePolicy {
    /// The level a field ends up with for a value recorded by `business`.
    pub fn effective(&self, field: &Field, business: Option<&str>) -> Disclosure {
        match field.disclosure {
            Disclosure::Selectable => {
                let chosen = business
                    .and_then(|b| self.chosen.get(b))
                    .is_some_and(|keys| keys.contains(&field.key));
                if chosen || self.recall {
                    Disclosure::Public
                } else {
                    Disclosure::Selectable
                }
            }
            level => level,
        }
    }

    pub fn is_public(&self, field: &Field, business: Option<&str>) -> bool {
        self.effective(field, business) == Disclosure::Public
    }
}
