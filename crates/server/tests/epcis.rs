//! EPCIS capture and query through real HTTP: round trips with the demo chain,
//! idempotency, corrections, and every kind of bad input answered with a clear 4xx JSON.

mod support;

use serde_json::{json, Value};
use support::*;

fn ids(doc: &Value) -> Vec<String> {
    doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|e| e["eventID"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn uuid(n: u32) -> String {
    format!("urn:uuid:0b7a3c2e-5d1f-4e8a-9c6b-{n:012}")
}

fn farm_document(lot: &str, first: u32) -> Value {
    let mut events = vec![
        farm_event(
            &uuid(first),
            "2026-11-19T06:00:00+09:00",
            "urn:gdst:bizStep:farmHarvest",
            lot,
            300.0,
        ),
        farm_event(
            &uuid(first + 1),
            "2026-11-19T07:00:00+09:00",
            "shipping",
            lot,
            300.0,
        ),
        farm_event(
            &uuid(first + 2),
            "2026-11-19T08:00:00+09:00",
            "urn:epcglobal:cbv:bizstep:inspecting",
            lot,
            300.0,
        ),
        farm_event(
            &uuid(first + 3),
            "2026-11-19T09:00:00+09:00",
            "https://ref.gs1.org/cbv/BizStep-storing",
            lot,
            300.0,
        ),
    ];
    let mut tagged = farm_event(
        &uuid(first + 4),
        "2026-11-19T10:00:00+09:00",
        "shipping",
        lot,
        10.0,
    );
    tagged["epcList"] = json!([format!("urn:epc:id:sgtin:8801234.000020.{lot}")]);
    events.push(tagged);
    document(events)
}

async fn query(s: &Server, token: &str, qs: &str) -> (u16, Value, Option<String>) {
    let r = s
        .client
        .get(s.url(&format!("/epcis/events?{qs}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("query");
    let link = header(&r, "link");
    let (status, body) = body_of(r).await;
    (status, body, link)
}

#[tokio::test]
async fn a_farm_captures_and_queries_with_every_filter_and_pages_through() {
    let s = start().await;
    let farm = s.token("farm").await;
    let (status, body) = s.capture(&farm, &farm_document("QRY01", 1)).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["stored"], 5);
    assert_eq!(body["duplicates"], json!([]));

    // Any role may query; the answer is an EPCISQueryDocument.
    let regulator = s.token("regulator").await;
    let class = enc(&lgtin(LIVE, "QRY01"));
    let (status, doc, _) = query(&s, &regulator, &format!("MATCH_epcClass={class}")).await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["type"], "EPCISQueryDocument");
    assert_eq!(ids(&doc), (1..=5).map(uuid).collect::<Vec<_>>());
    assert!(
        doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["recordTime"].is_string()
    );

    let (_, doc, _) = query(
        &s,
        &farm,
        &format!("MATCH_epcClass={class}&EQ_bizStep=shipping"),
    )
    .await;
    assert_eq!(ids(&doc), vec![uuid(2), uuid(5)]);
    // bizStep in URI form, and several values separated by |.
    let (_, doc, _) = query(
        &s,
        &farm,
        &format!(
            "MATCH_epcClass={class}&EQ_bizStep={}",
            enc("urn:epcglobal:cbv:bizstep:shipping|inspecting")
        ),
    )
    .await;
    assert_eq!(ids(&doc), vec![uuid(2), uuid(3), uuid(5)]);
    // Demo shipping events are found by bizStep alone (by the regulator: the farm sees
    // only events on its own lots, and the demo shipments are the processor's packs).
    let (_, doc, _) = query(&s, &regulator, "EQ_bizStep=shipping&perPage=100").await;
    assert_eq!(ids(&doc).len(), 7 + 2, "seven demo shipments and ours");
    let (_, doc, _) = query(
        &s,
        &farm,
        &format!(
            "MATCH_anyEPC={}",
            enc("urn:epc:id:sgtin:8801234.000020.QRY01")
        ),
    )
    .await;
    assert_eq!(ids(&doc), vec![uuid(5)]);
    let (_, doc, _) = query(
        &s,
        &farm,
        &format!("MATCH_anyEPC={}", enc("urn:epc:id:sgtin:8801234.000020.*")),
    )
    .await;
    assert_eq!(ids(&doc), vec![uuid(5)], "a trailing * matches as a prefix");
    let (_, doc, _) = query(
        &s,
        &farm,
        &format!(
            "MATCH_epcClass={class}&GE_eventTime={}&LT_eventTime={}",
            enc("2026-11-19T07:00:00+09:00"),
            enc("2026-11-19T00:00:00Z")
        ),
    )
    .await;
    // 00:00Z is 09:00 in Korea: the 09:00+09:00 event is excluded (LT is exclusive).
    assert_eq!(
        ids(&doc),
        vec![uuid(2), uuid(3)],
        "GE inclusive, LT exclusive, offsets compared as instants"
    );

    // Pages of 2, stable while new events arrive between pages.
    let (status, page1, link) =
        query(&s, &farm, &format!("MATCH_epcClass={class}&perPage=2")).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&page1), vec![uuid(1), uuid(2)]);
    let link = link.expect("Link header to the next page");
    assert!(link.ends_with("rel=\"next\""), "{link}");
    let (status, body) = s
        .capture_all(
            &farm,
            vec![farm_event(
                &uuid(9),
                "2026-11-01T00:00:00+09:00",
                "shipping",
                "QRY01",
                1.0,
            )],
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let mut seen = ids(&page1);
    let mut next = link;
    loop {
        let path = next
            .trim_start_matches('<')
            .split('>')
            .next()
            .expect("link target")
            .to_string();
        let r = s
            .client
            .get(s.url(&path))
            .bearer_auth(&farm)
            .send()
            .await
            .expect("next page");
        let following = header(&r, "link");
        let (status, page) = body_of(r).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(ids(&page));
        match following {
            Some(l) => next = l,
            None => break,
        }
    }
    let mut expected: Vec<String> = (1..=5).map(uuid).collect();
    expected.push(uuid(9));
    assert_eq!(seen, expected, "every event once, in capture order");

    // The public trace shows the captured history.
    let (status, trace) = s
        .get(
            &format!("/api/trace/{}", enc(&format!("01/{LIVE}/10/QRY01"))),
            None,
        )
        .await;
    assert_eq!(status, 200, "{trace}");
    assert!(trace.to_string().contains(&uuid(5)));
}

#[tokio::test]
async fn query_parameters_are_checked() {
    let s = start().await;
    let farm = s.token("farm").await;
    for (qs, field) in [
        ("perPage=0", "perPage"),
        ("perPage=1001", "perPage"),
        ("perPage=ten", "perPage"),
        ("GE_eventTime=yesterday", "GE_eventTime"),
        ("MATCH_nothing=1", "MATCH_nothing"),
        ("nextPageToken=forged", "nextPageToken"),
    ] {
        let (status, body, _) = query(&s, &farm, qs).await;
        assert_eq!(status, 400, "{qs}: {body}");
        assert_eq!(body["field"], field, "{qs}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // A token issued for one filter is refused for another.
    let (_, _, link) = query(&s, &farm, "perPage=1").await;
    let token = link
        .and_then(|l| {
            l.split("nextPageToken=")
                .nth(1)
                .map(|t| t.split('>').next().unwrap_or("").to_string())
        })
        .expect("token");
    let (status, body, _) = query(
        &s,
        &farm,
        &format!("perPage=1&EQ_bizStep=shipping&nextPageToken={token}"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _, _) = query(&s, &farm, &format!("perPage=1&nextPageToken={token}")).await;
    assert_eq!(status, 200);
    let (status, body) = s.get("/epcis/events", None).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = s.get("/epcis/nothing", None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn sending_a_document_twice_stores_each_event_once() {
    let s = start().await;
    let farm = s.token("farm").await;
    let doc = farm_document("IDEM1", 100);
    let (status, first) = s.capture(&farm, &doc).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["stored"], 5);
    let (status, again) = s.capture(&farm, &doc).await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(again["stored"], 0);
    assert_eq!(again["duplicates"].as_array().map(Vec::len), Some(5));
    let (_, found, _) = query(
        &s,
        &farm,
        &format!("MATCH_epcClass={}", enc(&lgtin(LIVE, "IDEM1"))),
    )
    .await;
    assert_eq!(ids(&found).len(), 5);

    // An event without eventID is known by its CBV hash: also stored once.
    let mut anonymous = farm_event("x", "2026-11-19T11:00:00+09:00", "shipping", "IDEM1", 5.0);
    anonymous.as_object_mut().map(|o| o.remove("eventID"));
    let (status, body) = s.capture_all(&farm, vec![anonymous.clone()]).await;
    assert_eq!(status, 201, "{body}");
    let hash_id = body["eventIDs"][0].as_str().expect("id").to_string();
    assert!(hash_id.starts_with("ni:///sha-256;"), "{hash_id}");
    let (_, body) = s.capture_all(&farm, vec![anonymous]).await;
    assert_eq!(body["duplicates"], json!([hash_id]));

    // The same eventID with other content is refused, and the whole document with it.
    let changed = farm_event(
        &uuid(101),
        "2026-11-19T07:00:00+09:00",
        "shipping",
        "IDEM1",
        299.0,
    );
    let fresh = farm_event(
        &uuid(150),
        "2026-11-19T07:00:00+09:00",
        "shipping",
        "IDEM1",
        1.0,
    );
    let (status, body) = s.capture_all(&farm, vec![fresh, changed]).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");
    let (_, found, _) = query(&s, &farm, &format!("EQ_eventID={}", enc(&uuid(150)))).await;
    assert!(
        ids(&found).is_empty(),
        "nothing of a refused document is stored"
    );
}

#[tokio::test]
async fn an_error_declaration_is_stored_beside_the_event_and_marks_it_corrected() {
    let s = start().await;
    let farm = s.token("farm").await;
    let id = uuid(200);
    let wrong = farm_event(&id, "2026-11-19T06:00:00+09:00", "shipping", "CORR1", 999.0);
    assert_eq!(s.capture_all(&farm, vec![wrong.clone()]).await.0, 201);
    let mut declaration = wrong;
    declaration["errorDeclaration"] = json!({
        "declarationTime": "2026-11-19T12:00:00+09:00",
        "reason": "incorrect_data",
        "correctiveEventIDs": [uuid(201)]
    });
    let corrective = farm_event(
        &uuid(201),
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "CORR1",
        299.0,
    );
    let (status, body) = s
        .capture_all(&farm, vec![declaration.clone(), corrective])
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["stored"], 2, "{body}");
    assert_eq!(body["eventIDs"][0], format!("{id}#declaration"));
    let (_, body) = s.capture_all(&farm, vec![declaration]).await;
    assert_eq!(
        body["stored"], 0,
        "re-sending the declaration is harmless: {body}"
    );

    let (_, found, _) = query(&s, &farm, &format!("EQ_eventID={}", enc(&id))).await;
    let list = &found["epcisBody"]["queryResults"]["resultsBody"]["eventList"];
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(2),
        "the event and its declaration: {found}"
    );
    assert!(list[1]["errorDeclaration"].is_object());

    let (status, trace) = s
        .get(
            &format!("/api/trace/{}?lang=en", enc(&format!("01/{LIVE}/10/CORR1"))),
            None,
        )
        .await;
    assert_eq!(status, 200, "{trace}");
    let events: Vec<&Value> = trace["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|st| st["events"].as_array().into_iter().flatten())
        .collect();
    let corrected = events
        .iter()
        .find(|e| e["event_id"] == id.as_str())
        .expect("the corrected event is still shown");
    assert_eq!(
        corrected["corrected_by"]["corrective_event_ids"],
        json!([uuid(201)]),
        "{corrected}"
    );
    assert!(events
        .iter()
        .any(|e| e["event_id"] == uuid(201).as_str() && e["corrected_by"].is_null()));
}

#[tokio::test]
async fn bad_documents_get_clear_json_errors() {
    let s = start().await;
    let farm = s.token("farm").await;
    let post = |body: Vec<u8>, ct: &'static str| {
        s.client
            .post(s.url("/epcis/capture"))
            .bearer_auth(&farm)
            .header("content-type", ct)
            .body(body)
            .send()
    };

    let (status, body) = body_of(
        post(
            b"{\"type\": \"EPCISDocument\", ".to_vec(),
            "application/json",
        )
        .await
        .expect("send"),
    )
    .await;
    assert_error(status, &body, 400, "malformed_json");

    let (status, body) = body_of(post(b"{}".to_vec(), "text/plain").await.expect("send")).await;
    assert_error(status, &body, 415, "unsupported_media_type");

    let base = "/epcis/eventList/0".replace("/epcis", "/epcisBody");
    let mut wrong_type = farm_event(
        &uuid(300),
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "BAD1",
        1.0,
    );
    wrong_type["eventTime"] = json!(20261119);
    wrong_type["quantityList"][0]["quantity"] = json!("lots");
    let (status, body) = s.capture_all(&farm, vec![wrong_type]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_document");
    let paths: Vec<&str> = body["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert!(
        paths.contains(&format!("{base}/eventTime").as_str()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&format!("{base}/quantityList/0/quantity").as_str()),
        "{paths:?}"
    );
    assert_eq!(body["field"], paths[0]);

    let mut missing = farm_event(
        &uuid(301),
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "BAD1",
        1.0,
    );
    missing.as_object_mut().map(|o| o.remove("eventTime"));
    let (status, body) = s.capture_all(&farm, vec![missing]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], format!("{base}/eventTime"), "{body}");

    let mut no_context = document(vec![]);
    no_context.as_object_mut().map(|o| o.remove("@context"));
    let (status, body) = s.capture(&farm, &no_context).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/@context")),
        "{body}"
    );

    let unknown_step = farm_event(
        &uuid(302),
        "2026-11-19T06:00:00+09:00",
        "fishing",
        "BAD1",
        1.0,
    );
    let ok = farm_event(
        &uuid(303),
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "BAD1",
        1.0,
    );
    let (status, body) = s.capture_all(&farm, vec![ok, unknown_step]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "/epcisBody/eventList/1/bizStep", "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("fishing")),
        "{body}"
    );
    let (_, found, _) = query(&s, &farm, &format!("EQ_eventID={}", enc(&uuid(303)))).await;
    assert!(
        ids(&found).is_empty(),
        "all or nothing: the valid event of a refused document is not stored"
    );

    let mut query_doc = document(vec![]);
    query_doc["type"] = json!("EPCISQueryDocument");
    let (status, body) = s.capture(&farm, &query_doc).await;
    assert_eq!(status, 400, "{body}");

    let (status, body) = s.capture(&farm, &json!([1, 2, 3])).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].is_string());

    // 10 MB: refused with 413 before it is parsed (the limit is 5 MB).
    let mut big = farm_event(
        &uuid(304),
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "BAD1",
        1.0,
    );
    big["lt:farm.water_exchange"] = json!("x".repeat(10 * 1024 * 1024));
    let r = post(
        document(vec![big]).to_string().into_bytes(),
        "application/json",
    )
    .await;
    match r {
        Ok(r) => {
            let (status, body) = body_of(r).await;
            assert_eq!(status, 413, "{body}");
            assert_eq!(body["error"], "too_large");
        }
        // The server may answer and close before the client finished sending.
        Err(e) => panic!("the 413 answer was not received: {e}"),
    }

    // A GET on the capture endpoint, or a POST without a body type, still answer JSON.
    let (status, body) = s.get("/epcis/capture", Some(&farm)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (405, Some("method_not_allowed"))
    );
}
