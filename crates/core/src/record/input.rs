//! A filled-in form as core reads it — text as typed, the time already in RFC 3339 —
//! and what is wrong with it, as typed problems the app puts into words next to the
//! input they concern.

use std::collections::BTreeMap;

use super::form::{FormDef, Shape};
use crate::codes::{identify, LotKey, ResolverConfig};
use crate::fields::{validate_value, Field, ValueError};

/// One lot row of a form: the code as typed, scanned or picked, and kilograms as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LotLine {
    pub code: String,
    pub kg: String,
}

impl LotLine {
    pub fn new(code: impl Into<String>, kg: impl Into<String>) -> Self {
        LotLine {
            code: code.into(),
            kg: kg.into(),
        }
    }
}

/// Everything typed into one form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormInput {
    /// When, RFC 3339 with its offset (the app turns the device's local time into it);
    /// anything else is a [`Problem::TimeInvalid`].
    pub time: String,
    /// Where: GLN, SGLN or Digital Link.
    pub location: String,
    /// The other business: supplier (receive) or recipient (ship), as
    /// [`business_gln`] reads it.
    pub party: String,
    pub inputs: Vec<LotLine>,
    pub outputs: Vec<LotLine>,
    /// Dictionary field key → text.
    pub fields: BTreeMap<String, String>,
    /// Temperatures in °C, separated by commas, semicolons or spaces.
    pub temperatures: String,
}

impl FormInput {
    /// Whether a field applies given the form's other values.
    pub fn applies(&self, field: &Field) -> bool {
        field.applies(|k| self.fields.get(k).map(String::as_str))
    }
}

/// The GLN of the other business as typed: 13 digits with a right check digit, or a
/// party (`urn:epc:id:pgln:…`, Digital Link AI 417) or place (SGLN, Digital Link AI 414)
/// of it, read by the codes module. The hand-off goes into the event's `sourceList` or
/// `destinationList` by this GLN, which is what gives the recipient custody of the lots.
pub fn business_gln(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 13 && t.bytes().all(|b| b.is_ascii_digit()) {
        return crate::codes::validate_gln(t).ok().map(|_| t.to_owned());
    }
    crate::codes::party_gln(t).or_else(|| crate::party::location_gln(t))
}

/// A code typed, scanned or picked: any code form naming a lot (a lot key, an EPC class
/// URI, or any code [`identify`] reads, with `resolver` telling which hosts' Digital
/// Links are ours).
pub fn parse_lot(text: &str, resolver: &ResolverConfig) -> Option<LotKey> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(k) = LotKey::parse_key(t) {
        return Some(k);
    }
    if let Some(k) = LotKey::from_epc_uri(t) {
        return Some(k);
    }
    identify(t, resolver).ok().and_then(|id| id.lot_key())
}

/// Kilograms typed into a form (a comma decimal is accepted: many phones offer it).
pub fn parse_kg(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    let v: f64 = t.parse().ok()?;
    (v.is_finite() && v > 0.0 && !t.contains(['e', 'E', 'i', 'I', 'n', 'N'])).then_some(v)
}

/// A temperature that is not a number of °C between -60 and 60.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadTemperature;

/// Temperatures, comma, semicolon or space separated.
pub fn parse_temperatures(text: &str) -> Result<Vec<f64>, BadTemperature> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (-60.0..=60.0).contains(v))
                .ok_or(BadTemperature)
        })
        .collect()
}

/// Which input of a lot row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Code,
    Kg,
}

/// Where on the form a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spot {
    Time,
    Location,
    Party,
    Inputs,
    Input(usize, Part),
    Outputs,
    Output(usize, Part),
    Field(String),
    Temperatures,
}

/// What is wrong at a spot.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The time is missing or not a date and time.
    TimeInvalid,
    /// Nothing typed where something is needed.
    Required,
    /// A shipment names no recipient.
    RecipientRequired,
    /// The other business is not given as a GLN ([`business_gln`]).
    Party(PartyError),
    /// The text names no lot.
    LotInvalid,
    /// The same lot is on two rows.
    LotTwice,
    /// Not a number of kilograms above zero.
    KgInvalid,
    /// At least one lot is needed here.
    NeedLot,
    /// At least two lots are needed here.
    NeedTwoLots,
    /// A new lot cannot be one of the lots used.
    LotIsInput,
    /// The value does not fit its dictionary field.
    Value(ValueError),
    /// A temperature is not a number of °C between -60 and 60.
    TemperaturesInvalid,
}

/// Why the other business could not be read; worded here, as the codes module decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyError {
    NotAGln,
}

impl PartyError {
    pub fn message(&self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang;
        match (self, lang) {
            (PartyError::NotAGln, Lang::Ko) => {
                "상대 업체의 GLN을 입력하세요 (13자리, 검증 숫자 포함, 또는 SGLN)."
            }
            (PartyError::NotAGln, Lang::En) => {
                "Enter the other business's GLN (13 digits with a valid check digit, or its SGLN)."
            }
            (PartyError::NotAGln, Lang::Zh) => {
                "请输入对方企业的 GLN（13 位，含正确校验位，或其 SGLN）。"
            }
        }
    }
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    pub spot: Spot,
    pub problem: Problem,
}

/// Everything wrong with the form that the person can fix, in the order of the form.
pub fn check(def: &FormDef, input: &FormInput, resolver: &ResolverConfig) -> Vec<FormProblem> {
    let mut p = Vec::new();
    let mut add = |spot: Spot, problem: Problem| p.push(FormProblem { spot, problem });
    if chrono::DateTime::parse_from_rfc3339(input.time.trim()).is_err() {
        add(Spot::Time, Problem::TimeInvalid);
    }
    if input.location.trim().is_empty() {
        add(Spot::Location, Problem::Required);
    }
    if def.shape == Shape::Ship && input.party.trim().is_empty() {
        add(Spot::Party, Problem::RecipientRequired);
    } else if !input.party.trim().is_empty() && business_gln(&input.party).is_none() {
        add(Spot::Party, Problem::Party(PartyError::NotAGln));
    }
    let lots = |rows: &[LotLine]| -> Vec<Option<LotKey>> {
        rows.iter().map(|r| parse_lot(&r.code, resolver)).collect()
    };
    let inputs = lots(&input.inputs);
    let outputs = lots(&input.outputs);
    let rows = |rows: &[LotLine],
                keys: &[Option<LotKey>],
                spot: fn(usize, Part) -> Spot,
                add: &mut dyn FnMut(Spot, Problem)| {
        for (i, (r, k)) in rows.iter().zip(keys).enumerate() {
            match k {
                None if r.code.trim().is_empty() => add(spot(i, Part::Code), Problem::Required),
                None => add(spot(i, Part::Code), Problem::LotInvalid),
                Some(k) => {
                    if keys[..i].iter().any(|o| o.as_ref() == Some(k)) {
                        add(spot(i, Part::Code), Problem::LotTwice);
                    }
                }
            }
            if parse_kg(&r.kg).is_none() {
                add(spot(i, Part::Kg), Problem::KgInvalid);
            }
        }
    };
    let too_few = |min: usize| {
        if min >= 2 {
            Problem::NeedTwoLots
        } else {
            Problem::NeedLot
        }
    };
    if def.shape.has_inputs() {
        rows(&input.inputs, &inputs, Spot::Input, &mut add);
        if input.inputs.len() < def.shape.min_inputs() {
            add(Spot::Inputs, too_few(def.shape.min_inputs()));
        }
    }
    if def.shape.has_outputs() {
        rows(&input.outputs, &outputs, Spot::Output, &mut add);
        if input.outputs.len() < def.shape.min_outputs() {
            add(Spot::Outputs, too_few(def.shape.min_outputs()));
        }
        for (i, k) in outputs.iter().enumerate() {
            if k.is_some() && inputs.contains(k) {
                add(Spot::Output(i, Part::Code), Problem::LotIsInput);
            }
        }
    }
    for field in def.dictionary_fields() {
        if !input.applies(field) {
            continue;
        }
        let value = input
            .fields
            .get(&field.key)
            .map(String::as_str)
            .unwrap_or("");
        if let Err(e) = validate_value(field, value) {
            add(Spot::Field(field.key.clone()), Problem::Value(e));
        }
    }
    if def.temperatures && parse_temperatures(&input.temperatures).is_err() {
        add(Spot::Temperatures, Problem::TemperaturesInvalid);
    }
    p
}

/// Kilograms in and out, when the form balances and both are known.
pub fn mass_balance(def: &FormDef, input: &FormInput) -> Option<(f64, f64)> {
    if !def.shape.balances() {
        return None;
    }
    let sum = |rows: &[LotLine]| -> Option<f64> { rows.iter().map(|r| parse_kg(&r.kg)).sum() };
    Some((sum(&input.inputs)?, sum(&input.outputs)?))
}
