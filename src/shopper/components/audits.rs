//! The internal-inspection checks (guideline I.6.4) as badges: each opens to its
//! plain-language explanation; a failed check is shown first-class, open and in red.

use crate::shared::i18n::{msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::AuditView;

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Pass,
    Warn,
    Fail,
    NotApplicable,
}

impl Outcome {
    fn parse(s: &str) -> Outcome {
        match s {
            "pass" => Outcome::Pass,
            "fail" => Outcome::Fail,
            "not_applicable" => Outcome::NotApplicable,
            // Anything unknown is not silently a pass.
            _ => Outcome::Warn,
        }
    }
    fn class(self) -> &'static str {
        match self {
            Outcome::Pass => "audit pass",
            Outcome::Warn => "audit warn",
            Outcome::Fail => "audit fail",
            Outcome::NotApplicable => "audit na",
        }
    }
    fn word(self) -> Key {
        match self {
            Outcome::Pass => Key::OutcomePass,
            Outcome::Warn => Key::OutcomeWarn,
            Outcome::Fail => Key::OutcomeFail,
            Outcome::NotApplicable => Key::OutcomeNa,
        }
    }
    /// The icon's path: a tick, an exclamation mark, a cross, a dash.
    fn path(self) -> &'static str {
        match self {
            Outcome::Pass => "m6 12.5 4 4 8-9",
            Outcome::Warn => "M12 6v8M12 17.5v.5",
            Outcome::Fail => "m7 7 10 10M17 7 7 17",
            Outcome::NotApplicable => "M7 12h10",
        }
    }
}

pub fn audits_view(audits: Vec<AuditView>, ui: Lang) -> Option<AnyView> {
    if audits.is_empty() {
        return None;
    }
    let outcomes: Vec<Outcome> = audits.iter().map(|a| Outcome::parse(&a.outcome)).collect();
    let applicable = outcomes
        .iter()
        .filter(|o| **o != Outcome::NotApplicable)
        .count();
    let passed = outcomes.iter().filter(|o| **o == Outcome::Pass).count();
    let failed = outcomes.iter().filter(|o| **o == Outcome::Fail).count();
    let summary = if failed > 0 {
        msg::AuditsSomeFailed { failed }.text(ui)
    } else if passed == applicable {
        msg::AuditsAllPassed { total: applicable }.text(ui)
    } else {
        msg::AuditsSomeWarn {
            passed: &passed,
            total: applicable,
        }
        .text(ui)
    };
    let items: Vec<AnyView> = audits
        .into_iter()
        .zip(outcomes)
        .map(|(a, o)| {
            view! {
                <li class=o.class() data-check=a.check>
                    <details open=o == Outcome::Fail>
                        <summary>
                            <svg class="audit-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                <circle cx="12" cy="12" r="11"/>
                                <path d=o.path()/>
                            </svg>
                            <span class="audit-title">{a.title}</span>
                            <span class="audit-outcome">{o.word().get(ui)}</span>
                        </summary>
                        <p>{a.explanation}</p>
                    </details>
                </li>
            }
            .into_any()
        })
        .collect();
    let class = if failed > 0 {
        "card audits has-fail"
    } else {
        "card audits"
    };
    Some(
        view! {
            <section class=class aria-labelledby="audits-h">
                <h2 id="audits-h">{Key::Checks.get(ui)}</h2>
                <p class="audits-summary">{summary}</p>
                <ul class="audit-list">{items}</ul>
                <p class="hint">{Key::ChecksHint.get(ui)}</p>
            </section>
        }
        .into_any(),
    )
}
