//! Item-level codes through real HTTP on a real SQLite file: only the lot's packer issues
//! print runs of unguessable signed serials; the trace of a serial says whether it was
//! issued, whether its signature holds (checked again here with core against the
//! published key set), how often it was checked, and when a check looks like a copy —
//! with an alert for the issuing business only. Bursts of checks are not counted.

mod support;

use lottrace_core::authenticity::{CodeKeySet, SignatureCheck};
use lottrace_core::codes::{identify, ResolverConfig};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::*;

const PACK_GTIN: &str = "08801234567893";
const PACK_LOT: &str = "L261117A";

async fn issue(s: &Server, token: &str, count: u32) -> (u16, Value) {
    s.send_json(
        Method::POST,
        "/api/print-runs",
        Some(token),
        &json!({ "gtin": PACK_GTIN, "lot": PACK_LOT, "count": count }),
    )
    .await
}

/// The code's path and query as the trace API takes it (host dropped).
fn trace_path(link: &str, query: &str) -> String {
    let code = link.split_once("://").map_or(link, |(_, r)| r);
    let code = code.split_once('/').map_or(code, |(_, r)| r);
    format!("/api/trace/{}?{query}", enc(code))
}

#[tokio::test]
async fn the_packer_issues_ten_thousand_distinct_signed_codes_and_nobody_else_may() {
    let s = start().await;
    let [processor, farm, retailer, regulator] = s
        .tokens(["processor", "farm", "retailer", "regulator"])
        .await;
    let (status, run) = issue(&s, &processor, 10_000).await;
    assert_eq!(status, 201, "{run}");
    let codes: Vec<&str> = run["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(codes.len(), 10_000);
    let serials: BTreeSet<String> = codes
        .iter()
        .map(|c| {
            let id = identify(c, &ResolverConfig::default()).expect("a readable code");
            assert_eq!(id.gtin.as_deref(), Some(PACK_GTIN));
            assert_eq!(id.lot.as_deref(), Some(PACK_LOT));
            assert!(
                id.other_ais
                    .iter()
                    .any(|(ai, v)| ai == "8030" && v.len() == 88),
                "{c}"
            );
            id.serial.expect("serial")
        })
        .collect();
    assert_eq!(serials.len(), 10_000, "serials repeat");
    // Not counted: consecutive codes share no long prefix as a counter's would.
    let first: Vec<&String> = serials.iter().take(2).collect();
    assert_ne!(first[0][..6], first[1][..6]);

    for (token, who) in [
        (&farm, "farm"),
        (&retailer, "retailer"),
        (&regulator, "regulator"),
    ] {
        let (status, body) = issue(&s, token, 10).await;
        assert_error(status, &body, 403, "forbidden");
        assert!(
            !body["message"].as_str().unwrap_or("").is_empty(),
            "{who}: {body}"
        );
    }
    let (status, _) = s
        .send_json(
            Method::POST,
            "/api/print-runs",
            None,
            &json!({ "gtin": PACK_GTIN, "lot": PACK_LOT, "count": 1 }),
        )
        .await;
    assert_eq!(status, 401);
    let (status, body) = issue(&s, &processor, 0).await;
    assert_error(status, &body, 400, "invalid_print_run");
    assert_eq!(body["field"], "/count");
    let (status, body) = s
        .send_json(
            Method::POST,
            "/api/print-runs",
            Some(&processor),
            &json!({ "gtin": "08801234567894", "lot": PACK_LOT, "count": 5 }),
        )
        .await;
    assert_error(status, &body, 400, "invalid_print_run");
    assert_eq!(body["field"], "/gtin");
    let (status, body) = s
        .send_json(
            Method::POST,
            "/api/print-runs",
            Some(&processor),
            &json!({ "gtin": PACK_GTIN, "lot": PACK_LOT, "count": 5, "serials": ["A"] }),
        )
        .await;
    assert_error(status, &body, 400, "invalid_body");

    // The run is listed, its CSV and label sheets are the business's own.
    let (status, list) = s.get("/api/print-runs", Some(&processor)).await;
    assert_eq!(status, 200);
    assert_eq!(list["runs"][0]["count"], 10_000);
    let csv_path = run["csv"].as_str().expect("csv link");
    let r = s
        .client
        .get(s.url(csv_path))
        .bearer_auth(&processor)
        .send()
        .await
        .expect("csv");
    assert_eq!(r.status(), 200);
    let csv = r.text().await.expect("text");
    assert_eq!(csv.lines().count(), 10_001);
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.ends_with(codes[0])),
        "{}",
        &csv[..300]
    );
    let (status, _) = s.get(csv_path, Some(&farm)).await;
    assert_eq!(status, 404, "another business's run is not revealed");
    let labels = run["labels"].as_str().expect("labels link");
    let r = s
        .client
        .get(s.url(labels))
        .bearer_auth(&processor)
        .send()
        .await
        .expect("labels");
    assert_eq!(r.status(), 200);
    let sheet = r.text().await.expect("html");
    assert_eq!(sheet.matches("<svg").count(), 240);
    assert_eq!(run["sheets"], 42);
    let (status, body) = s
        .get(&labels.replace("sheet=1", "sheet=43"), Some(&processor))
        .await;
    assert_error(status, &body, 400, "invalid_sheet");

    // The commissioning event is an EPCIS event like any other.
    let (status, events) = s
        .get("/epcis/events?EQ_bizStep=commissioning", Some(&processor))
        .await;
    assert_eq!(status, 200, "{events}");
    let listed = events.to_string();
    assert!(listed.contains(run["event_id"].as_str().expect("event id")));
}

#[tokio::test]
async fn a_serial_trace_says_issued_signed_and_checked_and_flags_forgeries() {
    let s = start().await;
    let processor = s.token("processor").await;
    let (_, run) = issue(&s, &processor, 3).await;
    let link = run["codes"][0].as_str().expect("code").to_string();

    // The signature checks out offline with the published key set.
    let (status, keys) = s.get("/.well-known/lottrace/code-keys.json", None).await;
    assert_eq!(status, 200);
    let keys: CodeKeySet = serde_json::from_value(keys).expect("a key set");
    assert_eq!(keys.keys.len(), 1);
    assert_eq!(
        keys.keys[0].gln.as_deref(),
        Some(gln_of("bada-fresh").as_str())
    );
    let id = identify(&link, &ResolverConfig::default()).expect("code");
    assert!(matches!(
        SignatureCheck::of(&id, &keys, "2026-12-04T00:00:00Z"),
        SignatureCheck::Valid(_)
    ));

    let (status, first) = s.get(&trace_path(&link, "check=1"), None).await;
    assert_eq!(status, 200, "{first}");
    let item = &first["item"];
    assert_eq!(item["issued"], true);
    assert_eq!(item["signature"], "valid");
    assert_eq!(item["signed_by"], "바다싱싱 가공");
    assert_eq!(item["checks"], 1);
    assert!(item["first_checked"]
        .as_str()
        .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()));
    assert_eq!(item["warning"], Value::Null);
    assert_eq!(
        first["lot"]["key"],
        format!("01/{PACK_GTIN}/10/{PACK_LOT}"),
        "the lot's history too"
    );
    assert!(first["stages"].as_array().is_some_and(|s| !s.is_empty()));

    // A burst from one phone: at most three counted; a read without check=1 counts none.
    for _ in 0..6 {
        s.get(&trace_path(&link, "check=1"), None).await;
    }
    let (_, again) = s.get(&trace_path(&link, ""), None).await;
    assert_eq!(again["item"]["checks"], 3);
    assert_eq!(again["item"]["first_checked"], item["first_checked"]);

    // Serial changed, signature kept: never issued, and the signature no longer holds.
    let serial = id.serial.expect("serial");
    let forged = link.replace(&format!("/21/{serial}"), "/21/ZZZZZZZZZZZZ");
    let (status, body) = s.get(&trace_path(&forged, "check=1"), None).await;
    assert_eq!(
        status, 200,
        "the lot is real: its history is shown beside the verdict"
    );
    assert_eq!(body["item"]["issued"], false);
    assert_eq!(body["item"]["signature"], "invalid");
    assert_eq!(body["item"]["warning"], "not_issued");
    // A signature stripped: issued, but unsigned.
    let bare = link.split('?').next().expect("path");
    let (_, body) = s.get(&trace_path(bare, "check=1"), None).await;
    assert_eq!(
        (
            body["item"]["signature"].clone(),
            body["item"]["warning"].clone()
        ),
        (json!("missing"), json!("unsigned"))
    );

    // Lot-level codes answer as before: no item member.
    let (status, lot) = s
        .get(&format!("/api/trace/01/{PACK_GTIN}/10/{PACK_LOT}"), None)
        .await;
    assert_eq!(status, 200);
    assert!(lot.get("item").is_none());
}

#[tokio::test]
async fn a_copy_checked_at_two_stores_warns_and_alerts_only_the_issuer() {
    let s = start().await;
    let [processor, farm] = s.tokens(["processor", "farm"]).await;
    let (_, run) = issue(&s, &processor, 2).await;
    let link = run["codes"][0].as_str().expect("code").to_string();
    let gangnam = gln_of("hanbit-gangnam");
    let mapo = gln_of("pureun-mapo");
    let (_, at_gangnam) = s
        .get(
            &trace_path(&link, &format!("check=1&place={gangnam}")),
            None,
        )
        .await;
    assert_eq!(
        at_gangnam["item"]["warning"],
        Value::Null,
        "{}",
        at_gangnam["item"]
    );
    // A place that is no registered store counts as no place.
    let (_, faked) = s
        .get(&trace_path(&link, "check=1&place=8809999999996"), None)
        .await;
    assert_eq!(faked["item"]["warning"], Value::Null);
    let (_, at_mapo) = s
        .get(&trace_path(&link, &format!("check=1&place={mapo}")), None)
        .await;
    assert_eq!(at_mapo["item"]["warning"], "two_stores");
    let (status, alerts) = s.get("/api/code-alerts", Some(&processor)).await;
    assert_eq!(status, 200);
    let alerts = alerts["alerts"].as_array().expect("alerts").clone();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["warning"], "two_stores");
    assert_eq!(alerts[0]["place"], mapo.as_str());
    let (_, theirs) = s.get("/api/code-alerts", Some(&farm)).await;
    assert_eq!(theirs["alerts"], json!([]));

    // The other pack of the run, checked only at a store its lot never reached.
    let other = run["codes"][1].as_str().expect("code");
    let (_, off) = s
        .get(&trace_path(other, &format!("check=1&place={mapo}")), None)
        .await;
    assert_eq!(off["item"]["warning"], "off_chain");
}

#[tokio::test]
async fn a_pack_checked_at_another_store_after_its_sale_warns_sold_elsewhere() {
    let s = start().await;
    let [processor, retailer] = s.tokens(["processor", "retailer"]).await;
    let (_, run) = issue(&s, &processor, 1).await;
    let link = run["codes"][0].as_str().expect("code").to_string();
    let id = identify(&link, &ResolverConfig::default()).expect("a readable code");
    let serial = id.serial.expect("serial");
    let gangnam = gln_of("hanbit-gangnam");
    let mapo = gln_of("pureun-mapo");

    // On the shelf: checked at Gangnam's kiosk, then sold there (the till's EPCIS event
    // names the pack by its SGTIN EPC URI, not its Digital Link).
    let (_, on_shelf) = s
        .get(
            &trace_path(&link, &format!("check=1&place={gangnam}")),
            None,
        )
        .await;
    assert_eq!(on_shelf["item"]["warning"], Value::Null);
    let sgtin = lottrace_core::codes::epc_sgtin_uri(PACK_GTIN, &serial, 7).expect("sgtin");
    let sale = json!({
        "type": "ObjectEvent",
        "eventID": "urn:uuid:5a1e0000-0000-4000-8000-000000000001",
        "eventTime": hours_ago(1),
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": "retail_selling",
        "disposition": "retail_sold",
        "epcList": [sgtin],
        "readPoint": at("hanbit-gangnam"),
        "bizLocation": at("hanbit-gangnam"),
    });
    let (status, body) = s.capture_all(&retailer, vec![sale]).await;
    assert!(status < 300, "{status} {body}");

    // The buyer checks it at home: nothing is wrong.
    let (_, at_home) = s.get(&trace_path(&link, "check=1"), None).await;
    assert_eq!(
        at_home["item"]["warning"],
        Value::Null,
        "{}",
        at_home["item"]
    );
    // The same code at another store's kiosk is on another pack.
    let (_, at_mapo) = s
        .get(&trace_path(&link, &format!("check=1&place={mapo}")), None)
        .await;
    assert_eq!(at_mapo["item"]["warning"], "sold_elsewhere");
    let (_, alerts) = s.get("/api/code-alerts", Some(&processor)).await;
    let warnings: Vec<&str> = alerts["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .filter_map(|a| a["warning"].as_str())
        .collect();
    assert_eq!(warnings, ["sold_elsewhere"]);
}

#[tokio::test]
async fn a_revoked_code_key_signs_nothing_valid_and_the_next_run_makes_a_new_one() {
    let s = start().await;
    let processor = s.token("processor").await;
    let (_, before) = issue(&s, &processor, 1).await;
    let old_link = before["codes"][0].as_str().expect("code").to_string();
    let (_, first) = s.get(&trace_path(&old_link, ""), None).await;
    assert_eq!(first["item"]["signature"], "valid");

    // The operator's command, run beside the serving process on the same file.
    let revoke = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lottrace-server"))
            .args(["code-key", "revoke", "--db"])
            .arg(&s.db)
            .args(args)
            .output()
            .expect("run lottrace-server")
    };
    let bad_time = revoke(&["--business", "bada-fresh", "--at", "yesterday"]);
    assert!(!bad_time.status.success());
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("--at"));
    let out = revoke(&["--business", "bada-fresh"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    let again = revoke(&["--business", "bada-fresh"]);
    assert!(!again.status.success(), "nothing left to revoke");
    assert!(String::from_utf8_lossy(&again.stderr).contains("no active code key"));

    let (_, keys) = s.get("/.well-known/lottrace/code-keys.json", None).await;
    assert!(keys["keys"][0]["revoked_at"].is_string(), "{keys}");
    let (_, revoked) = s.get(&trace_path(&old_link, ""), None).await;
    assert_eq!(revoked["item"]["signature"], "invalid");
    assert_eq!(revoked["item"]["warning"], "bad_signature");

    // The running server signs the next run with a new key, which checks out.
    let (status, after) = issue(&s, &processor, 1).await;
    assert_eq!(status, 201, "{after}");
    let new_link = after["codes"][0].as_str().expect("code");
    let (_, fresh) = s.get(&trace_path(new_link, ""), None).await;
    assert_eq!(fresh["item"]["signature"], "valid", "{}", fresh["item"]);
    let (_, keys) = s.get("/.well-known/lottrace/code-keys.json", None).await;
    let keys: CodeKeySet = serde_json::from_value(keys).expect("a key set");
    assert_eq!(keys.keys.len(), 2);
    assert_eq!(
        keys.keys.iter().filter(|k| k.revoked_at.is_none()).count(),
        1
    );
}
