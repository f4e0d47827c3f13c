//! Staff accounts through real HTTP: sign-in, tokens, expiry, rate limits, and the
//! denials of each protected endpoint (401 without a valid token, 403 for the wrong
//! business or role), every one a JSON error.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn login_returns_a_bearer_token_that_logout_revokes() {
    let s = start().await;
    let (status, body) = s.login("processor", "demo-processor-2026").await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().expect("token").to_string();
    assert!(token.len() >= 40);
    assert_eq!(body["user"]["username"], "processor");
    assert_eq!(body["user"]["business"], "bada-fresh");
    assert_eq!(body["user"]["role"], "processor");
    let expires =
        chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().expect("expiry"))
            .expect("RFC 3339");
    let hours =
        (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((11.9..=12.1).contains(&hours), "{hours}");
    let (status, me) = s.get("/api/auth/me", Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["business"]["gln"], "8801234000055");

    // The token is not stored as such: only its SHA-256 is in the database.
    let conn = rusqlite::Connection::open(&s.db).expect("open db");
    let stored: Vec<String> = conn
        .prepare("SELECT token_hash FROM sessions")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .expect("sessions");
    assert!(
        !stored.contains(&token) && stored.len() == 1 && stored[0].len() == 64,
        "{stored:?}"
    );
    let hash: String = conn
        .query_row(
            "SELECT password_hash FROM users WHERE username = 'processor'",
            [],
            |r| r.get(0),
        )
        .expect("user");
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    let r = s
        .client
        .post(s.url("/api/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status().as_u16(), 204);
    let (status, body) = s.get("/api/auth/me", Some(&token)).await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn missing_bad_and_expired_tokens_are_401() {
    let s = start_with(|state| state.session_ttl = std::time::Duration::from_secs(1)).await;
    let doc = document(vec![farm_event(
        "urn:uuid:1",
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "AUTH1",
        1.0,
    )]);
    let (status, body) = body_of(
        s.client
            .post(s.url("/epcis/capture"))
            .json(&doc)
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) = s.capture("not-a-token", &doc).await;
    assert_error(status, &body, 401, "unauthorized");
    let r = s
        .client
        .get(s.url("/epcis/events"))
        .header("authorization", "Basic ZmFybTpmYXJt")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status().as_u16(), 401);

    let token = s.token("farm").await;
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let (status, body) = s.capture(&token, &doc).await;
    assert_error(status, &body, 401, "token_expired");
}

#[tokio::test]
async fn wrong_password_unknown_user_and_bad_bodies() {
    let s = start().await;
    let (status, body) = s.login("farm", "wrong-password").await;
    assert_error(status, &body, 401, "invalid_credentials");
    let (status, unknown) = s.login("nobody", "wrong-password").await;
    assert_eq!(status, 401);
    assert_eq!(
        unknown["message"], body["message"],
        "unknown users look the same as wrong passwords"
    );
    let (status, body) = s
        .send_json(
            Method::POST,
            "/api/auth/login",
            None,
            &json!({ "username": "farm" }),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("")), "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("password")),
        "{body}"
    );
    let (status, body) = s
        .send_json(
            Method::POST,
            "/api/auth/login",
            None,
            &json!({ "username": 7, "password": "x" }),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/username")),
        "{body}"
    );
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .body("username=farm")
        .send()
        .await
        .expect("send");
    let (status, body) = body_of(r).await;
    assert_eq!(status, 415, "{body}");
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"username\":")
        .send()
        .await
        .expect("send");
    let (status, body) = body_of(r).await;
    assert_error(status, &body, 400, "malformed_json");
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_per_account_and_per_ip() {
    let s = start().await;
    for _ in 0..5 {
        assert_eq!(s.login("retailer", "guess").await.0, 401);
    }
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .json(&json!({ "username": "retailer", "password": "demo-retailer-2026" }))
        .send()
        .await
        .expect("send");
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    let (status, body) = body_of(r).await;
    assert_eq!(status, 429, "even the right password waits: {body}");
    assert_eq!(body["error"], "too_many_attempts");
    assert!((1..=300).contains(&retry), "{retry}");
    // Other accounts are not locked by one account's failures...
    assert_eq!(s.login("hatchery", "demo-hatchery-2026").await.0, 200);
    // ...but one address spraying many accounts is.
    for i in 0..15 {
        assert_eq!(
            s.login(&format!("nobody{i}"), "guess").await.0,
            401,
            "attempt {i}"
        );
    }
    let (status, body) = s.login("farm", "demo-farm-2026").await;
    assert_eq!(status, 429, "20 failures from one address: {body}");
}

#[tokio::test]
async fn each_endpoint_refuses_the_wrong_business_or_role() {
    let s = start().await;
    let farm = s.token("farm").await;
    // A farm may record only at its own locations: an event at the plant is refused,
    // naming the event.
    let mut at_plant = farm_event(
        "urn:uuid:2",
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "AUTH2",
        1.0,
    );
    at_plant["readPoint"] = json!({ "id": sgln("8801234000055") });
    at_plant["bizLocation"] = json!({ "id": sgln("8801234000055") });
    let ours = farm_event(
        "urn:uuid:3",
        "2026-11-19T06:00:00+09:00",
        "shipping",
        "AUTH2",
        1.0,
    );
    let (status, body) = s
        .capture_all(&farm, vec![ours.clone(), at_plant.clone()])
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["field"], "/epcisBody/eventList/1");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("성산양어장")),
        "{body}"
    );
    // Our read point does not make another business's location ours.
    let mut mixed = at_plant.clone();
    mixed["readPoint"] = json!({ "id": sgln(FARM_GLN) });
    let (status, body) = s.capture_all(&farm, vec![mixed]).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (403, Some("/epcisBody/eventList/0")),
        "{body}"
    );
    // A location with an extension, or as a Digital Link, is still the farm's.
    let mut dl = ours.clone();
    dl["eventID"] = json!("urn:uuid:4");
    dl["readPoint"] = json!({ "id": "https://id.gs1.org/414/8801234000024/254/tank-7" });
    dl.as_object_mut().map(|o| o.remove("bizLocation"));
    let (status, body) = s.capture_all(&farm, vec![dl]).await;
    assert_eq!(status, 201, "{body}");
    // The global admin may record for any business.
    let admin = s.token("admin").await;
    let (status, body) = s.capture_all(&admin, vec![at_plant]).await;
    assert_eq!(status, 201, "{body}");
    // A regulator reads but does not record.
    let regulator = s.token("regulator").await;
    let (status, body) = s.capture_all(&regulator, vec![ours]).await;
    assert_error(status, &body, 403, "forbidden");

    // Recalls and exports: admins and regulators only.
    let recall = json!({ "lot": "01/08801234567893/10/L261117A", "reason": "test" });
    let (status, body) = s
        .send_json(Method::POST, "/api/recalls", Some(&farm), &recall)
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = s
        .get(
            &format!(
                "/api/lots/{}/export.csv",
                enc("01/08801234567893/10/L261117A")
            ),
            Some(&farm),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = s
        .send_json(Method::POST, "/api/recalls", None, &recall)
        .await;
    assert_eq!(status, 401);

    // Disclosure settings: the business's own admin, or a global admin.
    // A farm worker is not the farm's admin; a regulator administers no business.
    for (business, token, expected) in [
        ("seongsan-farm", &farm, 403),
        ("seongsan-farm", &admin, 200),
        ("seongsan-farm", &regulator, 403),
        ("nowhere", &admin, 404),
    ] {
        let path = format!("/api/businesses/{business}/disclosure");
        let (status, body) = s.get(&path, Some(token)).await;
        assert_eq!(status, expected, "{path}: {body}");
    }
}

#[tokio::test]
async fn public_read_endpoints_are_open_cross_origin_and_nothing_else_is() {
    let s = start().await;
    let trace = s.url(&format!(
        "/api/trace/{}",
        enc("01/08801234567893/10/L261117A")
    ));
    let r = s
        .client
        .get(&trace)
        .header("origin", "https://partner.example")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"*"[..])
    );
    assert!(r
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    let csp = header(&r, "content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let r = s
        .client
        .request(Method::OPTIONS, &trace)
        .header("origin", "https://partner.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .expect("preflight");
    assert!(r.status().is_success(), "{}", r.status());
    let methods = header(&r, "access-control-allow-methods").unwrap_or_default();
    assert!(
        methods.contains("GET") && !methods.contains("POST"),
        "{methods}"
    );
    for path in ["/api/fields", "/api/codes/08801234567893"] {
        let r = s
            .client
            .get(s.url(path))
            .header("origin", "https://partner.example")
            .send()
            .await
            .expect("send");
        assert_eq!(
            r.headers()
                .get("access-control-allow-origin")
                .map(|v| v.as_bytes()),
            Some(&b"*"[..]),
            "{path}"
        );
    }
    for (method, path) in [
        (Method::POST, "/api/auth/login"),
        (Method::GET, "/epcis/events"),
        (Method::POST, "/api/recalls"),
    ] {
        let r = s
            .client
            .request(method.clone(), s.url(path))
            .header("origin", "https://evil.example")
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("send");
        assert!(
            r.headers().get("access-control-allow-origin").is_none(),
            "{method} {path} must not be CORS-open"
        );
        let body: Value = r.json().await.unwrap_or(Value::Null);
        assert!(body["error"].is_string(), "{path}: {body}");
    }
}
