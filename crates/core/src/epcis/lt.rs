//! Lottrace extension members: a field-dictionary key `farm.stocking_date` travels as
//! the JSON-LD name `lt:farm.stocking_date`, in `ilmd` or as a top-level event member.

use serde_json::Value;

use super::event::Event;
use super::LT_PREFIX;

/// `farm.stocking_date` → `lt:farm.stocking_date`.
pub fn lt_name(key: &str) -> String {
    format!("{LT_PREFIX}:{key}")
}

/// `lt:farm.stocking_date` → `Some("farm.stocking_date")`; other names → None.
pub fn lt_key(name: &str) -> Option<&str> {
    name.strip_prefix(LT_PREFIX)?.strip_prefix(':')
}

pub fn is_lt_name(name: &str) -> bool {
    lt_key(name).is_some_and(|k| !k.is_empty())
}

impl Event {
    /// A Lottrace field by dictionary key, looked up in `ilmd` first, then among the
    /// top-level extension members.
    pub fn lt_get(&self, key: &str) -> Option<&Value> {
        let name = lt_name(key);
        self.ilmd()
            .and_then(|m| m.get(&name))
            .or_else(|| self.extension(&name))
    }

    /// Every Lottrace field of the event as (key, value), ilmd first.
    pub fn lt_fields(&self) -> Vec<(&str, &Value)> {
        let ilmd = self.ilmd().into_iter().flatten();
        ilmd.chain(self.extensions())
            .filter_map(|(k, v)| lt_key(k).map(|k| (k, v)))
            .collect()
    }

    /// Writes a Lottrace field into `ilmd` (created if needed). Returns false, changing
    /// nothing, when the event type has no ilmd (aggregation, association, transaction).
    pub fn lt_set_ilmd(&mut self, key: &str, value: Value) -> bool {
        match self.ilmd_mut() {
            Some(m) => {
                m.insert(lt_name(key), value);
                true
            }
            None => false,
        }
    }

    /// Writes a Lottrace field as a top-level extension member.
    pub fn lt_set_extension(&mut self, key: &str, value: Value) {
        self.extensions_mut().insert(lt_name(key), value);
    }
}
