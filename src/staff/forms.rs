//! The staff app's side of the record rules in `lottrace_core::record` (form catalogue,
//! field checks, event builders): a draft as core's form input (the device's local time
//! made RFC 3339, this host's Digital Links read as ours), core's problems in the
//! person's language, and the words of forms.

use crate::shared::i18n::{Key, Lang};
use crate::staff::state::drafts::{Draft, LotRow};
use crate::staff::state::session::Session;
use lottrace_core::codes::{LotKey, ResolverConfig};
use lottrace_core::fields::Field;
use lottrace_core::record::{self, Counterparty, Form, FormInput, LotLine, Problem};
use lottrace_core::role::Role;

pub use lottrace_core::record::{by_key, FormDef, Part, Shape, Spot};

/// The dictionary fields a form shows, in order.
pub fn fields_of(def: &FormDef) -> Vec<&'static Field> {
    def.dictionary_fields()
}

/// The forms a role uses, in the order of its work.
pub fn for_role(role: &str) -> Vec<&'static FormDef> {
    Role::parse(role).map(record::for_role).unwrap_or_default()
}

/// Whether the role's staff print lot labels (core's rule: it makes lots).
pub fn prints_labels(role: &str) -> bool {
    Role::parse(role).is_some_and(record::prints_labels)
}

/// Whether a field applies given the draft's other values.
pub fn applies(field: &Field, draft: &Draft) -> bool {
    field.applies(|k| draft.fields.get(k).map(String::as_str))
}

fn resolver() -> ResolverConfig {
    let host = crate::shared::scanner::route::this_host();
    ResolverConfig::new([host.as_str()])
}

/// A code typed, scanned or picked: any code form naming a lot.
pub fn parse_lot(text: &str) -> Option<LotKey> {
    record::parse_lot(text, &resolver())
}

fn lines(rows: &[LotRow]) -> Vec<LotLine> {
    rows.iter()
        .map(|r| LotLine::new(r.code.clone(), r.kg.clone()))
        .collect()
}

/// The draft as core reads a filled-in form.
fn input_of(draft: &Draft) -> FormInput {
    FormInput {
        time: local_time_to_rfc3339(&draft.time).unwrap_or_default(),
        location: draft.location.clone(),
        party: draft.party.clone(),
        inputs: lines(&draft.inputs),
        outputs: lines(&draft.outputs),
        fields: draft.fields.clone(),
        temperatures: draft.temperatures.clone(),
    }
}

/// A problem to show next to its input, in the person's language.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    pub spot: Spot,
    pub message: String,
}

fn message(problem: &Problem, lang: Lang) -> String {
    let key = match problem {
        Problem::Value(e) => return e.message(lang),
        Problem::Party(e) => return e.message(lang).into(),
        Problem::TimeInvalid => Key::StaffTimeInvalid,
        Problem::Required => Key::StaffRequired,
        Problem::RecipientRequired => Key::StaffRecipientRequired,
        Problem::LotInvalid => Key::StaffLotInvalid,
        Problem::LotTwice => Key::StaffLotTwice,
        Problem::KgInvalid => Key::StaffKgInvalid,
        Problem::NeedLot => Key::StaffNeedLot,
        Problem::NeedTwoLots => Key::StaffNeedTwoLots,
        Problem::LotIsInput => Key::StaffLotIsInput,
        Problem::TemperaturesInvalid => Key::StaffTemperaturesInvalid,
    };
    key.get(lang).into()
}

/// Everything wrong with the draft that the person can fix, in the page language.
pub fn check(def: &FormDef, draft: &Draft, lang: Lang) -> Vec<FormProblem> {
    record::check(def, &input_of(draft), &resolver())
        .into_iter()
        .map(|p| FormProblem {
            message: message(&p.problem, lang),
            spot: p.spot,
        })
        .collect()
}

/// Kilograms in and out, when the form balances and both are known.
pub fn mass_balance(def: &FormDef, draft: &Draft) -> Option<(f64, f64)> {
    record::mass_balance(def, &input_of(draft))
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

/// Builds the event of a checked draft. `Err` carries the builder's problems (English,
/// from `lottrace-core`) for anything [`check`] did not catch.
pub fn build(
    def: &FormDef,
    draft: &Draft,
    session: &Session,
    event_id: &str,
) -> Result<Built, Vec<String>> {
    let built = record::build(def, &input_of(draft), &session.gln, event_id, &resolver())
        .map_err(|p| p.into_iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    Ok(Built {
        event: built.event.to_value(),
        new_lots: built.new_lots,
        used_lots: built.used_lots,
        kg: built.kg,
    })
}

/// A form's title.
pub fn title(def: &FormDef) -> Key {
    match def.form {
        Form::HatcheryLot => Key::FormHatcheryLot,
        Form::HatcheryShip => Key::FormHatcheryShip,
        Form::FarmStocking => Key::FormFarmStocking,
        Form::FarmFeeding => Key::FormFarmFeeding,
        Form::FarmTreatment => Key::FormFarmTreatment,
        Form::FarmHarvest => Key::FormFarmHarvest,
        Form::FarmShip => Key::FormFarmShip,
        Form::TransportPickup => Key::FormTransportPickup,
        Form::TransportDelivery => Key::FormTransportDelivery,
        Form::PlantReceive => Key::FormPlantReceive,
        Form::PlantMerge => Key::FormPlantMerge,
        Form::PlantSplit => Key::FormPlantSplit,
        Form::PlantProcess => Key::FormPlantProcess,
        Form::PlantShip => Key::FormPlantShip,
        Form::WholesaleReceive => Key::FormWholesaleReceive,
        Form::WholesaleShip => Key::FormWholesaleShip,
        Form::RetailReceive => Key::FormRetailReceive,
        Form::RetailDisplay => Key::FormRetailDisplay,
    }
}

/// The label of the other business a form asks for, if any.
pub fn party_label(shape: Shape) -> Option<Key> {
    shape.counterparty().map(|c| match c {
        Counterparty::Supplier => Key::StaffSupplier,
        Counterparty::Recipient => Key::StaffRecipient,
    })
}

/// The title of a form kind, for lists (the outbox shows the form each event came from).
pub fn title_of(form: &str) -> Key {
    by_key(form).map(title).unwrap_or(Key::StaffRecord)
}
