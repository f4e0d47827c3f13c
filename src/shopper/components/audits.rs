//! The internal-inspection checks (guideline I.6.4) as badges: each opens to its
//! plain-language explanation; a failed check is shown first-class, open and in red.
//! Under a recall the checks step back (core's [`ChecksVerdict`]): no verdict, no pass
//! looks passed; one sentence says what the recall means for them, and the checks are
//! folded below it (open only when one failed: a failure is never hidden).

use crate::shared::i18n::{format_celsius, msg, Key, Lang};
use leptos::prelude::*;
use lottrace_core::audit::{Check, Outcome};
use lottrace_core::trace::{AuditView, ChecksVerdict, ColdChainGist};

/// How an outcome looks: its CSS class, its word and its icon (a tick, an exclamation
/// mark, a cross, a dash; a dot for a pass that must not look like one).
fn look(outcome: Outcome, shows_passes: bool) -> (&'static str, Key, &'static str) {
    match outcome {
        Outcome::Pass if !shows_passes => ("audit held", Key::OutcomePass, "M12 12v.5"),
        Outcome::Pass => ("audit pass", Key::OutcomePass, "m6 12.5 4 4 8-9"),
        Outcome::Warn => ("audit warn", Key::OutcomeWarn, "M12 6v8M12 17.5v.5"),
        Outcome::Fail => ("audit fail", Key::OutcomeFail, "m7 7 10 10M17 7 7 17"),
        Outcome::NotApplicable => ("audit na", Key::OutcomeNa, "M7 12h10"),
    }
}

/// The checks' section; `verdict` is the trace's [`ChecksVerdict`] (none: no checks).
/// `cold` is the trace's [`lottrace_core::trace::ColdChainGist`]: the cold-chain check's
/// line says the temperatures it went over.
pub fn audits_view(
    audits: Vec<AuditView>,
    verdict: Option<ChecksVerdict>,
    cold: Option<ColdChainGist>,
    ui: Lang,
) -> Option<AnyView> {
    let verdict = verdict?;
    let cold = cold.map(|g| {
        msg::AuditColdGist {
            low: &format!("{:.1}", g.low_c),
            high: &format_celsius(g.high_c),
            limit: &format_celsius(g.limit_c),
            n: g.readings,
        }
        .text(ui)
    });
    let summary = match verdict {
        ChecksVerdict::Recalled { .. } => Key::AuditsRecalled.get(ui).to_owned(),
        ChecksVerdict::SomeFailed { failed } => msg::AuditsSomeFailed { failed }.text(ui),
        ChecksVerdict::AllPassed { total } => msg::AuditsAllPassed { total }.text(ui),
        ChecksVerdict::SomeWarn { passed, total } => msg::AuditsSomeWarn {
            passed: &passed,
            total,
        }
        .text(ui),
        ChecksVerdict::NothingToCheck => Key::AuditsNothing.get(ui).to_owned(),
    };
    let shows_passes = verdict.shows_passes();
    let items: Vec<AnyView> = audits
        .into_iter()
        .map(|a| {
            let o = a.outcome;
            let (class, word, icon) = look(o, shows_passes);
            let about = (!a.about.is_empty())
                .then(|| view! { <span class="audit-about">{a.about}</span> });
            let gist = (a.check == Check::ColdChain)
                .then(|| cold.clone())
                .flatten()
                .map(|line| view! { <span class="audit-gist">{line}</span> });
            view! {
                <li class=class data-check=a.check.as_str()>
                    <details open=o == Outcome::Fail>
                        <summary>
                            <svg class="audit-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                                <circle cx="12" cy="12" r="11"/>
                                <path d=icon/>
                            </svg>
                            <span class="audit-head">
                                <span class="audit-title">{a.title}</span>
                                {about}
                                {gist}
                            </span>
                            <span class="audit-outcome">{word.get(ui)}</span>
                        </summary>
                        <p>{a.explanation}</p>
                    </details>
                </li>
            }
            .into_any()
        })
        .collect();
    let list = view! {
        <ul class="audit-list">{items}</ul>
        <p class="hint">{Key::ChecksHint.get(ui)}</p>
    };
    let (class, body) = match verdict {
        ChecksVerdict::Recalled { .. } => (
            "card audits is-recalled",
            view! {
                <details class="audits-fold" open=verdict.fold_open()>
                    <summary>{Key::AuditsEach.get(ui)}</summary>
                    {list}
                </details>
            }
            .into_any(),
        ),
        ChecksVerdict::SomeFailed { .. } => ("card audits has-fail", list.into_any()),
        _ => ("card audits", list.into_any()),
    };
    Some(
        view! {
            <section class=class aria-labelledby="audits-h">
                <h2 id="audits-h">{Key::Checks.get(ui)}</h2>
                <p class="audits-summary">{summary}</p>
                {body}
            </section>
        }
        .into_any(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trace page, the kiosk and the widget card say the same sentence under a recall.
    #[test]
    fn the_recall_sentence_is_cores() {
        crate::shared::i18n::register_trace_strings();
        for lang in Lang::ALL {
            assert_eq!(
                Key::AuditsRecalled.get(lang),
                ChecksVerdict::recalled_text(lang),
                "{lang:?}"
            );
        }
    }
}
