//! The texts of the audit: check titles, the one-paragraph explanation of a result and
//! the sentence for each finding, in Korean, English and Chinese. The words themselves
//! are in `data/audit-words.json` (see [`super::words`]); this file picks the message and
//! fills its placeholders.

use super::types::{AuditResult, Check, Finding, NotComparable, Outcome};
use super::words::say;
use crate::fields::Stage;
use crate::lang::Lang;
use crate::lot_pattern::LotPattern;

impl Check {
    pub fn title(self, lang: Lang) -> String {
        match self {
            Check::MassBalance => say(lang, "check.mass_balance", &[]),
            Check::ChainComplete => say(lang, "check.chain_complete", &[]),
            Check::Withdrawal => say(lang, "check.withdrawal", &[]),
            Check::ColdChain => say(lang, "check.cold_chain", &[]),
        }
    }

    /// What the check is, in one line a shopper understands, shown under its title.
    pub fn about(self, lang: Lang) -> String {
        match self {
            Check::MassBalance => say(lang, "about.mass_balance", &[]),
            Check::ChainComplete => say(lang, "about.chain_complete", &[]),
            Check::Withdrawal => say(lang, "about.withdrawal", &[]),
            Check::ColdChain => say(lang, "about.cold_chain", &[]),
        }
    }
}

impl AuditResult {
    /// One paragraph: a summary line, then the findings that explain a warn or fail.
    pub fn explanation(&self, lang: Lang) -> String {
        let summary = match (self.check, self.outcome) {
            (_, Outcome::NotApplicable) => match self.check {
                Check::MassBalance => say(lang, "summary.none.mass_balance", &[]),
                Check::ChainComplete => say(lang, "summary.none.chain_complete", &[]),
                Check::Withdrawal => say(lang, "summary.none.withdrawal", &[]),
                Check::ColdChain => say(lang, "summary.none.cold_chain", &[]),
            },
            (Check::MassBalance, Outcome::Pass) => {
                let n = self.count(|f| matches!(f, Finding::Balanced { .. }));
                say(lang, "summary.pass.mass_balance", &[("n", &n.to_string())])
            }
            (Check::ChainComplete, Outcome::Pass) => say(lang, "summary.pass.chain_complete", &[]),
            (Check::Withdrawal, Outcome::Pass) => say(lang, "summary.pass.withdrawal", &[]),
            (Check::ColdChain, Outcome::Pass) => say(lang, "summary.pass.cold_chain", &[]),
            (_, Outcome::Warn) => say(lang, "summary.warn", &[]),
            (_, Outcome::Fail) => say(lang, "summary.fail", &[]),
        };
        let mut parts = vec![summary];
        let shown: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|(o, f)| {
                *o >= Outcome::Warn
                    || matches!(
                        f,
                        Finding::Excursion {
                            tolerated: true,
                            ..
                        }
                    )
            })
            .map(|(_, f)| f)
            .collect();
        const MAX_SHOWN: usize = 5;
        for f in shown.iter().take(MAX_SHOWN) {
            parts.push(f.text(lang));
        }
        if shown.len() > MAX_SHOWN {
            let more = shown.len() - MAX_SHOWN;
            parts.push(say(lang, "summary.more", &[("more", &more.to_string())]));
        }
        parts.join(" ")
    }

    fn count(&self, f: impl Fn(&Finding) -> bool) -> usize {
        self.findings.iter().filter(|(_, x)| f(x)).count()
    }
}

fn kg(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{r}")
}

fn stage_name(stage: Option<Stage>, lang: Lang) -> String {
    match stage {
        Some(s) => s.labels().get(lang).to_string(),
        None => say(lang, "stage.distribution", &[]),
    }
}

impl Finding {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Finding::Balanced {
                lot, in_kg, out_kg, ..
            } => say(
                lang,
                "finding.balanced",
                &[("lot", lot), ("in", &kg(*in_kg)), ("out", &kg(*out_kg))],
            ),
            Finding::Gain {
                lot, in_kg, out_kg, ..
            } => say(
                lang,
                "finding.gain",
                &[("lot", lot), ("in", &kg(*in_kg)), ("out", &kg(*out_kg))],
            ),
            Finding::Loss {
                lot,
                pattern,
                in_kg,
                out_kg,
            } => {
                let processing = !matches!(pattern, Some(LotPattern::Merge | LotPattern::Split));
                let key = if processing {
                    "finding.loss.processing"
                } else {
                    "finding.loss.regroup"
                };
                say(
                    lang,
                    key,
                    &[("lot", lot), ("in", &kg(*in_kg)), ("out", &kg(*out_kg))],
                )
            }
            Finding::NotComparable { lot, why } => {
                let reason = match why {
                    NotComparable::MissingQuantity => say(lang, "reason.missing_quantity", &[]),
                    NotComparable::Unit { uom: Some(u) } => say(lang, "reason.unit", &[("uom", u)]),
                    NotComparable::Unit { uom: None } => say(lang, "reason.count", &[]),
                    NotComparable::ZeroInput => say(lang, "reason.zero_input", &[]),
                };
                say(
                    lang,
                    "finding.not_comparable",
                    &[("lot", lot), ("reason", &reason)],
                )
            }
            Finding::ReachesFarm { farms } => say(
                lang,
                "finding.reaches_farm",
                &[("farms", &farms.to_string())],
            ),
            Finding::NoFarm { lot } => say(lang, "finding.no_farm", &[("lot", lot)]),
            Finding::OriginMissing { lot } => say(lang, "finding.origin_missing", &[("lot", lot)]),
            Finding::Cycle { lot } => say(lang, "finding.cycle", &[("lot", lot)]),
            Finding::WithdrawalRespected { lot } => {
                say(lang, "finding.withdrawal_respected", &[("lot", lot)])
            }
            Finding::NoDrugs { lot } => say(lang, "finding.no_drugs", &[("lot", lot)]),
            Finding::ShippedTooEarly { lot } => {
                say(lang, "finding.shipped_too_early", &[("lot", lot)])
            }
            Finding::DrugDuringWithdrawal { lot } => {
                say(lang, "finding.drug_during_withdrawal", &[("lot", lot)])
            }
            Finding::Unverifiable { lot, missing } => {
                let what = match missing.as_str() {
                    "last_date" => say(lang, "missing.last_date", &[]),
                    "withdrawal_period" => say(lang, "missing.withdrawal_period", &[]),
                    _ => say(lang, "missing.shipment", &[]),
                };
                say(
                    lang,
                    "finding.unverifiable",
                    &[("lot", lot), ("what", &what)],
                )
            }
            Finding::WithinLimit {
                lot,
                stage,
                limit_c,
                readings,
            } => say(
                lang,
                "finding.within_limit",
                &[
                    ("lot", lot),
                    ("stage", &stage_name(*stage, lang)),
                    ("readings", &readings.to_string()),
                    ("limit", &limit_c.to_string()),
                ],
            ),
            Finding::Excursion {
                lot,
                stage,
                limit_c,
                minutes,
                tolerated,
            } => {
                let key = if *tolerated {
                    "finding.excursion_tolerated"
                } else {
                    "finding.excursion"
                };
                say(
                    lang,
                    key,
                    &[
                        ("lot", lot),
                        ("stage", &stage_name(*stage, lang)),
                        ("limit", &limit_c.to_string()),
                        ("minutes", &minutes.to_string()),
                    ],
                )
            }
            Finding::UnreadableReadings { lot, count } => say(
                lang,
                "finding.unreadable_readings",
                &[("lot", lot), ("count", &count.to_string())],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One finding of every kind and shape, so that every message is formatted.
    fn every_finding() -> Vec<Finding> {
        let lot = || "urn:lot:1".to_string();
        let mut all = vec![
            Finding::Balanced {
                lot: lot(),
                pattern: None,
                in_kg: 10.0,
                out_kg: 9.9,
            },
            Finding::Gain {
                lot: lot(),
                pattern: None,
                in_kg: 10.0,
                out_kg: 12.0,
            },
            Finding::Loss {
                lot: lot(),
                pattern: Some(LotPattern::Merge),
                in_kg: 10.0,
                out_kg: 8.0,
            },
            Finding::Loss {
                lot: lot(),
                pattern: None,
                in_kg: 10.0,
                out_kg: 8.0,
            },
            Finding::ReachesFarm { farms: 2 },
            Finding::NoFarm { lot: lot() },
            Finding::OriginMissing { lot: lot() },
            Finding::Cycle { lot: lot() },
            Finding::WithdrawalRespected { lot: lot() },
            Finding::NoDrugs { lot: lot() },
            Finding::ShippedTooEarly { lot: lot() },
            Finding::DrugDuringWithdrawal { lot: lot() },
            Finding::WithinLimit {
                lot: lot(),
                stage: None,
                limit_c: 5.0,
                readings: 3,
            },
            Finding::WithinLimit {
                lot: lot(),
                stage: Some(Stage::Retail),
                limit_c: 5.0,
                readings: 3,
            },
            Finding::UnreadableReadings {
                lot: lot(),
                count: 2,
            },
        ];
        for why in [
            NotComparable::MissingQuantity,
            NotComparable::Unit {
                uom: Some("LBR".into()),
            },
            NotComparable::Unit { uom: None },
            NotComparable::ZeroInput,
        ] {
            all.push(Finding::NotComparable { lot: lot(), why });
        }
        for missing in ["last_date", "withdrawal_period", "shipment"] {
            all.push(Finding::Unverifiable {
                lot: lot(),
                missing: missing.into(),
            });
        }
        for tolerated in [false, true] {
            all.push(Finding::Excursion {
                lot: lot(),
                stage: None,
                limit_c: 5.0,
                minutes: 40,
                tolerated,
            });
        }
        all
    }

    fn assert_filled(text: &str) {
        assert!(
            !text.contains('{') && !text.contains('}') && !text.is_empty(),
            "unfilled placeholder or empty text: {text:?}"
        );
    }

    #[test]
    fn every_message_is_formatted_with_all_its_placeholders_filled() {
        for lang in Lang::ALL {
            for check in Check::ALL {
                assert_filled(&check.title(lang));
                for outcome in [
                    Outcome::NotApplicable,
                    Outcome::Pass,
                    Outcome::Warn,
                    Outcome::Fail,
                ] {
                    let mut findings: Vec<(Outcome, Finding)> = every_finding()
                        .into_iter()
                        .map(|f| (Outcome::Warn, f))
                        .collect();
                    if outcome != Outcome::Warn {
                        findings.clear();
                    }
                    let r = AuditResult {
                        check,
                        outcome,
                        findings,
                    };
                    assert_filled(&r.explanation(lang));
                }
            }
            for f in every_finding() {
                assert_filled(&f.text(lang));
            }
        }
    }

    #[test]
    fn texts_read_as_before() {
        let f = Finding::Gain {
            lot: "L".into(),
            pattern: None,
            in_kg: 10.0,
            out_kg: 12.345,
        };
        assert_eq!(
            f.text(Lang::En),
            "L: 12.35 kg came out of 10 kg put in; an input may be unrecorded."
        );
        let x = Finding::Excursion {
            lot: "L".into(),
            stage: None,
            limit_c: 5.0,
            minutes: 12,
            tolerated: true,
        };
        assert_eq!(
            x.text(Lang::Ko),
            "L (유통): 기준 5 °C를 잠시(12분) 넘었으나 허용 시간 안입니다."
        );
    }
}
