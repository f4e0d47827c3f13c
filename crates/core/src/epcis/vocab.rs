//! CBV 2.0 vocabularies and the GDST seafood extensions, with prefix normalisation.
//!
//! CBV values may be written three ways: the bare name (`shipping`, JSON-LD short form),
//! the URN (`urn:epcglobal:cbv:bizstep:shipping`) or the GS1 Web URI
//! (`https://ref.gs1.org/cbv/BizStep-shipping`). We keep what was written and normalise
//! only when comparing or hashing.

/// CBV 2.0 business steps (CBV 2.0 §7.1; same list as GS1's bizStep JSON schema).
pub const CBV_BIZ_STEPS: &[&str] = &[
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
    "sensor_reporting",
    "sampling",
];

/// CBV 2.0 dispositions (CBV 2.0 §7.2).
pub const CBV_DISPOSITIONS: &[&str] = &[
    "active",
    "container_closed",
    "damaged",
    "destroyed",
    "dispensed",
    "disposed",
    "encoded",
    "expired",
    "in_progress",
    "in_transit",
    "inactive",
    "no_pedigree_match",
    "non_sellable_other",
    "partially_dispensed",
    "recalled",
    "reserved",
    "retail_sold",
    "returned",
    "sellable_accessible",
    "sellable_not_accessible",
    "stolen",
    "unknown",
    "available",
    "completeness_verified",
    "completeness_inferred",
    "conformant",
    "container_open",
    "mismatch_instance",
    "mismatch_class",
    "mismatch_quantity",
    "needs_replacement",
    "non_conformant",
    "unavailable",
];

pub const CBV_BIZ_TRANSACTION_TYPES: &[&str] = &[
    "bol",
    "cert",
    "desadv",
    "inv",
    "pedigree",
    "po",
    "poc",
    "prodorder",
    "recadv",
    "rma",
    "testprd",
    "testres",
    "upevt",
];

pub const CBV_SOURCE_DEST_TYPES: &[&str] = &["owning_party", "possessing_party", "location"];

pub const CBV_ERROR_REASONS: &[&str] = &["did_not_occur", "incorrect_data"];

/// GDST 1.x business steps for seafood (used as full URIs `urn:gdst:bizStep:<name>`).
pub const GDST_BIZ_STEPS: &[&str] = &[
    "hatching",
    "farmHarvest",
    "commingling",
    "fishingEvent",
    "transshipment",
    "landing",
];

pub const GDST_BIZ_STEP_PREFIX: &str = "urn:gdst:bizStep:";

/// The kinds of CBV vocabulary, with their URN and Web URI prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocab {
    BizStep,
    Disposition,
    BizTransactionType,
    SourceDestType,
    ErrorReason,
}

impl Vocab {
    pub fn urn_prefix(self) -> &'static str {
        match self {
            Vocab::BizStep => "urn:epcglobal:cbv:bizstep:",
            Vocab::Disposition => "urn:epcglobal:cbv:disp:",
            Vocab::BizTransactionType => "urn:epcglobal:cbv:btt:",
            Vocab::SourceDestType => "urn:epcglobal:cbv:sdt:",
            Vocab::ErrorReason => "urn:epcglobal:cbv:er:",
        }
    }
    pub fn web_prefix(self) -> &'static str {
        match self {
            Vocab::BizStep => "https://ref.gs1.org/cbv/BizStep-",
            Vocab::Disposition => "https://ref.gs1.org/cbv/Disp-",
            Vocab::BizTransactionType => "https://ref.gs1.org/cbv/BTT-",
            Vocab::SourceDestType => "https://ref.gs1.org/cbv/SDT-",
            Vocab::ErrorReason => "https://ref.gs1.org/cbv/ER-",
        }
    }
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Vocab::BizStep => CBV_BIZ_STEPS,
            Vocab::Disposition => CBV_DISPOSITIONS,
            Vocab::BizTransactionType => CBV_BIZ_TRANSACTION_TYPES,
            Vocab::SourceDestType => CBV_SOURCE_DEST_TYPES,
            Vocab::ErrorReason => CBV_ERROR_REASONS,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Vocab::BizStep => "bizStep",
            Vocab::Disposition => "disposition",
            Vocab::BizTransactionType => "bizTransaction type",
            Vocab::SourceDestType => "source/destination type",
            Vocab::ErrorReason => "error reason",
        }
    }

    /// The CBV short name if `v` is a CBV value in any of its three forms (the name
    /// itself need not be in the list: `urn:epcglobal:cbv:bizstep:foo` yields `foo`).
    pub fn cbv_short(self, v: &str) -> Option<&str> {
        if let Some(s) = v.strip_prefix(self.urn_prefix()) {
            return Some(s);
        }
        if let Some(s) = v.strip_prefix(self.web_prefix()) {
            return Some(s);
        }
        if let Some(s) = v.strip_prefix("http://ref.gs1.org/cbv/") {
            // Lenient: http variant of the Web URI.
            let web = self
                .web_prefix()
                .trim_start_matches("https://ref.gs1.org/cbv/");
            return s.strip_prefix(web);
        }
        if is_bare_word(v) {
            return Some(v);
        }
        None
    }

    /// True when `v` is a CBV value of this vocabulary in any form.
    pub fn is_known_cbv(self, v: &str) -> bool {
        self.cbv_short(v)
            .is_some_and(|s| self.values().contains(&s))
    }

    /// The GS1 Web URI form used by the CBV 2.0 event hash (`https://ref.gs1.org/cbv/BizStep-shipping`);
    /// non-CBV URIs are returned unchanged.
    pub fn web_uri(self, v: &str) -> String {
        match self.cbv_short(v) {
            Some(s) => format!("{}{}", self.web_prefix(), s),
            None => v.to_string(),
        }
    }
}

/// A name without a URI scheme (no ':' and no '/').
pub fn is_bare_word(v: &str) -> bool {
    !v.is_empty() && !v.contains(':') && !v.contains('/')
}

/// `shipping`, `farmHarvest`, …; unknown URIs unchanged.
pub fn biz_step_short(v: &str) -> &str {
    if let Some(s) = v.strip_prefix(GDST_BIZ_STEP_PREFIX) {
        return s;
    }
    Vocab::BizStep.cbv_short(v).unwrap_or(v)
}

pub fn disposition_short(v: &str) -> &str {
    Vocab::Disposition.cbv_short(v).unwrap_or(v)
}

/// True for bizSteps we accept: CBV 2.0 (any form) or GDST's.
pub fn is_known_biz_step(v: &str) -> bool {
    Vocab::BizStep.is_known_cbv(v)
        || v.strip_prefix(GDST_BIZ_STEP_PREFIX)
            .is_some_and(|s| GDST_BIZ_STEPS.contains(&s))
}

/// A full URI (has a scheme: letters, digits, `+-.`, then ':'), e.g. `urn:…`, `https://…`,
/// `lt:farm.pond`. Enough for "is this a URI or a bare word" decisions, not a full RFC 3986 check.
pub fn is_uri(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// RFC 3339 date-time with offset (any number of fractional digits) as UTC.
pub fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// `±hh:mm` with hh ≤ 14 (and 14 only with :00), as EPCIS requires.
pub fn is_tz_offset(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return false;
    }
    let digits = [b[1], b[2], b[4], b[5]];
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let h = (b[1] - b'0') * 10 + (b[2] - b'0');
    let m = (b[4] - b'0') * 10 + (b[5] - b'0');
    m < 60 && (h < 14 || (h == 14 && m == 0))
}

/// UN/CEFACT Rec. 20 code shape (2–3 upper-case letters or digits), as the schema checks.
pub fn is_uom(s: &str) -> bool {
    (2..=3).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The JSON-LD (bare) form of a CBV value written as URN or Web URI; other values
/// unchanged. GS1's JSON schema only accepts CBV values in the bare form.
pub fn cbv_json_form(voc: Vocab, v: &str) -> Option<String> {
    if is_bare_word(v) {
        return None;
    }
    let short = voc.cbv_short(v)?;
    voc.values().contains(&short).then(|| short.to_string())
}
