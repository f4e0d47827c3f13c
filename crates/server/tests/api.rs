//! The public API through real HTTP: the real router on a loopback port, a real SQLite
//! file seeded with the demo chain.

mod support;

use base64::Engine;
use lottrace_server::{app, demo, store::SqliteStore, AppState};
use serde_json::Value;
use sha2::Digest;
use std::sync::Arc;
use support::{header, write_dist};

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = write_dist(dir.path());
    // The staff app: its own page and loader under /staff/.
    std::fs::create_dir_all(dist.join("staff")).expect("staff dir");
    std::fs::write(
        dist.join("staff").join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from '/staff/staff.js';init();</script></head><body>staff</body></html>",
    )
    .expect("staff index.html");
    // The scan app: its page starts the camera and the decoder in an inline script of
    // its own, before its loader.
    std::fs::create_dir_all(dist.join("scan")).expect("scan dir");
    std::fs::write(
        dist.join("scan").join("index.html"),
        "<!doctype html><html><head><script>window.__ltScan={};</script><script type=\"module\">import init from '/scan/scan.js';init();</script></head><body>scan</body></html>",
    )
    .expect("scan index.html");
    // A built file with the precompressed twin `cargo xtask build` writes.
    std::fs::write(dist.join("app-0123456789abcdef.js"), "export default 1;").expect("js");
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), b"brotli bytes").expect("js.br");
    let store = SqliteStore::open(&dir.path().join("t.db")).expect("open db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    demo::seed(&store, &base).expect("seed");
    let state = AppState::new(Arc::new(store), &dist, vec![addr.to_string()]).expect("state");
    tokio::spawn(async move { axum::serve(listener, app(state)).await });
    Server { base, _dir: dir }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

async fn get(url: &str) -> (u16, Value) {
    let r = reqwest::get(url).await.expect("request");
    let status = r.status().as_u16();
    let body = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn trace_of_a_retail_pack_reaches_both_farms_with_mass_shares() {
    let s = start().await;
    let (status, body) = get(&format!(
        "{}/api/trace/{}?lang=en",
        s.base,
        enc("01/08801234567893/10/L261117A")
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["lot"]["gtin"], "08801234567893");
    assert_eq!(body["lot"]["product"], "넙치 싱싱회");
    let stages: Vec<&str> = body["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(stages, ["Fry", "Farm", "Transport", "Processing", "Retail"]);
    let ancestors = body["genealogy"]["ancestors"]
        .as_array()
        .expect("ancestors");
    let share = |lot: &str| {
        ancestors
            .iter()
            .find(|a| a["lot_key"].as_str().is_some_and(|k| k.ends_with(lot)))
            .and_then(|a| a["share"].as_f64())
    };
    assert_eq!(share("/10/SS2611A"), Some(420.0 / 800.0));
    assert_eq!(share("/10/HL2611B"), Some(380.0 / 800.0));
    assert_eq!(share("/10/FRY2603A"), Some(1.0));
    let businesses: Vec<&str> = body["businesses"]
        .as_array()
        .expect("businesses")
        .iter()
        .filter_map(|b| b["name"].as_str())
        .collect();
    assert!(
        businesses.contains(&"성산양어장") && businesses.contains(&"한림양어장"),
        "{businesses:?}"
    );
    assert!(businesses.contains(&"한빛마트 강남점"));
    assert!(
        !businesses.contains(&"푸른수산 마포점"),
        "the sibling pack's store leaked in"
    );
    let text = body.to_string();
    assert!(
        !text.contains("옥시테트라사이클린"),
        "a private field was disclosed"
    );
}

#[tokio::test]
async fn every_code_form_of_a_lot_resolves_to_the_same_trace() {
    let s = start().await;
    let forms = [
        "01/08801234567893/10/L261117A".to_string(),
        format!("{}/01/08801234567893/10/L261117A", s.base),
        "(01)08801234567893(10)L261117A".to_string(),
        "https://id.gs1.org/01/08801234567893/10/L261117A".to_string(),
    ];
    for form in forms {
        let (status, body) = get(&format!("{}/api/trace/{}", s.base, enc(&form))).await;
        assert_eq!(status, 200, "{form}: {body}");
        assert_eq!(body["lot"]["lot"], "L261117A", "{form}");
    }
}

#[tokio::test]
async fn a_compressed_digital_link_answers_as_its_uncompressed_form() {
    use lottrace_core::codes::{identify, ResolverConfig};
    let s = start().await;
    let plain = format!("{}/01/08801234567893/10/L261117A?17=261120", s.base);
    let id = identify(&plain, &ResolverConfig::new([s.base.clone()])).expect("demo link");
    let compressed = id.compressed_digital_link(&s.base).expect("compressible");
    assert!(!compressed.contains("/01/"), "{compressed}");
    for route in ["codes", "trace"] {
        let (status, want) = get(&format!("{}/api/{route}/{}", s.base, enc(&plain))).await;
        assert_eq!(status, 200, "{route}: {want}");
        let (status, got) = get(&format!("{}/api/{route}/{}", s.base, enc(&compressed))).await;
        assert_eq!(status, 200, "{route} {compressed}: {got}");
        assert_eq!(got, want, "{route} {compressed}");
    }
    // Damaged data after a valid key: refused with the reason, as a bad code.
    let damaged = compressed.get(..compressed.len() - 3).expect("long enough");
    let (status, body) = get(&format!("{}/api/codes/{}", s.base, enc(damaged))).await;
    assert_eq!(status, 400, "{damaged}: {body}");
    assert_eq!(body["error"], "bad_compressed", "{body}");
}

#[tokio::test]
async fn unknown_and_malformed_codes_get_json_errors() {
    let s = start().await;
    let (status, body) = get(&format!(
        "{}/api/trace/{}",
        s.base,
        enc("01/08801234567893/10/NOPE")
    ))
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
    let (status, body) = get(&format!(
        "{}/api/trace/{}",
        s.base,
        enc("01/08801234567890/10/L1")
    ))
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("check digit")),
        "{body}"
    );
    let (status, body) = get(&format!("{}/api/trace/{}", s.base, enc("hello <script>"))).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    let (status, body) = get(&format!("{}/api/nothing-here", s.base)).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
    let r = reqwest::Client::new()
        .post(format!("{}/api/fields", s.base))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 405);
    let body: Value = r.json().await.expect("json body");
    assert_eq!(body["error"], "method_not_allowed");
}

#[tokio::test]
async fn trace_is_cacheable_with_an_etag() {
    let s = start().await;
    let url = format!(
        "{}/api/trace/{}",
        s.base,
        enc("01/08801234567893/10/L261117B")
    );
    let first = reqwest::get(&url).await.expect("request");
    let etag = first
        .headers()
        .get("etag")
        .expect("etag")
        .to_str()
        .expect("ascii")
        .to_string();
    let second = reqwest::Client::new()
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(second.status().as_u16(), 304);
    // The language changes the body, so it changes the tag too.
    let korean = reqwest::Client::new()
        .get(format!("{url}?lang=en"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(korean.status().as_u16(), 200);
}

#[tokio::test]
async fn deep_links_load_the_app_under_a_strict_csp() {
    let s = start().await;
    let r = reqwest::get(format!("{}/01/08801234567893/10/L261117A", s.base))
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    let csp = r
        .headers()
        .get("content-security-policy")
        .expect("csp")
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"),
        "{csp}"
    );
    assert_eq!(
        r.headers()
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert!(r.text().await.expect("body").contains("<!doctype html>"));
}

/// A page's status, Content-Security-Policy and body.
async fn page(s: &Server, path: &str) -> (u16, String, String) {
    let r = reqwest::get(format!("{}{path}", s.base))
        .await
        .expect("request");
    let csp = header(&r, "content-security-policy").unwrap_or_default();
    (r.status().as_u16(), csp, r.text().await.expect("body"))
}

#[tokio::test]
async fn staff_paths_load_the_staff_app_and_its_loader_is_allowed_by_the_csp() {
    let s = start().await;
    for path in [
        "/staff",
        "/staff/",
        "/staff/new/harvest",
        "/staff/outbox?lang=en",
    ] {
        let (status, csp, body) = page(&s, path).await;
        assert_eq!(status, 200, "{path}");
        // Every app's inline scripts (shopper 1, staff 1, scan 2) are hashed into the
        // one policy.
        assert_eq!(csp.matches("'sha256-").count(), 4, "{path}: {csp}");
        assert!(body.contains("/staff/staff.js"), "{path}: {body}");
    }
    // Everything else stays with the shopper app.
    let (_, _, body) = page(&s, "/01/08801234567893/10/L261117A").await;
    assert!(body.contains("'/app.js'"), "{body}");
}

#[tokio::test]
async fn the_scan_screen_is_its_own_app_at_the_new_and_the_old_path() {
    let s = start().await;
    // `/scan` is where the shopper app's scan screen was: old bookmarks and printed
    // links land on the scan app itself (no redirect: one round trip less on a phone),
    // with their query.
    for path in [
        "/scan",
        "/scan/",
        "/scan?lang=en",
        "/scan/?lang=zh",
        "/scan/x",
    ] {
        let (status, csp, body) = page(&s, path).await;
        assert_eq!(status, 200, "{path}");
        // The early-start script is allowed by its hash.
        let early = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(b"window.__ltScan={};"));
        assert!(csp.contains(&format!("'sha256-{early}'")), "{path}: {csp}");
        assert!(body.contains("/scan/scan.js"), "{path}: {body}");
    }
    // A path that merely starts with the same letters stays with the shopper app.
    let (_, _, body) = page(&s, "/scanner").await;
    assert!(body.contains("'/app.js'"), "{body}");
}

#[tokio::test]
async fn built_files_are_sent_as_their_precompressed_twins() {
    let s = start().await;
    let client = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .expect("client");
    let url = format!("{}/app-0123456789abcdef.js", s.base);
    let r = client
        .get(&url)
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"brotli bytes");
    // A browser that takes neither gets the file itself.
    let r = client
        .get(&url)
        .header("accept-encoding", "identity")
        .send()
        .await
        .expect("request");
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(
        r.bytes().await.expect("body").as_ref(),
        b"export default 1;"
    );
}

#[tokio::test]
async fn field_dictionary_is_served_in_the_documented_shape() {
    let s = start().await;
    let (status, body) = get(&format!("{}/api/fields", s.base)).await;
    assert_eq!(status, 200);
    assert_eq!(body["namespace"]["prefix"], "lt");
    let first = &body["fields"][0];
    for member in [
        "key",
        "stage",
        "labels",
        "type",
        "unit",
        "values",
        "required",
        "disclosure",
        "epcis",
    ] {
        assert!(first.get(member).is_some(), "field lacks {member}: {first}");
    }
}

#[tokio::test]
async fn seeding_the_demo_twice_stores_each_event_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("t.db")).expect("open");
    use lottrace_server::store::EventStore;
    demo::seed(&store, "http://127.0.0.1:1").expect("seed");
    let n = store.event_count().expect("count");
    demo::seed(&store, "http://127.0.0.1:1").expect("seed again");
    assert_eq!(store.event_count().expect("count"), n);
    // The chain, plus one reading of the counter thermometer (seeded once an hour).
    assert_eq!(n as usize, demo::events().expect("demo chain").len() + 1);
}

#[tokio::test]
async fn codes_endpoint_identifies_or_says_exactly_why_not() {
    let s = start().await;
    let link = format!("{}/01/08801234567893/10/L261117A?17=261120", s.base);
    let (status, body) = get(&format!("{}/api/codes/{}", s.base, enc(&link))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kind"], "digital_link");
    assert_eq!(body["gtin"], "08801234567893");
    assert_eq!(body["lot"], "L261117A");
    assert_eq!(body["trusted"], true);
    assert_eq!(body["dates"][0]["date"], "2026-11-20");
    // 13 digits that are both a valid GTIN-13 and a plausible guideline lot number
    // (species 6001, plant 01, product 01, 11-17, serial 9): GTIN first, lot second.
    let (status, body) = get(&format!("{}/api/codes/{}", s.base, "6001010111179")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kind"], "gtin");
    assert_eq!(body["alternatives"][0]["kind"], "lot13");
    // 8801234567893 cannot be a lot number (month 67), so it has no second reading.
    let (_, body) = get(&format!("{}/api/codes/{}", s.base, "8801234567893")).await;
    assert_eq!(
        body["alternatives"].as_array().map(Vec::len),
        Some(0),
        "{body}"
    );
    let (status, body) = get(&format!(
        "{}/api/codes/{}",
        s.base,
        enc("(01)08801234567890(10)L1")
    ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["field"], "code");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("should be 3")),
        "{body}"
    );
    let (status, body) = get(&format!(
        "{}/api/codes/{}",
        s.base,
        enc("https://example.com/x")
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["kind"], "external_link");
    assert_eq!(body["trusted"], false);
}

#[tokio::test]
async fn a_trace_without_lang_follows_accept_language_english_for_other_languages() {
    let s = start().await;
    let url = format!(
        "{}/api/trace/{}",
        s.base,
        enc("01/08801234567893/10/L261117A")
    );
    let client = reqwest::Client::new();
    for (header, lang) in [
        (Some("zh-CN,zh;q=0.9"), "zh"),
        (Some("ja-JP,fr;q=0.8"), "en"),
        (Some("fr-FR,ko;q=0.5"), "ko"),
        (None, "ko"),
    ] {
        let mut req = client.get(&url);
        if let Some(h) = header {
            req = req.header("accept-language", h);
        }
        let body: Value = req.send().await.expect("trace").json().await.expect("json");
        assert_eq!(body["lang"], lang, "{header:?}");
    }
}
