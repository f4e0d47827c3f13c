//! The permission table of README's "Security" section, cell by cell: every principal
//! tries every action on a small chain of its own (a farm lot F, made into the
//! processor's lot P), and each answer is compared with the table.

mod support;

use chrono::{Duration, SecondsFormat, Utc};
use lottrace_core::codes::LotKey;
use lottrace_core::role::Role;
use lottrace_server::store::{AccountStore, Business, BusinessStore, SqliteStore};
use reqwest::Method;
use serde_json::{json, Value};
use support::*;

/// Columns of the table, in README's order.
const PRINCIPALS: [&str; 7] = [
    "admin",           // the platform operator's admin (global)
    "regulator",       // the regulator
    "processor-admin", // an admin of a business on the chain (the processor)
    "outsider-admin",  // an admin of a business with no records on the chain
    "processor",       // staff of the processor
    "farm",            // staff of the farm (recorded F)
    "anonymous",       // no token
];

/// (action, expected answer per principal). `own` = only the caller's own rows or
/// fields; `full` = everything; `none` = an empty answer.
const TABLE: [(&str, [&str; 7]); 10] = [
    (
        "capture at own location",
        ["201", "403", "201", "201", "201", "201", "401"],
    ),
    (
        "capture at another business's location",
        ["201", "403", "403", "403", "403", "403", "401"],
    ),
    (
        "declare the farm's event erroneous",
        ["403", "201", "403", "403", "403", "201", "401"],
    ),
    (
        "query the farm's events",
        ["full", "full", "partner", "none", "partner", "full", "401"],
    ),
    (
        "choose the processor's disclosure",
        ["200", "403", "200", "403", "403", "403", "401"],
    ),
    (
        "recall P",
        ["201", "201", "201", "403", "403", "403", "401"],
    ),
    (
        "export P's chain (CSV)",
        ["full", "full", "own", "403", "403", "403", "401"],
    ),
    (
        "read the regulator's recall of P",
        ["200", "200", "200", "404", "403", "403", "401"],
    ),
    (
        "export that recall (CSV)",
        ["full", "full", "own", "404", "403", "403", "401"],
    ),
    (
        "read P's public trace",
        ["200", "200", "200", "200", "200", "200", "200"],
    ),
];

/// The GLN of a demo business, or of the test's own outsider.
fn gln_of(id: &str) -> String {
    if id == "outsider" {
        return "8801234000994".into();
    }
    support::gln_of(id)
}

fn at(business: &str) -> Value {
    json!({ "id": sgln(&gln_of(business)) })
}

fn business_of(principal: &str) -> &'static str {
    match principal {
        "admin" => "lottrace-ops",
        "regulator" => "nfqs",
        "processor-admin" | "processor" => "bada-fresh",
        "outsider-admin" => "outsider",
        _ => "seongsan-farm",
    }
}

fn time() -> String {
    (Utc::now() - Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn event(id: &str, business: &str, lot: &LotKey, action: &str, extra: Value) -> Value {
    let mut e = json!({
        "type": "ObjectEvent", "eventID": id, "eventTime": time(), "eventTimeZoneOffset": "+00:00",
        "action": action, "bizStep": if action == "ADD" { "commissioning" } else { "inspecting" },
        "readPoint": at(business), "bizLocation": at(business),
        "quantityList": [{ "epcClass": lot.epc_class_uri(), "quantity": 10.0, "uom": "KGM" }]
    });
    if let (Some(o), Value::Object(m)) = (e.as_object_mut(), extra) {
        o.extend(m);
    }
    e
}

fn rows_glns(csv_text: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| rec.expect("record").get(9).unwrap_or("").to_string())
        .collect()
}

struct Chain {
    f: LotKey,
    p: LotKey,
    recall: String,
}

async fn setup(s: &Server) -> Chain {
    {
        let store = SqliteStore::open(&s.db).expect("open");
        store
            .upsert_business(&Business {
                id: "outsider".into(),
                name: "관계없는 상회".into(),
                gln: gln_of("outsider"),
                role: Role::Retailer,
                gs1_prefix: None,
                phone: None,
                email: None,
                address: None,
            })
            .expect("business");
        for (user, business) in [
            ("processor-admin", "bada-fresh"),
            ("outsider-admin", "outsider"),
        ] {
            let hash = lottrace_server::auth::hash_password("permission-test").expect("hash");
            store
                .add_user(user, business, Role::Admin, &hash)
                .expect("user");
        }
    }
    let (f, p) = (lot("PERMF"), lot("PERMP"));
    let farm = s.token("farm").await;
    let mut events = vec![
        event("urn:uuid:perm-f", "seongsan-farm", &f, "ADD", json!({})),
        event(
            "urn:uuid:perm-drug",
            "seongsan-farm",
            &f,
            "OBSERVE",
            json!({ "lt:treatment.oral_drug_name": "옥시테트라사이클린" }),
        ),
    ];
    // One event per principal, for it to try declaring erroneous.
    for who in PRINCIPALS {
        events.push(event(
            &format!("urn:uuid:perm-obs-{who}"),
            "seongsan-farm",
            &f,
            "OBSERVE",
            json!({}),
        ));
    }
    events.push(event(
        "urn:uuid:perm-f-shipped",
        "seongsan-farm",
        &f,
        "OBSERVE",
        shipped_to(&gln_of("bada-fresh")),
    ));
    let (st, body) = s.capture(&farm, &document(events)).await;
    assert_eq!(st, 201, "{body}");
    let processor = s.token("processor").await;
    let make = json!({
        "type": "TransformationEvent", "eventID": "urn:uuid:perm-fp", "eventTime": time(),
        "eventTimeZoneOffset": "+00:00", "bizStep": "repackaging",
        "readPoint": at("bada-fresh"), "bizLocation": at("bada-fresh"),
        "inputQuantityList": [{ "epcClass": f.epc_class_uri(), "quantity": 10.0, "uom": "KGM" }],
        "outputQuantityList": [{ "epcClass": p.epc_class_uri(), "quantity": 9.0, "uom": "KGM" }]
    });
    let shipped = event(
        "urn:uuid:perm-p-shipped",
        "bada-fresh",
        &p,
        "OBSERVE",
        shipped_to(&gln_of("hanbit-gangnam")),
    );
    let (st, body) = s.capture_all(&processor, vec![make, shipped]).await;
    assert_eq!(st, 201, "{body}");
    // The store receives P: the recall's export then has rows of two businesses.
    let retailer = s.token("retailer").await;
    let received = event(
        "urn:uuid:perm-received",
        "hanbit-gangnam",
        &p,
        "OBSERVE",
        json!({}),
    );
    let (st, body) = s.capture_all(&retailer, vec![received]).await;
    assert_eq!(st, 201, "{body}");
    let regulator = s.token("regulator").await;
    let (st, body) = s.recall(&regulator, &p.key(), "permission test").await;
    assert_eq!(st, 201, "{body}");
    Chain {
        f,
        p,
        recall: body["id"].as_str().expect("id").to_string(),
    }
}

async fn token_of(s: &Server, principal: &str) -> Option<String> {
    match principal {
        "anonymous" => None,
        "processor-admin" | "outsider-admin" => {
            let (st, body) = s.login(principal, "permission-test").await;
            assert_eq!(st, 200, "{body}");
            body["token"].as_str().map(str::to_string)
        }
        role => Some(s.token(role).await),
    }
}

async fn capture_as(s: &Server, token: Option<&str>, event: Value) -> String {
    let mut req = s
        .client
        .post(s.url("/epcis/capture"))
        .header("content-type", "application/json")
        .body(document(vec![event]).to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send()
        .await
        .expect("capture")
        .status()
        .as_u16()
        .to_string()
}

async fn csv_outcome(s: &Server, token: Option<&str>, path: &str, farm_gln: &str) -> String {
    let mut req = s.client.get(s.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("csv");
    let st = r.status().as_u16();
    if st != 200 {
        return st.to_string();
    }
    let glns = rows_glns(&r.text().await.expect("text"));
    assert!(!glns.is_empty(), "{path}: no rows");
    if glns.iter().any(|g| g == farm_gln) {
        "full".into()
    } else {
        "own".into()
    }
}

async fn perform(
    s: &Server,
    chain: &Chain,
    principal: &str,
    token: Option<&str>,
    action: &str,
) -> String {
    let tag = principal.replace('-', "");
    match action {
        "capture at own location" => {
            let l = lot(&format!(
                "PERM{}",
                tag.to_uppercase().chars().take(8).collect::<String>()
            ));
            capture_as(
                s,
                token,
                event(
                    &format!("urn:uuid:perm-own-{tag}"),
                    business_of(principal),
                    &l,
                    "ADD",
                    json!({}),
                ),
            )
            .await
        }
        "capture at another business's location" => {
            let l = lot(&format!(
                "PERMX{}",
                tag.to_uppercase().chars().take(8).collect::<String>()
            ));
            let other = if business_of(principal) == "hanbit-gangnam" {
                "bada-fresh"
            } else {
                "hanbit-gangnam"
            };
            capture_as(
                s,
                token,
                event(
                    &format!("urn:uuid:perm-other-{tag}"),
                    other,
                    &l,
                    "ADD",
                    json!({}),
                ),
            )
            .await
        }
        "declare the farm's event erroneous" => {
            let mut e = event(
                &format!("urn:uuid:perm-obs-{principal}"),
                "seongsan-farm",
                &chain.f,
                "OBSERVE",
                json!({}),
            );
            // The stored event's time, repeated as EPCIS 2.0 asks; only the declaration is new.
            e["errorDeclaration"] =
                json!({ "declarationTime": time(), "reason": "incorrect_data" });
            capture_as(s, token, e).await
        }
        "query the farm's events" => {
            let (st, body) = s
                .get(
                    &format!(
                        "/epcis/events?MATCH_epcClass={}&perPage=100",
                        enc(&chain.f.epc_class_uri())
                    ),
                    token,
                )
                .await;
            if st != 200 {
                return st.to_string();
            }
            let list = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let drug = list.iter().find(|e| e["eventID"] == "urn:uuid:perm-drug");
            match drug {
                None => "none".into(),
                Some(e) if e.get("lt:treatment.oral_drug_name").is_some() => "full".into(),
                Some(_) => "partner".into(),
            }
        }
        "choose the processor's disclosure" => {
            let mut req = s
                .client
                .request(Method::PUT, s.url("/api/businesses/bada-fresh/disclosure"))
                .json(&json!({ "fields": [] }));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send().await.expect("put").status().as_u16().to_string()
        }
        "recall P" => {
            let mut req = s
                .client
                .post(s.url("/api/recalls"))
                .json(&json!({ "lot": chain.p.key(), "reason": format!("by {principal}") }));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
                .await
                .expect("recall")
                .status()
                .as_u16()
                .to_string()
        }
        "export P's chain (CSV)" => {
            csv_outcome(
                s,
                token,
                &format!("/api/lots/{}/export.csv", chain.p.key()),
                &gln_of("seongsan-farm"),
            )
            .await
        }
        "read the regulator's recall of P" => s
            .get(&format!("/api/recalls/{}", chain.recall), token)
            .await
            .0
            .to_string(),
        "export that recall (CSV)" => {
            // The recall reaches P (forward), made by the processor, received by the store.
            csv_outcome(
                s,
                token,
                &format!("/api/recalls/{}/export.csv", chain.recall),
                &gln_of("hanbit-gangnam"),
            )
            .await
        }
        "read P's public trace" => s
            .get(&format!("/api/trace/{}", enc(&chain.p.key())), token)
            .await
            .0
            .to_string(),
        other => panic!("no such action {other}"),
    }
}

#[tokio::test]
async fn every_cell_of_the_permission_table_holds() {
    let s = start().await;
    let chain = setup(&s).await;
    let mut tokens = Vec::new();
    for principal in PRINCIPALS {
        tokens.push(token_of(&s, principal).await);
    }
    let mut wrong = Vec::new();
    for (action, expected) in TABLE {
        for ((principal, want), token) in PRINCIPALS.iter().zip(expected).zip(&tokens) {
            let got = perform(&s, &chain, principal, token.as_deref(), action).await;
            if got != want {
                wrong.push(format!(
                    "{action} × {principal}: expected {want}, got {got}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "cells that do not hold:\n{}",
        wrong.join("\n")
    );
}
