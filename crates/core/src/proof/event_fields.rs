//! The named fields of an event that the log commits to, one disclosure each: every
//! standard EPCIS member by its member name (`eventTime`, `bizStep`, `bizLocation`,
//! `inputQuantityList`, …), every dictionary field by its dictionary key
//! (`farm.stocking_date`), other `ilmd` members as `ilmd/<member>`, other extension
//! members by their own name. `eventID` is the leaf's own member, not a field.

use crate::fields::{Dictionary, EpcisPlace};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventFields(BTreeMap<String, Value>);

impl EventFields {
    /// The fields of an event as stored (its JSON object); anything else has none.
    pub fn of(event: &Value) -> EventFields {
        let mut fields = BTreeMap::new();
        let Some(obj) = event.as_object() else {
            return EventFields(fields);
        };
        for (member, value) in obj {
            match member.as_str() {
                "eventID" => {}
                "ilmd" => match value {
                    Value::Object(ilmd) => {
                        fields.extend(namespaced(ilmd, EpcisPlace::Ilmd, "ilmd/"));
                    }
                    other => {
                        fields.insert(member.clone(), other.clone());
                    }
                },
                _ if member.contains(':') => {
                    let one = Map::from_iter([(member.clone(), value.clone())]);
                    fields.extend(namespaced(&one, EpcisPlace::Extension, ""));
                }
                _ => {
                    fields.insert(member.clone(), value.clone());
                }
            }
        }
        EventFields(fields)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names of the fields that `shown` (the same event after disclosure rules
    /// removed or blanked members) still carries with the very same value.
    pub fn disclosed_in(&self, shown: &EventFields) -> BTreeSet<String> {
        self.0
            .iter()
            .filter(|(name, value)| shown.0.get(*name) == Some(value))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// Namespaced members by dictionary key where the dictionary places that field here,
/// else by `prefix` + member name (so two places never give one name).
fn namespaced<'a>(
    members: &'a Map<String, Value>,
    place: EpcisPlace,
    prefix: &'a str,
) -> impl Iterator<Item = (String, Value)> + 'a {
    let dictionary = Dictionary::get();
    members.iter().map(move |(member, value)| {
        let name = match dictionary.field_by_json_ld_name(member) {
            Some(field) if field.epcis == place => field.key.clone(),
            _ => format!("{prefix}{member}"),
        };
        (name, value.clone())
    })
}
