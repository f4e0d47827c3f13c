//! Builds GS1's Barcode Syntax Engine (the C library `libgs1encoders`, Apache-2.0) from
//! the shared fixtures beside the repository, never from a copy in it. Where the folder
//! is absent the crate builds without it and its tests say so and skip.
//!
//! The folder is `$GS1_SYNTAX_ENGINE_DIR`, else `../shared/fixtures/external/
//! gs1-syntax-engine/{src/c-lib,c-lib}` next to the repository.

use std::path::PathBuf;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(gs1_engine)");
    println!("cargo:rerun-if-env-changed=GS1_SYNTAX_ENGINE_DIR");
    println!("cargo:rerun-if-changed=src/shim.c");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let root = manifest.join("../../../shared/fixtures/external/gs1-syntax-engine");
    let candidates: Vec<PathBuf> = match std::env::var_os("GS1_SYNTAX_ENGINE_DIR") {
        Some(d) => vec![PathBuf::from(d)],
        None => vec![root.join("src/c-lib"), root.join("c-lib")],
    };
    let Some(dir) = candidates
        .into_iter()
        .find(|d| d.join("gs1encoders.h").is_file())
    else {
        println!(
            "cargo:warning=GS1 Barcode Syntax Engine not found under {}: the differential test will skip",
            root.display()
        );
        return;
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut sources = Vec::new();
    for sub in [dir.clone(), dir.join("syntax")] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let library = name.ends_with(".c")
                && !name.contains("-test")
                && !name.contains("fuzzer")
                && name != "example.c";
            if library {
                sources.push(p);
            }
        }
    }
    sources.sort();
    // The engine reads YYMMDD centuries around a fixed year for its leap-year check;
    // give it this year's, as the codes module uses.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let year = 1970 + secs / 31_556_952;
    let mut build = cc::Build::new();
    build
        .files(&sources)
        .file(manifest.join("src/shim.c"))
        .include(&dir)
        .include(dir.join("syntax"))
        .define("GS1_LINTER_ERR_STR_EN", None)
        .define("CURRENT_YEAR", (year % 100).to_string().as_str())
        .opt_level(2)
        .warnings(false);
    build.compile("gs1encoders");
    println!("cargo:rustc-cfg=gs1_engine");
}
