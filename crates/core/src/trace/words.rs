//! Words of the trace page that come from EPCIS vocabularies, in the three languages.

use crate::lang::Lang;
use crate::role::Role;

fn pick(lang: Lang, ko: &str, en: &str, zh: &str) -> String {
    lang.pick(ko, en, zh)
}

/// What happened, from the CBV 2.0 or GDST bizStep short name.
pub fn biz_step_label(step: Option<&str>, lang: Lang) -> String {
    match step.unwrap_or("") {
        "hatching" => pick(
            lang,
            "치어 생산·출하",
            "Fry hatched and released",
            "鱼苗孵化与出苗",
        ),
        "commissioning" => pick(lang, "입식", "Stocked", "放养"),
        "farming" | "feeding" => pick(lang, "사육 기록", "Farming record", "养殖记录"),
        "treating" | "inspecting" => pick(
            lang,
            "검사·투약 기록",
            "Inspection and treatment",
            "检验与用药",
        ),
        "farmHarvest" | "harvesting" => pick(lang, "출하(수확)", "Harvested", "收获出池"),
        "commingling" => pick(lang, "롯트 통합", "Lots merged", "批次合并"),
        "loading" => pick(lang, "상차", "Loaded", "装车"),
        "shipping" | "departing" => pick(lang, "출하", "Shipped", "发货"),
        "arriving" | "receiving" | "accepting" => pick(lang, "입고", "Received", "收货"),
        "transporting" => pick(lang, "운송", "In transit", "运输中"),
        "creating_class_instance" | "repackaging" | "packing" => {
            pick(lang, "가공·포장", "Processed and packed", "加工包装")
        }
        "storing" => pick(lang, "보관", "Stored", "储存"),
        "stocking" => pick(lang, "진열", "Put on display", "上架陈列"),
        "retail_selling" => pick(lang, "판매", "Sold", "销售"),
        "holding" => pick(lang, "보류", "On hold", "暂扣"),
        "" => pick(lang, "기록", "Record", "记录"),
        other => other.to_string(),
    }
}

/// One line under a step's words for the steps a shopper would not know; `None` for the
/// plain ones ("Shipped", "Received").
pub fn step_about(step: Option<&str>, lang: Lang) -> Option<String> {
    let (ko, en, zh) = match step? {
        "hatching" => (
            "종묘장에서 알을 부화시켜 기른 어린 물고기(치어)를 양식장으로 보냈습니다.",
            "A hatchery bred the young fish (fry) and sent them on to a farm.",
            "苗种场孵化培育鱼苗，并送往养殖场。",
        ),
        "commissioning" => (
            "양식장이 치어를 받아 수조에 넣고 기르기 시작했습니다.",
            "The farm put the young fish into its tanks to raise them.",
            "养殖场把鱼苗放入池中开始养殖。",
        ),
        "farmHarvest" | "harvesting" => (
            "다 자란 물고기를 양식장 수조에서 꺼냈습니다.",
            "The grown fish were taken out of the farm's tanks to be sold.",
            "长成的鱼从养殖池中捕出待售。",
        ),
        "commingling" => (
            "여러 롯트(예: 두 양식장의 출하분)의 물고기를 한데 모았습니다.",
            "Fish from several lots (say, two farms' harvests) were put together as one.",
            "把几个批次（例如两个养殖场的收获）的鱼合为一批。",
        ),
        "creating_class_instance" | "repackaging" | "packing" => (
            "생선을 손질해 이 제품과 같은 포장으로 만들었습니다.",
            "The fish were prepared and packed into packs like this one.",
            "鱼被加工并包装成与本产品相同的包装。",
        ),
        _ => return None,
    };
    Some(pick(lang, ko, en, zh))
}

/// What happened, for the trace page: the bizStep's words, except where the record's
/// own fields say more plainly what it is — a farm's feeding and treatment records are
/// `holding` events (kept at the farm), which shoppers must not read as "on hold".
/// `records` says whether the event records a field of a dictionary group (`feed.`),
/// disclosed or not.
pub fn action_label(step: Option<&str>, records: impl Fn(&str) -> bool, lang: Lang) -> String {
    let has = records;
    if step == Some("holding") {
        if has("treatment.") {
            return pick(
                lang,
                "투약·검사 기록",
                "Medicines and tests record",
                "用药与检验记录",
            );
        }
        if has("feed.") {
            return pick(lang, "사료 급여 기록", "Feeding record", "投喂记录");
        }
    }
    biz_step_label(step, lang)
}

pub fn role_label(role: Role, lang: Lang) -> String {
    match role {
        Role::Hatchery => pick(lang, "종묘 생산", "Hatchery", "苗种场"),
        Role::Farm => pick(lang, "양식장", "Farm", "养殖场"),
        Role::Feed => pick(lang, "사료 공급", "Feed supplier", "饲料供应商"),
        Role::Transporter => pick(lang, "운송", "Transport", "运输商"),
        Role::Processor => pick(lang, "가공공장", "Processing plant", "加工厂"),
        Role::Wholesaler => pick(lang, "도매", "Wholesaler", "批发商"),
        Role::Retailer => pick(lang, "판매점", "Retailer", "零售店"),
        Role::Regulator => pick(lang, "관리 기관", "Regulator", "监管机构"),
        Role::Operator => pick(lang, "플랫폼 운영", "Platform operator", "平台运营方"),
        Role::Admin => pick(lang, "관리자", "Administrator", "管理员"),
        Role::Unassigned => pick(lang, "역할 미지정", "No role yet", "尚未指定角色"),
    }
}

/// CBV 2.0 error reasons.
pub fn reason_label(reason: &str, lang: Lang) -> String {
    let short = reason.rsplit([':', '-']).next().unwrap_or(reason);
    match short {
        "incorrect_data" => pick(
            lang,
            "잘못 기록된 정보 정정",
            "Incorrect data corrected",
            "更正错误数据",
        ),
        "did_not_occur" => pick(
            lang,
            "일어나지 않은 일의 기록 취소",
            "Recorded in error: did not happen",
            "误录：未发生",
        ),
        _ => reason.to_string(),
    }
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Ko) => "예",
        (false, Lang::Ko) => "아니오",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_a_shopper_would_not_know_are_explained_in_each_language() {
        for step in [
            "commingling",
            "farmHarvest",
            "commissioning",
            "repackaging",
            "hatching",
        ] {
            let [ko, en, zh] = Lang::ALL.map(|l| step_about(Some(step), l).unwrap());
            assert!(
                ko != en && en != zh && !ko.is_empty() && !zh.is_empty(),
                "{step}"
            );
        }
        assert!(step_about(Some("commingling"), Lang::En)
            .unwrap()
            .contains("several lots"));
        assert_eq!(step_about(Some("shipping"), Lang::En), None);
        assert_eq!(step_about(None, Lang::En), None);
    }
}
