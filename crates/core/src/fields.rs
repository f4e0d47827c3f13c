//! The field dictionary: every value a stage records about a lot, with its labels in
//! Korean, English and Chinese, its type, whether the guideline requires it, how far it
//! is disclosed to consumers, and where it travels in an EPCIS 2.0 event.
//!
//! The data lives in `data/fields.json` (served verbatim at `GET /api/fields`) so that
//! partners and kiosks read the same document the code does; this module gives it types
//! and checks single values typed into staff forms.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::{Labels, Lang};

/// A stage of the supply chain, in chain order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Hatchery,
    Farm,
    Feed,
    Treatment,
    Transport,
    Processing,
    Wholesale,
    Retail,
}

impl Stage {
    /// Chain order: fry first, shelf last. Feed and treatment are farm records but get
    /// their own stage because the guideline keeps them in separate tables.
    pub const ALL: [Stage; 8] = [
        Stage::Hatchery,
        Stage::Farm,
        Stage::Feed,
        Stage::Treatment,
        Stage::Transport,
        Stage::Processing,
        Stage::Wholesale,
        Stage::Retail,
    ];

    /// The serialised name, also the prefix of every key of the stage.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Hatchery => "hatchery",
            Stage::Farm => "farm",
            Stage::Feed => "feed",
            Stage::Treatment => "treatment",
            Stage::Transport => "transport",
            Stage::Processing => "processing",
            Stage::Wholesale => "wholesale",
            Stage::Retail => "retail",
        }
    }

    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub fn labels(self) -> Labels {
        let (ko, en, zh) = match self {
            Stage::Hatchery => ("치어", "Fry", "鱼苗"),
            Stage::Farm => ("양식장", "Farm", "养殖场"),
            Stage::Feed => ("사료", "Feed", "饲料"),
            Stage::Treatment => ("약품·영양제", "Treatments", "用药与营养剂"),
            Stage::Transport => ("운송", "Transport", "运输"),
            Stage::Processing => ("가공", "Processing", "加工"),
            Stage::Wholesale => ("유통", "Distribution", "流通"),
            Stage::Retail => ("판매", "Retail", "零售"),
        };
        Labels {
            ko: ko.to_owned(),
            en: en.to_owned(),
            zh: zh.to_owned(),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    /// `YYYY-MM-DD`.
    Date,
    /// RFC 3339 with an offset, as EPCIS `eventTime`.
    Datetime,
    Boolean,
    /// Always with a unit.
    Number,
    /// Always with `values`.
    Enum,
}

/// How far a field is shown to consumers (guideline II.5: 공개 / 선택 / 비공개).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Disclosure {
    /// Always on the public trace page.
    Public,
    /// Each business decides; becomes public for lots under recall.
    Selectable,
    /// Never leaves staff and server (the record sheets' underlined items).
    Private,
}

/// Where a field's value sits in an EPCIS 2.0 event. Serialised as the plain string of
/// the `epcis` member so the JSON stays readable for partners.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EpcisPlace {
    /// A standard event member, e.g. `eventTime`, `bizLocation`, `quantityList`.
    Standard(String),
    /// Instance/lot master data of the event that creates the lot, as `lt:<key>`.
    Ilmd,
    /// A namespaced extension member of the event, as `lt:<key>`.
    Extension,
    /// A `sensorElementList` reading (temperatures).
    Sensor,
}

impl EpcisPlace {
    pub fn as_str(&self) -> &str {
        match self {
            EpcisPlace::Standard(name) => name,
            EpcisPlace::Ilmd => "ilmd",
            EpcisPlace::Extension => "extension",
            EpcisPlace::Sensor => "sensor",
        }
    }

    pub fn parse(s: &str) -> EpcisPlace {
        match s {
            "ilmd" => EpcisPlace::Ilmd,
            "extension" => EpcisPlace::Extension,
            "sensor" => EpcisPlace::Sensor,
            other => EpcisPlace::Standard(other.to_owned()),
        }
    }

    /// Whether the value travels under its own JSON-LD name `lt:<key>`.
    pub fn is_namespaced(&self) -> bool {
        matches!(self, EpcisPlace::Ilmd | EpcisPlace::Extension)
    }
}

impl Serialize for EpcisPlace {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EpcisPlace {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s.is_empty() {
            return Err(serde::de::Error::custom("empty epcis place"));
        }
        Ok(EpcisPlace::parse(&s))
    }
}

/// The standard EPCIS 2.0 event members a field may name in `epcis`.
pub const STANDARD_EPCIS_PLACES: &[&str] = &[
    "eventTime",
    "bizLocation",
    "readPoint",
    "quantityList",
    "inputQuantityList",
    "outputQuantityList",
    "epcList",
    "inputEPCList",
    "outputEPCList",
    "bizTransactionList",
    "sourceList",
    "destinationList",
    "certificationInfo",
];

/// The FSMA 204 key data elements (21 CFR 1.1325–1.1350) common to every critical
/// tracking event; each is carried by some field, tagged `fsma204:<name>`.
pub const FSMA204_KDES: &[&str] = &[
    "traceability_lot_code",
    "traceability_lot_code_source",
    "product_description",
    "quantity_and_unit_of_measure",
    "event_location",
    "event_date",
    "reference_document_type",
    "reference_document_number",
];

/// Further FSMA 204 elements of particular events (harvesting, shipping, receiving) that
/// fields are tagged with; `location_description` is name, address and phone (1.1310).
pub const FSMA204_EVENT_KDES: &[&str] = &[
    "location_description",
    "immediate_previous_source",
    "immediate_subsequent_recipient",
    "harvest_date",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: String,
    pub labels: Labels,
}

/// A field that only applies when another field of the same record has one of `values`
/// (e.g. raw-feed details only for raw feed). Required-ness holds only when it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// `<stage>.<snake_case>`.
    pub key: String,
    pub stage: Stage,
    pub labels: Labels,
    #[serde(rename = "type")]
    pub r#type: FieldType,
    pub unit: Option<String>,
    pub values: Option<Vec<EnumValue>>,
    /// Required to record (필수) rather than optional (선택).
    pub required: bool,
    pub disclosure: Disclosure,
    pub epcis: EpcisPlace,
    /// Item of the appendix 가 record sheets, e.g. `farm-⑦`, `plant-⑨`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Standards this field satisfies, e.g. `fsma204:event_date`, `gdst:harvest_date`.
    #[serde(default)]
    pub standards: Vec<String>,
    /// Where in the guideline (or which standard) the field comes from.
    #[serde(default)]
    pub source: Vec<String>,
    /// Help for the staff member filling the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Labels>,
    /// One line for a shopper reading the value on the trace page: what it means, in
    /// words a person at the fish counter knows ("a test that no antibiotic is left").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Labels>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Value a new form starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<Condition>,
    /// A developer note (English), e.g. an unverified code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Field {
    /// The label of an enum value, if the field has it.
    pub fn value_labels(&self, value: &str) -> Option<&Labels> {
        self.values
            .as_deref()?
            .iter()
            .find(|v| v.value == value)
            .map(|v| &v.labels)
    }

    /// Whether the field applies to a record, given a lookup of the record's other
    /// (normalised) values: booleans as `true`/`false`, enums by value.
    pub fn applies<'a>(&self, lookup: impl Fn(&str) -> Option<&'a str>) -> bool {
        match &self.applies_if {
            None => true,
            Some(c) => {
                lookup(&c.field).is_some_and(|v| c.values.iter().any(|allowed| allowed == v.trim()))
            }
        }
    }

    /// Whether the field carries a tag such as `fsma204:event_date`.
    pub fn satisfies(&self, standard: &str) -> bool {
        self.standards.iter().any(|s| s == standard)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Namespace {
    pub prefix: String,
    pub iri: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dictionary {
    pub namespace: Namespace,
    pub fields: Vec<Field>,
}

/// The dictionary as shipped, byte for byte what `GET /api/fields` serves.
pub const FIELDS_JSON: &str = include_str!("../data/fields.json");

impl Dictionary {
    /// The shipped dictionary, parsed once.
    pub fn get() -> &'static Dictionary {
        static DICT: OnceLock<Dictionary> = OnceLock::new();
        DICT.get_or_init(|| {
            // The file is compiled in and parsed by tests/fields_dictionary.rs, so this
            // can only fail in a build whose tests fail.
            Dictionary::parse(FIELDS_JSON).expect("data/fields.json is a valid dictionary")
        })
    }

    pub fn parse(json: &str) -> Result<Dictionary, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn for_stage(&self, stage: Stage) -> impl Iterator<Item = &Field> + '_ {
        self.fields.iter().filter(move |f| f.stage == stage)
    }

    /// `lt:farm.stocking_date`: the compact name an ilmd or extension value has in events.
    pub fn json_ld_name(&self, field: &Field) -> String {
        format!("{}:{}", self.namespace.prefix, field.key)
    }

    /// The full IRI, `https://lottrace.dev/ns/farm.stocking_date`.
    pub fn iri(&self, field: &Field) -> String {
        format!("{}{}", self.namespace.iri, field.key)
    }

    /// The field an event member names, in compact (`lt:…`) or full IRI form.
    pub fn field_by_json_ld_name(&self, name: &str) -> Option<&Field> {
        let key = name
            .strip_prefix(self.namespace.prefix.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
            .or_else(|| name.strip_prefix(self.namespace.iri.as_str()))?;
        self.field(key)
    }
}

/// Why a value typed into a form does not fit its field. The UI shows `message`.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueError {
    Required,
    NotANumber,
    /// A missing bound is infinite.
    OutOfRange {
        min: f64,
        max: f64,
    },
    NotADate,
    NotADatetime,
    NotABoolean,
    UnknownValue {
        allowed: Vec<String>,
    },
}

impl ValueError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ValueError::Required => match lang {
                Lang::Ko => "필수 항목입니다.".into(),
                Lang::En => "This field is required.".into(),
                Lang::Zh => "此项为必填项。".into(),
            },
            ValueError::NotANumber => match lang {
                Lang::Ko => "숫자를 입력하세요.".into(),
                Lang::En => "Enter a number.".into(),
                Lang::Zh => "请输入数字。".into(),
            },
            ValueError::OutOfRange { min, max } => {
                let (lo, hi) = (min.is_finite(), max.is_finite());
                match (lang, lo, hi) {
                    (Lang::Ko, true, true) => format!("{min}에서 {max} 사이의 값을 입력하세요."),
                    (Lang::Ko, true, false) => format!("{min} 이상의 값을 입력하세요."),
                    (Lang::Ko, false, _) => format!("{max} 이하의 값을 입력하세요."),
                    (Lang::En, true, true) => format!("Enter a value from {min} to {max}."),
                    (Lang::En, true, false) => format!("Enter a value of at least {min}."),
                    (Lang::En, false, _) => format!("Enter a value of at most {max}."),
                    (Lang::Zh, true, true) => format!("请输入 {min} 至 {max} 之间的数值。"),
                    (Lang::Zh, true, false) => format!("请输入不小于 {min} 的数值。"),
                    (Lang::Zh, false, _) => format!("请输入不大于 {max} 的数值。"),
                }
            }
            ValueError::NotADate => match lang {
                Lang::Ko => "날짜를 YYYY-MM-DD 형식으로 입력하세요.".into(),
                Lang::En => "Enter a date as YYYY-MM-DD.".into(),
                Lang::Zh => "请按 YYYY-MM-DD 格式输入日期。".into(),
            },
            ValueError::NotADatetime => match lang {
                Lang::Ko => {
                    "일시를 시간대와 함께 입력하세요(예: 2024-05-13T09:30:00+09:00).".into()
                }
                Lang::En => {
                    "Enter a date and time with its offset (e.g. 2024-05-13T09:30:00+09:00).".into()
                }
                Lang::Zh => "请输入带时区的日期时间（例如 2024-05-13T09:30:00+09:00）。".into(),
            },
            ValueError::NotABoolean => match lang {
                Lang::Ko => "예 또는 아니오를 선택하세요.".into(),
                Lang::En => "Choose yes or no.".into(),
                Lang::Zh => "请选择“是”或“否”。".into(),
            },
            ValueError::UnknownValue { allowed } => {
                let list = allowed.join(", ");
                match lang {
                    Lang::Ko => format!("다음 중에서 선택하세요: {list}"),
                    Lang::En => format!("Choose one of: {list}"),
                    Lang::Zh => format!("请从以下选项中选择：{list}"),
                }
            }
        }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ValueError {}

/// Checks one value typed into a form against the field: type, enum value, number range,
/// date (`YYYY-MM-DD`), datetime (RFC 3339 with offset), and required-ness when empty.
/// Does not know the rest of the record: callers skip fields that do not [`Field::applies`].
pub fn validate_value(field: &Field, value: &str) -> Result<(), ValueError> {
    normalize_value(field, value).map(|_| ())
}

/// Like [`validate_value`], and returns the value as it goes into an event: `null` for an
/// empty optional value, a JSON boolean or number, or the trimmed string.
pub fn normalize_value(field: &Field, value: &str) -> Result<serde_json::Value, ValueError> {
    use serde_json::Value;
    let v = value.trim();
    if v.is_empty() {
        return if field.required {
            Err(ValueError::Required)
        } else {
            Ok(Value::Null)
        };
    }
    match field.r#type {
        FieldType::Text => Ok(Value::String(v.to_owned())),
        FieldType::Date => parse_date(v)
            .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
            .ok_or(ValueError::NotADate),
        FieldType::Datetime => chrono::DateTime::parse_from_rfc3339(v)
            .map(|dt| Value::String(dt.to_rfc3339()))
            .map_err(|_| ValueError::NotADatetime),
        FieldType::Boolean => parse_bool(v)
            .map(Value::Bool)
            .ok_or(ValueError::NotABoolean),
        FieldType::Number => {
            let n = parse_number(v).ok_or(ValueError::NotANumber)?;
            let min = field.min.unwrap_or(f64::NEG_INFINITY);
            let max = field.max.unwrap_or(f64::INFINITY);
            if n < min || n > max {
                return Err(ValueError::OutOfRange { min, max });
            }
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or(ValueError::NotANumber)
        }
        FieldType::Enum => {
            let values = field.values.as_deref().unwrap_or_default();
            if values.iter().any(|e| e.value == v) {
                Ok(Value::String(v.to_owned()))
            } else {
                Err(ValueError::UnknownValue {
                    allowed: values.iter().map(|e| e.value.clone()).collect(),
                })
            }
        }
    }
}

/// Strictly `YYYY-MM-DD`: chrono alone would also take `2024-5-3` or a signed year.
fn parse_date(v: &str) -> Option<chrono::NaiveDate> {
    let shape_ok = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// `true`/`false` from forms, and the `O`/`X` the guideline's record sheets use.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "o" => Some(true),
        "false" | "x" => Some(false),
        _ => None,
    }
}

/// Plain decimal numbers only: Rust's parser would also accept `inf`, `NaN` and `1e3`,
/// none of which anyone means at a fish counter.
fn parse_number(v: &str) -> Option<f64> {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    if !ok {
        return None;
    }
    v.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// How a unit of the dictionary reads in a language (`ea` is a count of fish or packs).
pub fn unit_label(unit: &str, lang: Lang) -> Option<&'static str> {
    let (ko, en, zh) = match unit {
        "kg" => ("kg", "kg", "千克"),
        "g" => ("g", "g", "克"),
        "°C" => ("°C", "°C", "°C"),
        "day" => ("일", "days", "天"),
        "ea" => ("개", "pcs", "个"),
        "m" => ("m", "m", "米"),
        "m²" => ("m²", "m²", "平方米"),
        "%" => ("%", "%", "%"),
        "mg/kg" => ("mg/kg", "mg/kg", "毫克/千克"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ko => ko,
        Lang::En => en,
        Lang::Zh => zh,
    })
}
