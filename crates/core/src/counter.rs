//! The temperature at a store's fish counter: the latest reading recorded at one place
//! (a GLN, or an SGLN naming a sub-location such as one display case), for the kiosk
//! beside that counter. The guideline asks stores to show trace information at the
//! sales counter linked to the counter's temperature record.

use crate::codes::{
    epc_sgln_uri, identify, validate_gln, CodeError, CodeErrorKind, ResolverConfig,
};
use crate::epcis::Event;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// A place as the store names it: a GLN plus, for a sub-location, its extension (AI 254).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub gln: String,
    pub extension: Option<String>,
}

impl Place {
    /// `urn:epc:id:sgln:…` or a 13-digit GLN (check digit verified).
    pub fn parse(text: &str) -> Result<Place, CodeError> {
        let text = text.trim();
        if text.starts_with("urn:") {
            if !text.starts_with("urn:epc:id:sgln:") {
                return Err(CodeError::new(
                    CodeErrorKind::NotAPlace,
                    "a place is an SGLN URI (urn:epc:id:sgln:…) or a 13-digit GLN",
                ));
            }
            let id = identify(text, &ResolverConfig::default())?;
            let gln = id.gln.ok_or_else(|| {
                CodeError::new(CodeErrorKind::NotAPlace, "this SGLN names no GLN")
            })?;
            let extension = id
                .other_ais
                .into_iter()
                .find(|(ai, _)| ai == "254")
                .map(|(_, v)| v);
            return Ok(Place { gln, extension });
        }
        Ok(Place {
            gln: validate_gln(text)?,
            extension: None,
        })
    }

    /// Every SGLN URI this place can be written as: the URI splits the GLN after the
    /// company prefix, whose length (6–12 digits) the GLN alone does not tell, so a
    /// repository looks the place up under each reading.
    pub fn sgln_uris(&self) -> Vec<String> {
        (6..=12)
            .filter_map(|cp| epc_sgln_uri(&self.gln, self.extension.as_deref(), cp).ok())
            .collect()
    }

    /// Whether an event's `readPoint` / `bizLocation` id is this place.
    pub fn is(&self, location_id: &str) -> bool {
        Place::parse(location_id).is_ok_and(|p| p == *self)
    }
}

/// One temperature reading at a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub celsius: f64,
    /// As recorded (RFC 3339, the place's own offset).
    pub time: String,
    #[serde(rename = "eventID")]
    pub event_id: Option<String>,
}

/// The latest temperature reading of the events recorded at `place` (as `readPoint` or
/// `bizLocation`), in °C whatever unit the sensor reported in. Readings without a
/// usable time or unit are skipped: a reading of unknown age is no reading to show.
pub fn latest_reading(events: &[Event], place: &Place) -> Option<Reading> {
    let mut best: Option<(DateTime<FixedOffset>, Reading)> = None;
    for e in events {
        let here = [e.read_point(), e.biz_location()]
            .into_iter()
            .flatten()
            .any(|id| place.is(id));
        if !here || e.error_declaration().is_some() {
            continue;
        }
        for (time, celsius) in crate::audit::temperature_readings(e) {
            let (Ok(celsius), Some(time)) = (celsius, time) else {
                continue;
            };
            let Ok(at) = DateTime::parse_from_rfc3339(&time) else {
                continue;
            };
            if best.as_ref().is_none_or(|(t, _)| at > *t) {
                let reading = Reading {
                    celsius,
                    time,
                    event_id: e.event_id().map(str::to_owned),
                };
                best = Some((at, reading));
            }
        }
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reading_event(location: &str, readings: serde_json::Value) -> Event {
        serde_json::from_value(json!({
            "type": "ObjectEvent",
            "eventID": "urn:uuid:00000000-0000-4000-8000-000000000001",
            "eventTime": "2026-11-18T10:42:00+09:00",
            "eventTimeZoneOffset": "+09:00",
            "action": "OBSERVE",
            "bizStep": "sensor_reporting",
            "readPoint": { "id": location },
            "sensorElementList": [{ "sensorReport": readings }]
        }))
        .expect("event")
    }

    #[test]
    fn places_parse_from_sgln_or_gln() {
        let p = Place::parse("urn:epc:id:sgln:8801234.00006.1").expect("sgln");
        assert_eq!(p.gln, "8801234000062");
        assert_eq!(p.extension.as_deref(), Some("1"));
        let g = Place::parse(" 8801234000062 ").expect("gln");
        assert_eq!(g.extension, None);
        assert!(g.is("urn:epc:id:sgln:8801234.00006.0"));
        assert!(!g.is("urn:epc:id:sgln:8801234.00006.1"));
        assert!(g
            .sgln_uris()
            .contains(&"urn:epc:id:sgln:8801234.00006.0".to_owned()));
        assert!(p
            .sgln_uris()
            .contains(&"urn:epc:id:sgln:8801234.00006.1".to_owned()));
        assert_eq!(
            Place::parse("8801234000063").map_err(|e| e.code),
            Err(CodeErrorKind::CheckDigit)
        );
        assert_eq!(
            Place::parse("urn:epc:id:sgtin:0614141.112345.400").map_err(|e| e.code),
            Err(CodeErrorKind::NotAPlace)
        );
    }

    #[test]
    fn the_latest_reading_at_the_place_wins_in_celsius() {
        let counter = "urn:epc:id:sgln:8801234.00006.1";
        let events = vec![
            reading_event(
                counter,
                json!([
                    { "type": "Temperature", "value": 2.4, "uom": "CEL", "time": "2026-11-18T10:30:00+09:00" },
                    // Fahrenheit, and the latest (01:42 UTC = 10:42 KST).
                    { "type": "Temperature", "value": 35.24, "uom": "FAH", "time": "2026-11-18T01:42:00Z" },
                    { "type": "Humidity", "value": 80.0, "uom": "A93", "time": "2026-11-18T11:00:00+09:00" },
                    { "type": "Temperature", "value": 9.0, "time": "2026-11-18T11:00:00+09:00" },
                ]),
            ),
            reading_event(
                "urn:epc:id:sgln:8801234.00006.2",
                json!([
                    { "type": "Temperature", "value": 7.0, "uom": "CEL", "time": "2026-11-18T12:00:00+09:00" },
                ]),
            ),
        ];
        let place = Place::parse(counter).expect("place");
        let r = latest_reading(&events, &place).expect("reading");
        assert!((r.celsius - 1.8).abs() < 1e-9, "{}", r.celsius);
        assert_eq!(r.time, "2026-11-18T01:42:00Z");
        let none = Place::parse("8801234000017").expect("place");
        assert_eq!(latest_reading(&events, &none), None);
    }
}
