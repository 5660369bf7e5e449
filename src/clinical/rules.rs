//! The rule catalogue: the one place that holds each rule's ID, severity, source and text in both languages.
//! The engine reports `RuleId`s; the UI and the printed sheet render from `RuleId::rule()`.
//! IDs come from `shared/spec/clinical-rules.md` and are a public contract: never rename one.

use serde::{Serialize, Serializer};

use crate::i18n::Lang;

/// How much attention a rule asks for. `Note` rules are result lines; the others also raise an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Info,
    Warning,
    Danger,
}

/// Where a rule belongs in the report and on the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Diagnosis,
    Risk,
    BasicCare,
    Treatment,
    Contraindication,
    Denosumab,
    Sequencing,
    Evidence,
    /// Work-up before treatment (WORK-*).
    Workup,
    /// Follow-up dates (FU-*).
    FollowUp,
}

/// One rule of the book.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// The public ID, e.g. "DX-SITES".
    pub code: &'static str,
    pub section: Section,
    pub severity: Severity,
    /// Short source names as in the rule book, e.g. "CN-2022; Review A §2.3.3".
    pub source: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Rule {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Every rule ID of the book, in the book's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    // 1. Diagnosis
    DxSites,
    DxPathT,
    DxPathZ,
    DxNormal,
    DxLowMass,
    DxOp,
    DxSevere,
    DxFxHipVert,
    DxFxOther,
    DxBounds,
    DxRange,
    DxFromBmd,
    DxClinical,
    DxPersists,
    DxOnTx,
    // 2. Fracture risk
    RiskOsta,
    RiskTreat,
    RiskGcFrax,
    RiskGiop,
    RiskOnTx,
    RiskVhRecentFx,
    RiskVhFxOnTx,
    RiskVhMultiFx,
    RiskVhGc,
    RiskVhT,
    RiskVhFalls,
    RiskVhFrax,
    RiskLevel,
    // 4. Basic care
    BaseLifestyle,
    BaseCaVitd,
    BaseVitdLow,
    BaseVitdSevere,
    BaseCaAdj,
    BaseSecondary,
    // 5. Drug-class selection: by risk (5.1), then by stage (5.2)
    TxHigh,
    TxVeryHigh,
    TxVhAnabolic,
    TxVhHip,
    TxAvailability,
    TxNotIndicated,
    TxSecondLine,
    TxOther,
    TxContinueDmab,
    TxExitDmab,
    TxOnAnabolic,
    TxAfterAnabolic,
    TxOnBp,
    // 5.4 Contraindications and cautions
    CiBpRenal,
    CiRenalSevere,
    CiBpOralGi,
    CiHypoca,
    CiRomoCv,
    CiPth,
    CiSerm,
    CiStrontium,
    TxLabelPop,
    CiVk2Warfarin,
    CiDental,
    CiRenalUnknown,
    // 6. Denosumab schedule and sequencing
    DmabNext,
    DmabStatus,
    DmabMissed,
    DmabCatchUp,
    DmabRebound,
    DmabHistoryStop,
    DmabStopPlan,
    DmabExitShort,
    DmabExitLong,
    DmabExitBlocked,
    DmabExitTiming,
    DmabExitFallback,
    DmabExitRestart,
    DmabExitGiven,
    DmabCtxDates,
    DmabReview,
    DmabCkd,
    DmabCaPredisposed,
    DmabNoExit,
    DmabCommit,
    DmabCaCheck,
    DmabSafety,
    DmabFxHealing,
    DmabOnc,
    SeqNoCombo,
    SeqDmabToPth,
    SeqAnabolicFirst,
    SeqFromBp,
    EvidNonunion,
    // 7. Work-up and follow-up
    WorkVfa,
    WorkLabs,
    WorkBtm,
    WorkCv,
    WorkDental,
    FuDxa,
    FuBpReview,
    FuFollowOn,
    FuFalls,
}

impl RuleId {
    /// The catalogue entry of this rule.
    pub fn rule(self) -> &'static Rule {
        &CATALOGUE[self as usize]
    }

    /// The public ID, e.g. "DX-SITES".
    pub fn code(self) -> &'static str {
        self.rule().code
    }

    pub fn from_code(code: &str) -> Option<RuleId> {
        CATALOGUE.iter().find(|r| r.code == code).map(|r| r.id)
    }

    /// Rule IDs in the report are sorted by their public code.
    pub fn by_code(a: &RuleId, b: &RuleId) -> std::cmp::Ordering {
        a.code().cmp(b.code())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

use RuleId::*;
use Section::*;
use Severity::*;

/// The catalogue, indexed by `RuleId as usize` (a test checks the order).
pub static CATALOGUE: &[Rule] = &[
    // FILLED IN BELOW
    Rule {
        id: DxSites,
        code: "DX-SITES",
        section: Diagnosis,
        severity: Note,
        source: "ISCD; Review A §2.1",
        en: "Valid DXA sites: lumbar spine (L1–L4), femoral neck, total hip and one-third radius. The diagnosis uses the lowest T-score among the sites measured, and the report names that site.",
        zh: "有效的双能X线吸收检测法（DXA）测量部位：腰椎（L1–L4）、股骨颈、全髋和桡骨远端1/3。诊断采用各测量部位中最低的T值，并注明该部位。",
    },
    Rule {
        id: DxPathT,
        code: "DX-PATH-T",
        section: Diagnosis,
        severity: Note,
        source: "ISCD",
        en: "T-score categories apply to postmenopausal or perimenopausal women and to men aged ≥ 50.",
        zh: "T值分类适用于绝经后或围绝经期女性，以及年龄≥50岁的男性。",
    },
    Rule {
        id: DxPathZ,
        code: "DX-PATH-Z",
        section: Diagnosis,
        severity: Note,
        source: "ISCD",
        en: "Premenopausal women and men < 50 are classified by Z-score, not T-score: Z ≤ −2.0 → below the expected range for age; Z > −2.0 → within the expected range for age. A missing Z-score on this path is an input error.",
        zh: "绝经前女性及年龄<50岁的男性按Z值分类，不使用T值分类：Z值≤−2.0为低于同龄人预期范围；Z值>−2.0为处于同龄人预期范围。此类患者缺少Z值时视为输入错误。",
    },
    Rule {
        id: DxNormal,
        code: "DX-NORMAL",
        section: Diagnosis,
        severity: Note,
        source: "Review A Table 1",
        en: "T-score ≥ −1.0 → normal bone mass.",
        zh: "T值≥−1.0为骨量正常。",
    },
    Rule {
        id: DxLowMass,
        code: "DX-LOW-MASS",
        section: Diagnosis,
        severity: Note,
        source: "Review A Table 1",
        en: "−2.5 < T-score < −1.0 → low bone mass (osteopenia).",
        zh: "−2.5 < T值 < −1.0为骨量减少（低骨量）。",
    },
    Rule {
        id: DxOp,
        code: "DX-OP",
        section: Diagnosis,
        severity: Note,
        source: "Review A Table 1",
        en: "T-score ≤ −2.5 → osteoporosis.",
        zh: "T值≤−2.5为骨质疏松症。",
    },
    Rule {
        id: DxSevere,
        code: "DX-SEVERE",
        section: Diagnosis,
        severity: Note,
        source: "Review A Table 1",
        en: "T-score ≤ −2.5 plus at least one fragility fracture → severe osteoporosis.",
        zh: "T值≤−2.5且合并至少一处脆性骨折为严重骨质疏松症。",
    },
    Rule {
        id: DxFxHipVert,
        code: "DX-FX-HIP-VERT",
        section: Diagnosis,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "A fragility fracture of the hip or a vertebra with T-score > −2.5 → osteoporosis whatever the T-score (clinical diagnosis). With T-score ≤ −2.5, severe osteoporosis (DX-SEVERE) applies instead.",
        zh: "髋部或椎体脆性骨折且T值>−2.5时，无论T值如何均诊断为骨质疏松症（临床诊断）。若T值≤−2.5，则按严重骨质疏松症（DX-SEVERE）诊断。",
    },
    Rule {
        id: DxFxOther,
        code: "DX-FX-OTHER",
        section: Diagnosis,
        severity: Note,
        source: "CN-2022",
        en: "Low bone mass (osteopenia) plus a fragility fracture of the proximal humerus, pelvis or distal forearm → osteoporosis.",
        zh: "骨量减少（低骨量）合并肱骨近端、骨盆或前臂远端脆性骨折时，诊断为骨质疏松症。",
    },
    Rule {
        id: DxBounds,
        code: "DX-BOUNDS",
        section: Diagnosis,
        severity: Note,
        source: "Review A Table 1",
        en: "Boundaries are inclusive as written: a T-score of exactly −1.0 is normal, exactly −2.5 is osteoporosis. The value is compared as entered (one or two decimals), without rounding.",
        zh: "界值按原文包含端点：T值恰为−1.0属骨量正常，恰为−2.5属骨质疏松症。按录入值（一位或两位小数）直接比较，比较前不作四舍五入。",
    },
    Rule {
        id: DxRange,
        code: "DX-RANGE",
        section: Diagnosis,
        severity: Note,
        source: "—",
        en: "A T- or Z-score outside [−8.0, +6.0] is an input error; it is never clamped.",
        zh: "T值或Z值超出[−8.0, +6.0]范围即为输入错误，不作截断处理。",
    },
    Rule {
        id: DxFromBmd,
        code: "DX-FROM-BMD",
        section: Diagnosis,
        severity: Note,
        source: "ISCD; Looker 1998",
        en: "Optional: T-score = (BMD − mean) / SD of a young-adult reference. Built-in reference NHANES III non-Hispanic white women aged 20–29 (Hologic): femoral neck 0.858 / 0.120 g/cm², total hip 0.942 / 0.122 g/cm²; for other sites and machines the user supplies mean and SD. The computed value and the reference used are shown.",
        zh: "可选：由骨密度（BMD，g/cm²）计算T值 =（BMD − 均值）/ 年轻成人参考人群标准差。内置参考值为NHANES III 20–29岁非西班牙裔白人女性（Hologic）：股骨颈0.858 / 0.120，全髋0.942 / 0.122；其他部位或机型由用户提供均值和标准差。显示计算所得T值及所用参考值。",
    },
    Rule {
        id: RiskOsta,
        code: "RISK-OSTA",
        section: Risk,
        severity: Note,
        source: "CN-2022",
        en: "OSTA index = 0.2 × (weight kg − age years), shown to one decimal and banded without rounding: > −1 low; −4 to −1 medium; < −4 high. Screening information only; it never changes the diagnosis.",
        zh: "亚洲人骨质疏松自我筛查工具（OSTA）指数 = 0.2 ×（体重kg − 年龄岁），保留一位小数，分级时不作四舍五入：> −1为低风险；−4至−1为中风险；< −4为高风险。仅作筛查参考，不改变诊断。",
    },
    Rule {
        id: RiskTreat,
        code: "RISK-TREAT",
        section: Risk,
        severity: Note,
        source: "CN-2022; BHOF-2022; ISCD",
        en: "Drug treatment is indicated with any of: T-score ≤ −2.5 at any site; a hip or vertebral fragility fracture; low bone mass with a fragility fracture of the proximal humerus, pelvis or distal forearm; low bone mass with FRAX major osteoporotic fracture ≥ 20 % or hip ≥ 3 %. On the Z-score path: a hip or vertebral fragility fracture, or below the expected range with any fragility fracture.",
        zh: "符合以下任一条件即有药物治疗指征：任一部位T值≤−2.5；髋部或椎体脆性骨折；骨量减少（低骨量）合并肱骨近端、骨盆或前臂远端脆性骨折；骨量减少（低骨量）且FRAX 10年主要骨质疏松性骨折概率≥20%或髋部骨折概率≥3%。按Z值分类者：髋部或椎体脆性骨折，或低于同龄人预期范围且合并任何脆性骨折。",
    },
    Rule {
        id: RiskVhRecentFx,
        code: "RISK-VH-RECENT-FX",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: a fragility fracture within the last 24 months (12 months in the AACE-2020 profile).",
        zh: "极高风险：近24个月内发生脆性骨折（AACE-2020方案为近12个月）。",
    },
    Rule {
        id: RiskVhFxOnTx,
        code: "RISK-VH-FX-ON-TX",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: a fracture while on anti-osteoporosis drug treatment — marked as on treatment, dated within a recorded treatment period, or within 6 months after a denosumab injection.",
        zh: "极高风险：抗骨质疏松药物治疗期间发生骨折——标记为治疗中、骨折日期在用药记录期间内，或在地舒单抗注射后6个月内。",
    },
    Rule {
        id: RiskVhMultiFx,
        code: "RISK-VH-MULTI-FX",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: two or more fragility fractures.",
        zh: "极高风险：2次或以上脆性骨折。",
    },
    Rule {
        id: RiskVhGc,
        code: "RISK-VH-GC",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: glucocorticoids ≥ 7.5 mg/day prednisone-equivalent for ≥ 3 months.",
        zh: "极高风险：糖皮质激素（泼尼松当量）≥7.5 mg/d，持续≥3个月。",
    },
    Rule {
        id: RiskVhT,
        code: "RISK-VH-T",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: lowest T-score < −3.0 (strictly below).",
        zh: "极高风险：最低T值<−3.0（不含−3.0）。",
    },
    Rule {
        id: RiskVhFalls,
        code: "RISK-VH-FALLS",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: high fall risk — two or more falls in the last 12 months, or an injurious fall.",
        zh: "极高风险：跌倒风险高——过去12个月跌倒次数≥2次，或发生过致伤性跌倒。",
    },
    Rule {
        id: RiskVhFrax,
        code: "RISK-VH-FRAX",
        section: Risk,
        severity: Note,
        source: "CN-2022; AACE-2020",
        en: "Very high risk: FRAX 10-year probability of major osteoporotic fracture > 30 % or of hip fracture > 4.5 %.",
        zh: "极高风险：FRAX 10年主要骨质疏松性骨折概率>30%或髋部骨折概率>4.5%。",
    },
    Rule {
        id: RiskLevel,
        code: "RISK-LEVEL",
        section: Risk,
        severity: Note,
        source: "—",
        en: "Fracture risk is very high when treatment is indicated and any very-high-risk criterion holds, high when treatment is indicated and none holds, and treatment is not indicated otherwise. Very-high-risk criteria are reported only when treatment is indicated.",
        zh: "骨折风险分层：有药物治疗指征且符合任一极高风险条件为极高风险；有药物治疗指征但不符合任何极高风险条件为高风险；否则为无药物治疗指征。仅在有药物治疗指征时报告极高风险条件。",
    },
    Rule {
        id: BaseLifestyle,
        code: "BASE-LIFESTYLE",
        section: BasicCare,
        severity: Note,
        source: "Review A §2.3.1",
        en: "Lifestyle measures for everyone: regular sleep and a balanced diet; stop smoking, limit alcohol and strong coffee; sunlight > 30 min/day and regular exercise for muscle strength; fall prevention.",
        zh: "生活方式调节（适用于所有患者）：规律作息和均衡膳食；戒烟限酒，避免长期饮用浓咖啡；日晒>30 min/d，规律运动以改善肌力；预防跌倒。",
    },
    Rule {
        id: BaseCaVitd,
        code: "BASE-CA-VITD",
        section: BasicCare,
        severity: Note,
        source: "Review A §2.3.2",
        en: "Calcium 1000–1200 mg/day (diet plus supplement) and vitamin D 800–1200 IU/day for osteoporosis (400 IU/day for healthy adults). Calcium plus vitamin D alone is not a treatment when drug treatment is indicated; no single large vitamin D bolus.",
        zh: "基础治疗：钙剂和维生素D。钙1000–1200 mg/d（膳食加补充剂），骨质疏松症防治用维生素D 800–1200 IU/d（健康成人400 IU/d）。有药物治疗指征时，单纯钙剂联合维生素D不能作为治疗方案；不推荐一次补充大剂量维生素D。",
    },
    Rule {
        id: BaseVitdLow,
        code: "BASE-VITD-LOW",
        section: BasicCare,
        severity: Note,
        source: "Review A §2.2.3",
        en: "Serum 25-hydroxyvitamin D < 50 nmol/L → vitamin D deficiency; correct it before zoledronic acid or denosumab. Values in ng/mL are converted (× 2.496) before comparing, so 20 ng/mL (49.92 nmol/L) is low.",
        zh: "血清25-羟维生素D<50 nmol/L提示维生素D缺乏，使用唑来膦酸或地舒单抗前应先纠正。以ng/mL为单位者先换算（×2.496）再比较，20 ng/mL（49.92 nmol/L）即属偏低。",
    },
    Rule {
        id: BaseSecondary,
        code: "BASE-SECONDARY",
        section: BasicCare,
        severity: Note,
        source: "Review A §2.2.4",
        en: "Any secondary cause (glucocorticoids, thyroid, GI/malabsorption, CKD, liver disease, inflammatory/autoimmune or haematological disease, long-term heparin, anticonvulsants, contraceptives, hypogonadism) → evaluate and treat the secondary cause.",
        zh: "存在任何继发性骨质疏松症病因（糖皮质激素、甲状腺疾病、胃肠道疾病/吸收不良、慢性肾脏病、肝病、炎症性/自身免疫性或血液系统疾病、长期使用肝素、抗惊厥药、避孕药、性腺功能减退）时，应评估并治疗继发病因。",
    },
    Rule {
        id: TxHigh,
        code: "TX-HIGH",
        section: Treatment,
        severity: Note,
        source: "Review A §2.3.3, §3.2; CN-2022",
        en: "High risk: first-line options are an oral bisphosphonate (alendronate, risedronate), zoledronic acid, or denosumab as an equivalent alternative. Raloxifene is an alternative for postmenopausal women at mainly spinal risk.",
        zh: "高风险：一线选择为口服双膦酸盐（阿仑膦酸钠、利塞膦酸钠）、唑来膦酸，或作为等同替代的地舒单抗。以椎体骨折风险为主的绝经后女性可选用雷洛昔芬。",
    },
    Rule {
        id: TxVeryHigh,
        code: "TX-VERY-HIGH",
        section: Treatment,
        severity: Note,
        source: "AACE-2020; CN-2022; Review A §3.3",
        en: "Very high risk: an anabolic first — teriparatide or abaloparatide (up to 24 months) or romosozumab (12 monthly doses) — then an anti-resorptive (denosumab or a bisphosphonate). Zoledronic acid or denosumab are the alternatives when an anabolic cannot be used.",
        zh: "极高风险：先用骨形成促进剂——特立帕肽或阿巴洛肽（最长24个月），或罗莫索珠单抗（每月1次，共12次）——再序贯骨吸收抑制剂（地舒单抗或双膦酸盐）。不能使用骨形成促进剂时，可选唑来膦酸或地舒单抗。",
    },
    Rule {
        id: TxNotIndicated,
        code: "TX-NOT-INDICATED",
        section: Treatment,
        severity: Note,
        source: "CN-2022",
        en: "Drug treatment not indicated: basic care only; recheck BMD in 1–2 years (earlier with new risk factors).",
        zh: "无药物治疗指征：仅行生活方式调节及基础治疗；1–2年后复查骨密度（BMD），出现新的危险因素时提前复查。",
    },
    Rule {
        id: TxSecondLine,
        code: "TX-SECOND-LINE",
        section: Treatment,
        severity: Note,
        source: "Review A §2.3.3",
        en: "Calcitonin is second-line and short-term (pain after an acute vertebral fracture). Active vitamin D (eldecalcitol, alfacalcidol, calcitriol) and menatetrenone (vitamin K2) are adjuncts, not first-line.",
        zh: "降钙素为二线、短期用药（用于急性椎体骨折后疼痛）。活性维生素D（艾地骨化醇、阿法骨化醇、骨化三醇）及四烯甲萘醌（维生素K2）为辅助用药，非一线用药。",
    },
    Rule {
        id: TxOther,
        code: "TX-OTHER",
        section: Treatment,
        severity: Note,
        source: "Review A §2.3.5",
        en: "Other drugs: strontium ranelate; growth hormone only with GH deficiency; testosterone only for hypogonadal men (calculated free testosterone < 7 ng/dL or bioavailable < 180 ng/dL).",
        zh: "其他类药物：雷奈酸锶；生长激素仅用于生长激素缺乏者；睾酮仅用于性腺功能减退男性（计算游离睾酮<7 ng/dL或生物可利用睾酮<180 ng/dL）。",
    },
    Rule {
        id: CiBpRenal,
        code: "CI-BP-RENAL",
        section: Contraindication,
        severity: Note,
        source: "LABEL",
        en: "By creatinine clearance (Cockcroft–Gault) or eGFR: alendronate avoid if < 35 mL/min; risedronate and ibandronate avoid if < 30 mL/min; zoledronic acid avoid if < 35 mL/min.",
        zh: "按肌酐清除率（Cockcroft–Gault公式）或估算肾小球滤过率（eGFR）：<35 mL/min禁用阿仑膦酸钠；<30 mL/min禁用利塞膦酸钠和伊班膦酸钠；<35 mL/min禁用唑来膦酸。",
    },
    Rule {
        id: CiBpOralGi,
        code: "CI-BP-ORAL-GI",
        section: Contraindication,
        severity: Note,
        source: "Review A §2.3.3; LABEL",
        en: "Oesophageal disease, inability to stay upright for 30 minutes, or intolerance of oral bisphosphonates → avoid oral bisphosphonates; prefer zoledronic acid or denosumab.",
        zh: "食管疾病、无法保持直立30分钟或不耐受口服双膦酸盐者禁用口服双膦酸盐，优先选用唑来膦酸或地舒单抗。",
    },
    Rule {
        id: CiHypoca,
        code: "CI-HYPOCA",
        section: Contraindication,
        severity: Note,
        source: "LABEL",
        en: "Uncorrected hypocalcaemia (serum calcium < 2.10 mmol/L, or flagged) → avoid zoledronic acid, denosumab and romosozumab until corrected.",
        zh: "未纠正的低钙血症（血钙<2.10 mmol/L或已标记）时，禁用唑来膦酸、地舒单抗和罗莫索珠单抗，直至纠正。",
    },
    Rule {
        id: CiRomoCv,
        code: "CI-ROMO-CV",
        section: Contraindication,
        severity: Note,
        source: "LABEL (boxed)",
        en: "Myocardial infarction or stroke in the past 12 months → avoid romosozumab.",
        zh: "过去12个月内发生心肌梗死或卒中者禁用罗莫索珠单抗。",
    },
    Rule {
        id: CiPth,
        code: "CI-PTH",
        section: Contraindication,
        severity: Note,
        source: "LABEL",
        en: "Paget's disease or unexplained raised alkaline phosphatase, open epiphyses, prior skeletal radiation, bone metastases or skeletal malignancy, or hypercalcaemia → avoid teriparatide and abaloparatide. Cumulative use beyond 24 months (> 730 days in total) → caution.",
        zh: "Paget骨病或不明原因碱性磷酸酶升高、骨骺未闭合、既往骨骼放疗、骨转移或骨骼恶性肿瘤、高钙血症者禁用特立帕肽和阿巴洛肽。累计使用超过24个月（合计>730天）时慎用。",
    },
    Rule {
        id: CiSerm,
        code: "CI-SERM",
        section: Contraindication,
        severity: Note,
        source: "LABEL; Review A §2.3.3",
        en: "Raloxifene and bazedoxifene: avoid in anyone not postmenopausal (men, pre- and perimenopausal women) and with a history of venous thromboembolism.",
        zh: "选择性雌激素受体调节剂（雷洛昔芬、巴多昔芬）：非绝经后人群（男性、绝经前及围绝经期女性）及有静脉血栓栓塞史者禁用。",
    },
    Rule {
        id: CiVk2Warfarin,
        code: "CI-VK2-WARFARIN",
        section: Contraindication,
        severity: Note,
        source: "Review A §2.3.3",
        en: "Menatetrenone (vitamin K2) with warfarin → avoid.",
        zh: "正在使用华法林者禁用四烯甲萘醌（维生素K2）。",
    },
    Rule {
        id: CiDental,
        code: "CI-DENTAL",
        section: Contraindication,
        severity: Note,
        source: "Review A §3.5",
        en: "Planned invasive dental work → bisphosphonates and denosumab with caution (osteonecrosis of the jaw); finish dental work first where possible.",
        zh: "计划进行侵入性牙科治疗时，双膦酸盐和地舒单抗慎用（颌骨坏死风险）；尽可能先完成牙科治疗。",
    },
    Rule {
        id: CiRenalUnknown,
        code: "CI-RENAL-UNKNOWN",
        section: Contraindication,
        severity: Note,
        source: "LABEL",
        en: "No renal function given → zoledronic acid and oral bisphosphonates with caution: check creatinine clearance first.",
        zh: "未提供肾功能时，唑来膦酸和口服双膦酸盐慎用：请先检查肌酐清除率。",
    },
    Rule {
        id: DmabNext,
        code: "DMAB-NEXT",
        section: Denosumab,
        severity: Note,
        source: "LABEL; Review A §3.4",
        en: "Denosumab 60 mg subcutaneously every 6 months: next injection due = last injection + 6 months; injection window = due date ± 4 weeks.",
        zh: "地舒单抗皮下注射，每6个月60 mg：下次注射日期 = 末次注射日期 + 6个月；注射窗口为下次注射日期前后各4周。",
    },
    Rule {
        id: DmabStatus,
        code: "DMAB-STATUS",
        section: Denosumab,
        severity: Note,
        source: "LYU-2020",
        en: "Status on the assessment date: not started (no injections); not due before the window; due inside the window (both ends inclusive); late from more than 4 weeks up to 16 weeks after the due date; overdue beyond 16 weeks. Days late are counted from the due date.",
        zh: "评估日期的注射状态：无注射记录为未开始；注射窗口之前为未到期；注射窗口内（含两端）为到期；超过下次注射日期4周至16周（含）为延迟；超过16周为严重逾期。延迟天数自下次注射日期起计算。",
    },
    Rule {
        id: DmabMissed,
        code: "DMAB-MISSED",
        section: Denosumab,
        severity: Warning,
        source: "LABEL; Review A §3.3",
        en: "Late or overdue → give the dose as soon as possible; the next injection is then due 6 months after the actual injection, not the planned date.",
        zh: "延迟或严重逾期时应尽快补注射；此后下次注射日期按实际注射日期加6个月计算，而非原计划日期。",
    },
    Rule {
        id: DmabRebound,
        code: "DMAB-REBOUND",
        section: Denosumab,
        severity: Danger,
        source: "LYU-2020; ECTS-2021; Review A §3.3, §3.5",
        en: "Overdue (> 16 weeks late) → high risk of rebound multiple vertebral fractures: give the injection now and look for new vertebral fractures (spine X-ray or VFA).",
        zh: "严重逾期（延迟>16周）时反跳性多发椎体骨折风险高：应立即注射，并筛查新发椎体骨折（脊柱X线或椎体骨折评估VFA）。",
    },
    Rule {
        id: DmabStopPlan,
        code: "DMAB-STOP-PLAN",
        section: Denosumab,
        severity: Note,
        source: "ECTS-2021; Review A §3.3, §3.5",
        en: "Denosumab is never stopped silently: a plan to stop always produces an exit plan. Transition date = last injection + 6 months.",
        zh: "地舒单抗不可擅自停药：计划停药时必须制定停药后序贯方案。转换日期 = 末次注射日期 + 6个月。",
    },
    Rule {
        id: DmabExitShort,
        code: "DMAB-EXIT-SHORT",
        section: Denosumab,
        severity: Note,
        source: "ECTS-2021",
        en: "≤ 5 injections (about ≤ 2.5 years) and risk not very high: zoledronic acid 5 mg IV once at the transition date, or oral alendronate 70 mg weekly for 12–24 months from the transition date.",
        zh: "注射≤5次（约≤2.5年）且非极高风险：于转换日期静脉输注唑来膦酸5 mg一次，或自转换日期起口服阿仑膦酸钠70 mg每周一次，持续12–24个月。",
    },
    Rule {
        id: DmabExitLong,
        code: "DMAB-EXIT-LONG",
        section: Denosumab,
        severity: Note,
        source: "ECTS-2021",
        en: "≥ 6 injections, or very high risk: zoledronic acid 5 mg IV at the transition date; measure serum CTX 3 and 6 months after the infusion and repeat the infusion if CTX is raised.",
        zh: "注射≥6次或极高风险：于转换日期静脉输注唑来膦酸5 mg；输注后3个月和6个月检测血清骨转换标志物CTX，若升高则再次输注。",
    },
    Rule {
        id: DmabExitBlocked,
        code: "DMAB-EXIT-BLOCKED",
        section: Denosumab,
        severity: Danger,
        source: "ECTS-2021; LABEL",
        en: "The exit drug is the first of zoledronic acid, alendronate, risedronate that is not contraindicated; with an oral drug in the ≥ 6-injection / very-high-risk plan, CTX is checked 3 and 6 months after the transition date. If all three are contraindicated (e.g. creatinine clearance < 30 mL/min, dialysis), there is no safe exit: continue denosumab and seek specialist review.",
        zh: "停药后序贯方案药物依次选用唑来膦酸、阿仑膦酸钠、利塞膦酸钠中第一个未被禁用者；在注射≥6次或极高风险方案中改用口服药时，仍于转换日期后3个月和6个月检测骨转换标志物CTX。三者均禁用时（如肌酐清除率<30 mL/min、透析），无安全的停药方案：建议继续使用地舒单抗并请专科会诊。",
    },
    Rule {
        id: DmabReview,
        code: "DMAB-REVIEW",
        section: Denosumab,
        severity: Info,
        source: "ECTS-2017; Review A §3.2 (FREEDOM, 10 years)",
        en: "At 5 years of therapy (≥ 10 injections) re-evaluate; high-risk patients may continue for up to 10 years.",
        zh: "治疗满5年（注射≥10次）时重新评估；高风险患者可继续使用至10年。",
    },
    Rule {
        id: DmabCkd,
        code: "DMAB-CKD",
        section: Denosumab,
        severity: Danger,
        source: "FDA-2024; Review A §3.5",
        en: "For any denosumab use, whatever the risk level: kidney function < 30 mL/min or dialysis → danger, severe hypocalcaemia risk (boxed warning): before starting check calcium, PTH and 25(OH)D; monitor calcium weekly for the first month, then monthly. 30–59 mL/min → warning: check calcium 2–4 weeks after each injection.",
        zh: "凡使用地舒单抗，无论风险分层：肾功能<30 mL/min或透析为危险，存在严重低钙血症风险（黑框警告）：开始治疗前检查血钙、甲状旁腺激素（PTH）及25-羟维生素D，首月每周监测血钙，此后每月监测。30–59 mL/min为警告：每次注射后2–4周检查血钙。",
    },
    Rule {
        id: DmabCaCheck,
        code: "DMAB-CA-CHECK",
        section: Denosumab,
        severity: Note,
        source: "Review A §3.5",
        en: "Check serum calcium before every injection; correct low calcium or vitamin D first (see CI-HYPOCA, BASE-VITD-LOW).",
        zh: "每次注射前检查血钙；如有低钙血症或维生素D缺乏，应先纠正（见CI-HYPOCA、BASE-VITD-LOW）。",
    },
    Rule {
        id: DmabSafety,
        code: "DMAB-SAFETY",
        section: Denosumab,
        severity: Note,
        source: "Review A §3.5",
        en: "Counsel on infections of skin, ear-nose-throat and gut; osteonecrosis of the jaw (dental hygiene, report jaw pain); and new thigh or groin pain (atypical femoral fracture).",
        zh: "用药宣教：注意皮肤、耳鼻咽喉及胃肠道感染；颌骨坏死（保持口腔卫生，出现颌骨疼痛及时报告）；新发大腿或腹股沟疼痛（警惕非典型股骨骨折）。",
    },
    Rule {
        id: DmabFxHealing,
        code: "DMAB-FX-HEALING",
        section: Denosumab,
        severity: Note,
        source: "Review A §3.2; Review B",
        en: "A fracture after the first injection or within the last 24 months: continue denosumab on schedule — it does not impair fracture healing and is not delayed for surgery.",
        zh: "首次注射后或近24个月内发生骨折：继续按计划注射地舒单抗——其不影响骨折愈合，不因手术而推迟注射。",
    },
    Rule {
        id: DmabOnc,
        code: "DMAB-ONC",
        section: Denosumab,
        severity: Note,
        source: "Review B",
        en: "Oncology regimen, 120 mg every 4 weeks (bone metastases, giant-cell tumour of bone): next due = last injection + 28 days, window ± 3 days, late up to 28 days after the due date, overdue beyond. These replace the 60 mg / 6-month interval and window of DMAB-NEXT and the limits of DMAB-STATUS. The rebound, stop/exit-plan and 5-year review rules do not apply.",
        zh: "肿瘤方案（骨转移、骨巨细胞瘤，每4周120 mg）：下次注射日期 = 末次注射日期 + 28天，注射窗口为前后各3天，超出注射窗口至下次注射日期后28天内为延迟，超过28天为严重逾期。以上间隔和时限取代DMAB-NEXT中每6个月60 mg的间隔和注射窗口以及DMAB-STATUS中的时限。反跳、停药后序贯方案及5年重新评估规则不适用。",
    },
    Rule {
        id: SeqNoCombo,
        code: "SEQ-NO-COMBO",
        section: Sequencing,
        severity: Warning,
        source: "Review A §3.3",
        en: "A bisphosphonate and denosumab at the same time → combination not recommended. Denosumab covers first injection to last injection + 6 months; zoledronic acid covers 12 months after each infusion, except one given 5 months or more after the last denosumab injection (the exit infusion).",
        zh: "双膦酸盐与地舒单抗同时使用：不推荐联合治疗。地舒单抗覆盖期为首次注射至末次注射后6个月；唑来膦酸每次输注覆盖12个月，但末次地舒单抗注射5个月及以后开始的输注视为停药后序贯治疗，不算联合。",
    },
    Rule {
        id: SeqDmabToPth,
        code: "SEQ-DMAB-TO-PTH",
        section: Sequencing,
        severity: Warning,
        source: "DATA-SWITCH",
        en: "Teriparatide or abaloparatide started after denosumab → progressive hip bone loss; prefer the anabolic before denosumab, or seek specialist review.",
        zh: "地舒单抗后序贯特立帕肽或阿巴洛肽可导致髋部骨量进行性丢失；宜先用骨形成促进剂再用地舒单抗，或请专科会诊。",
    },
    Rule {
        id: SeqAnabolicFirst,
        code: "SEQ-ANABOLIC-FIRST",
        section: Sequencing,
        severity: Warning,
        source: "Review A §3.3; AACE-2020",
        en: "After a completed anabolic course the next drug should be an anti-resorptive (denosumab or a bisphosphonate); an anabolic course with nothing after it raises a warning.",
        zh: "骨形成促进剂疗程结束后应序贯骨吸收抑制剂（地舒单抗或双膦酸盐）；疗程结束后未接续任何药物时予以警示。",
    },
    Rule {
        id: SeqFromBp,
        code: "SEQ-FROM-BP",
        section: Sequencing,
        severity: Info,
        source: "shared-care protocols (NHS)",
        en: "Switching from a bisphosphonate (ongoing, or stopped within 12 months before the first injection) to denosumab: from alendronate, first injection one week after the last weekly tablet; from zoledronic acid, 12 months after the last infusion.",
        zh: "由双膦酸盐（仍在使用或于首次注射前12个月内停用）转换为地舒单抗：由阿仑膦酸钠转换者，末次每周片剂后1周首次注射；由唑来膦酸转换者，末次输注后12个月首次注射。",
    },
    Rule {
        id: EvidNonunion,
        code: "EVID-NONUNION",
        section: Evidence,
        severity: Info,
        source: "Review B",
        en: "Information only, not a recommendation: a case series (n = 3) used denosumab 120 mg monthly for 3 months for non-union; a femoral-neck-fracture series used 60 mg every 6 months for 1–2 years after surgery. Shown for non-union or a hip fracture in the last 24 months.",
        zh: "仅供参考，不作为推荐：一项病例系列（n = 3）对骨折不愈合使用地舒单抗每月120 mg、共3个月；一项股骨颈骨折系列研究术后皮下注射，每6个月60 mg，持续1–2年。适用于骨折不愈合或近24个月内髋部骨折。",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_indexed_by_rule_id() {
        for (i, rule) in CATALOGUE.iter().enumerate() {
            assert_eq!(rule.id as usize, i, "{} is out of place", rule.code);
        }
        assert_eq!(CATALOGUE.len(), FuFalls as usize + 1, "a rule is missing from the catalogue");
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        for code in codes {
            assert!(code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{code}");
            assert_eq!(RuleId::from_code(code).map(RuleId::code), Some(code));
        }
    }

    #[test]
    fn every_rule_has_text_in_both_languages_and_a_source() {
        for rule in CATALOGUE {
            assert!(rule.en.len() > 20, "{}: English text", rule.code);
            assert!(rule.zh.chars().filter(|c| *c > '\u{2E80}').count() > 5, "{}: Chinese text", rule.code);
            assert!(!rule.source.trim().is_empty(), "{}: source", rule.code);
        }
    }
}
