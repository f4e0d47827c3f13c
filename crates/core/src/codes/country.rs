//! ISO 3166-1 alpha-2 country codes as a shopper reads them: the country's name in the
//! page's language. Only the countries a Korean flounder chain meets (where fish, fry and
//! feed fish come from or go to); any other code is shown as the code. The AI table's
//! ISO 3166 check ([`super::lint`]) knows every code but no names.

use crate::lang::Lang;

/// (alpha-2, ko, en, zh), sorted by code.
const NAMES: &[(&str, &str, &str, &str)] = &[
    ("AU", "호주", "Australia", "澳大利亚"),
    ("CA", "캐나다", "Canada", "加拿大"),
    ("CL", "칠레", "Chile", "智利"),
    ("CN", "중국", "China", "中国"),
    ("ID", "인도네시아", "Indonesia", "印度尼西亚"),
    ("IS", "아이슬란드", "Iceland", "冰岛"),
    ("JP", "일본", "Japan", "日本"),
    ("KR", "대한민국", "Republic of Korea", "韩国"),
    ("NO", "노르웨이", "Norway", "挪威"),
    ("NZ", "뉴질랜드", "New Zealand", "新西兰"),
    ("PE", "페루", "Peru", "秘鲁"),
    ("RU", "러시아", "Russia", "俄罗斯"),
    ("TH", "태국", "Thailand", "泰国"),
    ("US", "미국", "United States", "美国"),
    ("VN", "베트남", "Viet Nam", "越南"),
];

/// The name of the country `code` (ISO 3166-1 alpha-2, upper case as the standard writes
/// it) in `lang`; `None` for a code the table does not name, which callers show as is.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    let &(_, ko, en, zh) = NAMES.iter().find(|(c, ..)| *c == code)?;
    Some(match lang {
        Lang::Ko => ko,
        Lang::En => en,
        Lang::Zh => zh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chains_countries_are_named_in_each_language() {
        for code in ["KR", "CN", "JP", "US", "VN", "NO", "CL"] {
            for lang in Lang::ALL {
                let name = country_name(code, lang).unwrap_or_else(|| panic!("{code} {lang:?}"));
                assert!(!name.is_empty() && name != code, "{code} {lang:?}");
            }
        }
        assert_eq!(country_name("KR", Lang::Ko), Some("대한민국"));
        assert_eq!(country_name("CL", Lang::En), Some("Chile"));
        assert_eq!(country_name("CL", Lang::Zh), Some("智利"));
        assert_eq!(country_name("VN", Lang::Ko), Some("베트남"));
    }

    #[test]
    fn an_unknown_or_lower_case_code_has_no_name() {
        assert_eq!(country_name("ZZ", Lang::En), None);
        assert_eq!(country_name("kr", Lang::En), None);
        assert_eq!(country_name("", Lang::En), None);
    }

    #[test]
    fn the_table_is_sorted_unique_and_real_codes() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, ko, en, zh) in NAMES {
            assert!(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!ko.is_empty() && !en.is_empty() && !zh.is_empty());
        }
    }

    /// The dictionary's own words for the origin's enumerated codes are the same names.
    #[test]
    fn the_dictionary_origin_words_agree() {
        let dict = crate::fields::Dictionary::get();
        let origin = dict.field("farm.country_of_origin").unwrap();
        for v in origin.values.iter().flatten() {
            for lang in Lang::ALL {
                assert_eq!(
                    country_name(&v.value, lang),
                    Some(v.labels.get(lang)),
                    "{} {lang:?}",
                    v.value
                );
            }
        }
    }
}
