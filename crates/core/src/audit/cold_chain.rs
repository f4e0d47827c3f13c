//! The cold-chain check: temperature readings of the story's events after the farm,
//! against the limit of the product's state; and the temperature logs it reads.

use super::history::History;
use super::types::{AuditInput, AuditResult, Check, Finding, Outcome};
use crate::codes::LotKey;
use crate::epcis::Event;
use crate::fields::Stage;
use crate::party::{party_of, Party};
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

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
fn celsius(r: &crate::epcis::SensorReport) -> Option<Result<f64, ()>> {
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

/// Every temperature reading of an event: its time as recorded (the report's own, else
/// its sensor's) and its value in °C (`Err` when it cannot be read as one).
pub(crate) fn temperature_readings(
    e: &Event,
) -> impl Iterator<Item = (Option<String>, Result<f64, ()>)> + '_ {
    e.sensor_elements().iter().flat_map(|el| {
        let fallback = el
            .sensor_metadata
            .as_ref()
            .and_then(|m| m.time.clone().or_else(|| m.start_time.clone()));
        el.sensor_report.iter().filter_map(move |r| {
            let c = celsius(r)?;
            Some((r.time.clone().or_else(|| fallback.clone()), c))
        })
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

pub(super) fn cold_chain_of(
    input: &AuditInput<'_, '_>,
    h: &History<'_>,
) -> (AuditResult, Vec<Series>) {
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
        for (time, c) in temperature_readings(e) {
            let t = time
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
            match (c, t, time) {
                (Ok(c), Some(t), Some(s)) => readings.push((s, t, c)),
                _ => bad += 1,
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
