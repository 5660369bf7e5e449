//! Each rule's text in English and Chinese, kept outside the clinical engine (which holds no language text).
//! The catalogue in `clinical::rules` has the ID, section, severity and source; `RuleId::text` gives the words.
//! Texts may carry `{name}` parameters, filled from the case by `rule_text::RuleValues`.
//!
//! This table is the one source of the texts. The native build (command line, tests) compiles all of it in. The
//! browser build compiles in only the texts of the rules that can raise an alert, since alerts show at once and in
//! full. The others are reference, under "Rules applied", so the page loads them only when a reader first needs
//! them (opening that section, printing, "Copy as text", the calendar file) from `static/rule-texts.json`. That
//! file is written from this table (`json`), and a test fails while it is out of date.

use crate::clinical::rules::RuleId::{self, *};
#[cfg(any(target_arch = "wasm32", test))]
use crate::clinical::rules::{Severity, CATALOGUE};
use crate::words::lang::Lang;

/// One rule's text in both languages.
#[derive(Debug)]
pub struct RuleText {
    pub id: RuleId,
    pub en: &'static str,
    pub zh: &'static str,
}

impl RuleId {
    /// This rule's text in `lang`, with its `{name}` parameters unfilled. Always there in the native build; in the
    /// browser, `None` for a rule that cannot raise an alert until the texts are loaded (`install_json`).
    pub fn text(self, lang: Lang) -> Option<&'static str> {
        #[cfg(not(target_arch = "wasm32"))]
        let pair = {
            let text = &TEXTS[self as usize];
            Some([text.en, text.zh])
        };
        #[cfg(target_arch = "wasm32")]
        let pair = match LOADED.get() {
            Some(loaded) => loaded.get(self as usize).copied(),
            None => Some(ALERT_TEXTS[self as usize]).filter(|[en, _]| !en.is_empty()),
        };
        let [en, zh] = pair?;
        Some(match lang {
            Lang::En => en,
            Lang::Zh => zh,
        })
    }
}

/// The texts, indexed by `RuleId as usize` like the catalogue (a test checks the order). Not in the browser build.
#[cfg(not(target_arch = "wasm32"))]
pub static TEXTS: &[RuleText] = ALL;

/// How many rules have a text.
#[cfg(any(target_arch = "wasm32", test))]
const COUNT: usize = ALL.len();

/// The texts the browser build carries: those of the rules whose severity in the catalogue is not `Note` (the
/// rules that can raise an alert; a test checks every alert is one of them), by `RuleId as usize`; empty for the
/// others. Chosen at compile time, so the other texts are not in the wasm at all.
#[cfg(any(target_arch = "wasm32", test))]
static ALERT_TEXTS: [[&str; 2]; COUNT] = alert_texts();

#[cfg(any(target_arch = "wasm32", test))]
const fn alert_texts() -> [[&'static str; 2]; COUNT] {
    let mut out = [["", ""]; COUNT];
    let mut i = 0;
    while i < COUNT {
        if !matches!(CATALOGUE[i].severity, Severity::Note) {
            out[i] = [ALL[i].en, ALL[i].zh];
        }
        i += 1;
    }
    out
}

/// The texts loaded in the browser: every rule's, by `RuleId as usize`.
#[cfg(target_arch = "wasm32")]
static LOADED: std::sync::OnceLock<Vec<[&'static str; 2]>> = std::sync::OnceLock::new();

/// Whether every rule's text is at hand: always in the native build; in the browser once loaded.
pub fn all_loaded() -> bool {
    #[cfg(target_arch = "wasm32")]
    return LOADED.get().is_some();
    #[cfg(not(target_arch = "wasm32"))]
    true
}

/// The format name `rule-texts.json` starts with.
/// `/2` adds the patient's sheet (`patient_texts`).
const FORMAT: &str = "osteoplan-rule-texts/2";

/// Reads `rule-texts.json` (as `json` writes it): every rule's English and Chinese text, by `RuleId as usize`;
/// `None` unless the file has this format and a text in both languages for every rule of the catalogue.
pub fn from_json(text: &str) -> Option<Vec<[String; 2]>> {
    read_json(text).map(|(rules, _)| rules)
}

/// The rules' texts and the patient's sheet's (`patient_texts`, by `PatientText as usize`), each [English, Chinese].
fn read_json(text: &str) -> Option<(Vec<[String; 2]>, Vec<[String; 2]>)> {
    let file: serde_json::Value = serde_json::from_str(text).ok()?;
    if file.get("format")?.as_str()? != FORMAT {
        return None;
    }
    let pair =
        |text: &serde_json::Value| Some([text.get("en")?.as_str()?.to_string(), text.get("zh")?.as_str()?.to_string()]);
    let texts = file.get("texts")?;
    let rules =
        crate::clinical::rules::CATALOGUE.iter().map(|rule| pair(texts.get(rule.code)?)).collect::<Option<Vec<_>>>()?;
    let patient = file.get("patient")?.as_array()?.iter().map(pair).collect::<Option<Vec<_>>>()?;
    (patient.len() == crate::words::patient_texts::PatientText::ALL.len()).then_some((rules, patient))
}

/// Makes the texts of `rule-texts.json` the ones `RuleId::text` gives, for the rest of the page's life. `false`
/// when the file cannot be read (the rules then keep showing their IDs and sources only).
#[cfg(target_arch = "wasm32")]
pub fn install_json(text: &str) -> bool {
    if LOADED.get().is_some() {
        return true;
    }
    let Some((rules, patient)) = read_json(text) else { return false };
    // Loaded once a page: kept for its whole life.
    let leak = |texts: Vec<[String; 2]>| -> Vec<[&'static str; 2]> {
        texts.into_iter().map(|pair| pair.map(|s| &*Box::leak(s.into_boxed_str()))).collect()
    };
    crate::words::patient_texts::install(leak(patient));
    let _ = LOADED.set(leak(rules));
    true
}

/// `static/rule-texts.json`: every rule's texts by rule ID, one rule a line; then the patient's sheet's texts in
/// `PatientText` order, one a line.
#[cfg(not(target_arch = "wasm32"))]
pub fn json() -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let rules: Vec<String> = TEXTS
        .iter()
        .map(|t| format!("{}:{{\"en\":{},\"zh\":{}}}", quoted(t.id.code()), quoted(t.en), quoted(t.zh)))
        .collect();
    let patient: Vec<String> = crate::words::patient_texts::table()
        .map(|(_, [en, zh])| format!("{{\"en\":{},\"zh\":{}}}", quoted(en), quoted(zh)))
        .collect();
    format!(
        "{{\"format\":{},\"texts\":{{\n{}\n}},\"patient\":[\n{}\n]}}\n",
        quoted(FORMAT),
        rules.join(",\n"),
        patient.join(",\n")
    )
}

/// Every rule's text, in the catalogue's order.
const ALL: &[RuleText] = &[
    RuleText {
        id: DxSites,
        en: "Valid DXA sites: lumbar spine (L1–L4), femoral neck, total hip and one-third radius. The diagnosis uses the lowest T-score among the sites measured, and names that site.",
        zh: "有效的双能X线吸收检测法（DXA）测量部位：腰椎（L1–L4）、股骨颈、全髋和桡骨远端1/3。诊断采用各测量部位中最低的T值，并注明该部位。",
    },
    RuleText {
        id: DxPathT,
        en: "T-score categories apply to postmenopausal or perimenopausal women and to men aged ≥ 50.",
        zh: "绝经后或围绝经期女性，以及年龄≥50岁的男性，按T值分类。",
    },
    RuleText {
        id: DxPathZ,
        en: "Premenopausal women and men under 50 are classified by Z-score, not T-score: Z ≤ −2.0 is below the expected range for age, Z > −2.0 within it. Use the Z-score from the DXA report.",
        zh: "绝经前女性及年龄<50岁的男性按Z值分类，不用T值分类：Z值≤−2.0为低于同龄人预期范围，Z值>−2.0为处于同龄人预期范围。请采用DXA报告中的Z值。",
    },
    RuleText {
        id: DxNormal,
        en: "T-score ≥ −1.0 → normal bone mass.",
        zh: "T值≥−1.0为骨量正常。",
    },
    RuleText {
        id: DxLowMass,
        en: "−2.5 < T-score < −1.0 → low bone mass (osteopenia).",
        zh: "−2.5 < T值 < −1.0为骨量减少（低骨量）。",
    },
    RuleText {
        id: DxOp,
        en: "T-score ≤ −2.5 → osteoporosis.",
        zh: "T值≤−2.5为骨质疏松症。",
    },
    RuleText {
        id: DxSevere,
        en: "T-score ≤ −2.5 plus at least one fragility fracture → severe osteoporosis.",
        zh: "T值≤−2.5且合并至少一处脆性骨折为严重骨质疏松症。",
    },
    RuleText {
        id: DxFxHipVert,
        en: "A fragility fracture of the hip or a vertebra with T-score > −2.5 → osteoporosis whatever the T-score (clinical diagnosis). With T-score ≤ −2.5, it is severe osteoporosis (DX-SEVERE).",
        zh: "髋部或椎体脆性骨折且T值>−2.5时，无论T值如何均诊断为骨质疏松症（临床诊断）。若T值≤−2.5，则诊断为严重骨质疏松症（DX-SEVERE）。",
    },
    RuleText {
        id: DxFxOther,
        en: "Low bone mass (osteopenia) plus a fragility fracture of the proximal humerus, pelvis or distal forearm → osteoporosis.",
        zh: "骨量减少（低骨量）合并肱骨近端、骨盆或前臂远端脆性骨折时，诊断为骨质疏松症。",
    },
    RuleText {
        id: DxBounds,
        en: "Boundaries are inclusive: a T-score of exactly −1.0 is normal bone mass and exactly −2.5 is osteoporosis; the value is read as reported, without rounding.",
        zh: "界值包含端点：T值恰为−1.0属骨量正常，恰为−2.5属骨质疏松症；按报告值判断，不作四舍五入。",
    },
    RuleText {
        id: DxRange,
        en: "A T- or Z-score outside −8.0 to +6.0 is not plausible: check the DXA report and re-enter the value.",
        zh: "T值或Z值超出−8.0至+6.0范围，不符合实际：请核对DXA报告后重新录入。",
    },
    RuleText {
        id: DxFromBmd,
        en: "T-score computed from BMD as (BMD − mean) / SD of a young-adult reference: built in, NHANES III non-Hispanic white women aged 20–29 (Hologic), femoral neck 0.858 / 0.120 g/cm², total hip 0.942 / 0.122 g/cm²; other sites and machines use the mean and SD entered. Prefer the T-score printed on the DXA report when there is one.",
        zh: "由骨密度（BMD）计算的T值 =（BMD − 均值）/ 年轻成人参考人群标准差；内置参考值为NHANES III 20–29岁非西班牙裔白人女性（Hologic）：股骨颈0.858 / 0.120 g/cm²，全髋0.942 / 0.122 g/cm²；其他部位或机型采用录入的均值和标准差。如DXA报告已给出T值，以报告为准。",
    },
    RuleText {
        id: DxClinical,
        en: "Osteoporosis, clinical diagnosis: a hip or vertebral fragility fracture makes the diagnosis without DXA once a pathological fracture (metastasis, myeloma) has been considered. Start treatment without waiting for a scan; baseline DXA when feasible.",
        zh: "骨质疏松症（临床诊断）：排除病理性骨折（骨转移、骨髓瘤）后，髋部或椎体脆性骨折即可确诊，无需DXA。不必等待DXA即可开始治疗；条件允许时行基线DXA检查。",
    },
    RuleText {
        id: DxPersists,
        en: "Pre-treatment lowest T-score {pre_t} met the diagnostic threshold for osteoporosis; this DXA was taken on treatment, lowest T-score {lowest_t} ({lowest_site}): the diagnosis remains osteoporosis.",
        zh: "治疗前最低T值{pre_t}，已达骨质疏松症诊断标准；本次DXA为治疗期间所测，最低T值{lowest_t}（{lowest_site}），诊断仍为骨质疏松症。",
    },
    RuleText {
        id: DxFrax,
        en: "AACE-2020 profile: low bone mass with FRAX major osteoporotic fracture ≥ 20 % or hip ≥ 3 % (glucocorticoid-adjusted where that applies) is diagnosed as osteoporosis by fracture risk. CN-2022 keeps low bone mass; treatment is indicated either way.",
        zh: "AACE-2020方案：骨量减少且FRAX主要骨质疏松性骨折概率≥20%或髋部骨折概率≥3%（适用时按糖皮质激素剂量校正）者，按骨折风险诊断为骨质疏松症。CN-2022方案仍诊断为骨量减少；两者均有治疗指征。",
    },
    RuleText {
        id: DxOnTx,
        en: "This DXA was taken on treatment and may understate the disease: the diagnosis rests on the DXA before treatment. Enter the pre-treatment lowest T-score.",
        zh: "本次DXA为治疗期间所测，可能低估病情；诊断应依据治疗前的DXA。请录入治疗前最低T值。",
    },
    RuleText {
        id: RiskOsta,
        en: "OSTA index = 0.2 × (weight kg − age years): above −1 low, −4 to −1 medium, below −4 high risk. A screening aid only; it does not change the diagnosis.",
        zh: "亚洲人骨质疏松自我筛查工具（OSTA）指数 = 0.2 ×（体重kg − 年龄岁）：>−1为低风险，−4至−1为中风险，<−4为高风险。仅作筛查参考，不改变诊断。",
    },
    RuleText {
        id: RiskTreat,
        en: "Anti-osteoporosis drug treatment is indicated; any one of these is enough: osteoporosis (T-score ≤ −2.5, a hip or vertebral fragility fracture, or the pre-treatment DXA); low bone mass with a fragility fracture of the proximal humerus, pelvis or distal forearm, or with FRAX major osteoporotic fracture ≥ 20 % or hip ≥ 3 % (glucocorticoid-adjusted); glucocorticoid-induced osteoporosis; current treatment, which must be continued or ended safely; in premenopausal women and men under 50, a hip or vertebral fragility fracture, or a Z-score below the expected range for age with any fragility fracture.",
        zh: "有抗骨质疏松药物治疗指征，符合以下任一条件即可：骨质疏松症（T值≤−2.5、髋部或椎体脆性骨折，或治疗前DXA已达诊断标准）；骨量减少（低骨量）合并肱骨近端、骨盆或前臂远端脆性骨折，或FRAX 10年主要骨质疏松性骨折概率≥20%或髋部骨折概率≥3%（按糖皮质激素剂量校正）；糖皮质激素性骨质疏松症；正在接受抗骨质疏松治疗（须继续或安全停药）；绝经前女性及年龄<50岁的男性，髋部或椎体脆性骨折，或Z值低于同龄人预期范围且合并任何脆性骨折。",
    },
    RuleText {
        id: RiskGcFrax,
        en: "Glucocorticoids {gc_dose} mg/day prednisone-equivalent in a course of {gc_course} months (taken or planned): dose-adjusted FRAX — major osteoporotic {frax_mof} % (× {factor_mof}), hip {frax_hip} % (× {factor_hip}). Treatment thresholds are applied to these adjusted values; FRAX is assumed computed with the glucocorticoid box ticked.",
        zh: "糖皮质激素（泼尼松当量）{gc_dose} mg/d，疗程{gc_course}个月（已用或计划）：按剂量校正后FRAX 10年主要骨质疏松性骨折概率{frax_mof}%（×{factor_mof}），髋部骨折概率{frax_hip}%（×{factor_hip}）。治疗阈值按校正值判断；前提是FRAX计算时已勾选糖皮质激素项。",
    },
    RuleText {
        id: RiskGiop,
        en: "Glucocorticoid-induced osteoporosis (ACR 2022): {gc_dose} mg/day prednisone-equivalent in a course of {gc_course} months (taken or planned; a course of 3 months or more counts from its first day) at ACR moderate fracture risk or above. Anti-osteoporosis drug treatment is indicated for as long as glucocorticoids continue, with calcium, vitamin D and the lowest effective glucocorticoid dose; repeat DXA in 12 months.",
        zh: "糖皮质激素性骨质疏松症（ACR 2022）：糖皮质激素（泼尼松当量）{gc_dose} mg/d，疗程{gc_course}个月（已用或计划；疗程≥3个月者自第一天起计），ACR骨折风险分层为中度及以上。使用糖皮质激素期间有抗骨质疏松药物治疗指征，同时补充钙剂和维生素D，糖皮质激素用最低有效剂量；12个月后复查DXA。",
    },
    RuleText {
        id: RiskOnTx,
        en: "On anti-osteoporosis treatment or stopping it: a better DXA on treatment does not end the indication. Decide how to continue, switch or stop safely — denosumab is never stopped without an exit drug; an anabolic is followed by an anti-resorptive; a bisphosphonate may be paused for a drug holiday only after its review at 5 years oral or 3 zoledronic acid infusions.",
        zh: "正在接受（或准备停用）抗骨质疏松治疗：治疗期间DXA改善并不终止治疗指征。需决定如何继续、换药或安全停药——停用地舒单抗必须使用序贯药物；骨形成促进剂之后须序贯骨吸收抑制剂；双膦酸盐须在口服满5年或唑来膦酸输注3次后评估，之后方可考虑药物假期。",
    },
    RuleText {
        id: RiskVhRecentFx,
        en: "Very high risk: a fragility fracture within the last 24 months (12 months in the AACE-2020 profile) — imminent risk of another fracture; start or continue effective treatment without delay.",
        zh: "极高风险：近24个月内发生脆性骨折（AACE-2020方案为近12个月），近期再骨折风险高，应尽快开始或继续有效治疗。",
    },
    RuleText {
        id: RiskVhFxOnTx,
        en: "Very high risk: a fracture while on anti-osteoporosis drug treatment — marked as on treatment, dated within a recorded treatment period, or within 6 months after a denosumab injection.",
        zh: "极高风险：抗骨质疏松药物治疗期间发生骨折——标记为治疗中、骨折日期在用药记录期间内，或在地舒单抗注射后6个月内。",
    },
    RuleText {
        id: RiskVhMultiFx,
        en: "Very high risk: two or more fragility fractures.",
        zh: "极高风险：2次或以上脆性骨折。",
    },
    RuleText {
        id: RiskVhGc,
        en: "Very high risk: very-high-dose glucocorticoids, {gc_dose} mg/day prednisone-equivalent in a course of {gc_course} months (≥ 30 mg/day for ≥ 1 month, or a cumulative ≥ 5 g within a year).",
        zh: "极高风险：超大剂量糖皮质激素，泼尼松当量{gc_dose} mg/d，疗程{gc_course}个月（≥30 mg/d持续≥1个月，或1年内累计≥5 g）。",
    },
    RuleText {
        id: RiskVhT,
        en: "Very high risk: lowest T-score < −3.0 (strictly below).",
        zh: "极高风险：最低T值<−3.0（不含−3.0）。",
    },
    RuleText {
        id: RiskVhFalls,
        en: "Very high risk: high fall risk — two or more falls in the last 12 months, or an injurious fall.",
        zh: "极高风险：跌倒风险高——过去12个月跌倒次数≥2次，或发生过致伤性跌倒。",
    },
    RuleText {
        id: RiskVhFrax,
        en: "Very high risk: FRAX 10-year probability of major osteoporotic fracture > 30 % or of hip fracture > 4.5 % (glucocorticoid-adjusted where applicable).",
        zh: "极高风险：FRAX 10年主要骨质疏松性骨折概率>30%或髋部骨折概率>4.5%（使用糖皮质激素者按校正值）。",
    },
    RuleText {
        id: RiskLevel,
        en: "Fracture risk is very high when treatment is indicated and a very-high-risk criterion is met, and high when treatment is indicated without one; otherwise drug treatment is not indicated at present.",
        zh: "骨折风险分层：有药物治疗指征且符合任一极高风险条件为极高风险；有药物治疗指征但无极高风险条件为高风险；否则暂无药物治疗指征。",
    },
    RuleText {
        id: BaseLifestyle,
        en: "Lifestyle measures for everyone: regular sleep and a balanced diet; stop smoking, limit alcohol and strong coffee; sunlight and regular exercise for muscle strength where possible; fall prevention.",
        zh: "生活方式调节（所有患者）：规律作息和均衡膳食；戒烟限酒，避免长期饮用浓咖啡；在条件允许时适当日晒，规律运动以改善肌力；预防跌倒。",
    },
    RuleText {
        id: BaseCaVitd,
        en: "Calcium 1000–1200 mg/day in total (diet first, supplement the rest) and vitamin D 800–1200 IU/day. When drug treatment is indicated, calcium and vitamin D alone are not enough; avoid single large vitamin D boluses.",
        zh: "基础治疗：钙剂和维生素D。每日总钙摄入1000–1200 mg（先从膳食摄取，不足部分用补充剂），维生素D 800–1200 IU/d。有药物治疗指征时，单纯补充钙剂和维生素D不能替代抗骨质疏松药物；不推荐单次大剂量补充维生素D。",
    },
    RuleText {
        id: BaseVitdLow,
        en: "25(OH)D {vitamin_d} nmol/L — vitamin D insufficiency: start colecalciferol 800–2000 IU/day and go ahead with treatment; it does not delay any drug. Recheck 25(OH)D in 3 months.",
        zh: "25-羟维生素D {vitamin_d} nmol/L，维生素D不足：开始补充维生素D3 800–2000 IU/d，抗骨质疏松治疗照常进行，不因此推迟任何药物。3个月后复查25-羟维生素D。",
    },
    RuleText {
        id: BaseVitdSevere,
        en: "25(OH)D {vitamin_d} nmol/L — vitamin D deficiency: load in divided doses (about 300 000 IU colecalciferol over 6–10 weeks, weekly or daily; never one mega-bolus), then maintenance, and recheck 25(OH)D after loading. Start zoledronic acid or denosumab after about 6 weeks of loading (date in the plan); a denosumab dose that is due, late or overdue is not delayed — give it alongside, calcium permitting.",
        zh: "25-羟维生素D {vitamin_d} nmol/L，维生素D缺乏：分次负荷补充（维生素D3共约300 000 IU，6–10周内每周或每日给予，切勿单次超大剂量），之后改为维持剂量，负荷结束后复查25-羟维生素D。唑来膦酸或地舒单抗在负荷补充约6周后开始（日期见诊疗计划）；已到期、延迟或严重逾期的地舒单抗注射不推迟，血钙允许时与负荷补充同时进行。",
    },
    RuleText {
        id: BaseCaAdj,
        en: "Calcium {calcium} mmol/L, albumin-adjusted when albumin is known (adjusted = total + 0.02 × (40 − albumin g/L)). Without albumin, a total calcium below 2.20 mmol/L may be falsely low: measure albumin and adjust before deciding.",
        zh: "血钙{calcium} mmol/L，已知白蛋白时为白蛋白校正血钙（校正血钙 = 总钙 + 0.02 ×（40 − 白蛋白g/L））。无白蛋白结果时，总钙<2.20 mmol/L可能为假性降低：应先查白蛋白、校正后再作决定。",
    },
    RuleText {
        id: BaseSecondary,
        en: "A secondary cause is present (glucocorticoids, thyroid disease, GI disease or malabsorption, CKD, liver disease, inflammatory/autoimmune or haematological disease, long-term heparin, anticonvulsants, contraceptives, hypogonadism): evaluate and treat it alongside the osteoporosis.",
        zh: "存在继发性骨质疏松症病因（糖皮质激素、甲状腺疾病、胃肠道疾病/吸收不良、慢性肾脏病、肝病、炎症性/自身免疫性或血液系统疾病、长期使用肝素、抗惊厥药、避孕药、性腺功能减退）：在治疗骨质疏松症的同时评估并治疗继发病因。",
    },
    RuleText {
        id: TxHigh,
        en: "High risk. CN-2022: start with an oral bisphosphonate (alendronate or risedronate); zoledronic acid or denosumab if oral drugs are not tolerated or unsuitable, ibandronate as an alternative. AACE-2020: alendronate, risedronate, zoledronic acid and denosumab are all first line, ibandronate an alternative; under either profile, raloxifene or bazedoxifene only for postmenopausal women at mainly spinal risk (no hip fracture, hip T-scores above −2.5, FRAX hip < 3 %).",
        zh: "高风险。CN-2022方案：首选口服双膦酸盐（阿仑膦酸钠或利塞膦酸钠）；不耐受或不适合口服药物时可选唑来膦酸或地舒单抗，伊班膦酸钠亦可选。AACE-2020方案：阿仑膦酸钠、利塞膦酸钠、唑来膦酸和地舒单抗均为首选，伊班膦酸钠可选；两种方案下，以椎体骨折风险为主的绝经后女性（无髋部骨折、髋部T值>−2.5且FRAX髋部骨折概率<3%）方可选用雷洛昔芬或巴多昔芬。",
    },
    RuleText {
        id: TxVeryHigh,
        en: "Very high risk: start with zoledronic acid, denosumab, teriparatide, abaloparatide or romosozumab; oral bisphosphonates, ibandronate and SERMs are second line. After an anabolic course, follow on with an anti-resorptive without a gap — book it when the anabolic starts.",
        zh: "极高风险：初始治疗首选唑来膦酸、地舒单抗、特立帕肽、阿巴洛肽或罗莫佐单抗；口服双膦酸盐、伊班膦酸钠及选择性雌激素受体调节剂为二线。骨形成促进剂疗程结束后须无间隔序贯骨吸收抑制剂，开始用药时即预约。",
    },
    RuleText {
        id: TxVhAnabolic,
        en: "Anabolic first: very high risk with two or more vertebral fragility fractures, a vertebral fragility fracture with T-score ≤ −2.5, T-score < −3.0 with a fragility fracture, or glucocorticoid-induced osteoporosis. Start the anabolic marked preferred (teriparatide, abaloparatide or romosozumab; in glucocorticoid-induced osteoporosis teriparatide or abaloparatide), then an anti-resorptive; zoledronic acid or denosumab if no anabolic can be used.",
        zh: "先用骨形成促进剂：极高风险且有≥2处椎体脆性骨折、椎体脆性骨折伴T值≤−2.5、T值<−3.0伴脆性骨折，或为糖皮质激素性骨质疏松症。开始标记为首选的骨形成促进剂（特立帕肽、阿巴洛肽或罗莫佐单抗；糖皮质激素性骨质疏松症用特立帕肽或阿巴洛肽），之后序贯骨吸收抑制剂；无法使用任何骨形成促进剂时选用唑来膦酸或地舒单抗。",
    },
    RuleText {
        id: TxVhHip,
        en: "Hip fracture within the last 24 months: zoledronic acid or denosumab first. Give zoledronic acid from 2 weeks after the fracture and within 90 days of it where possible; teriparatide, abaloparatide and romosozumab are alternatives (teriparatide and abaloparatide have not been shown to reduce hip fractures).",
        zh: "近24个月内髋部骨折：首选唑来膦酸或地舒单抗。唑来膦酸宜在骨折后2周起、90天内输注；特立帕肽、阿巴洛肽和罗莫佐单抗可选（特立帕肽、阿巴洛肽未证实可降低髋部骨折风险）。",
    },
    RuleText {
        id: TxGiop,
        en: "Glucocorticoid-induced osteoporosis (ACR 2022): the treatment table follows the ACR stratum. Moderate: oral bisphosphonates, zoledronic acid, denosumab, teriparatide and abaloparatide in no preferred order. High: teriparatide, abaloparatide and denosumab first; bisphosphonates are alternatives. Very high: teriparatide and abaloparatide first; denosumab and bisphosphonates are alternatives. Romosozumab and SERMs only if the other agents are not tolerated.",
        zh: "糖皮质激素性骨质疏松症（ACR 2022）：按ACR风险分层选择药物。中危：口服双膦酸盐、唑来膦酸、地舒单抗、特立帕肽和阿巴洛肽均可，不分先后。高危：首选特立帕肽、阿巴洛肽和地舒单抗，双膦酸盐为备选。极高危：首选特立帕肽和阿巴洛肽，地舒单抗和双膦酸盐为备选。罗莫佐单抗和选择性雌激素受体调节剂仅用于不能耐受其他药物者。",
    },
    RuleText {
        id: TxNonePreferred,
        en: "No drug is clearly preferred for this patient after the contraindications: the first usable alternative is named as the start, as a specialist's decision.",
        zh: "排除禁忌后，无明确首选药物：以第一个可用的备选药物作为起始药物，由专科医师决定。",
    },
    RuleText {
        id: TxAvailability,
        en: "Romosozumab and abaloparatide may not be registered or available locally: confirm before prescribing. If they cannot be used, choose among the other drugs marked preferred or alternative for this patient.",
        zh: "罗莫佐单抗和阿巴洛肽在国内可能尚未获批或难以获得：处方前请确认。如无法使用，从本患者其他标记为首选或可选的药物中选择。",
    },
    RuleText {
        id: TxNotIndicated,
        en: "Drug treatment is not indicated at present: lifestyle measures, calcium and vitamin D. Repeat DXA in 2 years (1 year on glucocorticoids or with new risk factors).",
        zh: "暂无药物治疗指征：生活方式调节及基础治疗（钙剂和维生素D）。2年后复查DXA（使用糖皮质激素或出现新的危险因素时1年后复查）。",
    },
    RuleText {
        id: TxSecondLine,
        en: "Calcitonin is second line and for short courses only (pain after an acute vertebral fracture, 2–4 weeks at most). Active vitamin D (eldecalcitol, alfacalcidol, calcitriol) and menatetrenone (vitamin K2) are adjuncts, not first line.",
        zh: "降钙素为二线、短期用药（急性椎体骨折后疼痛，最长2–4周）。活性维生素D（艾地骨化醇、阿法骨化醇、骨化三醇）及四烯甲萘醌（维生素K2）为辅助用药，非一线用药。",
    },
    RuleText {
        id: TxOther,
        en: "Strontium ranelate is restricted (cardiovascular and thromboembolic risk); growth hormone only with GH deficiency; testosterone only for hypogonadal men (calculated free testosterone < 7 ng/dL or bioavailable < 180 ng/dL).",
        zh: "雷奈酸锶限制使用（心血管及血栓栓塞风险）；生长激素仅用于生长激素缺乏者；睾酮仅用于性腺功能减退男性（计算游离睾酮<7 ng/dL或生物可利用睾酮<180 ng/dL）。",
    },
    RuleText {
        id: TxContinueDmab,
        en: "On denosumab: continue 60 mg every 6 months on schedule, long term; a fracture on treatment does not change this — check the dose timing and ask for specialist review. Do not switch to teriparatide or abaloparatide (progressive hip bone loss after denosumab), romosozumab only on specialist advice. Stopping is possible only with an exit drug 6 months after the last injection (see the exit options; if none can be used, do not stop).",
        zh: "正在使用地舒单抗：继续按时皮下注射，每6个月60 mg，长期使用；治疗期间发生骨折不改变此方案，应核对注射时间并请专科会诊。不要换用特立帕肽或阿巴洛肽（地舒单抗后换用致髋部骨量进行性丢失），罗莫佐单抗仅在专科意见下使用。只有在末次注射后6个月使用序贯药物，方可停药（见序贯药物选项；如均无法使用，不可停药）。",
    },
    RuleText {
        id: TxExitDmab,
        en: "Stopping denosumab: the exit drug in the exit plan replaces it on its date; if no exit drug can be used, or it cannot be given in time, continue denosumab. Do not switch to teriparatide or abaloparatide; romosozumab only on specialist advice.",
        zh: "停用地舒单抗：按停药后序贯方案中的日期，由序贯药物接替；如无可用的序贯药物，或无法按时使用，继续使用地舒单抗。不要换用特立帕肽或阿巴洛肽；罗莫佐单抗仅在专科意见下使用。",
    },
    RuleText {
        id: TxOnAnabolic,
        en: "On {stage_drug} since {since}: complete the course (teriparatide up to 24 months; abaloparatide 18 months under CN-2022, 24 under AACE-2020; romosozumab 12 monthly doses). Book zoledronic acid, denosumab or alendronate to start when it ends, with no gap.",
        zh: "自{since}起使用{stage_drug}：完成疗程（特立帕肽最长24个月；阿巴洛肽CN-2022方案18个月、AACE-2020方案24个月；罗莫佐单抗每月1次，共12次）。现在即预约疗程结束时无间隔序贯唑来膦酸、地舒单抗或阿仑膦酸钠。",
    },
    RuleText {
        id: TxAfterAnabolic,
        en: "The {stage_drug} course ended on {until} ({months_since} months ago) with no anti-resorptive after it: start the anti-resorptive marked preferred now (usually zoledronic acid or denosumab; alendronate or risedronate if kidney function allows) to keep the bone gained. Another anabolic course is not the next step.",
        zh: "{stage_drug}疗程已于{until}结束（{months_since}个月前），此后未序贯骨吸收抑制剂：应立即开始标记为首选的骨吸收抑制剂（通常为唑来膦酸或地舒单抗；肾功能允许时也可选阿仑膦酸钠或利塞膦酸钠），以保住已获得的骨量。下一步不宜再用骨形成促进剂。",
    },
    RuleText {
        id: TxOnc,
        en: "On denosumab 120 mg every 4 weeks (oncology regimen): no second anti-resorptive (jaw osteonecrosis, hypocalcaemia) and no anabolic with bone metastases or skeletal malignancy. Bone protection is the oncology regimen, with calcium, vitamin D, dental care and calcium checks.",
        zh: "正在使用地舒单抗120 mg每4周（肿瘤方案）：不加用第二种骨吸收抑制剂（颌骨坏死、低钙血症风险），骨转移或骨恶性肿瘤者不用骨形成促进剂。骨保护即肿瘤方案本身，配合钙剂、维生素D、口腔护理和血钙监测。",
    },
    RuleText {
        id: TxOnBp,
        en: "On bisphosphonate treatment since {since}, now {stage_drug}: continue until the review at 5 years oral or 3 zoledronic acid infusions (date in the plan; review now if that point has passed). Switch only for intolerance, unsuitability or a fracture on treatment.",
        zh: "自{since}起接受双膦酸盐治疗，目前为{stage_drug}：继续使用，直至口服满5年或唑来膦酸输注3次时评估（日期见诊疗计划；如已超过该时间点，现在即评估）。仅在不耐受、不适合或治疗期间发生骨折时换药。",
    },
    RuleText {
        id: CiBpRenal,
        en: "Kidney function: {kidney}. Avoid alendronate and zoledronic acid below 35 mL/min, risedronate and ibandronate below 30 mL/min.",
        zh: "肾功能：{kidney}。<35 mL/min禁用阿仑膦酸钠和唑来膦酸，<30 mL/min禁用利塞膦酸钠和伊班膦酸钠。",
    },
    RuleText {
        id: CiRenalSevere,
        en: "Kidney function: {kidney} — severe renal impairment. CN-2022 (EU/China labels): avoid teriparatide, abaloparatide, raloxifene, bazedoxifene and strontium ranelate, and give romosozumab with caution and calcium monitoring; AACE-2020 (US labels): teriparatide, abaloparatide, raloxifene and romosozumab with caution.",
        zh: "肾功能：{kidney}，属严重肾功能不全。CN-2022方案（欧盟/中国说明书）：禁用特立帕肽、阿巴洛肽、雷洛昔芬、巴多昔芬和雷奈酸锶，罗莫佐单抗慎用并监测血钙；AACE-2020方案（美国说明书）：特立帕肽、阿巴洛肽、雷洛昔芬和罗莫佐单抗慎用。",
    },
    RuleText {
        id: CiBpOralGi,
        en: "Oesophageal disease, inability to stay upright for 30 minutes, or intolerance of oral bisphosphonates: avoid oral bisphosphonates; use zoledronic acid or denosumab instead.",
        zh: "食管疾病、无法保持直立30分钟或不耐受口服双膦酸盐者禁用口服双膦酸盐，改用唑来膦酸或地舒单抗。",
    },
    RuleText {
        id: CiHypoca,
        en: "Hypocalcaemia (calcium below 2.10 mmol/L, albumin-adjusted where albumin is known): correct it before any bisphosphonate (the labels: \"must be corrected before initiating therapy\"), denosumab or romosozumab — calcium, vitamin D, check magnesium, look for the cause, then repeat the calcium. On denosumab, correct within days and then give the dose; do not stop denosumab.",
        zh: "低钙血症（血钙<2.10 mmol/L，已知白蛋白时按白蛋白校正血钙）：使用任何双膦酸盐（说明书：开始治疗前必须纠正）、地舒单抗或罗莫佐单抗前须先纠正——补充钙剂和维生素D，检查血镁，查找病因，再复查血钙。正在使用地舒单抗者应在数日内纠正后注射；不要停用地舒单抗。",
    },
    RuleText {
        id: CiRomoCv,
        en: "Myocardial infarction or stroke: avoid romosozumab within 12 months of the event. After an earlier event, avoid it under CN-2022 (EU label: any history) and use it only with caution under AACE-2020 (US label).",
        zh: "心肌梗死或卒中：过去12个月内发生者禁用罗莫佐单抗。更早发生者，CN-2022方案禁用（欧盟说明书：有此病史即禁用），AACE-2020方案（美国说明书）慎用。",
    },
    RuleText {
        id: CiPth,
        en: "Avoid teriparatide and abaloparatide with Paget's disease or unexplained raised alkaline phosphatase, open epiphyses, prior skeletal radiation, bone metastases or skeletal malignancy, or hypercalcaemia. After more than 24 months in total: avoid under CN-2022 (EU/China labels, lifetime maximum, not repeated; abaloparatide alone beyond 18 months too), caution under AACE-2020 (only if fracture risk remains high).",
        zh: "Paget骨病或不明原因碱性磷酸酶升高、骨骺未闭合、既往骨骼放疗、骨转移或骨骼恶性肿瘤、高钙血症者禁用特立帕肽和阿巴洛肽。累计使用超过24个月：CN-2022方案禁用（欧盟/中国说明书终生限用24个月，不重复疗程；阿巴洛肽单独使用超过18个月亦禁用）；AACE-2020方案慎用，仅在骨折风险仍高时继续。",
    },
    RuleText {
        id: CiRomo12,
        en: "Romosozumab course complete (12 monthly doses): do not continue it; go on with an anti-resorptive.",
        zh: "罗莫佐单抗疗程已满（每月1次共12次）：不再继续，改用骨吸收抑制剂序贯治疗。",
    },
    RuleText {
        id: CiSerm,
        en: "Raloxifene and bazedoxifene: avoid in anyone not postmenopausal (men, pre- and perimenopausal women) and with a history of venous thromboembolism.",
        zh: "选择性雌激素受体调节剂（雷洛昔芬、巴多昔芬）：非绝经后人群（男性、绝经前及围绝经期女性）及有静脉血栓栓塞史者禁用。",
    },
    RuleText {
        id: CiStrontium,
        en: "Avoid strontium ranelate with a history of venous thromboembolism, myocardial infarction or stroke.",
        zh: "有静脉血栓栓塞、心肌梗死或卒中病史者禁用雷奈酸锶。",
    },
    RuleText {
        id: TxLabelPop,
        en: "Off-label for this patient, so second line at most: romosozumab in men and in women who are not postmenopausal; ibandronate in men; abaloparatide in men under CN-2022 (EU label: women only).",
        zh: "以下用药超出说明书人群（超说明书用药），最多作为二线：男性或非绝经后女性使用罗莫佐单抗；男性使用伊班膦酸钠；CN-2022方案下男性使用阿巴洛肽（欧盟说明书仅限女性）。",
    },
    RuleText {
        id: CiTestoAdt,
        en: "Androgen-deprivation therapy for prostate cancer: testosterone is contraindicated. Denosumab and zoledronic acid remain options.",
        zh: "前列腺癌雄激素剥夺治疗：禁用睾酮。地舒单抗和唑来膦酸仍可选用。",
    },
    RuleText {
        id: CiVk2Warfarin,
        en: "On warfarin: avoid menatetrenone (vitamin K2).",
        zh: "正在使用华法林者禁用四烯甲萘醌（维生素K2）。",
    },
    RuleText {
        id: CiDental,
        en: "Invasive dental work planned: bisphosphonates and denosumab with caution (osteonecrosis of the jaw); finish the dental work first where possible. On denosumab, keep the schedule and do the dental work mid-interval.",
        zh: "计划进行侵入性牙科治疗：双膦酸盐和地舒单抗慎用（颌骨坏死风险），尽可能先完成牙科治疗。正在使用地舒单抗者不改变注射时间，牙科治疗安排在两次注射之间的中段。",
    },
    RuleText {
        id: CiRenalUnknown,
        en: "Kidney function not known: measure creatinine (and record weight for Cockcroft–Gault) before zoledronic acid or an oral bisphosphonate.",
        zh: "肾功能未知：使用唑来膦酸或口服双膦酸盐前先检查血肌酐（并记录体重，以按Cockcroft–Gault公式计算肌酐清除率）。",
    },
    RuleText {
        id: DmabNext,
        en: "Denosumab 60 mg subcutaneously every 6 months: next injection due 6 months after the last one, with a window of 4 weeks either side.",
        zh: "地舒单抗皮下注射，每6个月60 mg：下次注射日期为末次注射后6个月，注射窗口为该日期前后各4周。",
    },
    RuleText {
        id: DmabStatus,
        en: "Dose timing: due within 4 weeks either side of the due date; late from 4 to 16 weeks after it; overdue beyond 16 weeks, when the risk of rebound vertebral fractures rises. When denosumab is being stopped, these dates time the exit drug, not another injection.",
        zh: "注射时间：下次注射日期前后各4周内为到期；超过4周至16周为延迟；超过16周为严重逾期，反跳性椎体骨折风险随之升高。计划停药者，这些日期用于安排序贯用药（序贯用药到期），而非再次注射。",
    },
    RuleText {
        id: DmabMissed,
        en: "The denosumab dose due {next_due} is {days_late} days late: give it today. The next dose is then due {catch_up_next}, counted from today's dose, not from the missed date.",
        zh: "地舒单抗原定{next_due}注射，已延迟{days_late}天：今日补注射。下次注射日期为{catch_up_next}，按今日实际注射日期计算，而非原计划日期。",
    },
    RuleText {
        id: DmabCatchUp,
        en: "Catch-up dose today. The {next_step} is due {catch_up_next}, counted from today's dose. Book it today.",
        zh: "今日补注射。{next_step}日期为{catch_up_next}，按今日实际注射日期计算。今日即预约。",
    },
    RuleText {
        id: DmabRebound,
        en: "Denosumab {days_late} days overdue (due {next_due}): rebound bone loss with a high risk of multiple vertebral fractures. Give 60 mg today and image the spine today (lateral thoracolumbar X-ray or VFA); the {next_step} is due {catch_up_next}, counted from today's dose.",
        zh: "地舒单抗原定{next_due}注射，已逾期{days_late}天：处于停药反跳期，多发椎体骨折风险高。今日注射60 mg，今日行胸腰椎侧位X线片或椎体骨折评估（VFA）；{next_step}日期为{catch_up_next}，按今日实际注射日期计算。",
    },
    RuleText {
        id: DmabHistoryStop,
        en: "Denosumab was stopped with no drug after it: about 6 months after the last dose its effect wears off, bone is lost quickly and the risk of multiple vertebral fractures rises, mostly over the next 1–2 years. Look for new vertebral fractures and put an exit or treatment plan in place now.",
        zh: "地舒单抗已停用，此后未使用其他药物：末次注射约6个月后药效消退，骨量快速丢失，多发椎体骨折风险升高，主要发生在此后1–2年内。应检查有无新发椎体骨折，并立即制定停药后序贯方案或治疗方案。",
    },
    RuleText {
        id: DmabStopPlan,
        en: "Stopping denosumab is never silent: an exit drug replaces it about 6 months after the last injection (transition date {transition_on}); the exit plan gives the drug and the date to act on. With no usable exit drug, denosumab continues.",
        zh: "停用地舒单抗不能一停了之：末次注射后约6个月（序贯用药日期{transition_on}）由序贯药物接替；具体药物和用药日期见停药后序贯方案。如无可用的序贯药物，继续使用地舒单抗。",
    },
    RuleText {
        id: DmabExitShort,
        en: "Short course at low risk ({injections} injections, no fragility fracture, hip T-scores above −2.5): exit with {exit_drug} from the transition date — zoledronic acid 5 mg IV once, or an oral bisphosphonate weekly for 12–24 months.",
        zh: "疗程短且风险低（已注射{injections}针，无脆性骨折，髋部T值>−2.5）：自序贯用药日期起使用序贯药物{exit_drug}——唑来膦酸5 mg静脉输注一次，或口服双膦酸盐每周一次、持续12–24个月。",
    },
    RuleText {
        id: DmabExitLong,
        en: "Exit with monitoring ({injections} injections recorded): {exit_drug} from the transition date, then serum β-CTX 3 and 6 months after it starts. If CTX is above the premenopausal reference mean, give zoledronic acid (again) if kidney function allows; otherwise ask for specialist advice.",
        zh: "序贯并监测（已注射{injections}针）：自序贯用药日期起使用序贯药物{exit_drug}，开始后3个月和6个月检测血清β-CTX。如高于绝经前女性参考均值，肾功能允许时（再次）输注唑来膦酸；否则请专科会诊。",
    },
    RuleText {
        id: DmabExitBlocked,
        en: "No safe exit from denosumab: zoledronic acid, alendronate and risedronate are all contraindicated. Continue denosumab on schedule and refer for specialist review.",
        zh: "无安全的停药后序贯方案：唑来膦酸、阿仑膦酸钠和利塞膦酸钠均禁用。继续按时注射地舒单抗，并请专科会诊。",
    },
    RuleText {
        id: DmabExitTiming,
        en: "Exit drug {exit_drug}: give it on {give_on}, and no later than {give_by} (transition date {transition_on}). Do not let this slip: bone loss starts as the last denosumab dose wears off.",
        zh: "序贯药物{exit_drug}：于{give_on}使用，最迟不晚于{give_by}（序贯用药日期{transition_on}）。不可延误：末次地舒单抗作用消退后骨量即开始丢失。",
    },
    RuleText {
        id: DmabExitFallback,
        en: "If {exit_drug} cannot be given by {give_by}, give denosumab 60 mg instead and plan the exit again for 6 months after that dose.",
        zh: "如{give_by}前无法使用{exit_drug}，改为注射地舒单抗60 mg，并于该次注射后6个月重新安排序贯用药。",
    },
    RuleText {
        id: DmabExitRestart,
        en: "The exit was due {next_due} and is {days_late} days late with no exit drug given: the window has passed. Give denosumab 60 mg today and re-plan the exit for {transition_on}, 6 months after today's dose.",
        zh: "序贯用药原定{next_due}，已逾期{days_late}天仍未使用序贯药物，窗口已过：今日注射地舒单抗60 mg，并将序贯用药重新安排在{transition_on}（今日注射后6个月）。",
    },
    RuleText {
        id: DmabExitGiven,
        en: "Exit drug {exit_drug} given on {given_on}: denosumab has been stopped with its exit. Any β-CTX checks and the next DXA count from that date; an oral exit drug continues for 12–24 months.",
        zh: "序贯药物{exit_drug}已于{given_on}使用，地舒单抗已按停药后序贯方案停用。β-CTX复查及下次DXA均自该日起计算；口服序贯药物持续12–24个月。",
    },
    RuleText {
        id: DmabCtxDates,
        en: "Serum β-CTX 3 and 6 months after {exit_drug} starts, counted from the day it is actually given. If CTX is above the premenopausal reference mean, give zoledronic acid (again) if kidney function allows; otherwise ask for specialist advice.",
        zh: "序贯药物{exit_drug}开始后3个月和6个月检测血清β-CTX，自实际用药日期起计算。如高于绝经前女性参考均值，肾功能允许时（再次）输注唑来膦酸；否则请专科会诊。",
    },
    RuleText {
        id: DmabReview,
        en: "{injections} denosumab injections (5 years or more): review treatment. Continue up to 10 years if fracture risk remains high; stopping needs a planned exit.",
        zh: "已注射地舒单抗{injections}针（≥5年）：评估治疗。骨折风险仍高者可继续使用至10年；如停药须制定停药后序贯方案。",
    },
    RuleText {
        id: DmabCkd,
        en: "Kidney function: {kidney}. High risk of severe hypocalcaemia with denosumab (FDA boxed warning). Before the next (or first) dose, evaluate CKD-MBD with nephrology — adjusted calcium, phosphate, magnesium, iPTH, ALP, 25(OH)D, 1,25(OH)₂D — and correct calcium and vitamin D first; after each dose, check serum calcium weekly for the first month, then monthly.",
        zh: "肾功能：{kidney}。使用地舒单抗有严重低钙血症高风险（FDA黑框警告）。下次（或首次）注射前与肾内科共同评估CKD-MBD（校正血钙、血磷、血镁、iPTH、碱性磷酸酶、25-羟维生素D、1,25-二羟维生素D），先纠正血钙和维生素D；每次注射后首月每周查血钙，之后每月1次。",
    },
    RuleText {
        id: DmabCaPredisposed,
        en: "Predisposed to hypocalcaemia (kidney function 30–59 mL/min or malabsorption): check serum calcium, phosphate and magnesium 10–14 days after each denosumab dose.",
        zh: "存在低钙血症易感因素（肾功能30–59 mL/min或吸收不良）：每次注射地舒单抗后10–14天复查血钙、血磷、血镁。",
    },
    RuleText {
        id: DmabNoExit,
        en: "No safe exit from denosumab: zoledronic acid, alendronate and risedronate are all contraindicated. Denosumab means long-term treatment for this patient — never delay or stop it — with specialist review.",
        zh: "地舒单抗无安全的停药后序贯方案：唑来膦酸、阿仑膦酸钠和利塞膦酸钠均禁用。该患者使用地舒单抗即需长期使用，不可推迟或停用，并请专科会诊。",
    },
    RuleText {
        id: DmabCommit,
        en: "Denosumab is long-term treatment, not a fixed 1–2-year course: stopping it needs a planned bisphosphonate exit. Discuss this with the patient before the first dose.",
        zh: "地舒单抗需长期使用，不是固定1–2年的疗程；停药时须有计划地序贯双膦酸盐。首次注射前应与患者沟通。",
    },
    RuleText {
        id: DmabCaCheck,
        en: "Check serum calcium before every dose and correct low calcium first. Low vitamin D never delays a dose: replace it alongside.",
        zh: "每次注射前检查血钙，如有低钙血症应先纠正。维生素D偏低不推迟注射，同时补充即可。",
    },
    RuleText {
        id: DmabSafety,
        en: "Counsel on infections of skin, ear-nose-throat and gut; osteonecrosis of the jaw (dental hygiene, report jaw pain); and new thigh or groin pain (atypical femoral fracture).",
        zh: "用药宣教：注意皮肤、耳鼻咽喉及胃肠道感染；颌骨坏死（保持口腔卫生，出现颌骨疼痛及时报告）；新发大腿或腹股沟疼痛（警惕非典型股骨骨折）。",
    },
    RuleText {
        id: DmabFxHealing,
        en: "Fracture on or near denosumab treatment: continue on schedule — denosumab does not impair fracture healing and is not delayed for surgery.",
        zh: "地舒单抗治疗期间或近期发生骨折：继续按计划注射——地舒单抗不影响骨折愈合，不因手术而推迟注射。",
    },
    RuleText {
        id: DmabOnc,
        en: "Oncology regimen (120 mg every 4 weeks for bone metastases or giant-cell tumour of bone): next dose 28 days after the last, window ± 3 days; late up to 28 days after the due date, overdue beyond. The osteoporosis rebound, exit and 5-year review advice does not apply.",
        zh: "肿瘤方案（骨转移、骨巨细胞瘤，每4周120 mg）：下次注射为末次注射后28天，注射窗口为前后各3天；超过下次注射日期28天以内为延迟，超过28天为严重逾期。骨质疏松症方案中的反跳、停药后序贯及5年评估建议不适用。",
    },
    RuleText {
        id: SeqNoCombo,
        en: "A bisphosphonate and denosumab overlap: combined treatment is not recommended — keep one of them. A zoledronic acid infusion 5 months or more after the last denosumab injection is the exit infusion, not a combination.",
        zh: "双膦酸盐与地舒单抗用药时间重叠：不推荐联合使用，应只保留其一。末次地舒单抗注射5个月及以后的唑来膦酸输注属于停药后序贯，不算联合。",
    },
    RuleText {
        id: SeqDmabToPth,
        en: "Teriparatide or abaloparatide after denosumab causes progressive hip bone loss: ask for specialist review. Where an anabolic is needed, it belongs before denosumab.",
        zh: "地舒单抗后序贯特立帕肽或阿巴洛肽可导致髋部骨量进行性丢失：请专科会诊。需用骨形成促进剂时应安排在地舒单抗之前。",
    },
    RuleText {
        id: SeqAnabolicFirst,
        en: "The {stage_drug} course ended on {until} ({months_since} months ago) with no anti-resorptive after it: the bone gained is being lost. Start the anti-resorptive marked preferred now (usually zoledronic acid or denosumab; alendronate or risedronate if kidney function allows).",
        zh: "{stage_drug}疗程已于{until}结束（{months_since}个月前），此后未序贯骨吸收抑制剂，已获得的骨量正在丢失。应立即开始标记为首选的骨吸收抑制剂（通常为唑来膦酸或地舒单抗；肾功能允许时也可选阿仑膦酸钠或利塞膦酸钠）。",
    },
    RuleText {
        id: SeqFromBp,
        en: "Switching from a bisphosphonate to denosumab: from alendronate, give the first injection one week after the last weekly tablet; from zoledronic acid, 12 months after the last infusion.",
        zh: "由双膦酸盐转换为地舒单抗：由阿仑膦酸钠转换者，末次每周片剂后1周首次注射；由唑来膦酸转换者，末次输注后12个月首次注射。",
    },
    RuleText {
        id: EvidNonunion,
        en: "Information only, not a recommendation: for non-union, a case series of 3 patients used denosumab 120 mg monthly for 3 months (the oncology dose, not an osteoporosis regimen), and a femoral-neck series in young adults after vascularised bone grafting used 60 mg every 6 months. Osteoporosis treatment is decided on its usual criteria.",
        zh: "仅供参考，不构成推荐：一项3例骨折不愈合病例系列曾使用地舒单抗每月120 mg、共3个月（为肿瘤剂量，并非骨质疏松症方案）；另一项青年股骨颈骨折带血管蒂骨移植术后的病例系列曾使用每6个月60 mg。骨质疏松症的治疗决策不依据上述资料。",
    },
    RuleText {
        id: WorkVfa,
        en: "No vertebral fracture on record: obtain a lateral thoracolumbar X-ray or VFA now — a silent vertebral fracture changes the diagnosis, the risk level and the drug.",
        zh: "无椎体骨折记录：现在行胸腰椎侧位X线片或椎体骨折评估（VFA）；隐匿性椎体骨折会改变诊断、风险分层和用药选择。",
    },
    RuleText {
        id: WorkLabs,
        en: "Secondary-cause screen: adjusted calcium, phosphate, ALP, creatinine, 25(OH)D, PTH and TSH (skip what is already known); in men also testosterone with SHBG and LH. Serum protein electrophoresis with free light chains after a vertebral fracture at 50 or over, or before an anabolic; ALP and calcium before the first anabolic dose.",
        zh: "继发性病因筛查：校正血钙、血磷、碱性磷酸酶、血肌酐、25-羟维生素D、PTH、TSH（已有结果者不必重复）；男性加查睾酮、性激素结合球蛋白（SHBG）和LH。50岁及以上椎体骨折或拟用骨形成促进剂者查血清蛋白电泳及游离轻链；骨形成促进剂首剂前查碱性磷酸酶（排除Paget骨病）和血钙。",
    },
    RuleText {
        id: WorkBtm,
        en: "Bone turnover marker at baseline and again 3 months after the start: s-CTX for an anti-resorptive, s-PINP for an anabolic. Skip the baseline if a fracture is less than 3 months old (it raises the markers); keep the 3-month check.",
        zh: "用药前检测骨转换标志物，开始用药后3个月复查：骨吸收抑制剂测血清β-CTX，骨形成促进剂测P1NP。骨折不足3个月者（骨折会使标志物升高）不测基线，但保留3个月复查。",
    },
    RuleText {
        id: WorkCv,
        en: "Before romosozumab: ask about myocardial infarction and stroke and weigh the cardiovascular risk.",
        zh: "使用罗莫佐单抗前：询问心肌梗死和卒中病史，评估心血管风险。",
    },
    RuleText {
        id: WorkDental,
        en: "Dental check before the first dose of a bisphosphonate, denosumab or romosozumab; finish invasive dental work first where possible.",
        zh: "首次使用双膦酸盐、地舒单抗或罗莫佐单抗前行口腔检查；尽可能先完成侵入性牙科治疗。",
    },
    RuleText {
        id: FuDxa,
        en: "Repeat DXA 12 months after starting or changing a drug, after an exit infusion or an overdue denosumab dose, and yearly on glucocorticoids; otherwise every 2 years, on the same machine where possible. After a clinical diagnosis, a baseline DXA when feasible.",
        zh: "开始或更换药物、序贯输注后、地舒单抗严重逾期补注射后，12个月后复查DXA，使用糖皮质激素者每年复查；其余每2年复查，尽量使用同一台设备。临床诊断者条件允许时行基线DXA。",
    },
    RuleText {
        id: FuBpReview,
        en: "Review bisphosphonate treatment after 5 years oral or 3 zoledronic acid infusions: continue (up to 10 years oral or 6 infusions) with a hip T-score ≤ −2.5, any fragility fracture or very high risk; otherwise consider a 2–3-year drug holiday.",
        zh: "口服双膦酸盐满5年或唑来膦酸输注3次后评估：髋部T值≤−2.5、有任何脆性骨折或极高风险者继续使用（口服最长10年，唑来膦酸最多6次）；否则考虑2–3年药物假期。",
    },
    RuleText {
        id: FuFollowOn,
        en: "Book the anti-resorptive to start the week the anabolic course ends (teriparatide 24 months; abaloparatide 18 months under CN-2022, 24 under AACE-2020; romosozumab 12 months), with no gap.",
        zh: "预约骨吸收抑制剂，于骨形成促进剂疗程结束当周开始，无间隔衔接（特立帕肽24个月；阿巴洛肽CN-2022方案18个月、AACE-2020方案24个月；罗莫佐单抗12个月）。",
    },
    RuleText {
        id: FuFalls,
        en: "Falls assessment: review medications and vision, start strength and balance training, and check the home for hazards.",
        zh: "跌倒评估：审查用药和视力，进行肌力和平衡训练，排查居家环境隐患。",
    },
    RuleText {
        id: MonLsc,
        en: "Least significant change: the centre's own value, or by default lumbar spine 5.3 %, total hip 5.0 %, femoral neck 6.9 % (ISCD precision × 2.77); the one-third radius has no default.",
        zh: "最小有意义变化值（LSC）：采用本中心数值；默认腰椎5.3%、全髋5.0%、股骨颈6.9%（ISCD精密度×2.77）；桡骨远端1/3无默认值。",
    },
    RuleText {
        id: MonDxaChange,
        en: "BMD change: today's BMD (g/cm²) against an earlier study of the same site on the same machine (before treatment began, before the last denosumab dose, or at the start of a drug holiday); a change at or beyond the least significant change is a loss or a gain. T-scores are never compared.",
        zh: "骨密度变化：今日骨密度（g/cm²）与同一部位、同一台机器的既往检查比较（治疗开始前、末次地舒单抗注射前或药物假期开始时）；变化达到或超过最小有意义变化值为下降或上升。不比较T值。",
    },
    RuleText {
        id: MonBtm,
        en: "Bone turnover markers are read in ng/mL against the laboratory's premenopausal mean (default CTX 0.26 ng/mL, P1NP 40 ng/mL). A CTX sample is valid only fasting, in the morning.",
        zh: "骨转换标志物以ng/mL计，与本实验室绝经前女性均值比较（默认β-CTX 0.26 ng/mL、P1NP 40 ng/mL）。β-CTX须空腹晨起采血。",
    },
    RuleText {
        id: MonBtmOral,
        en: "On an oral bisphosphonate, a marker taken 2 months or more after the start should be below the reference or have fallen by more than its least significant change (CTX 56 %, P1NP 38 %); otherwise check how the tablet is taken, adherence and malabsorption, and consider zoledronic acid.",
        zh: "口服双膦酸盐开始2个月后的骨转换标志物应低于参考值，或较基线下降超过其最小有意义变化（β-CTX 56%、P1NP 38%）；否则核查服药方法、依从性和吸收不良，考虑改用唑来膦酸。",
    },
    RuleText {
        id: MonBtmAnabolic,
        en: "On teriparatide or abaloparatide, P1NP 1–6 months after the start should have risen by more than 10 ng/mL; otherwise check injection technique, storage and adherence.",
        zh: "使用特立帕肽或阿巴洛肽1–6个月后，P1NP应较基线升高超过10 ng/mL；否则核查注射方法、药品储存和依从性。",
    },
    RuleText {
        id: MonResponse,
        en: "Response to treatment: inadequate with a BMD loss at the spine or hip on a drug taken 12 months or more, or a marker that did not respond; adequate when the compared sites are stable or gaining; a loss alone is not yet failure: check adherence and secondary causes.",
        zh: "治疗反应：用药≥12个月后腰椎或髋部骨密度下降，或骨转换标志物无反应，为反应不足；比较部位稳定或上升为反应良好。单纯骨密度下降尚不属治疗失败：核查依从性和继发性病因。",
    },
    RuleText {
        id: MonFailure,
        en: "Treatment failure (IOF) on a drug taken 12 months or more: two fractures on treatment, or one with a BMD loss or an unresponsive marker, or a BMD loss with an unresponsive marker. Screen for secondary causes and switch to a more potent drug (from denosumab: continue and refer; never teriparatide).",
        zh: "治疗失败（IOF标准，用药≥12个月）：治疗期间发生2次骨折，或1次骨折伴骨密度下降或骨转换标志物无反应，或骨密度下降伴骨转换标志物无反应。筛查继发性病因，换用更强效药物（地舒单抗者继续使用并转诊，不改用特立帕肽）。",
    },
    RuleText {
        id: MonExitCtx,
        en: "After the exit drug that follows denosumab: CTX above the premenopausal reference means the exit is not holding: repeat zoledronic acid (kidney permitting) and measure CTX again 3 and 6 months later.",
        zh: "地舒单抗停药后序贯用药后：β-CTX高于绝经前参考值提示序贯未能维持：再次输注唑来膦酸（肾功能允许时），并于3个月和6个月后复查β-CTX。",
    },
    RuleText {
        id: MonExitBmd,
        en: "Bone loss at the spine or hip after stopping denosumab, against a study taken before the last dose, 10 months or more after the exit drug: repeat zoledronic acid and refer to a specialist.",
        zh: "地舒单抗停药、序贯用药10个月以上后，腰椎或髋部骨密度较末次注射前下降：再次输注唑来膦酸并转诊专科。",
    },
    RuleText {
        id: MonHoliday,
        en: "Bisphosphonate drug holiday (after 3 or more years oral or 3 infusions): review after 2 years with a DXA; the holiday ends with a new fracture, a hip BMD loss or a hip T-score ≤ −2.5.",
        zh: "双膦酸盐药物假期（口服≥3年或输注≥3次后）：2年后复查骨密度并评估；出现新发骨折、髋部骨密度下降或髋部T值≤−2.5时结束药物假期。",
    },
    RuleText {
        id: MonDxaDue,
        en: "The next DXA is counted from the date of the last DXA, not from today's visit.",
        zh: "下次DXA检查从上次DXA检查日期起算，而非从本次就诊日期起算。",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::rules::CATALOGUE;

    #[test]
    fn texts_are_indexed_by_rule_id() {
        for (i, text) in TEXTS.iter().enumerate() {
            assert_eq!(text.id as usize, i, "{} is out of place", text.id.code());
        }
        assert_eq!(TEXTS.len(), CATALOGUE.len(), "a rule has no text, or a text has no rule");
    }

    #[test]
    fn every_rule_has_text_in_both_languages() {
        for rule in CATALOGUE {
            let text = |lang| rule.id.text(lang).unwrap_or_default();
            assert!(text(Lang::En).len() > 20, "{}: English text", rule.code);
            assert!(text(Lang::Zh).chars().filter(|c| *c > '\u{2E80}').count() > 5, "{}: Chinese text", rule.code);
        }
    }

    #[test]
    fn the_browser_build_carries_the_texts_of_the_rules_that_can_raise_an_alert() {
        for (rule, [en, zh]) in CATALOGUE.iter().zip(ALERT_TEXTS) {
            if rule.severity == Severity::Note {
                assert_eq!([en, zh], ["", ""], "{}: not an alert, loaded when needed", rule.code);
            } else {
                assert_eq!([en, zh], [TEXTS[rule.id as usize].en, TEXTS[rule.id as usize].zh], "{}", rule.code);
            }
        }
    }

    /// `static/rule-texts.json` is what the browser loads; it must say what this table says.
    #[test]
    fn the_json_file_for_the_browser_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/rule-texts.json");
        let wanted = json();
        if std::env::var_os("OSTEOPLAN_WRITE_RULE_TEXTS").is_some() {
            std::fs::write(path, &wanted).expect("write static/rule-texts.json");
        }
        let found = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            found == wanted,
            "static/rule-texts.json is out of date with src/words/rule_texts.rs. Write it again with\n    \
             OSTEOPLAN_WRITE_RULE_TEXTS=1 cargo test --lib rule_texts\nand commit it with the change to the texts."
        );
        let read = from_json(&found).expect("the file reads back");
        let table: Vec<[String; 2]> = TEXTS.iter().map(|t| [t.en.to_string(), t.zh.to_string()]).collect();
        assert_eq!(read, table, "it reads back as the table");
        let patient: Vec<[String; 2]> =
            crate::words::patient_texts::table().map(|(_, pair)| pair.map(String::from)).collect();
        assert_eq!(read_json(&found).expect("the file reads back").1, patient, "the patient's sheet reads back");
    }

    #[test]
    fn a_file_of_another_format_or_lacking_a_rule_is_refused() {
        let file = json();
        assert!(from_json(&file).is_some());
        assert!(from_json(&file.replace(FORMAT, "osteoplan-rule-texts/0")).is_none());
        assert!(from_json(&file.replace("\"MON-DXA-DUE\"", "\"MON-DXA-LATER\"")).is_none());
        assert!(from_json(&file.replacen("\"zh\"", "\"fr\"", 1)).is_none());
        let last_patient_text = file.rfind(",\n{\"en\"").expect("patient texts");
        assert!(from_json(&format!("{}]}}", &file[..last_patient_text])).is_none(), "a patient text missing");
        assert!(from_json("").is_none());
    }
}
