//! What a store sets up once per kiosk: its name, the languages it offers, how long the
//! kiosk waits before returning to the attract screen, the counter whose temperature
//! is shown, and the staff PIN (as a salted hash). Kept in this browser's localStorage;
//! URL parameters override it, so a store can also set a kiosk up by its start address.

use crate::shared::i18n::Lang;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "lottrace.kiosk.config";
pub const DEFAULT_IDLE_SECS: u32 = 60;
/// Shorter leaves no time to read a page; longer keeps a shopper's lot on screen for
/// the next one to see.
pub const IDLE_RANGE: std::ops::RangeInclusive<u32> = 10..=3600;

/// The staff PIN, never stored as typed: hex SHA-256 over salt and PIN, iterated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinHash {
    pub salt: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KioskConfig {
    /// Shown on the attract screen; empty shows the product name.
    pub store: String,
    /// The languages offered, in order; the first is the one the kiosk starts in.
    pub langs: Vec<Lang>,
    pub idle_secs: u32,
    /// GLN or SGLN of the counter's temperature records (`bizLocation` / `readPoint`).
    pub counter: Option<String>,
    pub pin: Option<PinHash>,
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            store: String::new(),
            langs: Lang::ALL.to_vec(),
            idle_secs: DEFAULT_IDLE_SECS,
            counter: None,
            pin: None,
        }
    }
}

/// URL parameters a kiosk's start address may carry; each one set wins over the stored
/// setting (and is carried on every kiosk address, so a reload keeps it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub store: Option<String>,
    pub langs: Option<Vec<Lang>>,
    pub idle_secs: Option<u32>,
    pub counter: Option<String>,
}

impl Overrides {
    /// From `?store=&langs=ko,en&idle=&counter=`; a value out of range is ignored (the
    /// stored setting stays) rather than guessed at.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Overrides {
        let nonempty = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Overrides {
            store: nonempty("store"),
            langs: nonempty("langs")
                .map(|v| parse_langs(&v))
                .filter(|l| !l.is_empty()),
            idle_secs: nonempty("idle").and_then(|v| parse_idle(&v)),
            counter: nonempty("counter"),
        }
    }

    /// The query string that carries these overrides (no leading `?`).
    pub fn query(&self) -> String {
        use crate::shared::api::encode_component as enc;
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.store {
            parts.push(format!("store={}", enc(s)));
        }
        if let Some(l) = &self.langs {
            let codes: Vec<&str> = l.iter().map(|l| l.code()).collect();
            parts.push(format!("langs={}", codes.join(",")));
        }
        if let Some(i) = self.idle_secs {
            parts.push(format!("idle={i}"));
        }
        if let Some(c) = &self.counter {
            parts.push(format!("counter={}", enc(c)));
        }
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }

    pub fn apply(&self, mut config: KioskConfig) -> KioskConfig {
        if let Some(s) = &self.store {
            config.store = s.clone();
        }
        if let Some(l) = &self.langs {
            config.langs = l.clone();
        }
        if let Some(i) = self.idle_secs {
            config.idle_secs = i;
        }
        if let Some(c) = &self.counter {
            config.counter = Some(c.clone());
        }
        config
    }
}

/// `ko,en` → the languages, known ones only, each once, in the order given.
pub fn parse_langs(text: &str) -> Vec<Lang> {
    let mut out = Vec::new();
    for l in text.split(',').filter_map(Lang::parse) {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// Whole seconds within [`IDLE_RANGE`].
pub fn parse_idle(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|s| IDLE_RANGE.contains(s))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored configuration; defaults when there is none or it cannot be read (a kiosk
/// must start whatever the state of its storage).
pub fn load() -> KioskConfig {
    let mut config: KioskConfig = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    if config.langs.is_empty() {
        config.langs = Lang::ALL.to_vec();
    }
    if !IDLE_RANGE.contains(&config.idle_secs) {
        config.idle_secs = DEFAULT_IDLE_SECS;
    }
    config
}

/// Stores the configuration; false when the browser refused (private mode, full).
pub fn save(config: &KioskConfig) -> bool {
    let Ok(json) = serde_json::to_string(config) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(STORAGE_KEY, &json).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parameters_override_only_what_they_set_and_validly() {
        let q = |k: &str| match k {
            "store" => Some("한빛마트 강남점".to_owned()),
            "idle" => Some("5".to_owned()),
            "langs" => Some("en,xx,ko,en".to_owned()),
            _ => None,
        };
        let o = Overrides::from_query(q);
        assert_eq!(o.idle_secs, None, "5 s is below the minimum");
        assert_eq!(o.langs, Some(vec![Lang::En, Lang::Ko]));
        let c = o.apply(KioskConfig::default());
        assert_eq!(c.store, "한빛마트 강남점");
        assert_eq!(c.idle_secs, DEFAULT_IDLE_SECS);
        assert_eq!(parse_idle("3600"), Some(3600));
        assert_eq!(parse_idle("3601"), None);
        assert_eq!(parse_idle("ten"), None);
    }
}
