//! Words a shopper knows (issue 23 item 2): the demo pack's trace carries the
//! dictionary's one-line explanations with the values, a line under the steps and the
//! checks a shopper would not know, and country codes as the country's name.

#[path = "audit_support/mod.rs"]
mod support;

use lottrace_core::audit::Check;
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::lang::Lang;
use lottrace_core::trace::{self, FieldValue, TraceInput, TraceView};
use support::*;

fn pack_a_view(lang: Lang) -> TraceView {
    let events = parse(demo_values());
    let parties = parties();
    trace::build(&TraceInput {
        lot: &pack_a(),
        events: &events,
        parties: &parties,
        policy: &DisclosurePolicy::default(),
        recall: None,
        lang,
    })
    .expect("no cycle")
    .expect("known lot")
}

fn fields<'a>(view: &'a TraceView, key: &'a str) -> impl Iterator<Item = &'a FieldValue> + 'a {
    view.stages
        .iter()
        .flat_map(|s| s.events.iter())
        .flat_map(|e| e.fields.iter())
        .filter(move |f| f.key == key)
}

#[test]
fn a_residue_test_and_the_medicines_say_what_they_mean() {
    for lang in Lang::ALL {
        let view = pack_a_view(lang);
        for key in [
            "treatment.otc_test_passed",
            "treatment.oral_administered",
            "treatment.withdrawal_period",
            "feed.type",
            "farm.country_of_origin",
        ] {
            let f = fields(&view, key)
                .next()
                .unwrap_or_else(|| panic!("{key} shown"));
            let explain = f
                .explain
                .as_deref()
                .unwrap_or_else(|| panic!("{key} {lang:?}"));
            assert!(!explain.is_empty() && explain != f.label, "{key} {lang:?}");
        }
    }
    let view = pack_a_view(Lang::En);
    let otc = fields(&view, "treatment.otc_test_passed").next().unwrap();
    assert!(otc.explain.as_deref().unwrap().contains("antibiotic"));
    // A plain field says nothing more, and the JSON leaves the member out.
    let name = fields(&view, "farm.name").next().unwrap();
    assert_eq!(name.explain, None);
    let json = serde_json::to_value(name).unwrap();
    assert!(json.get("explain").is_none(), "{json}");
}

#[test]
fn the_feed_fishs_country_is_named_in_the_pages_language() {
    let named = |lang| {
        let view = pack_a_view(lang);
        let f = fields(&view, "feed.ingredient_origin")
            .next()
            .expect("shown");
        f.value.clone()
    };
    assert_eq!(named(Lang::En), "Chile");
    assert_eq!(named(Lang::Zh), "智利");
    assert_eq!(named(Lang::Ko), "칠레");
    let view = pack_a_view(Lang::Zh);
    assert!(fields(&view, "farm.country_of_origin").all(|f| f.value == "韩国"));
}

#[test]
fn lots_merged_and_mass_balance_are_explained_under_their_titles() {
    let view = pack_a_view(Lang::En);
    let merged = view
        .stages
        .iter()
        .flat_map(|s| s.events.iter())
        .find(|e| e.biz_step.as_deref() == Some("commingling"))
        .expect("the truck merges the farms' lots");
    assert_eq!(merged.action, "Lots merged");
    assert!(merged
        .action_about
        .as_deref()
        .unwrap()
        .contains("several lots"));
    let shipped = view
        .stages
        .iter()
        .flat_map(|s| s.events.iter())
        .find(|e| e.biz_step.as_deref() == Some("shipping"))
        .unwrap();
    assert_eq!(shipped.action_about, None, "Shipped needs no line");
    for lang in Lang::ALL {
        let view = pack_a_view(lang);
        for a in &view.audits {
            assert!(
                !a.about.is_empty() && a.about != a.title,
                "{:?} {lang:?}",
                a.check
            );
        }
    }
    let mass = view
        .audits
        .iter()
        .find(|a| a.check == Check::MassBalance)
        .unwrap();
    assert!(mass.about.contains("kilograms"), "{}", mass.about);
}
