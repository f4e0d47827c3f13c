//! The trace card of the embeddable widget: a lot's story in a few lines for a brand's
//! marketing page. Built from the same public [`TraceView`] the trace page shows, so it
//! can never disclose more than the trace API does; the words of the card itself are
//! here too, in the three languages.

use super::{AuditView, ChecksVerdict, RecallView, TraceView};
use crate::audit::{Check, Outcome};
use crate::lang::Lang;

/// What the card shows, in one language, every text still unescaped.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceCard {
    pub lang: Lang,
    pub product: Option<String>,
    /// The lot number as printed: the GS1 lot, the guideline's 13 digits, or the SSCC.
    pub lot_number: String,
    /// Species, origin, production method: the facts a shopper asks first.
    pub facts: Vec<CardFact>,
    /// One line per stage, farm to shelf.
    pub stages: Vec<CardStage>,
    pub badges: Vec<CardBadge>,
    /// What the checks add up to, the recall considered (see [`ChecksVerdict`]): under a
    /// recall the card says [`ChecksVerdict::recalled_text`] and folds the badges away,
    /// none of them shown as passed.
    pub verdict: Option<ChecksVerdict>,
    pub recall: Option<RecallView>,
    /// Path of the full trace page on our host, e.g. `/01/08801234567893/10/L261117A`.
    pub trace_path: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardFact {
    pub label: String,
    /// Distinct values over the lot's history (two farms may name the same species).
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardStage {
    pub label: String,
    /// The businesses of the stage, in order of their first event.
    pub businesses: Vec<String>,
    /// Dates (YYYY-MM-DD, in the event's own offset) of the stage's first and last event.
    pub first_date: String,
    pub last_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardBadge {
    pub check: Check,
    pub outcome: Outcome,
    /// The outcome in words, e.g. "Passed".
    pub outcome_label: String,
    pub title: String,
    pub explanation: String,
}

/// The dictionary fields the card shows as facts, in order; the first disclosed one of
/// each group is taken.
const FACT_FIELDS: [&[&str]; 3] = [
    &["farm.species_scientific_name", "farm.fry_species"],
    &["farm.country_of_origin"],
    &["farm.production_method"],
];

impl TraceCard {
    pub fn of(view: &TraceView) -> TraceCard {
        let lot = &view.lot;
        let lot_number = lot
            .lot
            .clone()
            .or_else(|| lot.lot13.clone())
            .or_else(|| lot.sscc.clone())
            .unwrap_or_else(|| lot.key.clone());
        let events = || view.stages.iter().flat_map(|s| s.events.iter());
        let facts = FACT_FIELDS
            .iter()
            .filter_map(|keys| {
                let key = keys
                    .iter()
                    .find(|k| events().any(|e| e.fields.iter().any(|f| f.key == **k)))?;
                let mut label = String::new();
                let mut values: Vec<&str> = Vec::new();
                for f in events().flat_map(|e| e.fields.iter()) {
                    if f.key == *key {
                        label.clone_from(&f.label);
                        if !values.contains(&f.value.as_str()) {
                            values.push(&f.value);
                        }
                    }
                }
                Some(CardFact {
                    label,
                    value: values.join(", "),
                })
            })
            .collect();
        let stages = view
            .stages
            .iter()
            .filter(|s| !s.events.is_empty())
            .map(|s| {
                let mut businesses: Vec<String> = Vec::new();
                for b in s.events.iter().filter_map(|e| e.business.as_ref()) {
                    if !businesses.contains(b) {
                        businesses.push(b.clone());
                    }
                }
                let date = |t: &str| t.get(..10).unwrap_or(t).to_string();
                CardStage {
                    label: s.label.clone(),
                    businesses,
                    first_date: s.events.first().map(|e| date(&e.time)).unwrap_or_default(),
                    last_date: s.events.last().map(|e| date(&e.time)).unwrap_or_default(),
                }
            })
            .collect();
        let badges = view
            .audits
            .iter()
            .map(|a: &AuditView| CardBadge {
                check: a.check,
                outcome: a.outcome,
                outcome_label: outcome_label(a.outcome, view.lang),
                title: a.title.clone(),
                explanation: a.explanation.clone(),
            })
            .collect();
        TraceCard {
            lang: view.lang,
            product: lot.product.clone(),
            lot_number,
            facts,
            stages,
            badges,
            verdict: view.checks_verdict(),
            recall: view.recall.clone(),
            trace_path: super::path::key_page(&lot.key),
        }
    }
}

/// An audit outcome in words.
pub fn outcome_label(outcome: Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::Pass => lang.pick("통과", "Passed", "通过"),
        Outcome::Warn => lang.pick("주의", "Warning", "注意"),
        Outcome::Fail => lang.pick("불합격", "Failed", "未通过"),
        Outcome::NotApplicable => lang.pick("해당 없음", "Not applicable", "不适用"),
    }
}

/// The card's own words (everything that does not come from the records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardWord {
    /// Small heading above the product name.
    Heading,
    LotNumber,
    KeyStages,
    Checks,
    /// The folded list of the checks, one by one, under a recall.
    EachCheck,
    FullHistory,
    /// Said to screen readers after "full history": the link opens a new tab.
    OpensInNewTab,
    Recalled,
    RecallReason,
    RecallDeclared,
    NotFoundTitle,
    NotFoundHint,
    UnreadableTitle,
    NotALotTitle,
    NotALotHint,
    /// The iframe's title (announced by screen readers on the brand's page).
    FrameTitle,
}

impl CardWord {
    pub fn text(self, lang: Lang) -> String {
        use CardWord::*;
        match self {
            Heading => lang.pick("수산물 이력", "Seafood traceability", "水产品追溯"),
            LotNumber => lang.pick("롯트 번호", "Lot", "批次号"),
            KeyStages => lang.pick("주요 단계", "Key stages", "主要环节"),
            Checks => lang.pick("점검 결과", "Checks", "检查结果"),
            EachCheck => lang.pick("항목별 점검 결과", "Each check", "各项检查结果"),
            FullHistory => lang.pick("전체 이력 보기", "Full history", "查看完整追溯"),
            OpensInNewTab => lang.pick(
                "(새 탭에서 열림)",
                "(opens in a new tab)",
                "（在新标签页打开）",
            ),
            Recalled => lang.pick(
                "회수 중인 상품입니다. 드시지 마세요.",
                "This product is being recalled. Do not eat it.",
                "该产品正在召回，请勿食用。",
            ),
            RecallReason => lang.pick("사유", "Reason", "原因"),
            RecallDeclared => lang.pick("회수 선언", "Declared", "召回时间"),
            NotFoundTitle => lang.pick(
                "이 롯트의 기록이 없습니다",
                "No records for this lot",
                "没有该批次的记录",
            ),
            NotFoundHint => lang.pick(
                "라벨에 인쇄된 번호를 확인해 주세요.",
                "Check the number printed on the label.",
                "请核对标签上印的编号。",
            ),
            UnreadableTitle => lang.pick(
                "이 코드를 읽을 수 없습니다",
                "This code cannot be read",
                "无法识别此代码",
            ),
            NotALotTitle => lang.pick(
                "롯트를 가리키지 않는 코드입니다",
                "This code does not name a lot",
                "此代码不指向批次",
            ),
            NotALotHint => lang.pick(
                "롯트 번호가 있는 라벨의 코드를 사용해 주세요.",
                "Use the code of a label with the lot number.",
                "请使用带批次号标签上的代码。",
            ),
            FrameTitle => lang.pick("수산물 이력 카드", "Seafood trace card", "水产品追溯卡"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Stage;
    use crate::trace::{EventView, FieldValue, GenealogyView, LotSummary, StageView};

    fn event(time: &str, business: &str, fields: &[(&str, &str)]) -> EventView {
        EventView {
            event_id: format!("e-{time}"),
            time: time.into(),
            biz_step: None,
            action: "x".into(),
            action_about: None,
            lot_key: "01/08801234567893/10/A".into(),
            business: Some(business.into()),
            place: None,
            fields: fields
                .iter()
                .map(|(k, v)| FieldValue {
                    key: (*k).into(),
                    label: format!("label of {k}"),
                    value: (*v).into(),
                    unit: None,
                    explain: None,
                })
                .collect(),
            corrected_by: None,
            after_this_lot: false,
            proof: None,
        }
    }

    #[test]
    fn card_sums_up_stages_facts_and_badges() {
        let view = TraceView {
            lang: Lang::En,
            lot: LotSummary {
                key: "01/08801234567893/10/L%2F1".into(),
                gtin: Some("08801234567893".into()),
                lot: Some("L/1".into()),
                lot13: None,
                sscc: None,
                element_string: String::new(),
                product: Some("Flounder sashimi".into()),
            },
            stages: vec![StageView {
                stage: Stage::Farm,
                label: "Farm".into(),
                events: vec![
                    event(
                        "2026-03-20T10:00:00+09:00",
                        "Seongsan",
                        &[("farm.fry_species", "flounder")],
                    ),
                    event(
                        "2026-11-16T06:00:00+09:00",
                        "Hallim",
                        &[
                            ("farm.species_scientific_name", "Paralichthys olivaceus"),
                            ("farm.country_of_origin", "Republic of Korea"),
                        ],
                    ),
                    event(
                        "2026-11-16T07:00:00+09:00",
                        "Seongsan",
                        &[("farm.species_scientific_name", "Paralichthys olivaceus")],
                    ),
                ],
            }],
            genealogy: GenealogyView::default(),
            recall: None,
            businesses: vec![],
            audits: vec![AuditView {
                check: Check::ColdChain,
                outcome: Outcome::Fail,
                title: "Cold chain".into(),
                about: String::new(),
                explanation: "Too warm".into(),
            }],
            set_aside: Vec::new(),
            checkpoint: None,
            item: None,
            cold_chain: vec![],
        };
        let card = TraceCard::of(&view);
        assert_eq!(card.lot_number, "L/1");
        assert_eq!(card.trace_path, "/01/08801234567893/10/L%2F1");
        // The scientific name wins over the fry type, and repeats are shown once.
        assert_eq!(card.facts.len(), 2);
        assert_eq!(card.facts[0].value, "Paralichthys olivaceus");
        assert_eq!(card.stages.len(), 1);
        assert_eq!(card.stages[0].businesses, vec!["Seongsan", "Hallim"]);
        assert_eq!(card.stages[0].first_date, "2026-03-20");
        assert_eq!(card.stages[0].last_date, "2026-11-16");
        assert_eq!(card.badges[0].outcome_label, "Failed");
    }

    #[test]
    fn every_card_word_differs_by_language() {
        use CardWord::*;
        for w in [
            Heading,
            LotNumber,
            KeyStages,
            Checks,
            EachCheck,
            FullHistory,
            OpensInNewTab,
            Recalled,
            RecallReason,
            RecallDeclared,
            NotFoundTitle,
            NotFoundHint,
            UnreadableTitle,
            NotALotTitle,
            NotALotHint,
            FrameTitle,
        ] {
            let [ko, en, zh] = Lang::ALL.map(|l| w.text(l));
            assert!(ko != en && en != zh && ko != zh, "{w:?}");
        }
    }
}
