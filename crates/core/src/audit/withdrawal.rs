//! The drug-withdrawal check: farm lots leave the farm only after the withdrawal period
//! of their last drug treatment.

use super::history::{is_farm_lot, History};
use super::types::{AuditInput, AuditResult, Check, Finding, Outcome};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;

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

pub(super) fn withdrawal_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
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
