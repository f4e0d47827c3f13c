//! How the trace shows a dictionary field's value, without the dictionary: the units of
//! the fields and the words of their enumerated values, in the three languages
//! (`shown_values_table.rs`, generated from `data/fields.json`; a test fails when the
//! two differ and rewrites the table with `LOTTRACE_REGENERATE=1`). The shopper's WASM
//! carries these few hundred words, not the whole dictionary, to check that a shown
//! value is the disclosed one.

use crate::lang::Lang;

include!("shown_values_table.rs");

/// The unit the trace shows after a field's value.
pub fn unit_of(key: &str) -> Option<&'static str> {
    UNITS.iter().find(|(k, _)| *k == key).map(|(_, u)| *u)
}

/// The names a dictionary field's disclosure may have, as [`super::EventFields`] names
/// it: its key where the dictionary places it, else `ilmd/<prefix>:<key>` in `ilmd` or
/// `<prefix>:<key>` among the extension members (the trace reads both places).
pub fn disclosure_names(key: &str) -> [String; 3] {
    [
        key.to_string(),
        format!("ilmd/{PREFIX}:{key}"),
        format!("{PREFIX}:{key}"),
    ]
}

/// The fields whose value is an ISO 3166-1 alpha-2 country code (or may be: feed fish's
/// origin is free text, often the code).
const COUNTRY_FIELDS: &[&str] = &["farm.country_of_origin", "feed.ingredient_origin"];

/// The text the trace shows for a field's string value: its enumerated value's words,
/// a country field's code as the country's name, else the value as recorded. The trace
/// builds its values with it and the page checks them with it.
pub fn shown_text(key: &str, value: &str, lang: Lang) -> String {
    enum_label(key, value, lang)
        .or_else(|| {
            COUNTRY_FIELDS
                .contains(&key)
                .then(|| crate::codes::country_name(value.trim(), lang))
                .flatten()
        })
        .map_or_else(|| value.to_string(), str::to_string)
}

/// The words the trace shows for an enumerated value of a field.
pub fn enum_label(key: &str, value: &str, lang: Lang) -> Option<&'static str> {
    let i = match lang {
        Lang::Ko => 0,
        Lang::En => 1,
        Lang::Zh => 2,
    };
    ENUM_LABELS
        .iter()
        .find(|(k, v, _)| *k == key && *v == value)
        .map(|(_, _, words)| words[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{Dictionary, EpcisPlace};
    use std::fmt::Write as _;

    /// The table as the dictionary makes it: fields the trace can show (`ilmd` and
    /// extension members, as `trace::build` reads them).
    fn render(dictionary: &Dictionary) -> String {
        let shown = || {
            dictionary
                .fields
                .iter()
                .filter(|f| matches!(f.epcis, EpcisPlace::Ilmd | EpcisPlace::Extension))
        };
        let mut out = String::from(
            "// Generated from data/fields.json by shown_values.rs's test: do not edit.\n\
             const UNITS: &[(&str, &str)] = &[\n",
        );
        for f in shown() {
            if let Some(unit) = f.unit.as_deref().filter(|u| !u.is_empty()) {
                let _ = writeln!(out, "    ({:?}, {:?}),", f.key, unit);
            }
        }
        out.push_str("];\nconst ENUM_LABELS: &[(&str, &str, [&str; 3])] = &[\n");
        for f in shown() {
            for v in f.values.iter().flatten() {
                let _ = writeln!(
                    out,
                    "    ({:?}, {:?}, [{:?}, {:?}, {:?}]),",
                    f.key, v.value, v.labels.ko, v.labels.en, v.labels.zh
                );
            }
        }
        out.push_str("];\n");
        let _ = writeln!(
            out,
            "/// The dictionary's JSON-LD prefix of field members (`lt:farm.harvest_date`).\n\
             const PREFIX: &str = {:?};",
            dictionary.namespace.prefix
        );
        out
    }

    #[test]
    fn the_table_is_the_dictionarys() {
        let want = render(Dictionary::get());
        let have = include_str!("shown_values_table.rs");
        if want != have && std::env::var_os("LOTTRACE_REGENERATE").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/proof/shown_values_table.rs"
            );
            std::fs::write(path, &want).expect("write the table");
            return;
        }
        assert_eq!(
            have, want,
            "data/fields.json changed: LOTTRACE_REGENERATE=1 cargo test -p lottrace-core shown_values"
        );
    }

    #[test]
    fn looks_up_units_and_words() {
        let dictionary = Dictionary::get();
        let with_unit = dictionary
            .fields
            .iter()
            .find(|f| {
                f.epcis == EpcisPlace::Ilmd && f.unit.as_deref().is_some_and(|u| !u.is_empty())
            })
            .expect("an ilmd field with a unit");
        assert_eq!(unit_of(&with_unit.key), with_unit.unit.as_deref());
        let enumerated = dictionary
            .fields
            .iter()
            .find(|f| f.epcis == EpcisPlace::Ilmd && f.values.as_ref().is_some_and(|v| v.len() > 1))
            .expect("an ilmd enum field");
        let values = enumerated.values.as_ref().expect("values");
        for lang in Lang::ALL {
            assert_eq!(
                enum_label(&enumerated.key, &values[1].value, lang),
                Some(values[1].labels.get(lang))
            );
        }
        assert_eq!(enum_label(&enumerated.key, "no-such-value", Lang::En), None);
        // A country field's code off the enum reads as the country; others stay as is.
        assert_eq!(
            shown_text("farm.country_of_origin", "KR", Lang::En),
            "Republic of Korea"
        );
        assert_eq!(shown_text("feed.ingredient_origin", "CL", Lang::Zh), "智利");
        assert_eq!(shown_text("feed.ingredient_origin", "ZZ", Lang::En), "ZZ");
        assert_eq!(shown_text("feed.formulated_name", "CL", Lang::En), "CL");
        assert_eq!(unit_of("no.such_field"), None);
    }
}
