//! The audit's words in Korean, English and Chinese. They live in
//! `data/audit-words.json` (one entry per message, `{name}` for what is filled in), are
//! read once at first use, and are formatted by [`say`].

use crate::lang::Lang;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The messages, as shipped in the binary.
const AUDIT_WORDS_JSON: &str = include_str!("../../data/audit-words.json");

/// One message in the three languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    ko: String,
    en: String,
    zh: String,
}

fn words() -> &'static HashMap<String, Words> {
    static WORDS: OnceLock<HashMap<String, Words>> = OnceLock::new();
    WORDS.get_or_init(|| {
        serde_json::from_str(AUDIT_WORDS_JSON)
            .expect("data/audit-words.json is valid (checked by the tests below)")
    })
}

/// Message `key` in `lang`, each `{name}` replaced by its value in `args` (in one pass:
/// a value is never read as a template). Panics on an unknown key; the tests format
/// every message.
pub(super) fn say(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let w = words()
        .get(key)
        .unwrap_or_else(|| panic!("audit message {key:?} is missing from data/audit-words.json"));
    let template = match lang {
        Lang::Ko => &w.ko,
        Lang::En => &w.en,
        Lang::Zh => &w.zh,
    };
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, *value))
        });
        match filled {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_message_has_ko_en_zh_with_the_same_placeholders() {
        assert!(!words().is_empty());
        for (key, w) in words() {
            for (lang, text) in [("ko", &w.ko), ("en", &w.en), ("zh", &w.zh)] {
                assert!(!text.trim().is_empty(), "{key}: {lang} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(&w.en),
                    "{key}: {lang} does not use the same placeholders as en"
                );
            }
        }
    }

    #[test]
    fn every_message_is_used_by_the_texts() {
        let code = include_str!("text.rs");
        for key in words().keys() {
            assert!(
                code.contains(&format!("\"{key}\"")),
                "{key} is in data/audit-words.json but no text uses it"
            );
        }
    }

    #[test]
    fn say_fills_in_one_pass() {
        assert_eq!(
            say(Lang::En, "finding.no_drugs", &[("lot", "{lot}")]),
            "{lot}: no drugs given."
        );
    }
}
