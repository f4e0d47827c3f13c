//! Shared by the API tests: the real router on a loopback port (with client addresses,
//! as the binary serves it) over a real SQLite file seeded with the demo chain and its
//! accounts, and small HTTP helpers.
#![allow(dead_code)]

use lottrace_server::{demo, store::SqliteStore, AppState};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub struct Server {
    pub base: String,
    pub db: PathBuf,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub fn write_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("dist dir");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from '/app.js';init();</script></head><body></body></html>",
    )
    .expect("index.html");
    dist
}

/// A database with the demo chain and accounts, made once per test binary (hashing the
/// nine passwords is the slow part) and copied for each server.
fn template() -> &'static PathBuf {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("template.db");
        {
            let store = SqliteStore::open(&path).expect("open template");
            demo::seed(&store, "http://127.0.0.1:1").expect("seed");
            demo::seed_accounts(&store).expect("accounts");
        }
        (dir, path)
    });
    path
}

pub async fn start() -> Server {
    start_with(|_| {}).await
}

pub async fn start_with(configure: impl FnOnce(&mut AppState)) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = write_dist(dir.path());
    let db = dir.path().join("t.db");
    std::fs::copy(template(), &db).expect("copy template");
    let store = SqliteStore::open(&db).expect("open db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut state = AppState::new(Arc::new(store), &dist, vec![addr.to_string()]).expect("state");
    configure(&mut state);
    tokio::spawn(lottrace_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    Server {
        base: format!("http://{addr}"),
        db,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

pub fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A response header as text, if present and readable.
pub fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

pub async fn body_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login(&self, username: &str, password: &str) -> (u16, Value) {
        let r = self
            .client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("login request");
        body_of(r).await
    }

    /// A bearer token of the demo account of this role.
    pub async fn token(&self, role: &str) -> String {
        let (status, body) = self.login(role, &demo::demo_password(role)).await;
        assert_eq!(status, 200, "login as {role}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// Tokens of the demo accounts of these roles, in order.
    pub async fn tokens<const N: usize>(&self, roles: [&str; N]) -> [String; N] {
        let mut tokens = Vec::with_capacity(N);
        for role in roles {
            tokens.push(self.token(role).await);
        }
        tokens.try_into().expect("one token per role")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        body_of(req.send().await.expect("GET")).await
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        body_of(req.send().await.expect("request")).await
    }

    /// A regulator recalls the demo's farm lot TR261116 (an ancestor of both packs).
    pub async fn recall_farm_lot(&self) -> (u16, Value) {
        let regulator = self.token("regulator").await;
        self.recall(
            &regulator,
            "(01)08801234000208(10)TR261116",
            "비브리오 검출",
        )
        .await
    }

    /// A bearer token of a new `admin` account of `business` (the demo has one admin
    /// only, the platform operator's).
    pub async fn admin_of(&self, username: &str, business: &str) -> String {
        use lottrace_server::store::AccountStore;
        let password = "business-admin-test";
        {
            let store = SqliteStore::open(&self.db).expect("open db");
            let hash = lottrace_server::auth::hash_password(password).expect("hash");
            store
                .add_user(username, business, lottrace_core::role::Role::Admin, &hash)
                .expect("add admin");
        }
        let (status, body) = self.login(username, password).await;
        assert_eq!(status, 200, "login as {username}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// Declares a recall of the lot given in any code form.
    pub async fn recall(&self, token: &str, lot: &str, reason: &str) -> (u16, Value) {
        let body = json!({ "lot": lot, "reason": reason });
        self.send_json(reqwest::Method::POST, "/api/recalls", Some(token), &body)
            .await
    }

    /// Captures these events as one document.
    pub async fn capture_all(&self, token: &str, events: Vec<Value>) -> (u16, Value) {
        self.capture(token, &document(events)).await
    }

    pub async fn capture(&self, token: &str, doc: &Value) -> (u16, Value) {
        let r = self
            .client
            .post(self.url("/epcis/capture"))
            .bearer_auth(token)
            .header("content-type", "application/ld+json")
            .body(doc.to_string())
            .send()
            .await
            .expect("capture");
        body_of(r).await
    }
}

pub const LIVE: &str = "08801234000208";
pub const FARM_GLN: &str = "8801234000024";

/// The GLN of a demo business.
pub fn gln_of(business: &str) -> String {
    demo::businesses()
        .into_iter()
        .find(|b| b.id == business)
        .map(|b| b.gln)
        .expect("a demo business")
}

/// A demo business's place as a `readPoint` or `bizLocation`.
pub fn at(business: &str) -> Value {
    json!({ "id": sgln(&gln_of(business)) })
}

/// A lot of live flounder (the demo's live-fish GTIN).
pub fn lot(name: &str) -> lottrace_core::codes::LotKey {
    lottrace_core::codes::LotKey::Gtin {
        gtin: LIVE.into(),
        lot: name.into(),
    }
}

/// An RFC 3339 time this many hours ago (UTC).
pub fn hours_ago(hours: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(hours))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn lgtin(gtin: &str, lot: &str) -> String {
    lottrace_core::codes::LotKey::Gtin {
        gtin: gtin.into(),
        lot: lot.into(),
    }
    .epc_class_uri()
}

/// `urn:epc:id:sgln:` of a demo GLN (company prefix 8801234).
pub fn sgln(gln: &str) -> String {
    format!("urn:epc:id:sgln:8801234.{}.0", &gln[7..12])
}

/// The members that make an event a shipment to the business at `gln`: its owning party
/// (PGLN) in `destinationList`, which is what the custody rule reads.
pub fn shipped_to(gln: &str) -> Value {
    let party = lottrace_core::codes::epc_pgln_uri(gln, 7).expect("a demo GLN");
    json!({
        "bizStep": "shipping",
        "destinationList": [{ "type": "owning_party", "destination": party }]
    })
}

/// Asserts an answer is this JSON error.
pub fn assert_error(status: u16, body: &Value, expected: u16, error: &str) {
    assert_eq!(
        (status, body["error"].as_str()),
        (expected, Some(error)),
        "{body}"
    );
}

/// Asserts a capture answer is the custody rule's refusal.
pub fn assert_not_in_custody((status, body): &(u16, Value)) {
    assert_error(*status, body, 403, "not_in_custody");
}

pub fn document(events: Vec<Value>) -> Value {
    json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "lt": lottrace_core::epcis::LT_IRI }],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-20T07:00:00+09:00",
        "epcisBody": { "eventList": events }
    })
}

/// An OBSERVE event at the farm (Seongsan) naming a lot.
pub fn farm_event(id: &str, time: &str, step: &str, lot: &str, kg: f64) -> Value {
    json!({
        "type": "ObjectEvent",
        "eventID": id,
        "eventTime": time,
        "eventTimeZoneOffset": "+09:00",
        "action": "OBSERVE",
        "bizStep": step,
        "readPoint": { "id": sgln(FARM_GLN) },
        "bizLocation": { "id": sgln(FARM_GLN) },
        "quantityList": [{ "epcClass": lgtin(LIVE, lot), "quantity": kg, "uom": "KGM" }]
    })
}
