//! The demo chain's trace page with proofs made as the server makes them
//! (`crates/server/src/log/trace_proofs.rs`), then changed in every way a database
//! edit or a dishonest server would change it.

use super::*;
use crate::disclosure::DisclosurePolicy;
use crate::epcis::Event;
use crate::fields::{Dictionary, Disclosure as Level};
use crate::proof::{
    Disclosure, EventFields, EventProof, LogCheckpoint, LogHash, LogSigner, MemoryLog, Salt,
    TreeHead, WitnessSigner,
};
use crate::trace::{self, redact_for_partner, ProofJson, TraceCheckpoint, TraceInput};
use std::collections::{BTreeMap, BTreeSet};

const ORIGIN: &str = "lottrace.example/log";

fn salts(fields: &EventFields, seed: usize) -> BTreeMap<String, Salt> {
    fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.to_string(), Salt::from_bytes([(seed * 31 + i) as u8; 16])))
        .collect()
}

/// Every business discloses every selectable field, so the page shows enumerated
/// values, units and booleans too.
fn policy() -> DisclosurePolicy {
    let selectable: BTreeSet<String> = Dictionary::get()
        .fields
        .iter()
        .filter(|f| f.disclosure == Level::Selectable)
        .map(|f| f.key.clone())
        .collect();
    DisclosurePolicy {
        chosen: crate::demo::parties()
            .into_iter()
            .map(|p| (p.id, selectable.clone()))
            .collect(),
        recall: false,
    }
}

struct Logged {
    log: MemoryLog,
    /// eventID → salts and leaf index, as the log stored them at capture.
    entries: BTreeMap<String, (BTreeMap<String, Salt>, u64)>,
}

fn demo_values() -> Vec<Value> {
    crate::demo::events()
        .expect("the demo chain builds")
        .iter()
        .map(|e| serde_json::to_value(e).expect("event JSON"))
        .collect()
}

fn log_of(values: &[Value]) -> Logged {
    let mut log = MemoryLog::new();
    let mut entries = BTreeMap::new();
    for (n, value) in values.iter().enumerate() {
        let id = value["eventID"].as_str().expect("eventID").to_string();
        let fields = EventFields::of(value);
        let salts = salts(&fields, n);
        let all = fields.iter().map(|(n, _)| n.to_string()).collect();
        let leaf = EventProof::build(&id, &fields, &salts, &all, 0, vec![]).leaf();
        let index = log.append(leaf.hash()).expect("append");
        entries.insert(id, (salts, index));
    }
    Logged { log, entries }
}

fn signer() -> LogSigner {
    LogSigner::new(ORIGIN, &[7; 32]).expect("signer")
}

/// The page of the demo's retail pack as the server answers it when its database holds
/// `stored` and its log was made from `logged`.
fn page_from(stored: &[Value], logged: &Logged, lang: Lang) -> TraceView {
    let events: Vec<Event> = stored
        .iter()
        .map(|v| serde_json::from_value(v.clone()).expect("event"))
        .collect();
    let parties = crate::demo::parties();
    let policy = policy();
    let mut view = trace::build(&TraceInput {
        lot: &crate::demo::pack_a(),
        events: &events,
        parties: &parties,
        policy: &policy,
        recall: None,
        lang,
    })
    .expect("no cycle")
    .expect("the pack is known");
    let head = logged.log.head().expect("head");
    for event in view.stages.iter_mut().flat_map(|s| s.events.iter_mut()) {
        let (value, parsed) = stored
            .iter()
            .zip(&events)
            .find(|(v, _)| v["eventID"].as_str() == Some(event.event_id.as_str()))
            .expect("shown events are stored");
        let (salts, index) = &logged.entries[&event.event_id];
        let fields = EventFields::of(value);
        let mut shown = value.clone();
        redact_for_partner(
            &mut shown,
            crate::party::party_of(&parties, parsed),
            &policy,
        );
        let disclosed = fields.disclosed_in(&EventFields::of(&shown));
        let inclusion = logged.log.inclusion(*index, head.size).expect("inclusion");
        event.proof = Some(ProofJson::of(&EventProof::build(
            &event.event_id,
            &fields,
            salts,
            &disclosed,
            *index,
            inclusion,
        )));
    }
    let note = signer()
        .sign(&LogCheckpoint {
            origin: ORIGIN.into(),
            head,
        })
        .expect("sign");
    view.checkpoint = Some(TraceCheckpoint { note, witnesses: 0 });
    view
}

fn demo_page(lang: Lang) -> TraceView {
    let values = demo_values();
    page_from(&values, &log_of(&values), lang)
}

fn key() -> String {
    signer().key().as_str().to_string()
}

fn events_mut(view: &mut TraceView) -> impl Iterator<Item = &mut EventView> {
    view.stages.iter_mut().flat_map(|s| s.events.iter_mut())
}

fn failures(check: &TraceCheck) -> Vec<(String, EventFailure)> {
    check
        .events
        .iter()
        .filter_map(|e| e.outcome.clone().err().map(|f| (e.event_id.clone(), f)))
        .collect()
}

fn proof_of(event: &EventView) -> EventProof {
    event.proof.as_ref().expect("proof").parse().expect("proof")
}

#[test]
fn every_event_of_the_demo_page_verifies_in_every_language() {
    for lang in Lang::ALL {
        let view = demo_page(lang);
        let check = check_trace(&view, &key());
        assert!(check.checkpoint.is_ok(), "{:?}", check.checkpoint);
        assert!(check.events.len() >= 8, "{} events", check.events.len());
        assert_eq!(failures(&check), vec![], "{lang:?}");
        assert_eq!(check.verified(), check.events.len());
        assert_eq!(check.failed(), 0);
    }
    // The page really shows what the check compares: fields with units and words.
    let view = demo_page(Lang::En);
    let fields: Vec<_> = view
        .stages
        .iter()
        .flat_map(|s| s.events.iter().flat_map(|e| e.fields.iter()))
        .collect();
    assert!(
        fields.iter().any(|f| f.unit.is_some()),
        "a field with a unit"
    );
    assert!(
        fields.iter().any(|f| Dictionary::get()
            .field(&f.key)
            .is_some_and(|d| d.values.is_some())),
        "an enumerated field"
    );
}

#[test]
fn an_event_edited_in_the_database_fails_alone() {
    let original = demo_values();
    let logged = log_of(&original);
    let mut edited = original.clone();
    let target = edited
        .iter_mut()
        .find(|v| v["ilmd"].is_object() && v["eventTime"].is_string())
        .expect("an event with ilmd");
    let id = target["eventID"].as_str().expect("id").to_string();
    target["eventTime"] = Value::String("2026-11-01T09:00:00+09:00".into());
    let view = page_from(&edited, &logged, Lang::Ko);
    let check = check_trace(&view, &key());
    let failed = failures(&check);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, id);
    assert!(
        matches!(failed[0].1, EventFailure::NotInLog(_)),
        "{failed:?}"
    );
    assert_eq!(check.verified(), check.events.len() - 1);
}

#[test]
fn a_hidden_field_edited_in_the_database_fails_too() {
    let original = demo_values();
    let logged = log_of(&original);
    let mut edited = original.clone();
    // A member of a shown event that the page never shows: only its digest is in the
    // proof.
    let page = page_from(&original, &logged, Lang::En);
    let (id, member) = page
        .stages
        .iter()
        .flat_map(|s| s.events.iter())
        .find_map(|event| {
            let disclosed: Vec<String> = proof_of(event)
                .disclosures
                .iter()
                .map(|d| d.field().name)
                .collect();
            let stored = original
                .iter()
                .find(|v| v["eventID"].as_str() == Some(event.event_id.as_str()))?;
            let member = stored.as_object()?.iter().find_map(|(k, v)| {
                let one = EventFields::of(&serde_json::json!({ k.clone(): v.clone() }));
                let (name, _) = one.iter().next()?;
                (k.contains(':') && !disclosed.iter().any(|d| d == name)).then(|| k.clone())
            })?;
            Some((event.event_id.clone(), member))
        })
        .expect("a shown event with a hidden member");
    let target = edited
        .iter_mut()
        .find(|v| v["eventID"].as_str() == Some(id.as_str()))
        .expect("stored");
    target[member.as_str()] = Value::from("changed behind the server's back");
    let check = check_trace(&page_from(&edited, &logged, Lang::En), &key());
    let failed = failures(&check);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, id);
}

#[test]
fn a_tampered_disclosure_fails() {
    let mut view = demo_page(Lang::En);
    let event = events_mut(&mut view).nth(2).expect("a third event");
    let mut proof = proof_of(event);
    let i = proof
        .disclosures
        .iter()
        .position(|d| d.field().name == "eventTime")
        .expect("eventTime disclosed");
    let field = proof.disclosures[i].field();
    let salt = Salt::try_from(field.salt).expect("salt");
    proof.disclosures[i] =
        Disclosure::new(&salt, "eventTime", &Value::from("2020-01-01T00:00:00Z"));
    event.proof = Some(ProofJson::of(&proof));
    event.time = "2020-01-01T00:00:00Z".into();
    let id = event.event_id.clone();
    let check = check_trace(&view, &key());
    let failed = failures(&check);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, id);
    assert!(matches!(failed[0].1, EventFailure::NotInLog(_)));
}

#[test]
fn a_page_showing_what_the_proof_does_not_disclose_fails() {
    // The time.
    let mut view = demo_page(Lang::En);
    events_mut(&mut view).next().expect("event").time = "2026-01-01T00:00:00+09:00".into();
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, EventFailure::Shows("eventTime".into()));

    // What happened, in words.
    let mut view = demo_page(Lang::Zh);
    events_mut(&mut view).nth(1).expect("event").action = "Caught wild".into();
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(
        failed,
        vec![(failed[0].0.clone(), EventFailure::Shows("bizStep".into()))]
    );

    // A field's value, and its unit.
    let mut view = demo_page(Lang::En);
    let event = events_mut(&mut view)
        .find(|e| e.fields.iter().any(|f| f.unit.is_some()))
        .expect("an event with a unit");
    let field = event
        .fields
        .iter_mut()
        .find(|f| f.unit.is_some())
        .expect("field");
    let key_name = field.key.clone();
    field.value.push('0');
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, EventFailure::Shows(key_name.clone()));
    let mut view = demo_page(Lang::En);
    let field = events_mut(&mut view)
        .flat_map(|e| e.fields.iter_mut())
        .find(|f| f.key == key_name)
        .expect("field");
    field.unit = Some("lb".into());
    assert_eq!(check_trace(&view, &key()).failed(), 1);

    // An enumerated value shown as another value's words.
    let mut view = demo_page(Lang::Ko);
    let dictionary = Dictionary::get();
    let field = events_mut(&mut view)
        .flat_map(|e| e.fields.iter_mut())
        .find(|f| dictionary.field(&f.key).is_some_and(|d| d.values.is_some()))
        .expect("an enumerated field on the page");
    let other = dictionary
        .field(&field.key)
        .and_then(|d| d.values.as_ref())
        .and_then(|vs| vs.iter().find(|v| v.labels.ko != field.value))
        .expect("another value");
    field.value = other.labels.ko.clone();
    assert_eq!(check_trace(&view, &key()).failed(), 1);

    // A field the proof does not disclose at all.
    let mut view = demo_page(Lang::En);
    let event = events_mut(&mut view).next().expect("event");
    event.fields.push(crate::trace::FieldValue {
        key: "farm.drug_name".into(),
        label: "Drug".into(),
        value: "none".into(),
        unit: None,
        explain: None,
    });
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed[0].1, EventFailure::Shows("farm.drug_name".into()));
}

#[test]
fn a_business_shown_without_its_disclosed_location_fails() {
    let mut view = demo_page(Lang::En);
    let event = events_mut(&mut view)
        .find(|e| e.business.is_some())
        .expect("an event with a business");
    let mut proof = proof_of(event);
    // The server hides the location (a valid proof: its digest stays in the leaf).
    let moved: Vec<Disclosure> = proof
        .disclosures
        .iter()
        .filter(|d| matches!(d.field().name.as_str(), "bizLocation" | "readPoint"))
        .cloned()
        .collect();
    assert!(!moved.is_empty());
    proof.disclosures.retain(|d| !moved.contains(d));
    proof.hidden.extend(moved.iter().map(Disclosure::digest));
    proof.hidden.sort();
    event.proof = Some(ProofJson::of(&proof));
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, EventFailure::Shows("bizLocation".into()));
}

#[test]
fn swapped_proofs_fail() {
    let mut view = demo_page(Lang::En);
    let mut events: Vec<&mut EventView> = events_mut(&mut view).collect();
    let first = events[0].proof.take();
    let second = std::mem::replace(&mut events[1].proof, first);
    events[0].proof = second;
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed.len(), 2);
    assert!(failed
        .iter()
        .all(|(_, f)| matches!(f, EventFailure::OtherEvent { .. })));

    // Another event's proof under this event's id: its leaf is not this event's.
    let mut view = demo_page(Lang::En);
    let mut events: Vec<&mut EventView> = events_mut(&mut view).collect();
    let mut stolen = proof_of(events[1]);
    stolen.event_id = events[0].event_id.clone();
    events[0].proof = Some(ProofJson::of(&stolen));
    let failed = failures(&check_trace(&view, &key()));
    assert_eq!(failed.len(), 1);
    assert!(matches!(failed[0].1, EventFailure::NotInLog(_)));
}

#[test]
fn a_missing_or_unreadable_proof_fails() {
    let mut view = demo_page(Lang::En);
    let mut events: Vec<&mut EventView> = events_mut(&mut view).collect();
    events[0].proof = None;
    events[1].proof = Some(ProofJson(serde_json::json!({ "eventID": "x" })));
    let check = check_trace(&view, &key());
    let kinds: Vec<&str> = failures(&check).iter().map(|(_, f)| f.kind()).collect();
    assert_eq!(kinds, vec!["no-proof", "unreadable"]);
}

#[test]
fn another_key_or_no_checkpoint_fails_every_event() {
    let view = demo_page(Lang::En);
    let other = LogSigner::new(ORIGIN, &[8; 32]).expect("signer");
    let check = check_trace(&view, other.key().as_str());
    assert!(matches!(
        check.checkpoint,
        Err(CheckpointFailure::NotSigned(_))
    ));
    assert_eq!(check.verified(), 0);
    assert!(check
        .events
        .iter()
        .all(|e| e.outcome == Err(EventFailure::Checkpoint)));

    // The same key under another name: the checkpoint's origin is not its log.
    let renamed = LogSigner::new("other.example/log", &[7; 32]).expect("signer");
    let check = check_trace(&view, renamed.key().as_str());
    assert!(check.checkpoint.is_err());
    assert_eq!(check.verified(), 0);

    let check = check_trace(&view, "not a key");
    assert!(matches!(
        check.checkpoint,
        Err(CheckpointFailure::BadKey(_))
    ));

    let mut bare = view.clone();
    bare.checkpoint = None;
    let check = check_trace(&bare, &key());
    assert_eq!(check.checkpoint, Err(CheckpointFailure::Missing));
    assert_eq!(check.verified(), 0);
}

#[test]
fn a_checkpoint_of_another_tree_fails_every_event() {
    let mut view = demo_page(Lang::En);
    let values = demo_values();
    let mut log = log_of(&values).log;
    log.append(super::super::leaf_hash(b"one more"))
        .expect("append");
    let note = signer()
        .sign(&LogCheckpoint {
            origin: ORIGIN.into(),
            head: log.head().expect("head"),
        })
        .expect("sign");
    view.checkpoint = Some(TraceCheckpoint { note, witnesses: 0 });
    let check = check_trace(&view, &key());
    assert!(check.checkpoint.is_ok());
    assert_eq!(check.verified(), 0);
    assert!(failures(&check)
        .iter()
        .all(|(_, f)| matches!(f, EventFailure::NotInLog(_))));
}

#[test]
fn counts_the_witnesses_cosignatures() {
    let mut view = demo_page(Lang::En);
    let OpenCheckpoint { origin, head } =
        check_trace(&view, &key()).checkpoint.expect("checkpoint");
    let checkpoint = LogCheckpoint { origin, head };
    let note = &mut view.checkpoint.as_mut().expect("checkpoint").note;
    for seed in [1u8, 2] {
        let witness = WitnessSigner::new(
            &format!("witness-{seed}.example"),
            &[seed; 32],
            1_764_000_000,
        )
        .expect("witness");
        let line = witness
            .cosign(checkpoint.body().as_bytes())
            .to_line()
            .expect("line");
        note.push_str(&line);
    }
    let check = check_trace(&view, &key());
    assert_eq!(check.cosignatures, 2);
    assert_eq!(check.failed(), 0);
}

fn log_of_leaves(n: u64, changed_at: Option<u64>) -> MemoryLog {
    let mut log = MemoryLog::new();
    for i in 0..n {
        let data = if Some(i) == changed_at { i + 1000 } else { i };
        log.append(super::super::leaf_hash(&data.to_be_bytes()))
            .expect("append");
    }
    log
}

fn proof_text(log: &MemoryLog, old: u64, new: u64) -> String {
    log.consistency(old, new)
        .expect("proof")
        .iter()
        .map(|h| h.to_base64() + "\n")
        .collect()
}

#[test]
fn a_grown_log_is_consistent_both_ways() {
    let log = log_of_leaves(15, None);
    let old: TreeHead = log_of_leaves(10, None).head().expect("head");
    let new = log.head().expect("head");
    assert_eq!(consistency_request(&old, &new), Some((10, 15)));
    assert_eq!(consistency_request(&new, &old), Some((10, 15)));
    let proof = proof_text(&log, 10, 15);
    assert_eq!(check_growth(&old, &new, &proof), Ok(()));
    // A page answered from an older copy than the head kept.
    assert_eq!(check_growth(&new, &old, &proof), Ok(()));
    assert_eq!(consistency_request(&new, &new), None);
    assert_eq!(check_growth(&new, &new, ""), Ok(()));
}

#[test]
fn a_rewritten_log_is_inconsistent() {
    let old = log_of_leaves(10, None).head().expect("head");
    // Leaf 3 rewritten, then grown: the honest old tree is no prefix of it.
    let rewritten = log_of_leaves(15, Some(3));
    let new = rewritten.head().expect("head");
    let proof = proof_text(&rewritten, 10, 15);
    assert!(matches!(
        check_growth(&old, &new, &proof),
        Err(ProofError::Inconsistent {
            old: 10,
            new: 15,
            ..
        })
    ));
    // The honest proof with one hash changed.
    let honest = log_of_leaves(15, None);
    let mut lines: Vec<String> = proof_text(&honest, 10, 15)
        .lines()
        .map(String::from)
        .collect();
    lines[0] = LogHash([9; 32]).to_base64();
    let new = honest.head().expect("head");
    assert!(check_growth(&old, &new, &lines.join("\n")).is_err());
    // No proof at all, or one that is no list of hashes.
    assert!(check_growth(&old, &new, "").is_err());
    assert!(check_growth(&old, &new, "not base64!\n").is_err());
    // Same size, another root.
    let same_size = log_of_leaves(10, Some(0)).head().expect("head");
    assert_eq!(consistency_request(&old, &same_size), None);
    assert!(check_growth(&old, &same_size, "").is_err());
}
