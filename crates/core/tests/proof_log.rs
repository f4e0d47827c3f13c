//! The tamper-evident log's primitives against published test data (RFC 6962 / CT
//! Merkle vectors, the SD-JWT draft's disclosure digest, the C2SP signed-note and
//! checkpoint examples, RFC 8785 canonical form) and as properties: proofs verify for
//! random trees and fail when any byte of leaf, proof or root changes.

use lottrace_core::proof::{
    verify_consistency, verify_inclusion, Cosignature, Disclosure, EntryBundle, EventFields,
    EventLeaf, EventProof, FieldDigest, LogCheckpoint, LogHash, LogKey, LogSigner, MemoryLog,
    ProofError, Salt, TilePath, TreeHead, WitnessKey, WitnessSigner,
};
use proptest::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("test hex"))
        .collect()
}

fn hash(text: &str) -> LogHash {
    LogHash(hex(text).try_into().expect("32 bytes"))
}

/// The eight leaves of the RFC 6962 test tree used by certificate-transparency and
/// transparency-dev/merkle (testonly/constants.go), and the roots of its prefixes.
const CT_LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];
const CT_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn ct_log() -> MemoryLog {
    let mut log = MemoryLog::new();
    for leaf in CT_LEAVES {
        log.append(lottrace_core::proof::leaf_hash(&hex(leaf)))
            .expect("append");
    }
    log
}

#[test]
fn roots_of_the_rfc6962_test_tree() {
    let mut log = MemoryLog::new();
    assert_eq!(
        log.head().expect("empty head").root,
        // RFC 6962 §2.1: the empty tree's hash is SHA-256 of nothing.
        hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    for (leaf, root) in CT_LEAVES.iter().zip(CT_ROOTS) {
        log.append(lottrace_core::proof::leaf_hash(&hex(leaf)))
            .expect("append");
        assert_eq!(
            log.head().expect("head").root,
            hash(root),
            "size {}",
            log.size()
        );
    }
}

#[test]
fn inclusion_and_consistency_in_the_rfc6962_test_tree() {
    let log = ct_log();
    for size in 1..=8u64 {
        let head = TreeHead {
            size,
            root: hash(CT_ROOTS[size as usize - 1]),
        };
        for index in 0..size {
            let proof = log.inclusion(index, size).expect("prove");
            let leaf = lottrace_core::proof::leaf_hash(&hex(CT_LEAVES[index as usize]));
            verify_inclusion(&proof, &head, index, leaf).expect("included");
            let other = lottrace_core::proof::leaf_hash(b"not this leaf");
            assert!(verify_inclusion(&proof, &head, index, other).is_err());
        }
        for old in 1..=size {
            let old_head = TreeHead {
                size: old,
                root: hash(CT_ROOTS[old as usize - 1]),
            };
            let proof = log.consistency(old, size).expect("prove");
            verify_consistency(&proof, &old_head, &head).expect("consistent");
        }
    }
    // RFC 9162 §2.1.4.1's example: the proof from 3 to 7 leaves has 4 hashes
    // (c, d, g, l in its figure).
    assert_eq!(log.consistency(3, 7).expect("prove").len(), 4);
    // A tree of 8 is not an extension of another tree's size-4 root.
    let forged = TreeHead {
        size: 4,
        root: hash(CT_ROOTS[2]),
    };
    let head = TreeHead {
        size: 8,
        root: hash(CT_ROOTS[7]),
    };
    let proof = log.consistency(4, 8).expect("prove");
    assert!(matches!(
        verify_consistency(&proof, &forged, &head),
        Err(ProofError::Inconsistent { old: 4, new: 8, .. })
    ));
    assert!(
        verify_consistency(&[], &head, &forged).is_err(),
        "shrinking"
    );
}

#[test]
fn disclosure_digest_of_the_sd_jwt_example() {
    // draft-ietf-oauth-selective-disclosure-jwt, "Hashing Disclosures": the disclosure
    // of ["_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius"] and its SHA-256 digest.
    let disclosure = Disclosure::try_from(
        "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0".to_string(),
    )
    .expect("the draft's disclosure reads");
    assert_eq!(
        disclosure.digest().as_str(),
        "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
    );
    let field = disclosure.field();
    assert_eq!(field.name, "family_name");
    assert_eq!(field.value, json!("Möbius"));
}

#[test]
fn disclosures_are_rfc8785_canonical() {
    let salt = Salt::from_bytes([0xfb; 16]);
    assert_eq!(salt.as_str(), "-_v7-_v7-_v7-_v7-_v7-w");
    // RFC 8785 §3.2: members sorted by UTF-16 code units, numbers in ECMAScript form
    // (1.0 → 1, 1e21 → 1e+21), no whitespace, non-ASCII as UTF-8.
    let value = json!({ "b": 1e21, "a": [1.0, "€"], "\u{20ac}": true, "Z": null });
    let disclosure = Disclosure::new(&salt, "lt:x", &value);
    let expected = r#"["-_v7-_v7-_v7-_v7-_v7-w","lt:x",{"Z":null,"a":[1,"€"],"b":1e+21,"€":true}]"#;
    use base64::Engine;
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(disclosure.as_str())
        .expect("base64url");
    assert_eq!(String::from_utf8(decoded).expect("utf-8"), expected);
    assert!(!disclosure.as_str().contains('='), "no padding");
}

#[test]
fn bad_salts_digests_and_disclosures_are_refused() {
    assert!(Salt::try_from("c2hvcnQ".to_string()).is_err(), "5 bytes");
    assert!(Salt::try_from("-_v7-_v7-_v7-_v7-_v7-w==".to_string()).is_err());
    Salt::try_from("-_v7-_v7-_v7-_v7-_v7-w".to_string()).expect("16 bytes");
    assert!(FieldDigest::try_from("abc".to_string()).is_err());
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    for bad in [
        r#"["_26bc4LT-ac6q2KI6cBW5es","name"]"#,
        r#"["","name",1]"#,
        r#"{"salt":"_26bc4LT-ac6q2KI6cBW5es"}"#,
        r#"["_26bc4LT-ac6q2KI6cBW5es",7,1]"#,
    ] {
        assert!(
            matches!(
                Disclosure::try_from(b64(bad)),
                Err(ProofError::Disclosure(_))
            ),
            "{bad}"
        );
    }
}

#[test]
fn the_leaf_is_canonical_json_with_sorted_digests() {
    let salt = Salt::from_bytes([7; 16]);
    let a = Disclosure::new(&salt, "eventTime", &json!("2026-11-17T09:00:00+09:00")).digest();
    let b = Disclosure::new(&salt, "bizStep", &json!("shipping")).digest();
    let leaf = EventLeaf::new("urn:uuid:1", vec![a.clone(), b.clone()]);
    let mut sorted = [a.as_str(), b.as_str()];
    sorted.sort();
    let expected = format!(
        r#"{{"digests":["{}","{}"],"eventID":"urn:uuid:1"}}"#,
        sorted[0], sorted[1]
    );
    assert_eq!(String::from_utf8(leaf.to_bytes()).expect("utf-8"), expected);
    assert_eq!(EventLeaf::parse(&leaf.to_bytes()).expect("parse"), leaf);
    let spaced = expected.replace(',', ", ");
    assert!(
        EventLeaf::parse(spaced.as_bytes()).is_err(),
        "not canonical"
    );
    // RFC 6962 leaf: SHA-256(0x00 || bytes).
    use sha2::{Digest, Sha256};
    let mut prefixed = vec![0u8];
    prefixed.extend(leaf.to_bytes());
    assert_eq!(leaf.hash().0.to_vec(), Sha256::digest(&prefixed).to_vec());
}

#[test]
fn event_fields_use_member_names_and_dictionary_keys() {
    let event = json!({
        "type": "ObjectEvent",
        "eventID": "urn:uuid:1",
        "eventTime": "2026-11-17T09:00:00+09:00",
        "bizStep": "shipping",
        "inputQuantityList": [{ "epcClass": "urn:x", "quantity": 1 }],
        "lt:farm.area": "secret",
        "lt:not_in_the_dictionary": 1,
        "lt:hatchery.drug_name": "at the top, not in ilmd where it belongs",
        "ilmd": { "lt:treatment.oral_drug_name": "ilmd", "cbvmda:lotNumber": "L1" }
    });
    let fields = EventFields::of(&event);
    let names: Vec<&str> = fields.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "bizStep",
            "eventTime",
            "farm.area",
            "ilmd/cbvmda:lotNumber",
            "inputQuantityList",
            "lt:hatchery.drug_name",
            "lt:not_in_the_dictionary",
            "treatment.oral_drug_name",
            "type"
        ]
    );
    assert_eq!(fields.get("treatment.oral_drug_name"), Some(&json!("ilmd")));
    let mut shown = event.clone();
    shown
        .as_object_mut()
        .expect("object")
        .remove("lt:farm.area");
    shown["bizStep"] = json!("receiving");
    let disclosed = fields.disclosed_in(&EventFields::of(&shown));
    assert!(!disclosed.contains("farm.area"));
    assert!(
        !disclosed.contains("bizStep"),
        "a changed value is not the recorded one"
    );
    assert!(disclosed.contains("eventTime") && disclosed.contains("treatment.oral_drug_name"));
}

fn sample_proof(log: &mut MemoryLog, event: &serde_json::Value, shown: &[&str]) -> EventProof {
    let fields = EventFields::of(event);
    let salts: BTreeMap<String, Salt> = fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.to_string(), Salt::from_bytes([i as u8 + 1; 16])))
        .collect();
    let all: BTreeSet<String> = fields.iter().map(|(n, _)| n.to_string()).collect();
    let full = EventProof::build("urn:uuid:e", &fields, &salts, &all, 0, Vec::new());
    let index = log.append(full.leaf().hash()).expect("append");
    let shown: BTreeSet<String> = shown.iter().map(|s| s.to_string()).collect();
    let size = log.size();
    let inclusion = log.inclusion(index, size).expect("prove");
    EventProof::build("urn:uuid:e", &fields, &salts, &shown, index, inclusion)
}

#[test]
fn an_event_proof_verifies_and_shows_only_what_is_disclosed() {
    let mut log = MemoryLog::new();
    for i in 0..5u8 {
        log.append(lottrace_core::proof::leaf_hash(&[i]))
            .expect("append");
    }
    let event = json!({
        "type": "ObjectEvent", "eventID": "urn:uuid:e", "eventTime": "2026-11-17T09:00:00+09:00",
        "bizStep": "shipping", "lt:treatment.oral_drug_name": "secret"
    });
    let proof = sample_proof(&mut log, &event, &["eventTime", "bizStep", "type"]);
    let head = log.head().expect("head");
    let fields = proof.verify(&head).expect("verifies");
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["bizStep", "eventTime", "type"]);
    assert_eq!(proof.hidden.len(), 1);
    // The JSON the API sends round-trips.
    let text = serde_json::to_string(&proof).expect("json");
    assert!(text.contains(r#""eventID":"urn:uuid:e""#) && text.contains(r#""leaf_index":5"#));
    let back: EventProof = serde_json::from_str(&text).expect("parse");
    back.verify(&head).expect("verifies after the trip");

    // A disclosure of the same field with another value: the leaf no longer matches.
    let mut forged = proof.clone();
    let salt = Salt::try_from(forged.disclosures[0].field().salt).expect("salt");
    forged.disclosures[0] = Disclosure::new(&salt, "bizStep", &json!("receiving"));
    assert!(matches!(
        forged.verify(&head),
        Err(ProofError::Inclusion(_))
    ));
    // Hiding a disclosed field keeps the proof valid (its digest is still committed)...
    let mut fewer = proof.clone();
    let moved = fewer.disclosures.remove(0);
    fewer.hidden.push(moved.digest());
    fewer.verify(&head).expect("selective disclosure");
    // ...dropping it does not.
    let mut dropped = proof.clone();
    dropped.disclosures.remove(0);
    assert!(dropped.verify(&head).is_err());
    // Another eventID, another leaf.
    let mut renamed = proof.clone();
    renamed.event_id = "urn:uuid:other".into();
    assert!(renamed.verify(&head).is_err());
    // A field disclosed twice is refused.
    let mut twice = proof;
    twice.disclosures.push(twice.disclosures[0].clone());
    assert!(matches!(
        twice.verify(&head),
        Err(ProofError::Disclosure(_))
    ));
}

#[test]
fn a_field_without_its_salt_fails() {
    let mut log = MemoryLog::new();
    let event = json!({ "type": "ObjectEvent", "eventTime": "2026-11-17T09:00:00+09:00" });
    let proof = sample_proof(&mut log, &event, &["type"]);
    let head = log.head().expect("head");
    proof.verify(&head).expect("as logged");
    // The same event with a member added later (no salt was stored for it).
    let mut edited = event.clone();
    edited["bizStep"] = json!("shipping");
    let fields = EventFields::of(&edited);
    let salts: BTreeMap<String, Salt> = EventFields::of(&event)
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.to_string(), Salt::from_bytes([i as u8 + 1; 16])))
        .collect();
    let shown = BTreeSet::from(["type".to_string()]);
    let rebuilt = EventProof::build("urn:uuid:e", &fields, &salts, &shown, 0, proof.inclusion);
    assert!(rebuilt.verify(&head).is_err());
}

/// C2SP signed-note's example key (Go's golang.org/x/mod/sumdb/note documentation).
const PETER_NEUMANN: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

#[test]
fn verifier_keys_of_the_c2sp_example_and_our_own() {
    let key = LogKey::parse(PETER_NEUMANN).expect("the spec's key reads");
    assert_eq!(key.name(), "PeterNeumann");
    let wrong_id = PETER_NEUMANN.replace("c74f20a3", "c74f20a4");
    assert!(LogKey::parse(&wrong_id).is_err(), "key id must match");

    let signer = LogSigner::new("lottrace.example/log", &[9; 32]).expect("signer");
    let text = signer.key().as_str().to_string();
    let (name, rest) = text.split_once('+').expect("name");
    let (id, b64) = rest.split_once('+').expect("id");
    assert_eq!(name, "lottrace.example/log");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    assert_eq!((bytes.len(), bytes[0]), (33, 0x01), "0x01 || Ed25519 key");
    use sha2::{Digest, Sha256};
    let mut material = b"lottrace.example/log\n".to_vec();
    material.extend(&bytes);
    assert_eq!(id, hex_of(&Sha256::digest(&material)[..4]));
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn checkpoints_sign_open_and_refuse_tampering() {
    // C2SP tlog-checkpoint's example body.
    let body =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let parsed = LogCheckpoint::parse_body(body.as_bytes()).expect("the spec's body");
    assert_eq!(parsed.origin, "example.com/behind-the-sofa");
    assert_eq!(parsed.head.size, 20852163);
    assert_eq!(parsed.body(), body);

    let signer = LogSigner::new("lottrace.example/log", &[3; 32]).expect("signer");
    let checkpoint = LogCheckpoint {
        origin: "lottrace.example/log".into(),
        head: ct_log().head().expect("head"),
    };
    let note = signer.sign(&checkpoint).expect("sign");
    assert!(note.starts_with(&checkpoint.body()));
    assert!(note.contains("\n\n\u{2014} lottrace.example/log "));
    assert_eq!(
        LogCheckpoint::open(&note, signer.key()).expect("open"),
        checkpoint
    );
    let grown = note.replacen("\n8\n", "\n9\n", 1);
    assert!(
        LogCheckpoint::open(&grown, signer.key()).is_err(),
        "size changed"
    );
    let other = LogSigner::new("lottrace.example/log", &[4; 32]).expect("signer");
    assert!(
        LogCheckpoint::open(&note, other.key()).is_err(),
        "another key"
    );
    let elsewhere = LogSigner::new("elsewhere.example/log", &[3; 32]).expect("signer");
    let foreign = signer
        .sign(&LogCheckpoint {
            origin: "elsewhere.example/log".into(),
            ..checkpoint.clone()
        })
        .expect("sign");
    assert!(
        LogCheckpoint::open(&foreign, elsewhere.key()).is_err(),
        "origin vs key"
    );
}

#[test]
fn cosignatures_follow_c2sp_tlog_cosignature() {
    let checkpoint = LogCheckpoint {
        origin: "lottrace.example/log".into(),
        head: ct_log().head().expect("head"),
    };
    let log = LogSigner::new("lottrace.example/log", &[3; 32]).expect("signer");
    let witness = WitnessSigner::new("witness.example", &[5; 32], 1_764_000_000).expect("w");
    let cosig = witness.cosign(checkpoint.body().as_bytes());
    assert_eq!(cosig.timestamp(), Some(1_764_000_000));
    assert!(cosig.verifies(witness.key(), checkpoint.body().as_bytes()));
    assert!(!cosig.verifies(witness.key(), b"another body\n"));
    // Key id: SHA-256(name || 0x0A || 0x04 || key), first 4 bytes.
    let text = witness.key().to_text();
    let parsed = WitnessKey::parse(&text).expect("reads back");
    assert_eq!(parsed.to_text(), text);
    use base64::Engine;
    let b64 = text.rsplit('+').next().expect("key");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("b64");
    assert_eq!(bytes[0], 0x04);
    use sha2::{Digest, Sha256};
    let mut material = b"witness.example\n".to_vec();
    material.extend(&bytes);
    assert!(text.contains(&hex_of(&Sha256::digest(&material)[..4])));
    assert!(
        WitnessKey::parse(log.key().as_str()).is_err(),
        "a 0x01 key is no witness key"
    );

    let line = cosig.to_line().expect("line");
    assert_eq!(Cosignature::parse_line(&line).expect("parse"), cosig);
    let note = log.sign(&checkpoint).expect("sign") + &line;
    LogCheckpoint::open(&note, log.key()).expect("cosignatures do not disturb the log's");
    let names = LogCheckpoint::cosigned_by(&note, std::slice::from_ref(&parsed)).expect("count");
    assert_eq!(names, ["witness.example"]);
    let bare = log.sign(&checkpoint).expect("sign");
    assert!(
        LogCheckpoint::cosigned_by(&bare, std::slice::from_ref(&parsed))
            .expect("count")
            .is_empty()
    );
    let grown = note.replacen("\n8\n", "\n9\n", 1);
    assert!(
        LogCheckpoint::cosigned_by(&grown, &[parsed]).is_err(),
        "forged"
    );
}

#[test]
fn tile_paths_as_c2sp_writes_them() {
    // C2SP tlog-tiles: "tile/0/x001/x234/067" for N = 1234067; partial tiles ".p/<W>".
    let path = TilePath::parse("0/x001/x234/067").expect("parse");
    assert_eq!(
        path,
        TilePath::Hashes {
            level: 0,
            index: 1_234_067,
            width: 256
        }
    );
    assert_eq!(path.path(), "0/x001/x234/067");
    let partial = TilePath::parse("2/000.p/7").expect("parse");
    assert_eq!(
        partial,
        TilePath::Hashes {
            level: 2,
            index: 0,
            width: 7
        }
    );
    assert!(!partial.is_full());
    assert_eq!(
        TilePath::parse("entries/x001/002.p/255").expect("parse"),
        TilePath::Entries {
            index: 1002,
            width: 255
        }
    );
    for bad in [
        "0/1",
        "0/0001",
        "0/x000/001",
        "0/001.p/256",
        "0/001.p/0",
        "0/001.p/07",
        "64/000",
        "01/000",
        "0/x1/000",
        "entries/",
        "0/-01",
        "tile/0/000",
    ] {
        assert!(TilePath::parse(bad).is_err(), "{bad}");
    }
    let all = TilePath::all_for(300);
    assert!(all.contains(&TilePath::Hashes {
        level: 0,
        index: 1,
        width: 44
    }));
    assert!(all.contains(&TilePath::Hashes {
        level: 1,
        index: 0,
        width: 1
    }));
    assert!(all.contains(&TilePath::Entries {
        index: 0,
        width: 256
    }));
}

#[test]
fn entry_bundles_round_trip_and_refuse_cut_data() {
    let bundle = EntryBundle(vec![b"one".to_vec(), Vec::new(), vec![7; 300]]);
    let bytes = bundle.to_bytes().expect("encode");
    assert_eq!(&bytes[..5], &[0, 3, b'o', b'n', b'e']);
    assert_eq!(EntryBundle::parse(&bytes).expect("decode"), bundle);
    assert!(EntryBundle::parse(&bytes[..bytes.len() - 1]).is_err());
    assert!(EntryBundle::parse(&[0]).is_err());
    assert!(EntryBundle(vec![vec![0; 70_000]]).to_bytes().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn proofs_verify_in_random_trees_and_fail_when_a_byte_changes(
        size in 1u64..300,
        picks in proptest::collection::vec((any::<u64>(), any::<u64>(), any::<usize>(), 1u8..=255), 4),
    ) {
        let mut log = MemoryLog::new();
        let leaves: Vec<LogHash> = (0..size)
            .map(|i| lottrace_core::proof::leaf_hash(&i.to_be_bytes()))
            .collect();
        for leaf in &leaves {
            log.append(*leaf).expect("append");
        }
        let head = log.head().expect("head");
        for (a, b, byte, flip) in picks {
            let index = a % size;
            let proof = log.inclusion(index, size).expect("prove");
            prop_assert!(verify_inclusion(&proof, &head, index, leaves[index as usize]).is_ok());
            let mut leaf = leaves[index as usize];
            leaf.0[byte % 32] ^= flip;
            prop_assert!(verify_inclusion(&proof, &head, index, leaf).is_err());
            let mut root = head;
            root.root.0[byte % 32] ^= flip;
            prop_assert!(verify_inclusion(&proof, &root, index, leaves[index as usize]).is_err());
            if !proof.is_empty() {
                let mut bent = proof.clone();
                let at = byte % bent.len();
                bent[at].0[byte % 32] ^= flip;
                prop_assert!(verify_inclusion(&bent, &head, index, leaves[index as usize]).is_err());
            }
            let old = 1 + b % size;
            let mut old_log = MemoryLog::new();
            for leaf in &leaves[..old as usize] {
                old_log.append(*leaf).expect("append");
            }
            let old_head = old_log.head().expect("old head");
            let consistency = log.consistency(old, size).expect("prove");
            prop_assert!(verify_consistency(&consistency, &old_head, &head).is_ok());
            let mut rewritten = old_head;
            rewritten.root.0[byte % 32] ^= flip;
            prop_assert!(verify_consistency(&consistency, &rewritten, &head).is_err());
            if !consistency.is_empty() {
                let mut bent = consistency.clone();
                let at = byte % bent.len();
                bent[at].0[byte % 32] ^= flip;
                prop_assert!(verify_consistency(&bent, &old_head, &head).is_err());
            }
        }
    }
}
