//! Signed item codes: a signature made over one form of a code holds for every form,
//! and any change to the code, the key or the key's standing breaks it; the check rule
//! turns checks into the warnings a shopper sees.

use lottrace_core::authenticity::{
    commissioning_event, item_code, signed_link, CheckBucket, CheckPlace, CheckWarning, CodeKey,
    CodeKeySet, CodeSigner, ItemState, PrintRunRequest, Sale, Serial, SignatureCheck,
    SignatureProblem, SignatureVerdict,
};
use lottrace_core::codes::{identify, to_gs1_element_string, ResolverConfig};
use std::collections::BTreeSet;

const GTIN: &str = "08801234000208";
const LOT: &str = "SS2611A";
const NOW: &str = "2026-12-04T10:00:00Z";

fn signer(seed: u8) -> CodeSigner {
    CodeSigner::from_bytes(&[seed; 32])
}

fn keys(signers: &[&CodeSigner]) -> CodeKeySet {
    CodeKeySet {
        keys: signers
            .iter()
            .map(|s| {
                CodeKey::new(
                    &s.public_key(),
                    "바다싱싱 가공",
                    Some("8801234000307"),
                    "2026-01-01T00:00:00Z",
                )
            })
            .collect(),
    }
}

fn read(code: &str) -> lottrace_core::codes::Identification {
    identify(code, &ResolverConfig::new(["lottrace.example"])).expect("reads")
}

#[test]
fn a_signed_link_verifies_in_every_form_and_names_its_business() {
    let s = signer(7);
    let serial = Serial::from_random([9, 8, 7, 6, 5, 4, 3, 2]);
    let link = signed_link(&s, "https://lottrace.example", GTIN, LOT, &serial).expect("signs");
    assert!(link.contains("/21/") && link.contains("?8030="), "{link}");
    let value = link.split("8030=").nth(1).expect("value");
    assert_eq!(value.len(), 88);
    let id = read(&link);
    match SignatureCheck::of(&id, &keys(&[&s]), NOW) {
        SignatureCheck::Valid(key) => assert_eq!(key.business, "바다싱싱 가공"),
        other => panic!("{other:?}"),
    }
    // The same code as a GS1 DataMatrix carries it.
    let gs1 = to_gs1_element_string(&id).expect("writes");
    let from_matrix = read(&format!("]d2{gs1}"));
    assert!(matches!(
        SignatureCheck::of(&from_matrix, &keys(&[&s]), NOW),
        SignatureCheck::Valid(_)
    ));
}

#[test]
fn a_changed_serial_lot_or_key_breaks_the_signature() {
    let s = signer(7);
    let serial = Serial::from_random([1; 8]);
    let link = signed_link(&s, "https://lottrace.example", GTIN, LOT, &serial).expect("signs");
    let forged = link.replace(&format!("/21/{serial}"), "/21/000000000001");
    assert_eq!(
        SignatureCheck::of(&read(&forged), &keys(&[&s]), NOW),
        SignatureCheck::Invalid(SignatureProblem::Mismatch)
    );
    let other_lot = link.replace("/10/SS2611A", "/10/SS2611B");
    assert_eq!(
        SignatureCheck::of(&read(&other_lot), &keys(&[&s]), NOW),
        SignatureCheck::Invalid(SignatureProblem::Mismatch)
    );
    // Signed by a key the set does not have.
    assert_eq!(
        SignatureCheck::of(&read(&link), &keys(&[&signer(8)]), NOW),
        SignatureCheck::Invalid(SignatureProblem::UnknownKey)
    );
    // A truncated signature.
    let short = &link[..link.len() - 4];
    assert_eq!(
        SignatureCheck::of(&read(short), &keys(&[&s]), NOW),
        SignatureCheck::Invalid(SignatureProblem::Malformed)
    );
    // No signature at all.
    let bare = link.split('?').next().expect("path");
    assert_eq!(
        SignatureCheck::of(&read(bare), &keys(&[&s]), NOW),
        SignatureCheck::Missing
    );
}

#[test]
fn a_revoked_key_signs_nothing_valid_from_its_revocation_on() {
    let s = signer(3);
    let link = signed_link(
        &s,
        "https://lottrace.example",
        GTIN,
        LOT,
        &Serial::from_random([2; 8]),
    )
    .expect("signs");
    let mut set = keys(&[&s]);
    set.keys[0].revoked_at = Some("2026-12-01T00:00:00Z".into());
    assert_eq!(
        SignatureCheck::of(&read(&link), &set, NOW),
        SignatureCheck::Invalid(SignatureProblem::RevokedKey)
    );
    assert!(matches!(
        SignatureCheck::of(&read(&link), &set, "2026-11-30T00:00:00Z"),
        SignatureCheck::Valid(_)
    ));
}

fn bucket(day: &str, place: CheckPlace, count: u32) -> CheckBucket {
    CheckBucket {
        day: day.into(),
        place,
        count,
    }
}

#[test]
fn checks_turn_into_the_warning_a_shopper_sees() {
    let s = signer(1);
    let valid = SignatureCheck::of(
        &read(
            &signed_link(
                &s,
                "https://lottrace.example",
                GTIN,
                LOT,
                &Serial::from_random([5; 8]),
            )
            .expect("signs"),
        ),
        &keys(&[&s]),
        NOW,
    );
    let store_a = "8801234000406".to_string();
    let store_b = "8801234000505".to_string();
    let lot_stores: BTreeSet<String> = [store_a.clone()].into();
    let at = |buckets: &[CheckBucket], issued: bool, sig: &SignatureCheck| {
        ItemState::assess(
            "X",
            issued,
            sig,
            buckets,
            Some(NOW.into()),
            &lot_stores,
            None,
        )
    };
    let one = [bucket("2026-12-04", CheckPlace::Store(store_a.clone()), 1)];
    let state = at(&one, true, &valid);
    assert_eq!(
        (state.warning, state.checks, state.signature),
        (None, 1, SignatureVerdict::Valid)
    );
    assert_eq!(state.signed_by.as_deref(), Some("바다싱싱 가공"));
    assert_eq!(
        at(&one, false, &valid).warning,
        Some(CheckWarning::NotIssued)
    );
    assert_eq!(
        at(
            &one,
            true,
            &SignatureCheck::Invalid(SignatureProblem::Mismatch)
        )
        .warning,
        Some(CheckWarning::BadSignature)
    );
    assert_eq!(
        at(&one, true, &SignatureCheck::Missing).warning,
        Some(CheckWarning::Unsigned)
    );
    let two = [
        bucket("2026-12-04", CheckPlace::Store(store_a.clone()), 1),
        bucket("2026-12-04", CheckPlace::Store(store_b.clone()), 1),
    ];
    assert_eq!(
        at(&two, true, &valid).warning,
        Some(CheckWarning::TwoStores)
    );
    let elsewhere = [bucket("2026-12-04", CheckPlace::Store(store_b.clone()), 1)];
    assert_eq!(
        at(&elsewhere, true, &valid).warning,
        Some(CheckWarning::OffChain)
    );
    // Sold at store A on 3 Dec: a check at A's kiosk, or on a phone, is the buyer's; a
    // check at B's kiosk from that day on is another pack with this code.
    let sold = Sale {
        store: store_a.clone(),
        day: "2026-12-03".into(),
    };
    let after_sale = |buckets: &[CheckBucket]| {
        ItemState::assess(
            "X",
            true,
            &valid,
            buckets,
            Some(NOW.into()),
            &lot_stores,
            Some(&sold),
        )
        .warning
    };
    let two_stores_b_first = [
        bucket("2026-12-02", CheckPlace::Store(store_b.clone()), 1),
        bucket("2026-12-02", CheckPlace::Store(store_a.clone()), 1),
    ];
    assert_eq!(
        after_sale(&two_stores_b_first),
        Some(CheckWarning::TwoStores),
        "checks before the sale are not after it"
    );
    assert_eq!(
        after_sale(&[
            bucket("2026-12-03", CheckPlace::Store(store_a.clone()), 1),
            bucket("2026-12-05", CheckPlace::Anywhere, 2),
        ]),
        None
    );
    assert_eq!(
        after_sale(&[
            bucket("2026-12-03", CheckPlace::Store(store_a.clone()), 1),
            bucket("2026-12-04", CheckPlace::Store(store_b), 1),
        ]),
        Some(CheckWarning::SoldElsewhere)
    );
    // Phones checking every day for a fortnight: advisory; a burst on one day: nothing.
    let daily: Vec<CheckBucket> = (1..=15)
        .map(|d| bucket(&format!("2026-11-{d:02}"), CheckPlace::Anywhere, 3))
        .collect();
    assert_eq!(
        at(&daily, true, &valid).warning,
        Some(CheckWarning::ManyChecks)
    );
    let burst = [bucket("2026-12-04", CheckPlace::Anywhere, 3)];
    assert_eq!(at(&burst, true, &valid).warning, None);
}

#[test]
fn a_print_run_request_names_the_member_that_is_wrong() {
    let ok = PrintRunRequest {
        gtin: "8801234000208".into(),
        lot: LOT.into(),
        count: 10_000,
    };
    assert!(ok.check().is_ok());
    let zero = PrintRunRequest {
        count: 0,
        ..ok.clone()
    };
    assert_eq!(zero.check().map_err(|e| e.0), Err("count"));
    let huge = PrintRunRequest {
        count: 100_001,
        ..ok.clone()
    };
    assert_eq!(huge.check().map_err(|e| e.0), Err("count"));
    let bad_gtin = PrintRunRequest {
        gtin: "8801234000209".into(),
        ..ok.clone()
    };
    assert_eq!(bad_gtin.check().map_err(|e| e.0), Err("gtin"));
    let bad_lot = PrintRunRequest {
        lot: "a lot with spaces and ~~ far too long for AI 10".into(),
        ..ok
    };
    assert_eq!(bad_lot.check().map_err(|e| e.0), Err("lot"));
}

#[test]
fn the_commissioning_event_lists_the_serials_and_the_lot() {
    let serials = vec![Serial::from_random([1; 8]), Serial::from_random([2; 8])];
    let event = commissioning_event(
        "urn:uuid:7b6c1f4e-8a3d-4b7e-9c2f-1d2e3f4a5b6c",
        "2026-12-04T09:00:00+09:00",
        "https://id.gs1.org/414/8801234000307",
        GTIN,
        LOT,
        &serials,
    )
    .expect("valid event");
    let json = serde_json::to_value(&event).expect("json");
    assert_eq!(json["bizStep"], "commissioning");
    assert_eq!(json["action"], "ADD");
    assert_eq!(
        json["epcList"][1],
        format!("https://id.gs1.org/01/{GTIN}/21/{}", serials[1])
    );
    assert_eq!(json["ilmd"]["cbvmda:lotNumber"], LOT);
    assert!(item_code(GTIN, LOT, &serials[0]).serial.is_some());
}

#[test]
fn a_device_refuses_a_bad_signature_but_not_a_key_it_has_not_cached() {
    assert!(SignatureCheck::Invalid(SignatureProblem::Mismatch).refuses_offline());
    assert!(!SignatureCheck::Invalid(SignatureProblem::UnknownKey).refuses_offline());
    assert!(!SignatureCheck::Missing.refuses_offline());

    // A server that called a forged code genuine is overruled on the device.
    let mut said = ItemState {
        serial: "X".into(),
        issued: true,
        signature: SignatureVerdict::Valid,
        signed_by: Some("바다싱싱 가공".into()),
        signed_by_gln: Some("8801234000055".into()),
        checks: 1,
        first_checked: Some(NOW.into()),
        warning: None,
    };
    said.refused_here();
    assert_eq!(
        (said.signature, said.signed_by.clone(), said.warning),
        (
            SignatureVerdict::Invalid,
            None,
            Some(CheckWarning::BadSignature)
        )
    );
    // A graver warning already there stays.
    let mut never = ItemState {
        issued: false,
        warning: Some(CheckWarning::NotIssued),
        ..said
    };
    never.refused_here();
    assert_eq!(never.warning, Some(CheckWarning::NotIssued));
}
