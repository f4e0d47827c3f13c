//! UI strings in Korean (default), English and Simplified Chinese, and language-aware
//! formatting of dates and numbers.
//!
//! The words live in Fluent files, `locales/{ko,en,zh}/{shared,trace,scan,staff,kiosk}.ftl`;
//! `build.rs` checks them (every message in all three languages with the same variables,
//! every plural choice with each CLDR form of its language: the build fails otherwise)
//! and generates the code included below (`catalog.rs` does both). A message without
//! variables is one `Key` (`tr(Key::…)` in a view, `Key::….get(lang)` elsewhere); one
//! with variables is a function of [`msg`] taking the language and every variable, so no
//! placeholder can be left unfilled. Words of one app's file sit in that app's block
//! (`app register_… { … }`), linked into that app alone; the message functions are linked
//! where they are called. Texts that come from the server (stage labels, field labels,
//! actions) are already in the requested language and are not in these files.

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
pub use lottrace_core::lang::Lang;

macro_rules! strings {
    (
        $($key:ident { ko: $ko:expr, en: $en:expr, zh: $zh:expr $(,)? })*
        $(
            $(#[$doc:meta])*
            app $register:ident {
                $($app_key:ident { ko: $app_ko:expr, en: $app_en:expr, zh: $app_zh:expr $(,)? })*
            }
        )*
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* $($($app_key,)*)* }

        impl Key {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Key::$key => match lang {
                        Lang::Ko => $ko,
                        Lang::En => $en,
                        Lang::Zh => $zh,
                    },)*
                    _ => app_text(self, lang),
                }
            }
        }

        $(
            $(#[$doc])*
            pub fn $register() {
                register(|key, lang| match key {
                    $(Key::$app_key => match lang {
                        Lang::Ko => $app_ko,
                        Lang::En => $app_en,
                        Lang::Zh => $app_zh,
                    },)*
                    _ => "",
                });
            }
        )*
    };
}

/// An app's own string table.
type AppText = fn(Key, Lang) -> &'static str;

thread_local! {
    /// The string tables of the app on this page beyond the shared one, registered at
    /// start (the kiosk registers its own and the trace page's).
    static APP_TEXT: std::cell::RefCell<Vec<AppText>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn register(table: AppText) {
    APP_TEXT.with(|t| {
        let mut tables = t.borrow_mut();
        // Registering twice (a test, a restart) must not grow the list.
        if !tables
            .iter()
            .any(|&known| std::ptr::fn_addr_eq(known, table))
        {
            tables.push(table);
        }
    });
}

/// An app's own string; only the apps that show it link (and register) its table, so a
/// shopper's download carries none of the staff screens' words.
fn app_text(key: Key, lang: Lang) -> &'static str {
    APP_TEXT.with(|t| {
        t.borrow()
            .iter()
            .map(|text| text(key, lang))
            .find(|s| !s.is_empty())
            .unwrap_or("")
    })
}

// The table and the message functions, generated from `locales/*/*.ftl` by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/i18n_table.rs"));

/// A CLDR plural category (the variant keys of a Fluent plural choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// The CLDR cardinal plural category of a count: Korean and Chinese have only `other`;
/// English says `one` for 1. Written out for the three languages rather than linking
/// `intl_pluralrules` (its table of every language's rules would add about 3 kB gzip to
/// each app); a native test checks these against that crate's CLDR rules for every count
/// up to 10,000, and a new `Lang` does not compile until its rule is here.
pub fn plural(lang: Lang, n: usize) -> Plural {
    match lang {
        Lang::Ko | Lang::Zh => Plural::Other,
        Lang::En if n == 1 => Plural::One,
        Lang::En => Plural::Other,
    }
}

/// The page language, provided once by the shell from `?lang=`.
#[derive(Clone, Copy)]
pub struct LangCtx(pub Memo<Lang>);

pub fn use_lang() -> Memo<Lang> {
    // The shell always provides it; the fallback keeps a component usable in isolation.
    use_context::<LangCtx>()
        .map(|c| c.0)
        .unwrap_or_else(|| Memo::new(|_| Lang::default()))
}

/// A reactive translated string, for use directly in `view!`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.get(lang.get())
}

/// Native name of each language, shown in the switch whatever the page language.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ko => "한국어",
        Lang::En => "English",
        Lang::Zh => "中文",
    }
}

/// `path` with `?lang=` set, so in-app links keep the chosen language.
pub fn with_lang(path: &str, lang: Lang) -> String {
    // A pack's page already has a query (its signature, `?8030=…`).
    let joiner = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joiner}lang={}", lang.code())
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An RFC 3339 time from the server, in the wall-clock time it was recorded at (a farm
/// in Jeju records +09:00), with the offset spelled out when it differs from the viewer's.
/// Anything unparsable is shown as given rather than hidden.
pub fn format_time(rfc3339: &str, lang: Lang) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_owned();
    };
    let mut s = format_local(&t, lang);
    let offset_s = t.offset().local_minus_utc();
    if offset_s != viewer_offset_seconds() {
        let sign = if offset_s < 0 { '-' } else { '+' };
        let m = offset_s.unsigned_abs() / 60;
        s.push_str(&format!(" (UTC{sign}{:02}:{:02})", m / 60, m % 60));
    }
    s
}

fn format_local(t: &DateTime<FixedOffset>, lang: Lang) -> String {
    use chrono::{Datelike, Timelike};
    local_text(t.year(), t.month(), t.day(), t.hour(), t.minute(), lang)
}

/// The browser's current UTC offset in seconds (JS gives minutes, with the opposite sign).
fn viewer_offset_seconds() -> i32 {
    let minutes = js_sys::Date::new_0().get_timezone_offset();
    -(minutes as i32) * 60
}

/// A 0–1 share as a percentage, to a tenth of a percent.
pub fn format_share(share: f64) -> String {
    if !share.is_finite() {
        return String::new();
    }
    // One decimal, dropped when it is zero: 52.5 % and 47.5 % add up to 100 %, where
    // whole numbers would show 52 % and 48 %.
    let tenths = ((share * 1000.0).round() / 10.0).clamp(0.0, 100.0);
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}%")
    } else {
        format!("{tenths:.1}%")
    }
}

/// A moment given in milliseconds since the epoch (a saved copy's fetch time), in the
/// viewer's own time zone.
pub fn format_epoch_ms(ms: f64, lang: Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let (y, mo, day) = (d.get_full_year() as i32, d.get_month() + 1, d.get_date());
    let (h, mi) = (d.get_hours(), d.get_minutes());
    if !d.get_time().is_finite() {
        return String::new();
    }
    local_text(y, mo, day, h, mi, lang)
}

fn local_text(y: i32, mo: u32, d: u32, h: u32, mi: u32, lang: Lang) -> String {
    let date = format_date(y, mo, d, lang);
    // English writes "17 Nov 2026, 09:30"; Korean and Chinese only a space.
    let between = if lang == Lang::En { ", " } else { " " };
    format!("{date}{between}{h:02}:{mi:02}")
}

/// A date alone (`2026-11-17`) for the language.
pub fn format_date(y: i32, mo: u32, d: u32, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{y}년 {mo}월 {d}일"),
        Lang::Zh => format!("{y}年{mo}月{d}日"),
        Lang::En => {
            let m = MONTHS_EN
                .get((mo as usize).wrapping_sub(1))
                .copied()
                .unwrap_or("");
            format!("{d} {m} {y}")
        }
    }
}

/// A field's display value with ISO dates and RFC 3339 times written for the language;
/// any other text as given.
pub fn format_field_value(value: &str, lang: Lang) -> String {
    let v = value.trim();
    if let Some((y, mo, d)) = iso_date(v) {
        return format_date(y, mo, d, lang);
    }
    if v.len() > 18 && DateTime::parse_from_rfc3339(v).is_ok() {
        return format_time(v, lang);
    }
    value.to_owned()
}

/// `YYYY-MM-DD` with a plausible month and day (read by hand: chrono's format parser
/// would add weight to the download for this one pattern).
fn iso_date(v: &str) -> Option<(i32, u32, u32)> {
    let b = v.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = v.get(0..4)?.parse::<i32>().ok()?;
    let mo = v.get(5..7)?.parse::<u32>().ok()?;
    let d = v.get(8..10)?.parse::<u32>().ok()?;
    ((1..=12).contains(&mo) && (1..=31).contains(&d)).then_some((y, mo, d))
}

/// A short axis label: day and time, no year (`11월 16일 08:00`, `16 Nov 08:00`).
pub fn format_short(t: &DateTime<FixedOffset>, lang: Lang) -> String {
    use chrono::{Datelike, Timelike};
    let (mo, d, h, mi) = (t.month(), t.day(), t.hour(), t.minute());
    match lang {
        Lang::Ko => format!("{mo}월 {d}일 {h:02}:{mi:02}"),
        Lang::Zh => format!("{mo}月{d}日 {h:02}:{mi:02}"),
        Lang::En => {
            let m = MONTHS_EN.get(mo as usize - 1).copied().unwrap_or("");
            format!("{d} {m} {h:02}:{mi:02}")
        }
    }
}

/// A temperature, one decimal: `3.5 °C`.
pub fn format_celsius(c: f64) -> String {
    if c.is_finite() {
        format!("{c:.1} °C")
    } else {
        String::from("–")
    }
}

#[cfg(test)]
mod catalog;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in Lang::ALL {
            assert!(!Key::ShowTrace.get(lang).is_empty());
        }
        assert_eq!(Key::UploadPhoto.get(Lang::En), "Upload photo");
        assert_eq!(Key::CodeLabel.get(Lang::En), "Code on the label");
    }

    #[test]
    fn an_apps_words_are_there_once_registered() {
        assert_eq!(Key::ScanTitle.get(Lang::En), "");
        register_scan_strings();
        assert_eq!(Key::ScanTitle.get(Lang::En), "Scan a label");
        assert_eq!(Key::ScanAgain.get(Lang::Zh), "重新扫描");
        assert_eq!(Key::Timeline.get(Lang::En), "");
        // Two tables at once (the kiosk: its own and the trace page's).
        register_trace_strings();
        register_trace_strings();
        assert_eq!(Key::ScanTitle.get(Lang::En), "Scan a label");
        assert_eq!(Key::Timeline.get(Lang::En), "History, farm to shelf");
    }

    /// The repository's translation files: every message in ko, en and zh with the same
    /// variables, every plural choice with each of its language's CLDR forms.
    #[test]
    fn the_translation_files_are_complete() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let catalog = match catalog::Catalog::load(&dir) {
            Ok(c) => c,
            Err(errors) => panic!("locales/ is not complete:\n{}", errors.join("\n")),
        };
        let names: Vec<&str> = catalog.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["shared", "kiosk", "scan", "staff", "trace"]);
        let messages: usize = catalog.groups.iter().map(|g| g.messages.len()).sum();
        assert!(messages > 300, "{messages} messages");
        // The same checks ran in build.rs; the generated code is what they vouch for.
        assert!(catalog.generate().contains("pub struct FarmsSummary"));
    }

    /// Every variable a message uses shows in its text, in every language, for a count
    /// of one (English's `one` form) and of many.
    #[test]
    fn every_placeholder_is_filled() {
        for lang in Lang::ALL {
            for count in [1, 7] {
                let samples = msg::samples(lang, count);
                assert!(
                    samples.len() >= 19,
                    "{} messages with variables",
                    samples.len()
                );
                for (id, text, vars, has_count) in samples {
                    for var in vars {
                        let marker = format!("⟦{var}⟧");
                        assert!(
                            text.contains(&marker),
                            "{id} ({lang:?}): no {marker} in {text}"
                        );
                    }
                    assert!(!text.contains('{') && !text.contains('$'), "{id}: {text}");
                    if has_count && count == 7 {
                        assert!(text.contains('7'), "{id} ({lang:?}): no count in {text}");
                    }
                }
            }
        }
    }

    #[test]
    fn plural_forms_follow_the_language() {
        use Lang::{En, Ko, Zh};
        let texts = [
            msg::FarmsSummary { n: 1 }.text(En),
            msg::FarmsSummary { n: 2 }.text(En),
            msg::FarmsSummary { n: 1 }.text(Ko),
            msg::FarmsSummary { n: 1 }.text(Zh),
            msg::ColdExcursions { n: 1 }.text(En),
            msg::ColdExcursions { n: 3 }.text(En),
            msg::DescendantsSummary { n: 1, m: 2 }.text(En),
            msg::AuditsAllPassed { total: 4 }.text(En),
            msg::StaffWaiting { n: &3 }.text(En),
            msg::StaffWaiting { n: &3 }.text(Ko),
        ];
        let expected = [
            "Fish from 1 farm:",
            "Fish from 2 farms:",
            "양식장 1곳에서 온 물고기입니다:",
            "鱼来自 1 个养殖场：",
            "Above the limit once:",
            "Above the limit 3 times:",
            "1 lot made from this one went to 2 businesses.",
            "All 4 checks passed",
            "3 waiting to send",
            "3 건 전송 대기",
        ];
        assert_eq!(texts, expected);
    }

    /// `plural` is CLDR's rule (as `intl_pluralrules` carries it) for every language.
    #[test]
    fn plural_categories_are_cldrs() {
        use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
        for lang in Lang::ALL {
            let Ok(id) = lang.code().parse::<unic_langid::LanguageIdentifier>() else {
                panic!("{lang:?} is no language identifier");
            };
            let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else {
                panic!("CLDR has no rules for {lang:?}");
            };
            for n in 0..10_000usize {
                let cldr = match rules.select(n) {
                    Ok(PluralCategory::ZERO) => Plural::Zero,
                    Ok(PluralCategory::ONE) => Plural::One,
                    Ok(PluralCategory::TWO) => Plural::Two,
                    Ok(PluralCategory::FEW) => Plural::Few,
                    Ok(PluralCategory::MANY) => Plural::Many,
                    Ok(PluralCategory::OTHER) | Err(_) => Plural::Other,
                };
                assert_eq!(plural(lang, n), cldr, "{lang:?} {n}");
            }
        }
        assert_eq!(plural(Lang::En, 1), Plural::One);
        assert_eq!(plural(Lang::Ko, 1), Plural::Other);
    }

    fn sources(ko: &str, en: &str, zh: &str) -> [catalog::Sources; 3] {
        [ko, en, zh].map(|text| {
            let mut files = catalog::Sources::new();
            files.insert(String::from("shared"), text.to_owned());
            files
        })
    }

    fn errors(ko: &str, en: &str, zh: &str) -> String {
        match catalog::Catalog::from_sources(sources(ko, en, zh)) {
            Ok(_) => String::from("no error"),
            Err(e) => e.join("\n"),
        }
    }

    #[test]
    fn a_missing_translation_is_refused() {
        let e = errors("a = 가\nb = 나\n", "a = A\nb = B\n", "a = 甲\n");
        assert!(e.contains("`b` (shared.ftl) has no zh text"), "{e}");
        let mut missing_file = sources("a = 가\n", "a = A\n", "a = 甲\n");
        missing_file[1].insert(String::from("staff"), String::from("c = C\n"));
        let e = catalog::Catalog::from_sources(missing_file)
            .err()
            .unwrap_or_default()
            .join("\n");
        assert!(e.contains("ko/staff.ftl is missing"), "{e}");
        assert!(e.contains("`c` (staff.ftl) has no ko text"), "{e}");
    }

    #[test]
    fn languages_must_agree_on_variables() {
        let e = errors(
            "a = { $n }개\n",
            "a = { $count } of them\n",
            "a = { $n } 个\n",
        );
        assert!(e.contains("en uses {\"count\"}, ko uses {\"n\"}"), "{e}");
        let e = errors("a = { $type }\n", "a = { $type }\n", "a = { $type }\n");
        assert!(e.contains("is no Rust name"), "{e}");
    }

    #[test]
    fn plural_choices_need_the_languages_forms() {
        const KO: &str = "a = { $n }개\n";
        const ZH: &str = "a = { $n } 条\n";
        // English needs `one` besides `other`; the default is `other`.
        for (en, refusal) in [
            (
                "a = { $n ->\n   *[other] { $n } fish\n  }\n",
                "`$n` has no `[one]` form",
            ),
            (
                "a = { $n ->\n   *[one] one\n    [other] { $n }\n  }\n",
                "must be `*[other]`",
            ),
        ] {
            let e = errors(KO, en, ZH);
            assert!(e.contains(refusal), "{e}");
        }
        // Korean has no `one`.
        let e = errors(
            "a = { $n ->\n    [one] 하나\n   *[other] { $n }개\n  }\n",
            "a = { $n ->\n    [one] one\n   *[other] { $n }\n  }\n",
            ZH,
        );
        assert!(e.contains("`[one]` is no plural category of ko"), "{e}");
        let fine = errors(
            KO,
            "a = { $n ->\n    [0] none\n    [one] one\n   *[other] { $n }\n  }\n",
            ZH,
        );
        assert_eq!(fine, "no error");
    }

    #[test]
    fn unsupported_fluent_is_refused() {
        let e = errors("-brand = 롯트\na = { -brand }\n", "a = A\n", "a = 甲\n");
        assert!(e.contains("term `-brand`: not supported"), "{e}");
        let e = errors("a = 가\n    .title = 제목\n", "a = A\n", "a = 甲\n");
        assert!(e.contains("attributes are not supported"), "{e}");
        let e = errors("a = { b }\n", "a = A\n", "a = 甲\n");
        assert!(e.contains("not supported"), "{e}");
        let e = errors("a = {\n", "a = A\n", "a = 甲\n");
        assert!(e.contains("ko/shared.ftl"), "{e}");
    }

    #[test]
    fn generated_code_escapes_braces_and_quotes() {
        let Ok(c) = catalog::Catalog::from_sources(sources(
            "a = 값 {\"{\"}{ $v }{\"}\"} \"인용\"\n",
            "a = value {\"{\"}{ $v }{\"}\"} \"quoted\"\n",
            "a = 值 {\"{\"}{ $v }{\"}\"}\n",
        )) else {
            panic!("a valid catalog");
        };
        let code = c.generate();
        assert!(
            code.contains(r#"format!("value {{{v}}} \"quoted\"")"#),
            "{code}"
        );
    }

    #[test]
    fn local_times_read_as_each_language_writes_them() {
        let texts = Lang::ALL.map(|lang| (lang, local_text(2026, 11, 17, 9, 5, lang)));
        let expected = [
            (Lang::Ko, "2026년 11월 17일 09:05"),
            (Lang::En, "17 Nov 2026, 09:05"),
            (Lang::Zh, "2026年11月17日 09:05"),
        ];
        assert_eq!(
            texts.map(|(l, t)| (l, t.to_string())),
            expected.map(|(l, t)| (l, t.to_string()))
        );
    }

    #[test]
    fn shares() {
        assert_eq!(format_share(0.5), "50%");
        assert_eq!(format_share(0.0512), "5.1%");
        assert_eq!(format_share(1.0), "100%");
        assert_eq!(format_share(f64::NAN), "");
    }
}
