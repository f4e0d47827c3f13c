//! The tamper-evident log through real HTTP on a real SQLite file: every proof of a
//! trace verifies with core against the served checkpoint and key; an event row edited
//! in the database fails; tiles and entry bundles agree with the proofs and the root;
//! the witness cosigns a growing log and refuses a rewritten one.

mod support;

use lottrace_core::fields::{Dictionary, Disclosure as Level};
use lottrace_core::proof::{
    verify_consistency, EntryBundle, EventLeaf, EventProof, LogCheckpoint, LogHash, LogKey,
    MemoryLog, TreeHead, WitnessKey, WitnessSigner,
};
use lottrace_server::store::{LogStore, SqliteStore};
use lottrace_server::witness::{self, WitnessArgs};
use serde_json::Value;
use support::*;

const PACK_A: &str = "/api/trace/01/08801234567893/10/L261117A";

async fn text(s: &Server, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let r = s.client.get(s.url(path)).send().await.expect("GET");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.text().await.expect("text"), headers)
}

async fn bytes(s: &Server, path: &str) -> (u16, Vec<u8>, reqwest::header::HeaderMap) {
    let r = s.client.get(s.url(path)).send().await.expect("GET");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.bytes().await.expect("bytes").to_vec(), headers)
}

async fn log_key(s: &Server) -> LogKey {
    let (status, key, headers) = text(s, "/log/key").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    LogKey::parse(&key).expect("verifier key")
}

/// Every event's proof in a trace, and the verified head of the checkpoint it names.
async fn trace_proofs(s: &Server, path: &str) -> (TreeHead, Vec<EventProof>, Value) {
    let key = log_key(s).await;
    let (status, trace) = s.get(path, None).await;
    assert_eq!(status, 200, "{trace}");
    let note = trace["checkpoint"]["note"]
        .as_str()
        .expect("checkpoint note");
    let checkpoint = LogCheckpoint::open(note, &key).expect("signed by the log");
    let proofs: Vec<EventProof> = trace["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|s| s["events"].as_array().expect("events").iter())
        .map(|e| serde_json::from_value(e["proof"].clone()).expect("every event has a proof"))
        .collect();
    (checkpoint.head, proofs, trace)
}

#[tokio::test]
async fn every_event_of_a_trace_verifies_against_the_served_checkpoint() {
    let s = start().await;
    let (head, proofs, trace) = trace_proofs(&s, PACK_A).await;
    assert!(
        proofs.len() >= 8,
        "the demo pack's history: {}",
        proofs.len()
    );
    assert_eq!(trace["checkpoint"]["witnesses"], 0);
    let dictionary = Dictionary::get();
    for proof in &proofs {
        let fields = proof.verify(&head).expect("the proof verifies");
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert!(
            names.contains(&"eventTime"),
            "the journey is provable: {names:?}"
        );
        for name in names {
            let private = dictionary
                .field(name)
                .is_some_and(|f| f.disclosure == Level::Private);
            assert!(!private, "{name} is private but disclosed");
        }
    }
    // Something is hidden in the demo chain (private record fields, business documents).
    assert!(proofs.iter().any(|p| !p.hidden.is_empty()));
    // The disclosed eventTime is the one the timeline shows.
    let first = &trace["stages"][0]["events"][0];
    let proof: EventProof = serde_json::from_value(first["proof"].clone()).expect("proof");
    let time = proof
        .verify(&head)
        .expect("verifies")
        .into_iter()
        .find(|f| f.name == "eventTime")
        .expect("eventTime");
    assert_eq!(time.value, first["time"]);
}

#[tokio::test]
async fn a_recall_only_adds_disclosures() {
    let s = start().await;
    let (_, before, _) = trace_proofs(&s, PACK_A).await;
    let (status, body) = s.recall_farm_lot().await;
    assert_eq!(status, 201, "{body}");
    let (head, after, trace) = trace_proofs(&s, PACK_A).await;
    assert!(trace["recall"].is_object());
    let mut grew = false;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&a.event_id, a.leaf_index), (&b.event_id, b.leaf_index));
        assert_eq!(a.leaf(), b.leaf(), "the same leaf, whatever is disclosed");
        for d in &b.disclosures {
            assert!(a.disclosures.contains(d), "a disclosure was withdrawn");
        }
        grew |= a.disclosures.len() > b.disclosures.len();
        a.verify(&head).expect("verifies under recall");
    }
    assert!(grew, "the recall disclosed selectable fields");
}

#[tokio::test]
async fn an_event_row_edited_in_the_database_fails_its_proof() {
    let s = start().await;
    let (_, before, _) = trace_proofs(&s, PACK_A).await;
    let edited = before[1].event_id.clone();
    let added = before[2].event_id.clone();
    {
        let db = rusqlite::Connection::open(&s.db).expect("open the server's database");
        let changed = db
            .execute(
                "UPDATE events SET json = json_set(json, '$.eventTime', '2026-10-01T00:00:00+09:00')
                  WHERE event_id = ?1",
                [&edited],
            )
            .expect("edit a visible field");
        assert_eq!(changed, 1);
        // A member slipped in later has no salt in the log.
        db.execute(
            "UPDATE events SET json = json_set(json, '$.\"lt:farm.area\"', 'forged') WHERE event_id = ?1",
            [&added],
        )
        .expect("add a field");
    }
    let (head, after, _) = trace_proofs(&s, PACK_A).await;
    assert_eq!(after.len(), before.len());
    for proof in &after {
        let verdict = proof.verify(&head);
        if proof.event_id == edited || proof.event_id == added {
            assert!(
                verdict.is_err(),
                "{} was edited but verifies",
                proof.event_id
            );
        } else {
            verdict.expect("untouched events still verify");
        }
    }
}

#[tokio::test]
async fn tiles_and_entry_bundles_agree_with_the_proofs() {
    let s = start().await;
    let (head, proofs, _) = trace_proofs(&s, PACK_A).await;
    let n = head.size;
    assert!(n > 0 && n < 256);
    let (status, tile, headers) = bytes(&s, &format!("/log/tile/0/000.p/{n}")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert_eq!(headers["cache-control"], "public, max-age=60");
    assert_eq!(tile.len() as u64, n * 32);
    let leaf_hashes: Vec<LogHash> = tile
        .chunks(32)
        .map(|c| LogHash(c.try_into().expect("32")))
        .collect();
    let mut replay = MemoryLog::new();
    for h in &leaf_hashes {
        replay.append(*h).expect("append");
    }
    assert_eq!(
        replay.head().expect("head"),
        head,
        "the tile rebuilds the root"
    );

    let (status, bundle, _) = bytes(&s, &format!("/log/tile/entries/000.p/{n}")).await;
    assert_eq!(status, 200);
    let entries = EntryBundle::parse(&bundle).expect("entry bundle").0;
    assert_eq!(entries.len() as u64, n);
    for (entry, hash) in entries.iter().zip(&leaf_hashes) {
        assert_eq!(EventLeaf::parse(entry).expect("leaf").hash(), *hash);
    }
    for proof in &proofs {
        let i = proof.leaf_index as usize;
        assert_eq!(entries[i], proof.leaf().to_bytes());
        assert_eq!(leaf_hashes[i], proof.leaf().hash());
    }

    let (status, body) = s.get(&format!("/log/tile/0/000.p/{}", n + 1), None).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let (status, body) = s.get("/log/tile/1/000.p/1", None).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = s.get("/log/tile/0/00", None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("bad_tile_path"))
    );
    let (status, body) = s.get("/log/proof/consistency?old=3", None).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("new")));
    let (status, _) = s
        .get(&format!("/log/proof/consistency?old=1&new={}", n + 1), None)
        .await;
    assert_eq!(status, 400);
    let (status, checkpoint, headers) = text(&s, "/log/checkpoint").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(checkpoint.starts_with("localhost/lottrace\n"));
}

fn farm_doc(from: usize, count: usize) -> Value {
    document(
        (from..from + count)
            .map(|i| {
                farm_event(
                    &format!("urn:uuid:00000000-0000-4000-8000-{i:012}"),
                    "2026-11-19T06:00:00+09:00",
                    "inspecting",
                    "LOG1",
                    1.0,
                )
            })
            .collect(),
    )
}

async fn witness_run(s: &Server, dir: &std::path::Path) -> Result<String, String> {
    witness::run(WitnessArgs {
        log_url: s.base.clone(),
        name: "witness.example".into(),
        key: dir.join("witness.key"),
        state: dir.join("witness.json"),
    })
    .await
}

#[tokio::test]
async fn the_witness_cosigns_a_growing_log_and_refuses_a_rewritten_one() {
    let s = start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let key_text = witness::key_text(&witness::WitnessKeyArgs {
        name: "witness.example".into(),
        key: dir.path().join("witness.key"),
    })
    .expect("witness key");
    let witness_key = WitnessKey::parse(&key_text).expect("key");

    // Not registered yet: the log refuses its cosignature (the checkpoint was verified).
    let refused = witness_run(&s, dir.path()).await.expect_err("unregistered");
    assert!(refused.contains("not a registered witness"), "{refused}");
    let store = SqliteStore::open(&s.db).expect("open");
    store
        .add_witness("witness.example", &key_text)
        .expect("register");
    let first = witness_run(&s, dir.path()).await.expect("cosigns");
    let (_, _, trace) = trace_proofs(&s, PACK_A).await;
    assert_eq!(trace["checkpoint"]["witnesses"], 1, "{first}");
    let note = trace["checkpoint"]["note"].as_str().expect("note");
    assert_eq!(
        LogCheckpoint::cosigned_by(note, std::slice::from_ref(&witness_key)).expect("cosignatures"),
        ["witness.example"]
    );

    // The log grows by 300 events (a full tile): consistent, cosigned again.
    let old = log_checkpoint(&s).await;
    let token = s.token("farm").await;
    let (status, body) = s.capture(&token, &farm_doc(0, 300)).await;
    assert_eq!(status, 201, "{body}");
    let (_, trace) = s.get(PACK_A, None).await;
    assert_eq!(
        trace["checkpoint"]["witnesses"], 0,
        "the grown head is not cosigned yet"
    );
    witness_run(&s, dir.path())
        .await
        .expect("growth is accepted");
    let new = log_checkpoint(&s).await;
    assert_eq!(new.size, old.size + 300);
    let (_, proof, _) = text(
        &s,
        &format!("/log/proof/consistency?old={}&new={}", old.size, new.size),
    )
    .await;
    let proof: Vec<LogHash> = proof
        .lines()
        .map(|l| LogHash::from_base64(l).expect("hash"))
        .collect();
    verify_consistency(&proof, &old, &new).expect("consistent");
    let (status, _, headers) = bytes(&s, "/log/tile/0/000").await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let (_, trace) = s.get("/api/trace/01/08801234000208/10/LOG1", None).await;
    assert_eq!(trace["checkpoint"]["witnesses"], 1);

    // Rewrite: the same events logged again with other salts (a database whose leaves
    // were replaced). Same size, another root: the witness refuses and keeps its state.
    {
        let db = rusqlite::Connection::open(&s.db).expect("open");
        db.execute_batch("DELETE FROM log_leaves; DELETE FROM log_hashes;")
            .expect("wipe the log");
    }
    let unlogged = store.unlogged_events().expect("unlogged");
    let entries: Vec<_> = unlogged
        .iter()
        .map(|(id, json)| lottrace_server::log::entry_for(id, json).expect("entry"))
        .collect();
    store.append_log(&entries).expect("re-append");
    let rewritten = log_checkpoint(&s).await;
    assert_eq!(rewritten.size, new.size);
    assert_ne!(rewritten.root, new.root);
    let refused = witness_run(&s, dir.path()).await.expect_err("rewritten");
    assert!(refused.contains("rewritten"), "{refused}");
    let state = std::fs::read_to_string(dir.path().join("witness.json")).expect("state");
    assert!(
        state.contains(&new.root.to_base64()),
        "the state keeps the honest head"
    );

    // A cosignature that does not verify, and one by a stranger, are refused.
    let key = log_key(&s).await;
    let (_, note, _) = text(&s, "/log/checkpoint").await;
    let checkpoint = LogCheckpoint::open(&note, &key).expect("open");
    let body = checkpoint.body();
    for (name, seed, refusal) in [
        ("stranger.example", 1u8, (403, "forbidden")),
        ("witness.example", 2, (400, "bad_cosignature")),
    ] {
        let signer = WitnessSigner::new(name, &[seed; 32], 1).expect("signer");
        let line = signer.cosign(body.as_bytes()).to_line().expect("line");
        let (status, answer) = post_text(&s, &format!("{note}{line}")).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (refusal.0, Some(refusal.1)),
            "{name}"
        );
    }
    let (status, body) = post_text(&s, "not a checkpoint").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("bad_checkpoint"))
    );
}

async fn log_checkpoint(s: &Server) -> TreeHead {
    let key = log_key(s).await;
    let (_, note, _) = text(s, "/log/checkpoint").await;
    LogCheckpoint::open(&note, &key).expect("checkpoint").head
}

async fn post_text(s: &Server, body: &str) -> (u16, Value) {
    let r = s
        .client
        .post(s.url("/log/cosignatures"))
        .header("content-type", "text/plain")
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    body_of(r).await
}

#[test]
fn the_signing_key_is_sealed_by_its_passphrase() {
    use lottrace_server::log::LogConfig;
    use lottrace_server::AppState;
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = write_dist(dir.path());
    let db = dir.path().join("sealed.db");
    let open = |origin: Option<&str>, passphrase: Option<&str>| {
        let store = std::sync::Arc::new(SqliteStore::open(&db).expect("open"));
        let config = LogConfig {
            origin: origin.map(str::to_string),
            passphrase: passphrase.map(str::to_string),
        };
        AppState::open(store, &dist, Vec::new(), &config).map(|s| s.log.key().as_str().to_string())
    };
    let made = open(Some("trace.example/log"), Some("correct horse")).expect("first start");
    assert!(made.starts_with("trace.example/log+"));
    assert_eq!(
        open(None, Some("correct horse")).expect("reopened"),
        made,
        "the same key at the next start"
    );
    let wrong = open(None, Some("battery staple")).expect_err("wrong passphrase");
    assert!(wrong.contains("wrong passphrase"), "{wrong}");
    let none = open(None, None).expect_err("no passphrase");
    assert!(none.contains("wrong passphrase"), "{none}");
    let moved = open(Some("elsewhere.example/log"), Some("correct horse")).expect_err("origin");
    assert!(moved.contains("cannot change"), "{moved}");
    // What is stored is the sealed seed: 32 bytes of ciphertext and the Poly1305 tag.
    let store = SqliteStore::open(&db).expect("open");
    let sealed = store.log_key().expect("read").expect("stored");
    assert_eq!(sealed.sealed.len(), 32 + 16, "seed and Poly1305 tag");
    let key = LogKey::parse(&made).expect("key");
    assert_eq!(key.name(), "trace.example/log");
}
