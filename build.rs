//! Turns the translation files (`locales/{ko,en,zh}/*.ftl`) into the app's typed string
//! table and message functions (`OUT_DIR/i18n_table.rs`, included by
//! `src/shared/i18n.rs`). A message missing in a language, languages that disagree on a
//! message's variables, or a plural choice without one of the language's forms stop the
//! build here, with the file and message named.

#[path = "src/shared/i18n/catalog.rs"]
mod catalog;

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=src/shared/i18n/catalog.rs");
    let catalog = match catalog::Catalog::load(Path::new("locales")) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                println!("cargo::error=locales: {e}");
            }
            return;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let path = Path::new(&out_dir).join("i18n_table.rs");
    if let Err(e) = std::fs::write(&path, catalog.generate()) {
        println!("cargo::error={}: {e}", path.display());
    }
}
