//! The one short reason a drug option carries in the condensed list ("kidney function CrCl 15 mL/min"), per rule
//! and the mark it gave, with the patient's values as `{named}` templates. The starting tables mark several drugs
//! differently, so their reasons depend on the mark; a contraindication reads the same for every drug it marks.

use super::fill;
use crate::clinical::case::Drug;
use crate::clinical::rules::RuleId::{self, *};
use crate::clinical::rules::Section;
use crate::clinical::treatment::DrugOption;
use crate::clinical::treatment::Status::{self, *};
use crate::words::i18n::Lang;
use crate::words::rule_text::RuleValues;

/// Why an option has its mark, in a few words with the patient's values: the contraindication first (it is what
/// moved the drug), then the starting table's reason for the mark the table gave. At most two reasons.
pub fn option_reason(option: &DrugOption, values: &RuleValues, lang: Lang) -> String {
    let mut reasons: Vec<String> = Vec::new();
    let is_table = |rule: RuleId| rule.rule().section == Section::Treatment && rule != TxOther;
    // When a contraindication moved the drug from the table's mark, it alone says why.
    let moved = option.status != option.table_status && option.rules.iter().any(|&r| !is_table(r));
    for &rule in option.rules.iter().rev() {
        if moved && is_table(rule) {
            continue;
        }
        // A starting table's reason is for the mark it gave; a contraindication's for the mark it set.
        let status = if is_table(rule) { option.table_status } else { option.status };
        let text = match (rule, status, option.drug) {
            (TxOther, _, drug) => other_reason(drug, lang).map(str::to_string),
            (CiBpRenal, _, Drug::Risedronate | Drug::Ibandronate) => renal_limit(30, values),
            (CiBpRenal, _, _) => renal_limit(35, values),
            (TxHigh, Alternative, drug) => high_risk_alternative(drug, lang).map(str::to_string),
            // TX-ONC: a second anti-resorptive beside 120 mg every 4 weeks, or an anabolic with skeletal malignancy.
            (TxOnc, Avoid, drug) if drug.is_anabolic() => Some(lang.pick(ONC_ANABOLIC).to_string()),
            (TxOnc, Avoid, Drug::Denosumab) => Some(lang.pick(ONC_DENOSUMAB).to_string()),
            (TxOnc, Avoid, _) => Some(lang.pick(ONC_ANTIRESORPTIVE).to_string()),
            // Denosumab is not its own exit drug: stopping, it is only the fallback.
            (TxExitDmab, Preferred, Drug::Denosumab) => None,
            (TxExitDmab, Alternative, Drug::Denosumab) => Some(lang.pick(FALLBACK).to_string()),
            _ => short_reason(rule, status, lang).map(str::to_string),
        };
        if let Some(text) = text.map(|t| fill(&t, values, &[])) {
            if !reasons.contains(&text) {
                reasons.push(text);
            }
        }
        if reasons.len() == 2 {
            break;
        }
    }
    reasons.join(lang.semicolon())
}

/// CI-BP-RENAL against the drug's limit: "CrCl 15 < 35 mL/min", "eGFR 25 < 30 mL/min/1.73 m²", "on dialysis".
fn renal_limit(limit: u32, values: &RuleValues) -> Option<String> {
    let kidney = values.get("kidney_short")?;
    Some(match kidney.split_once(" mL/min") {
        Some((value, unit)) => format!("{value} < {limit} mL/min{unit}"),
        None => kidney.to_string(),
    })
}

const ONC_ANTIRESORPTIVE: (&str, &str) = (
    "already on denosumab 120 mg every 4 weeks: no second anti-resorptive — jaw osteonecrosis, hypocalcaemia",
    "已使用地舒单抗120 mg每4周：不合用第二种骨吸收抑制剂，以免颌骨坏死、低钙血症",
);
const ONC_DENOSUMAB: (&str, &str) =
    ("60 mg every 6 months: already on 120 mg every 4 weeks", "每6个月60 mg方案：已使用每4周120 mg方案");
const ONC_ANABOLIC: (&str, &str) = ("oncology regimen: no anabolic beside it", "肿瘤方案期间：不用骨形成促进剂");

const FALLBACK: (&str, &str) =
    ("fallback only if the exit drug cannot be given in time", "仅在无法按时使用序贯药物时作为备选");

/// TX-HIGH's alternatives differ: another oral bisphosphonate, an infusion or injection, or a SERM.
fn high_risk_alternative(drug: Drug, lang: Lang) -> Option<&'static str> {
    let pair = match drug {
        Drug::Ibandronate => ("another oral bisphosphonate", "可选的其他口服双膦酸盐"),
        Drug::Raloxifene | Drug::Bazedoxifene => {
            ("postmenopausal women with mainly spinal fracture risk", "以椎体骨折风险为主的绝经后女性")
        }
        _ => ("if oral bisphosphonates are not tolerated or unsuitable", "口服双膦酸盐不耐受或不适用时"),
    };
    Some(lang.pick(pair))
}

/// TX-OTHER names a different restriction for each of its drugs.
fn other_reason(drug: Drug, lang: Lang) -> Option<&'static str> {
    let pair = match drug {
        Drug::StrontiumRanelate => ("cardiovascular and thromboembolic risk", "心血管及血栓栓塞风险"),
        Drug::Testosterone => ("only for men with hypogonadism", "仅用于性腺功能减退的男性"),
        Drug::GrowthHormone => ("only with growth hormone deficiency", "仅用于生长激素缺乏者"),
        _ => return None,
    };
    Some(lang.pick(pair))
}

fn short_reason(rule: RuleId, status: Status, lang: Lang) -> Option<&'static str> {
    let pair = match (rule, status) {
        (TxHigh, Preferred) => ("high risk: first line", "高风险：一线用药"),
        (TxHigh, Alternative) => {
            ("if oral bisphosphonates are not tolerated or unsuitable", "口服双膦酸盐不耐受或不适用时")
        }
        (TxVeryHigh, Preferred) => ("very high risk: a potent drug first", "极高风险：首选强效药物"),
        (TxVeryHigh, Alternative) => ("very high risk: alternative", "极高风险：可选用药"),
        (TxVhAnabolic, Preferred) => (
            "anabolic first: very high risk with vertebral fractures, T < −3.0 or glucocorticoids",
            "首选骨形成促进剂：极高风险合并椎体骨折、T值 < −3.0或糖皮质激素",
        ),
        (TxVhAnabolic, Alternative) => ("if an anabolic cannot be used", "无法使用骨形成促进剂时"),
        (TxVhHip, Preferred) => (
            "hip fracture within 24 months: zoledronic acid or denosumab first",
            "24个月内髋部骨折：首选唑来膦酸或地舒单抗",
        ),
        (TxVhHip, Alternative) => ("after a hip fracture: anabolic alternative", "髋部骨折后：可选骨形成促进剂"),
        (TxContinueDmab, Preferred) => ("on denosumab: continue on schedule", "正在使用地舒单抗：按时继续注射"),
        (TxContinueDmab, Alternative) => ("exit drug if denosumab is ever stopped", "日后停用地舒单抗时的序贯药物"),
        (TxContinueDmab | TxExitDmab, Caution) => {
            ("after denosumab: only on specialist advice", "地舒单抗后：仅在专科意见下使用")
        }
        (TxContinueDmab | TxExitDmab, Avoid) => {
            ("after denosumab: progressive hip bone loss", "地舒单抗后换用致髋部骨量进行性丢失")
        }
        (TxExitDmab, Preferred) => ("exit drug after denosumab, on its date", "地舒单抗停药后的序贯药物，按时使用"),
        (TxExitDmab, Alternative) => ("other exit drug", "其他序贯药物"),
        (TxOnAnabolic, Preferred) => ("complete the anabolic course", "完成骨形成促进剂疗程"),
        (TxOnAnabolic, Alternative) => {
            ("follow-on anti-resorptive when the course ends", "疗程结束时序贯的骨吸收抑制剂")
        }
        (TxAfterAnabolic | SeqAnabolicFirst, Preferred) => {
            ("anabolic course finished: an anti-resorptive now", "骨形成促进剂疗程已结束：立即使用骨吸收抑制剂")
        }
        (TxAfterAnabolic | SeqAnabolicFirst, Alternative) => {
            ("anti-resorptive after the anabolic course", "骨形成促进剂疗程后的骨吸收抑制剂")
        }
        (TxGiop, Preferred) => {
            ("glucocorticoid-induced osteoporosis (ACR): first line", "糖皮质激素性骨质疏松症（ACR）：一线用药")
        }
        (TxGiop, Alternative) => {
            ("glucocorticoid-induced osteoporosis (ACR): alternative", "糖皮质激素性骨质疏松症（ACR）：可选用药")
        }
        (CiRomo12, _) => ("12 monthly doses given: the course is complete", "已用满12次：疗程已满"),
        (CiTestoAdt, _) => {
            ("contraindicated: prostate cancer on androgen deprivation", "禁用：前列腺癌雄激素剥夺治疗中")
        }
        (TxOnBp, Preferred) => ("on a bisphosphonate: continue until the review", "正在使用双膦酸盐：继续至疗程评估"),
        (TxOnBp, Alternative) => {
            ("switch only for intolerance, unsuitability or failure", "仅在不耐受、不适用或治疗失败时换药")
        }
        (WorkCv, _) => {
            ("if chosen: ask about myocardial infarction and stroke first", "如选用：先询问心肌梗死及卒中史")
        }
        (TxAvailability, _) => {
            ("may not be available locally: confirm before prescribing", "国内可能未上市或不可及：处方前确认")
        }
        (CiRenalSevere, _) => ("severe renal impairment, {kidney_short}", "严重肾功能不全，{kidney_short}"),
        (CiBpOralGi, _) => ("oesophageal disease or oral intolerance", "食管疾病或不能耐受口服"),
        (CiHypoca, _) => ("calcium {calcium} mmol/L: correct first", "血钙{calcium} mmol/L：先纠正"),
        (CiRomoCv, _) => ("myocardial infarction or stroke", "心肌梗死或卒中史"),
        (CiPth, _) => ("{pth_reason}", "{pth_reason}"),
        (CiSerm, _) => {
            ("only for postmenopausal women without venous thromboembolism", "仅用于无静脉血栓栓塞史的绝经后女性")
        }
        (CiStrontium, _) => {
            ("venous thromboembolism, myocardial infarction or stroke", "静脉血栓栓塞、心肌梗死或卒中史")
        }
        (TxLabelPop, _) => ("off-label for this patient", "超出说明书适用人群"),
        (CiVk2Warfarin, _) => ("on warfarin", "正在服用华法林"),
        (CiDental, _) => ("invasive dental work planned", "计划进行有创牙科操作"),
        (CiRenalUnknown, _) => ("kidney function not known: measure creatinine first", "肾功能未知：先查肌酐"),
        (DmabCkd, _) => ("{kidney_short}: risk of severe hypocalcaemia", "{kidney_short}：严重低钙血症风险"),
        (DmabCommit, _) => ("long-term treatment or a planned exit", "需长期使用或有计划地序贯停药"),
        (DmabNoExit, _) => ("no safe exit drug: long term", "无安全的序贯药物：需长期使用"),
        (DmabExitBlocked, _) => ("no safe exit drug: continue denosumab", "无安全的序贯药物：继续地舒单抗"),
        (SeqDmabToPth, _) => ("after denosumab: hip bone loss", "地舒单抗后换用致髋部骨量丢失"),
        (SeqNoCombo, _) => ("no combination with denosumab", "不与地舒单抗联用"),
        (SeqFromBp, _) => ("switch timing after a bisphosphonate", "由双膦酸盐换用时机"),
        _ => return None,
    };
    Some(lang.pick(pair))
}
