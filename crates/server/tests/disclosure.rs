//! No non-public field ever reaches the public trace, driven by the field dictionary:
//! one event fills every non-public field with a unique marker (and every public one
//! with a normal value). No marker may appear in any language; once the business
//! chooses some selectable fields, exactly those appear; during a recall every
//! selectable one appears, and private ones still never do.

mod support;

use lottrace_core::fields::{Dictionary, Disclosure, EpcisPlace, FieldType};
use lottrace_core::role::Role;
use reqwest::Method;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use support::*;

const LOT: &str = "MARK01";

/// (field key → marker) of every non-public field, and the event carrying them.
fn marker_event() -> (BTreeMap<String, String>, Value) {
    let dictionary = Dictionary::get();
    let mut markers = BTreeMap::new();
    let mut ilmd = Map::new();
    let mut extensions = Map::new();
    let mut sensor_reports = Vec::new();
    let mut location_marker = None;
    let mut doc_markers = (None, None);
    for (i, field) in dictionary.fields.iter().enumerate() {
        let marker = format!("ZQ{i:03}QZ");
        let public = field.disclosure == Disclosure::Public;
        let value = if public {
            match field.r#type {
                FieldType::Text => json!(format!("보통 값 {}", field.key)),
                FieldType::Date => json!("2026-11-01"),
                FieldType::Datetime => json!("2026-11-01T09:00:00+09:00"),
                FieldType::Boolean => json!(true),
                FieldType::Number => json!(12),
                FieldType::Enum => json!(field
                    .values
                    .as_ref()
                    .and_then(|v| v.first())
                    .map(|v| v.value.clone())),
            }
        } else {
            markers.insert(field.key.clone(), marker.clone());
            json!(marker)
        };
        match &field.epcis {
            EpcisPlace::Ilmd => {
                ilmd.insert(dictionary.json_ld_name(field), value);
            }
            EpcisPlace::Extension => {
                extensions.insert(dictionary.json_ld_name(field), value);
            }
            EpcisPlace::Sensor if !public => {
                sensor_reports.push(json!({ "type": "Temperature", "value": 4.0 + i as f64 / 1000.0, "uom": "CEL", "stringValue": marker }));
            }
            EpcisPlace::Standard(place) if !public => match place.as_str() {
                "bizLocation" => {
                    // All location fields share the one bizLocation: one marker for them.
                    let m = location_marker
                        .get_or_insert_with(|| marker.clone())
                        .clone();
                    markers.insert(field.key.clone(), m);
                }
                "bizTransactionList" if field.key.ends_with("_type") => {
                    let m = doc_markers.0.get_or_insert_with(|| marker.clone()).clone();
                    markers.insert(field.key.clone(), m);
                }
                "bizTransactionList" => {
                    let m = doc_markers.1.get_or_insert_with(|| marker.clone()).clone();
                    markers.insert(field.key.clone(), m);
                }
                other => panic!(
                    "no marker placement for a non-public {other} field ({})",
                    field.key
                ),
            },
            _ => {}
        }
    }
    let location = match &location_marker {
        Some(m) => format!("urn:epc:id:sgln:8801234.00002.{m}"),
        None => sgln(FARM_GLN),
    };
    let mut event = json!({
        "type": "ObjectEvent",
        "eventID": "urn:uuid:7e1f0c55-9a0b-4d43-8f3e-000000000001",
        "eventTime": "2026-11-19T06:00:00+09:00",
        "eventTimeZoneOffset": "+09:00",
        "action": "ADD",
        "bizStep": "commissioning",
        "readPoint": { "id": location },
        "bizLocation": { "id": location },
        "quantityList": [{ "epcClass": lgtin(LIVE, LOT), "quantity": 100, "uom": "KGM" }],
        "ilmd": ilmd,
    });
    if let (Some(t), Some(n)) = &doc_markers {
        event["bizTransactionList"] = json!([{ "type": format!("urn:lt:btt:{t}"), "bizTransaction": format!("urn:lt:doc:{n}") }]);
    }
    if !sensor_reports.is_empty() {
        event["sensorElementList"] = json!([{ "sensorMetadata": { "time": "2026-11-19T06:00:00+09:00" }, "sensorReport": sensor_reports }]);
    }
    if let Some(obj) = event.as_object_mut() {
        obj.extend(extensions);
    }
    (markers, event)
}

async fn traces(s: &Server) -> Vec<String> {
    let mut out = Vec::new();
    for lang in ["ko", "en", "zh"] {
        let (status, body) = s
            .get(
                &format!(
                    "/api/trace/{}?lang={lang}",
                    enc(&format!("01/{LIVE}/10/{LOT}"))
                ),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        out.push(body.to_string());
    }
    // Accept-Language picks the language too.
    let r = s
        .client
        .get(s.url(&format!(
            "/api/trace/{}",
            enc(&format!("01/{LIVE}/10/{LOT}"))
        )))
        .header("accept-language", "zh-CN,zh;q=0.9")
        .send()
        .await
        .expect("trace");
    out.push(r.text().await.expect("body"));
    out
}

/// Markers found in any of the responses, by field key.
fn visible(markers: &BTreeMap<String, String>, bodies: &[String]) -> Vec<String> {
    markers
        .iter()
        .filter(|(_, m)| bodies.iter().any(|b| b.contains(m.as_str())))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Selectable fields the trace shows as values (ilmd and extension members).
fn shown_selectable() -> Vec<String> {
    Dictionary::get()
        .fields
        .iter()
        .filter(|f| {
            f.disclosure == Disclosure::Selectable
                && matches!(f.epcis, EpcisPlace::Ilmd | EpcisPlace::Extension)
        })
        .map(|f| f.key.clone())
        .collect()
}

#[tokio::test]
async fn no_marker_of_a_non_public_field_reaches_the_public_trace() {
    let s = start().await;
    let (markers, event) = marker_event();
    assert!(
        markers.len() > 40,
        "the dictionary has many non-public fields: {}",
        markers.len()
    );
    let farm = s.token("farm").await;
    let (status, body) = s.capture_all(&farm, vec![event]).await;
    assert_eq!(status, 201, "{body}");

    let bodies = traces(&s).await;
    assert_eq!(
        visible(&markers, &bodies),
        Vec::<String>::new(),
        "non-public fields leaked"
    );
    assert!(
        bodies[0].contains("보통 값 farm.name"),
        "public values are shown: {}",
        bodies[0]
    );

    // The business chooses some selectable fields: exactly those appear.
    let admin = s.token("admin").await;
    let chosen = [
        "farm.method",
        "farm.website",
        "feed.manufacturer",
        "hatchery.phone",
    ];
    let (status, body) = s
        .send_json(
            Method::PUT,
            "/api/businesses/seongsan-farm/disclosure",
            Some(&admin),
            &json!({ "fields": chosen }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut expected: Vec<String> = chosen.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(body["fields"], json!(expected));
    let bodies = traces(&s).await;
    assert_eq!(visible(&markers, &bodies), expected);

    // Under recall, every selectable field the trace shows becomes public; private never.
    let regulator = s.token("regulator").await;
    let (status, body) = s
        .recall(&regulator, &format!("01/{LIVE}/10/{LOT}"), "시험 회수")
        .await;
    assert_eq!(status, 201, "{body}");
    let bodies = traces(&s).await;
    let seen = visible(&markers, &bodies);
    for key in shown_selectable() {
        assert!(
            seen.contains(&key),
            "selectable {key} should be public during a recall"
        );
    }
    let dictionary = Dictionary::get();
    for key in &seen {
        let level = dictionary.field(key).map(|f| f.disclosure);
        assert_eq!(
            level,
            Some(Disclosure::Selectable),
            "{key} must never be public"
        );
    }
    assert!(
        bodies[1].contains("\"recall\":{"),
        "the trace shows the recall"
    );
}

#[tokio::test]
async fn disclosure_choices_are_checked_and_scoped_to_the_business_admin() {
    let s = start().await;
    // An admin of the farm itself (not a global admin).
    {
        use lottrace_server::store::AccountStore;
        let store = lottrace_server::store::SqliteStore::open(&s.db).expect("open");
        let hash = lottrace_server::auth::hash_password("farm-admin-pass").expect("hash");
        store
            .add_user("farm-admin", "seongsan-farm", Role::Admin, &hash)
            .expect("user");
    }
    let (status, body) = s.login("farm-admin", "farm-admin-pass").await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().expect("token").to_string();
    let (status, body) = s
        .get("/api/businesses/seongsan-farm/disclosure", Some(&token))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["fields"], json!([]));
    assert!(body["selectable"]
        .as_array()
        .is_some_and(|l| l.iter().any(|k| k == "farm.method")));
    let server = &s;
    let put = |fields: Value| {
        let body = json!({ "fields": fields });
        let token = token.clone();
        async move {
            server
                .send_json(
                    Method::PUT,
                    "/api/businesses/seongsan-farm/disclosure",
                    Some(&token),
                    &body,
                )
                .await
        }
    };
    let (status, body) = put(json!(["farm.method", "treatment.oral_drug_name"])).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/fields/1")),
        "private fields cannot be chosen: {body}"
    );
    let (status, body) = put(json!(["no.such_field"])).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/fields/0")),
        "{body}"
    );
    let (status, body) = put(json!(["farm.name"])).await;
    assert_eq!(status, 400, "public fields are not a choice: {body}");
    let (status, body) = put(json!("farm.method")).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/fields")),
        "{body}"
    );
    let (status, body) = put(json!(["farm.method", "farm.method"])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["fields"], json!(["farm.method"]));
    let (status, body) = s
        .send_json(
            Method::PUT,
            "/api/businesses/bada-fresh/disclosure",
            Some(&token),
            &json!({ "fields": [] }),
        )
        .await;
    assert_eq!(status, 403, "another business: {body}");
}
