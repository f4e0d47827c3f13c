//! Signed item codes natively: signing one code (AI 8030 over its element string),
//! checking one as the apps do (reading the Digital Link included), and issuing a print
//! run of 10,000 (serials, signatures, the commissioning event). The server adds one
//! SQLite transaction to the run (README "Measured").

use criterion::{criterion_group, criterion_main, Criterion};
use lottrace_core::authenticity::{
    commissioning_event, item_code, signed_link, CodeKey, CodeKeySet, CodeSigner, Serial,
    SignatureCheck,
};
use lottrace_core::codes::{identify, ResolverConfig};
use std::hint::black_box;

const GTIN: &str = "08801234567893";
const LOT: &str = "L261117A";

fn serial(i: u64) -> Serial {
    // Spread bits as random bytes would; the bench measures signing, not the RNG.
    Serial::from_random(i.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes())
}

fn bench(c: &mut Criterion) {
    let signer = CodeSigner::from_bytes(&[7; 32]);
    let keys = CodeKeySet {
        keys: vec![CodeKey::new(
            &signer.public_key(),
            "바다싱싱 가공",
            Some("8801234000307"),
            "2026-01-01T00:00:00Z",
        )],
    };
    c.bench_function("sign one code (AI 8030)", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            black_box(signer.sign(&item_code(GTIN, LOT, &serial(i))).expect("signs"))
        })
    });
    let link = signed_link(&signer, "https://lottrace.example", GTIN, LOT, &serial(1)).expect("signs");
    let resolver = ResolverConfig::new(["lottrace.example"]);
    c.bench_function("check one scanned code (read + verify)", |b| {
        b.iter(|| {
            let id = identify(black_box(&link), &resolver).expect("reads");
            black_box(SignatureCheck::of(&id, &keys, "2026-12-04T00:00:00Z"))
        })
    });
    let mut group = c.benchmark_group("print run");
    group.sample_size(10);
    group.bench_function("issue 10,000 codes (serials, signatures, event)", |b| {
        b.iter(|| {
            let serials: Vec<Serial> = (0..10_000).map(serial).collect();
            let signatures: Vec<String> = serials
                .iter()
                .map(|s| signer.sign(&item_code(GTIN, LOT, s)).expect("signs"))
                .collect();
            let event = commissioning_event(
                "urn:uuid:7b6c1f4e-8a3d-4b7e-9c2f-1d2e3f4a5b6c",
                "2026-12-04T09:00:00+09:00",
                "https://id.gs1.org/414/8801234000307",
                GTIN,
                LOT,
                &serials,
            )
            .expect("event");
            black_box((signatures, event))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
