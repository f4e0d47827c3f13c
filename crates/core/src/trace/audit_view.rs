//! The audit as the trace page shows it: each check's result as an [`AuditView`], and
//! the temperature logs a consumer may see. Lives here, not in [`crate::audit`], so that
//! the audit does not depend on the trace's view types.

use super::{AuditView, ExcursionView, TemperaturePoint, TemperatureSeries};
use crate::audit::{AuditInput, AuditResult, Series};
use crate::disclosure::DisclosurePolicy;
use crate::fields::{Dictionary, EpcisPlace};
use crate::lang::Lang;

impl AuditResult {
    pub fn view(&self, lang: Lang) -> AuditView {
        AuditView {
            check: self.check,
            outcome: self.outcome,
            title: self.check.title(lang),
            about: self.check.about(lang),
            explanation: self.explanation(lang),
        }
    }
}

/// The logs a consumer may see: a log is shown only when its stage's sensor field
/// (`transport.temperature`, `retail.counter_temperature`, …) is public for the business
/// that recorded it under `policy`. A stage without such a field shows nothing.
pub(super) fn public_series(
    series: &[Series],
    policy: &DisclosurePolicy,
) -> Vec<TemperatureSeries> {
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
pub(super) fn for_trace(
    input: &AuditInput<'_, '_>,
    policy: &DisclosurePolicy,
    lang: Lang,
) -> (Vec<AuditView>, Vec<TemperatureSeries>) {
    let (results, series) = crate::audit::run_with_series(input);
    (
        results.iter().map(|r| r.view(lang)).collect(),
        public_series(&series, policy),
    )
}
