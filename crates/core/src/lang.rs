//! The languages every visible string comes in.

use serde::{Deserialize, Serialize};

/// A display language. Korean is the default: the guideline is Korean and so are most
/// shoppers at the counter; English and Simplified Chinese serve visitors and exporters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ko,
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ko, Lang::En, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The one of three texts written for this language.
    pub fn pick(self, ko: &str, en: &str, zh: &str) -> String {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
            Lang::Zh => zh,
        }
        .to_string()
    }

    /// Reads `ko`, `en`, `zh` and their regional forms (`en-US`, `zh-Hans-CN`, `ko_KR`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language for a browser's preferences (`navigator.languages`, most preferred
    /// first): the first one we write in; English when none is (a visitor reads English
    /// sooner than Korean); Korean when the browser says nothing.
    pub fn for_browser<S: AsRef<str>>(preferences: &[S]) -> Lang {
        if preferences.is_empty() {
            return Lang::default();
        }
        preferences
            .iter()
            .find_map(|tag| Lang::parse(tag.as_ref()))
            .unwrap_or(Lang::En)
    }

    /// The language for an HTTP `Accept-Language` header, by the rule of
    /// [`Lang::for_browser`]: the best-rated one we write in, English when it names only
    /// others, Korean when it names none.
    pub fn for_accept_language(header: &str) -> Lang {
        Lang::from_accept_language(header).unwrap_or(if header.trim().is_empty() {
            Lang::default()
        } else {
            Lang::En
        })
    }

    /// The first supported language of an HTTP `Accept-Language` header, by q-value.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A text in the three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub ko: String,
    pub en: String,
    pub zh: String,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_gets_its_first_language_we_write_in() {
        assert_eq!(Lang::for_browser(&["en-US", "ko"]), Lang::En);
        assert_eq!(Lang::for_browser(&["zh-CN", "zh", "en"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["zh-Hant-TW"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["fr-FR", "ko-KR"]), Lang::Ko);
        assert_eq!(Lang::for_browser(&["ja-JP", "de"]), Lang::En);
        assert_eq!(Lang::for_browser::<&str>(&[]), Lang::Ko);
    }

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en-US;q=0.8,zh;q=0.9"),
            Some(Lang::Zh)
        );
        assert_eq!(Lang::from_accept_language("de, ja"), None);
        assert_eq!(Lang::from_accept_language("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::for_accept_language("de, ja;q=0.5"), Lang::En);
        assert_eq!(Lang::for_accept_language(" "), Lang::Ko);
        assert_eq!(Lang::for_accept_language("zh-TW,en;q=0.1"), Lang::Zh);
    }
}
