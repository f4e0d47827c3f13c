//! Internal-inspection checks (guideline I.6.4): the demo chain passes all four; crafted
//! chains make each one warn or fail, with explanations in three languages that never
//! reveal private data.

#[path = "audit_support/mod.rs"]
mod support;

use lottrace_core::audit::*;
use lottrace_core::codes::LotKey;
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::epcis::Event;
use lottrace_core::genealogy::Genealogy;
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, TraceInput, TraceView};
use serde_json::{json, Value};
use support::*;

fn audit(events: &[Event], lot: &LotKey, config: &AuditConfig) -> Vec<AuditResult> {
    let g = Genealogy::from_events(events.iter());
    let parties = parties();
    run(&AuditInput {
        lot,
        genealogy: &g,
        parties: &parties,
        config,
    })
}

fn outcome(results: &[AuditResult], check: Check) -> Outcome {
    results
        .iter()
        .find(|r| r.check == check)
        .map(|r| r.outcome)
        .expect("check present")
}

fn result(results: &[AuditResult], check: Check) -> &AuditResult {
    results
        .iter()
        .find(|r| r.check == check)
        .expect("check present")
}

/// The demo chain with one event replaced (by its number, `demo::event_id`).
fn demo_with(n: u32, f: impl FnOnce(&mut Value)) -> Vec<Event> {
    let mut values = demo_values();
    f(numbered(&mut values, n));
    parse(values)
}

fn trace_view(events: &[Event], lot: &LotKey, policy: &DisclosurePolicy, lang: Lang) -> TraceView {
    let parties = parties();
    trace::build(&TraceInput {
        lot,
        events,
        parties: &parties,
        policy,
        recall: None,
        lang,
    })
    .expect("no cycle")
    .expect("lot is known")
}

#[test]
fn the_demo_chain_passes_every_check() {
    let events = demo_events();
    for lot in [pack_a(), key(SASHIMI, "L261117B")] {
        let r = audit(&events, &lot, &AuditConfig::default());
        let got: Vec<(Check, Outcome)> = r.iter().map(|r| (r.check, r.outcome)).collect();
        assert_eq!(
            got,
            Check::ALL
                .iter()
                .map(|c| (*c, Outcome::Pass))
                .collect::<Vec<_>>(),
            "{r:#?}"
        );
    }
    // The farm lot's own page: the commissioning at the farm is farming, not a step to
    // balance; the merge that consumed it is another lot's story.
    let r = audit(&events, &key(LIVE, "SS2611A"), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::NotApplicable);
    assert_eq!(outcome(&r, Check::ChainComplete), Outcome::Pass);
    assert_eq!(outcome(&r, Check::Withdrawal), Outcome::Pass);
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::NotApplicable);
}

#[test]
fn the_trace_view_carries_badges_in_three_languages() {
    let events = demo_events();
    let mut texts = Vec::new();
    for lang in Lang::ALL {
        let view = trace_view(&events, &pack_a(), &DisclosurePolicy::default(), lang);
        let checks: Vec<(&str, &str)> = view
            .audits
            .iter()
            .map(|a| (a.check.as_str(), a.outcome.as_str()))
            .collect();
        assert_eq!(
            checks,
            [
                ("mass_balance", "pass"),
                ("chain_complete", "pass"),
                ("withdrawal", "pass"),
                ("cold_chain", "pass")
            ]
        );
        assert!(view
            .audits
            .iter()
            .all(|a| !a.title.is_empty() && !a.explanation.is_empty()));
        texts.push(view.audits[0].explanation.clone());
        let json = serde_json::to_string(&view).expect("json");
        assert!(
            !json.contains("2026-09-30"),
            "the private last treatment date leaked"
        );
        assert!(!json.contains("옥시테트라사이클린"));
        // Transport temperature is selectable and not chosen: no chart.
        assert!(view.cold_chain.is_empty());
    }
    assert!(texts[0] != texts[1] && texts[1] != texts[2], "{texts:?}");
    // Older JSON without the new members still parses.
    let view = trace_view(&events, &pack_a(), &DisclosurePolicy::default(), Lang::En);
    let mut old = serde_json::to_value(&view).expect("json");
    old.as_object_mut().map(|m| {
        m.remove("audits");
        m.remove("cold_chain")
    });
    let back: TraceView = serde_json::from_value(old).expect("old JSON parses");
    assert!(back.audits.is_empty() && back.cold_chain.is_empty());
}

#[test]
fn the_cold_chain_chart_appears_when_the_carrier_discloses_temperatures() {
    let events = demo_events();
    let mut policy = DisclosurePolicy::default();
    policy.chosen.insert(
        "jeju-livefish".into(),
        ["transport.temperature".to_string()].into(),
    );
    let view = trace_view(&events, &pack_a(), &policy, Lang::Ko);
    assert_eq!(view.cold_chain.len(), 1);
    let s = &view.cold_chain[0];
    assert_eq!(s.limit_c, 15.0, "live fish in a live tank");
    assert_eq!(s.readings.len(), 6);
    assert_eq!(s.readings[2].celsius, 12.4);
    assert_eq!(s.business.as_deref(), Some("제주활어운송"));
    assert!(s.excursions.is_empty());
    // Under recall the selectable field is public too.
    let recall = DisclosurePolicy {
        recall: true,
        ..Default::default()
    };
    assert_eq!(
        trace_view(&events, &pack_a(), &recall, Lang::Ko)
            .cold_chain
            .len(),
        1
    );
}

#[test]
fn mass_balance_fails_warns_or_cannot_compare() {
    let cfg = AuditConfig::default();
    // The truck reports more fish than the two farms sent.
    let gain = demo_with(6, |e| e["outputQuantityList"][0]["quantity"] = json!(900));
    let r = audit(&gain, &pack_a(), &cfg);
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Fail);
    let text = result(&r, Check::MassBalance).explanation(Lang::En);
    assert!(text.contains("900") && text.contains("800"), "{text}");
    // 1.5 % off is within the default 2 % tolerance; not within 1 %.
    let near = demo_with(6, |e| e["outputQuantityList"][0]["quantity"] = json!(812));
    assert_eq!(
        outcome(&audit(&near, &pack_a(), &cfg), Check::MassBalance),
        Outcome::Pass
    );
    let strict = AuditConfig {
        mass_tolerance: 0.01,
        ..AuditConfig::default()
    };
    assert_eq!(
        outcome(&audit(&near, &pack_a(), &strict), Check::MassBalance),
        Outcome::Fail
    );
    // A split that loses 100 kg fails (repackaging 1 → 3 lots is a split).
    let lossy_split = demo_with(8, |e| e["outputQuantityList"][2]["quantity"] = json!(400));
    assert_eq!(
        outcome(&audit(&lossy_split, &pack_a(), &cfg), Check::MassBalance),
        Outcome::Fail
    );
    // Processing that loses weight without declaring by-products warns; declaring passes.
    let processing = |by: Option<f64>| {
        demo_with(8, |e| {
            e["bizStep"] = json!("commissioning");
            let mut outs = vec![kg(&class(SASHIMI, "L261117A"), 600.0)];
            if let Some(b) = by {
                outs.push(kg(&class(BYPRODUCT, "BP261117"), b));
            }
            e["outputQuantityList"] = json!(outs);
        })
    };
    let r = audit(&processing(None), &pack_a(), &cfg);
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Warn);
    assert!(result(&r, Check::MassBalance)
        .explanation(Lang::En)
        .contains("by-products"));
    assert_eq!(
        outcome(
            &audit(&processing(Some(200.0)), &pack_a(), &cfg),
            Check::MassBalance
        ),
        Outcome::Pass
    );
    // Units other than kg, a missing quantity, a zero input: not comparable, said so.
    let counted = demo_with(6, |e| e["inputQuantityList"][1]["uom"] = json!("H87"));
    let r = audit(&counted, &pack_a(), &cfg);
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Warn);
    let text = result(&r, Check::MassBalance).explanation(Lang::En);
    assert!(
        text.contains("H87") && text.contains("not comparable"),
        "{text}"
    );
    let missing = demo_with(6, |e| {
        e["inputQuantityList"][1]
            .as_object_mut()
            .map(|m| m.remove("quantity"));
    });
    assert!(
        result(&audit(&missing, &pack_a(), &cfg), Check::MassBalance)
            .explanation(Lang::Ko)
            .contains("수량")
    );
    let zero = demo_with(8, |e| {
        e["inputQuantityList"][0]["quantity"] = json!(0);
    });
    let r = audit(&zero, &pack_a(), &cfg);
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Warn);
    assert!(result(&r, Check::MassBalance)
        .explanation(Lang::En)
        .contains("weighs nothing"));
    // NaN and a nonsense tolerance do not panic.
    let mut nan = demo_events();
    let merge = lottrace_core::demo::event_id(6);
    let merge = nan
        .iter_mut()
        .find(|e| e.event_id() == Some(merge.as_str()));
    if let Some(Event::TransformationEvent(t)) = merge {
        t.input_quantity_list.as_mut().expect("list")[0].quantity = Some(f64::NAN);
    }
    let odd = AuditConfig {
        mass_tolerance: f64::NAN,
        ..AuditConfig::default()
    };
    assert_eq!(
        outcome(&audit(&nan, &pack_a(), &odd), Check::MassBalance),
        Outcome::Warn
    );
}

#[test]
fn farming_growth_is_not_a_mass_balance_step() {
    // A farm records growth as a transformation: 32 kg of fry in, 420 kg of fish out.
    let events = demo_with(2, |e| e["outputQuantityList"][0]["quantity"] = json!(420));
    let r = audit(&events, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Pass);
    // The same step at a processing plant would be a gain.
    let mut at_plant = demo_values();
    let grow = numbered(&mut at_plant, 2);
    grow["outputQuantityList"][0]["quantity"] = json!(420);
    grow["bizLocation"]["id"] = json!(sgln(&gln_of("bada-fresh")));
    grow["readPoint"]["id"] = json!(sgln(&gln_of("bada-fresh")));
    let r = audit(&parse(at_plant), &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::MassBalance), Outcome::Fail);
}

#[test]
fn chain_completeness_fails_when_a_source_never_reaches_a_farm() {
    // The truck also loads 100 kg of a lot nobody recorded making.
    let stray = class(LIVE, "UNKNOWN1");
    let events = demo_with(6, |e| {
        e["inputQuantityList"]
            .as_array_mut()
            .expect("list")
            .push(kg(&stray, 100.0));
        e["outputQuantityList"][0]["quantity"] = json!(900);
    });
    let r = audit(&events, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ChainComplete), Outcome::Fail);
    let text = result(&r, Check::ChainComplete).explanation(Lang::En);
    assert!(text.contains("UNKNOWN1") && text.contains("farm"), "{text}");
    // A retail lot with no history at all.
    let lonely = parse(vec![event(
        "ObjectEvent",
        50,
        "2026-11-18T06:20:00+09:00",
        "receiving",
        "hanbit-gangnam",
        json!({ "action": "OBSERVE", "quantityList": [kg(&class(SASHIMI, "LONELY"), 5.0)] }),
        &[],
    )]);
    let r = audit(&lonely, &key(SASHIMI, "LONELY"), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ChainComplete), Outcome::Fail);
    // Fry whose origin is missing: the farm is reached, so only a warning.
    let hatching = json!(lottrace_core::demo::event_id(1));
    let no_fry = parse(
        demo_values()
            .into_iter()
            .filter(|v| v["eventID"] != hatching)
            .collect(),
    );
    let r = audit(&no_fry, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ChainComplete), Outcome::Warn);
    assert!(result(&r, Check::ChainComplete)
        .explanation(Lang::En)
        .contains("FRY2603A"));
    // A cycle fails the check instead of hanging.
    let looped = demo_with(2, |e| {
        e["inputQuantityList"]
            .as_array_mut()
            .expect("list")
            .push(kg(&class(SASHIMI, "L261117A"), 1.0));
    });
    let r = audit(&looped, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ChainComplete), Outcome::Fail);
    assert!(result(&r, Check::ChainComplete)
        .explanation(Lang::En)
        .contains("loop"));
}

#[test]
fn withdrawal_fails_when_shipped_too_early_and_never_tells_the_date() {
    let early = demo_with(4, |e| {
        e["lt:treatment.oral_last_date"] = json!("2026-10-20")
    });
    let r = audit(&early, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::Withdrawal), Outcome::Fail);
    for lang in Lang::ALL {
        let text = result(&r, Check::Withdrawal).explanation(lang);
        assert!(text.contains("SS2611A"), "{text}");
        assert!(
            !text.contains("2026-10-20") && !text.contains("10-20") && !text.contains("27"),
            "{text}"
        );
    }
    // Exactly the period elapsed: allowed.
    let edge = demo_with(4, |e| {
        e["lt:treatment.oral_last_date"] = json!("2026-10-17")
    });
    assert_eq!(
        outcome(
            &audit(&edge, &pack_a(), &AuditConfig::default()),
            Check::Withdrawal
        ),
        Outcome::Pass
    );
    let edge = demo_with(4, |e| {
        e["lt:treatment.oral_last_date"] = json!("2026-10-18")
    });
    assert_eq!(
        outcome(
            &audit(&edge, &pack_a(), &AuditConfig::default()),
            Check::Withdrawal
        ),
        Outcome::Fail
    );
    // The guideline's eco-friendly standard (twice the period) is stricter: 47 days < 60.
    let eco = AuditConfig {
        eco_friendly: true,
        ..AuditConfig::default()
    };
    assert_eq!(
        outcome(&audit(&demo_events(), &pack_a(), &eco), Check::Withdrawal),
        Outcome::Fail
    );
    // A bath treatment counts too, and a drug given during withdrawal fails outright.
    let bath = demo_with(5, |e| {
        e["lt:treatment.bath_administered"] = json!(true);
        e["lt:treatment.bath_last_date"] = json!("2026-11-10");
        e["lt:treatment.withdrawal_period"] = json!(7);
    });
    assert_eq!(
        outcome(
            &audit(&bath, &pack_a(), &AuditConfig::default()),
            Check::Withdrawal
        ),
        Outcome::Fail
    );
    let during = demo_with(5, |e| {
        e["lt:treatment.drug_during_withdrawal"] = json!(true)
    });
    let r = audit(&during, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::Withdrawal), Outcome::Fail);
    assert!(result(&r, Check::Withdrawal)
        .explanation(Lang::En)
        .contains("HL2611B"));
    // Drugs given but the date unreadable: cannot verify.
    let unreadable = demo_with(4, |e| {
        e["lt:treatment.oral_last_date"] = json!("last autumn")
    });
    let r = audit(&unreadable, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::Withdrawal), Outcome::Warn);
    assert!(!result(&r, Check::Withdrawal)
        .explanation(Lang::En)
        .contains("last autumn"));
    let no_period = demo_with(4, |e| {
        e.as_object_mut()
            .map(|m| m.remove("lt:treatment.withdrawal_period"));
    });
    assert_eq!(
        outcome(
            &audit(&no_period, &pack_a(), &AuditConfig::default()),
            Check::Withdrawal
        ),
        Outcome::Warn
    );
    // No treatment records at all: not applicable.
    let none = parse(
        demo_values()
            .into_iter()
            .map(|mut v| {
                if let Some(m) = v.as_object_mut() {
                    m.retain(|k, _| !k.starts_with("lt:treatment."));
                }
                v
            })
            .collect(),
    );
    assert_eq!(
        outcome(
            &audit(&none, &pack_a(), &AuditConfig::default()),
            Check::Withdrawal
        ),
        Outcome::NotApplicable
    );
}

#[test]
fn cold_chain_fails_on_a_long_excursion_and_tolerates_a_short_one() {
    let truck = |values: &[f64]| {
        demo_with(6, |e| {
            e["sensorElementList"] = temps("2026-11-16T08", values)
        })
    };
    // 16–17 °C from 08:10 to 08:50 (40 min) on a live-fish truck (limit 15 °C).
    let r = audit(
        &truck(&[12.0, 16.0, 16.5, 17.0, 16.0, 12.0]),
        &pack_a(),
        &AuditConfig::default(),
    );
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Fail);
    let text = result(&r, Check::ColdChain).explanation(Lang::En);
    assert!(text.contains("40 min") && text.contains("15 °C"), "{text}");
    assert!(
        !text.contains("17"),
        "readings of a selectable field are not told: {text}"
    );
    // 08:10 → 08:30 (20 min) is within the 30 min allowance: pass, but mentioned.
    let r = audit(
        &truck(&[12.0, 16.0, 16.0, 12.0]),
        &pack_a(),
        &AuditConfig::default(),
    );
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Pass);
    assert!(result(&r, Check::ColdChain)
        .explanation(Lang::En)
        .contains("briefly"));
    let tight = AuditConfig {
        max_excursion_minutes: 10,
        ..AuditConfig::default()
    };
    assert_eq!(
        outcome(
            &audit(&truck(&[12.0, 16.0, 16.0, 12.0]), &pack_a(), &tight),
            Check::ColdChain
        ),
        Outcome::Fail
    );
    // A log that ends above the limit counts up to its last reading.
    let r = audit(
        &truck(&[12.0, 16.0, 16.0, 16.0, 16.0, 16.0]),
        &pack_a(),
        &AuditConfig::default(),
    );
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Fail);
    // Chilled sashimi at the store: 6 °C is above the 5 °C chilled limit.
    let store = demo_with(11, |e| {
        e["sensorElementList"] = temps("2026-11-18T07", &[6.0, 6.5, 6.2, 6.1, 6.0])
    });
    let r = audit(&store, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Fail);
    assert!(result(&r, Check::ColdChain)
        .explanation(Lang::Ko)
        .contains("5 °C"));
    // Fahrenheit is converted (41 °F = 5 °C is within), unknown units are not comparable.
    let fahrenheit = demo_with(11, |e| {
        e["sensorElementList"] = temps("2026-11-18T07", &[41.0, 40.0]);
        e["sensorElementList"][0]["sensorReport"][0]["uom"] = json!("FAH");
        e["sensorElementList"][0]["sensorReport"][1]["uom"] = json!("FAH");
    });
    assert_eq!(
        outcome(
            &audit(&fahrenheit, &pack_a(), &AuditConfig::default()),
            Check::ColdChain
        ),
        Outcome::Pass
    );
    let odd_unit = demo_with(6, |e| {
        e["sensorElementList"][0]["sensorReport"][0]["uom"] = json!("XYZ")
    });
    let r = audit(&odd_unit, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Warn);
    // Farm water temperature is a rearing record, not cold chain.
    let farm_water = demo_with(4, |e| {
        e["sensorElementList"] = temps("2026-11-16T05", &[22.0, 23.0, 22.5, 22.0])
    });
    let r = audit(&farm_water, &pack_a(), &AuditConfig::default());
    assert_eq!(outcome(&r, Check::ColdChain), Outcome::Pass);
    // No readings anywhere: not applicable.
    let none = demo_with(6, |e| {
        e.as_object_mut().map(|m| m.remove("sensorElementList"));
    });
    assert_eq!(
        outcome(
            &audit(&none, &pack_a(), &AuditConfig::default()),
            Check::ColdChain
        ),
        Outcome::NotApplicable
    );
}

#[test]
fn the_public_series_shows_excursions() {
    let events = demo_with(6, |e| {
        e["sensorElementList"] = temps("2026-11-16T08", &[12.0, 16.0, 17.5, 12.0])
    });
    let policy = DisclosurePolicy {
        recall: true,
        ..Default::default()
    };
    let view = trace_view(&events, &pack_a(), &policy, Lang::En);
    let s = &view.cold_chain[0];
    assert_eq!(s.excursions.len(), 1);
    assert_eq!(s.excursions[0].max_c, 17.5);
    assert_eq!(s.excursions[0].from, "2026-11-16T08:10:00+09:00");
    assert_eq!(s.excursions[0].to, "2026-11-16T08:30:00+09:00");
    assert_eq!(
        view.audits[3].outcome,
        Outcome::Pass,
        "20 min is within the allowance"
    );
}
