//! Parsing speed on the scan path: a typical Digital Link must parse in well under 10 µs.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use lottrace_core::codes::{identify, ResolverConfig};

fn bench(c: &mut Criterion) {
    let cfg = ResolverConfig::new(["lottrace.example", "id.gs1.org"]);
    let dl = "https://lottrace.example/01/08801234567893/10/L240513A?17=251231&3103=001250";
    assert!(identify(dl, &cfg).is_ok());
    c.bench_function("identify digital link", |b| {
        b.iter(|| identify(black_box(dl), &cfg))
    });
    // The same data compressed (its own path; the uncompressed one never reaches it).
    let compressed = identify(dl, &cfg)
        .and_then(|id| id.compressed_digital_link("https://lottrace.example"))
        .expect("compressible");
    c.bench_function("identify compressed digital link", |b| {
        b.iter(|| identify(black_box(&compressed), &cfg))
    });
    let gs1 = "]C1010880123456789317251231\u{1d}10L240513A";
    c.bench_function("identify GS1-128 element string", |b| {
        b.iter(|| identify(black_box(gs1), &cfg))
    });
    let unseparated = "01088012345678931725123110L240513A";
    c.bench_function("identify element string without separators", |b| {
        b.iter(|| identify(black_box(unseparated), &cfg))
    });
    c.bench_function("identify 13 digits", |b| {
        b.iter(|| identify(black_box("8801234567893"), &cfg))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
