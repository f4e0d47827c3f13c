//! The internal-inspection checks (guideline I.6.4) as badges: each opens to its
//! plain-language explanation; a failed check is shown first-class, open and in red.

use crate::shared::i18n::{msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::audit::Outcome;
use lottrace_core::trace::AuditView;

/// How an outcome looks: its CSS class, its word and its icon (a tick, an exclamation
/// mark, a cross, a dash).
fn look(outcome: Outcome) -> (&'static str, Key, &'static str) {
    match outcome {
        Outcome::Pass => ("audit pass", Key::OutcomePass, "m6 12.5 4 4 8-9"),
        Outcome::Warn => ("audit warn", Key::OutcomeWarn, "M12 6v8M12 17.5v.5"),
        Outcome::Fail => ("audit fail", Key::OutcomeFail, "m7 7 10 10M17 7 7 17"),
        Outcome::NotApplicable => ("audit na", Key::OutcomeNa, "M7 12h10"),
    }
}

pub fn audits_view(audits: Vec<AuditView>, ui: Lang) -> Option<AnyView> {
    if audits.is_empty() {
        return None;
    }
    let outcomes: Vec<Outcome> = audits.iter().map(|a| a.outcome).collect();
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
            let (class, word, icon) = look(o);
            view! {
                <li class=class data-check=a.check.as_str()>
                    <details open=o == Outcome::Fail>
                        <summary>
                            <svg class="audit-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                <circle cx="12" cy="12" r="11"/>
                                <path d=icon/>
                            </svg>
                            <span class="audit-title">{a.title}</span>
                            <span class="audit-outcome">{word.get(ui)}</span>
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
