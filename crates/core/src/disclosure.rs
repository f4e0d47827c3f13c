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

/// Why a business's choice of disclosed fields was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("{0:?} is not a field of the dictionary")]
    Unknown(String),
    #[error("{0:?} is public anyway: only selectable fields are chosen")]
    Public(String),
    #[error("{0:?} is private: the guideline never lets it be disclosed")]
    Private(String),
}

impl ChoiceError {
    pub fn key(&self) -> &str {
        match self {
            ChoiceError::Unknown(k) | ChoiceError::Public(k) | ChoiceError::Private(k) => k,
        }
    }
}

/// Checks a business's choice: every key must name a `selectable` field. Returns the
/// keys deduplicated and sorted, or the first offending key (with its position).
pub fn check_choice<'a>(
    keys: impl IntoIterator<Item = &'a str>,
) -> Result<BTreeSet<String>, (usize, ChoiceError)> {
    let dictionary = crate::fields::Dictionary::get();
    let mut out = BTreeSet::new();
    for (i, key) in keys.into_iter().enumerate() {
        match dictionary.field(key).map(|f| f.disclosure) {
            None => return Err((i, ChoiceError::Unknown(key.to_string()))),
            Some(Disclosure::Public) => return Err((i, ChoiceError::Public(key.to_string()))),
            Some(Disclosure::Private) => return Err((i, ChoiceError::Private(key.to_string()))),
            Some(Disclosure::Selectable) => {
                out.insert(key.to_string());
            }
        }
    }
    Ok(out)
}

/// The keys of every `selectable` field, in dictionary order: what a business may choose.
pub fn selectable_keys() -> Vec<&'static str> {
    crate::fields::Dictionary::get()
        .fields
        .iter()
        .filter(|f| f.disclosure == Disclosure::Selectable)
        .map(|f| f.key.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selectable_fields_can_be_chosen() {
        let selectable = selectable_keys();
        assert!(!selectable.is_empty());
        let chosen = check_choice(selectable.iter().copied()).expect("all selectable");
        assert_eq!(chosen.len(), selectable.len());
        let err = check_choice(["farm.method", "treatment.oral_drug_name"]).expect_err("private");
        assert_eq!(err.0, 1);
        assert!(matches!(err.1, ChoiceError::Private(_)));
        assert!(matches!(
            check_choice(["nope"]),
            Err((0, ChoiceError::Unknown(_)))
        ));
        assert!(matches!(
            check_choice(["farm.name"]),
            Err((0, ChoiceError::Public(_)))
        ));
    }
}
