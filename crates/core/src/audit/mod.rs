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
//!
//! Files: [`types`] (configuration, checks, outcomes, findings, results); [`history`]
//! (the lot's story, shared by the checks); one file per check ([`mass_balance`],
//! [`chain_complete`], [`withdrawal`], [`cold_chain`]); [`run`] (the entry points);
//! [`text`] and [`words`] (the explanations, whose words are in `data/audit-words.json`).
//! What the trace page shows of the audit is built in `crate::trace`: the audit does not
//! depend on the trace.

mod chain_complete;
mod cold_chain;
mod history;
mod mass_balance;
mod run;
mod text;
mod types;
mod withdrawal;
mod words;

pub(crate) use cold_chain::temperature_readings;
pub use cold_chain::{Excursion, Series};
pub use run::{
    chain_complete, cold_chain, mass_balance, run, run_with_series, temperature_series, withdrawal,
};
pub use types::{AuditConfig, AuditInput, AuditResult, Check, Finding, NotComparable, Outcome};
