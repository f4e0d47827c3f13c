//! Property: whatever documents one business sends with its own valid token, another
//! business's lots keep tracing to exactly what they traced to before — their history,
//! ancestry, descendants, corrections, audits and recall state.
//!
//! The attacker (the demo wholesaler, to which nothing was ever sent) sends random mixes
//! of: lots of others created again, transformations into others' lots and out of them
//! (retail packs and upstream lots alike), receiving or observing others' lots at its
//! own location, errorDeclarations of others' events, loops, events at others'
//! locations, private fields. The custody rule refuses every use of a lot not sent to
//! it.

mod support;

use chrono::{Duration, SecondsFormat, Utc};
use lottrace_core::codes::LotKey;
use lottrace_server::demo;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::OnceLock;
use support::*;

struct World {
    rt: tokio::runtime::Runtime,
    server: Server,
    token: String,
    /// Lots of other businesses, with their trace before any attack.
    victims: Vec<(LotKey, Value)>,
    /// Event IDs of other businesses' events, for errorDeclarations.
    their_events: Vec<String>,
}

const ATTACKER: &str = "noryangjin-wholesale";

/// The trace as the property compares it: all of it but what the log's growth changes
/// (a new checkpoint and longer inclusion paths; each event's leaf, disclosures and
/// digests stay what they were).
fn comparable(mut trace: Value) -> Value {
    if let Some(t) = trace.as_object_mut() {
        t.remove("checkpoint");
    }
    if let Some(stages) = trace.get_mut("stages").and_then(Value::as_array_mut) {
        for event in stages
            .iter_mut()
            .filter_map(|s| s.get_mut("events").and_then(Value::as_array_mut))
            .flatten()
        {
            if let Some(proof) = event.get_mut("proof").and_then(Value::as_object_mut) {
                proof.remove("inclusion");
            }
        }
    }
    trace
}

async fn trace(s: &Server, lot: &LotKey) -> Value {
    let (st, body) = s
        .get(&format!("/api/trace/{}", enc(&lot.key())), None)
        .await;
    assert_eq!(st, 200, "{}: {body}", lot.key());
    comparable(body)
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (server, token, victims, their_events) = rt.block_on(async {
            let s = start().await;
            let token = s.token("wholesaler").await;
            let mut lots: Vec<LotKey> = demo::RETAIL_PACKS
                .iter()
                .map(|(gtin, lot)| LotKey::Gtin {
                    gtin: (*gtin).into(),
                    lot: (*lot).into(),
                })
                .collect();
            let mut their_events = Vec::new();
            // The packs' ancestors are other businesses' lots too.
            for pack in lots.clone() {
                let t = trace(&s, &pack).await;
                for a in t["genealogy"]["ancestors"].as_array().into_iter().flatten() {
                    if let Some(k) = a["lot_key"].as_str().and_then(LotKey::parse_key) {
                        if !lots.contains(&k) {
                            lots.push(k);
                        }
                    }
                }
                for st in t["stages"].as_array().into_iter().flatten() {
                    for e in st["events"].as_array().into_iter().flatten() {
                        if let Some(id) = e["event_id"].as_str() {
                            their_events.push(id.to_string());
                        }
                    }
                }
            }
            let mut victims = Vec::new();
            for lot in lots {
                let t = trace(&s, &lot).await;
                victims.push((lot, t));
            }
            (s, token, victims, their_events)
        });
        World {
            rt,
            server,
            token,
            victims,
            their_events,
        }
    })
}

fn own_lot(n: usize) -> LotKey {
    LotKey::Gtin {
        gtin: "08801234000208".into(),
        lot: format!("ATK{n}"),
    }
}

fn place(n: usize) -> Value {
    // Mostly the attacker's own location (which authorises), sometimes a victim's.
    let id = match n {
        0 => "seongsan-farm",
        1 => "bada-fresh",
        _ => ATTACKER,
    };
    let gln = gln_of(id);
    json!({ "id": sgln(&gln) })
}

fn time(hours: usize) -> String {
    (Utc::now() - Duration::hours(hours as i64 + 1)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One event of the attack, from small numbers the strategy draws.
fn attack_event(w: &World, case: u64, i: usize, step: (u8, usize, usize, usize, bool)) -> Value {
    let (kind, a, b, loc, private) = step;
    let victim = |n: usize| w.victims[n % w.victims.len()].0.clone();
    let quantity =
        |l: &LotKey| json!([{ "epcClass": l.epc_class_uri(), "quantity": 5.0, "uom": "KGM" }]);
    let id = format!("urn:uuid:atk-{case}-{i}");
    let mut e = match kind {
        // Create someone else's lot again.
        0 => {
            json!({ "type": "ObjectEvent", "action": "ADD", "quantityList": quantity(&victim(a)) })
        }
        // Transform one of the attacker's lots into someone else's.
        1 => {
            json!({ "type": "TransformationEvent", "inputQuantityList": quantity(&own_lot(a % 6)), "outputQuantityList": quantity(&victim(b)) })
        }
        // Repack someone else's retail pack, never sent to it, into one of its own lots.
        2 => {
            json!({ "type": "TransformationEvent", "inputQuantityList": quantity(&victim(a % demo::RETAIL_PACKS.len())), "outputQuantityList": quantity(&own_lot(b % 6)) })
        }
        // Loops among the attacker's own lots.
        3 => {
            json!({ "type": "TransformationEvent", "inputQuantityList": quantity(&own_lot(a % 6)), "outputQuantityList": quantity(&own_lot(b % 6)) })
        }
        // Declare someone else's event erroneous.
        4 => {
            let target = &w.their_events[a % w.their_events.len().max(1)];
            json!({ "type": "ObjectEvent", "action": "OBSERVE", "eventID": target,
                    "quantityList": quantity(&victim(b)),
                    "errorDeclaration": { "declarationTime": time(0), "reason": "did_not_occur" } })
        }
        // Receive (observe) someone else's lot at its own location, never sent to it.
        5 => {
            json!({ "type": "ObjectEvent", "action": "OBSERVE", "quantityList": quantity(&victim(a)) })
        }
        // Use any lot of someone else's (an upstream one too) as an input.
        6 => {
            json!({ "type": "TransformationEvent", "inputQuantityList": quantity(&victim(a)), "outputQuantityList": quantity(&own_lot(b % 6)) })
        }
        // Create or observe the attacker's own lots, with whatever fields.
        _ => {
            json!({ "type": "ObjectEvent", "action": if a % 2 == 0 { "ADD" } else { "OBSERVE" }, "quantityList": quantity(&own_lot(b % 6)) })
        }
    };
    let obj = e.as_object_mut().expect("object");
    obj.entry("eventID").or_insert(json!(id));
    obj.insert("eventTime".into(), json!(time(b % 48)));
    obj.insert("eventTimeZoneOffset".into(), json!("+00:00"));
    obj.insert(
        "bizStep".into(),
        json!(if matches!(kind, 1..=3 | 6) {
            "repackaging"
        } else {
            "inspecting"
        }),
    );
    obj.insert("readPoint".into(), place(loc));
    obj.insert("bizLocation".into(), place(loc));
    if private {
        obj.insert("lt:treatment.oral_drug_name".into(), json!("attack"));
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn one_business_never_changes_what_another_business_lots_trace_to(
        case in any::<u64>(),
        steps in prop::collection::vec((0u8..8, 0usize..64, 0usize..64, 0usize..5, any::<bool>()), 1..6),
    ) {
        let w = world();
        let events: Vec<Value> = steps.iter().enumerate().map(|(i, s)| attack_event(w, case, i, *s)).collect();
        w.rt.block_on(async {
            let (st, body) = w.server.capture(&w.token, &document(events)).await;
            // Accepted or refused, never a server error.
            assert!(st < 500, "{st}: {body}");
            for (lot, before) in &w.victims {
                let after = trace(&w.server, lot).await;
                assert_eq!(&after, before, "{} changed after {body}", lot.key());
            }
        });
    }
}
