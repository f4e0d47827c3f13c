//! The field dictionary against the guideline (seeds/004, II.5 tables and appendix 가
//! record sheets), the served JSON shape, FSMA 204 / GDST coverage and value checks.

use std::collections::HashSet;

use lottrace_core::fields::{
    normalize_value, parse_bool, unit_label, validate_value, Dictionary, Disclosure, EpcisPlace,
    Field, FieldType, Stage, ValueError, FIELDS_JSON, FSMA204_EVENT_KDES, FSMA204_KDES,
    STANDARD_EPCIS_PLACES,
};
use lottrace_core::lang::{Labels, Lang};
use serde_json::Value;

fn dict() -> &'static Dictionary {
    Dictionary::get()
}

fn field(key: &str) -> &'static Field {
    dict()
        .field(key)
        .unwrap_or_else(|| panic!("field {key} missing"))
}

fn has_hangul(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{3131}'..='\u{318E}').contains(&c))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn check_labels(what: &str, l: &Labels) {
    for lang in Lang::ALL {
        assert!(
            !l.get(lang).trim().is_empty(),
            "{what}: empty {lang:?} label"
        );
    }
    assert!(
        has_hangul(&l.ko),
        "{what}: ko label {:?} has no Hangul",
        l.ko
    );
    assert!(
        has_cjk(&l.zh),
        "{what}: zh label {:?} has no CJK ideograph",
        l.zh
    );
    assert!(
        !has_hangul(&l.en) && !has_cjk(&l.en),
        "{what}: en label {:?} is not English",
        l.en
    );
}

#[test]
fn json_parses_and_get_matches() {
    let parsed = Dictionary::parse(FIELDS_JSON).expect("fields.json parses");
    assert_eq!(&parsed, dict());
    assert!(dict().fields.len() > 100);
}

#[test]
fn keys_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for f in &dict().fields {
        assert!(seen.insert(f.key.as_str()), "duplicate key {}", f.key);
        let (stage, name) = f.key.split_once('.').expect("key has a stage prefix");
        assert_eq!(
            stage,
            f.stage.as_str(),
            "{}: prefix is not its stage",
            f.key
        );
        assert!(
            name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !name.ends_with('_')
                && !name.contains("__"),
            "{}: not snake_case",
            f.key
        );
    }
}

#[test]
fn every_label_in_three_languages() {
    for f in &dict().fields {
        check_labels(&f.key, &f.labels);
        if let Some(h) = &f.help {
            check_labels(&format!("{} help", f.key), h);
        }
        if let Some(e) = &f.explain {
            check_labels(&format!("{} explain", f.key), e);
        }
        for v in f.values.iter().flatten() {
            check_labels(&format!("{} = {}", f.key, v.value), &v.labels);
        }
    }
    for s in Stage::ALL {
        check_labels(s.as_str(), &s.labels());
    }
}

#[test]
fn types_units_and_values_consistent() {
    for f in &dict().fields {
        match f.r#type {
            FieldType::Enum => {
                let values = f.values.as_deref().unwrap_or_default();
                assert!(!values.is_empty(), "{}: enum without values", f.key);
                let distinct: HashSet<_> = values.iter().map(|v| &v.value).collect();
                assert_eq!(distinct.len(), values.len(), "{}: repeated value", f.key);
            }
            _ => assert!(f.values.is_none(), "{}: values on a non-enum", f.key),
        }
        match f.r#type {
            FieldType::Number => {
                let unit = f.unit.as_deref().unwrap_or("");
                assert!(!unit.is_empty(), "{}: number without unit", f.key);
                for lang in Lang::ALL {
                    assert!(
                        unit_label(unit, lang).is_some(),
                        "{}: unit {unit} has no label",
                        f.key
                    );
                }
                if let (Some(min), Some(max)) = (f.min, f.max) {
                    assert!(min < max, "{}: min >= max", f.key);
                }
            }
            _ => {
                assert!(f.unit.is_none(), "{}: unit on a non-number", f.key);
                assert!(
                    f.min.is_none() && f.max.is_none(),
                    "{}: range on a non-number",
                    f.key
                );
            }
        }
        if let Some(d) = &f.default {
            assert_eq!(validate_value(f, d), Ok(()), "{}: bad default", f.key);
        }
        assert!(!f.source.is_empty(), "{}: no source", f.key);
    }
}

/// Capture refuses quantities outside these ranges (`capture_rules::quantity_range`), so
/// every quantity a lot can carry has both bounds, and a real lot fits within them.
#[test]
fn every_quantity_field_has_a_plausible_range() {
    let quantities: Vec<&Field> = dict()
        .fields
        .iter()
        .filter(|f| f.r#type == FieldType::Number)
        .filter(|f| matches!(&f.epcis, EpcisPlace::Standard(n) if n.ends_with("uantityList")))
        .collect();
    assert!(quantities.len() >= 8, "{}", quantities.len());
    for f in quantities {
        let (min, max) = (f.min.expect(&f.key), f.max.expect(&f.key));
        assert_eq!(min, 0.0, "{}", f.key);
        // The demo's largest lot (800 kg of live fish) fits; a whole harbour does not.
        let plausible = match f.unit.as_deref() {
            Some("kg") => (800.0..=100_000.0).contains(&max),
            Some("ea") => (1_000.0..=10_000_000.0).contains(&max),
            other => panic!("{}: quantity in {other:?}", f.key),
        };
        assert!(plausible, "{}: max {max}", f.key);
    }
}

#[test]
fn epcis_places_are_known_and_fitting() {
    for f in &dict().fields {
        match &f.epcis {
            EpcisPlace::Standard(name) => {
                assert!(
                    STANDARD_EPCIS_PLACES.contains(&name.as_str()),
                    "{}: unknown EPCIS member {name}",
                    f.key
                );
                if name == "eventTime" {
                    assert!(
                        matches!(f.r#type, FieldType::Date | FieldType::Datetime),
                        "{}: eventTime must be a date or datetime",
                        f.key
                    );
                }
                if name.ends_with("uantityList") && f.r#type == FieldType::Number {
                    let unit = f.unit.as_deref();
                    assert!(
                        matches!(unit, Some("kg" | "ea")),
                        "{}: quantities are kg or counts",
                        f.key
                    );
                }
            }
            EpcisPlace::Sensor => assert_eq!(
                f.unit.as_deref(),
                Some("°C"),
                "{}: sensor fields are temperatures",
                f.key
            ),
            EpcisPlace::Ilmd | EpcisPlace::Extension => {}
        }
    }
}

// ---- appendix 가: record sheets -------------------------------------------------------

const FARM_SHEET: [&str; 12] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫"];
const PLANT_SHEET: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

fn sheet_fields(tag: &str) -> Vec<&'static Field> {
    dict()
        .fields
        .iter()
        .filter(|f| f.sheet.as_deref() == Some(tag))
        .collect()
}

/// Underlined items (<u>…</u>) are not disclosed; every other item is public, and the
/// sheet says all items are filled in.
fn check_sheet(sheet: &str, items: &[&str], underlined: &[&str]) {
    for item in items {
        let tag = format!("{sheet}-{item}");
        let fields = sheet_fields(&tag);
        assert!(!fields.is_empty(), "record sheet item {tag} missing");
        for f in fields {
            let want = if underlined.contains(item) {
                Disclosure::Private
            } else {
                Disclosure::Public
            };
            assert_eq!(f.disclosure, want, "{tag} ({}): disclosure", f.key);
            assert!(
                f.required,
                "{tag} ({}): sheet items are all required",
                f.key
            );
        }
    }
    for f in &dict().fields {
        if let Some(tag) = f.sheet.as_deref() {
            let known = ["farm", "plant"].iter().any(|s| {
                let list: &[&str] = if *s == "farm" {
                    &FARM_SHEET
                } else {
                    &PLANT_SHEET
                };
                tag.strip_prefix(s)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|i| list.contains(&i))
            });
            assert!(known, "{}: unknown sheet item {tag}", f.key);
        }
    }
}

#[test]
fn farm_record_sheet_items_all_present() {
    check_sheet("farm", &FARM_SHEET, &["⑪", "⑫"]);
    let keys = |t: &str| -> Vec<&str> { sheet_fields(t).iter().map(|f| f.key.as_str()).collect() };
    assert_eq!(keys("farm-①"), ["farm.name"]);
    assert_eq!(keys("farm-③"), ["farm.stocking_date"]);
    assert_eq!(keys("farm-⑦"), ["feed.type"]);
    assert_eq!(keys("farm-⑧"), ["treatment.drug_during_withdrawal"]);
    assert_eq!(
        keys("farm-⑪"),
        [
            "treatment.oral_drug_name",
            "treatment.oral_total_days",
            "treatment.oral_last_date"
        ]
    );
    assert_eq!(
        keys("farm-⑫"),
        [
            "treatment.bath_drug_name",
            "treatment.bath_total_days",
            "treatment.bath_last_date"
        ]
    );
    assert_eq!(field("farm.shipping_quantity").unit.as_deref(), Some("kg"));
    assert_eq!(
        field("treatment.oral_total_days").unit.as_deref(),
        Some("day")
    );
}

#[test]
fn plant_record_sheet_items_all_present() {
    check_sheet("plant", &PLANT_SHEET, &["⑨", "⑩"]);
    assert_eq!(
        field("processing.unit_weight").sheet.as_deref(),
        Some("plant-⑨")
    );
    assert_eq!(field("processing.unit_weight").unit.as_deref(), Some("g"));
    assert_eq!(
        field("processing.shipping_weight").unit.as_deref(),
        Some("kg")
    );
    assert_eq!(
        field("processing.receiving_carrier").disclosure,
        Disclosure::Private
    );
}

// ---- II.5 tables ----------------------------------------------------------------------

use Disclosure::{Private, Public, Selectable};

fn check_table(table: &str, rows: &[(&str, bool, Disclosure)]) {
    for &(key, required, disclosure) in rows {
        let f = field(key);
        assert_eq!(
            f.required, required,
            "{table}: {key} ({}) 필수/선택",
            f.labels.ko
        );
        assert_eq!(
            f.disclosure, disclosure,
            "{table}: {key} ({}) 정보공개",
            f.labels.ko
        );
    }
}

#[test]
fn fry_table_matches_guideline() {
    // The second, textual version of the table (공개/선택) is the one followed.
    check_table(
        "항목 1 치어이력정보",
        &[
            ("hatchery.producer_name", true, Public),
            ("hatchery.business_name", true, Public),
            ("hatchery.address", true, Public),
            ("hatchery.phone", true, Selectable),
            ("hatchery.production_date", true, Public),
            ("hatchery.drug_administered", true, Public),
            ("hatchery.drug_name", true, Selectable),
            ("hatchery.drug_date", true, Public),
            ("hatchery.shipping_date", true, Public),
            ("hatchery.disease_test_passed", true, Public),
        ],
    );
    assert_eq!(
        field("hatchery.disease_test_passed").r#type,
        FieldType::Boolean
    );
}

#[test]
fn farm_table_matches_guideline() {
    check_table(
        "항목 2 양식이력정보",
        &[
            ("farm.producer_name", true, Public),
            ("farm.address", true, Public),
            ("farm.website", true, Selectable),
            ("farm.unit_count", false, Selectable),
            ("farm.owner_photo", false, Selectable),
            ("farm.fish_per_unit", true, Selectable),
            ("farm.method", false, Selectable),
            ("farm.water_temperature", false, Selectable),
            ("farm.fry_species", true, Public),
            ("farm.stocking_quantity", true, Public),
            ("farm.lot_number", true, Public),
            ("farm.shipping_datetime", true, Public),
            ("farm.destination_name", true, Public),
        ],
    );
}

#[test]
fn feed_table_matches_guideline() {
    check_table(
        "항목 3 넙치 사료 이력정보",
        &[
            ("feed.type", true, Public),
            ("feed.records_kept", true, Selectable),
            ("feed.raw_species", true, Public),
            ("feed.raw_catch_area", false, Selectable),
            ("feed.formulated_name", true, Public),
            ("feed.manufacturer", false, Selectable),
            ("feed.ingredient_origin", true, Public),
            ("feed.expiry_date", false, Selectable),
        ],
    );
}

#[test]
fn treatment_table_matches_guideline() {
    // Oral and bath drug details are 공개 in the table but underlined in the farm sheet:
    // the sheet (what the pilot actually disclosed) wins.
    check_table(
        "항목 4 약품투여 이력정보",
        &[
            ("treatment.withdrawal_period", true, Public),
            ("treatment.drug_during_withdrawal", true, Public),
            ("treatment.supplement_datetime", true, Public),
            ("treatment.supplement_amount", true, Selectable),
            ("treatment.otc_test_passed", true, Public),
            ("treatment.oral_drug_company", true, Selectable),
            ("treatment.oral_usage_standard", false, Selectable),
            ("treatment.oral_drug_name", true, Private),
            ("treatment.bath_total_days", true, Private),
        ],
    );
}

#[test]
fn plant_tables_match_guideline() {
    check_table(
        "가공공장 원료 입하단계",
        &[
            ("processing.raw_material_id", true, Public),
            ("processing.supplier_name", true, Public),
            ("processing.receiving_date", true, Public),
            ("processing.receiving_form", false, Selectable),
        ],
    );
    check_table(
        "가공공장 가공단계",
        &[
            ("processing.plant_name", true, Public),
            ("processing.plant_website", false, Selectable),
            ("processing.line", true, Selectable),
            ("processing.operating_hours", true, Selectable),
            ("processing.input_lot_ids", false, Public),
            ("processing.lot_number", true, Public),
            ("processing.packing_temperature", true, Selectable),
            ("processing.product_form", true, Public),
            ("processing.inspection_passed", false, Public),
        ],
    );
    check_table(
        "가공공장 출하단계",
        &[
            ("processing.product_name", true, Public),
            ("processing.shipping_count", true, Public),
            ("processing.shipping_carrier", true, Public),
            ("processing.shipping_date", true, Public),
            ("processing.expected_delivery_date", false, Public),
        ],
    );
}

#[test]
fn logistics_table_matches_guideline() {
    check_table(
        "물류단계 이력정보",
        &[
            ("transport.carrier", true, Public),
            ("transport.driver_name", true, Selectable),
            ("transport.trip_id", true, Selectable),
            ("transport.vehicle_type", true, Public),
            ("transport.product_state", true, Public),
            ("transport.departure_datetime", true, Public),
            ("transport.temperature", true, Selectable),
        ],
    );
    let vehicle = field("transport.vehicle_type");
    assert!(vehicle.value_labels("live_tank").is_some());
    assert!(vehicle.value_labels("refrigerated").is_some());
    assert_eq!(field("transport.temperature").epcis, EpcisPlace::Sensor);
}

#[test]
fn retail_table_matches_guideline() {
    check_table(
        "소매점 이력정보",
        &[
            ("retail.store_name", true, Public),
            ("retail.manager", true, Public),
            ("retail.delivery_datetime", true, Public),
            ("retail.product_weight", true, Public),
            ("retail.display_datetime", true, Public),
        ],
    );
    assert_eq!(
        field("retail.counter_temperature").unit.as_deref(),
        Some("°C")
    );
}

#[test]
fn conditions_point_at_real_values() {
    for f in &dict().fields {
        let Some(c) = &f.applies_if else { continue };
        let on = dict()
            .field(&c.field)
            .unwrap_or_else(|| panic!("{}: condition on unknown {}", f.key, c.field));
        assert_eq!(on.stage, f.stage, "{}: condition across stages", f.key);
        assert!(!c.values.is_empty(), "{}: empty condition", f.key);
        for v in &c.values {
            assert!(
                matches!(on.r#type, FieldType::Boolean | FieldType::Enum)
                    && validate_value(on, v).is_ok(),
                "{}: condition value {v} is not a value of {}",
                f.key,
                on.key
            );
        }
    }
    let raw = field("feed.raw_species");
    assert!(raw.applies(|k| (k == "feed.type").then_some("raw")));
    assert!(!raw.applies(|k| (k == "feed.type").then_some("formulated")));
    assert!(!raw.applies(|_| None));
    assert!(field("feed.type").applies(|_| None));
}

// ---- served shape ---------------------------------------------------------------------

#[test]
fn serialises_back_to_the_served_document() {
    let out = serde_json::to_string_pretty(dict()).expect("serialises");
    assert_eq!(
        format!("{out}\n"),
        FIELDS_JSON,
        "fields.json is not in canonical form"
    );

    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    let top: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["namespace", "fields"]);
    assert_eq!(v["namespace"]["prefix"], "lt");
    assert_eq!(v["namespace"]["iri"], "https://lottrace.dev/ns/");
    let required = [
        "key",
        "stage",
        "labels",
        "type",
        "unit",
        "values",
        "required",
        "disclosure",
        "epcis",
    ];
    let types = ["text", "date", "datetime", "boolean", "number", "enum"];
    let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
    for f in v["fields"].as_array().expect("fields array") {
        let o = f.as_object().expect("field object");
        let names: Vec<&str> = o.keys().map(String::as_str).collect();
        assert_eq!(
            names[..required.len()],
            required,
            "member order of {}",
            f["key"]
        );
        assert!(stages.contains(&f["stage"].as_str().unwrap_or("")));
        assert!(types.contains(&f["type"].as_str().unwrap_or("")));
        assert!(
            ["public", "selectable", "private"].contains(&f["disclosure"].as_str().unwrap_or(""))
        );
        assert!(f["epcis"].is_string() && f["required"].is_boolean());
        assert!(f["unit"].is_null() || f["unit"].is_string());
        assert!(f["values"].is_null() || f["values"].is_array());
        for l in ["ko", "en", "zh"] {
            assert!(f["labels"][l].is_string(), "{}: labels.{l}", f["key"]);
        }
        for e in f["values"].as_array().into_iter().flatten() {
            assert!(e["value"].is_string() && e["labels"]["zh"].is_string());
        }
    }
    let stocking = v["fields"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["key"] == "farm.stocking_date"))
        .expect("farm.stocking_date");
    assert_eq!(stocking["type"], "date");
    assert_eq!(stocking["unit"], Value::Null);
    assert_eq!(stocking["disclosure"], "public");
    assert_eq!(stocking["sheet"], "farm-③");
}

#[test]
fn json_ld_names() {
    let d = dict();
    let f = field("farm.stocking_date");
    assert_eq!(d.json_ld_name(f), "lt:farm.stocking_date");
    assert_eq!(d.iri(f), "https://lottrace.dev/ns/farm.stocking_date");
    assert_eq!(d.field_by_json_ld_name("lt:farm.stocking_date"), Some(f));
    assert_eq!(
        d.field_by_json_ld_name("https://lottrace.dev/ns/farm.stocking_date"),
        Some(f)
    );
    assert_eq!(d.field_by_json_ld_name("farm.stocking_date"), None);
    assert_eq!(d.field_by_json_ld_name("lt:farm.nope"), None);
    assert_eq!(d.field_by_json_ld_name("ltx:farm.stocking_date"), None);
    assert!(EpcisPlace::Ilmd.is_namespaced() && !EpcisPlace::Sensor.is_namespaced());
}

#[test]
fn stages_in_chain_order_with_fields() {
    let names: Vec<String> = Stage::ALL
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        names,
        [
            "hatchery",
            "farm",
            "feed",
            "treatment",
            "transport",
            "processing",
            "wholesale",
            "retail"
        ]
    );
    for s in Stage::ALL {
        assert_eq!(Stage::parse(s.as_str()), Some(s));
        assert!(
            dict().for_stage(s).count() >= 5,
            "stage {s} has too few fields"
        );
        assert!(dict().for_stage(s).all(|f| f.stage == s));
    }
    assert_eq!(Stage::parse("shelf"), None);
}

#[test]
fn epcis_place_round_trips_as_plain_string() {
    for (s, p) in [
        ("ilmd", EpcisPlace::Ilmd),
        ("extension", EpcisPlace::Extension),
        ("sensor", EpcisPlace::Sensor),
        ("eventTime", EpcisPlace::Standard("eventTime".into())),
    ] {
        let json = format!("\"{s}\"");
        assert_eq!(
            serde_json::from_str::<EpcisPlace>(&json).ok(),
            Some(p.clone())
        );
        assert_eq!(serde_json::to_string(&p).ok(), Some(json));
    }
    assert!(serde_json::from_str::<EpcisPlace>("\"\"").is_err());
}

// ---- standards ------------------------------------------------------------------------

fn tagged(tag: &str) -> Vec<&'static str> {
    dict()
        .fields
        .iter()
        .filter(|f| f.satisfies(tag))
        .map(|f| f.key.as_str())
        .collect()
}

#[test]
fn fsma204_kdes_all_covered() {
    for kde in FSMA204_KDES.iter().chain(FSMA204_EVENT_KDES) {
        assert!(
            !tagged(&format!("fsma204:{kde}")).is_empty(),
            "FSMA 204 KDE {kde} not covered"
        );
    }
    for f in &dict().fields {
        for s in &f.standards {
            let (std, name) = s.split_once(':').expect("standard tag is std:name");
            assert!(
                ["fsma204", "gdst"].contains(&std),
                "{}: unknown standard {s}",
                f.key
            );
            if std == "fsma204" {
                assert!(
                    FSMA204_KDES.contains(&name) || FSMA204_EVENT_KDES.contains(&name),
                    "{}: unknown FSMA 204 KDE {name}",
                    f.key
                );
            }
        }
    }
    // Every lot-creating stage can name its lot, quantity and date.
    for key in [
        "farm.lot_number",
        "processing.lot_number",
        "retail.product_id",
    ] {
        assert!(
            field(key).satisfies("fsma204:traceability_lot_code"),
            "{key}"
        );
    }
    assert!(field("processing.location_id").satisfies("fsma204:traceability_lot_code_source"));
    assert_eq!(
        field("processing.reference_document_number").disclosure,
        Private
    );
}

#[test]
fn gdst_aquaculture_kdes_covered() {
    for name in [
        "species_scientific_name",
        "species_fao_3alpha",
        "production_method",
        "harvest_container",
        "country_of_origin",
        "country_of_harvest",
        "harvest_date",
        "aquaculture_method",
        "certifications",
        "hatchery",
        "broodstock_source",
        "feed",
    ] {
        assert!(
            !tagged(&format!("gdst:{name}")).is_empty(),
            "GDST {name} not covered"
        );
    }
    assert_eq!(
        field("farm.species_scientific_name").default.as_deref(),
        Some("Paralichthys olivaceus")
    );
    assert_eq!(
        field("farm.production_method").default.as_deref(),
        Some("aquaculture")
    );
    let fao = field("farm.species_fao_code");
    assert_eq!(fao.default.as_deref(), Some("BAH"));
    assert!(fao.note.as_deref().is_some_and(|n| n.contains("ASFIS")));
}

// ---- validate_value -------------------------------------------------------------------

#[test]
fn validates_required_and_empty() {
    let required = field("farm.lot_number");
    let optional = field("processing.plant_website");
    assert_eq!(validate_value(required, ""), Err(ValueError::Required));
    assert_eq!(validate_value(required, "   "), Err(ValueError::Required));
    assert_eq!(validate_value(optional, ""), Ok(()));
    assert_eq!(normalize_value(optional, " "), Ok(Value::Null));
    assert_eq!(validate_value(required, "L240513A"), Ok(()));
    assert_eq!(
        normalize_value(required, " L240513A "),
        Ok(Value::String("L240513A".into()))
    );
}

#[test]
fn validates_numbers() {
    let kg = field("farm.shipping_quantity");
    assert_eq!(validate_value(kg, "1250.5"), Ok(()));
    assert_eq!(validate_value(kg, "0"), Ok(()));
    assert_eq!(normalize_value(kg, "12"), Ok(serde_json::json!(12.0)));
    for bad in [
        "abc", "1,250", "12kg", "NaN", "inf", "1e3", ".", "-", "1.2.3", "0x10",
    ] {
        assert_eq!(
            validate_value(kg, bad),
            Err(ValueError::NotANumber),
            "{bad:?}"
        );
    }
    let range = Err(ValueError::OutOfRange {
        min: 0.0,
        max: 50_000.0,
    });
    assert_eq!(validate_value(kg, "-1"), range);
    assert_eq!(validate_value(kg, "50001"), range);
    let temp = field("transport.temperature");
    assert_eq!(validate_value(temp, "-1.5"), Ok(()));
    assert_eq!(validate_value(temp, ".5"), Ok(()));
    assert_eq!(
        validate_value(temp, "120"),
        Err(ValueError::OutOfRange {
            min: -30.0,
            max: 40.0
        })
    );
}

#[test]
fn validates_dates_and_datetimes() {
    let date = field("farm.stocking_date");
    assert_eq!(validate_value(date, "2024-05-13"), Ok(()));
    assert_eq!(validate_value(date, "2024-02-29"), Ok(()));
    for bad in [
        "2023-02-29",
        "2024-5-13",
        "2024/05/13",
        "13.05.2024",
        "+2024-05-13",
        "2024-05-13T00:00:00Z",
        "0513",
    ] {
        assert_eq!(
            validate_value(date, bad),
            Err(ValueError::NotADate),
            "{bad:?}"
        );
    }
    let dt = field("farm.shipping_datetime");
    assert_eq!(validate_value(dt, "2024-05-13T09:30:00+09:00"), Ok(()));
    assert_eq!(validate_value(dt, "2024-05-13T00:30:00Z"), Ok(()));
    assert_eq!(validate_value(dt, "2024-05-13T09:30:00.250+09:00"), Ok(()));
    for bad in [
        "2024-05-13T09:30:00",
        "2024-05-13",
        "2024-05-13 09:30",
        "yesterday",
        "2024-13-01T00:00:00Z",
    ] {
        assert_eq!(
            validate_value(dt, bad),
            Err(ValueError::NotADatetime),
            "{bad:?}"
        );
    }
}

#[test]
fn validates_booleans() {
    let b = field("treatment.supplement_given");
    assert_eq!(normalize_value(b, "true"), Ok(Value::Bool(true)));
    assert_eq!(normalize_value(b, "false"), Ok(Value::Bool(false)));
    // The record sheets mark these (O, X).
    assert_eq!(normalize_value(b, "O"), Ok(Value::Bool(true)));
    assert_eq!(normalize_value(b, "x"), Ok(Value::Bool(false)));
    for bad in ["yes", "1", "0", "maybe", "예"] {
        assert_eq!(
            validate_value(b, bad),
            Err(ValueError::NotABoolean),
            "{bad:?}"
        );
    }
    assert_eq!(parse_bool(" TRUE "), Some(true));
}

#[test]
fn validates_enums() {
    let e = field("transport.vehicle_type");
    assert_eq!(validate_value(e, "live_tank"), Ok(()));
    match validate_value(e, "boat") {
        Err(ValueError::UnknownValue { allowed }) => {
            assert!(allowed.contains(&"refrigerated".to_string()));
            assert_eq!(allowed.len(), e.values.as_ref().map_or(0, Vec::len));
        }
        other => panic!("expected UnknownValue, got {other:?}"),
    }
    // Values are codes, not labels.
    assert!(validate_value(e, "냉장차").is_err());
    assert!(validate_value(e, "Refrigerated").is_err());
}

#[test]
fn error_messages_in_three_languages() {
    let errors = [
        ValueError::Required,
        ValueError::NotANumber,
        ValueError::OutOfRange {
            min: 0.0,
            max: 40.0,
        },
        ValueError::OutOfRange {
            min: 0.0,
            max: f64::INFINITY,
        },
        ValueError::OutOfRange {
            min: f64::NEG_INFINITY,
            max: 3.0,
        },
        ValueError::NotADate,
        ValueError::NotADatetime,
        ValueError::NotABoolean,
        ValueError::UnknownValue {
            allowed: vec!["a".into(), "b".into()],
        },
    ];
    for e in &errors {
        let ko = e.message(Lang::Ko);
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(has_hangul(&ko), "{e:?}: {ko}");
        assert!(has_cjk(&zh), "{e:?}: {zh}");
        assert!(!en.is_empty() && !en.contains("inf"), "{e:?}: {en}");
        assert!(!ko.contains("inf") && !zh.contains("inf"));
        assert_eq!(e.to_string(), en);
    }
    assert_eq!(
        ValueError::OutOfRange {
            min: -30.0,
            max: 40.0
        }
        .message(Lang::En),
        "Enter a value from -30 to 40."
    );
}

/// The shopper's one-line explanations: where a field has one, it is there in ko, en and
/// zh, one line each, and the fields a shopper reads on the demo page without knowing
/// the trade (residue tests, medicines, feed, origin, quantities) all have one.
#[test]
fn shopper_explanations_in_three_languages_where_the_page_needs_them() {
    let json: Value = serde_json::from_str(FIELDS_JSON).unwrap();
    let mut explained = 0;
    for (f, raw) in dict().fields.iter().zip(json["fields"].as_array().unwrap()) {
        let Some(e) = &f.explain else {
            assert!(raw.get("explain").is_none(), "{}", f.key);
            continue;
        };
        explained += 1;
        for lang in Lang::ALL {
            let line = e.get(lang);
            assert!(
                !line.trim().is_empty(),
                "{}: empty {lang:?} explanation",
                f.key
            );
            assert!(
                !line.contains('\n'),
                "{}: {lang:?} explanation is one line",
                f.key
            );
            assert!(
                line.chars().count() <= 140,
                "{}: {lang:?} explanation too long",
                f.key
            );
        }
        assert_ne!(
            &e.en,
            f.labels.get(Lang::En),
            "{}: says more than the label",
            f.key
        );
    }
    for key in [
        "hatchery.drug_administered",
        "hatchery.disease_test_passed",
        "farm.country_of_origin",
        "farm.production_method",
        "feed.type",
        "feed.raw_species",
        "feed.formulated_name",
        "treatment.withdrawal_period",
        "treatment.drug_during_withdrawal",
        "treatment.otc_test_passed",
        "treatment.otc_residue",
        "treatment.oral_administered",
        "farm.shipping_quantity",
        "transport.quantity",
        "processing.product_weight",
    ] {
        assert!(
            field(key).explain.is_some(),
            "{key}: no shopper explanation"
        );
    }
    assert!(explained >= 15);
    // Optional: a dictionary without the member still parses, and one with an empty
    // language is caught by the label check above.
    let bare = r#"{"namespace":{"prefix":"lt","iri":"https://lottrace.dev/ns/"},"fields":[]}"#;
    assert!(Dictionary::parse(bare).is_ok());
    let member = &json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "treatment.otc_test_passed")
        .unwrap()["explain"];
    assert_eq!(
        member["en"],
        Value::from(
            field("treatment.otc_test_passed")
                .explain
                .as_ref()
                .unwrap()
                .en
                .clone()
        )
    );
}
