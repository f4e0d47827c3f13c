//! The lots a business holds or has held, for its staff to choose from (`GET /api/lots`):
//! every lot named by an event recorded at the business, and every lot an event sent to
//! it (a `destinationList` naming it, the custody rule's hand-off), with its printed lot
//! number, product and latest quantity. Retracted events (an `errorDeclaration`) count
//! for nothing. Newest first.

use crate::capture_rules::{destination_gln, recorded_at};
use crate::codes::LotKey;
use crate::epcis::Event;
use crate::genealogy::{corrected_event_ids, effective_event_id, lot_quantities};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One lot of a business, as `GET /api/lots` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldLot {
    /// Canonical key, e.g. `01/08801234000208/10/SS2611A` (what forms and labels take).
    pub key: String,
    /// What is printed on the label as the lot: AI 10's value, the guideline's 13-digit
    /// number, or the SSCC.
    pub lot_number: String,
    #[serde(default)]
    pub gtin: Option<String>,
    /// The product name the latest event that made the lot recorded (`…product_name`).
    #[serde(default)]
    pub product: Option<String>,
    /// The quantity of the latest of these events that gave one for the lot.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Its unit (UN/ECE rec. 20: `KGM`, `H87`…), when given.
    #[serde(default)]
    pub unit: Option<String>,
    /// The event time of the latest of these events naming the lot (as written).
    pub last_event_time: String,
}

impl HeldLot {
    /// The field dictionary's unit for the quantity's UN/ECE rec. 20 code (`KGM` → `kg`,
    /// `GRM` → `g`, `H87`/`EA` → `ea`), to show beside it; `None` for any other.
    pub fn dictionary_unit(&self) -> Option<&'static str> {
        match self.unit.as_deref()? {
            "KGM" => Some("kg"),
            "GRM" => Some("g"),
            "H87" | "EA" => Some("ea"),
            _ => None,
        }
    }
}

/// The printed lot number of a lot key.
pub fn lot_number(key: &LotKey) -> String {
    match key {
        LotKey::Gtin { lot, .. } => lot.clone(),
        LotKey::Lot13(n) => n.clone(),
        LotKey::Sscc(n) => n.clone(),
    }
}

/// Whether a lot's printed number (or its key) contains what the person typed, ignoring
/// case, spaces and the punctuation of a key (`/`, `(`, `)`): "ss26" finds `SS2611A`.
pub fn matches_search(lot: &HeldLot, typed: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let t = norm(typed);
    t.is_empty() || norm(&lot.lot_number).contains(&t) || norm(&lot.key).contains(&t)
}

fn product_name(event: &Event) -> Option<String> {
    event
        .ilmd()?
        .iter()
        .find(|(k, _)| k.ends_with(".product_name"))
        .and_then(|(_, v)| v.as_str())
        .map(str::to_owned)
}

/// The lots of the business whose GLN is `gln`, from `events` (its own events and those
/// sent to it; any others are ignored), newest activity first, at most `limit`.
pub fn held_lots(events: &[Event], gln: &str, limit: usize) -> Vec<HeldLot> {
    let retracted = corrected_event_ids(events);
    let mut lots: BTreeMap<String, HeldLot> = BTreeMap::new();
    // Time order (UTC when readable), so "latest" is the last one seen.
    let mut relevant: Vec<&Event> = events
        .iter()
        .filter(|e| e.error_declaration().is_none())
        .filter(|e| !retracted.contains(&effective_event_id(e)))
        .filter(|e| {
            recorded_at(e).as_deref() == Some(gln)
                || e.destination_list()
                    .iter()
                    .any(|d| destination_gln(d).as_deref() == Some(gln))
        })
        .collect();
    let time = |e: &Event| {
        e.event_time_utc()
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| e.event_time().to_owned())
    };
    relevant.sort_by_cached_key(|e| time(e));
    for event in relevant {
        let product = product_name(event);
        let creates = crate::capture_rules::created_lots(event);
        for (key, quantity, unit) in lot_quantities(event) {
            let entry = lots.entry(key.key()).or_insert_with(|| HeldLot {
                key: key.key(),
                lot_number: lot_number(&key),
                gtin: match &key {
                    LotKey::Gtin { gtin, .. } => Some(gtin.clone()),
                    _ => None,
                },
                product: None,
                quantity: None,
                unit: None,
                last_event_time: String::new(),
            });
            entry.last_event_time = event.event_time().to_owned();
            if quantity.is_some() {
                entry.quantity = quantity;
                entry.unit = unit;
            }
            if product.is_some() && creates.contains(&key) {
                entry.product = product.clone();
            }
        }
    }
    let mut out: Vec<(String, HeldLot)> = lots
        .into_values()
        .map(|l| {
            let t = chrono::DateTime::parse_from_rfc3339(&l.last_event_time)
                .map(|t| t.to_utc().to_rfc3339())
                .unwrap_or_else(|_| l.last_event_time.clone());
            (t, l)
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
    out.into_iter().take(limit).map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn keys(lots: &[HeldLot]) -> Vec<&str> {
        lots.iter().map(|l| l.key.as_str()).collect()
    }

    #[test]
    fn a_farm_holds_the_fry_sent_to_it_and_the_lot_it_raised() {
        let events = demo::events().expect("demo chain builds");
        let lots = held_lots(&events, demo::gln_of("seongsan-farm"), 100);
        let k = keys(&lots);
        assert!(k.contains(&"01/08801234000208/10/SS2611A"), "{k:?}");
        // Sent to it by the hatchery (destinationList), before the farm recorded it.
        assert!(k.contains(&"01/08801234000109/10/FRY2603A"), "{k:?}");
        // Never another farm's lot.
        assert!(!k.contains(&"01/08801234000208/10/HL2611B"), "{k:?}");
        let farm = lots
            .iter()
            .find(|l| l.lot_number == "SS2611A")
            .expect("the farm's lot");
        assert_eq!(farm.gtin.as_deref(), Some(demo::LIVE));
        assert!(farm.quantity.is_some_and(|q| q > 0.0), "{farm:?}");
        assert_eq!(farm.unit.as_deref(), Some("KGM"));
        assert_eq!(farm.dictionary_unit(), Some("kg"));
        // Newest activity first.
        let times: Vec<String> = lots
            .iter()
            .map(|l| {
                chrono::DateTime::parse_from_rfc3339(&l.last_event_time)
                    .expect("demo times read")
                    .to_utc()
                    .to_rfc3339()
            })
            .collect();
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted);
    }

    #[test]
    fn the_plant_s_packs_carry_their_product_name_and_a_stranger_holds_nothing() {
        let events = demo::events().expect("demo chain builds");
        let plant = held_lots(&events, demo::gln_of("bada-fresh"), 100);
        let pack = plant
            .iter()
            .find(|l| l.lot_number == "L261117A")
            .expect("the plant's pack lot");
        assert!(pack.product.is_some(), "{pack:?}");
        assert!(held_lots(&events, "8809999999994", 100).is_empty());
        assert_eq!(held_lots(&events, demo::gln_of("bada-fresh"), 1).len(), 1);
    }

    #[test]
    fn a_retracted_event_names_nothing() {
        let mut events = demo::events().expect("demo chain builds");
        let gln = demo::gln_of("halla-hatchery");
        let before = held_lots(&events, gln, 100);
        assert!(!before.is_empty());
        let mut retractions = Vec::new();
        for e in &events {
            if recorded_at(e).as_deref() == Some(gln) {
                let mut v = serde_json::to_value(e).expect("serialises");
                v["errorDeclaration"] =
                    serde_json::json!({ "declarationTime": "2026-12-01T00:00:00Z" });
                retractions.push(serde_json::from_value::<Event>(v).expect("reads back"));
            }
        }
        events.extend(retractions);
        assert!(held_lots(&events, gln, 100).is_empty());
    }

    #[test]
    fn search_reads_the_printed_number_loosely() {
        let lot = HeldLot {
            key: "01/08801234000208/10/SS2611A".into(),
            lot_number: "SS2611A".into(),
            gtin: Some("08801234000208".into()),
            product: None,
            quantity: Some(420.0),
            unit: Some("KGM".into()),
            last_event_time: "2026-11-16T07:00:00+09:00".into(),
        };
        assert!(matches_search(&lot, "ss26"));
        assert!(matches_search(&lot, " SS 2611 "));
        assert!(matches_search(&lot, ""));
        assert!(matches_search(&lot, "(01)08801234000208"));
        assert!(!matches_search(&lot, "HL26"));
    }
}
