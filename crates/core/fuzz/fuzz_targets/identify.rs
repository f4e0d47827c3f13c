//! Arbitrary decoder output must never panic or hang the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lottrace_core::codes::{identify_bytes, ResolverConfig};

fuzz_target!(|data: &[u8]| {
    let cfg = ResolverConfig::new(["lottrace.example", "id.gs1.org"]);
    if let Ok(id) = identify_bytes(data, &cfg) {
        // Writers must not panic on anything the reader produced.
        let _ = id.digital_link("https://lottrace.example");
        let _ = id.element_string();
        let _ = id.gs1_element_string();
        let _ = id.epc_uri(7);
        if let Some(k) = id.lot_key() {
            let _ = lottrace_core::codes::LotKey::parse_key(&k.key());
            let _ = lottrace_core::codes::LotKey::from_epc_uri(&k.epc_class_uri());
        }
    }
});
