//! Display names of the engine's values in both languages, with the glossary's terms. The JSON keeps the spec's
//! machine names (`zoledronic_acid`); people read these.

use crate::clinical::case::{Drug, FractureSite, Menopause, Plan, Profile, Regimen, SecondaryCause, Sex, Site};
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::diagnosis::Category;
use crate::clinical::journey::Stage;
use crate::clinical::kidney::KidneyFrom;
use crate::clinical::plan::{Action, Test};
use crate::clinical::risk::{GiopStratum, OstaBand, RiskLevel};
use crate::clinical::rules::{RuleId, Severity};
use crate::clinical::treatment::{DrugClass, Status};
use crate::words::i18n::Lang;

/// `label(lang)` from an (English, Chinese) table.
macro_rules! labels {
    ($ty:ty { $($variant:path => ($en:expr, $zh:expr),)* }) => {
        impl $ty {
            pub fn label(self, lang: Lang) -> &'static str {
                lang.pick(match self { $($variant => ($en, $zh),)* })
            }
        }
    };
}

labels!(Site {
    Site::LumbarSpine => ("lumbar spine (L1–L4)", "腰椎（L1–L4）"),
    Site::FemoralNeck => ("femoral neck", "股骨颈"),
    Site::TotalHip => ("total hip", "全髋"),
    Site::Radius33 => ("one-third radius", "桡骨远端1/3"),
});

labels!(FractureSite {
    FractureSite::Hip => ("hip", "髋部"),
    FractureSite::Vertebral => ("vertebral", "椎体"),
    FractureSite::ProximalHumerus => ("proximal humerus", "肱骨近端"),
    FractureSite::Pelvis => ("pelvis", "骨盆"),
    FractureSite::DistalForearm => ("distal forearm", "前臂远端"),
    FractureSite::Other => ("other", "其他"),
});

labels!(Sex {
    Sex::Female => ("female", "女"),
    Sex::Male => ("male", "男"),
});

labels!(Menopause {
    Menopause::Premenopausal => ("premenopausal", "绝经前"),
    Menopause::Perimenopausal => ("perimenopausal", "围绝经期"),
    Menopause::Postmenopausal => ("postmenopausal", "绝经后"),
});

labels!(Profile {
    Profile::Cn2022 => ("CN-2022 (Chinese guideline)", "CN-2022（中国指南）"),
    Profile::Aace2020 => ("AACE-2020", "AACE-2020"),
});

labels!(Stage {
    Stage::Naive => ("treatment-naive", "初治"),
    Stage::PreviouslyTreated => ("previously treated, no current drug", "既往治疗，目前未用药"),
    Stage::OnOther => ("on another bone drug", "正在使用其他抗骨质疏松药物"),
    Stage::OnBisphosphonate => ("on a bisphosphonate", "正在使用双膦酸盐"),
    Stage::OnAnabolic => ("on an anabolic (bone-forming) drug", "正在使用骨形成促进剂"),
    Stage::AfterAnabolic => ("anabolic course finished, no follow-on yet", "骨形成促进剂疗程已结束，尚未序贯治疗"),
    Stage::OnDenosumab => ("on denosumab", "正在使用地舒单抗"),
    Stage::StoppingDenosumab => ("stopping denosumab", "地舒单抗停药中"),
    Stage::OnDenosumabOncology => ("on denosumab 120 mg every 4 weeks (oncology)", "正在使用地舒单抗120 mg每4周（肿瘤方案）"),
});

labels!(GiopStratum {
    GiopStratum::Low => ("low", "低风险"),
    GiopStratum::Moderate => ("moderate", "中风险"),
    GiopStratum::High => ("high", "高风险"),
    GiopStratum::VeryHigh => ("very high", "极高风险"),
});

labels!(KidneyFrom {
    KidneyFrom::Crcl => ("creatinine clearance (Cockcroft–Gault)", "肌酐清除率（Cockcroft–Gault）"),
    KidneyFrom::Egfr => ("eGFR", "估算肾小球滤过率（eGFR）"),
    KidneyFrom::Dialysis => ("dialysis", "透析"),
});

// Short names of plan actions, as a calendar event or a list heading reads them.
labels!(Action {
    Action::GiveDenosumab => ("Denosumab injection", "地舒单抗注射"),
    Action::GiveExitDrug => ("Exit drug after denosumab", "地舒单抗停药后序贯用药"),
    Action::NextInfusion => ("Zoledronic acid infusion", "唑来膦酸静脉输注"),
    Action::FallbackDenosumab => ("Last day for the exit drug: if it cannot be given, denosumab 60 mg instead and the exit re-planned 6 months later", "序贯用药最后期限：如无法使用，改为注射地舒单抗60 mg，6个月后再序贯"),
    Action::StartTreatment => ("Start treatment", "开始药物治疗"),
    Action::ContinueTreatment => ("Continue treatment", "继续当前治疗"),
    Action::BookFollowOn => ("Start the follow-on anti-resorptive", "开始序贯骨吸收抑制剂"),
    Action::VertebralImaging => ("Lateral thoracolumbar X-ray or VFA", "胸腰椎侧位X线片或椎体骨折评估（VFA）"),
    Action::CheckLabs => ("Blood tests", "实验室检查"),
    Action::CheckCalciumAfterDose => ("Blood tests after denosumab", "地舒单抗注射后复查"),
    Action::CheckBtm => ("Bone turnover marker", "骨转换标志物检测"),
    Action::VitaminDLoading => ("Vitamin D loading; recheck 25(OH)D", "维生素D负荷补充；复查25-羟维生素D"),
    Action::VitaminDSupplement => ("Vitamin D supplement; recheck 25(OH)D", "补充维生素D；复查25-羟维生素D"),
    Action::CorrectCalcium => ("Correct calcium first", "先纠正低钙血症"),
    Action::DentalCheck => ("Dental check", "口腔检查"),
    Action::AssessCvRisk => ("Before romosozumab: ask about myocardial infarction and stroke", "罗莫佐单抗用药前：询问心肌梗死及卒中史"),
    Action::EnterPlannedCourse => ("Enter the planned glucocorticoid course", "录入糖皮质激素计划疗程"),
    Action::StopTreatment => ("Stop the current drug", "停用当前药物"),
    Action::RepeatInfusion => ("Zoledronic acid infusion again", "再次输注唑来膦酸"),
    Action::EnterFrax => ("Enter FRAX", "录入FRAX"),
    Action::EnterPreTreatmentT => ("Enter the pre-treatment T-score", "录入治疗前T值"),
    Action::EnterWeight => ("Enter the weight", "录入体重"),
    Action::EnterInjectionDates => ("Enter the denosumab injection dates", "录入地舒单抗注射日期"),
    Action::Dxa => ("DXA", "骨密度（DXA）"),
    Action::ReviewTreatment => ("Treatment review", "治疗方案评估"),
    Action::FallsAssessment => ("Falls assessment", "跌倒风险评估"),
    Action::SpecialistReview => ("Specialist review", "专科会诊"),
    Action::Avoid => ("Avoid", "避免"),
    Action::BasicCare => ("Calcium, vitamin D and lifestyle", "钙剂、维生素D及生活方式调节"),
});

labels!(Test {
    Test::AdjustedCalcium => ("albumin-adjusted calcium", "白蛋白校正血钙"),
    Test::Albumin => ("albumin", "白蛋白"),
    Test::Calcium => ("serum calcium", "血钙"),
    Test::Phosphate => ("phosphate", "血磷"),
    Test::Magnesium => ("magnesium", "血镁"),
    Test::Alp => ("ALP", "碱性磷酸酶"),
    Test::Pth => ("iPTH", "iPTH"),
    Test::VitaminD => ("25(OH)D", "25-羟维生素D"),
    Test::Calcitriol => ("1,25(OH)₂D", "1,25-二羟维生素D"),
    Test::Creatinine => ("creatinine", "肌酐"),
    Test::Tsh => ("TSH", "TSH"),
    Test::Testosterone => ("testosterone", "睾酮"),
    Test::Shbg => ("SHBG", "SHBG"),
    Test::Lh => ("LH", "LH"),
    Test::Spep => ("serum protein electrophoresis with free light chains", "血清蛋白电泳及游离轻链"),
    Test::Ctx => ("serum β-CTX", "血清β-CTX"),
    Test::P1np => ("P1NP", "P1NP"),
});

labels!(Plan {
    Plan::Continue => ("continue", "继续"),
    Plan::Stop => ("stop", "停药"),
});

labels!(SecondaryCause {
    SecondaryCause::Glucocorticoids => ("glucocorticoids", "糖皮质激素"),
    SecondaryCause::Thyroid => ("thyroid disease", "甲状腺疾病"),
    SecondaryCause::GiMalabsorption => ("GI disease / malabsorption", "胃肠疾病/吸收不良"),
    SecondaryCause::Ckd => ("chronic kidney disease", "慢性肾脏病"),
    SecondaryCause::Liver => ("liver disease", "肝病"),
    SecondaryCause::InflammatoryAutoimmune => ("inflammatory / autoimmune disease", "炎症性/自身免疫性疾病"),
    SecondaryCause::Haematological => ("haematological disease", "血液系统疾病"),
    SecondaryCause::Heparin => ("long-term heparin", "长期使用肝素"),
    SecondaryCause::Anticonvulsants => ("anticonvulsants", "抗惊厥药"),
    SecondaryCause::Contraceptives => ("contraceptives", "避孕药"),
    SecondaryCause::Hypogonadism => ("hypogonadism", "性腺功能减退"),
    SecondaryCause::Other => ("other", "其他"),
    SecondaryCause::Hypoparathyroidism => ("hypoparathyroidism", "甲状旁腺功能减退症"),
    SecondaryCause::NeckSurgery => ("thyroid or parathyroid surgery", "甲状腺或甲状旁腺手术"),
    SecondaryCause::AndrogenDeprivation => ("androgen-deprivation therapy (prostate cancer)", "雄激素剥夺治疗（前列腺癌）"),
    SecondaryCause::AromataseInhibitor => ("aromatase inhibitor (breast cancer)", "芳香化酶抑制剂（乳腺癌）"),
});

labels!(Category {
    Category::Normal => ("normal bone mass", "骨量正常"),
    Category::LowBoneMass => ("low bone mass (osteopenia)", "骨量减少（低骨量）"),
    Category::Osteoporosis => ("osteoporosis", "骨质疏松症"),
    Category::SevereOsteoporosis => ("severe (established) osteoporosis", "严重骨质疏松症"),
    Category::WithinExpectedRange => ("within the expected range for age", "处于同龄人预期范围"),
    Category::BelowExpectedRange => ("below the expected range for age", "低于同龄人预期范围"),
});

labels!(RiskLevel {
    RiskLevel::NotIndicated => ("drug treatment not indicated", "暂无药物治疗指征"),
    RiskLevel::High => ("high risk", "高风险"),
    RiskLevel::VeryHigh => ("very high risk", "极高风险"),
});

labels!(OstaBand {
    OstaBand::Low => ("low", "低"),
    OstaBand::Medium => ("medium", "中"),
    OstaBand::High => ("high", "高"),
});

labels!(Status {
    Status::Preferred => ("preferred", "首选"),
    Status::Alternative => ("alternative", "可选"),
    Status::SecondLine => ("second line", "二线"),
    Status::Caution => ("caution", "慎用"),
    Status::Avoid => ("avoid", "禁用"),
});

labels!(DrugClass {
    DrugClass::Antiresorptive => ("anti-resorptive", "骨吸收抑制剂"),
    DrugClass::Anabolic => ("anabolic (bone-forming)", "骨形成促进剂"),
    DrugClass::Adjunct => ("adjunct", "辅助用药"),
    DrugClass::Other => ("other", "其他"),
});

labels!(Severity {
    Severity::Note => ("note", "备注"),
    Severity::Info => ("information", "提示"),
    Severity::Warning => ("warning", "警告"),
    Severity::Danger => ("danger", "危险"),
});

/// The case's `conditions` keys with their labels, in form order.
pub const CONDITIONS: [(&str, &str, &str); 13] = [
    ("dialysis", "dialysis", "透析"),
    (
        "oral_bp_intolerance",
        "cannot take oral bisphosphonates (oesophageal disease, cannot sit upright)",
        "不能耐受口服双膦酸盐（食管疾病、不能保持直立）",
    ),
    (
        "mi_or_stroke_last_12_months",
        "myocardial infarction or stroke in the last 12 months",
        "过去12个月内心肌梗死或卒中",
    ),
    ("mi_or_stroke_ever", "myocardial infarction or stroke, ever", "既往心肌梗死或卒中（任何时间）"),
    ("vte_history", "venous thromboembolism (history)", "静脉血栓栓塞史"),
    ("invasive_dental_planned", "invasive dental work planned", "计划进行有创牙科操作"),
    ("hypocalcaemia", "hypocalcaemia", "低钙血症"),
    ("paget_or_raised_alp", "Paget's disease or unexplained raised ALP", "Paget骨病或不明原因碱性磷酸酶升高"),
    ("open_epiphyses", "open epiphyses", "骨骺未闭合"),
    ("skeletal_radiation", "prior skeletal radiation", "既往骨骼放疗"),
    ("bone_malignancy", "bone malignancy or metastases", "骨恶性肿瘤或骨转移"),
    ("hypercalcaemia", "hypercalcaemia", "高钙血症"),
    ("warfarin", "warfarin", "华法林"),
];

/// A condition's label in the given language.
pub fn condition_label(key: &str, lang: Lang) -> &'static str {
    CONDITIONS.iter().find(|(k, _, _)| *k == key).map_or("", |&(_, en, zh)| lang.pick((en, zh)))
}

impl Status {
    /// A mark that is not colour alone, the same on screen and on paper.
    pub fn icon(self) -> &'static str {
        match self {
            Status::Preferred => "★",
            Status::Alternative => "○",
            Status::SecondLine => "◇",
            Status::Caution => "△",
            Status::Avoid => "✕",
        }
    }
}

impl Drug {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(match self {
            Drug::Alendronate => ("alendronate", "阿仑膦酸钠"),
            Drug::Risedronate => ("risedronate", "利塞膦酸钠"),
            Drug::Ibandronate => ("ibandronate", "伊班膦酸钠"),
            Drug::ZoledronicAcid => ("zoledronic acid", "唑来膦酸"),
            Drug::Denosumab => ("denosumab", "地舒单抗"),
            Drug::Raloxifene => ("raloxifene", "雷洛昔芬"),
            Drug::Bazedoxifene => ("bazedoxifene", "巴多昔芬"),
            Drug::Calcitonin => ("calcitonin", "降钙素"),
            Drug::Eldecalcitol => ("eldecalcitol", "艾地骨化醇"),
            Drug::Alfacalcidol => ("alfacalcidol", "阿法骨化醇"),
            Drug::Calcitriol => ("calcitriol", "骨化三醇"),
            Drug::Menatetrenone => ("menatetrenone (vitamin K2)", "四烯甲萘醌（维生素K2）"),
            Drug::Teriparatide => ("teriparatide", "特立帕肽"),
            Drug::Abaloparatide => ("abaloparatide", "阿巴洛肽"),
            Drug::Romosozumab => ("romosozumab", "罗莫佐单抗"),
            Drug::StrontiumRanelate => ("strontium ranelate", "雷奈酸锶"),
            Drug::GrowthHormone => ("growth hormone", "生长激素"),
            Drug::Testosterone => ("testosterone", "睾酮"),
            Drug::HormoneTherapy => ("menopausal hormone therapy", "绝经激素治疗"),
        })
    }
}

impl Regimen {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(match self {
            Regimen::Osteoporosis60mgQ6m => ("subcutaneous injection, 60 mg every 6 months", "皮下注射，每6个月60 mg"),
            Regimen::Oncology120mgQ4w => ("120 mg every 4 weeks (oncology)", "每4周120 mg（肿瘤）"),
        })
    }
}

impl DmabStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(match self {
            DmabStatus::NotStarted => ("not started", "尚未开始"),
            DmabStatus::NotDue => ("not yet due", "未到注射时间"),
            DmabStatus::Due => ("due (inside the window)", "到期（在注射窗口内）"),
            DmabStatus::Late => ("late", "延迟"),
            DmabStatus::Overdue => ("overdue", "严重逾期"),
            DmabStatus::ExitGiven => ("exit drug given", "已给予序贯用药"),
        })
    }
}

/// An alert in a few words, for lists (the clinic list's alert column; the rule code goes in its tooltip). Rules
/// that are never alerts (severity `note`) have none.
pub fn alert_words(rule: RuleId, lang: Lang) -> Option<&'static str> {
    use RuleId::*;
    let pair = match rule {
        RiskGiop => ("glucocorticoids", "糖皮质激素"),
        RiskVhRecentFx => ("recent fracture", "近期骨折"),
        BaseVitdSevere => ("vitamin D very low", "维生素D严重缺乏"),
        CiHypoca => ("low calcium", "低钙血症"),
        DmabMissed => ("dose missed", "漏注射"),
        DmabRebound => ("rebound risk", "反跳风险"),
        DmabExitBlocked => ("no exit drug", "无可用序贯药"),
        DmabExitTiming => ("exit drug timing", "序贯用药时机"),
        DmabExitRestart => ("exit window passed", "序贯窗口已过"),
        DmabCkd => ("kidney: calcium risk", "肾功能：低钙风险"),
        DmabNoExit => ("plan the exit", "需制定序贯方案"),
        DmabFxHealing => ("fracture healing", "骨折愈合"),
        SeqFromBp => ("after a bisphosphonate", "双膦酸盐之后"),
        EvidNonunion => ("non-union", "骨不连"),
        SeqNoCombo => ("no combination", "不可联合用药"),
        SeqDmabToPth => ("denosumab → PTH: avoid", "地舒单抗后勿换PTH类"),
        SeqAnabolicFirst => ("anabolic first", "先用促骨形成药"),
        MonBtmOral => ("marker: oral drug", "标志物：口服药"),
        MonBtmAnabolic => ("marker: anabolic", "标志物：促骨形成药"),
        MonResponse => ("response unclear", "疗效不确定"),
        MonFailure => ("treatment failure", "治疗失败"),
        MonExitCtx => ("CTX above reference — repeat infusion", "CTX高于参考值——再次输注"),
        MonExitBmd => ("bone loss after exit", "序贯后骨量丢失"),
        MonHoliday => ("holiday review", "药物假期复评"),
        _ => return None,
    };
    Some(lang.pick(pair))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alert_rule_has_short_words_in_each_language() {
        for rule in crate::clinical::rules::CATALOGUE.iter().filter(|r| r.severity > Severity::Note) {
            for lang in Lang::ALL {
                assert!(alert_words(rule.id, lang).is_some_and(|w| !w.is_empty()), "{} {lang:?}", rule.code);
            }
        }
    }

    #[test]
    fn every_drug_has_a_name_in_each_language() {
        for drug in Drug::ALL {
            assert!(drug.label(Lang::En).is_ascii(), "{drug:?}");
            assert!(drug.label(Lang::Zh).chars().any(|c| c > '\u{2E80}'), "{drug:?} has no Chinese name");
        }
    }

    #[test]
    fn every_condition_key_is_a_case_field() {
        for (key, _, _) in CONDITIONS {
            let doc = serde_json::json!({ "conditions": { key: true } });
            assert!(serde_json::from_value::<crate::clinical::case::Case>(doc).is_ok(), "{key}");
        }
    }

    #[test]
    fn names_follow_the_glossary() {
        assert_eq!(Drug::ZoledronicAcid.label(Lang::Zh), "唑来膦酸");
        assert_eq!(Drug::Denosumab.label(Lang::Zh), "地舒单抗");
        assert_eq!(DmabStatus::Overdue.label(Lang::Zh), "严重逾期");
        assert_eq!(Regimen::Osteoporosis60mgQ6m.label(Lang::Zh), "皮下注射，每6个月60 mg");
    }
}
