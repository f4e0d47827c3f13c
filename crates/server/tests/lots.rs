//! `GET /api/lots` through real HTTP on a real SQLite file: the signed-in business's
//! lots (its own and those sent to it, never another's), with printed lot number,
//! product and latest quantity, newest first; a token is required.

mod support;

use serde_json::Value;
use support::*;

fn lot<'a>(list: &'a Value, number: &str) -> Option<&'a Value> {
    list["lots"]
        .as_array()?
        .iter()
        .find(|l| l["lot_number"] == number)
}

#[tokio::test]
async fn a_farm_lists_its_own_lots_and_those_sent_to_it_with_the_latest_quantity() {
    let s = start().await;
    let [farm, plant] = s.tokens(["farm", "processor"]).await;
    let (status, list) = s.get("/api/lots", Some(&farm)).await;
    assert_eq!(status, 200, "{list}");
    let own = lot(&list, "SS2611A").expect("the farm's own lot");
    assert_eq!(own["key"], "01/08801234000208/10/SS2611A");
    assert_eq!(own["gtin"], "08801234000208");
    assert_eq!(own["unit"], "KGM");
    assert!(own["quantity"].as_f64().is_some_and(|q| q > 0.0), "{own}");
    assert!(own["last_event_time"].as_str().is_some(), "{own}");
    assert!(own.get("product").is_some(), "{own}");
    // The hatchery's fry, sent to this farm.
    assert!(lot(&list, "FRY2603A").is_some(), "{list}");
    // The other farm's lot and the plant's packs are not this farm's.
    assert!(lot(&list, "HL2611B").is_none(), "{list}");
    assert!(lot(&list, "L261117A").is_none(), "{list}");

    // A new record of the lot: its quantity is the latest, and it comes first.
    let (status, body) = s
        .capture_all(
            &farm,
            vec![farm_event(
                "urn:uuid:4b1d6c1e-6f57-4f43-a0a4-0d3c2c1a0001",
                "2026-11-25T09:00:00+09:00",
                "holding",
                "SS2611A",
                123.5,
            )],
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, list) = s.get("/api/lots", Some(&farm)).await;
    assert_eq!(list["lots"][0]["lot_number"], "SS2611A", "{list}");
    assert_eq!(list["lots"][0]["quantity"], 123.5);

    // The plant's packs carry the product name it recorded.
    let (status, list) = s.get("/api/lots", Some(&plant)).await;
    assert_eq!(status, 200, "{list}");
    let pack = lot(&list, "L261117A").expect("the plant's pack lot");
    assert!(
        pack["product"].as_str().is_some_and(|p| !p.is_empty()),
        "{pack}"
    );
    assert!(
        lot(&list, "SS2611A").is_none(),
        "the farm's lot never reached the plant as itself: {list}"
    );
}

#[tokio::test]
async fn the_lot_list_needs_a_token() {
    let s = start().await;
    let (status, body) = s.get("/api/lots", None).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = s.get("/api/lots", Some("not-a-token")).await;
    assert_eq!(status, 401, "{body}");
}
