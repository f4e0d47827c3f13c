//! The security suite of issue #18: one test per class of attack, each through real
//! HTTP against the demo chain and accounts. The permission table has its own file
//! (`security_permissions.rs`), the cross-business property test too
//! (`security_isolation.rs`).

mod support;

use chrono::{Duration, SecondsFormat, Utc};
use lottrace_core::codes::LotKey;
use lottrace_server::demo;
use reqwest::Method;
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An ObjectEvent creating `lot` at `business`.
fn create(id: &str, business: &str, lot: &LotKey, kg: f64, ilmd: Value) -> Value {
    json!({
        "type": "ObjectEvent", "eventID": id, "eventTime": hours_ago(3), "eventTimeZoneOffset": "+00:00",
        "action": "ADD", "bizStep": "commissioning",
        "readPoint": at(business), "bizLocation": at(business),
        "quantityList": [{ "epcClass": lot.epc_class_uri(), "quantity": kg, "uom": "KGM" }],
        "ilmd": ilmd
    })
}

fn observe(id: &str, business: &str, lot: &LotKey, extra: Value) -> Value {
    let mut e = json!({
        "type": "ObjectEvent", "eventID": id, "eventTime": hours_ago(2), "eventTimeZoneOffset": "+00:00",
        "action": "OBSERVE", "bizStep": "inspecting",
        "readPoint": at(business), "bizLocation": at(business),
        "quantityList": [{ "epcClass": lot.epc_class_uri(), "quantity": 10.0, "uom": "KGM" }]
    });
    if let (Some(obj), Value::Object(more)) = (e.as_object_mut(), extra) {
        obj.extend(more);
    }
    e
}

/// A shipment of `lot` from `business` to `recipient`.
fn ship(id: &str, business: &str, lot: &LotKey, recipient: &str) -> Value {
    observe(id, business, lot, shipped_to(&gln_of(recipient)))
}

fn transform(id: &str, business: &str, from: &LotKey, to: &LotKey) -> Value {
    json!({
        "type": "TransformationEvent", "eventID": id, "eventTime": hours_ago(1), "eventTimeZoneOffset": "+00:00",
        "bizStep": "repackaging", "readPoint": at(business), "bizLocation": at(business),
        "inputQuantityList": [{ "epcClass": from.epc_class_uri(), "quantity": 10.0, "uom": "KGM" }],
        "outputQuantityList": [{ "epcClass": to.epc_class_uri(), "quantity": 10.0, "uom": "KGM" }]
    })
}

fn declared(mut event: Value, reason: Option<&str>) -> Value {
    let mut decl = json!({ "declarationTime": hours_ago(0) });
    if let Some(r) = reason {
        decl["reason"] = json!(r);
    }
    event["errorDeclaration"] = decl;
    event
}

async fn trace_of(s: &Server, lot: &LotKey) -> (u16, Value) {
    s.get(&format!("/api/trace/{}", enc(&lot.key())), None)
        .await
}

fn events_of(trace: &Value) -> Vec<Value> {
    trace["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["events"].as_array().cloned().unwrap_or_default())
        .collect()
}

// 1. Only the business that recorded an event, or a regulator giving a reason, may
// declare it erroneous; the trace says who did.
#[tokio::test]
async fn only_the_recorder_or_a_regulator_with_a_reason_retracts_an_event() {
    let s = start().await;
    let [processor, farm, regulator] = s.tokens(["processor", "farm", "regulator"]).await;
    let pack = lot("SEC1PACK");
    let made = create("urn:uuid:sec1-made", "bada-fresh", &pack, 5.0, json!({}));
    let check = observe("urn:uuid:sec1-check", "bada-fresh", &pack, json!({}));
    let (st, body) = s
        .capture_all(&processor, vec![made.clone(), check.clone()])
        .await;
    assert_eq!(st, 201, "{body}");

    // The farm, at its own location or at the processor's: refused.
    let mut at_farm = check.clone();
    at_farm["readPoint"] = at("seongsan-farm");
    at_farm["bizLocation"] = at("seongsan-farm");
    for attempt in [at_farm, check.clone()] {
        let (st, body) = s
            .capture_all(&farm, vec![declared(attempt, Some("incorrect_data"))])
            .await;
        assert_eq!(st, 403, "{body}");
    }
    // Declaring an event nobody stored is an error too.
    let ghost = observe(
        "urn:uuid:sec1-ghost",
        "seongsan-farm",
        &lot("SEC1GHOST"),
        json!({}),
    );
    let (st, body) = s.capture_all(&farm, vec![declared(ghost, None)]).await;
    assert_error(st, &body, 400, "unknown_event");
    // A regulator must give its reason.
    let (st, body) = s
        .capture_all(&regulator, vec![declared(made.clone(), None)])
        .await;
    assert_error(st, &body, 400, "reason_required");
    let (_, before) = trace_of(&s, &pack).await;
    assert!(events_of(&before)
        .iter()
        .all(|e| e["corrected_by"].is_null()));

    // The recorder itself may; the trace names it as the one who declared.
    let (st, body) = s
        .capture_all(&processor, vec![declared(check, Some("incorrect_data"))])
        .await;
    assert_eq!(st, 201, "{body}");
    // And a regulator with a reason, on another of the processor's events.
    let (st, body) = s
        .capture_all(&regulator, vec![declared(made, Some("did_not_occur"))])
        .await;
    assert_eq!(st, 201, "{body}");
    let (st, after) = trace_of(&s, &pack).await;
    assert_eq!(st, 200, "{after}");
    let by: Vec<(String, String)> = events_of(&after)
        .iter()
        .filter_map(|e| {
            Some((
                e["event_id"].as_str()?.to_string(),
                e["corrected_by"]["declared_by"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert!(
        by.contains(&("urn:uuid:sec1-check".into(), "바다싱싱 가공".into())),
        "{by:?}"
    );
    assert!(
        by.contains(&("urn:uuid:sec1-made".into(), "국립수산물품질관리원".into())),
        "{by:?}"
    );
}

// 2. An event that would close a genealogy cycle is refused at capture; a cycle already
// stored sets one event aside instead of failing the trace.
#[tokio::test]
async fn a_cycle_is_refused_at_capture_and_a_stored_one_never_fails_a_trace() {
    let s = start().await;
    let farm = s.token("farm").await;
    let (a, b) = (lot("SEC2A"), lot("SEC2B"));
    let doc = document(vec![
        create("urn:uuid:sec2-a", "seongsan-farm", &a, 10.0, json!({})),
        transform("urn:uuid:sec2-ab", "seongsan-farm", &a, &b),
    ]);
    let (st, body) = s.capture(&farm, &doc).await;
    assert_eq!(st, 201, "{body}");
    let (st, body) = s
        .capture_all(
            &farm,
            vec![transform("urn:uuid:sec2-ba", "seongsan-farm", &b, &a)],
        )
        .await;
    assert_error(st, &body, 409, "genealogy_cycle");
    assert_eq!(body["field"], "/epcisBody/eventList/0", "{body}");

    // A loop that reached storage by another way (an older server, an import).
    {
        use lottrace_server::store::{EventStore, NewEvent, SqliteStore};
        let store = SqliteStore::open(&s.db).expect("open");
        let event = transform("urn:uuid:sec2-stored-loop", "seongsan-farm", &b, &a);
        store
            .insert_events(&[NewEvent {
                event_id: "urn:uuid:sec2-stored-loop".into(),
                event_type: "TransformationEvent".into(),
                event_time_utc: hours_ago(0),
                biz_step: Some("repackaging".into()),
                business_id: Some("seongsan-farm".into()),
                json: event.to_string(),
                lots: vec![(b.key(), "input"), (a.key(), "output")],
                epcs: vec![],
                classes: vec![a.epc_class_uri(), b.epc_class_uri()],
            }])
            .expect("insert");
    }
    for l in [&a, &b] {
        let (st, view) = trace_of(&s, l).await;
        assert_eq!(st, 200, "{view}");
        assert_eq!(
            view["set_aside"][0]["event_id"], "urn:uuid:sec2-stored-loop",
            "{view}"
        );
    }
}

// 2 (and 1, at its root): a lot another business created is not created again.
#[tokio::test]
async fn a_business_cannot_create_another_business_lot() {
    let s = start().await;
    let [processor, farm] = s.tokens(["processor", "farm"]).await;
    let (theirs, mine) = (lot("SEC2THEIRS"), lot("SEC2MINE"));
    for (token, id, business, made, expected) in [
        (&processor, "urn:uuid:sec2-p", "bada-fresh", &theirs, 201),
        (&farm, "urn:uuid:sec2-f", "seongsan-farm", &theirs, 403),
        (&farm, "urn:uuid:sec2-m", "seongsan-farm", &mine, 201),
    ] {
        let event = create(id, business, made, 3.0, json!({}));
        let (st, body) = s.capture_all(token, vec![event]).await;
        assert_eq!(st, expected, "{id}: {body}");
    }
}

// 4. Public temperature readings go through disclosure.
#[tokio::test]
async fn temperature_readings_are_public_only_where_disclosed() {
    let s = start().await;
    let farm = s.token("farm").await;
    let reading = json!({
        "type": "ObjectEvent", "eventID": "urn:uuid:sec4-water", "eventTime": hours_ago(1),
        "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "bizStep": "sensor_reporting",
        "readPoint": at("seongsan-farm"), "bizLocation": at("seongsan-farm"),
        "epcList": [],
        "sensorElementList": [{ "sensorReport": [{ "type": "gs1:Temperature", "value": 14.5, "uom": "CEL", "time": hours_ago(1) }] }]
    });
    let (st, body) = s.capture_all(&farm, vec![reading]).await;
    assert_eq!(st, 201, "{body}");
    let path = format!("/api/locations/{}/temperature", gln_of("seongsan-farm"));
    let (st, body) = s.get(&path, None).await;
    assert_error(st, &body, 404, "no_reading");
    // Once the farm chooses to disclose its water temperature, the reading is public.
    let admin = s.token("admin").await;
    let (st, body) = s
        .send_json(
            Method::PUT,
            "/api/businesses/seongsan-farm/disclosure",
            Some(&admin),
            &json!({ "fields": ["farm.water_temperature"] }),
        )
        .await;
    assert_eq!(st, 200, "{body}");
    let (st, body) = s.get(&path, None).await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["celsius"], 14.5);
    // The store's counter (retail.counter_temperature is public) stays public.
    let (st, body) = s
        .get(
            &format!("/api/locations/{}/temperature", enc(demo::COUNTER)),
            None,
        )
        .await;
    assert_eq!(st, 200, "{body}");
}

// The custody rule: a lot another business created is named only once a holder sent it.
#[tokio::test]
async fn another_business_lot_is_received_or_used_only_after_it_was_sent() {
    let s = start().await;
    let [farm, processor, wholesaler] = s.tokens(["farm", "processor", "wholesaler"]).await;
    let (l, pack, stolen) = (lot("CUST1"), lot("CUST1P"), lot("CUST1X"));
    let made = create("urn:uuid:cust-made", "seongsan-farm", &l, 10.0, json!({}));
    let (st, body) = s.capture_all(&farm, vec![made]).await;
    assert_eq!(st, 201, "{body}");
    let before = trace_of(&s, &l).await;
    let refused = |body: &Value| {
        assert_eq!(body["error"], "not_in_custody", "{body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(&l.element_string()), "{message}");
        assert!(message.contains("성산양어장"), "{message}");
    };
    // Never sent: the plant may neither receive it nor make its pack from it.
    let receive = observe(
        "urn:uuid:cust-recv",
        "bada-fresh",
        &l,
        json!({ "bizStep": "receiving" }),
    );
    let (st, body) = s.capture_all(&processor, vec![receive.clone()]).await;
    assert_eq!(st, 403, "{body}");
    refused(&body);
    assert_eq!(body["field"], "/epcisBody/eventList/0");
    let repack = transform("urn:uuid:cust-pack", "bada-fresh", &l, &pack);
    let (st, body) = s.capture_all(&processor, vec![repack.clone()]).await;
    assert_eq!(st, 403, "{body}");
    refused(&body);
    assert_eq!(trace_of(&s, &l).await, before, "nothing of it was stored");
    // The farm ships it to the plant: now the plant may receive and repack it.
    let shipped = ship("urn:uuid:cust-ship", "seongsan-farm", &l, "bada-fresh");
    let (st, body) = s.capture_all(&farm, vec![shipped]).await;
    assert_eq!(st, 201, "{body}");
    let (st, body) = s.capture_all(&processor, vec![receive, repack]).await;
    assert_eq!(st, 201, "{body}");
    // The wholesaler still may not, neither the farm's lot nor the plant's pack.
    for attempt in [
        observe("urn:uuid:cust-w1", "noryangjin-wholesale", &l, json!({})),
        transform("urn:uuid:cust-w2", "noryangjin-wholesale", &l, &stolen),
        observe("urn:uuid:cust-w3", "noryangjin-wholesale", &pack, json!({})),
    ] {
        assert_not_in_custody(&s.capture_all(&wholesaler, vec![attempt]).await);
    }
    // Nor may it ship the pack on to itself first (only a holder sends); once the plant
    // passes the pack on, it is the wholesaler's to receive.
    let w = "noryangjin-wholesale";
    let to_itself = ship("urn:uuid:cust-w4", w, &pack, w);
    assert_not_in_custody(&s.capture_all(&wholesaler, vec![to_itself]).await);
    let onward = ship("urn:uuid:cust-ship2", "bada-fresh", &pack, w);
    let (st, body) = s.capture_all(&processor, vec![onward]).await;
    assert_eq!(st, 201, "{body}");
    let received = observe("urn:uuid:cust-w5", "noryangjin-wholesale", &pack, json!({}));
    let (st, body) = s.capture_all(&wholesaler, vec![received]).await;
    assert_eq!(st, 201, "{body}");
}

// The custody rule closes the way onto another business's chain: an admin whose
// attempts were refused cannot then recall or export the lot.
#[tokio::test]
async fn a_refused_attempt_does_not_put_the_lot_on_the_attacker_chain() {
    let s = start().await;
    let farm = s.token("farm").await;
    let attacker = s.admin_of("wholesale-admin", "noryangjin-wholesale").await;
    let (l, mine) = (lot("CUST2"), lot("CUST2X"));
    let made = create("urn:uuid:cust2-made", "seongsan-farm", &l, 10.0, json!({}));
    let (st, body) = s.capture_all(&farm, vec![made]).await;
    assert_eq!(st, 201, "{body}");
    for attempt in [
        observe(
            "urn:uuid:cust2-a",
            "noryangjin-wholesale",
            &l,
            json!({ "bizStep": "receiving" }),
        ),
        transform("urn:uuid:cust2-b", "noryangjin-wholesale", &l, &mine),
    ] {
        assert_not_in_custody(&s.capture_all(&attacker, vec![attempt]).await);
    }
    let (st, body) = s.recall(&attacker, &l.key(), "custody test").await;
    assert_eq!(st, 403, "{body}");
    let (st, body) = s
        .get(
            &format!("/api/lots/{}/export.csv", enc(&l.key())),
            Some(&attacker),
        )
        .await;
    assert_eq!(st, 403, "{body}");
    // The platform operator still may: recalls of any lot are its to make.
    let operator = s.token("admin").await;
    let (st, body) = s.recall(&operator, &l.key(), "custody test").await;
    assert_eq!(st, 201, "{body}");
}

// 5. /epcis/events: own events in full, partners' as disclosed, strangers' not at all.
#[tokio::test]
async fn event_queries_are_scoped_to_the_business_and_its_partners() {
    let s = start().await;
    let [farm, retailer, regulator] = s.tokens(["farm", "retailer", "regulator"]).await;
    let l = lot("SEC5");
    let treated = observe(
        "urn:uuid:sec5-treated",
        "seongsan-farm",
        &l,
        json!({ "lt:treatment.oral_drug_name": "옥시테트라사이클린" }),
    );
    let doc = document(vec![
        create("urn:uuid:sec5-made", "seongsan-farm", &l, 10.0, json!({})),
        treated,
        ship(
            "urn:uuid:sec5-shipped",
            "seongsan-farm",
            &l,
            "hanbit-gangnam",
        ),
    ]);
    let (st, body) = s.capture(&farm, &doc).await;
    assert_eq!(st, 201, "{body}");
    let q = format!("/epcis/events?MATCH_epcClass={}", enc(&l.epc_class_uri()));
    let count = |b: &Value| {
        b["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let (st, own) = s.get(&q, Some(&farm)).await;
    assert_eq!((st, count(&own)), (200, 3), "{own}");
    assert!(own.to_string().contains("oral_drug_name"));
    let (_, stranger) = s.get(&q, Some(&retailer)).await;
    assert_eq!(count(&stranger), 0, "no relationship: nothing: {stranger}");
    // Once the store receives the lot (sent to it) it sees the farm's events, without
    // private fields.
    let received = observe("urn:uuid:sec5-received", "hanbit-gangnam", &l, json!({}));
    let (st, body) = s.capture_all(&retailer, vec![received]).await;
    assert_eq!(st, 201, "{body}");
    let (_, partner) = s.get(&q, Some(&retailer)).await;
    assert_eq!(count(&partner), 4, "{partner}");
    assert!(!partner.to_string().contains("oral_drug_name"), "{partner}");
    let (_, all) = s.get(&q, Some(&regulator)).await;
    assert!(all.to_string().contains("oral_drug_name"));
    // The demo's own drug record is hidden from the store as well.
    let (_, every) = s.get("/epcis/events?perPage=1000", Some(&retailer)).await;
    assert!(!every.to_string().contains("oral_drug_name"), "{every}");
}

// 6. Sign-in attempts are counted as they are checked: parallel guesses cannot all pass.
#[tokio::test]
async fn parallel_wrong_passwords_are_counted_before_they_are_checked() {
    let s = start().await;
    let attempts = (0..40).map(|_| s.login("farm", "not the password"));
    let statuses: Vec<u16> = futures_join_all(attempts).await;
    let evaluated = statuses.iter().filter(|&&st| st == 401).count();
    assert!(
        evaluated <= 5,
        "{evaluated} of 40 were checked: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&st| st == 429).count(),
        40 - evaluated
    );
    // Per address: 60 names from one address, at most 20 checked.
    let names: Vec<String> = (0..60).map(|i| format!("nobody-{i}")).collect();
    let statuses: Vec<u16> = futures_join_all(names.iter().map(|n| s.login(n, "guess"))).await;
    let evaluated = statuses.iter().filter(|&&st| st == 401).count();
    assert!(evaluated <= 20, "{evaluated} of 60 were checked");
}

/// Every request in flight before any answer is awaited.
async fn futures_join_all<F: std::future::Future<Output = (u16, Value)>>(
    futures: impl Iterator<Item = F>,
) -> Vec<u16> {
    futures::future::join_all(futures)
        .await
        .into_iter()
        .map(|(st, _)| st)
        .collect()
}

// 7. No cell of a CSV the server writes starts a spreadsheet formula.
#[tokio::test]
async fn csv_cells_never_start_a_formula() {
    let s = start().await;
    let [processor, regulator] = s.tokens(["processor", "regulator"]).await;
    let pack = lot("SEC7");
    let evil = "=HYPERLINK(\"http://evil.example\",\"click\")";
    let made = create(
        "urn:uuid:sec7",
        "bada-fresh",
        &pack,
        2.0,
        json!({ "lt:processing.product_name": evil }),
    );
    let (st, body) = s.capture_all(&processor, vec![made]).await;
    assert_eq!(st, 201, "{body}");
    let r = s
        .client
        .get(s.url(&format!("/api/lots/{}/export.csv", pack.key())))
        .bearer_auth(&regulator)
        .send()
        .await
        .expect("export");
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.expect("text");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| {
            r.expect("record")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(cells.contains(&format!("'{evil}")), "{text}");
    assert!(
        cells
            .iter()
            .all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        "{text}"
    );
}

async fn raw(addr: &str) -> tokio::net::TcpStream {
    tokio::net::TcpStream::connect(addr).await.expect("connect")
}

/// A raw connection that sent a capture's headers, declaring `length` body bytes, and
/// `start` of the body.
async fn capture_started(
    s: &Server,
    token: &str,
    length: u64,
    start: &str,
) -> tokio::net::TcpStream {
    let mut c = raw(s.base.trim_start_matches("http://")).await;
    let head = format!(
        "POST /epcis/capture HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n{start}"
    );
    c.write_all(head.as_bytes()).await.expect("write");
    c
}

/// The first bytes the server answers within `secs`.
async fn first_answer(stream: &mut tokio::net::TcpStream, secs: u64, what: &str) -> String {
    let mut buf = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(secs), stream.read(&mut buf))
        .await
        .expect(what)
        .expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Reads until the server closes or `secs` pass; `None` when it did not close in time.
async fn read_to_close(stream: &mut tokio::net::TcpStream, secs: u64) -> Option<String> {
    let mut out = Vec::new();
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(secs),
        stream.read_to_end(&mut out),
    )
    .await;
    match r {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

// 8. Slow clients: headers that never finish are cut off; beyond the connection cap
// and beyond the in-flight limit the server answers 503 with Retry-After at once.
#[tokio::test]
async fn slow_clients_are_cut_off_and_too_many_are_refused_with_503() {
    let s = start_with(|state| {
        state.limits.header_timeout = std::time::Duration::from_secs(1);
        state.limits.max_connections = 3;
    })
    .await;
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut slow = raw(&addr).await;
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let closed = read_to_close(&mut slow, 5).await;
    assert!(
        closed.is_some(),
        "a request whose headers never finish is closed"
    );
    // Three idle connections fill the cap; the fourth is answered 503 and closed.
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut c = raw(&addr).await;
        c.write_all(b"GET /api/health HTTP/1.1\r\n")
            .await
            .expect("write");
        held.push(c);
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let mut extra = raw(&addr).await;
    let answer = read_to_close(&mut extra, 3)
        .await
        .expect("answered at once");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("Retry-After: 1"), "{answer}");
    drop(held);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_answered_408() {
    let s = start_with(|state| state.limits.body_timeout = std::time::Duration::from_secs(1)).await;
    let token = s.token("farm").await;
    let mut slow = capture_started(&s, &token, 1000, "{").await;
    let answer = first_answer(&mut slow, 5, "answered once the body timeout passed").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn requests_beyond_the_in_flight_limit_are_shed_with_503() {
    let s = start_with(|state| state.limits.max_in_flight = 1).await;
    let token = s.token("farm").await;
    // One capture whose body is still arriving holds the only slot.
    let slow = capture_started(&s, &token, 1000, "{").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let r = s
        .client
        .get(s.url("/api/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(r.status().as_u16(), 503);
    assert_eq!(
        r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        Some("1")
    );
    drop(slow);
}

// 9. Filter lists are capped, and a long list does not grow the query.
#[tokio::test]
async fn filter_lists_are_capped_with_400() {
    let s = start().await;
    let token = s.token("regulator").await;
    let many = |n: usize| {
        (0..n)
            .map(|i| format!("urn:epc:id:sgtin:8801234.000208.{i}"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let (st, body) = s
        .get(
            &format!("/epcis/events?MATCH_anyEPC={}", enc(&many(500))),
            Some(&token),
        )
        .await;
    assert_error(st, &body, 400, "too_many_values");
    assert_eq!(body["field"], "MATCH_anyEPC");
    let (st, body) = s
        .get(
            &format!("/epcis/events?MATCH_anyEPC={}", enc(&many(100))),
            Some(&token),
        )
        .await;
    assert_eq!(st, 200, "{body}");
}

// 10. Event times in the future are refused; recordTime is always the server's.
#[tokio::test]
async fn future_event_times_are_refused_and_record_time_is_the_servers() {
    let s = start().await;
    let farm = s.token("farm").await;
    let in_days = (Utc::now() + Duration::days(30)).to_rfc3339_opts(SecondsFormat::Secs, true);
    for time in [
        "2999-01-01T00:00:00+09:00",
        "9999-12-31T00:00:00Z",
        in_days.as_str(),
    ] {
        let mut e = observe(
            "urn:uuid:sec10-future",
            "seongsan-farm",
            &lot("SEC10"),
            json!({}),
        );
        e["eventTime"] = json!(time);
        let (st, body) = s.capture_all(&farm, vec![e]).await;
        assert_eq!(st, 400, "{time}: {body}");
        assert_eq!(body["field"], "/epcisBody/eventList/0/eventTime", "{body}");
    }
    let mut e = create(
        "urn:uuid:sec10-now",
        "seongsan-farm",
        &lot("SEC10"),
        1.0,
        json!({}),
    );
    e["recordTime"] = json!("2000-01-01T00:00:00Z");
    let (st, body) = s.capture_all(&farm, vec![e]).await;
    assert_eq!(st, 201, "{body}");
    let (_, q) = s
        .get("/epcis/events?EQ_eventID=urn:uuid:sec10-now", Some(&farm))
        .await;
    let rt = q["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["recordTime"]
        .as_str()
        .expect("recordTime")
        .to_string();
    assert!(
        rt.starts_with(&Utc::now().format("%Y-").to_string()),
        "{rt}"
    );
}

// 11. Identifiers by the codes module, quantities by the dictionary's range.
#[tokio::test]
async fn implausible_identifiers_and_quantities_are_refused() {
    let s = start().await;
    let farm = s.token("farm").await;
    for kg in [1e20, 1e308, -5.0] {
        let e = create(
            "urn:uuid:sec11-q",
            "seongsan-farm",
            &lot("SEC11"),
            kg,
            json!({}),
        );
        let (st, body) = s.capture_all(&farm, vec![e]).await;
        assert_eq!(st, 400, "{kg}: {body}");
        assert_eq!(
            body["field"], "/epcisBody/eventList/0/quantityList/0/quantity",
            "{body}"
        );
    }
    let mut e = create(
        "urn:uuid:sec11-id",
        "seongsan-farm",
        &lot("SEC11"),
        1.0,
        json!({}),
    );
    e["quantityList"][0]["epcClass"] = json!(format!(
        "urn:epc:class:lgtin:8801234.000208.{}",
        "L".repeat(10_000)
    ));
    let (st, body) = s.capture_all(&farm, vec![e]).await;
    assert_eq!(st, 400, "{body}");
    assert_eq!(
        body["field"], "/epcisBody/eventList/0/quantityList/0/epcClass",
        "{body}"
    );
}

// 12. A declared oversize body is refused at once; storage failures say "retry";
// HSTS is a flag.
#[tokio::test]
async fn oversize_bodies_are_refused_before_they_are_read() {
    let s = start().await;
    let token = s.token("farm").await;
    let mut c = capture_started(&s, &token, 104_857_600, "").await;
    let answer = first_answer(&mut c, 2, "answered without waiting for the body").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn a_busy_database_answers_503_with_retry_after() {
    let s = start().await;
    let farm = s.token("farm").await;
    // Another process holds the write lock past the server's 5 s busy timeout.
    let lock = rusqlite::Connection::open(&s.db).expect("open");
    lock.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let e = create(
        "urn:uuid:sec12-busy",
        "seongsan-farm",
        &lot("SEC12"),
        1.0,
        json!({}),
    );
    let r = s
        .client
        .post(s.url("/epcis/capture"))
        .bearer_auth(&farm)
        .header("content-type", "application/json")
        .body(document(vec![e]).to_string())
        .send()
        .await
        .expect("capture");
    let status = r.status().as_u16();
    let retry = r.headers().get("retry-after").is_some();
    let body: Value = r.json().await.expect("json");
    lock.execute_batch("ROLLBACK").expect("unlock");
    assert_error(status, &body, 503, "storage_unavailable");
    assert!(retry);
}

#[tokio::test]
async fn hsts_is_sent_only_when_asked_for() {
    let plain = start().await;
    let r = plain
        .client
        .get(plain.url("/api/health"))
        .send()
        .await
        .expect("health");
    assert!(r.headers().get("strict-transport-security").is_none());
    let tls = start_with(|state| state.hsts = true).await;
    let r = tls
        .client
        .get(tls.url("/api/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(
        r.headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000; includeSubDomains")
    );
}
