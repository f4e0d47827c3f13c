//! Why a code is refused: one typed word per kind of refusal ([`CodeErrorKind`], on the
//! wire with the same spellings as before), where it went wrong (which AI, which rule of
//! the GS1 Barcode Syntax Dictionary, which position), an English message, and the
//! message in every app language ([`CodeError::message_in`]).

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($(#[$doc:meta])* $v:ident = $s:literal,)*) => {
        /// The kinds of refusal. Serialised (and compared with strings) as their wire
        /// spelling, e.g. `check_digit`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum CodeErrorKind {
            $($(#[$doc])* #[serde(rename = $s)] $v,)*
        }

        impl CodeErrorKind {
            /// Every kind, for exhaustive checks (translations, UI keys).
            pub const ALL: &'static [CodeErrorKind] = &[$(CodeErrorKind::$v,)*];

            /// The wire spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $(CodeErrorKind::$v => $s,)* }
            }

            /// The kind with this wire spelling.
            pub fn from_wire(s: &str) -> Option<CodeErrorKind> {
                match s { $($s => Some(CodeErrorKind::$v),)* _ => None }
            }
        }
    };
}

kinds! {
    /// Nothing to read.
    Empty = "empty",
    /// The input, a value or a URL is longer than allowed.
    TooLong = "too_long",
    /// A value is shorter than its AI allows.
    TooShort = "too_short",
    /// A key (GTIN, SSCC, GLN, lot number) has the wrong number of digits.
    BadLength = "bad_length",
    /// A control character in the input.
    ControlChar = "control_char",
    /// Bytes that are not UTF-8, or percent-decoded bytes that are not.
    BadUtf8 = "bad_utf8",
    /// Only FNC1/GS separators, or an empty field between two.
    LoneSeparator = "lone_separator",
    /// An FNC1/GS where none may stand (after a symbology identifier that implies it).
    MisplacedSeparator = "misplaced_separator",
    /// A `]` symbology identifier that is incomplete, unknown, or whose data does not
    /// fit the symbology (EAN-13 of 12 digits).
    BadSymbologyId = "bad_symbology_id",
    /// No code form recognised.
    UnknownFormat = "unknown_format",
    /// A `%` not followed by two hex digits, or an escape the standard forbids.
    BadPercentEncoding = "bad_percent_encoding",
    /// A GS1 mod-10 check digit or a check character pair is wrong.
    CheckDigit = "check_digit",
    /// A character outside the AI's character set (or the key's digits).
    BadCharset = "bad_charset",
    /// An impossible date (month 13, 30 February).
    BadDate = "bad_date",
    /// An impossible time (hour 24, minute 60).
    BadTime = "bad_time",
    /// Not an existing ISO 3166 country code.
    BadCountry = "bad_country",
    /// Not an existing ISO 4217 currency code (the currency of AIs 391n and 393n).
    BadCurrency = "bad_currency",
    /// A value that breaks another rule of its AI (a piece number above the total, a
    /// zero where none may be, an unknown package type…).
    InvalidValue = "invalid_value",
    /// An AI with no data.
    EmptyValue = "empty_value",
    /// Not a GS1 Application Identifier.
    UnknownAi = "unknown_ai",
    /// The parenthesised form is malformed.
    BadElementString = "bad_element_string",
    /// Kept for the wire: no longer produced (an unseparated string is read as GS1
    /// reads it, never by guessing a split).
    Ambiguous = "ambiguous",
    /// One AI twice with different values.
    ConflictingAi = "conflicting_ai",
    /// One AI twice in a Digital Link.
    DuplicateAi = "duplicate_ai",
    /// An AI that needs another AI (the dictionary's `req`) without it.
    MissingAi = "missing_ai",
    /// Two AIs that may not stand together (the dictionary's `ex`).
    InvalidPairing = "invalid_pairing",
    /// A URL whose scheme, host or characters are not allowed.
    BadUrl = "bad_url",
    /// A Digital Link path that is not key/value pairs (empty segment, trailing slash).
    BadPath = "bad_path",
    /// A Digital Link query attribute that is not allowed there.
    BadQuery = "bad_query",
    /// An AI in the Digital Link path that is not a qualifier of the key.
    BadQualifier = "bad_qualifier",
    /// Key qualifiers out of order.
    QualifierOrder = "qualifier_order",
    /// Cannot be written in a Digital Link.
    NotInDigitalLink = "not_in_digital_link",
    /// Kept for the wire: compressed Digital Links are now decompressed.
    UnsupportedCompressed = "unsupported_compressed",
    /// A compressed Digital Link whose binary data is malformed.
    BadCompressed = "bad_compressed",
    /// Nothing to write: no GTIN, SSCC or GLN.
    NoGs1Key = "no_gs1_key",
    /// A weight that AI 310n cannot hold.
    BadWeight = "bad_weight",
    /// No EPC URI form for this identification.
    NoEpcForm = "no_epc_form",
    /// A symbol could not be drawn.
    EncodeFailed = "encode_failed",
    /// A malformed EPC URI.
    BadEpcUri = "bad_epc_uri",
    /// An EPC scheme the crate does not read.
    UnsupportedEpc = "unsupported_epc",
    /// Not a place (a GLN or SGLN) where one is expected.
    NotAPlace = "not_a_place",
}

impl std::fmt::Display for CodeErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for CodeErrorKind {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for CodeErrorKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CodeErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<CodeErrorKind> for &str {
    fn eq(&self, other: &CodeErrorKind) -> bool {
        *self == other.as_str()
    }
}

impl From<CodeErrorKind> for String {
    fn from(k: CodeErrorKind) -> String {
        k.as_str().to_string()
    }
}

impl From<CodeErrorKind> for &'static str {
    fn from(k: CodeErrorKind) -> &'static str {
        k.as_str()
    }
}

/// Why an input is not an identification: `code` for machines, `message` in English,
/// and where: `ai` (the Application Identifier at fault), `rule` (the GS1 Barcode Syntax
/// Dictionary rule or linter broken, e.g. `csum`, `iso3166`, `req`, `dlpkey`) and
/// `position` (1-based: within the AI's value when `ai` is set, else within the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct CodeError {
    pub code: CodeErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ai: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// What would have been right, where one thing would (the check digit, the length).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl CodeError {
    pub fn new(code: CodeErrorKind, message: impl Into<String>) -> Self {
        CodeError {
            code,
            message: message.into(),
            ai: None,
            rule: None,
            position: None,
            expected: None,
        }
    }

    /// Names the AI at fault (kept if already set).
    pub fn with_ai(mut self, ai: &str) -> Self {
        if self.ai.is_none() {
            self.ai = Some(ai.to_string());
        }
        self
    }

    /// Names the dictionary rule broken (kept if already set).
    pub fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule.get_or_insert(rule);
        self
    }

    /// The 1-based position (kept if already set).
    pub fn at(mut self, position: usize) -> Self {
        self.position.get_or_insert(position);
        self
    }

    pub fn expecting(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// The refusal in `lang`, for a person at a kiosk or a staff member labelling a
    /// pack: what is wrong, in which AI, at which character, and what was expected.
    pub fn message_in(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.message.clone();
        }
        let mut out = String::new();
        if let Some(ai) = &self.ai {
            out.push_str(&match lang {
                Lang::Ko => format!("AI ({ai}): "),
                _ => format!("AI（{ai}）："),
            });
        }
        out.push_str(base_text(self.code, lang));
        if let Some(p) = self.position {
            out.push_str(&match lang {
                Lang::Ko => format!(" ({p}번째 글자)"),
                _ => format!("（第 {p} 个字符）"),
            });
        }
        if let Some(e) = &self.expected {
            out.push_str(&match lang {
                Lang::Ko => format!(" 올바른 값: {e}"),
                _ => format!(" 正确值：{e}"),
            });
        }
        out
    }

    /// The message in every language.
    pub fn messages(&self) -> crate::lang::Labels {
        crate::lang::Labels {
            ko: self.message_in(Lang::Ko),
            en: self.message_in(Lang::En),
            zh: self.message_in(Lang::Zh),
        }
    }
}

/// The sentence for each kind in Korean and Chinese (English messages are built with
/// the details where the error is raised).
pub fn base_text(kind: CodeErrorKind, lang: Lang) -> &'static str {
    use CodeErrorKind as K;
    let (ko, en, zh) = match kind {
        K::Empty => (
            "입력된 내용이 없습니다.",
            "Nothing was entered.",
            "没有输入内容。",
        ),
        K::TooLong => (
            "허용된 길이보다 깁니다.",
            "It is longer than allowed.",
            "超过允许的长度。",
        ),
        K::TooShort => (
            "허용된 길이보다 짧습니다.",
            "It is shorter than allowed.",
            "短于允许的长度。",
        ),
        K::BadLength => (
            "자릿수가 맞지 않습니다.",
            "It has the wrong number of digits.",
            "位数不正确。",
        ),
        K::ControlChar => (
            "제어 문자가 들어 있습니다.",
            "It contains a control character.",
            "含有控制字符。",
        ),
        K::BadUtf8 => (
            "읽을 수 없는 문자가 들어 있습니다.",
            "It contains unreadable bytes.",
            "含有无法识别的字节。",
        ),
        K::LoneSeparator => (
            "데이터 없이 구분 기호(FNC1)만 있습니다.",
            "There is a separator (FNC1) with no data.",
            "只有分隔符（FNC1），没有数据。",
        ),
        K::MisplacedSeparator => (
            "구분 기호(FNC1)가 올 수 없는 자리에 있습니다.",
            "A separator (FNC1) stands where none may.",
            "分隔符（FNC1）出现在不允许的位置。",
        ),
        K::BadSymbologyId => (
            "바코드 종류 표시(]로 시작)가 올바르지 않습니다.",
            "The symbology identifier (starting with ]) is not valid.",
            "条码类型标识（以 ] 开头）无效。",
        ),
        K::UnknownFormat => (
            "알 수 없는 코드 형식입니다.",
            "This is not a code format we know.",
            "无法识别的编码格式。",
        ),
        K::BadPercentEncoding => (
            "주소의 % 표기가 올바르지 않습니다.",
            "A % escape in the address is not valid.",
            "网址中的 % 编码无效。",
        ),
        K::CheckDigit => (
            "검증 번호(마지막 자리)가 맞지 않습니다. 라벨을 다시 확인해 주세요.",
            "The check digit does not match. Check the label.",
            "校验位不正确，请核对标签。",
        ),
        K::BadCharset => (
            "이 자리에 쓸 수 없는 문자가 있습니다.",
            "It contains a character that is not allowed here.",
            "含有此处不允许的字符。",
        ),
        K::BadDate => (
            "존재하지 않는 날짜입니다.",
            "The date does not exist.",
            "日期不存在。",
        ),
        K::BadTime => (
            "존재하지 않는 시각입니다.",
            "The time does not exist.",
            "时间不存在。",
        ),
        K::BadCountry => (
            "존재하지 않는 국가 코드입니다.",
            "It is not an existing country code.",
            "不是有效的国家代码。",
        ),
        K::BadCurrency => (
            "존재하지 않는 통화 코드(ISO 4217)입니다.",
            "It is not an existing currency code (ISO 4217).",
            "不是有效的货币代码（ISO 4217）。",
        ),
        K::InvalidValue => (
            "이 AI에 허용되지 않는 값입니다.",
            "The value is not allowed for this AI.",
            "该值不符合此 AI 的规则。",
        ),
        K::EmptyValue => ("값이 비어 있습니다.", "The value is empty.", "值为空。"),
        K::UnknownAi => (
            "GS1 응용 식별자(AI)가 아닙니다.",
            "It is not a GS1 Application Identifier.",
            "不是 GS1 应用标识符（AI）。",
        ),
        K::BadElementString => (
            "괄호 형식 (AI)값 이 올바르지 않습니다.",
            "The bracketed (AI)value form is not valid.",
            "括号格式（AI）值无效。",
        ),
        K::Ambiguous => (
            "여러 가지로 읽힐 수 있는 코드입니다.",
            "The code can be read in more than one way.",
            "该编码有多种读法。",
        ),
        K::ConflictingAi => (
            "같은 AI가 서로 다른 값으로 두 번 있습니다.",
            "The same AI appears twice with different values.",
            "同一 AI 出现两次且值不同。",
        ),
        K::DuplicateAi => (
            "같은 AI가 두 번 있습니다.",
            "The same AI appears twice.",
            "同一 AI 出现两次。",
        ),
        K::MissingAi => (
            "함께 있어야 할 AI가 없습니다.",
            "An AI it requires is missing.",
            "缺少必须同时出现的 AI。",
        ),
        K::InvalidPairing => (
            "함께 쓸 수 없는 AI가 같이 있습니다.",
            "It holds two AIs that may not stand together.",
            "含有不能同时出现的 AI。",
        ),
        K::BadUrl => (
            "주소(URL)가 올바르지 않습니다.",
            "The address (URL) is not valid.",
            "网址无效。",
        ),
        K::BadPath => (
            "GS1 Digital Link 주소의 경로가 올바르지 않습니다.",
            "The GS1 Digital Link path is not valid.",
            "GS1 Digital Link 路径无效。",
        ),
        K::BadQuery => (
            "GS1 Digital Link 주소의 ? 뒤 항목이 올바르지 않습니다.",
            "A GS1 Digital Link query attribute is not allowed there.",
            "GS1 Digital Link 查询参数不允许。",
        ),
        K::BadQualifier => (
            "이 키에 붙을 수 없는 한정자가 경로에 있습니다.",
            "The path holds an AI that is not a qualifier of this key.",
            "路径中有不属于该标识的限定符。",
        ),
        K::QualifierOrder => (
            "경로의 한정자 순서가 올바르지 않습니다.",
            "The key qualifiers in the path are out of order.",
            "路径中的限定符顺序不正确。",
        ),
        K::NotInDigitalLink => (
            "GS1 Digital Link로 쓸 수 없습니다.",
            "It cannot be written as a GS1 Digital Link.",
            "无法写成 GS1 Digital Link。",
        ),
        K::UnsupportedCompressed => (
            "압축된 GS1 Digital Link를 풀 수 없습니다.",
            "The compressed GS1 Digital Link cannot be decompressed.",
            "无法解压缩该 GS1 Digital Link。",
        ),
        K::BadCompressed => (
            "압축된 GS1 Digital Link의 데이터가 손상되었습니다. 다시 스캔하거나 라벨을 확인해 주세요.",
            "The data of the compressed GS1 Digital Link is damaged. Scan again or check the label.",
            "压缩的 GS1 Digital Link 数据已损坏，请重新扫描或核对标签。",
        ),
        K::NoGs1Key => (
            "GTIN, SSCC, GLN 같은 GS1 키가 없습니다.",
            "There is no GS1 key (GTIN, SSCC or GLN).",
            "没有 GS1 标识（GTIN、SSCC 或 GLN）。",
        ),
        K::BadWeight => (
            "무게를 GS1 형식으로 쓸 수 없습니다.",
            "The weight cannot be written in GS1 form.",
            "重量无法写成 GS1 格式。",
        ),
        K::NoEpcForm => (
            "EPC 형식으로 쓸 수 없습니다.",
            "It has no EPC form.",
            "没有 EPC 格式。",
        ),
        K::EncodeFailed => (
            "바코드를 만들 수 없습니다.",
            "The barcode cannot be drawn.",
            "无法生成条码。",
        ),
        K::BadEpcUri => (
            "EPC URI 형식이 올바르지 않습니다.",
            "The EPC URI is not valid.",
            "EPC URI 无效。",
        ),
        K::UnsupportedEpc => (
            "지원하지 않는 EPC 형식입니다.",
            "This EPC scheme is not supported.",
            "不支持该 EPC 格式。",
        ),
        K::NotAPlace => (
            "장소 코드(GLN 또는 SGLN)가 아닙니다.",
            "It is not a place code (GLN or SGLN).",
            "不是地点代码（GLN 或 SGLN）。",
        ),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
        Lang::Zh => zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_spellings_round_trip() {
        for &k in CodeErrorKind::ALL {
            assert_eq!(CodeErrorKind::from_wire(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            for lang in Lang::ALL {
                assert!(!base_text(k, lang).is_empty());
            }
        }
        assert_eq!(CodeErrorKind::CheckDigit, "check_digit");
    }
}
