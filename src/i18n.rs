//! UI strings in Korean (default), English and Simplified Chinese, and language-aware
//! formatting of dates and numbers.
//!
//! Every string is one `Key`; the `strings!` table requires all three languages for each
//! key, so a missing translation is a compile error, not a blank on screen. Texts that come
//! from the server (stage labels, field labels, actions) are already in the requested
//! language and are not in this table.

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
pub use lottrace_core::lang::Lang;

macro_rules! strings {
    ($($key:ident { ko: $ko:expr, en: $en:expr, zh: $zh:expr $(,)? })*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Key::$key => match lang {
                        Lang::Ko => $ko,
                        Lang::En => $en,
                        Lang::Zh => $zh,
                    },)*
                }
            }
        }
    };
}

strings! {
    Tagline { ko: "수산물 이력 조회", en: "Seafood traceability", zh: "水产品追溯" }
    SkipToContent { ko: "본문으로 건너뛰기", en: "Skip to content", zh: "跳到正文" }
    HomeLink { ko: "Lottrace 처음 화면", en: "Lottrace home", zh: "Lottrace 首页" }
    LanguageNav { ko: "언어", en: "Language", zh: "语言" }
    Footer {
        ko: "이력 정보는 각 업체가 기록하고 공개한 내용입니다.",
        en: "Records are entered and published by each business in the chain.",
        zh: "追溯记录由链条上的各企业录入并公开。",
    }

    // Home
    HomeTitle { ko: "이 수산물은 어디에서 왔을까요?", en: "Where does this seafood come from?", zh: "这份水产品从哪里来？" }
    HomeIntro {
        ko: "포장 라벨의 QR 코드나 바코드를 스캔하면 치어부터 매장까지의 이력을 볼 수 있습니다.",
        en: "Scan the QR code or barcode on the pack label to see its history, from fry to store.",
        zh: "扫描包装标签上的二维码或条形码，即可查看从鱼苗到门店的全部记录。",
    }
    ScanAction { ko: "라벨 스캔하기", en: "Scan a label", zh: "扫描标签" }
    TypeHeading { ko: "번호로 찾기", en: "Enter the number", zh: "输入号码" }

    // Typed entry
    CodeLabel { ko: "라벨의 번호", en: "Code on the label", zh: "标签上的号码" }
    CodeHint {
        ko: "바코드 아래의 숫자, 13자리 이력번호 또는 Digital Link 주소",
        en: "The number under the barcode, the 13-digit lot number, or a Digital Link address",
        zh: "条形码下方的数字、13位批次号或 Digital Link 网址",
    }
    ShowTrace { ko: "이력 보기", en: "Show trace", zh: "查看追溯" }
    CodeEmpty { ko: "라벨의 번호를 입력하세요.", en: "Enter the code printed on the label.", zh: "请输入标签上的号码。" }
    CodeInvalid {
        ko: "올바른 번호가 아닙니다. 라벨의 번호를 다시 확인해 주세요.",
        en: "This is not a valid code. Check the number on the label.",
        zh: "号码无效，请核对标签上的号码。",
    }

    // Trace page
    TraceTitle { ko: "이력 정보", en: "Trace", zh: "追溯信息" }
    Loading { ko: "이력을 불러오는 중…", en: "Loading the history…", zh: "正在加载追溯信息…" }
    UnknownTitle { ko: "등록되지 않은 번호입니다", en: "Unknown code", zh: "未找到该号码" }
    UnknownText {
        ko: "이 번호의 이력을 찾을 수 없습니다. 라벨의 번호를 확인하고 다시 입력해 보세요.",
        en: "There are no records for this code. Check the number on the label and try again.",
        zh: "找不到该号码的追溯记录。请核对标签上的号码后重试。",
    }
    InvalidTitle { ko: "올바르지 않은 번호입니다", en: "Invalid code", zh: "号码无效" }
    ErrorTitle { ko: "이력을 불러오지 못했습니다", en: "Could not load the history", zh: "无法加载追溯信息" }
    ErrorNetwork {
        ko: "인터넷 연결을 확인한 후 다시 시도해 주세요.",
        en: "Check your connection and try again.",
        zh: "请检查网络连接后重试。",
    }
    ErrorServer {
        ko: "서버에 문제가 있습니다. 잠시 후 다시 시도해 주세요.",
        en: "The server had a problem. Please try again in a moment.",
        zh: "服务器出现问题，请稍后重试。",
    }
    Retry { ko: "다시 시도", en: "Retry", zh: "重试" }
    Gtin { ko: "상품코드 (GTIN)", en: "Product code (GTIN)", zh: "商品条码 (GTIN)" }
    LotNo { ko: "로트 번호", en: "Lot", zh: "批次号" }
    Lot13 { ko: "이력번호 (13자리)", en: "Lot number (13 digits)", zh: "追溯号 (13位)" }
    Sscc { ko: "물류단위 (SSCC)", en: "Logistic unit (SSCC)", zh: "物流单元 (SSCC)" }
    ElementString { ko: "GS1 코드", en: "GS1 code", zh: "GS1 编码" }
    RecallTitle { ko: "회수 중인 제품입니다", en: "This product is being recalled", zh: "该产品正在召回" }
    RecallAdvice {
        ko: "드시지 마시고 구입한 매장이나 아래 업체에 문의하세요.",
        en: "Do not eat it. Return it to the store or contact the businesses below.",
        zh: "请勿食用，请联系购买门店或下列企业。",
    }
    RecallDeclared { ko: "회수 발표", en: "Recall declared", zh: "召回发布时间" }
    Reason { ko: "사유", en: "Reason", zh: "原因" }
    Timeline { ko: "양식장에서 매장까지의 이력", en: "History, farm to shelf", zh: "从养殖场到货架的记录" }
    NoStages { ko: "공개된 이력이 아직 없습니다.", en: "No public records yet.", zh: "暂无公开记录。" }
    Time { ko: "일시", en: "Time", zh: "时间" }
    Business { ko: "업체", en: "Business", zh: "企业" }
    Place { ko: "장소", en: "Place", zh: "地点" }
    Corrected { ko: "정정된 기록", en: "Corrected record", zh: "已更正的记录" }
    CorrectedOn { ko: "정정 일시", en: "Corrected on", zh: "更正时间" }
    Genealogy { ko: "원료 로트 (혼합·분할)", en: "Where this lot came from", zh: "批次来源（合并与拆分）" }
    GenealogyIntro {
        ko: "이 로트는 다음 로트들로 만들어졌습니다.",
        en: "This lot was made from these lots.",
        zh: "本批次由以下批次组成。",
    }
    NoAncestors {
        ko: "이 로트는 다른 로트와 혼합되거나 분할되지 않았습니다.",
        en: "This lot was not merged with or split from other lots.",
        zh: "本批次未与其他批次合并或拆分。",
    }
    Stage { ko: "단계", en: "Stage", zh: "环节" }
    Share { ko: "비율", en: "Share", zh: "占比" }
    ShareUnknown { ko: "기록 없음", en: "not recorded", zh: "未记录" }
    Descendants { ko: "이 로트로 만든 로트", en: "Lots made from this one", zh: "由本批次制成的批次" }
    Businesses { ko: "관련 업체 및 연락처", en: "Businesses and contact", zh: "相关企业及联系方式" }
    NoBusinesses { ko: "공개된 연락처가 없습니다.", en: "No contact details published.", zh: "未公布联系方式。" }
    Phone { ko: "전화", en: "Phone", zh: "电话" }
    Email { ko: "이메일", en: "Email", zh: "电子邮件" }
    Address { ko: "주소", en: "Address", zh: "地址" }
    Role { ko: "역할", en: "Role", zh: "角色" }

    // Scan
    ScanTitle { ko: "라벨 스캔", en: "Scan a label", zh: "扫描标签" }
    ScanIntro {
        ko: "라벨의 QR 코드나 바코드가 잘 보이는 사진을 찍거나 골라 주세요.",
        en: "Take or choose a photo in which the label's QR code or barcode is clearly visible.",
        zh: "请拍摄或选择一张能清楚看到标签二维码或条形码的照片。",
    }
    UploadPhoto { ko: "사진 올리기", en: "Upload photo", zh: "上传照片" }
    Decoding { ko: "사진에서 코드를 읽는 중…", en: "Reading the code in the photo…", zh: "正在识别照片中的编码…" }
    NoCodeFound {
        ko: "사진에서 코드를 찾지 못했습니다. 라벨이 크고 선명하게 나온 사진으로 다시 시도해 주세요.",
        en: "No code found in this photo. Try another photo with the label larger and in focus.",
        zh: "照片中未找到编码。请换一张标签更大、更清晰的照片。",
    }
    ImageUnreadable {
        ko: "이 이미지를 열 수 없습니다. 다른 사진을 골라 주세요.",
        en: "This image could not be opened. Choose another photo.",
        zh: "无法打开此图片，请选择其他照片。",
    }
    ScannerFailed {
        ko: "스캐너를 시작하지 못했습니다. 페이지를 새로 고치거나 번호를 직접 입력해 주세요.",
        en: "The scanner could not start. Reload the page or type the number instead.",
        zh: "扫描器无法启动。请刷新页面或直接输入号码。",
    }
    ExternalTitle { ko: "다른 웹사이트의 코드입니다", en: "This code points to another website", zh: "该编码指向其他网站" }
    ExternalText {
        ko: "Lottrace 이력 페이지가 아닙니다. 열기 전에 주소를 확인하세요.",
        en: "It is not a Lottrace trace page. Check the address before you open it.",
        zh: "这不是 Lottrace 追溯页面。打开前请确认网址。",
    }
    Website { ko: "웹사이트", en: "Website", zh: "网站" }
    Open { ko: "열기", en: "Open", zh: "打开" }
    TextTitle { ko: "코드 내용", en: "Code content", zh: "编码内容" }
    TextText {
        ko: "이 코드는 이력 조회용 번호가 아닙니다.",
        en: "This code is not a trace code.",
        zh: "该编码不是追溯码。",
    }
    OrType { ko: "번호 직접 입력", en: "Or type the number", zh: "或手动输入号码" }

    // Fallback route
    PageNotFound { ko: "페이지를 찾을 수 없습니다", en: "Page not found", zh: "页面不存在" }
    PageNotFoundText {
        ko: "주소를 확인하거나 처음 화면으로 돌아가세요.",
        en: "Check the address, or go back to the start.",
        zh: "请检查网址或返回首页。",
    }
    BackHome { ko: "처음 화면으로", en: "Back to the start", zh: "返回首页" }
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
    format!("{path}?lang={}", lang.code())
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
    let (y, mo, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    match lang {
        Lang::Ko => format!("{y}년 {mo}월 {d}일 {h:02}:{mi:02}"),
        Lang::Zh => format!("{y}年{mo}月{d}日 {h:02}:{mi:02}"),
        Lang::En => {
            let m = MONTHS_EN.get(mo as usize - 1).copied().unwrap_or("");
            format!("{d} {m} {y}, {h:02}:{mi:02}")
        }
    }
}

/// The browser's current UTC offset in seconds (JS gives minutes, with the opposite sign).
fn viewer_offset_seconds() -> i32 {
    let minutes = js_sys::Date::new_0().get_timezone_offset();
    -(minutes as i32) * 60
}

/// A 0–1 share as a percentage: whole numbers, one decimal below 10 % so small
/// contributions do not read as 0 %.
pub fn format_share(share: f64) -> String {
    if !share.is_finite() {
        return String::new();
    }
    let pct = (share * 100.0).clamp(0.0, 100.0);
    if pct > 0.0 && pct < 10.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

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
    fn shares() {
        assert_eq!(format_share(0.5), "50%");
        assert_eq!(format_share(0.0512), "5.1%");
        assert_eq!(format_share(1.0), "100%");
        assert_eq!(format_share(f64::NAN), "");
    }
}
