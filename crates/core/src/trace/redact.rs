//! Another business's event as a trading partner may read it through the EPCIS query
//! interface: what the public trace would show of it, and the event's standard
//! structure (what, when, where, which lots). The same disclosure rules as the trace.

use crate::disclosure::DisclosurePolicy;
use crate::fields::{Dictionary, EpcisPlace};
use serde_json::Value;

/// Removes from an event (as JSON) everything the recording business (`party`) has not
/// disclosed: `ilmd` and namespaced extension members that are not public dictionary
/// fields (an unknown member counts as private), sensor readings unless its stage's
/// temperature field is public for it ([`sensor_readings_public`]), and business
/// transactions (reference documents are private fields).
pub fn redact_for_partner(
    event: &mut Value,
    party: Option<&super::Party>,
    policy: &DisclosurePolicy,
) {
    let business = party.map(|p| p.id.as_str());
    let dictionary = Dictionary::get();
    let public = |name: &str| {
        dictionary
            .field_by_json_ld_name(name)
            .is_some_and(|f| policy.is_public(f, business))
    };
    let sensors_public = sensor_readings_public(party, policy);
    let Some(obj) = event.as_object_mut() else {
        return;
    };
    obj.retain(|k, _| !(k.contains(':') && k != "errorDeclaration") || public(k));
    if let Some(Value::Object(ilmd)) = obj.get_mut("ilmd") {
        ilmd.retain(|k, _| public(k));
    }
    if !sensors_public {
        obj.remove("sensorElementList");
    }
    if obj.get("type").and_then(Value::as_str) == Some("TransactionEvent") {
        // Required there: the list stays, empty.
        obj.insert("bizTransactionList".into(), Value::Array(Vec::new()));
    } else {
        obj.remove("bizTransactionList");
    }
}

/// Whether the temperature readings `party` records are public: the sensor field of
/// its stage is public, or selectable and chosen by it (as in the trace's cold chain).
/// A place no registered business owns has made no choice: its readings stay hidden.
pub fn sensor_readings_public(party: Option<&super::Party>, policy: &DisclosurePolicy) -> bool {
    let Some((party, stage)) = party.and_then(|p| Some((p, p.stage()?))) else {
        return false;
    };
    Dictionary::get()
        .fields
        .iter()
        .filter(|f| f.epcis == EpcisPlace::Sensor && f.stage == stage)
        .any(|f| policy.is_public(f, Some(party.id.as_str())))
}

#[cfg(test)]
mod tests {
    use super::super::Party;
    use super::*;
    use serde_json::json;

    fn farm() -> Party {
        Party {
            id: "farm".into(),
            name: "farm".into(),
            gln: "8801234000024".into(),
            role: crate::role::Role::Farm,
            phone: None,
            email: None,
            address: None,
        }
    }
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn private_and_unchosen_fields_go_public_ones_stay() {
        let mut event = json!({
            "type": "ObjectEvent",
            "eventTime": "2026-01-01T00:00:00+09:00",
            "lt:treatment.oral_drug_name": "secret",
            "lt:not_in_the_dictionary": 1,
            "ilmd": { "lt:farm.stocking_date": "2026-01-01" },
            "sensorElementList": [],
            "bizTransactionList": [{ "type": "po", "bizTransaction": "urn:x" }]
        });
        redact_for_partner(&mut event, Some(&farm()), &DisclosurePolicy::default());
        assert!(event.get("lt:treatment.oral_drug_name").is_none());
        assert!(event.get("lt:not_in_the_dictionary").is_none());
        assert!(event.get("sensorElementList").is_none());
        assert!(event.get("bizTransactionList").is_none());
        assert_eq!(event["ilmd"]["lt:farm.stocking_date"], "2026-01-01");
        assert_eq!(event["eventTime"], "2026-01-01T00:00:00+09:00");

        let sensor = "farm.water_temperature".to_string();
        let policy = DisclosurePolicy {
            chosen: BTreeMap::from([("farm".to_string(), BTreeSet::from([sensor]))]),
            recall: false,
        };
        let mut event = json!({ "type": "ObjectEvent", "sensorElementList": [] });
        redact_for_partner(&mut event, Some(&farm()), &policy);
        assert!(event.get("sensorElementList").is_some());
    }
}
