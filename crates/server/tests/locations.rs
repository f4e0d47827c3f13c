//! The counter temperature endpoint through real HTTP: the real router, a real SQLite
//! file seeded with the demo chain (whose store counter has a thermometer reading).

mod support;

use lottrace_server::demo;
use serde_json::json;
use support::*;

#[tokio::test]
async fn the_latest_counter_reading_is_public_and_precise_about_problems() {
    let s = start().await;
    let counter = enc(demo::COUNTER);

    // The demo thermometer's reading, with CORS open like the rest of the public API.
    let r = s
        .client
        .get(s.url(&format!("/api/locations/{counter}/temperature")))
        .header("Origin", "https://kiosk.example")
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
    let (status, body) = body_of(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["celsius"], json!(1.8));
    assert_eq!(body["place"]["gln"], json!("8801234000062"));
    assert_eq!(body["place"]["extension"], json!("1"));
    assert!(
        body["time"].as_str().is_some_and(|t| t.ends_with("+09:00")),
        "{body}"
    );

    // The store records a newer reading in Fahrenheit: that one is the latest, in °C.
    // (A minute ahead: newer than the demo's reading, within the server's clock-skew
    // allowance; a reading dated years ahead is refused since issue #18.)
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(1))
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00"))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let token = s.token("retailer").await;
    let reading = json!({
        "type": "ObjectEvent",
        "eventID": "urn:uuid:1b0c7e2e-7d0a-4c6e-9b43-5a7f3c2d1e01",
        "eventTime": soon,
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": "sensor_reporting",
        "readPoint": { "id": demo::COUNTER },
        "sensorElementList": [{ "sensorReport": [
            { "type": "Temperature", "value": 36.5, "uom": "FAH", "time": soon }
        ] }]
    });
    let (status, body) = s.capture_all(&token, vec![reading]).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = s
        .get(&format!("/api/locations/{counter}/temperature"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["time"], json!(soon));
    let c = body["celsius"].as_f64().expect("celsius");
    assert!((c - 2.5).abs() < 1e-9, "{c}");
    assert_eq!(
        body["eventID"],
        json!("urn:uuid:1b0c7e2e-7d0a-4c6e-9b43-5a7f3c2d1e01")
    );

    // The store's own GLN (no sub-location) has no thermometer: 404, said as such.
    let (status, body) = s
        .get("/api/locations/8801234000062/temperature", None)
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], json!("no_reading"));
    assert_eq!(body["field"], json!("place"));

    // Not a place: 400 with the codes module's reason.
    let (status, body) = s
        .get("/api/locations/8801234000063/temperature", None)
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], json!("check_digit"));
    assert_eq!(body["field"], json!("place"));
    let (status, body) = s
        .get(
            &format!(
                "/api/locations/{}/temperature",
                enc("urn:epc:id:sgtin:0614141.112345.400")
            ),
            None,
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], json!("not_a_place"));
}
