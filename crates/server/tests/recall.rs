//! Recalls and FSMA 204 exports through real HTTP on the demo chain.

mod support;

use lottrace_core::trace::FSMA204_COLUMNS;
use reqwest::Method;
use serde_json::{json, Value};
use support::*;

const TRUCK: &str = "01/08801234000208/10/TR261116";
const PACK_A: &str = "01/08801234567893/10/L261117A";
const PACK_B: &str = "01/08801234567893/10/L261117B";
const FARM_A: &str = "01/08801234000208/10/SS2611A";

async fn trace(s: &Server, key: &str) -> (Value, String) {
    let r = s
        .client
        .get(s.url(&format!("/api/trace/{}", enc(key))))
        .send()
        .await
        .expect("trace");
    let etag = header(&r, "etag").unwrap_or_default();
    (r.json().await.expect("json"), etag)
}

async fn csv_of(
    s: &Server,
    path: &str,
    token: &str,
) -> (reqwest::header::HeaderMap, Vec<Vec<String>>, Vec<u8>) {
    let r = s
        .client
        .get(s.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("export");
    assert_eq!(r.status().as_u16(), 200, "{path}");
    let headers = r.headers().clone();
    let bytes = r.bytes().await.expect("body").to_vec();
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (headers, rows, bytes)
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[tokio::test]
async fn a_recall_reaches_every_descendant_and_shows_on_their_trace_only() {
    let s = start().await;
    let (_, etag_before) = trace(&s, PACK_A).await;
    let regulator = s.token("regulator").await;
    let r = s
        .client
        .post(s.url("/api/recalls"))
        .bearer_auth(&regulator)
        .json(
            &json!({ "lot": format!("(01)08801234000208(10)TR261116"), "reason": "비브리오 검출" }),
        )
        .send()
        .await
        .expect("recall");
    let location = header(&r, "location");
    let (status, recall) = body_of(r).await;
    assert_eq!(status, 201, "{recall}");
    let id = recall["id"].as_str().expect("id").to_string();
    assert_eq!(location, Some(format!("/api/recalls/{id}")));
    assert_eq!(recall["lot"], TRUCK);
    assert_eq!(recall["declared_by"], "regulator");
    let lots: Vec<&str> = recall["impact"]["lots"]
        .as_array()
        .expect("lots")
        .iter()
        .filter_map(|l| l["lot_key"].as_str())
        .collect();
    assert_eq!(lots[0], TRUCK);
    for lot in [PACK_A, PACK_B, "01/08801234000307/10/BP261117"] {
        assert!(
            lots.contains(&lot),
            "{lot} is made from the truck lot: {lots:?}"
        );
    }
    assert!(
        !lots.contains(&FARM_A),
        "ancestors are not recalled: {lots:?}"
    );
    let businesses: Vec<&str> = recall["impact"]["businesses"]
        .as_array()
        .expect("businesses")
        .iter()
        .filter_map(|b| b["id"].as_str())
        .collect();
    for b in [
        "jeju-livefish",
        "bada-fresh",
        "hanbit-gangnam",
        "pureun-mapo",
    ] {
        assert!(
            businesses.contains(&b),
            "{b} held part of it: {businesses:?}"
        );
    }
    assert!(!businesses.contains(&"seongsan-farm"), "{businesses:?}");
    assert!(
        recall["impact"]["locations"]
            .as_array()
            .is_some_and(|l| l.len() >= 4),
        "{recall}"
    );

    let (pack, etag_after) = trace(&s, PACK_A).await;
    assert_eq!(pack["recall"]["id"], id.as_str(), "{pack}");
    assert_eq!(pack["recall"]["reason"], "비브리오 검출");
    assert_ne!(
        etag_before, etag_after,
        "a cached trace must not hide the recall"
    );
    let (truck, _) = trace(&s, TRUCK).await;
    assert_eq!(truck["recall"]["id"], id.as_str());
    let (farm, _) = trace(&s, FARM_A).await;
    assert!(
        farm["recall"].is_null(),
        "the farm lot the truck came from is not recalled: {}",
        farm["recall"]
    );

    let (status, one) = s.get(&format!("/api/recalls/{id}"), Some(&regulator)).await;
    assert_eq!(status, 200);
    assert_eq!(one["impact"], recall["impact"]);
    let (_, list) = s.get("/api/recalls", Some(&regulator)).await;
    assert_eq!(list["recalls"][0]["id"], id.as_str());

    // The FSMA 204 spreadsheet of the recall: every event of the affected lots.
    let (headers, rows, _) = csv_of(&s, &format!("/api/recalls/{id}/export.csv"), &regulator).await;
    assert!(headers["content-type"]
        .to_str()
        .is_ok_and(|v| v.starts_with("text/csv")));
    let disposition = headers["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"fsma204-") && disposition.contains(&id),
        "{disposition}"
    );
    assert_eq!(rows[0], FSMA204_COLUMNS.to_vec());
    let data = &rows[1..];
    let cte = column(&rows, "Critical Tracking Event");
    let tlc = column(&rows, "Traceability Lot Code");
    let count = |lot: &str, event: &str| {
        data.iter()
            .filter(|r| r[tlc] == lot && r[cte] == event)
            .count()
    };
    assert_eq!(
        count("TR261116", "Transformation"),
        1,
        "the merge that made it"
    );
    assert_eq!(count("TR261116", "Receiving"), 1);
    assert_eq!(
        count("TR261116", "Shipping"),
        1,
        "the truck's hand-off to the plant"
    );
    assert_eq!(count("L261117A", "Transformation"), 1);
    assert_eq!(count("L261117A", "Shipping"), 1);
    assert_eq!(count("L261117A", "Receiving"), 1);
    assert_eq!(count("L261117B", "Receiving"), 1);
    assert_eq!(data.len(), 10, "{data:?}");
    assert!(
        data.iter().all(|r| r[tlc] != "SS2611A"),
        "the farm's own events are not in the recall's scope"
    );
    let pack_row = data
        .iter()
        .find(|r| r[tlc] == "L261117A" && r[cte] == "Shipping")
        .expect("shipping row");
    assert_eq!(
        pack_row[column(&rows, "Product Description")],
        "넙치 싱싱회"
    );
    assert_eq!(pack_row[column(&rows, "Quantity")], "160");
    assert_eq!(pack_row[column(&rows, "Unit of Measure")], "kg");
    assert_eq!(pack_row[column(&rows, "Location GLN")], "8801234000055");
    assert_eq!(pack_row[column(&rows, "Event Date")], "2026-11-17");
    assert_eq!(
        pack_row[column(&rows, "Traceability Lot Code Source")],
        "바다싱싱 가공"
    );
    assert!(pack_row[column(&rows, "Immediate Subsequent Recipient")].contains("한빛마트 강남점"));
    let split = data
        .iter()
        .find(|r| r[tlc] == "L261117A" && r[cte] == "Transformation")
        .expect("split row");
    assert_eq!(
        split[column(&rows, "Input Traceability Lot Codes")],
        "(01)08801234000208(10)TR261116"
    );
}

#[tokio::test]
async fn a_lot_export_covers_its_whole_chain_with_proper_quoting() {
    let s = start().await;
    let admin = s.token("admin").await;
    // A receiving record whose text needs CSV quoting (comma, quote, line break).
    let tricky = "한빛마트, \"강남\"\n2층";
    let event = json!({
        "type": "ObjectEvent",
        "eventID": "urn:uuid:5a5a5a5a-0000-4000-8000-000000000001",
        "eventTime": "2026-11-18T07:00:00+09:00",
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": "shipping",
        "readPoint": { "id": sgln("8801234000062") },
        "bizLocation": { "id": sgln("8801234000062") },
        "quantityList": [{ "epcClass": lgtin("08801234567893", "L261117A"), "quantity": 20, "uom": "KGM" }],
        "bizTransactionList": [{ "type": "urn:epcglobal:cbv:btt:desadv", "bizTransaction": "urn:epcglobal:cbv:bt:8801234000062:DN-1" }],
        "lt:processing.destination": tricky
    });
    let (status, body) = s.capture_all(&admin, vec![event]).await;
    assert_eq!(status, 201, "{body}");

    for path in [
        format!("/api/lots/{}/export.csv", enc(PACK_A)),
        format!("/api/lots/{PACK_A}/export.csv"),
    ] {
        let (headers, rows, raw) = csv_of(&s, &path, &admin).await;
        assert!(headers["content-disposition"]
            .to_str()
            .is_ok_and(|v| v.contains("fsma204-08801234567893-L261117A-")));
        let tlc = column(&rows, "Traceability Lot Code");
        let cte = column(&rows, "Critical Tracking Event");
        let lots: Vec<&str> = rows[1..].iter().map(|r| r[tlc].as_str()).collect();
        for lot in ["SS2611A", "HL2611B", "FRY2603A", "TR261116", "L261117A"] {
            assert!(
                lots.contains(&lot),
                "{lot} is in the pack's chain: {lots:?}"
            );
        }
        assert!(
            !lots.contains(&"L261117B")
                || rows[1..]
                    .iter()
                    .all(|r| r[tlc] != "L261117B" || r[cte] == "Transformation"),
            "the sibling pack's own records stay out"
        );
        assert!(rows[1..]
            .iter()
            .any(|r| r[tlc] == "SS2611A" && r[cte] == "Harvesting"));
        let ours = rows[1..]
            .iter()
            .find(|r| {
                r[column(&rows, "Event ID")] == "urn:uuid:5a5a5a5a-0000-4000-8000-000000000001"
            })
            .expect("our row");
        assert!(
            ours[column(&rows, "Immediate Subsequent Recipient")].contains(tricky),
            "{ours:?}"
        );
        assert_eq!(ours[column(&rows, "Reference Document Type")], "desadv");
        assert_eq!(
            ours[column(&rows, "Reference Document Number")],
            "urn:epcglobal:cbv:bt:8801234000062:DN-1"
        );
        let text = String::from_utf8(raw).expect("utf-8");
        assert!(
            text.contains("\"한빛마트, \"\"강남\"\"\n2층\""),
            "quoted as RFC 4180 asks"
        );
        assert!(text.contains("\r\n"), "CRLF line ends");
    }
}

#[tokio::test]
async fn recall_requests_are_checked() {
    let s = start().await;
    let admin = s.token("admin").await;
    let post = |body: Value| {
        let token = admin.clone();
        let server = &s;
        async move {
            server
                .send_json(Method::POST, "/api/recalls", Some(&token), &body)
                .await
        }
    };
    let (status, body) = post(json!({ "lot": "01/08801234567893/10/NOPE", "reason": "x" })).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (404, Some("/lot")),
        "{body}"
    );
    let (status, body) =
        post(json!({ "lot": "01/08801234567890/10/L261117A", "reason": "x" })).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/lot")),
        "wrong check digit: {body}"
    );
    let (status, body) = post(json!({ "lot": PACK_A, "reason": "  " })).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/reason")),
        "{body}"
    );
    let (status, body) = post(json!({ "lot": PACK_A })).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = s
        .get("/api/recalls/RC-nothing/export.csv", Some(&admin))
        .await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = s
        .get("/api/lots/01/08801234567893/10/L261117A", Some(&admin))
        .await;
    assert_eq!(status, 404, "{body}");
}
