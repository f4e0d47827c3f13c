//! What the record checks add up to on a trace, decided once for every surface that shows
//! them (the trace page, the kiosk's lot screen, the widget card).
//!
//! The checks compare the businesses' records with each other; they say nothing about
//! the fish itself. While the lot is recalled, "all checks passed" beside the red banner
//! reads as "safe after all": so a recall overrides the verdict. No surface shows a
//! passed verdict next to a recall, none shows a passed check as passed (no green tick);
//! they say what the recall means for the checks instead, and keep the checks, one by
//! one, folded away for whoever wants to read them: folded shut, unless a check failed
//! (a failure is never hidden; it stays open and red).

use super::{AuditView, TraceView};
use crate::audit::Outcome;

/// The one line a surface says about the checks as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksVerdict {
    /// The lot (or a lot it was made from) is recalled: whatever the checks found, the
    /// recall decides. Said as [`ChecksVerdict::recalled_text`]; `failed` checks failed.
    Recalled { failed: usize },
    /// At least one check failed.
    SomeFailed { failed: usize },
    /// Every applicable check passed.
    AllPassed { total: usize },
    /// Some applicable checks did not pass, none failed.
    SomeWarn { passed: usize, total: usize },
    /// Every check was not applicable: nothing was there to check (not "all 0 passed").
    NothingToCheck,
}

impl ChecksVerdict {
    /// The verdict over `audits` for a lot that is `recalled` or not; `None` when there
    /// are no checks to sum up.
    pub fn of(audits: &[AuditView], recalled: bool) -> Option<ChecksVerdict> {
        if audits.is_empty() {
            return None;
        }
        let count = |o: Outcome| audits.iter().filter(|a| a.outcome == o).count();
        let total = audits.len() - count(Outcome::NotApplicable);
        let passed = count(Outcome::Pass);
        let failed = count(Outcome::Fail);
        Some(if recalled {
            ChecksVerdict::Recalled { failed }
        } else if failed > 0 {
            ChecksVerdict::SomeFailed { failed }
        } else if total == 0 {
            ChecksVerdict::NothingToCheck
        } else if passed == total {
            ChecksVerdict::AllPassed { total }
        } else {
            ChecksVerdict::SomeWarn { passed, total }
        })
    }

    /// Whether a passed check may look passed (green, with a tick). Not under a recall:
    /// there a pass is shown in neutral colours, and only in the folded list.
    pub fn shows_passes(self) -> bool {
        !self.folds_checks()
    }

    /// Whether the checks, one by one, are folded (a `<details>`) below the verdict's
    /// line: under a recall, they are no verdict of their own.
    pub fn folds_checks(self) -> bool {
        matches!(self, ChecksVerdict::Recalled { .. })
    }

    /// Whether the folded checks are open at first: only when one failed (a failure is
    /// never hidden, recall or not).
    pub fn fold_open(self) -> bool {
        matches!(self, ChecksVerdict::Recalled { failed } if failed > 0)
    }

    /// The sentence said instead of a verdict while the lot is recalled (the widget card
    /// says it in these words; the apps have the same words in their Fluent files).
    pub fn recalled_text(lang: crate::lang::Lang) -> String {
        lang.pick(
            "회수 중인 로트이므로, 기록이 점검을 통과했더라도 먹어도 안전하다는 뜻은 아니니 위의 회수 안내를 따르세요.",
            "This lot is recalled: records that pass their checks do not make it safe to eat — follow the recall notice above.",
            "该批次正在召回：记录通过核查并不代表可以安全食用，请按上方的召回通知处理。",
        )
    }
}

/// The cold-chain check's gist, for its line in the checks list ("11.8–12.4 °C, limit
/// 15 °C, 36 readings"): the lowest and highest reading and the number of readings over
/// the same public temperature logs the cold-chain chart draws, and the limit they were
/// held to (the highest of the logs' limits when they differ: each log is checked
/// against its own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColdChainGist {
    pub low_c: f64,
    pub high_c: f64,
    pub limit_c: f64,
    pub readings: usize,
}

impl TraceView {
    /// What the checks add up to on this trace, the recall considered.
    pub fn checks_verdict(&self) -> Option<ChecksVerdict> {
        ChecksVerdict::of(&self.audits, self.recall.is_some())
    }

    /// The gist of the temperature logs shown on the page; `None` without a reading.
    pub fn cold_chain_gist(&self) -> Option<ColdChainGist> {
        let mut gist: Option<ColdChainGist> = None;
        for s in &self.cold_chain {
            for r in s.readings.iter().filter(|r| r.celsius.is_finite()) {
                let g = gist.get_or_insert(ColdChainGist {
                    low_c: r.celsius,
                    high_c: r.celsius,
                    limit_c: s.limit_c,
                    readings: 0,
                });
                g.low_c = g.low_c.min(r.celsius);
                g.high_c = g.high_c.max(r.celsius);
                g.limit_c = g.limit_c.max(s.limit_c);
                g.readings += 1;
            }
        }
        gist
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Check;
    use crate::lang::Lang;
    use crate::trace::{GenealogyView, LotSummary, RecallView, TraceCard};

    fn audit(check: Check, outcome: Outcome) -> AuditView {
        AuditView {
            check,
            outcome,
            title: check.as_str().into(),
            about: String::new(),
            explanation: String::new(),
        }
    }

    fn all(outcome: Outcome) -> Vec<AuditView> {
        Check::ALL.iter().map(|c| audit(*c, outcome)).collect()
    }

    fn view(audits: Vec<AuditView>, recall: Option<RecallView>) -> TraceView {
        TraceView {
            lang: Lang::En,
            lot: LotSummary {
                key: "01/08801234567893/10/L261117A".into(),
                gtin: Some("08801234567893".into()),
                lot: Some("L261117A".into()),
                lot13: None,
                sscc: None,
                element_string: "(01)08801234567893(10)L261117A".into(),
                product: Some("Flounder sashimi".into()),
            },
            stages: vec![],
            genealogy: GenealogyView::default(),
            recall,
            businesses: vec![],
            audits,
            cold_chain: vec![],
            set_aside: vec![],
            checkpoint: None,
            item: None,
        }
    }

    fn recall() -> Option<RecallView> {
        Some(RecallView {
            id: "R-1".into(),
            reason: "Vibrio found in a sample".into(),
            declared_at: "2026-11-20T09:00:00+09:00".into(),
        })
    }

    #[test]
    fn without_a_recall_the_checks_give_their_own_verdict() {
        let v = view(all(Outcome::Pass), None).checks_verdict();
        assert_eq!(v, Some(ChecksVerdict::AllPassed { total: 4 }));
        let v = v.unwrap();
        assert!(v.shows_passes() && !v.folds_checks() && !v.fold_open());

        let mut audits = all(Outcome::Pass);
        audits[1].outcome = Outcome::Fail;
        audits[2].outcome = Outcome::NotApplicable;
        assert_eq!(
            view(audits, None).checks_verdict(),
            Some(ChecksVerdict::SomeFailed { failed: 1 })
        );
        let mut audits = all(Outcome::Pass);
        audits[3].outcome = Outcome::Warn;
        audits[0].outcome = Outcome::NotApplicable;
        assert_eq!(
            ChecksVerdict::of(&audits, false),
            Some(ChecksVerdict::SomeWarn {
                passed: 2,
                total: 3
            })
        );
        assert_eq!(view(vec![], None).checks_verdict(), None);
    }

    #[test]
    fn when_no_check_applies_there_was_nothing_to_check() {
        let v = view(all(Outcome::NotApplicable), None).checks_verdict();
        assert_eq!(v, Some(ChecksVerdict::NothingToCheck));
        let v = v.unwrap();
        assert!(v.shows_passes() && !v.folds_checks() && !v.fold_open());
        // A recall still overrides it.
        assert_eq!(
            view(all(Outcome::NotApplicable), recall()).checks_verdict(),
            Some(ChecksVerdict::Recalled { failed: 0 })
        );
        // One applicable pass among them is a pass, not nothing.
        let mut audits = all(Outcome::NotApplicable);
        audits[0].outcome = Outcome::Pass;
        assert_eq!(
            ChecksVerdict::of(&audits, false),
            Some(ChecksVerdict::AllPassed { total: 1 })
        );
    }

    fn series(limit_c: f64, celsius: &[f64]) -> crate::trace::TemperatureSeries {
        crate::trace::TemperatureSeries {
            lot_key: "01/08801234567893/10/L261117A".into(),
            stage: crate::fields::Stage::Transport,
            business: None,
            limit_c,
            readings: celsius
                .iter()
                .map(|c| crate::trace::TemperaturePoint {
                    time: "2026-11-16T08:00:00+09:00".into(),
                    celsius: *c,
                })
                .collect(),
            excursions: vec![],
        }
    }

    #[test]
    fn the_cold_chain_gist_is_the_charts_range_limit_and_count() {
        let mut v = view(all(Outcome::Pass), None);
        assert_eq!(v.cold_chain_gist(), None, "no log, no line");
        v.cold_chain = vec![
            series(15.0, &[12.0, 11.8, 12.4]),
            series(15.0, &[12.1, f64::NAN]),
        ];
        assert_eq!(
            v.cold_chain_gist(),
            Some(ColdChainGist {
                low_c: 11.8,
                high_c: 12.4,
                limit_c: 15.0,
                readings: 4
            })
        );
        // Logs held to different limits: the line names the highest of them.
        v.cold_chain.push(series(5.0, &[2.5]));
        let g = v.cold_chain_gist().unwrap();
        assert_eq!(
            (g.low_c, g.high_c, g.limit_c, g.readings),
            (2.5, 12.4, 15.0, 5)
        );
        v.cold_chain = vec![series(15.0, &[])];
        assert_eq!(v.cold_chain_gist(), None);
    }

    #[test]
    fn a_recall_overrides_every_verdict_of_the_checks() {
        let mut some_failed = all(Outcome::Pass);
        some_failed[0].outcome = Outcome::Fail;
        for (audits, failed) in [
            (all(Outcome::Pass), 0),
            (all(Outcome::Warn), 0),
            (some_failed, 1),
        ] {
            let v = view(audits, recall()).checks_verdict();
            assert_eq!(v, Some(ChecksVerdict::Recalled { failed }));
            let v = v.unwrap();
            // No pass looks like one, and the checks are folded away; shut, unless a
            // failure would be hidden.
            assert!(!v.shows_passes());
            assert!(v.folds_checks());
            assert_eq!(v.fold_open(), failed > 0);
        }
        // Nothing to fold: no line at all.
        assert_eq!(view(vec![], recall()).checks_verdict(), None);
    }

    #[test]
    fn the_widget_card_takes_the_same_verdict() {
        let card = TraceCard::of(&view(all(Outcome::Pass), recall()));
        assert_eq!(card.verdict, Some(ChecksVerdict::Recalled { failed: 0 }));
        assert_eq!(card.badges.len(), 4, "the checks stay, folded");
        let card = TraceCard::of(&view(all(Outcome::Pass), None));
        assert_eq!(card.verdict, Some(ChecksVerdict::AllPassed { total: 4 }));
    }

    #[test]
    fn the_recall_sentence_is_said_in_each_language() {
        let [ko, en, zh] = Lang::ALL.map(ChecksVerdict::recalled_text);
        assert!(ko != en && en != zh && ko != zh);
        assert!(en.contains("recall") && !en.contains("passed"));
        assert!(ko.contains("회수") && zh.contains("召回"));
    }
}
