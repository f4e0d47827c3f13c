//! The crate's AI table (compiled by build.rs from `data/gs1-syntax-dictionary.txt`)
//! agrees with that file, read here by an independent little parser, and the file is the
//! current dictionary of the shared fixtures (a newer dictionary is a data change: copy
//! it over `data/`).

use lottrace_core::codes::ai_info;

const OURS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gs1-syntax-dictionary.txt"
);

#[test]
fn dictionary_is_the_current_one() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/external/gs1-syntax-dictionary/gs1-syntax-dictionary.txt"
    );
    let Ok(current) = std::fs::read_to_string(shared) else {
        eprintln!("skipping: GS1 syntax dictionary not found at {shared}");
        return;
    };
    let ours = std::fs::read_to_string(OURS).unwrap();
    assert!(
        ours == current,
        "crates/core/data/gs1-syntax-dictionary.txt differs from {shared}: copy the newer one over it"
    );
}

#[test]
fn ai_table_matches_syntax_dictionary() {
    let text = std::fs::read_to_string(OURS).unwrap();
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let body = line.split('#').next().unwrap();
        let mut toks = body.split_whitespace();
        let ais = toks.next().unwrap();
        let rest: Vec<&str> = toks.collect();
        let (flags, spec) = match rest.first() {
            Some(f) if !f.starts_with(['N', 'X', 'Y', 'Z', '[']) => (*f, &rest[1..]),
            _ => ("", &rest[..]),
        };
        // Lengths from the components (stop at the first attribute such as req=).
        let (mut min, mut max) = (0, 0);
        for c in spec
            .iter()
            .take_while(|t| !t.contains('=') && *t != &"dlpkey")
        {
            let optional = c.starts_with('[');
            let t = c.trim_start_matches('[');
            let len_part: String = t[1..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let n: usize = len_part.trim_start_matches("..").parse().unwrap();
            if !optional {
                min += if len_part.starts_with("..") { 1 } else { n };
            }
            max += n;
        }
        let expand: Vec<String> = match ais.split_once('-') {
            Some((a, b)) => (a.parse::<u32>().unwrap()..=b.parse().unwrap())
                .map(|n| format!("{n:0width$}", width = a.len()))
                .collect(),
            None => vec![ais.to_string()],
        };
        for ai in expand {
            let info = ai_info(&ai).unwrap_or_else(|| panic!("AI {ai} missing from the table"));
            assert_eq!(
                info.predefined_length,
                flags.contains('*'),
                "{ai} predefined"
            );
            assert_eq!(
                info.dl_data_attribute,
                flags.contains('?'),
                "{ai} DL attribute"
            );
            assert_eq!((info.min_len, info.max_len), (min, max), "{ai} lengths");
            assert_eq!(
                info.dl_primary_key,
                body.contains("dlpkey"),
                "{ai} primary key"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} AIs checked");
    assert!(ai_info("05").is_none());
}
