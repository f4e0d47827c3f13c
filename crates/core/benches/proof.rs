//! The tamper-evident log's costs natively: committing and appending one event (its
//! fields' disclosures, the leaf, the tree hashes) to a log of 10,000 leaves, and
//! verifying the proofs of a 50-event trace against a checkpoint (opening the signed
//! checkpoint included). The demo chain's events, cycled, stand in for real ones.

use criterion::{criterion_group, criterion_main, Criterion};
use lottrace_core::proof::{
    EventFields, EventProof, LogCheckpoint, LogSigner, MemoryLog, Salt, TreeHead,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;

const LOG_SIZE: u64 = 10_000;
const TRACE_EVENTS: usize = 50;

fn demo_events() -> Vec<Value> {
    lottrace_core::demo::events()
        .expect("the demo chain builds")
        .iter()
        .map(|e| serde_json::to_value(e).expect("event JSON"))
        .collect()
}

/// Fixed salts: the bench measures hashing, not the operating system's randomness.
fn salts(fields: &EventFields, seed: u8) -> BTreeMap<String, Salt> {
    fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.to_string(), Salt::from_bytes([seed ^ i as u8; 16])))
        .collect()
}

fn all(fields: &EventFields) -> BTreeSet<String> {
    fields.iter().map(|(n, _)| n.to_string()).collect()
}

fn bench(c: &mut Criterion) {
    let events = demo_events();
    let mut log = MemoryLog::new();
    for i in 0..LOG_SIZE {
        log.append(lottrace_core::proof::leaf_hash(&i.to_be_bytes()))
            .expect("append");
    }
    c.bench_function(
        "log append of one event (commit + leaf + tree hashes)",
        |b| {
            let mut i = 0usize;
            b.iter(|| {
                let event = &events[i % events.len()];
                i += 1;
                let fields = EventFields::of(event);
                let salts = salts(&fields, i as u8);
                let leaf =
                    EventProof::build("urn:uuid:bench", &fields, &salts, &all(&fields), 0, vec![])
                        .leaf();
                black_box(log.append(leaf.hash()).expect("append"));
            })
        },
    );

    // A 50-event trace: its proofs against one checkpoint, as the trace API sends them.
    let mut log = MemoryLog::new();
    for i in 0..LOG_SIZE {
        log.append(lottrace_core::proof::leaf_hash(&i.to_be_bytes()))
            .expect("append");
    }
    let mut logged = Vec::new();
    for (n, event) in events.iter().cycle().take(TRACE_EVENTS).enumerate() {
        let fields = EventFields::of(event);
        let salts = salts(&fields, n as u8);
        let id = format!("urn:uuid:trace-{n}");
        let leaf = EventProof::build(&id, &fields, &salts, &all(&fields), 0, vec![]).leaf();
        let index = log.append(leaf.hash()).expect("append");
        logged.push((id, fields, salts, index));
    }
    let head: TreeHead = log.head().expect("head");
    let shown: BTreeSet<String> = ["eventTime", "bizStep", "bizLocation", "type", "action"]
        .into_iter()
        .map(String::from)
        .collect();
    let proofs: Vec<EventProof> = logged
        .iter()
        .map(|(id, fields, salts, index)| {
            let inclusion = log.inclusion(*index, head.size).expect("prove");
            EventProof::build(id, fields, salts, &shown, *index, inclusion)
        })
        .collect();
    let signer = LogSigner::new("bench.example/log", &[7; 32]).expect("signer");
    let note = signer
        .sign(&LogCheckpoint {
            origin: "bench.example/log".into(),
            head,
        })
        .expect("sign");
    c.bench_function("verify a 50-event trace (checkpoint + proofs)", |b| {
        b.iter(|| {
            let checkpoint = LogCheckpoint::open(&note, signer.key()).expect("checkpoint");
            for proof in &proofs {
                black_box(proof.verify(&checkpoint.head).expect("verifies"));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
