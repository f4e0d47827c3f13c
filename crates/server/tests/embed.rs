//! The trace widget through real HTTP on the demo chain: the card in three languages,
//! escaping of recorded text, not-found and unreadable cards, who may frame what, and
//! the widget's scripts.

mod support;

use flate2::{write::GzEncoder, Compression};
use serde_json::json;
use std::io::Write;
use support::*;

const PACK_A: &str = "01/08801234567893/10/L261117A";
const PACK_B: &str = "01/08801234567893/10/L261117B";

/// Status, headers and body of a GET.
async fn fetch(s: &Server, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = s.client.get(s.url(path)).send().await.expect("GET");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.text().await.expect("body"))
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The text as it appears in HTML (what the card must show for recorded text).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[tokio::test]
async fn card_shows_product_lot_stages_and_checks_in_each_language() {
    let s = start().await;
    for (lang, full_history) in [
        ("ko", "전체 이력 보기"),
        ("en", "Full history"),
        ("zh", "查看完整追溯"),
    ] {
        let (status, headers, html) =
            fetch(&s, &format!("/embed/{}?lang={lang}", enc(PACK_A))).await;
        assert_eq!(status, 200, "{html}");
        assert!(header(&headers, "content-type").starts_with("text/html"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(html.contains("<h1>넙치 싱싱회</h1>"), "{html}");
        assert!(html.contains("L261117A"));
        assert!(html.contains(full_history), "{lang}: {html}");
        assert!(
            html.contains(
                r#"href="/01/08801234567893/10/L261117A" target="_blank" rel="noopener""#
            ),
            "{html}"
        );
        // The same stages, businesses and checks as the trace API says, in the same language.
        let (_, trace) = s
            .get(&format!("/api/trace/{}?lang={lang}", enc(PACK_A)), None)
            .await;
        let stages = trace["stages"].as_array().expect("stages");
        assert!(stages.len() >= 4, "{trace}");
        for stage in stages {
            let label = stage["label"].as_str().expect("label");
            assert!(
                html.contains(&format!("<span class=\"stage\">{label}</span>")),
                "{lang}: stage {label} missing: {html}"
            );
            for event in stage["events"].as_array().expect("events") {
                if let Some(b) = event["business"].as_str() {
                    assert!(html.contains(b), "{lang}: business {b} missing");
                }
            }
        }
        for audit in trace["audits"].as_array().expect("audits") {
            let check = audit["check"].as_str().expect("check");
            let outcome = audit["outcome"].as_str().expect("outcome");
            assert!(
                html.contains(&format!("class=\"badge {outcome}\" data-check=\"{check}\"")),
                "{lang}: badge {check} {outcome}: {html}"
            );
        }
        // Species and origin, as disclosed.
        assert!(html.contains("Paralichthys olivaceus"), "{html}");
    }
    // Korean when no language is asked for, whatever the browser prefers: the brand decides.
    let r = s
        .client
        .get(s.url(&format!("/embed/{}", enc(PACK_B))))
        .header("accept-language", "en-US")
        .send()
        .await
        .expect("GET");
    let html = r.text().await.expect("body");
    assert!(html.contains("<html lang=\"ko\">") && html.contains("L261117B"));
}

#[tokio::test]
async fn card_takes_every_form_of_the_code() {
    let s = start().await;
    let link = format!("{}/{PACK_A}", s.base);
    for path in [
        format!("/embed/{PACK_A}"),
        format!("/embed/{}", enc(PACK_A)),
        format!("/embed/{}", enc(&link)),
        format!("/embed/{}", enc("(01)08801234567893(10)L261117A")),
    ] {
        let (status, _, html) = fetch(&s, &format!("{path}?lang=en")).await;
        assert_eq!(status, 200, "{path}: {html}");
        assert!(html.contains("L261117A"), "{path}");
    }
}

#[tokio::test]
async fn recorded_text_is_shown_as_text_never_as_markup() {
    let s = start().await;
    let farm = s.token("farm").await;
    let attack = "<img src=x onerror=alert(1)>";
    let lot = "X<b>1";
    let mut event = farm_event(
        "urn:uuid:0e3c2a11-5b7d-4c1e-9f00-00000000e001",
        "2026-11-19T06:00:00+09:00",
        "commissioning",
        lot,
        100.0,
    );
    event["action"] = json!("ADD");
    event["ilmd"] = json!({
        "lt:processing.product_name": attack,
        "lt:farm.fry_species": "\"><script>alert(2)</script>",
    });
    let (status, body) = s.capture_all(&farm, vec![event]).await;
    assert_eq!(status, 201, "{body}");
    let key = format!("01/{LIVE}/10/{lot}");
    let (status, _, html) = fetch(&s, &format!("/embed/{}?lang=en", enc(&key))).await;
    assert_eq!(status, 200, "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains(&escaped(attack)), "{html}");
    assert!(
        html.contains(&escaped("\"><script>alert(2)</script>")),
        "{html}"
    );
    assert!(html.contains(&escaped(lot)), "{html}");
    // The only scripts are our own.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
}

#[tokio::test]
async fn unknown_and_unreadable_codes_get_a_small_card_with_the_right_status() {
    let s = start().await;
    let cases = [
        // A lot nobody recorded.
        (
            format!("/embed/{}?lang=en", enc("01/08801234567893/10/NOSUCH")),
            404,
            "No records for this lot",
        ),
        // A wrong check digit.
        (
            format!("/embed/{}?lang=en", enc("01/08801234567890/10/L261117A")),
            400,
            "This code cannot be read",
        ),
        // A product, not a lot.
        (
            format!("/embed/{}?lang=en", enc("01/08801234567893")),
            400,
            "This code does not name a lot",
        ),
        (
            format!("/embed/{}?lang=zh", enc("not a code at all")),
            400,
            "无法识别此代码",
        ),
        (
            "/embed/?lang=en".to_string(),
            400,
            "This code cannot be read",
        ),
        (
            "/embed/%FF%FE?lang=en".to_string(),
            400,
            "This code cannot be read",
        ),
    ];
    for (path, want, title) in cases {
        let (status, headers, html) = fetch(&s, &path).await;
        assert_eq!(status, want, "{path}: {html}");
        assert!(
            header(&headers, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert!(html.contains(title), "{path}: {html}");
        // Still embeddable, so the visitor sees why instead of a blocked frame.
        assert!(
            header(&headers, "content-security-policy").contains("frame-ancestors *"),
            "{path}"
        );
        assert!(headers.get("x-frame-options").is_none(), "{path}");
    }
}

#[tokio::test]
async fn a_recall_shows_on_the_card() {
    let s = start().await;
    let (status, body) = s.recall_farm_lot().await;
    assert_eq!(status, 201, "{body}");
    let (status, _, html) = fetch(&s, &format!("/embed/{}?lang=en", enc(PACK_A))).await;
    assert_eq!(status, 200);
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("This product is being recalled"), "{html}");
    assert!(html.contains("비브리오 검출"), "{html}");
}

/// Under a recall the card's checks step back (core's `ChecksVerdict`): no pass looks
/// passed, the recall sentence stands where a verdict would, the checks stay, folded.
#[tokio::test]
async fn a_recalled_card_has_no_passed_verdict() {
    use lottrace_core::lang::Lang;
    use lottrace_core::trace::ChecksVerdict;
    let s = start().await;
    // Before the recall the demo pack's checks are green passes.
    let (_, _, html) = fetch(&s, &format!("/embed/{}?lang=en", enc(PACK_A))).await;
    assert!(html.contains("class=\"badge pass\""), "{html}");
    assert!(!html.contains("checks-recalled"), "{html}");
    let (status, body) = s.recall_farm_lot().await;
    assert_eq!(status, 201, "{body}");
    for lang in Lang::ALL {
        let (status, _, html) =
            fetch(&s, &format!("/embed/{}?lang={}", enc(PACK_A), lang.code())).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("role=\"alert\""), "{html}");
        assert!(
            !html.contains("badge pass"),
            "{lang:?}: a pass shown as passed: {html}"
        );
        let sentence = format!(
            "<p class=\"checks-recalled\">{}</p>",
            ChecksVerdict::recalled_text(lang)
        );
        assert!(html.contains(&sentence), "{lang:?}: {html}");
        // The checks are still there, folded and neutral.
        assert!(html.contains("<details class=\"checks-fold\">"), "{html}");
        assert!(html.contains("class=\"badge held\""), "{html}");
        // The sentence comes after the recall banner it points to ("above").
        let banner = html.find("role=\"alert\"").expect("banner");
        assert!(banner < html.find(&sentence).expect("sentence"), "{html}");
    }
}

#[tokio::test]
async fn only_the_card_may_be_framed_by_any_origin_by_default() {
    let s = start().await;
    let (_, headers, _) = fetch(&s, &format!("/embed/{}", enc(PACK_A))).await;
    let csp = header(&headers, "content-security-policy");
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(headers.get("x-frame-options").is_none());
    for path in [
        "/".to_string(),
        format!("/api/trace/{}", enc(PACK_A)),
        format!("/{PACK_A}"),
        "/embed.js".to_string(),
        "/embedded".to_string(),
    ] {
        let (_, headers, _) = fetch(&s, &path).await;
        let csp = header(&headers, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(header(&headers, "x-frame-options"), "DENY", "{path}");
    }
}

#[tokio::test]
async fn an_allow_list_limits_who_may_frame_the_card() {
    let s = start_with(|state| {
        *state = state
            .clone()
            .with_embed_origins(&["https://brand.example", "http://127.0.0.1:8081/"])
            .expect("valid origins");
    })
    .await;
    let (_, headers, _) = fetch(&s, &format!("/embed/{}", enc(PACK_A))).await;
    let csp = header(&headers, "content-security-policy");
    assert!(
        csp.ends_with("frame-ancestors https://brand.example http://127.0.0.1:8081"),
        "{csp}"
    );
    let (_, headers, _) = fetch(&s, "/").await;
    assert!(header(&headers, "content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header(&headers, "x-frame-options"), "DENY");
    // An allow-list that is not one is refused with its reason.
    let dir = tempfile::tempdir().expect("dir");
    let dist = write_dist(dir.path());
    let store = lottrace_server::store::SqliteStore::open(&dir.path().join("x.db")).expect("db");
    let state =
        lottrace_server::AppState::new(std::sync::Arc::new(store), &dist, vec![]).expect("state");
    let err = state
        .with_embed_origins(&["https://brand.example/shop"])
        .err()
        .expect("a path is not an origin");
    assert!(err.contains("https://brand.example/shop"), "{err}");
}

#[tokio::test]
async fn the_widget_scripts_are_served_as_javascript() {
    let s = start().await;
    for path in ["/embed.js", "/embed/card.js"] {
        let (status, headers, body) = fetch(&s, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            header(&headers, "content-type"),
            "text/javascript; charset=utf-8",
            "{path}"
        );
        assert_eq!(header(&headers, "cache-control"), "public, max-age=300");
        assert!(body.contains("lottrace:height"), "{path}");
    }
    let (_, _, js) = fetch(&s, "/embed.js").await;
    assert!(!js.contains("__FRAME_TITLES__"));
    assert!(js.contains("수산물 이력 카드") && js.contains("Seafood trace card"));
    let (status, headers, _) = fetch(&s, "/embed/card.css").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").starts_with("text/css"));
}

fn gzip_len(text: &str) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(text.as_bytes()).expect("gzip");
    enc.finish().expect("gzip").len()
}

/// What a brand page's visitor downloads for one card: the page, its script and style
/// (embed.js itself is counted apart: it loads once for every card on the page).
#[tokio::test]
async fn the_card_first_load_is_small() {
    let s = start().await;
    let mut raw = 0;
    let mut gzip = 0;
    let mut rows = Vec::new();
    for path in [
        format!("/embed/{}?lang=ko", enc(PACK_A)),
        "/embed/card.js".to_string(),
        "/embed/card.css".to_string(),
        "/embed.js".to_string(),
    ] {
        let (status, _, body) = fetch(&s, &path).await;
        assert_eq!(status, 200, "{path}");
        let g = gzip_len(&body);
        rows.push((path.clone(), body.len(), g));
        raw += body.len();
        gzip += g;
    }
    for (path, r, g) in &rows {
        println!("embed size: {path:<60} {r:>6} raw {g:>6} gzip");
    }
    println!("embed size: first load of one card with embed.js   {raw:>6} raw {gzip:>6} gzip");
    assert!(
        gzip < 10_000,
        "the card's first load grew to {gzip} bytes gzip"
    );
}
