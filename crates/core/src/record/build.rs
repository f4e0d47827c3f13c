//! From a filled-in form to its EPCIS 2.0 event. The six lot patterns (receive, move,
//! merge, split, process, ship) are built by [`crate::lot_pattern`]. The two record
//! kinds that are none of the six — a new lot appearing (hatching, `ObjectEvent ADD`)
//! and an observation of a lot in place (harvest, feeding, treatment, `ObjectEvent
//! OBSERVE`) — start from the pattern builder's internal move (so time, place, fields
//! and temperatures are handled the same way) and are turned into their own event here,
//! then validated again.

use std::collections::BTreeMap;

use serde_json::Value;

use super::form::{FormDef, Shape};
use super::input::{parse_kg, parse_lot, parse_temperatures, FormInput, LotLine};
use crate::codes::ResolverConfig;
use crate::epcis::{validate_event, Action, Event, JsonMap, Problem};
use crate::fields::{Dictionary, EpcisPlace};
use crate::lot_pattern::{
    Common, InternalMove, LotQuantity, Merge, Process, Receive, Ship, Split, TemperatureReading,
    TransferParty,
};

/// A form turned into an event, with what the outbox lists about it.
#[derive(Debug, Clone)]
pub struct Built {
    pub event: Event,
    /// Keys of the lots the event creates.
    pub new_lots: Vec<String>,
    /// Keys of the lots it uses or handles.
    pub used_lots: Vec<String>,
    /// Kilograms made (when it makes lots) or handled.
    pub kg: f64,
}

/// Who records, and who the other business is: each a GLN, SGLN, PGLN or Digital Link
/// (see [`super::business_gln`]). On a receive `own` is the destination and `other` the
/// source; on a ship the other way round: the ship's `other` is the receiving business,
/// which the custody rule then lets record the lots.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parties {
    pub own: Option<String>,
    pub other: Option<String>,
}

/// The event of one form shape. Every record — a staff form, the demo chain, a test's
/// chain — is made here, so all of them have the same shape for the same kind of record.
pub fn event(
    shape: Shape,
    common: Common,
    inputs: &[LotQuantity],
    outputs: &[LotQuantity],
    parties: Parties,
) -> Result<Event, Vec<Problem>> {
    let own: Vec<TransferParty> = parties.own.map(hand_off).unwrap_or_default();
    let other: Vec<TransferParty> = parties.other.map(hand_off).unwrap_or_default();
    let first = |v: &[LotQuantity], path: &str| {
        v.first()
            .cloned()
            .ok_or_else(|| vec![Problem::new(path, "at least one lot is needed")])
    };
    let mut event = match shape {
        Shape::Receive => Receive {
            common,
            lots: inputs.to_vec(),
            from: other,
            to: own,
        }
        .build()?,
        Shape::Ship => Ship {
            common,
            lots: inputs.to_vec(),
            from: own,
            to: other,
        }
        .build()?,
        Shape::Move => InternalMove {
            common,
            lots: inputs.to_vec(),
            from: None,
            to: None,
        }
        .build()?,
        Shape::Merge => Merge {
            common,
            inputs: inputs.to_vec(),
            output: first(outputs, "/output")?,
        }
        .build()?,
        Shape::Split => Split {
            common,
            input: first(inputs, "/input")?,
            outputs: outputs.to_vec(),
        }
        .build()?,
        Shape::Process => Process {
            common,
            input: first(inputs, "/input")?,
            output: first(outputs, "/output")?,
            byproducts: outputs.iter().skip(1).cloned().collect(),
        }
        .build()?,
        Shape::Observe(step) => {
            let e = InternalMove {
                common,
                lots: inputs.to_vec(),
                from: None,
                to: None,
            }
            .build()?;
            restep(e, step, false)?
        }
        Shape::Create(step) => {
            let e = InternalMove {
                common,
                lots: outputs.to_vec(),
                from: None,
                to: None,
            }
            .build()?;
            restep(e, step, true)?
        }
    };
    event.normalize_vocabulary();
    Ok(event)
}

/// A business named by GLN, SGLN, PGLN or Digital Link as the two CBV entries a
/// hand-off carries: the business (`owning_party`, its PGLN: the custody rule reads it)
/// and its place (`location`). What names no GLN is passed on as a place for the
/// builder to report.
fn hand_off(id: String) -> Vec<TransferParty> {
    let Some(gln) = super::input::business_gln(&id) else {
        return vec![TransferParty::location(id)];
    };
    let sgln_prefix = id
        .trim()
        .strip_prefix("urn:epc:id:sgln:")
        .and_then(|rest| rest.split_once('.'))
        .map(|(cp, _)| cp.len());
    let party = match (crate::codes::party_gln(&id), sgln_prefix) {
        (Some(_), _) => id.trim().to_owned(),
        (None, Some(cp)) => crate::codes::epc_pgln_uri(&gln, cp)
            .unwrap_or_else(|_| format!("https://id.gs1.org/417/{gln}")),
        (None, None) => format!("https://id.gs1.org/417/{gln}"),
    };
    let place = if crate::party::location_gln(&id).is_some() {
        id
    } else {
        gln
    };
    vec![TransferParty::owner(party), TransferParty::location(place)]
}

fn lot_quantities(rows: &[LotLine], resolver: &ResolverConfig) -> Vec<LotQuantity> {
    rows.iter()
        .filter_map(|r| {
            Some(LotQuantity::new(
                parse_lot(&r.code, resolver)?,
                parse_kg(&r.kg)?,
            ))
        })
        .collect()
}

/// Builds the event of a checked form recorded by the business at `own_gln`. `Err`
/// carries the builder's problems (English) for anything [`super::check`] did not catch.
pub fn build(
    def: &FormDef,
    input: &FormInput,
    own_gln: &str,
    event_id: &str,
    resolver: &ResolverConfig,
) -> Result<Built, Vec<Problem>> {
    let time = input.time.trim().to_owned();
    let fields: BTreeMap<String, Value> = def
        .dictionary_fields()
        .iter()
        .filter(|f| input.applies(f))
        .filter_map(|f| {
            let v = input.fields.get(&f.key)?.trim();
            (!v.is_empty()).then(|| (f.key.clone(), Value::String(v.to_owned())))
        })
        .collect();
    let temperatures = parse_temperatures(&input.temperatures)
        .unwrap_or_default()
        .into_iter()
        .map(|celsius| TemperatureReading {
            time: time.clone(),
            celsius,
        })
        .collect();
    let common = Common {
        event_id: event_id.to_owned(),
        time,
        location: input.location.trim().to_owned(),
        read_point: None,
        documents: Vec::new(),
        fields,
        temperatures,
    };
    let inputs = lot_quantities(&input.inputs, resolver);
    let outputs = lot_quantities(&input.outputs, resolver);
    let other = input.party.trim();
    let parties = Parties {
        own: Some(own_gln.to_owned()),
        other: (!other.is_empty()).then(|| other.to_owned()),
    };
    let event = event(def.shape, common, &inputs, &outputs, parties)?;
    let key = |q: &LotQuantity| q.lot.key();
    let kg = if def.shape.has_outputs() {
        outputs.iter().map(|q| q.kg).sum()
    } else {
        inputs.iter().map(|q| q.kg).sum()
    };
    Ok(Built {
        event,
        new_lots: outputs.iter().map(key).collect(),
        used_lots: inputs.iter().map(key).collect(),
        kg,
    })
}

/// An internal move made into an observation (`bizStep` changed) or a creation (`ADD`,
/// lot master data moved to `ilmd`), validated again.
pub fn restep(event: Event, step: &str, create: bool) -> Result<Event, Vec<Problem>> {
    let Event::ObjectEvent(mut e) = event else {
        return Err(vec![Problem::new("", "not an ObjectEvent")]);
    };
    e.biz_step = Some(step.to_owned());
    e.source_list = None;
    e.destination_list = None;
    if create {
        e.action = Action::Add;
        e.disposition = Some("active".into());
        let dict = Dictionary::get();
        let mut ilmd = JsonMap::new();
        let names: Vec<String> = e.extra.keys().cloned().collect();
        for name in names {
            let is_ilmd = dict
                .field_by_json_ld_name(&name)
                .is_some_and(|f| f.epcis == EpcisPlace::Ilmd);
            if is_ilmd {
                if let Some(v) = e.extra.remove(&name) {
                    ilmd.insert(name, v);
                }
            }
        }
        if !ilmd.is_empty() {
            e.ilmd = Some(ilmd);
        }
    }
    let event = Event::ObjectEvent(e);
    let problems = validate_event(&event, "");
    if problems.is_empty() {
        Ok(event)
    } else {
        Err(problems)
    }
}
