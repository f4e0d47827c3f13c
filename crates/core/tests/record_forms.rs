//! The staff record rules without a browser: the catalogue, checking a filled form,
//! building its event, and numbering new lots.

use lottrace_core::codes::{LotKey, ResolverConfig};
use lottrace_core::epcis::{validate_event, Action, Event};
use lottrace_core::fields::ValueError;
use lottrace_core::lot_pattern::LotPattern;
use lottrace_core::record::{
    self, build, check, mass_balance, next_lot, parse_kg, parse_lot, parse_temperatures, Form,
    FormInput, FormProblem, LotIdError, LotLine, LotNumbering, Part, PartyError, Problem,
    ProductKind, Spot,
};
use lottrace_core::role::Role;
use serde_json::json;

const PLANT: &str = "8801234000055";
const STORE: &str = "8801234000062";

fn resolver() -> ResolverConfig {
    ResolverConfig::new(["lottrace.example"])
}

fn input(time: &str, inputs: &[(&str, &str)], outputs: &[(&str, &str)]) -> FormInput {
    let lines = |v: &[(&str, &str)]| v.iter().map(|(c, k)| LotLine::new(*c, *k)).collect();
    FormInput {
        time: time.into(),
        location: PLANT.into(),
        inputs: lines(inputs),
        outputs: lines(outputs),
        ..Default::default()
    }
}

fn spots(p: &[record::FormProblem]) -> Vec<(Spot, Problem)> {
    p.iter()
        .map(|x| (x.spot.clone(), x.problem.clone()))
        .collect()
}

#[test]
fn lots_and_kilograms_are_read_as_typed() {
    assert_eq!(parse_kg(" 12,5 "), Some(12.5));
    assert_eq!(parse_kg("0"), None);
    assert_eq!(parse_kg("1e3"), None);
    assert_eq!(parse_kg("NaN"), None);
    assert_eq!(
        parse_temperatures("1.5, 2; 3").unwrap(),
        vec![1.5, 2.0, 3.0]
    );
    assert!(parse_temperatures("1, 99").is_err());
    let key = LotKey::gtin_lot("08801234567893", "L261117A").unwrap();
    let r = resolver();
    assert_eq!(
        parse_lot("01/08801234567893/10/L261117A", &r),
        Some(key.clone())
    );
    assert_eq!(parse_lot(&key.epc_class_uri(), &r), Some(key.clone()));
    assert_eq!(
        parse_lot("https://lottrace.example/01/08801234567893/10/L261117A", &r),
        Some(key)
    );
    assert_eq!(parse_lot("not a lot", &r), None);
}

#[test]
fn a_merge_form_names_each_problem_where_it_is() {
    let def = Form::PlantMerge.def();
    let a = "01/08801234000208/10/A1";
    let mut filled = input("2026-11-16T08:00", &[(a, "10"), (a, "x")], &[(a, "")]);
    filled.fields.insert("processing.line".into(), "2".into());
    let p = spots(&check(def, &filled, &resolver()));
    assert_eq!(
        p,
        vec![
            (Spot::Time, Problem::TimeInvalid),
            (Spot::Input(1, Part::Code), Problem::LotTwice),
            (Spot::Input(1, Part::Kg), Problem::KgInvalid),
            (Spot::Output(0, Part::Kg), Problem::KgInvalid),
            (Spot::Output(0, Part::Code), Problem::LotIsInput),
        ]
    );
    let few = input("2026-11-16T08:00:00+09:00", &[(a, "10")], &[]);
    let p = spots(&check(def, &few, &resolver()));
    assert!(p.contains(&(Spot::Inputs, Problem::NeedTwoLots)), "{p:?}");
    assert!(p.contains(&(Spot::Outputs, Problem::NeedLot)), "{p:?}");
}

#[test]
fn a_shipment_needs_its_recipient_and_dictionary_fields_are_checked() {
    let def = Form::PlantShip.def();
    let mut filled = input(
        "2026-11-17T14:00:00+09:00",
        &[("01/08801234567893/10/L261117A", "160")],
        &[],
    );
    filled.fields.insert(
        "processing.expected_delivery_date".into(),
        "tomorrow".into(),
    );
    let p = spots(&check(def, &filled, &resolver()));
    assert_eq!(p[0], (Spot::Party, Problem::RecipientRequired));
    assert_eq!(
        p[1],
        (
            Spot::Field("processing.shipping_carrier".into()),
            Problem::Value(ValueError::Required)
        )
    );
    assert_eq!(
        p.last(),
        Some(&(
            Spot::Field("processing.expected_delivery_date".into()),
            Problem::Value(ValueError::NotADate)
        ))
    );
    filled.party = STORE.into();
    filled.fields.clear();
    filled
        .fields
        .insert("processing.shipping_carrier".into(), "바다로지스".into());
    assert!(check(def, &filled, &resolver()).is_empty());
    let built = build(def, &filled, PLANT, "urn:uuid:1", &resolver()).expect("builds");
    assert_eq!(LotPattern::of(&built.event), Some(LotPattern::Ship));
    assert_eq!(built.used_lots, ["01/08801234567893/10/L261117A"]);
    assert!(built.new_lots.is_empty());
    assert_eq!(built.kg, 160.0);
    let v = built.event.to_value();
    // The recipient as a party (what gives it custody) and as a place.
    assert_eq!(
        v["destinationList"],
        json!([
            { "type": "owning_party", "destination": format!("https://id.gs1.org/417/{STORE}") },
            { "type": "location", "destination": format!("https://id.gs1.org/414/{STORE}") }
        ])
    );
    assert_eq!(
        v["sourceList"][1]["source"],
        format!("https://id.gs1.org/414/{PLANT}")
    );
    // A recipient that is no GLN is refused by the form's check.
    filled.party = "8801234000063".into();
    assert_eq!(
        check(def, &filled, &resolver()),
        vec![FormProblem {
            spot: Spot::Party,
            problem: Problem::Party(PartyError::NotAGln)
        }]
    );
}

#[test]
fn a_hatchery_lot_is_created_with_its_master_data_in_ilmd() {
    let def = Form::HatcheryLot.def();
    let mut filled = input(
        "2026-03-02T09:00:00+09:00",
        &[],
        &[("01/08801234000109/10/FRY1", "60")],
    );
    filled
        .fields
        .insert("hatchery.producer_name".into(), "김한라".into());
    filled
        .fields
        .insert("hatchery.business_name".into(), "한라종묘".into());
    filled
        .fields
        .insert("hatchery.production_date".into(), "2026-01-15".into());
    filled
        .fields
        .insert("hatchery.drug_administered".into(), "false".into());
    filled
        .fields
        .insert("hatchery.disease_test_passed".into(), "true".into());
    assert_eq!(check(def, &filled, &resolver()), vec![]);
    let built = build(def, &filled, PLANT, "urn:uuid:2", &resolver()).expect("builds");
    let Event::ObjectEvent(e) = &built.event else {
        panic!("an ObjectEvent");
    };
    assert_eq!(e.action, Action::Add);
    assert_eq!(e.biz_step.as_deref(), Some("urn:gdst:bizStep:hatching"));
    assert!(validate_event(&built.event, "").is_empty());
    assert!(built.event.lt_get("hatchery.producer_name").is_some());
    assert_eq!(built.new_lots, ["01/08801234000109/10/FRY1"]);
}

#[test]
fn a_split_balances_its_masses() {
    let def = Form::PlantSplit.def();
    let filled = input(
        "2026-11-17T09:00:00+09:00",
        &[("01/08801234000208/10/TR1", "800")],
        &[
            ("01/08801234567893/10/P1", "160"),
            ("01/08801234567893/10/P2", "140,5"),
        ],
    );
    assert_eq!(mass_balance(def, &filled), Some((800.0, 300.5)));
    assert_eq!(mass_balance(Form::PlantShip.def(), &filled), None);
    assert!(record::Shape::Split.balances());
}

#[test]
fn roles_fill_their_forms() {
    let keys: Vec<&str> = record::for_role(Role::Processor)
        .iter()
        .map(|d| d.key())
        .collect();
    assert_eq!(
        keys,
        [
            "plant_receive",
            "plant_merge",
            "plant_split",
            "plant_process",
            "plant_ship"
        ]
    );
    assert!(record::by_key("nope").is_none());
    assert_eq!(
        record::by_key("retail_display").map(|d| d.form),
        Some(Form::RetailDisplay)
    );
}

#[test]
fn gtin_lots_then_lot13_fallback() {
    let mut s = LotNumbering::default();
    s.gtins.insert("live".into(), "08801234000208".into());
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
    let a = next_lot(&mut s, ProductKind::Live, d).unwrap();
    let b = next_lot(&mut s, ProductKind::Live, d).unwrap();
    assert_eq!(a.key(), "01/08801234000208/10/L261117001");
    assert_eq!(b.key(), "01/08801234000208/10/L261117002");
    assert_eq!(
        next_lot(&mut s, ProductKind::Fillet, d),
        Err(LotIdError::NotSetUp)
    );
    s.species_code = "1234".into();
    s.plant_code = "01".into();
    s.product_codes.insert("fillet".into(), "02".into());
    let c = next_lot(&mut s, ProductKind::Fillet, d).unwrap();
    assert_eq!(c, LotKey::Lot13("1234010211170".into()));
    for _ in 0..9 {
        next_lot(&mut s, ProductKind::Fillet, d).unwrap();
    }
    assert_eq!(
        next_lot(&mut s, ProductKind::Fillet, d),
        Err(LotIdError::DayFull)
    );
}

#[test]
fn product_kinds_keep_their_stored_spelling() {
    for k in ProductKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        assert_eq!(ProductKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(ProductKind::ChilledWhole.as_str(), "chilled_whole");
}
