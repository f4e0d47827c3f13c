//! UI strings in Korean (default), English and Simplified Chinese, and language-aware
//! formatting of dates and numbers.
//!
//! Every string is one `Key`; the `strings!` table requires all three languages for each
//! key, so a missing translation is a compile error, not a blank on screen. Strings only
//! one app shows sit in that app's block (`app register_… { … }`), linked into that app
//! alone. Texts that come from the server (stage labels, field labels, actions) are
//! already in the requested language and are not in this table.

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

strings! {
    SkipToContent { ko: "본문으로 건너뛰기", en: "Skip to content", zh: "跳到正文" }
    HomeLink { ko: "Lottrace 처음 화면", en: "Lottrace home", zh: "Lottrace 首页" }
    LanguageNav { ko: "언어", en: "Language", zh: "语言" }
    Footer {
        ko: "이력 정보는 각 업체가 기록하고 공개한 내용입니다.",
        en: "Records are entered and published by each business in the chain.",
        zh: "追溯记录由链条上的各企业录入并公开。",
    }

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

    // Code kinds (trace page header, kiosk keypad, staff labels)
    Gtin { ko: "상품코드 (GTIN)", en: "Product code (GTIN)", zh: "商品条码 (GTIN)" }
    Lot13 { ko: "이력번호 (13자리)", en: "Lot number (13 digits)", zh: "追溯号 (13位)" }
    Sscc { ko: "물류단위 (SSCC)", en: "Logistic unit (SSCC)", zh: "物流单元 (SSCC)" }

    // Scan (the camera's and photo's words the kiosk and the staff lot picker show too)
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

    // Scan: camera
    CameraPreview { ko: "카메라 화면", en: "Camera preview", zh: "摄像头画面" }
    CameraHint {
        ko: "라벨의 QR 코드나 바코드를 네모 칸 안에 맞춰 주세요.",
        en: "Hold the label's QR code or barcode inside the frame.",
        zh: "请将标签上的二维码或条形码对准取景框。",
    }
    CameraStarting { ko: "카메라를 켜는 중…", en: "Starting the camera…", zh: "正在打开摄像头…" }
    CameraUnavailable { ko: "카메라를 쓸 수 없습니다", en: "The camera is not available", zh: "无法使用摄像头" }
    CameraInsecure {
        ko: "보안 연결(https)이 아닌 페이지에서는 카메라를 쓸 수 없습니다. https 주소로 다시 열거나, 아래에서 사진을 올리거나 번호를 입력하세요.",
        en: "The camera only works on a secure (https) page. Open this page over https, or upload a photo or type the number below.",
        zh: "非安全连接（https）的页面无法使用摄像头。请通过 https 重新打开本页，或在下方上传照片、输入号码。",
    }
    CameraDenied {
        ko: "카메라 사용이 허용되지 않았습니다. 브라우저의 사이트 설정에서 카메라를 허용한 뒤 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.",
        en: "Camera access was not allowed. Allow the camera in your browser's site settings and try again, or upload a photo or type the number below.",
        zh: "未获准使用摄像头。请在浏览器的网站设置中允许使用摄像头后重试，或在下方上传照片、输入号码。",
    }
    CameraNone {
        ko: "이 기기에서 카메라를 찾지 못했습니다. 아래에서 사진을 올리거나 번호를 입력하세요.",
        en: "No camera was found on this device. Upload a photo or type the number below.",
        zh: "此设备上未找到摄像头。请在下方上传照片或输入号码。",
    }
    CameraInUse {
        ko: "다른 앱이 카메라를 쓰고 있습니다. 그 앱을 닫고 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.",
        en: "Another app is using the camera. Close that app and try again, or upload a photo or type the number below.",
        zh: "摄像头正被其他应用占用。请关闭该应用后重试，或在下方上传照片、输入号码。",
    }
    CameraFailed {
        ko: "카메라를 시작하지 못했습니다. 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.",
        en: "The camera could not start. Try again, or upload a photo or type the number below.",
        zh: "摄像头无法启动。请重试，或在下方上传照片、输入号码。",
    }
    ProductTitle { ko: "상품 바코드입니다", en: "This is the product barcode", zh: "这是商品条码" }
    ProductText {
        ko: "이 바코드는 상품의 종류만 알려 줍니다. 이 포장의 이력을 보려면 라벨의 QR 코드나 13자리 이력번호를 스캔하세요.",
        en: "It names the product, not this pack's lot. To see the history, scan the label's QR code or the 13-digit lot number.",
        zh: "该条码只标识商品种类，不标识本包装的批次。要查看追溯信息，请扫描标签上的二维码或13位追溯号。",
    }

    // Typed entry: why a code is not valid (from the codes module's error codes)
    ErrCheckDigit {
        ko: "마지막 자리(검증 번호)가 맞지 않습니다. 라벨의 번호를 다시 확인해 주세요.",
        en: "The last digit (check digit) does not match. Check the number on the label.",
        zh: "最后一位（校验位）不正确，请核对标签上的号码。",
    }
    ErrLength {
        ko: "자릿수가 맞지 않습니다. 상품코드는 8·12·13·14자리, 이력번호는 13자리입니다.",
        en: "Wrong number of digits: product codes have 8, 12, 13 or 14 digits, lot numbers 13.",
        zh: "位数不正确：商品条码为 8、12、13 或 14 位，追溯号为 13 位。",
    }
    ErrCharset {
        ko: "쓸 수 없는 문자가 들어 있습니다.",
        en: "It contains characters that are not allowed here.",
        zh: "含有不允许使用的字符。",
    }
    ErrDate {
        ko: "번호 속 날짜가 올바르지 않습니다.",
        en: "The date in this code is not a valid date.",
        zh: "编码中的日期无效。",
    }
    ErrFormat {
        ko: "알 수 없는 형식입니다. 바코드 아래의 숫자나 13자리 이력번호를 입력하세요.",
        en: "This is not a code format we know. Enter the number under the barcode or the 13-digit lot number.",
        zh: "无法识别的格式。请输入条形码下方的数字或13位追溯号。",
    }
    ErrUrl {
        ko: "올바른 GS1 Digital Link 주소가 아닙니다.",
        en: "This is not a valid GS1 Digital Link address.",
        zh: "不是有效的 GS1 Digital Link 网址。",
    }
    ErrGs1 {
        ko: "GS1 데이터(AI)의 형식이 올바르지 않습니다.",
        en: "The GS1 data (application identifiers) in this code is not valid.",
        zh: "编码中的 GS1 数据（应用标识符）无效。",
    }
    ErrTooLong { ko: "코드라고 하기에는 너무 깁니다.", en: "This is too long to be a code.", zh: "内容过长，不是有效编码。" }

    // Fallback route
    PageNotFound { ko: "페이지를 찾을 수 없습니다", en: "Page not found", zh: "页面不存在" }
    PageNotFoundText {
        ko: "주소를 확인하거나 처음 화면으로 돌아가세요.",
        en: "Check the address, or go back to the start.",
        zh: "请检查网址或返回首页。",
    }
    BackHome { ko: "처음 화면으로", en: "Back to the start", zh: "返回首页" }

    /// The trace page's and the home page's words: the shopper app and the kiosk (which
    /// shows the same trace page) register them at start; the scan and staff apps do not
    /// link them.
    app register_trace_strings {
    Tagline { ko: "수산물 이력 조회", en: "Seafood traceability", zh: "水产品追溯" }
    HomeTitle { ko: "이 수산물은 어디에서 왔을까요?", en: "Where does this seafood come from?", zh: "这份水产品从哪里来？" }
    HomeIntro {
        ko: "포장 라벨의 QR 코드나 바코드를 스캔하면 치어부터 매장까지의 이력을 볼 수 있습니다.",
        en: "Scan the QR code or barcode on the pack label to see its history, from fry to store.",
        zh: "扫描包装标签上的二维码或条形码，即可查看从鱼苗到门店的全部记录。",
    }
    ScanAction { ko: "라벨 스캔하기", en: "Scan a label", zh: "扫描标签" }
    TypeHeading { ko: "번호로 찾기", en: "Enter the number", zh: "输入号码" }
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
    LotNo { ko: "로트 번호", en: "Lot", zh: "批次号" }
    ElementString { ko: "GS1 코드", en: "GS1 code", zh: "GS1 编码" }
    RecallTitle { ko: "회수 중인 제품입니다", en: "This product is being recalled", zh: "该产品正在召回" }
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
    ShareUnknown { ko: "기록 없음", en: "not recorded", zh: "未记录" }
    Descendants { ko: "이 로트로 만든 로트", en: "Lots made from this one", zh: "由本批次制成的批次" }
    Businesses { ko: "관련 업체 및 연락처", en: "Businesses and contact", zh: "相关企业及联系方式" }
    NoBusinesses { ko: "공개된 연락처가 없습니다.", en: "No contact details published.", zh: "未公布联系方式。" }
    Phone { ko: "전화", en: "Phone", zh: "电话" }
    Email { ko: "이메일", en: "Email", zh: "电子邮件" }
    Address { ko: "주소", en: "Address", zh: "地址" }
    Role { ko: "역할", en: "Role", zh: "角色" }
    OfflineTitle {
        ko: "{date}에 저장한 사본 — 지금은 오프라인입니다",
        en: "Saved copy from {date} — you are offline",
        zh: "{date} 保存的副本 — 您当前处于离线状态",
    }
    OfflineText {
        ko: "인터넷에 연결할 수 없어 이 기기에 저장해 둔 이력을 보여 드립니다. 그 뒤에 바뀐 내용(회수 등)은 빠져 있을 수 있습니다.",
        en: "There is no connection, so this is the history as saved on this device. Anything that changed since (such as a recall) may be missing.",
        zh: "无法连接网络，以下是保存在本设备上的记录。此后的变化（如召回）可能未包含在内。",
    }
    RefreshingTitle {
        ko: "{date}에 이 기기에 저장한 사본 — 최신 정보를 불러오는 중",
        en: "Copy saved on this device on {date} — loading the latest",
        zh: "{date} 保存在本设备上的副本 — 正在加载最新信息",
    }
    Species { ko: "어종", en: "Species", zh: "品种" }
    SpeciesOliveFlounder { ko: "넙치", en: "Olive flounder", zh: "牙鲆" }
    FaoCode { ko: "FAO 코드", en: "FAO code", zh: "FAO 代码" }
    Production { ko: "생산 방법", en: "Production", zh: "生产方式" }
    Origin { ko: "원산지", en: "Origin", zh: "原产地" }
    PackedOn { ko: "포장일", en: "Packed", zh: "包装日期" }
    ExpiresOn { ko: "소비기한", en: "Use by", zh: "保质期至" }
    LotMeaningTitle { ko: "이 번호는 무엇인가요?", en: "What does this number mean?", zh: "这个号码是什么意思？" }
    LotMeaningGs1 {
        ko: "상품코드(GTIN) {gtin} + 로트 번호 {lot}: 이 두 번호를 합쳐 이 제품의 로트를 식별합니다.",
        en: "The product code (GTIN) {gtin} together with the lot number {lot} identifies this lot.",
        zh: "商品条码（GTIN）{gtin} 加批次号 {lot}，共同标识本产品的批次。",
    }
    LotMeaning13 {
        ko: "13자리 이력번호: 어종 코드 {species}, 가공장 {plant}, 제품 {product}, 가공일(월일) {mmdd}, 일련번호 {serial}.",
        en: "The 13-digit lot number reads: species code {species}, plant {plant}, product {product}, processing date (MMDD) {mmdd}, serial {serial}.",
        zh: "13位追溯号：物种代码 {species}，加工厂 {plant}，产品 {product}，加工日期（月日）{mmdd}，序号 {serial}。",
    }
    LotMeaningSscc {
        ko: "SSCC는 상자나 팔레트 같은 물류 단위의 번호입니다.",
        en: "The SSCC numbers a logistic unit such as a case or a pallet.",
        zh: "SSCC 是箱、托盘等物流单元的编号。",
    }
    LotMeaningUnit {
        ko: "로트는 기록이 남는 가장 작은 단위입니다. 같은 로트의 제품은 같은 원료로 함께 만들어졌고, 각 업체는 로트마다 어디에서 받아 어디로 보냈는지 기록합니다.",
        en: "A lot is the smallest quantity with its own records: the packs of one lot were made together from the same fish, and every business records where each lot came from and where it went.",
        zh: "批次是有记录的最小单位：同一批次的产品由同一批原料一起制成，各企业都记录每个批次的来源和去向。",
    }
    TraceReach {
        ko: "이 번호로 {stage}까지 거슬러 올라가 확인할 수 있습니다: 업체 {businesses}곳, 앞선 로트 {lots}개.",
        en: "With this number the history reaches back to {stage}: {businesses} businesses, {lots} earlier lots.",
        zh: "凭此号码可追溯至{stage}：共 {businesses} 家企业、{lots} 个上游批次。",
    }
    Checks { ko: "기록 점검 결과", en: "Record checks", zh: "记录核查结果" }
    ChecksHint {
        ko: "각 업체가 남긴 기록을 서로 자동으로 대조한 결과입니다. 항목을 누르면 설명을 볼 수 있습니다.",
        en: "Automatic checks of the businesses' records against each other. Tap a check to read what it means.",
        zh: "对各企业记录的自动相互核对。点击各项可查看说明。",
    }
    AuditsAllPassed { ko: "점검 {total}개 모두 통과", en: "All {total} checks passed", zh: "全部 {total} 项核查均通过" }
    AuditsSomeFailed {
        ko: "점검 {failed}개 불합격 — 아래 설명을 확인하세요",
        en: "{failed} check(s) failed — see the explanation below",
        zh: "{failed} 项核查未通过 — 请看下方说明",
    }
    AuditsSomeWarn {
        ko: "점검 {total}개 중 {passed}개 통과, 나머지는 확인이 필요합니다",
        en: "{passed} of {total} checks passed; the rest need attention",
        zh: "{total} 项中 {passed} 项通过，其余需注意",
    }
    OutcomePass { ko: "통과", en: "Passed", zh: "通过" }
    OutcomeWarn { ko: "확인 필요", en: "Needs attention", zh: "需注意" }
    OutcomeFail { ko: "불합격", en: "Failed", zh: "未通过" }
    OutcomeNa { ko: "해당 없음", en: "Not applicable", zh: "不适用" }
    CorrectedNote {
        ko: "이 기록은 나중에 잘못된 것으로 정정되었습니다. 원래 기록도 지우지 않고 줄을 그어 보여 드립니다.",
        en: "This record was later declared wrong. It is kept, crossed out, next to its correction.",
        zh: "此记录后来被声明有误。原记录予以保留，以删除线显示。",
    }
    SeeCorrection { ko: "정정한 기록 보기", en: "See the correction", zh: "查看更正记录" }
    CorrectionOf { ko: "앞선 기록을 정정한 기록", en: "Correction of an earlier record", zh: "对先前记录的更正" }
    GenealogyTap {
        ko: "로트를 누르면 이력에서 그 로트의 기록으로 이동합니다.",
        en: "Tap a lot to jump to its records in the history.",
        zh: "点击批次可跳转到其在记录中的位置。",
    }
    ThisPack { ko: "이 제품", en: "This pack", zh: "本产品" }
    ShareOfPack { ko: "이 제품의 {pct}", en: "{pct} of this pack", zh: "占本产品 {pct}" }
    FarmsSummary { ko: "양식장 {n}곳에서 온 물고기입니다:", en: "Fish from {n} farm(s):", zh: "鱼来自 {n} 个养殖场：" }
    DescendantsSummary {
        ko: "이 로트로 만든 로트 {n}개가 업체 {m}곳으로 갔습니다.",
        en: "{n} lots made from this one went to {m} businesses.",
        zh: "由本批次制成的 {n} 个批次流向了 {m} 家企业。",
    }
    ShareAction { ko: "공유하기", en: "Share", zh: "分享" }
    CopyLink { ko: "링크 복사", en: "Copy link", zh: "复制链接" }
    LinkCopied { ko: "링크를 복사했습니다.", en: "Link copied.", zh: "链接已复制。" }
    CopyManually { ko: "이 링크를 복사하세요:", en: "Copy this link:", zh: "请复制此链接：" }
    RecallDontEat { ko: "드시지 마세요.", en: "Do not eat it.", zh: "请勿食用。" }
    RecallReturn {
        ko: "구입한 매장에 반품하세요.",
        en: "Return it to the store where you bought it.",
        zh: "请退回购买的门店。",
    }
    RecallContact { ko: "궁금한 점은 업체에 문의하세요:", en: "Questions? Contact the businesses:", zh: "如有疑问，请联系相关企业：" }
    RecallContactLink { ko: "연락처 보기", en: "see contacts", zh: "查看联系方式" }
    RecallId { ko: "회수 번호", en: "Recall number", zh: "召回编号" }
    ColdChain { ko: "보관·운송 온도", en: "Cold chain", zh: "冷链温度" }
    Limit { ko: "허용 한계", en: "Limit", zh: "上限" }
    AboveLimit { ko: "한계 초과", en: "Above limit", zh: "超出上限" }
    ColdSummary {
        ko: "{start}부터 {end}까지 {n}회 측정: 최저 {min}, 최고 {max}, 허용 한계 {limit}.",
        en: "{n} readings from {start} to {end}: lowest {min}, highest {max}, limit {limit}.",
        zh: "{start}至{end}共测量 {n} 次：最低 {min}，最高 {max}，上限 {limit}。",
    }
    ColdNoExcursion {
        ko: "모든 측정값이 허용 한계 이내였습니다.",
        en: "Every reading stayed within the limit.",
        zh: "所有读数均在上限以内。",
    }
    ColdExcursions { ko: "허용 한계를 {n}번 넘었습니다:", en: "Above the limit {n} time(s):", zh: "超出上限 {n} 次：" }
    ColdExcursionItem { ko: "{from} – {to}, 최고 {max}", en: "{from} – {to}, up to {max}", zh: "{from} – {to}，最高 {max}" }
    ReadingsTable { ko: "측정값 전체 보기 (표)", en: "All readings (table)", zh: "全部读数（表格）" }
    Temperature { ko: "온도", en: "Temperature", zh: "温度" }
    Status { ko: "상태", en: "Status", zh: "状态" }
    }

    /// The scan app's words (`src/bin/scan.rs` registers them at start).
    app register_scan_strings {
    ScanTitle { ko: "라벨 스캔", en: "Scan a label", zh: "扫描标签" }
    ScanIntro {
        ko: "라벨의 QR 코드나 바코드가 잘 보이는 사진을 찍거나 골라 주세요.",
        en: "Take or choose a photo in which the label's QR code or barcode is clearly visible.",
        zh: "请拍摄或选择一张能清楚看到标签二维码或条形码的照片。",
    }
    OrType { ko: "번호 직접 입력", en: "Or type the number", zh: "或手动输入号码" }
    SwitchCamera { ko: "카메라 전환", en: "Switch camera", zh: "切换摄像头" }
    Torch { ko: "조명", en: "Light", zh: "补光灯" }
    CameraRetry { ko: "카메라 다시 켜기", en: "Try the camera again", zh: "重新打开摄像头" }
    CodeFound { ko: "코드를 읽었습니다", en: "Code found", zh: "已识别编码" }
    OpeningTrace { ko: "이력 페이지를 여는 중…", en: "Opening the trace page…", zh: "正在打开追溯页面…" }
    ScanAgain { ko: "다시 스캔하기", en: "Scan again", zh: "重新扫描" }
    }

    /// The staff app's words (`src/bin/staff.rs` registers them at start).
    app register_staff_strings {
    // Staff (offline capture)
    StaffNav { ko: "직원용", en: "Staff", zh: "员工" }
    StaffHome { ko: "직원 홈", en: "Staff home", zh: "员工首页" }
    StaffOutbox { ko: "보낼 기록", en: "Outbox", zh: "待发送记录" }
    StaffSettings { ko: "설정", en: "Settings", zh: "设置" }
    StaffSignInTitle { ko: "직원 로그인", en: "Staff sign-in", zh: "员工登录" }
    StaffSignInIntro {
        ko: "한 번 로그인하면 인터넷이 끊겨도 이 기기에서 계속 기록할 수 있습니다.",
        en: "Sign in once; you can then keep recording on this device without a connection.",
        zh: "登录一次后，即使没有网络也可以在本设备上继续记录。",
    }
    StaffUsername { ko: "아이디", en: "Username", zh: "用户名" }
    StaffPassword { ko: "비밀번호", en: "Password", zh: "密码" }
    StaffSignIn { ko: "로그인", en: "Sign in", zh: "登录" }
    StaffSigningIn { ko: "로그인 중…", en: "Signing in…", zh: "正在登录…" }
    StaffWrongPassword { ko: "아이디 또는 비밀번호가 틀렸습니다.", en: "Wrong username or password.", zh: "用户名或密码错误。" }
    StaffTooMany {
        ko: "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요.",
        en: "Too many attempts. Wait a moment and try again.",
        zh: "尝试次数过多，请稍后再试。",
    }
    StaffSignInOffline {
        ko: "로그인하려면 인터넷 연결이 필요합니다.",
        en: "Signing in needs a connection.",
        zh: "登录需要网络连接。",
    }
    StaffSignInFailed { ko: "로그인하지 못했습니다. 다시 시도하세요.", en: "Could not sign in. Try again.", zh: "无法登录，请重试。" }
    StaffSignInAgain {
        ko: "로그인이 만료되었습니다. 다시 로그인하면 남은 기록을 보냅니다. 기록은 그대로 있습니다.",
        en: "Your sign-in has expired. Sign in again to send the waiting records; nothing is lost.",
        zh: "登录已过期。重新登录即可发送待发送的记录，记录不会丢失。",
    }
    StaffSignOut { ko: "로그아웃", en: "Sign out", zh: "退出登录" }
    StaffSignOutRefused {
        ko: "보내지 않은 기록이 있어 로그아웃할 수 없습니다. 먼저 보내거나, 거부된 기록을 정리하세요.",
        en: "You cannot sign out while records are unsent. Send them first, or correct or discard refused ones.",
        zh: "还有未发送的记录，无法退出。请先发送，或更正/丢弃被拒绝的记录。",
    }
    StaffSyncStatus { ko: "전송 상태", en: "Sync status", zh: "同步状态" }
    StaffWaiting { ko: "건 전송 대기", en: "waiting to send", zh: "条待发送" }
    StaffRejectedCount { ko: "건 거부됨", en: "refused by the server", zh: "条被服务器拒绝" }
    StaffAllSent { ko: "모든 기록을 보냈습니다", en: "All records sent", zh: "所有记录已发送" }
    StaffSyncNow { ko: "지금 보내기", en: "Sync now", zh: "立即同步" }
    StaffSyncing { ko: "보내는 중…", en: "Sending…", zh: "正在发送…" }
    StaffLastSync { ko: "마지막 전송", en: "Last sync", zh: "上次同步" }
    StaffNever { ko: "없음", en: "never", zh: "从未" }
    StaffOffline {
        ko: "오프라인입니다. 기록은 이 기기에 저장되고 연결되면 전송됩니다.",
        en: "Offline. Records are kept on this device and sent when the connection returns.",
        zh: "离线。记录保存在本设备上，联网后自动发送。",
    }
    StaffNetworkProblem {
        ko: "서버에 연결하지 못했습니다. 자동으로 다시 시도합니다.",
        en: "Could not reach the server. Trying again automatically.",
        zh: "无法连接服务器，将自动重试。",
    }
    StaffStorageFailed {
        ko: "이 기기에 저장할 수 없습니다. 개인 정보 보호 모드를 끄고 다시 여세요.",
        en: "This device cannot store records. Leave private browsing and open the app again.",
        zh: "本设备无法保存记录。请退出隐私浏览模式后重新打开。",
    }
    StaffQuickActions { ko: "기록하기", en: "Record", zh: "记录" }
    StaffDrafts { ko: "작성 중인 기록", en: "Continue a draft", zh: "继续填写草稿" }
    StaffRecentLots { ko: "최근 로트", en: "Recent lots", zh: "最近的批次" }
    StaffNoRecentLots { ko: "이 기기에서 기록한 로트가 아직 없습니다.", en: "No lots recorded on this device yet.", zh: "本设备尚未记录批次。" }
    StaffNoForms { ko: "이 역할은 기록을 입력하지 않습니다.", en: "Your role does not record events.", zh: "您的角色不录入记录。" }
    StaffPrintLabel { ko: "라벨 인쇄", en: "Print label", zh: "打印标签" }
    StaffViewTrace { ko: "이력", en: "Trace", zh: "追溯" }
    StaffWhen { ko: "일시", en: "Date and time", zh: "日期和时间" }
    StaffWhere { ko: "장소 (GLN)", en: "Place (GLN)", zh: "地点 (GLN)" }
    StaffSupplier { ko: "보낸 곳 (GLN)", en: "Supplier (GLN)", zh: "供货方 (GLN)" }
    StaffRecipient { ko: "받는 곳 (GLN)", en: "Recipient (GLN)", zh: "收货方 (GLN)" }
    StaffLots { ko: "로트", en: "Lots", zh: "批次" }
    StaffLotsUsed { ko: "원료 로트", en: "Lots used", zh: "投入批次" }
    StaffNewLots { ko: "새 로트", en: "New lots", zh: "新批次" }
    StaffLotCode { ko: "로트 번호", en: "Lot code", zh: "批次号" }
    StaffKg { ko: "중량 (kg)", en: "Weight (kg)", zh: "重量 (千克)" }
    StaffAddLot { ko: "로트 추가", en: "Add a lot", zh: "添加批次" }
    StaffRemoveLot { ko: "삭제", en: "Remove", zh: "删除" }
    StaffScanLot { ko: "스캔·선택", en: "Scan or pick", zh: "扫描或选择" }
    StaffProduct { ko: "제품", en: "Product", zh: "产品" }
    StaffTemperatures { ko: "온도 (°C)", en: "Temperatures (°C)", zh: "温度 (°C)" }
    StaffTemperaturesHint {
        ko: "여러 값은 쉼표로 구분하세요. 예: 11.8, 12.1",
        en: "Separate readings with commas, e.g. 11.8, 12.1",
        zh: "多个读数用逗号分隔，例如 11.8, 12.1",
    }
    StaffTemperaturesInvalid {
        ko: "온도는 -60에서 60 사이의 숫자로 입력하세요.",
        en: "Enter temperatures as numbers from -60 to 60.",
        zh: "请输入 -60 至 60 之间的温度数值。",
    }
    StaffSubmit { ko: "보낼 기록에 저장", en: "Save to outbox", zh: "保存到待发送" }
    StaffDiscardDraft { ko: "작성 취소", en: "Discard draft", zh: "放弃草稿" }
    StaffDraftSaved { ko: "이 기기에 자동 저장됨", en: "Draft saved on this device", zh: "草稿已自动保存在本设备" }
    StaffMassWarning {
        ko: "투입보다 산출 중량이 많습니다. 중량을 확인하세요 (저장은 가능합니다).",
        en: "More kilograms out than in. Check the weights (you can still save).",
        zh: "产出重量多于投入重量，请核对重量（仍可保存）。",
    }
    StaffKgIn { ko: "투입", en: "in", zh: "投入" }
    StaffKgOut { ko: "산출", en: "out", zh: "产出" }
    StaffFixProblems { ko: "표시된 항목을 확인하세요.", en: "Check the marked fields.", zh: "请检查标出的项目。" }
    StaffSaved {
        ko: "보낼 기록에 저장했습니다. 연결되면 전송됩니다.",
        en: "Saved to the outbox. It is sent when there is a connection.",
        zh: "已保存到待发送，联网后发送。",
    }
    StaffRecordAnother { ko: "하나 더 기록", en: "Record another", zh: "再记录一条" }
    StaffBackHome { ko: "직원 홈으로", en: "Back to staff home", zh: "返回员工首页" }
    StaffYes { ko: "예", en: "Yes", zh: "是" }
    StaffNo { ko: "아니오", en: "No", zh: "否" }
    StaffChoose { ko: "선택하세요", en: "Choose…", zh: "请选择…" }
    StaffRequiredMark { ko: "필수", en: "required", zh: "必填" }
    StaffRequired { ko: "필수 항목입니다.", en: "This field is required.", zh: "此项为必填项。" }
    StaffTimeInvalid { ko: "일시를 입력하세요.", en: "Enter the date and time.", zh: "请输入日期和时间。" }
    StaffRecipientRequired { ko: "받는 곳을 입력하세요.", en: "Enter the recipient.", zh: "请输入收货方。" }
    StaffLotInvalid {
        ko: "로트 번호가 아닙니다. 라벨을 스캔하거나 번호를 확인하세요.",
        en: "Not a lot code. Scan the label or check the number.",
        zh: "不是批次号。请扫描标签或核对号码。",
    }
    StaffLotTwice { ko: "같은 로트가 두 번 있습니다.", en: "The same lot is listed twice.", zh: "同一批次出现了两次。" }
    StaffLotIsInput {
        ko: "새 로트는 원료 로트와 다른 번호여야 합니다.",
        en: "A new lot needs its own code, not one of the lots used.",
        zh: "新批次需要自己的编号，不能与投入批次相同。",
    }
    StaffKgInvalid { ko: "0보다 큰 kg 값을 입력하세요.", en: "Enter kilograms above zero.", zh: "请输入大于零的千克数。" }
    StaffNeedLot { ko: "로트를 하나 이상 입력하세요.", en: "Add at least one lot.", zh: "请至少添加一个批次。" }
    StaffNeedTwoLots { ko: "로트를 두 개 이상 입력하세요.", en: "Add at least two lots.", zh: "请至少添加两个批次。" }
    StaffIdNotSetUp {
        ko: "설정에서 로트 번호 규칙을 정하거나 새 로트 번호를 입력하세요.",
        en: "Set up lot identifiers in Settings, or type the new lot's code.",
        zh: "请在设置中配置批次编号，或手动输入新批次号。",
    }
    StaffIdDayFull {
        ko: "오늘 이 제품의 13자리 이력번호 일련번호(0–9)를 모두 썼습니다. 번호를 직접 입력하세요.",
        en: "All ten serials (0–9) of today's 13-digit numbers for this product are used. Type the code.",
        zh: "今天该产品的13位追溯号序号（0–9）已用完，请手动输入。",
    }
    StaffCorrecting {
        ko: "거부된 기록을 정정하고 있습니다. 저장하면 새 기록으로 대체됩니다.",
        en: "You are correcting a refused record. Saving replaces it with a new record.",
        zh: "您正在更正被拒绝的记录。保存后将以新记录替换。",
    }
    StaffUnknownForm { ko: "없는 양식입니다.", en: "There is no such form.", zh: "没有这个表单。" }
    StaffBuildFailed { ko: "기록을 만들 수 없습니다:", en: "The record could not be made:", zh: "无法生成记录：" }
    StaffRecord { ko: "기록", en: "Record", zh: "记录" }
    StaffPickTitle { ko: "로트 선택", en: "Pick a lot", zh: "选择批次" }
    StaffScanPhoto { ko: "라벨 사진으로 스캔", en: "Scan a label photo", zh: "拍摄标签扫描" }
    StaffClose { ko: "닫기", en: "Close", zh: "关闭" }
    StaffNotALot { ko: "이 코드는 로트를 나타내지 않습니다.", en: "This code names no lot.", zh: "该编码不代表批次。" }
    StaffOutboxTitle { ko: "보낼 기록", en: "Outbox", zh: "待发送记录" }
    StaffStatusPending { ko: "대기", en: "Waiting", zh: "等待" }
    StaffStatusSending { ko: "보내는 중", en: "Sending", zh: "发送中" }
    StaffStatusSent { ko: "보냄", en: "Sent", zh: "已发送" }
    StaffStatusRejected { ko: "거부됨", en: "Refused", zh: "被拒绝" }
    StaffReason { ko: "서버가 거부한 이유", en: "The server's reason", zh: "服务器拒绝原因" }
    StaffDraftElsewhere { ko: "이 양식은 다른 탭에서 작성 중입니다. 그 탭에서 양식을 떠나거나 탭을 닫으면 여기에서 열립니다.", en: "This form is being filled in another tab. It opens here once you leave it there or close that tab.", zh: "此表单正在另一个标签页中填写。在那里离开此表单或关闭该标签页后，会在这里打开。" }
    StaffSavedTwiceConfirm { ko: "같은 내용의 기록을 몇 분 전에 이미 저장했습니다. 한 번 더 저장할까요?", en: "You saved a record with the same content a few minutes ago. Save it again?", zh: "几分钟前已保存过内容相同的记录。要再保存一次吗？" }
    StaffStatusStuck { ko: "보내지 못함", en: "Stuck", zh: "发送受阻" }
    StaffStuckReason { ko: "서버가 이 기록만 계속 받지 못함 (계속 다시 시도함)", en: "The server keeps failing this record (still retrying)", zh: "服务器一直无法接收此记录（仍在重试）" }
    StaffEdit { ko: "정정", en: "Correct", zh: "更正" }
    StaffDiscard { ko: "버리기", en: "Discard", zh: "丢弃" }
    StaffDiscardConfirm { ko: "정말 버릴까요? 다시 되돌릴 수 없습니다.", en: "Discard this record? This cannot be undone.", zh: "确定丢弃此记录？此操作无法撤销。" }
    StaffOutboxEmpty { ko: "아직 기록이 없습니다.", en: "No records yet.", zh: "尚无记录。" }
    StaffShowingLatest { ko: "최근 기록만 표시합니다", en: "Showing the latest records", zh: "仅显示最近的记录" }
    StaffLabelsTitle { ko: "라벨 인쇄", en: "Labels", zh: "标签打印" }
    StaffLabelSize { ko: "라벨 크기", en: "Label size", zh: "标签尺寸" }
    StaffCopies { ko: "매수", en: "Copies", zh: "份数" }
    StaffPrint { ko: "인쇄", en: "Print", zh: "打印" }
    StaffNoLabels { ko: "인쇄할 로트가 없습니다.", en: "No lot to print.", zh: "没有要打印的批次。" }
    StaffLabelQr { ko: "이력 조회 QR 코드", en: "QR code to trace this lot", zh: "追溯二维码" }
    StaffLabelBarcode { ko: "바코드", en: "Barcode", zh: "条形码" }
    StaffSettingsTitle { ko: "로트 번호 설정", en: "Lot identifier settings", zh: "批次编号设置" }
    StaffSettingsIntro {
        ko: "이 기기에서 새 로트에 번호를 붙이는 방법입니다. 제품에 GTIN이 있으면 GTIN + 로트, 없으면 13자리 이력번호(어종 4 + 가공장 2 + 제품 2 + 월일 + 일련번호)를 씁니다.",
        en: "How this device numbers new lots: GTIN + lot for products with a GTIN, otherwise the guideline's 13-digit number (species 4 + plant 2 + product 2 + MMDD + serial).",
        zh: "本设备为新批次编号的方式：有 GTIN 的产品用 GTIN + 批次号，否则用13位追溯号（品种4位 + 加工厂2位 + 产品2位 + 月日 + 序号）。",
    }
    StaffCompanyPrefix { ko: "GS1 업체코드", en: "GS1 company prefix", zh: "GS1 厂商识别代码" }
    StaffGtin { ko: "GTIN", en: "GTIN", zh: "GTIN" }
    StaffSpeciesCode { ko: "어종 코드 (4자리)", en: "Species code (4 digits)", zh: "品种代码（4位）" }
    StaffPlantCode { ko: "가공장 코드 (2자리)", en: "Plant code (2 digits)", zh: "加工厂代码（2位）" }
    StaffProductCode { ko: "제품 코드 (2자리)", en: "Product code (2 digits)", zh: "产品代码（2位）" }
    StaffSave { ko: "저장", en: "Save", zh: "保存" }
    StaffSettingsSaved { ko: "저장했습니다.", en: "Saved.", zh: "已保存。" }
    StaffGtinInvalid { ko: "올바른 GTIN이 아닙니다 (검증번호 확인).", en: "Not a valid GTIN (check digit).", zh: "GTIN 无效（请检查校验位）。" }
    StaffDigitsInvalid { ko: "자릿수에 맞는 숫자를 입력하세요.", en: "Enter the right number of digits.", zh: "请输入正确位数的数字。" }
    ProductFry { ko: "치어", en: "Fry", zh: "鱼苗" }
    ProductLive { ko: "활어", en: "Live fish", zh: "活鱼" }
    ProductChilled { ko: "선어 (통)", en: "Chilled whole", zh: "冰鲜整鱼" }
    ProductFillet { ko: "필렛", en: "Fillet", zh: "鱼片" }
    ProductSashimi { ko: "회", en: "Sashimi", zh: "生鱼片" }
    ProductFrozen { ko: "냉동", en: "Frozen", zh: "冷冻" }
    ProductByproduct { ko: "부산물", en: "By-product", zh: "副产品" }
    StaffUpdateReady { ko: "새 버전이 준비되었습니다.", en: "A new version is ready.", zh: "新版本已就绪。" }
    StaffReloadToUpdate { ko: "새로 고쳐 업데이트", en: "Reload to update", zh: "刷新以更新" }
    FormHatcheryLot { ko: "치어 로트 생산", en: "Fry lot (hatching)", zh: "鱼苗批次（孵化）" }
    FormHatcheryShip { ko: "치어 출하", en: "Fry release (shipment)", zh: "鱼苗出货" }
    FormFarmStocking { ko: "입식", en: "Stocking", zh: "放养" }
    FormFarmFeeding { ko: "사료 급여", en: "Feeding", zh: "投喂" }
    FormFarmTreatment { ko: "약품·영양제 투여", en: "Treatment", zh: "用药与营养剂" }
    FormFarmHarvest { ko: "수확", en: "Harvest", zh: "收获" }
    FormFarmShip { ko: "양식장 출하", en: "Farm shipment", zh: "养殖场出货" }
    FormTransportPickup { ko: "운송 인수", en: "Transport pickup", zh: "运输提货" }
    FormTransportDelivery { ko: "운송 인도", en: "Transport delivery", zh: "运输交货" }
    FormPlantReceive { ko: "원료 입하", en: "Plant receiving", zh: "加工厂入货" }
    FormPlantMerge { ko: "로트 통합", en: "Merge lots", zh: "合并批次" }
    FormPlantSplit { ko: "로트 분할", en: "Split a lot", zh: "拆分批次" }
    FormPlantProcess { ko: "가공", en: "Process", zh: "加工" }
    FormPlantShip { ko: "가공장 출하", en: "Plant shipment", zh: "加工厂出货" }
    FormWholesaleReceive { ko: "도매 입하", en: "Wholesale receiving", zh: "批发入货" }
    FormWholesaleShip { ko: "도매 출하", en: "Wholesale shipment", zh: "批发出货" }
    FormRetailReceive { ko: "매장 입고", en: "Store receiving", zh: "门店收货" }
    FormRetailDisplay { ko: "매장 진열", en: "Store display", zh: "门店陈列" }
    }

    /// The kiosk app's words (`src/bin/kiosk.rs` registers them at start).
    app register_kiosk_strings {
    KioskTitle { ko: "이력 조회 키오스크", en: "Traceability kiosk", zh: "追溯查询机" }
    KioskInvite {
        ko: "라벨을 스캔하면 이 수산물이 어디에서 왔는지 보여 드립니다",
        en: "Scan the label to see where this seafood came from",
        zh: "扫描标签，查看这份水产品从哪里来",
    }
    KioskInviteHint {
        ko: "포장 라벨의 QR 코드나 바코드를 스캐너에 대 주세요. 번호를 직접 눌러 찾을 수도 있습니다.",
        en: "Hold the QR code or barcode on the pack under the scanner, or type the number printed on the label.",
        zh: "请将包装标签上的二维码或条形码对准扫描器，也可以直接输入标签上的号码。",
    }
    KioskOffline {
        ko: "지금은 인터넷에 연결되어 있지 않습니다. 이 화면에서 본 적이 있는 제품은 볼 수 있고, 연결되면 다른 제품도 다시 볼 수 있습니다.",
        en: "No connection right now. Packs shown here before can still be opened; the others will work again when the connection returns.",
        zh: "目前没有网络连接。之前在这里查看过的产品仍可打开，其他产品将在连接恢复后可用。",
    }
    KioskTypeNumber { ko: "번호 입력", en: "Type the number", zh: "输入号码" }
    KioskUseCamera { ko: "카메라로 스캔", en: "Scan with the camera", zh: "用摄像头扫描" }
    KioskStaffSettings { ko: "직원 설정", en: "Staff settings", zh: "员工设置" }
    KioskScanAnother { ko: "다른 제품 스캔", en: "Scan another", zh: "扫描其他产品" }
    KioskIdleWarning {
        ko: "{n}초 후 처음 화면으로 돌아갑니다",
        en: "Returning to the start in {n} s",
        zh: "{n} 秒后返回首页",
    }
    KioskStay { ko: "계속 보기", en: "Keep looking", zh: "继续查看" }
    KioskCounterTemp {
        ko: "진열대 온도: {t} ({time})",
        en: "Counter temperature: {t} ({time})",
        zh: "柜台温度：{t}（{time}）",
    }
    KioskCounterStale { ko: "2시간 이상 지난 측정값", en: "reading more than 2 hours old", zh: "读数已超过 2 小时" }
    KioskScanToCall { ko: "휴대폰으로 스캔해 전화하기", en: "Scan with your phone to call", zh: "用手机扫描拨打电话" }
    KioskScanToEmail { ko: "휴대폰으로 스캔해 이메일 쓰기", en: "Scan with your phone to send an email", zh: "用手机扫描发送邮件" }
    KioskScanToOpen { ko: "휴대폰으로 스캔해 열기", en: "Scan with your phone to open it", zh: "用手机扫描打开" }
    KioskExternalText {
        ko: "이 키오스크에서는 다른 웹사이트를 열지 않습니다. 열어 보려면 휴대폰으로 아래 QR 코드를 스캔하세요.",
        en: "This kiosk does not open other websites. To open it, scan the QR code below with your phone.",
        zh: "本机不打开其他网站。如需打开，请用手机扫描下方二维码。",
    }
    KioskKeypadTitle { ko: "라벨의 번호 입력", en: "Enter the number on the label", zh: "输入标签上的号码" }
    KioskModeLot13 { ko: "이력번호 13자리", en: "13-digit lot number", zh: "13位追溯号" }
    KioskModeGtinLot { ko: "상품코드와 로트", en: "Product code and lot", zh: "商品条码和批次号" }
    KioskDelete { ko: "지우기", en: "Delete", zh: "删除" }
    KioskClear { ko: "모두 지우기", en: "Clear", zh: "清空" }
    KioskClose { ko: "닫기", en: "Close", zh: "关闭" }
    KioskLotMissing {
        ko: "로트 번호를 입력하세요 ((10) 뒤의 글자와 숫자).",
        en: "Enter the lot (the letters and digits after (10)).",
        zh: "请输入批次号（(10) 后面的字母和数字）。",
    }
    KioskSettingsTitle { ko: "키오스크 설정", en: "Kiosk settings", zh: "查询机设置" }
    KioskDone { ko: "처음 화면으로", en: "Back to the start", zh: "返回首页" }
    KioskPinEnter { ko: "직원 PIN", en: "Staff PIN", zh: "员工 PIN 码" }
    KioskUnlock { ko: "설정 열기", en: "Unlock", zh: "解锁" }
    KioskPinWrong { ko: "PIN이 틀렸습니다.", en: "Wrong PIN.", zh: "PIN 码错误。" }
    KioskPinLocked {
        ko: "PIN이 여러 번 틀렸습니다. {n}초 후에 다시 시도하세요.",
        en: "Too many wrong PINs. Try again in {n} s.",
        zh: "PIN 码错误次数过多，请 {n} 秒后重试。",
    }
    KioskPinLength { ko: "PIN은 4~8자리 숫자입니다.", en: "A PIN is 4 to 8 digits.", zh: "PIN 码为 4 至 8 位数字。" }
    KioskPinMismatch {
        ko: "두 번 입력한 PIN이 다릅니다. 처음부터 다시 입력하세요.",
        en: "The two PINs differ. Start again.",
        zh: "两次输入的 PIN 码不同，请重新输入。",
    }
    KioskPinSetIntro {
        ko: "이 키오스크의 설정을 보호할 직원 PIN(숫자 4~8자리)을 정하세요. 설정을 바꿀 때마다 필요합니다.",
        en: "Choose a staff PIN (4 to 8 digits) to protect this kiosk's settings. It is needed every time they are changed.",
        zh: "请设置员工 PIN 码（4 至 8 位数字）以保护本机设置，每次修改设置时都需要输入。",
    }
    KioskPinNew { ko: "새 PIN", en: "New PIN", zh: "新 PIN 码" }
    KioskPinConfirm { ko: "같은 PIN을 한 번 더", en: "The same PIN again", zh: "再次输入相同的 PIN 码" }
    KioskPinSet { ko: "PIN 정하기", en: "Set the PIN", zh: "设置 PIN 码" }
    KioskNext { ko: "다음", en: "Next", zh: "下一步" }
    KioskNotSaved {
        ko: "이 브라우저에 저장하지 못했습니다. 브라우저의 저장 공간 설정을 확인하세요.",
        en: "This browser refused to save. Check its storage settings.",
        zh: "此浏览器无法保存，请检查其存储设置。",
    }
    KioskStoreName { ko: "매장 이름", en: "Store name", zh: "门店名称" }
    KioskLanguages { ko: "표시할 언어 (첫 언어로 시작)", en: "Languages offered (starts in the first)", zh: "显示语言（以第一个语言启动）" }
    KioskLanguagesNeedOne { ko: "언어를 하나 이상 고르세요.", en: "Choose at least one language.", zh: "请至少选择一种语言。" }
    KioskIdleSeconds {
        ko: "처음 화면으로 돌아가기까지 (초)",
        en: "Return to the start after (seconds)",
        zh: "无操作返回首页的时间（秒）",
    }
    KioskIdleInvalid { ko: "10에서 3600 사이의 초를 입력하세요.", en: "Enter 10 to 3600 seconds.", zh: "请输入 10 至 3600 秒。" }
    KioskCounterPlace {
        ko: "진열대 위치 (온도 기록의 GLN 또는 SGLN)",
        en: "Counter location (GLN or SGLN of its temperature records)",
        zh: "柜台位置（温度记录的 GLN 或 SGLN）",
    }
    KioskCounterHint {
        ko: "매장이 진열 온도를 EPCIS로 기록할 때 쓰는 readPoint 또는 bizLocation입니다. 기록하지 않으면 비워 두세요.",
        en: "The readPoint or bizLocation the store's display temperature records use. Leave empty if they are not recorded.",
        zh: "门店以 EPCIS 记录陈列温度时使用的 readPoint 或 bizLocation。如不记录，请留空。",
    }
    KioskCounterInvalid {
        ko: "GLN(13자리) 또는 urn:epc:id:sgln: 주소가 아닙니다.",
        en: "Not a 13-digit GLN or a urn:epc:id:sgln: address.",
        zh: "不是 13 位 GLN 或 urn:epc:id:sgln: 地址。",
    }
    KioskPinChange { ko: "새 PIN (바꿀 때만)", en: "New PIN (only to change it)", zh: "新 PIN 码（仅在更改时填写）" }
    KioskSaved { ko: "저장했습니다.", en: "Saved.", zh: "已保存。" }
    KioskSave { ko: "저장", en: "Save", zh: "保存" }
    KioskUrlOverrides {
        ko: "이 키오스크의 주소에 들어 있는 다음 값이 설정보다 우선합니다:",
        en: "These values in this kiosk's address are used instead of the settings:",
        zh: "本机网址中的以下参数优先于设置：",
    }
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
    match lang {
        Lang::Ko => format!("{y}년 {mo}월 {d}일 {h:02}:{mi:02}"),
        Lang::Zh => format!("{y}年{mo}月{d}日 {h:02}:{mi:02}"),
        Lang::En => {
            let m = MONTHS_EN.get(mo as usize - 1).copied().unwrap_or("");
            format!("{d} {m} {y}, {h:02}:{mi:02}")
        }
    }
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

    #[test]
    fn shares() {
        assert_eq!(format_share(0.5), "50%");
        assert_eq!(format_share(0.0512), "5.1%");
        assert_eq!(format_share(1.0), "100%");
        assert_eq!(format_share(f64::NAN), "");
    }
}
