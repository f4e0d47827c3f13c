//! The translation files (`locales/{ko,en,zh}/*.ftl`, Fluent syntax) read, checked and
//! turned into Rust: the build script (`build.rs`) runs this module and writes its output
//! to `OUT_DIR/i18n_table.rs`, which `i18n.rs` includes; the app's native tests run the
//! same checks on the same files.
//!
//! A file is one app's words (`shared.ftl`: every app; `trace.ftl`, `scan.ftl`,
//! `staff.ftl`, `kiosk.ftl`: only the apps that show them link them). The build fails
//! when a message is missing in a language, when the languages disagree on a message's
//! variables, when a plural choice lacks one of the language's CLDR categories, or when a
//! file uses Fluent syntax this generator does not turn into code (terms, attributes,
//! functions, message references).
//!
//! A message without variables becomes a `Key` of the typed table (a `&'static str` per
//! language). A message with variables becomes a struct of `msg` whose fields are its
//! variables, named at the call site (`msg::FarmsSummary { n: 2 }.text(lang)`), so every
//! placeholder is filled by construction (a missing field does not compile): a variable
//! that chooses a plural form is a count (`usize`), any other a `&dyn Display`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

/// The languages, in the order the generated code lists them (Korean is the default).
pub const LANGS: [&str; 3] = ["ko", "en", "zh"];
/// The `Lang` variant of each of [`LANGS`].
const LANG_VARIANTS: [&str; 3] = ["Ko", "En", "Zh"];

/// A piece of a message's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Var(String),
    /// `{ $var -> [one] … *[other] … }`: the variants' keys and texts, the default last.
    Select {
        var: String,
        variants: Vec<(VariantKey, Vec<Piece>)>,
    },
}

/// What a plural variant answers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum VariantKey {
    /// A CLDR plural category: `zero`, `one`, `two`, `few`, `many`, `other`.
    Category(String),
    /// An exact count: `[0]`.
    Exact(u64),
}

/// One message in the three languages.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    /// ko, en, zh (as [`LANGS`]).
    pub texts: [Vec<Piece>; 3],
}

impl Message {
    /// The variables of one language's text, and those of them that choose a variant.
    fn vars(pieces: &[Piece], all: &mut BTreeSet<String>, counts: &mut BTreeSet<String>) {
        for p in pieces {
            match p {
                Piece::Text(_) => {}
                Piece::Var(v) => {
                    all.insert(v.clone());
                }
                Piece::Select { var, variants } => {
                    all.insert(var.clone());
                    counts.insert(var.clone());
                    for (_, inner) in variants {
                        Self::vars(inner, all, counts);
                    }
                }
            }
        }
    }

    /// Every variable of the message (the same in each language once checked).
    pub fn variables(&self) -> BTreeSet<String> {
        let (mut all, mut counts) = (BTreeSet::new(), BTreeSet::new());
        for t in &self.texts {
            Self::vars(t, &mut all, &mut counts);
        }
        all
    }

    /// The variables that choose a plural form in some language: counts.
    pub fn counts(&self) -> BTreeSet<String> {
        let (mut all, mut counts) = (BTreeSet::new(), BTreeSet::new());
        for t in &self.texts {
            Self::vars(t, &mut all, &mut counts);
        }
        counts
    }
}

/// One file: the words of one app (or of all, `shared`).
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    /// The file's `###` comment (the Korean file's).
    pub doc: String,
    pub messages: Vec<Message>,
}

/// Every translation file.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub groups: Vec<Group>,
}

/// The files of one language: file stem → source.
pub type Sources = BTreeMap<String, String>;

/// One parsed file: its `###` comment, and its messages in file order.
type ParsedFile = (String, Vec<(String, Vec<Piece>)>);

impl Catalog {
    /// Reads `dir/{ko,en,zh}/*.ftl`.
    pub fn load(dir: &Path) -> Result<Catalog, Vec<String>> {
        let mut per_lang: Vec<Sources> = Vec::new();
        let mut errors = Vec::new();
        for lang in LANGS {
            let mut files = Sources::new();
            let sub = dir.join(lang);
            match std::fs::read_dir(&sub) {
                Ok(entries) => {
                    for entry in entries.flatten() {
                        let path = entry.path();
                        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                            continue;
                        }
                        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                            continue;
                        };
                        match std::fs::read_to_string(&path) {
                            Ok(text) => {
                                files.insert(stem.to_owned(), text);
                            }
                            Err(e) => errors.push(format!("{}: {e}", path.display())),
                        }
                    }
                }
                Err(e) => errors.push(format!("{}: {e}", sub.display())),
            }
            per_lang.push(files);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let [ko, en, zh]: [Sources; 3] = per_lang
            .try_into()
            .map_err(|_| vec![String::from("three languages expected")])?;
        Catalog::from_sources([ko, en, zh])
    }

    /// Parses and checks the files of the three languages (ko, en, zh).
    pub fn from_sources(sources: [Sources; 3]) -> Result<Catalog, Vec<String>> {
        let mut errors = Vec::new();
        // Parse every file: language → file → (doc, id → pieces in file order).
        let mut parsed: Vec<BTreeMap<String, ParsedFile>> = Vec::new();
        for (li, files) in sources.iter().enumerate() {
            let mut by_file = BTreeMap::new();
            for (stem, text) in files {
                let where_ = format!("{}/{stem}.ftl", LANGS[li]);
                match parse_file(text) {
                    Ok(parsed_file) => {
                        by_file.insert(stem.clone(), parsed_file);
                    }
                    Err(errs) => errors.extend(errs.into_iter().map(|e| format!("{where_}: {e}"))),
                }
            }
            parsed.push(by_file);
        }
        // The file set is the Korean one; every language has the same files.
        let stems: BTreeSet<&String> = parsed.iter().flat_map(|f| f.keys()).collect();
        for stem in &stems {
            for (li, files) in parsed.iter().enumerate() {
                if !files.contains_key(*stem) {
                    errors.push(format!("{}/{stem}.ftl is missing", LANGS[li]));
                }
            }
        }
        let mut groups = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        // `shared` first (the table's own keys), then the apps' files by name.
        let mut ordered: Vec<&String> = stems.iter().copied().collect();
        ordered.sort_by_key(|s| (s.as_str() != "shared", (*s).clone()));
        for stem in ordered {
            let empty = (String::new(), Vec::new());
            let files: Vec<&ParsedFile> = parsed
                .iter()
                .map(|f| f.get(stem).unwrap_or(&empty))
                .collect();
            let maps: Vec<BTreeMap<&String, &Vec<Piece>>> = files
                .iter()
                .map(|(_, msgs)| msgs.iter().map(|(id, p)| (id, p)).collect())
                .collect();
            // Ids in order of first appearance (Korean first).
            let mut ids: Vec<&String> = Vec::new();
            for (_, msgs) in &files {
                for (id, _) in msgs {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            let mut messages = Vec::new();
            for id in ids {
                if let Some(other) = seen_ids.insert(id.clone(), stem.clone()) {
                    errors.push(format!("`{id}` is in both {other}.ftl and {stem}.ftl"));
                }
                let mut texts: Vec<Vec<Piece>> = Vec::new();
                for (li, map) in maps.iter().enumerate() {
                    match map.get(id) {
                        Some(p) => texts.push((*p).clone()),
                        None => {
                            errors.push(format!("`{id}` ({stem}.ftl) has no {} text", LANGS[li]));
                            texts.push(Vec::new());
                        }
                    }
                }
                let Ok(texts) = <[Vec<Piece>; 3]>::try_from(texts) else {
                    continue;
                };
                let message = Message {
                    id: id.clone(),
                    texts,
                };
                check_message(&message, stem, &mut errors);
                messages.push(message);
            }
            groups.push(Group {
                name: stem.clone(),
                doc: files.first().map(|(d, _)| d.clone()).unwrap_or_default(),
                messages,
            });
        }
        if errors.is_empty() {
            Ok(Catalog { groups })
        } else {
            Err(errors)
        }
    }

    /// The Rust source of the typed table and the message functions.
    pub fn generate(&self) -> String {
        let mut out = String::from(
            "// @generated by build.rs from locales/*/*.ftl (src/shared/i18n/catalog.rs); edit those files.\n\nstrings! {\n",
        );
        for group in &self.groups {
            let app = group.name != "shared";
            if app {
                for line in group.doc.lines() {
                    let _ = writeln!(out, "    /// {line}");
                }
                let _ = writeln!(out, "    app register_{}_strings {{", group.name);
            }
            for m in group.messages.iter().filter(|m| m.variables().is_empty()) {
                let text = |li: usize| rust_str(&plain_text(&m.texts[li]));
                let _ = writeln!(
                    out,
                    "    {} {{ ko: {}, en: {}, zh: {} }}",
                    camel(&m.id),
                    text(0),
                    text(1),
                    text(2)
                );
            }
            if app {
                out.push_str("    }\n");
            }
        }
        out.push_str(
            "}\n\n/// The messages with variables (`locales/*/*.ftl`): one struct each, its fields the\n/// message's variables, named at the call site: `msg::FarmsSummary { n: 2 }.text(lang)`.\npub mod msg {\n    use super::{plural, Lang, Plural};\n    use std::fmt::Display;\n",
        );
        for group in &self.groups {
            for m in group.messages.iter().filter(|m| !m.variables().is_empty()) {
                let counts = m.counts();
                let vars = m.variables();
                let borrowed = vars.iter().any(|v| !counts.contains(v));
                let lifetime = if borrowed { "<'a>" } else { "" };
                let fields: Vec<String> = vars
                    .iter()
                    .map(|v| {
                        let ty = if counts.contains(v) {
                            "usize"
                        } else {
                            "&'a dyn Display"
                        };
                        format!("        pub {}: {ty},\n", snake(v))
                    })
                    .collect();
                let names: Vec<String> = vars.iter().map(|v| snake(v)).collect();
                let _ = write!(
                    out,
                    "\n    /// `{id}` ({file}.ftl)\n    #[derive(Clone, Copy)]\n    pub struct {name}{lifetime} {{\n{fields}    }}\n\n    impl {name}{lt_use} {{\n        pub fn text(self, lang: Lang) -> String {{\n            let Self {{ {names} }} = self;\n            match lang {{\n",
                    id = m.id,
                    file = group.name,
                    name = camel(&m.id),
                    fields = fields.concat(),
                    lt_use = if borrowed { "<'_>" } else { "" },
                    names = names.join(", "),
                );
                for (li, variant) in LANG_VARIANTS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "                Lang::{variant} => {},",
                        pattern_expr(&m.texts[li], variant)
                    );
                }
                out.push_str("            }\n        }\n    }\n");
            }
        }
        // Every message filled with markers, for the test that each placeholder shows.
        out.push_str("\n    /// Every message with each text variable set to `⟦name⟧` and each count to `count`:\n    /// (id, text, the text variables, whether it has a count).\n    #[cfg(test)]\n    pub fn samples(lang: Lang, count: usize) -> Vec<(&'static str, String, Vec<&'static str>, bool)> {\n        vec![\n");
        for group in &self.groups {
            for m in group.messages.iter().filter(|m| !m.variables().is_empty()) {
                let counts = m.counts();
                let vars = m.variables();
                let fields: Vec<String> = vars
                    .iter()
                    .map(|v| {
                        if counts.contains(v) {
                            format!("{}: count", snake(v))
                        } else {
                            format!("{}: &\"⟦{}⟧\"", snake(v), snake(v))
                        }
                    })
                    .collect();
                let texts: Vec<String> = vars
                    .iter()
                    .filter(|v| !counts.contains(*v))
                    .map(|v| rust_str(&snake(v)))
                    .collect();
                let _ = writeln!(
                    out,
                    "            ({}, {} {{ {} }}.text(lang), vec![{}], {}),",
                    rust_str(&m.id),
                    camel(&m.id),
                    fields.join(", "),
                    texts.join(", "),
                    !counts.is_empty()
                );
            }
        }
        out.push_str("        ]\n    }\n");
        out.push_str("}\n");
        out
    }
}

/// The CLDR cardinal categories whole numbers take in a language.
pub fn integer_categories(lang: &str) -> Result<BTreeSet<&'static str>, String> {
    let id: unic_langid::LanguageIdentifier = lang
        .parse()
        .map_err(|e| format!("language {lang}: {e:?}"))?;
    let rules = PluralRules::create(id, PluralRuleType::CARDINAL)
        .map_err(|e| format!("no plural rules for {lang}: {e}"))?;
    let mut cats = BTreeSet::new();
    // Every category a whole number takes shows up below 10,000 (CLDR's samples do).
    for n in 0..10_000u64 {
        if let Ok(c) = rules.select(n) {
            cats.insert(category_name(c));
        }
    }
    Ok(cats)
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

fn check_message(m: &Message, stem: &str, errors: &mut Vec<String>) {
    let sets: Vec<BTreeSet<String>> = m
        .texts
        .iter()
        .map(|t| {
            let (mut all, mut counts) = (BTreeSet::new(), BTreeSet::new());
            Message::vars(t, &mut all, &mut counts);
            all
        })
        .collect();
    for li in 1..3 {
        if sets[li] != sets[0] {
            errors.push(format!(
                "`{}` ({stem}.ftl): {} uses {:?}, ko uses {:?}",
                m.id, LANGS[li], sets[li], sets[0]
            ));
        }
    }
    for var in &sets[0] {
        if !is_identifier(&snake(var)) {
            errors.push(format!("`{}` ({stem}.ftl): `${var}` is no Rust name", m.id));
        }
    }
    for (li, text) in m.texts.iter().enumerate() {
        check_selects(&m.id, stem, LANGS[li], text, errors);
    }
}

/// Each plural choice has a variant for every category a count takes in the language,
/// no category the language does not have, and `other` as its default.
fn check_selects(id: &str, stem: &str, lang: &str, pieces: &[Piece], errors: &mut Vec<String>) {
    for p in pieces {
        let Piece::Select { var, variants } = p else {
            continue;
        };
        let needed = match integer_categories(lang) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut have = BTreeSet::new();
        for (key, inner) in variants {
            if let VariantKey::Category(c) = key {
                if !needed.contains(c.as_str()) {
                    errors.push(format!(
                        "`{id}` ({lang}/{stem}.ftl): `[{c}]` is no plural category of {lang} (it has {needed:?})"
                    ));
                }
                have.insert(c.as_str());
            }
            check_selects(id, stem, lang, inner, errors);
        }
        if variants.last().map(|(k, _)| k) != Some(&VariantKey::Category("other".into())) {
            errors.push(format!(
                "`{id}` ({lang}/{stem}.ftl): the default variant of `${var}` must be `*[other]`"
            ));
        }
        for c in needed.difference(&have) {
            errors.push(format!(
                "`{id}` ({lang}/{stem}.ftl): `${var}` has no `[{c}]` form"
            ));
        }
    }
}

/// A file's `###` comment and its messages, or what in it is not supported.
fn parse_file(text: &str) -> Result<ParsedFile, Vec<String>> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((_, errs)) => {
            return Err(errs.iter().map(|e| format!("{e:?}")).collect());
        }
    };
    let mut doc = String::new();
    let mut messages = Vec::new();
    let mut errors = Vec::new();
    for entry in resource.body {
        match entry {
            ast::Entry::ResourceComment(c) => doc = c.content.join("\n"),
            ast::Entry::Comment(_) | ast::Entry::GroupComment(_) => {}
            ast::Entry::Junk { content } => {
                errors.push(format!("not Fluent syntax: {}", content.trim()))
            }
            ast::Entry::Term(t) => errors.push(format!("term `-{}`: not supported", t.id.name)),
            ast::Entry::Message(m) => {
                let id = m.id.name.to_owned();
                if !m.attributes.is_empty() {
                    errors.push(format!("`{id}`: attributes are not supported"));
                }
                match m.value {
                    Some(pattern) => match pieces(&pattern) {
                        Ok(p) => messages.push((id, p)),
                        Err(e) => errors.push(format!("`{id}`: {e}")),
                    },
                    None => errors.push(format!("`{id}` has no text")),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok((doc, messages))
    } else {
        Err(errors)
    }
}

fn pieces(pattern: &ast::Pattern<&str>) -> Result<Vec<Piece>, String> {
    let mut out: Vec<Piece> = Vec::new();
    let push_text = |out: &mut Vec<Piece>, s: &str| {
        if let Some(Piece::Text(t)) = out.last_mut() {
            t.push_str(s);
        } else {
            out.push(Piece::Text(s.to_owned()));
        }
    };
    for el in &pattern.elements {
        match el {
            ast::PatternElement::TextElement { value } => push_text(&mut out, value),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => match inline {
                    ast::InlineExpression::VariableReference { id } => {
                        out.push(Piece::Var(id.name.to_owned()))
                    }
                    // `{ "{" }`: a literal brace or other escaped text.
                    ast::InlineExpression::StringLiteral { value } => {
                        push_text(&mut out, &unescape(value)?)
                    }
                    other => return Err(format!("not supported: {other:?}")),
                },
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        return Err(String::from("a choice must be on a variable"));
                    };
                    let mut vs: Vec<(VariantKey, Vec<Piece>)> = Vec::new();
                    let mut default = None;
                    for v in variants {
                        let key = match &v.key {
                            ast::VariantKey::Identifier { name } => {
                                VariantKey::Category((*name).to_owned())
                            }
                            ast::VariantKey::NumberLiteral { value } => VariantKey::Exact(
                                value
                                    .parse()
                                    .map_err(|_| format!("`[{value}]`: a whole number, please"))?,
                            ),
                        };
                        let inner = pieces(&v.value)?;
                        if v.default {
                            default = Some((key, inner));
                        } else {
                            vs.push((key, inner));
                        }
                    }
                    // The default last: it becomes the catch-all arm.
                    if let Some(d) = default {
                        vs.push(d);
                    }
                    out.push(Piece::Select {
                        var: id.name.to_owned(),
                        variants: vs,
                    });
                }
            },
        }
    }
    Ok(out)
}

/// A Fluent string literal's escapes (`\"`, `\\`, `\u00A0`).
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad escape \\u{hex}"))?;
                out.push(ch);
            }
            other => return Err(format!("bad escape \\{}", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

/// The text of a message without variables.
fn plain_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.as_str(),
            _ => "",
        })
        .collect()
}

/// A Rust expression of type `String` for one language's text.
fn pattern_expr(pieces: &[Piece], lang_variant: &str) -> String {
    // A text that is one choice is that choice's value.
    if let [Piece::Select { var, variants }] = pieces {
        return select_expr(var, variants, lang_variant);
    }
    let mut fmt = String::new();
    let mut args = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => fmt.push_str(&t.replace('{', "{{").replace('}', "}}")),
            Piece::Var(v) => {
                let _ = write!(fmt, "{{{}}}", snake(v));
            }
            Piece::Select { var, variants } => {
                let name = format!("choice{}", args.len());
                let _ = write!(fmt, "{{{name}}}");
                args.push(format!(
                    "{name} = {}",
                    select_expr(var, variants, lang_variant)
                ));
            }
        }
    }
    if args.is_empty() && !pieces.iter().any(|p| matches!(p, Piece::Var(_))) {
        return format!(
            "String::from({})",
            rust_str(&fmt.replace("{{", "{").replace("}}", "}"))
        );
    }
    if args.is_empty() {
        format!("format!({})", rust_str(&fmt))
    } else {
        format!("format!({}, {})", rust_str(&fmt), args.join(", "))
    }
}

fn select_expr(var: &str, variants: &[(VariantKey, Vec<Piece>)], lang_variant: &str) -> String {
    let var = snake(var);
    let mut exact = String::new();
    let mut cats = String::new();
    for (i, (key, inner)) in variants.iter().enumerate() {
        let body = pattern_expr(inner, lang_variant);
        let last = i + 1 == variants.len();
        match key {
            _ if last => {
                let _ = write!(cats, "_ => {body}, ");
            }
            VariantKey::Exact(n) => {
                let _ = write!(exact, "{n} => {body}, ");
            }
            VariantKey::Category(c) => {
                let _ = write!(cats, "Plural::{} => {body}, ", camel(c));
            }
        }
    }
    let by_category = format!("match plural(Lang::{lang_variant}, {var}) {{ {cats}}}");
    if exact.is_empty() {
        by_category
    } else {
        format!("match {var} {{ {exact}_ => {by_category} }}")
    }
}

/// `staff-sign-in` → `StaffSignIn`.
pub fn camel(id: &str) -> String {
    id.split(['-', '_'])
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// `farms-summary` → `farms_summary`.
pub fn snake(id: &str) -> String {
    id.replace('-', "_").to_lowercase()
}

fn is_identifier(s: &str) -> bool {
    const KEYWORDS: [&str; 39] = [
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
        "type", "unsafe", "use", "where", "while", "lang", "gen",
    ];
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
        && !s.starts_with("choice")
}

fn rust_str(s: &str) -> String {
    format!("{s:?}")
}
