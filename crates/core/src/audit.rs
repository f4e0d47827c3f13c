//! Internal-inspection checks (guideline I.6.4 내부검사) over a lot and its genealogy:
//! "작업이 정해진 순서에 따라 실시되고 있는지, 식품과 그 정보를 추적·역추적할 수 있는지 …
//! 작업 전후과정에서 식품의 중량(수량) 증감도 체크". Each check gives pass / warn / fail /
//! not_applicable with an explanation in Korean, English and Chinese.
//!
//! The lot's *story* is the events that create or observe the lot or one of its ancestors
//! (events that merely consume them belong to other lots' stories).
//!
//! - **mass_balance** — every merge, split and process step of the story: kg in vs kg
//!   out, all outputs counted (a declared by-product balances a process step). Within
//!   the tolerance (default 2 %) it passes. More out than in always fails (mass from
//!   nowhere means an unrecorded input). Less out than in fails for merge and split,
//!   which only regroup fish, and warns for processing (heat, freeze, dry), where water
//!   and trimmings are lost unless declared. Quantities that are missing, not finite,
//!   not in kilograms (`KGM`), or a zero input cannot be compared: warn, saying why.
//!   Not mass-balance steps: farming — stocking fry and growing them (bizStep
//!   `hatching`, `farmHarvest`, or any transformation recorded by a hatchery or farm),
//!   where the fish are expected to gain weight.
//! - **chain_complete** — every path back from the lot reaches a farm lot: one created
//!   by a business whose role is farm ([`crate::party::party_of`]) or harvested with the
//!   GDST `farmHarvest` step. A path ending elsewhere fails; an input lot whose origin
//!   was never recorded is reported (warn when the farm is still reached on every path);
//!   a cycle fails.
//! - **withdrawal** — for every farm lot of the history: the fish left the farm (first
//!   harvest / shipping event of the farm lot, or the first event consuming it) no
//!   earlier than the last drug treatment (`treatment.oral_last_date`,
//!   `treatment.bath_last_date`) plus the withdrawal period (`treatment.withdrawal_period`,
//!   days; whole calendar days in the shipment's own time zone). A record saying a drug
//!   was given during the withdrawal period (`treatment.drug_during_withdrawal`) fails.
//!   The guideline's eco-friendly standard is stricter (twice the period, and at least
//!   two weeks even for drugs without one): set [`AuditConfig::eco_friendly`]. The
//!   explanation never states the treatment dates: they are private fields.
//! - **cold_chain** — temperature readings (`sensorElementList`, type Temperature, in
//!   CEL, FAH or KEL) of the story's events after the farm (farm water temperature is a
//!   rearing record, not cold chain). The limit depends on the product's state, read
//!   from the event's own fields (`transport.product_state`, `transport.vehicle_type`,
//!   `*.product_form`, `processing.receiving_form`) or else from other events on the
//!   same lot; unknown state gets the chilled limit. An excursion is the time from the
//!   first reading above the limit to the next reading back within it; longer than the
//!   allowance (default 30 min) fails, shorter ones are tolerated and mentioned.
//!   Defaults: live fish 15 °C (the guideline sets no figure for live transport, only
//!   "스트레스를 최소화"; live flounder travels in chilled sea water well below this),
//!   chilled 5 °C, frozen −18 °C. Explanations give the limit and durations, never the
//!   readings themselves (transport temperatures are a `selectable` field).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codes::LotKey;
use crate::disclosure::DisclosurePolicy;
use crate::epcis::Event;
use crate::fields::{Dictionary, EpcisPlace, Stage};
use crate::genealogy::{effective_event_id, Genealogy, GenealogyError};
use crate::lang::Lang;
use crate::lot_pattern::LotPattern;
use crate::party::{party_of, Party};
use crate::trace::{AuditView, ExcursionView, TemperaturePoint, TemperatureSeries};

/// Tunable limits of the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditConfig {
    /// Allowed relative difference between kg in and kg out (0.02 = 2 %).
    pub mass_tolerance: f64,
    /// Upper temperature limits by product state, °C.
    pub live_limit_c: f64,
    pub chilled_limit_c: f64,
    pub frozen_limit_c: f64,
    /// How long a temperature may stay above its limit before the check fails.
    pub max_excursion_minutes: i64,
    /// The guideline's eco-friendly standard (친환경 수산물): ship only after twice the
    /// withdrawal period, and at least 14 days after any drug.
    pub eco_friendly: bool,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            mass_tolerance: 0.02,
            live_limit_c: 15.0,
            chilled_limit_c: 5.0,
            frozen_limit_c: -18.0,
            max_excursion_minutes: 30,
            eco_friendly: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    MassBalance,
    ChainComplete,
    Withdrawal,
    ColdChain,
}

impl Check {
    pub const ALL: [Check; 4] = [
        Check::MassBalance,
        Check::ChainComplete,
        Check::Withdrawal,
        Check::ColdChain,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Check::MassBalance => "mass_balance",
            Check::ChainComplete => "chain_complete",
            Check::Withdrawal => "withdrawal",
            Check::ColdChain => "cold_chain",
        }
    }
    pub fn title(self, lang: Lang) -> String {
        match self {
            Check::MassBalance => pick(lang, "중량 수지", "Mass balance", "质量平衡"),
            Check::ChainComplete => {
                pick(lang, "이력 연결", "Chain of custody complete", "追溯链完整")
            }
            Check::Withdrawal => pick(
                lang,
                "휴약기간 준수",
                "Drug withdrawal period",
                "休药期遵守",
            ),
            Check::ColdChain => pick(lang, "온도 관리", "Cold chain", "冷链温控"),
        }
    }
}

/// Ordered from best to worst so that `max` gives the overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    NotApplicable,
    Pass,
    Warn,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotApplicable => "not_applicable",
            Outcome::Pass => "pass",
            Outcome::Warn => "warn",
            Outcome::Fail => "fail",
        }
    }
}

/// Why two masses could not be compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum NotComparable {
    MissingQuantity,
    /// Not kilograms; the unit as recorded (`None` = a count).
    Unit {
        uom: Option<String>,
    },
    ZeroInput,
}

/// One observation of a check, with only data that may be public (lot keys, kg, limits,
/// durations); texts in three languages via [`Finding::text`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    Balanced {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    Gain {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    Loss {
        lot: String,
        pattern: Option<LotPattern>,
        in_kg: f64,
        out_kg: f64,
    },
    NotComparable {
        lot: String,
        why: NotComparable,
    },
    ReachesFarm {
        farms: usize,
    },
    NoFarm {
        lot: String,
    },
    OriginMissing {
        lot: String,
    },
    Cycle {
        lot: String,
    },
    WithdrawalRespected {
        lot: String,
    },
    NoDrugs {
        lot: String,
    },
    ShippedTooEarly {
        lot: String,
    },
    DrugDuringWithdrawal {
        lot: String,
    },
    Unverifiable {
        lot: String,
        missing: String,
    },
    WithinLimit {
        lot: String,
        stage: Option<Stage>,
        limit_c: f64,
        readings: usize,
    },
    Excursion {
        lot: String,
        stage: Option<Stage>,
        limit_c: f64,
        minutes: i64,
        tolerated: bool,
    },
    UnreadableReadings {
        lot: String,
        count: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditResult {
    pub check: Check,
    pub outcome: Outcome,
    /// What the check saw, each with its own outcome.
    pub findings: Vec<(Outcome, Finding)>,
}

impl AuditResult {
    fn new(check: Check, findings: Vec<(Outcome, Finding)>) -> Self {
        let outcome = findings
            .iter()
            .map(|(o, _)| *o)
            .max()
            .unwrap_or(Outcome::NotApplicable);
        AuditResult {
            check,
            outcome,
            findings,
        }
    }

    /// One paragraph: a summary line, then the findings that explain a warn or fail.
    pub fn explanation(&self, lang: Lang) -> String {
        let summary = match (self.check, self.outcome) {
            (_, Outcome::NotApplicable) => match self.check {
                Check::MassBalance => pick(
                    lang,
                    "통합·분할·가공 기록이 없습니다.",
                    "No merge, split or processing step to check.",
                    "没有可核对的合并、拆分或加工记录。",
                ),
                Check::ChainComplete => pick(
                    lang,
                    "확인할 이력이 없습니다.",
                    "No history to check.",
                    "没有可核对的记录。",
                ),
                Check::Withdrawal => pick(
                    lang,
                    "약품 투여 기록이 없습니다.",
                    "No drug treatment records.",
                    "没有用药记录。",
                ),
                Check::ColdChain => pick(
                    lang,
                    "온도 기록이 없습니다.",
                    "No temperature records.",
                    "没有温度记录。",
                ),
            },
            (Check::MassBalance, Outcome::Pass) => {
                let n = self.count(|f| matches!(f, Finding::Balanced { .. }));
                match lang {
                    Lang::Ko => format!("통합·분할·가공 {n}건 모두 투입량과 산출량이 허용 오차 안에서 일치합니다."),
                    Lang::En => format!("All {n} merge, split and processing steps balance: kg out matches kg in within tolerance."),
                    Lang::Zh => format!("全部 {n} 个合并、拆分和加工步骤投入与产出重量在允许误差内一致。"),
                }
            }
            (Check::ChainComplete, Outcome::Pass) => pick(
                lang,
                "모든 원료 경로가 양식장까지 연결됩니다.",
                "Every source of this lot traces back to a farm.",
                "该批次的所有来源都能追溯到养殖场。",
            ),
            (Check::Withdrawal, Outcome::Pass) => pick(
                lang,
                "양식장 출하는 모두 휴약기간이 지난 뒤에 이루어졌습니다.",
                "Every farm lot left the farm after its drug withdrawal period had ended.",
                "所有养殖批次均在休药期结束后出池。",
            ),
            (Check::ColdChain, Outcome::Pass) => pick(
                lang,
                "기록된 온도가 모두 기준 안에 있습니다.",
                "All recorded temperatures stayed within the limits.",
                "所有记录温度均在限值以内。",
            ),
            (_, Outcome::Warn) => pick(
                lang,
                "확인이 필요한 점이 있습니다.",
                "Some points need checking.",
                "有需要核实的地方。",
            ),
            (_, Outcome::Fail) => pick(
                lang,
                "기준을 벗어난 기록이 있습니다.",
                "A record does not meet the standard.",
                "有记录不符合标准。",
            ),
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
            parts.push(match lang {
                Lang::Ko => format!("외 {more}건."),
                Lang::En => format!("And {more} more."),
                Lang::Zh => format!("另有 {more} 项。"),
            });
        }
        parts.join(" ")
    }

    fn count(&self, f: impl Fn(&Finding) -> bool) -> usize {
        self.findings.iter().filter(|(_, x)| f(x)).count()
    }

    pub fn view(&self, lang: Lang) -> AuditView {
        AuditView {
            check: self.check.as_str().to_string(),
            outcome: self.outcome.as_str().to_string(),
            title: self.check.title(lang),
            explanation: self.explanation(lang),
        }
    }
}

fn pick(lang: Lang, ko: &str, en: &str, zh: &str) -> String {
    lang.pick(ko, en, zh)
}

fn kg(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{r}")
}

fn stage_name(stage: Option<Stage>, lang: Lang) -> String {
    match stage {
        Some(s) => s.labels().get(lang).to_string(),
        None => pick(lang, "유통", "distribution", "流通"),
    }
}

impl Finding {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Finding::Balanced { lot, in_kg, out_kg, .. } => match lang {
                Lang::Ko => format!("{lot}: 투입 {} kg, 산출 {} kg.", kg(*in_kg), kg(*out_kg)),
                Lang::En => format!("{lot}: {} kg in, {} kg out.", kg(*in_kg), kg(*out_kg)),
                Lang::Zh => format!("{lot}：投入 {} 千克，产出 {} 千克。", kg(*in_kg), kg(*out_kg)),
            },
            Finding::Gain { lot, in_kg, out_kg, .. } => match lang {
                Lang::Ko => format!("{lot}: 산출 {} kg이 투입 {} kg보다 많습니다. 기록되지 않은 원료가 있을 수 있습니다.", kg(*out_kg), kg(*in_kg)),
                Lang::En => format!("{lot}: {} kg came out of {} kg put in; an input may be unrecorded.", kg(*out_kg), kg(*in_kg)),
                Lang::Zh => format!("{lot}：产出 {} 千克多于投入 {} 千克，可能有未记录的原料。", kg(*out_kg), kg(*in_kg)),
            },
            Finding::Loss { lot, pattern, in_kg, out_kg } => {
                let processing = !matches!(pattern, Some(LotPattern::Merge | LotPattern::Split));
                match (lang, processing) {
                    (Lang::Ko, false) => format!("{lot}: 투입 {} kg 중 {} kg만 기록되었습니다. 통합·분할에서는 중량이 같아야 합니다.", kg(*in_kg), kg(*out_kg)),
                    (Lang::En, false) => format!("{lot}: only {} kg of {} kg put in is accounted for; a merge or split should keep the weight.", kg(*out_kg), kg(*in_kg)),
                    (Lang::Zh, false) => format!("{lot}：投入 {} 千克中只记录了 {} 千克；合并或拆分应保持重量一致。", kg(*in_kg), kg(*out_kg)),
                    (Lang::Ko, true) => format!("{lot}: 가공 투입 {} kg, 산출 {} kg. 부산물을 기록하지 않은 감량이 있습니다.", kg(*in_kg), kg(*out_kg)),
                    (Lang::En, true) => format!("{lot}: processing turned {} kg into {} kg; the loss is not declared as by-products.", kg(*in_kg), kg(*out_kg)),
                    (Lang::Zh, true) => format!("{lot}：加工投入 {} 千克，产出 {} 千克；损耗未作为副产品记录。", kg(*in_kg), kg(*out_kg)),
                }
            }
            Finding::NotComparable { lot, why } => {
                let reason = match why {
                    NotComparable::MissingQuantity => pick(lang, "수량이 기록되지 않았습니다", "a quantity is missing", "缺少数量"),
                    NotComparable::Unit { uom: Some(u) } => match lang {
                        Lang::Ko => format!("단위 {u}는 kg과 비교할 수 없습니다"),
                        Lang::En => format!("unit {u} is not comparable with kg"),
                        Lang::Zh => format!("单位 {u} 无法与千克比较"),
                    },
                    NotComparable::Unit { uom: None } => pick(lang, "중량이 아닌 개수로 기록되었습니다", "it is recorded as a count, not a weight", "以数量而非重量记录"),
                    NotComparable::ZeroInput => pick(lang, "투입량이 0입니다", "the input weighs nothing", "投入重量为零"),
                };
                match lang {
                    Lang::Ko => format!("{lot}: 중량을 비교할 수 없습니다({reason})."),
                    Lang::En => format!("{lot}: weights cannot be compared ({reason})."),
                    Lang::Zh => format!("{lot}：无法比较重量（{reason}）。"),
                }
            }
            Finding::ReachesFarm { farms } => match lang {
                Lang::Ko => format!("양식장 로트 {farms}개까지 추적됩니다."),
                Lang::En => format!("Traced back to {farms} farm lot(s)."),
                Lang::Zh => format!("可追溯到 {farms} 个养殖批次。"),
            },
            Finding::NoFarm { lot } => match lang {
                Lang::Ko => format!("{lot}: 이 원료는 양식장 기록까지 이어지지 않습니다."),
                Lang::En => format!("{lot}: this source does not lead back to a farm record."),
                Lang::Zh => format!("{lot}：该来源无法追溯到养殖场记录。"),
            },
            Finding::OriginMissing { lot } => match lang {
                Lang::Ko => format!("{lot}: 이 로트의 생산 기록이 없습니다."),
                Lang::En => format!("{lot}: no record of where this lot was made."),
                Lang::Zh => format!("{lot}：没有该批次的生产记录。"),
            },
            Finding::Cycle { lot } => match lang {
                Lang::Ko => format!("{lot}: 통합·분할 기록이 순환합니다(로트가 자기 자신의 원료로 기록됨)."),
                Lang::En => format!("{lot}: the merge and split records form a loop (the lot is recorded as its own source)."),
                Lang::Zh => format!("{lot}：合并与拆分记录形成循环（批次被记录为自身的来源）。"),
            },
            Finding::WithdrawalRespected { lot } => match lang {
                Lang::Ko => format!("{lot}: 휴약기간 이후 출하."),
                Lang::En => format!("{lot}: left the farm after the withdrawal period."),
                Lang::Zh => format!("{lot}：休药期后出池。"),
            },
            Finding::NoDrugs { lot } => match lang {
                Lang::Ko => format!("{lot}: 약품 투여 없음."),
                Lang::En => format!("{lot}: no drugs given."),
                Lang::Zh => format!("{lot}：未用药。"),
            },
            Finding::ShippedTooEarly { lot } => match lang {
                Lang::Ko => format!("{lot}: 휴약기간이 끝나기 전에 출하되었습니다."),
                Lang::En => format!("{lot}: left the farm before the drug withdrawal period had ended."),
                Lang::Zh => format!("{lot}：在休药期结束前出池。"),
            },
            Finding::DrugDuringWithdrawal { lot } => match lang {
                Lang::Ko => format!("{lot}: 휴약기간 중 약품을 투여했다고 기록되었습니다."),
                Lang::En => format!("{lot}: a drug was recorded as given during the withdrawal period."),
                Lang::Zh => format!("{lot}：记录显示休药期内用过药。"),
            },
            Finding::Unverifiable { lot, missing } => {
                let what = match missing.as_str() {
                    "last_date" => pick(lang, "마지막 투약일", "the last treatment date", "最后用药日期"),
                    "withdrawal_period" => pick(lang, "휴약기간", "the withdrawal period", "休药期"),
                    _ => pick(lang, "출하 기록", "the shipment record", "出池记录"),
                };
                match lang {
                    Lang::Ko => format!("{lot}: 약품을 투여했으나 {what}을(를) 확인할 수 없습니다."),
                    Lang::En => format!("{lot}: drugs were given but {what} cannot be read."),
                    Lang::Zh => format!("{lot}：有用药记录，但无法读取{what}。"),
                }
            }
            Finding::WithinLimit { lot, stage, limit_c, readings } => match lang {
                Lang::Ko => format!("{lot} ({}): {readings}회 측정, 모두 {limit_c} °C 이하.", stage_name(*stage, lang)),
                Lang::En => format!("{lot} ({}): {readings} readings, all at or below {limit_c} °C.", stage_name(*stage, lang)),
                Lang::Zh => format!("{lot}（{}）：{readings} 次读数，均不高于 {limit_c} °C。", stage_name(*stage, lang)),
            },
            Finding::Excursion { lot, stage, limit_c, minutes, tolerated } => {
                let st = stage_name(*stage, lang);
                match (lang, tolerated) {
                    (Lang::Ko, false) => format!("{lot} ({st}): {minutes}분 동안 기준 {limit_c} °C를 넘었습니다."),
                    (Lang::En, false) => format!("{lot} ({st}): above the {limit_c} °C limit for {minutes} min."),
                    (Lang::Zh, false) => format!("{lot}（{st}）：超过 {limit_c} °C 限值 {minutes} 分钟。"),
                    (Lang::Ko, true) => format!("{lot} ({st}): 기준 {limit_c} °C를 잠시({minutes}분) 넘었으나 허용 시간 안입니다."),
                    (Lang::En, true) => format!("{lot} ({st}): briefly above {limit_c} °C ({minutes} min), within the allowed time."),
                    (Lang::Zh, true) => format!("{lot}（{st}）：短暂超过 {limit_c} °C（{minutes} 分钟），在允许时间内。"),
                }
            }
            Finding::UnreadableReadings { lot, count } => match lang {
                Lang::Ko => format!("{lot}: 읽을 수 없는 온도 기록 {count}건(단위·시각·값 확인 필요)."),
                Lang::En => format!("{lot}: {count} temperature reading(s) could not be read (unit, time or value)."),
                Lang::Zh => format!("{lot}：{count} 条温度读数无法读取（单位、时间或数值）。"),
            },
        }
    }
}

/// What the checks need.
pub struct AuditInput<'a, 'e> {
    pub lot: &'a LotKey,
    /// Built from every event connected to the lot (see `genealogy::collect_connected`).
    pub genealogy: &'a Genealogy<'e>,
    pub parties: &'a [Party],
    pub config: &'a AuditConfig,
}

/// The lot and its ancestors, or just the lot when the genealogy has a cycle.
struct History<'e> {
    lots: Vec<LotKey>,
    cycle: Option<GenealogyError>,
    /// Events that create or observe a history lot, in input order, once each.
    story: Vec<&'e Event>,
}

fn history<'e>(input: &AuditInput<'_, 'e>) -> History<'e> {
    let g = input.genealogy;
    let (mut lots, cycle) = match g.trace_back(input.lot) {
        Ok(a) => (a.into_iter().map(|a| a.lot).collect::<Vec<_>>(), None),
        Err(e) => (Vec::new(), Some(e)),
    };
    lots.insert(0, input.lot.clone());
    let mut story: Vec<&'e Event> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for lot in &lots {
        for e in g.events_naming(lot) {
            let links = crate::genealogy::EventLinks::of(e);
            let about = links.outputs.iter().any(|(k, _)| lots.contains(k))
                || links.observed.iter().any(|k| lots.contains(k));
            if about && seen.insert(e as *const Event) {
                story.push(e);
            }
        }
    }
    History { lots, cycle, story }
}

/// All four checks, in [`Check::ALL`] order.
pub fn run(input: &AuditInput<'_, '_>) -> Vec<AuditResult> {
    let h = history(input);
    vec![
        mass_balance_of(input, &h),
        chain_complete_of(input, &h),
        withdrawal_of(input, &h),
        cold_chain_of(input, &h).0,
    ]
}

pub fn mass_balance(input: &AuditInput<'_, '_>) -> AuditResult {
    mass_balance_of(input, &history(input))
}
pub fn chain_complete(input: &AuditInput<'_, '_>) -> AuditResult {
    chain_complete_of(input, &history(input))
}
pub fn withdrawal(input: &AuditInput<'_, '_>) -> AuditResult {
    withdrawal_of(input, &history(input))
}
pub fn cold_chain(input: &AuditInput<'_, '_>) -> AuditResult {
    cold_chain_of(input, &history(input)).0
}

fn stage_of(parties: &[Party], event: &Event) -> Option<Stage> {
    party_of(parties, event).and_then(Party::stage)
}

/// Stocking and growing fish: weight gain is the point, not an error.
fn is_farming(parties: &[Party], event: &Event) -> bool {
    matches!(event.biz_step_short(), Some("hatching" | "farmHarvest"))
        || matches!(
            stage_of(parties, event),
            Some(Stage::Farm | Stage::Hatchery)
        )
}

/// Total kg of a list, or why it cannot be had.
fn total_kg(list: &[crate::epcis::QuantityElement]) -> Result<f64, NotComparable> {
    let mut total = 0.0;
    for q in list {
        if q.uom.as_deref() != Some("KGM") {
            return Err(NotComparable::Unit { uom: q.uom.clone() });
        }
        match q.quantity {
            Some(x) if x.is_finite() && x >= 0.0 => total += x,
            _ => return Err(NotComparable::MissingQuantity),
        }
    }
    Ok(total)
}

fn mass_balance_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
    let tol = if input.config.mass_tolerance.is_finite() {
        input.config.mass_tolerance.abs()
    } else {
        AuditConfig::default().mass_tolerance
    };
    let mut findings = Vec::new();
    for &e in &h.story {
        let Event::TransformationEvent(t) = e else {
            continue;
        };
        let (ins, outs) = (
            t.input_quantity_list.as_deref().unwrap_or(&[]),
            t.output_quantity_list.as_deref().unwrap_or(&[]),
        );
        if ins.is_empty() || outs.is_empty() || is_farming(input.parties, e) {
            continue;
        }
        let pattern = LotPattern::of(e);
        // Name the step by the output that belongs to this lot's history.
        let lot = outs
            .iter()
            .filter_map(|q| LotKey::from_epc_uri(&q.epc_class))
            .find(|k| h.lots.contains(k))
            .map(|k| k.key())
            .unwrap_or_else(|| effective_event_id(e));
        let (i, o) = match (total_kg(ins), total_kg(outs)) {
            (Ok(i), Ok(o)) => (i, o),
            (Err(why), _) | (_, Err(why)) => {
                findings.push((Outcome::Warn, Finding::NotComparable { lot, why }));
                continue;
            }
        };
        if i <= 0.0 {
            findings.push((
                Outcome::Warn,
                Finding::NotComparable {
                    lot,
                    why: NotComparable::ZeroInput,
                },
            ));
            continue;
        }
        let rel = (o - i) / i;
        let (l, in_kg, out_kg) = (lot, i, o);
        if rel.abs() <= tol {
            findings.push((
                Outcome::Pass,
                Finding::Balanced {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        } else if rel > 0.0 {
            findings.push((
                Outcome::Fail,
                Finding::Gain {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        } else {
            let strict = matches!(pattern, Some(LotPattern::Merge | LotPattern::Split));
            let outcome = if strict { Outcome::Fail } else { Outcome::Warn };
            findings.push((
                outcome,
                Finding::Loss {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        }
    }
    AuditResult::new(Check::MassBalance, findings)
}

fn is_farm_lot(input: &AuditInput<'_, '_>, lot: &LotKey) -> bool {
    let g = input.genealogy;
    g.creating_events(lot)
        .iter()
        .any(|e| stage_of(input.parties, e) == Some(Stage::Farm))
        || g.events_naming(lot)
            .iter()
            .any(|e| e.biz_step_short() == Some("farmHarvest"))
}

fn chain_complete_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
    let g = input.genealogy;
    let mut findings = Vec::new();
    if let Some(GenealogyError::Cycle(lot)) = &h.cycle {
        findings.push((Outcome::Fail, Finding::Cycle { lot: lot.clone() }));
        return AuditResult::new(Check::ChainComplete, findings);
    }
    if !g.contains(input.lot) {
        return AuditResult::new(Check::ChainComplete, findings);
    }
    // Walk back from the lot, stopping at farm lots; any lot without parents reached on
    // the way is a path that never met a farm.
    let mut farms = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![input.lot.clone()];
    while let Some(lot) = stack.pop() {
        if !seen.insert(lot.clone()) {
            continue;
        }
        if is_farm_lot(input, &lot) {
            farms.insert(lot);
            continue;
        }
        let parents = g.parents_of(&lot);
        if parents.is_empty() {
            findings.push((Outcome::Fail, Finding::NoFarm { lot: lot.key() }));
            if !g.is_created(&lot) {
                findings.push((Outcome::Fail, Finding::OriginMissing { lot: lot.key() }));
            }
        }
        stack.extend(parents.into_iter().cloned());
    }
    // Gaps further back than the farms (e.g. fry never recorded) do not break the
    // chain, but an auditor wants to see them.
    for lot in &h.lots {
        if !seen.contains(lot) && !g.is_created(lot) {
            findings.push((Outcome::Warn, Finding::OriginMissing { lot: lot.key() }));
        }
    }
    if !farms.is_empty() {
        findings.insert(
            0,
            (Outcome::Pass, Finding::ReachesFarm { farms: farms.len() }),
        );
    }
    AuditResult::new(Check::ChainComplete, findings)
}

fn date_of(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| t.date_naive()))
}

fn number_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|x| x.is_finite() && *x >= 0.0)
}

fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => crate::fields::parse_bool(s),
        _ => None,
    }
}

fn withdrawal_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
    let g = input.genealogy;
    let mut findings = Vec::new();
    for lot in h.lots.iter().filter(|l| is_farm_lot(input, l)) {
        let events = g.events_naming(lot);
        let mut given = false;
        let mut any_record = false;
        let mut during = false;
        let mut last: Option<NaiveDate> = None;
        let mut unreadable_date = false;
        let mut period: Option<f64> = None;
        for e in &events {
            for key in ["treatment.oral_administered", "treatment.bath_administered"] {
                if let Some(v) = e.lt_get(key) {
                    any_record = true;
                    given |= bool_of(v).unwrap_or(false);
                }
            }
            for key in ["treatment.oral_last_date", "treatment.bath_last_date"] {
                if let Some(v) = e.lt_get(key).filter(|v| !v.is_null()) {
                    any_record = true;
                    given = true;
                    match date_of(v) {
                        Some(d) => last = last.max(Some(d)),
                        None => unreadable_date = true,
                    }
                }
            }
            if let Some(v) = e.lt_get("treatment.withdrawal_period") {
                any_record = true;
                if let Some(p) = number_of(v) {
                    period = Some(period.map_or(p, |q: f64| q.max(p)));
                }
            }
            if let Some(v) = e.lt_get("treatment.drug_during_withdrawal") {
                any_record = true;
                during |= bool_of(v).unwrap_or(false);
            }
        }
        if !any_record {
            continue;
        }
        let key = lot.key();
        if during {
            findings.push((
                Outcome::Fail,
                Finding::DrugDuringWithdrawal { lot: key.clone() },
            ));
        }
        if !given {
            if !during {
                findings.push((Outcome::Pass, Finding::NoDrugs { lot: key }));
            }
            continue;
        }
        // When the fish left the farm: harvest / shipping of the farm lot, or the first
        // step that used it up, in the shipment's own time zone.
        let left: Option<DateTime<FixedOffset>> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.biz_step_short(),
                    Some("farmHarvest" | "harvesting" | "shipping" | "departing")
                ) || crate::genealogy::EventLinks::of(e)
                    .inputs
                    .iter()
                    .any(|(k, _)| k == lot)
            })
            .filter_map(|e| DateTime::parse_from_rfc3339(e.event_time()).ok())
            .min_by_key(|t| t.with_timezone(&chrono::Utc));
        let Some(left) = left else {
            // Still at the farm: nothing shipped, nothing to check yet.
            continue;
        };
        if unreadable_date {
            findings.push((
                Outcome::Warn,
                Finding::Unverifiable {
                    lot: key.clone(),
                    missing: "last_date".into(),
                },
            ));
        }
        let Some(last) = last else {
            if !unreadable_date {
                findings.push((
                    Outcome::Warn,
                    Finding::Unverifiable {
                        lot: key,
                        missing: "last_date".into(),
                    },
                ));
            }
            continue;
        };
        let Some(period) = period else {
            findings.push((
                Outcome::Warn,
                Finding::Unverifiable {
                    lot: key,
                    missing: "withdrawal_period".into(),
                },
            ));
            continue;
        };
        let mut required = period;
        if input.config.eco_friendly {
            required = (period * 2.0).max(14.0);
        }
        let elapsed = (left.date_naive() - last).num_days() as f64;
        if elapsed < required.ceil() {
            findings.push((Outcome::Fail, Finding::ShippedTooEarly { lot: key }));
        } else if !during {
            findings.push((Outcome::Pass, Finding::WithdrawalRespected { lot: key }));
        }
    }
    AuditResult::new(Check::Withdrawal, findings)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Live,
    Chilled,
    Frozen,
}

fn state_from(v: &str) -> Option<State> {
    Some(match v {
        "live" | "live_tank" => State::Live,
        "chilled_whole" | "fillet" | "sashimi" | "refrigerated" => State::Chilled,
        "frozen" => State::Frozen,
        _ => return None,
    })
}

const STATE_KEYS: [&str; 5] = [
    "transport.product_state",
    "transport.vehicle_type",
    "retail.product_form",
    "processing.product_form",
    "processing.receiving_form",
];

fn state_of_event(e: &Event) -> Option<State> {
    STATE_KEYS
        .iter()
        .filter_map(|k| e.lt_get(k).and_then(Value::as_str))
        .find_map(state_from)
}

/// A temperature reading in °C, if it is one and can be read.
pub(crate) fn celsius(r: &crate::epcis::SensorReport) -> Option<Result<f64, ()>> {
    let ty = r.report_type.as_deref()?;
    if !(ty == "Temperature" || ty.ends_with(":Temperature") || ty.ends_with("/Temperature")) {
        return None;
    }
    let v = r.value.or(r.max_value).or(r.mean_value);
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return Some(Err(()));
    };
    Some(match r.uom.as_deref() {
        Some("CEL") => Ok(v),
        Some("FAH") => Ok((v - 32.0) * 5.0 / 9.0),
        Some("KEL") => Ok(v - 273.15),
        _ => Err(()),
    })
}

/// One event's temperature log, with where it was and what the limit was.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub lot: LotKey,
    pub stage: Option<Stage>,
    pub business_id: Option<String>,
    pub business: Option<String>,
    pub limit_c: f64,
    /// Time-ordered (time as recorded, instant, °C).
    pub readings: Vec<(String, DateTime<FixedOffset>, f64)>,
    pub excursions: Vec<Excursion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Excursion {
    pub from: String,
    pub to: String,
    pub minutes: i64,
    pub max_c: f64,
}

fn cold_chain_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> (AuditResult, Vec<Series>) {
    let cfg = input.config;
    let mut findings = Vec::new();
    let mut all = Vec::new();
    for &e in &h.story {
        if e.sensor_elements().is_empty() {
            continue;
        }
        let party = party_of(input.parties, e);
        let stage = party.and_then(Party::stage);
        if matches!(stage, Some(Stage::Farm | Stage::Hatchery)) {
            continue;
        }
        let links = crate::genealogy::EventLinks::of(e);
        let Some(lot) = links
            .outputs
            .iter()
            .map(|(k, _)| k)
            .chain(links.observed.iter())
            .find(|k| h.lots.contains(k))
            .cloned()
        else {
            continue;
        };
        let mut readings = Vec::new();
        let mut bad = 0usize;
        for el in e.sensor_elements() {
            let fallback = el
                .sensor_metadata
                .as_ref()
                .and_then(|m| m.time.clone().or_else(|| m.start_time.clone()));
            for r in &el.sensor_report {
                let Some(c) = celsius(r) else { continue };
                let time = r.time.clone().or_else(|| fallback.clone());
                let t = time
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
                match (c, t, time) {
                    (Ok(c), Some(t), Some(s)) => readings.push((s, t, c)),
                    _ => bad += 1,
                }
            }
        }
        if bad > 0 {
            findings.push((
                Outcome::Warn,
                Finding::UnreadableReadings {
                    lot: lot.key(),
                    count: bad,
                },
            ));
        }
        if readings.is_empty() {
            continue;
        }
        readings.sort_by_key(|r| r.1.with_timezone(&chrono::Utc));
        let state = state_of_event(e)
            .or_else(|| {
                input
                    .genealogy
                    .events_naming(&lot)
                    .iter()
                    .find_map(|x| state_of_event(x))
            })
            .unwrap_or(State::Chilled);
        let limit_c = match state {
            State::Live => cfg.live_limit_c,
            State::Chilled => cfg.chilled_limit_c,
            State::Frozen => cfg.frozen_limit_c,
        };
        let excursions = excursions(&readings, limit_c);
        for x in &excursions {
            let tolerated = x.minutes <= cfg.max_excursion_minutes;
            findings.push((
                if tolerated {
                    Outcome::Pass
                } else {
                    Outcome::Fail
                },
                Finding::Excursion {
                    lot: lot.key(),
                    stage,
                    limit_c,
                    minutes: x.minutes,
                    tolerated,
                },
            ));
        }
        if excursions.is_empty() {
            findings.push((
                Outcome::Pass,
                Finding::WithinLimit {
                    lot: lot.key(),
                    stage,
                    limit_c,
                    readings: readings.len(),
                },
            ));
        }
        all.push(Series {
            lot,
            stage,
            business_id: party.map(|p| p.id.clone()),
            business: party.map(|p| p.name.clone()),
            limit_c,
            readings,
            excursions,
        });
    }
    (AuditResult::new(Check::ColdChain, findings), all)
}

/// Runs of readings above the limit: from the first reading above to the next reading
/// back within (or the last reading above, if the log ends above).
fn excursions(readings: &[(String, DateTime<FixedOffset>, f64)], limit: f64) -> Vec<Excursion> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < readings.len() {
        if readings[i].2 <= limit {
            i += 1;
            continue;
        }
        let start = i;
        let mut max_c = readings[i].2;
        while i < readings.len() && readings[i].2 > limit {
            max_c = max_c.max(readings[i].2);
            i += 1;
        }
        let end = if i < readings.len() { i } else { i - 1 };
        let minutes = (readings[end].1 - readings[start].1).num_minutes();
        out.push(Excursion {
            from: readings[start].0.clone(),
            to: readings[end].0.clone(),
            minutes,
            max_c,
        });
    }
    out
}

/// The temperature logs of the lot's story, as the chart shows them.
pub fn temperature_series(input: &AuditInput<'_, '_>) -> Vec<Series> {
    cold_chain_of(input, &history(input)).1
}

/// The logs a consumer may see: a log is shown only when its stage's sensor field
/// (`transport.temperature`, `retail.counter_temperature`, …) is public for the business
/// that recorded it under `policy`. A stage without such a field shows nothing.
pub fn public_series(series: &[Series], policy: &DisclosurePolicy) -> Vec<TemperatureSeries> {
    let dict = Dictionary::get();
    series
        .iter()
        .filter(|s| {
            let Some(stage) = s.stage else { return false };
            dict.for_stage(stage)
                .filter(|f| f.epcis == EpcisPlace::Sensor)
                .any(|f| policy.is_public(f, s.business_id.as_deref()))
        })
        .filter_map(|s| {
            Some(TemperatureSeries {
                lot_key: s.lot.key(),
                stage: s.stage?,
                business: s.business.clone(),
                limit_c: s.limit_c,
                readings: s
                    .readings
                    .iter()
                    .map(|(t, _, c)| TemperaturePoint {
                        time: t.clone(),
                        celsius: *c,
                    })
                    .collect(),
                excursions: s
                    .excursions
                    .iter()
                    .map(|x| ExcursionView {
                        from: x.from.clone(),
                        to: x.to.clone(),
                        max_c: x.max_c,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Checks and public chart data in one pass, for the trace page.
pub fn for_trace(
    input: &AuditInput<'_, '_>,
    policy: &DisclosurePolicy,
    lang: Lang,
) -> (Vec<AuditView>, Vec<TemperatureSeries>) {
    let h = history(input);
    let (cold, series) = cold_chain_of(input, &h);
    let results = [
        mass_balance_of(input, &h),
        chain_complete_of(input, &h),
        withdrawal_of(input, &h),
        cold,
    ];
    (
        results.iter().map(|r| r.view(lang)).collect(),
        public_series(&series, policy),
    )
}
