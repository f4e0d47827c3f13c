//! The staff forms: which stage, lot pattern and dictionary fields each has, how a
//! filled-in form is checked (with `lottrace-core`'s rules, in the person's language),
//! and how it becomes an EPCIS event.
//!
//! The six lot patterns (receive, move, merge, split, process, ship) are built by
//! `lottrace_core::lot_pattern`. The two record kinds that are none of the six — a new
//! lot appearing (hatching, `ObjectEvent ADD`) and an observation of a lot in place
//! (harvest, feeding, treatment, `ObjectEvent OBSERVE`) — start from the pattern
//! builder's internal move (so time, place, fields and temperatures are handled the
//! same way) and are turned into their own event here, then validated again.

use crate::shared::i18n::{Key, Lang};
use crate::staff::state::drafts::{Draft, LotRow};
use crate::staff::state::session::Session;
use lottrace_core::codes::{identify, LotKey, ResolverConfig};
use lottrace_core::epcis::{validate_event, Action, Event, JsonMap};
use lottrace_core::fields::{validate_value, Dictionary, EpcisPlace, Field};
use lottrace_core::lot_pattern::{
    Common, InternalMove, LotQuantity, Merge, Party, Process, Receive, Ship, Split,
    TemperatureReading,
};
use std::collections::BTreeMap;

/// The shape of a form: which lots it has and which event it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// New lots appear (`ObjectEvent ADD` with this bizStep).
    Create(&'static str),
    /// Existing lots are observed in place (`ObjectEvent OBSERVE` with this bizStep).
    Observe(&'static str),
    Receive,
    Ship,
    Move,
    Merge,
    Split,
    Process,
}

impl Shape {
    /// Has lots that are used or handled (picked, scanned).
    pub fn has_inputs(self) -> bool {
        !matches!(self, Shape::Create(_))
    }
    /// Makes new lots (identifiers made automatically).
    pub fn has_outputs(self) -> bool {
        matches!(
            self,
            Shape::Create(_) | Shape::Merge | Shape::Split | Shape::Process
        )
    }
    /// Minimum number of input rows.
    pub fn min_inputs(self) -> usize {
        match self {
            Shape::Create(_) => 0,
            Shape::Merge => 2,
            _ => 1,
        }
    }
    /// Exactly one input.
    pub fn single_input(self) -> bool {
        matches!(self, Shape::Split | Shape::Process)
    }
    pub fn min_outputs(self) -> usize {
        match self {
            Shape::Split => 2,
            s if s.has_outputs() => 1,
            _ => 0,
        }
    }
    pub fn single_output(self) -> bool {
        matches!(self, Shape::Merge | Shape::Create(_))
    }
    /// Which party the form asks for: the supplier, the recipient, or none.
    pub fn party(self) -> Option<Key> {
        match self {
            Shape::Receive => Some(Key::StaffSupplier),
            Shape::Ship => Some(Key::StaffRecipient),
            _ => None,
        }
    }
    /// Whether outputs should weigh no more than inputs (a warning, not a block).
    pub fn balances(self) -> bool {
        matches!(self, Shape::Merge | Shape::Split | Shape::Process)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FormDef {
    pub key: &'static str,
    pub title: Key,
    pub shape: Shape,
    /// Dictionary fields shown, in order.
    pub fields: &'static [&'static str],
    /// Product kind of new lots (for their identifier).
    pub product: &'static str,
    /// Asks for temperatures (°C).
    pub temperatures: bool,
}

const FORMS: &[FormDef] = &[
    FormDef {
        key: "hatchery_lot",
        title: Key::FormHatcheryLot,
        shape: Shape::Create("urn:gdst:bizStep:hatching"),
        fields: &[
            "hatchery.producer_name",
            "hatchery.business_name",
            "hatchery.production_date",
            "hatchery.broodstock_source",
            "hatchery.drug_administered",
            "hatchery.drug_name",
            "hatchery.drug_date",
            "hatchery.disease_test_passed",
        ],
        product: "fry",
        temperatures: false,
    },
    FormDef {
        key: "hatchery_ship",
        title: Key::FormHatcheryShip,
        shape: Shape::Ship,
        fields: &[],
        product: "fry",
        temperatures: false,
    },
    FormDef {
        key: "farm_stocking",
        title: Key::FormFarmStocking,
        shape: Shape::Process,
        fields: &[
            "farm.name",
            "farm.license_number",
            "farm.fry_species",
            "farm.fry_supplier",
            "farm.method",
            "farm.fish_per_unit",
            "farm.water_depth",
        ],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "farm_feeding",
        title: Key::FormFarmFeeding,
        shape: Shape::Observe("holding"),
        fields: &[
            "feed.type",
            "feed.records_kept",
            "feed.raw_species",
            "feed.raw_catch_area",
            "feed.raw_catch_date",
            "feed.formulated_name",
            "feed.manufacturer",
            "feed.ingredient_species",
            "feed.ingredient_origin",
            "feed.expiry_date",
        ],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "farm_treatment",
        title: Key::FormFarmTreatment,
        shape: Shape::Observe("holding"),
        fields: &[
            "treatment.oral_administered",
            "treatment.oral_drug_name",
            "treatment.oral_drug_company",
            "treatment.oral_usage_standard",
            "treatment.oral_total_days",
            "treatment.oral_last_date",
            "treatment.bath_administered",
            "treatment.bath_drug_name",
            "treatment.bath_total_days",
            "treatment.bath_last_date",
            "treatment.withdrawal_period",
            "treatment.drug_during_withdrawal",
            "treatment.supplement_given",
            "treatment.supplement_datetime",
            "treatment.supplement_amount",
            "treatment.supplement_company",
            "treatment.otc_test_passed",
            "treatment.otc_residue",
        ],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "farm_harvest",
        title: Key::FormFarmHarvest,
        shape: Shape::Observe("urn:gdst:bizStep:farmHarvest"),
        fields: &[
            "farm.harvest_date",
            "farm.shipped_species",
            "farm.species_scientific_name",
            "farm.species_fao_code",
            "farm.production_method",
            "farm.country_of_origin",
            "farm.container_id",
        ],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "farm_ship",
        title: Key::FormFarmShip,
        shape: Shape::Ship,
        fields: &["farm.destination_name", "farm.carrier"],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "transport_pickup",
        title: Key::FormTransportPickup,
        shape: Shape::Receive,
        fields: &[
            "transport.carrier",
            "transport.driver_name",
            "transport.trip_id",
            "transport.vehicle_type",
            "transport.vehicle_id",
            "transport.product_state",
        ],
        product: "live",
        temperatures: true,
    },
    FormDef {
        key: "transport_delivery",
        title: Key::FormTransportDelivery,
        shape: Shape::Ship,
        fields: &["transport.trip_id", "transport.product_state"],
        product: "live",
        temperatures: true,
    },
    FormDef {
        key: "plant_receive",
        title: Key::FormPlantReceive,
        shape: Shape::Receive,
        fields: &[
            "processing.supplier_name",
            "processing.receiving_form",
            "processing.receiving_staff",
            "processing.receiving_carrier",
        ],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "plant_merge",
        title: Key::FormPlantMerge,
        shape: Shape::Merge,
        fields: &["processing.line"],
        product: "live",
        temperatures: false,
    },
    FormDef {
        key: "plant_split",
        title: Key::FormPlantSplit,
        shape: Shape::Split,
        fields: &[
            "processing.product_name",
            "processing.product_form",
            "processing.packing_method",
            "processing.unit_weight",
        ],
        product: "sashimi",
        temperatures: true,
    },
    FormDef {
        key: "plant_process",
        title: Key::FormPlantProcess,
        shape: Shape::Process,
        fields: &[
            "processing.product_name",
            "processing.product_form",
            "processing.packing_method",
            "processing.unit_weight",
            "processing.line",
        ],
        product: "fillet",
        temperatures: true,
    },
    FormDef {
        key: "plant_ship",
        title: Key::FormPlantShip,
        shape: Shape::Ship,
        fields: &[
            "processing.destination",
            "processing.shipping_carrier",
            "processing.expected_delivery_date",
        ],
        product: "sashimi",
        temperatures: false,
    },
    FormDef {
        key: "wholesale_receive",
        title: Key::FormWholesaleReceive,
        shape: Shape::Receive,
        fields: &[
            "wholesale.product_name",
            "wholesale.counterparty",
            "wholesale.package_count",
        ],
        product: "sashimi",
        temperatures: false,
    },
    FormDef {
        key: "wholesale_ship",
        title: Key::FormWholesaleShip,
        shape: Shape::Ship,
        fields: &[
            "wholesale.product_name",
            "wholesale.counterparty",
            "wholesale.package_count",
        ],
        product: "sashimi",
        temperatures: false,
    },
    FormDef {
        key: "retail_receive",
        title: Key::FormRetailReceive,
        shape: Shape::Receive,
        fields: &["retail.store_name", "retail.manager", "retail.product_form"],
        product: "sashimi",
        temperatures: false,
    },
    FormDef {
        key: "retail_display",
        title: Key::FormRetailDisplay,
        shape: Shape::Move,
        fields: &["retail.product_form"],
        product: "sashimi",
        temperatures: true,
    },
];

pub fn by_key(key: &str) -> Option<&'static FormDef> {
    FORMS.iter().find(|f| f.key == key)
}

/// The forms a role uses, in the order of its work.
pub fn for_role(role: &str) -> Vec<&'static FormDef> {
    let keys: &[&str] = match role {
        "hatchery" => &["hatchery_lot", "hatchery_ship"],
        "farm" => &[
            "farm_harvest",
            "farm_ship",
            "farm_stocking",
            "farm_feeding",
            "farm_treatment",
        ],
        "transporter" => &["transport_pickup", "transport_delivery"],
        "processor" => &[
            "plant_receive",
            "plant_merge",
            "plant_split",
            "plant_process",
            "plant_ship",
        ],
        "wholesaler" => &["wholesale_receive", "wholesale_ship"],
        "retailer" => &["retail_receive", "retail_display"],
        "admin" => return FORMS.iter().collect(),
        _ => &[],
    };
    keys.iter().filter_map(|k| by_key(k)).collect()
}

/// The dictionary fields a form shows, in order.
pub fn fields_of(def: &FormDef) -> Vec<&'static Field> {
    let dict = Dictionary::get();
    def.fields.iter().filter_map(|k| dict.field(k)).collect()
}

/// Whether a field applies given the draft's other values.
pub fn applies(field: &Field, draft: &Draft) -> bool {
    field.applies(|k| draft.fields.get(k).map(String::as_str))
}

/// A code typed, scanned or picked: any code form naming a lot.
pub fn parse_lot(text: &str) -> Option<LotKey> {
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
    let host = crate::shared::scanner::route::this_host();
    identify(t, &ResolverConfig::new([host.as_str()]))
        .ok()
        .and_then(|id| id.lot_key())
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

/// Temperatures, comma or space separated.
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

/// Where on the form a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spot {
    Time,
    Location,
    Party,
    Inputs,
    Input(usize, &'static str),
    Outputs,
    Output(usize, &'static str),
    Field(String),
    Temperatures,
}

/// A problem to show next to its input, in the person's language.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    pub spot: Spot,
    pub message: String,
}

/// Everything wrong with the draft that the person can fix, in the page language.
pub fn check(def: &FormDef, draft: &Draft, lang: Lang) -> Vec<FormProblem> {
    let mut p = Vec::new();
    let mut add = |spot: Spot, message: String| p.push(FormProblem { spot, message });
    if local_time_to_rfc3339(&draft.time).is_none() {
        add(Spot::Time, Key::StaffTimeInvalid.get(lang).into());
    }
    if draft.location.trim().is_empty() {
        add(Spot::Location, Key::StaffRequired.get(lang).into());
    }
    if def.shape == Shape::Ship && draft.party.trim().is_empty() {
        add(Spot::Party, Key::StaffRecipientRequired.get(lang).into());
    }
    let rows = |rows: &[LotRow], input: bool, p: &mut Vec<(Spot, String)>| {
        for (i, r) in rows.iter().enumerate() {
            let (code_spot, kg_spot) = if input {
                (Spot::Input(i, "code"), Spot::Input(i, "kg"))
            } else {
                (Spot::Output(i, "code"), Spot::Output(i, "kg"))
            };
            match parse_lot(&r.code) {
                None if r.code.trim().is_empty() => {
                    p.push((code_spot, Key::StaffRequired.get(lang).into()))
                }
                None => p.push((code_spot, Key::StaffLotInvalid.get(lang).into())),
                Some(k) => {
                    if rows[..i]
                        .iter()
                        .any(|o| parse_lot(&o.code) == Some(k.clone()))
                    {
                        p.push((code_spot, Key::StaffLotTwice.get(lang).into()));
                    }
                }
            }
            if parse_kg(&r.kg).is_none() {
                p.push((kg_spot, Key::StaffKgInvalid.get(lang).into()));
            }
        }
    };
    let mut extra = Vec::new();
    if def.shape.has_inputs() {
        rows(&draft.inputs, true, &mut extra);
        if draft.inputs.len() < def.shape.min_inputs() {
            extra.push((
                Spot::Inputs,
                if def.shape.min_inputs() >= 2 {
                    Key::StaffNeedTwoLots.get(lang).into()
                } else {
                    Key::StaffNeedLot.get(lang).into()
                },
            ));
        }
    }
    if def.shape.has_outputs() {
        rows(&draft.outputs, false, &mut extra);
        if draft.outputs.len() < def.shape.min_outputs() {
            extra.push((
                Spot::Outputs,
                if def.shape.min_outputs() >= 2 {
                    Key::StaffNeedTwoLots.get(lang).into()
                } else {
                    Key::StaffNeedLot.get(lang).into()
                },
            ));
        }
        for (i, o) in draft.outputs.iter().enumerate() {
            let Some(k) = parse_lot(&o.code) else {
                continue;
            };
            if draft
                .inputs
                .iter()
                .any(|r| parse_lot(&r.code) == Some(k.clone()))
            {
                extra.push((
                    Spot::Output(i, "code"),
                    Key::StaffLotIsInput.get(lang).into(),
                ));
            }
        }
    }
    for (s, m) in extra {
        add(s, m);
    }
    for field in fields_of(def) {
        if !applies(field, draft) {
            continue;
        }
        let value = draft
            .fields
            .get(&field.key)
            .map(String::as_str)
            .unwrap_or("");
        if let Err(e) = validate_value(field, value) {
            add(Spot::Field(field.key.clone()), e.message(lang));
        }
    }
    if def.temperatures && parse_temperatures(&draft.temperatures).is_err() {
        add(
            Spot::Temperatures,
            Key::StaffTemperaturesInvalid.get(lang).into(),
        );
    }
    p
}

/// Kilograms in and out, when the form balances and both are known.
pub fn mass_balance(def: &FormDef, draft: &Draft) -> Option<(f64, f64)> {
    if !def.shape.balances() {
        return None;
    }
    let sum = |rows: &[LotRow]| -> Option<f64> { rows.iter().map(|r| parse_kg(&r.kg)).sum() };
    Some((sum(&draft.inputs)?, sum(&draft.outputs)?))
}

/// `YYYY-MM-DDTHH:MM` (local, from `<input type=datetime-local>`) as RFC 3339 with this
/// device's offset at that time.
pub fn local_time_to_rfc3339(local: &str) -> Option<String> {
    let t = local.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    let js = js_sys::Date::new_with_year_month_day_hr_min_sec(
        naive.format("%Y").to_string().parse().ok()?,
        naive.format("%m").to_string().parse::<i32>().ok()? - 1,
        naive.format("%d").to_string().parse().ok()?,
        naive.format("%H").to_string().parse().ok()?,
        naive.format("%M").to_string().parse().ok()?,
        naive.format("%S").to_string().parse().ok()?,
    );
    let offset_min = -(js.get_timezone_offset() as i32);
    let offset = chrono::FixedOffset::east_opt(offset_min * 60)?;
    let dt = naive.and_local_timezone(offset).single()?;
    Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

/// Now, as a `datetime-local` value.
pub fn now_local() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A form turned into an event, with what the outbox lists about it.
#[derive(Debug, Clone)]
pub struct Built {
    pub event: serde_json::Value,
    pub new_lots: Vec<String>,
    pub used_lots: Vec<String>,
    pub kg: f64,
}

fn lot_quantities(rows: &[LotRow]) -> Vec<LotQuantity> {
    rows.iter()
        .filter_map(|r| Some(LotQuantity::new(parse_lot(&r.code)?, parse_kg(&r.kg)?)))
        .collect()
}

/// Builds the event of a checked draft. `Err` carries the builder's problems (English,
/// from `lottrace-core`) for anything [`check`] did not catch.
pub fn build(
    def: &FormDef,
    draft: &Draft,
    session: &Session,
    event_id: &str,
) -> Result<Built, Vec<String>> {
    let time = local_time_to_rfc3339(&draft.time).ok_or_else(|| vec!["time".to_string()])?;
    let fields_shown = fields_of(def);
    let fields: BTreeMap<String, serde_json::Value> = fields_shown
        .iter()
        .filter(|f| applies(f, draft))
        .filter_map(|f| {
            let v = draft.fields.get(&f.key)?.trim();
            (!v.is_empty()).then(|| (f.key.clone(), serde_json::Value::String(v.to_owned())))
        })
        .collect();
    let temperatures = parse_temperatures(&draft.temperatures)
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
        location: draft.location.trim().to_owned(),
        read_point: None,
        documents: Vec::new(),
        fields,
        temperatures,
    };
    let inputs = lot_quantities(&draft.inputs);
    let outputs = lot_quantities(&draft.outputs);
    let own = Party::owner(session.gln.clone());
    let other = || {
        let p = draft.party.trim();
        (!p.is_empty()).then(|| Party::owner(p.to_owned()))
    };
    let problems = |p: Vec<lottrace_core::epcis::Problem>| -> Vec<String> {
        p.into_iter().map(|x| x.to_string()).collect()
    };
    let first = |v: &[LotQuantity]| v.first().cloned();
    let event: Event = match def.shape {
        Shape::Receive => Receive {
            common,
            lots: inputs.clone(),
            from: other().into_iter().collect(),
            to: vec![own],
        }
        .build()
        .map_err(problems)?,
        Shape::Ship => Ship {
            common,
            lots: inputs.clone(),
            from: vec![own],
            to: other().into_iter().collect(),
        }
        .build()
        .map_err(problems)?,
        Shape::Move => InternalMove {
            common,
            lots: inputs.clone(),
            from: None,
            to: None,
        }
        .build()
        .map_err(problems)?,
        Shape::Merge => Merge {
            common,
            inputs: inputs.clone(),
            output: first(&outputs).ok_or_else(|| vec!["output".to_string()])?,
        }
        .build()
        .map_err(problems)?,
        Shape::Split => Split {
            common,
            input: first(&inputs).ok_or_else(|| vec!["input".to_string()])?,
            outputs: outputs.clone(),
        }
        .build()
        .map_err(problems)?,
        Shape::Process => Process {
            common,
            input: first(&inputs).ok_or_else(|| vec!["input".to_string()])?,
            output: first(&outputs).ok_or_else(|| vec!["output".to_string()])?,
            byproducts: outputs.iter().skip(1).cloned().collect(),
        }
        .build()
        .map_err(problems)?,
        Shape::Observe(step) => {
            let e = InternalMove {
                common,
                lots: inputs.clone(),
                from: None,
                to: None,
            }
            .build()
            .map_err(problems)?;
            restep(e, step, false).map_err(problems)?
        }
        Shape::Create(step) => {
            let e = InternalMove {
                common,
                lots: outputs.clone(),
                from: None,
                to: None,
            }
            .build()
            .map_err(problems)?;
            restep(e, step, true).map_err(problems)?
        }
    };
    let mut event = event;
    event.normalize_vocabulary();
    let value = serde_json::to_value(&event).map_err(|e| vec![e.to_string()])?;
    let key = |q: &LotQuantity| q.lot.key();
    let (new_lots, used_lots): (Vec<String>, Vec<String>) = (
        outputs.iter().map(key).collect(),
        inputs.iter().map(key).collect(),
    );
    let kg = if def.shape.has_outputs() {
        outputs.iter().map(|q| q.kg).sum()
    } else {
        inputs.iter().map(|q| q.kg).sum()
    };
    Ok(Built {
        event: value,
        new_lots,
        used_lots,
        kg,
    })
}

/// An internal move made into an observation (`bizStep` changed) or a creation (`ADD`,
/// lot master data moved to `ilmd`), validated again.
fn restep(
    event: Event,
    step: &str,
    create: bool,
) -> Result<Event, Vec<lottrace_core::epcis::Problem>> {
    let Event::ObjectEvent(mut e) = event else {
        return Err(vec![lottrace_core::epcis::Problem::new(
            "",
            "not an ObjectEvent",
        )]);
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

/// The title of a form kind, for lists (the outbox shows the form each event came from).
pub fn title_of(form: &str) -> Key {
    by_key(form).map(|f| f.title).unwrap_or(Key::StaffRecord)
}
