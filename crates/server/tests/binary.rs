//! The real binary: the bootstrap commands scripts rely on, and durability under
//! `kill -9` — every capture acknowledged with 201 survives, exactly once, and no
//! document is ever partly stored.

mod support;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{document, lgtin, write_dist, LIVE};

const BIN: &str = env!("CARGO_BIN_EXE_lottrace-server");

fn cli(args: &[&str]) -> (bool, String) {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("run lottrace-server");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

struct Running {
    child: Child,
    base: String,
}

/// Starts the binary on a free loopback port and waits for its "listening" line.
fn spawn(db: &Path, dist: &Path) -> Running {
    let mut child = Command::new(BIN)
        .args([
            "--db",
            &db.to_string_lossy(),
            "--listen",
            "127.0.0.1:0",
            "--dist",
            &dist.to_string_lossy(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(base) = line.strip_prefix("lottrace-server listening on ") {
                let _ = tx.send(base.to_string());
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server said where it listens");
    Running { child, base }
}

fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("live.db");
    let dbs = db.to_string_lossy().to_string();
    let (ok, out) = cli(&[
        "business",
        "add",
        "--db",
        &dbs,
        "--id",
        "crash-farm",
        "--name",
        "크래시 양어장",
        "--gln",
        "8801234000123",
        "--gs1-prefix",
        "8801234",
        "--phone",
        "064-000-0000",
    ]);
    assert!(ok, "{out}");
    let (ok, out) = cli(&[
        "user",
        "add",
        "--db",
        &dbs,
        "--business",
        "crash-farm",
        "--role",
        "farm",
        "--username",
        "crasher",
        "--password",
        "crash-pass-1",
    ]);
    assert!(ok, "{out}");
    (db, write_dist(dir))
}

#[test]
fn bootstrap_commands_check_their_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("boot.db");
    let dbs = db.to_string_lossy().to_string();
    let add = |id: &str, gln: &str, extra: &[&str]| {
        let mut args = vec![
            "business",
            "add",
            "--db",
            &dbs,
            "--id",
            id,
            "--name",
            "테스트",
            "--gln",
            gln,
        ];
        args.extend_from_slice(extra);
        cli(&args)
    };
    let (ok, out) = add("b1", "8801234000125", &[]);
    assert!(!ok && out.contains("check digit"), "{out}");
    let (ok, out) = add("b1", "880123400012", &[]);
    assert!(!ok && out.contains("13 digits"), "{out}");
    let (ok, out) = add("b1", "8801234000123", &["--gs1-prefix", "9999"]);
    assert!(!ok && out.contains("prefix"), "{out}");
    let (ok, out) = add("b 1", "8801234000123", &[]);
    assert!(!ok, "{out}");
    let (ok, out) = add("b1", "8801234000123", &["--role", "pirate"]);
    assert!(!ok && out.contains("--role"), "{out}");
    let (ok, out) = add("b1", "8801234000123", &["--email", "b1@example.kr"]);
    assert!(ok, "{out}");
    let (ok, out) = add("b2", "8801234000123", &[]);
    assert!(
        !ok && out.contains("already belongs"),
        "one GLN, one business: {out}"
    );

    let user = |business: &str, role: &str, name: &str, password: &str| {
        cli(&[
            "user",
            "add",
            "--db",
            &dbs,
            "--business",
            business,
            "--role",
            role,
            "--username",
            name,
            "--password",
            password,
        ])
    };
    let (ok, out) = user("nowhere", "farm", "u1", "long-enough-1");
    assert!(!ok && out.contains("nowhere"), "{out}");
    let (ok, out) = user("b1", "captain", "u1", "long-enough-1");
    assert!(!ok && out.contains("--role"), "{out}");
    let (ok, out) = user("b1", "farm", "u1", "short");
    assert!(!ok && out.contains("8"), "{out}");
    let (ok, out) = user("b1", "processor", "u1", "long-enough-1");
    assert!(ok, "{out}");
    let (ok, out) = user("b1", "farm", "u1", "long-enough-2");
    assert!(!ok && out.contains("taken"), "{out}");
    // A business added without --role takes its first account's role.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let role: String = conn
        .query_row("SELECT role FROM businesses WHERE id = 'b1'", [], |r| {
            r.get(0)
        })
        .expect("role");
    assert_eq!(role, "processor");

    // Without a subcommand the server flags are required.
    let (ok, out) = cli(&["--db", &dbs]);
    assert!(!ok && out.contains("--dist"), "{out}");
}

/// Captures of one client: (document number, event IDs, acknowledged).
type Sent = Arc<Mutex<Vec<(u32, Vec<String>, bool)>>>;

fn doc_events(round: u32, n: u32) -> (Vec<String>, Value) {
    let count = 1 + n % 5;
    let ids: Vec<String> = (0..count)
        .map(|j| format!("urn:uuid:00000000-0000-4000-8000-{round:04}{n:05}{j:03}"))
        .collect();
    let events = ids
        .iter()
        .map(|id| {
            json!({
                "type": "ObjectEvent",
                "eventID": id,
                "eventTime": "2026-11-19T06:00:00+09:00",
                "eventTimeZoneOffset": "+09:00",
                "action": "OBSERVE",
                "bizStep": "shipping",
                "readPoint": { "id": "urn:epc:id:sgln:8801234.00012.0" },
                "quantityList": [{ "epcClass": lgtin(LIVE, &format!("K{round}N{n}")), "quantity": 1, "uom": "KGM" }]
            })
        })
        .collect();
    (ids, document(events))
}

async fn stream(
    base: String,
    token: String,
    round: u32,
    first: u32,
    step: u32,
    sent: Sent,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let mut n = first;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let (ids, doc) = doc_events(round, n);
        let index = {
            let mut s = sent.lock().expect("lock");
            s.push((n, ids, false));
            s.len() - 1
        };
        let r = client
            .post(format!("{base}/epcis/capture"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(doc.to_string())
            .send()
            .await;
        match r {
            Ok(r) if r.status().as_u16() == 201 => sent.lock().expect("lock")[index].2 = true,
            Ok(r) => panic!("capture answered {}", r.status()),
            Err(_) => return, // the server is gone
        }
        n += step;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_captures_survive_kill_9_exactly_once_and_documents_stay_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, dist) = setup(dir.path());
    let mut token: Option<String> = None;
    let mut total_acked = 0usize;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(7);
    for round in 0..4u32 {
        let mut server = spawn(&db, &dist);
        let client = reqwest::Client::new();
        // Sessions live in the database: the token of the first round still works.
        let t = match &token {
            Some(t) => t.clone(),
            None => {
                let r = client
                    .post(format!("{}/api/auth/login", server.base))
                    .json(&json!({ "username": "crasher", "password": "crash-pass-1" }))
                    .send()
                    .await
                    .expect("login");
                assert_eq!(r.status().as_u16(), 200);
                let body: Value = r.json().await.expect("json");
                body["token"].as_str().expect("token").to_string()
            }
        };
        token = Some(t.clone());
        let sent: Sent = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let clients: Vec<_> = (0..2)
            .map(|c| {
                tokio::spawn(stream(
                    server.base.clone(),
                    t.clone(),
                    round,
                    c,
                    2,
                    sent.clone(),
                    stop.clone(),
                ))
            })
            .collect();
        // Kill at a random moment once the stream is under way.
        let started = Instant::now();
        while sent.lock().expect("lock").iter().filter(|s| s.2).count() < 3 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no capture acknowledged"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let delay = (seed.wrapping_mul(2654435761).wrapping_add(round * 7919)) % 400;
        tokio::time::sleep(Duration::from_millis(u64::from(delay))).await;
        server.child.kill().expect("SIGKILL");
        let _ = server.child.wait();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for c in clients {
            c.await.expect("client task");
        }

        // Check the file the killed server left, as the next start will find it.
        let sent = sent.lock().expect("lock").clone();
        let conn = rusqlite::Connection::open(&db).expect("open after kill");
        let mut acked = 0;
        for (n, ids, ok) in &sent {
            let mut found = 0;
            for id in ids {
                let c: i64 = conn
                    .query_row(
                        "SELECT COUNT(*) FROM events WHERE event_id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .expect("count");
                assert!(c <= 1, "{id} stored {c} times");
                found += c;
            }
            if *ok {
                acked += 1;
                assert_eq!(
                    found as usize,
                    ids.len(),
                    "round {round}: acknowledged document {n} lost events"
                );
            } else {
                assert!(
                    found == 0 || found as usize == ids.len(),
                    "round {round}: document {n} partly stored ({found}/{})",
                    ids.len()
                );
            }
        }
        drop(conn);
        total_acked += acked;
        assert!(acked >= 3, "round {round}: {acked} acknowledged");
    }

    // A last start: everything acknowledged is served, once.
    let mut server = spawn(&db, &dist);
    let r = reqwest::get(format!("{}/api/health", server.base))
        .await
        .expect("health");
    let health: Value = r.json().await.expect("json");
    let events = health["events"].as_u64().expect("count");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let distinct: i64 = conn
        .query_row("SELECT COUNT(DISTINCT event_id) FROM events", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(events as i64, distinct);
    assert!(total_acked >= 12, "{total_acked}");
    let r = reqwest::Client::new()
        .get(format!(
            "{}/epcis/events?EQ_eventID={}",
            server.base,
            support::enc("urn:uuid:00000000-0000-4000-8000-000000000000")
        ))
        .bearer_auth(token.as_deref().unwrap_or(""))
        .send()
        .await
        .expect("query");
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().await.expect("json");
    assert_eq!(
        body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{body}"
    );
    server.child.kill().expect("stop");
    let _ = server.child.wait();
}
