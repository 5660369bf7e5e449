//! Every sentence the document writes around the patient's values, in English and Chinese, as templates with
//! `{named}` values (filled by `rule_text::fill`). Rule texts live in the rule catalogue's text table; labels of
//! values (drugs, sites, actions) in `names`; UI words in `i18n`. Terms follow the project glossary.

use crate::i18n::Lang;

macro_rules! sentences {
    ($($name:ident => ($en:expr, $zh:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Sentence {
            $($name,)*
        }

        impl Sentence {
            pub const ALL: &'static [Sentence] = &[$(Sentence::$name,)*];

            pub fn get(self, lang: Lang) -> &'static str {
                lang.pick(match self {
                    $(Sentence::$name => ($en, $zh),)*
                })
            }
        }
    };
}

sentences! {
    // Impression: how the diagnosis was reached.
    HowLowestT => ("lowest T {score}, {site}", "最低T值{score}，{site}"),
    HowLowestZ => ("lowest Z {score}, {site}", "最低Z值{score}，{site}"),
    HowPersisted => ("pre-treatment T {score}; T {today} on treatment", "治疗前T值{score}；治疗中T值{today}"),
    HowFracture => ("{site} fracture {year}", "{year}年{site}骨折"),
    HowClinical => ("clinical diagnosis, no DXA", "临床诊断，无DXA"),
    // Impression: the risk and its reasons.
    RiskWithReasons => ("{level} ({reasons})", "{level}（{reasons}）"),
    ReasonFrax => ("FRAX MOF {frax_mof} %, hip {frax_hip} %", "FRAX主要骨质疏松性骨折{frax_mof}%，髋部骨折{frax_hip}%"),
    ReasonGiop => ("glucocorticoids {gc_dose} mg/day for {gc_months} months", "糖皮质激素{gc_dose} mg/d，已{gc_months}个月"),
    ReasonRecentFx => ("fragility fracture within {months} months", "{months}个月内脆性骨折"),
    ReasonFxOnTx => ("fracture on treatment", "治疗期间发生骨折"),
    ReasonMultiFx => ("two or more fragility fractures", "≥2处脆性骨折"),
    ReasonVhGc => ("high-dose glucocorticoids", "大剂量糖皮质激素"),
    ReasonVhT => ("lowest T {lowest_t}", "最低T值{lowest_t}"),
    ReasonFalls => ("high fall risk", "跌倒高风险"),
    IndicatedTail => ("anti-osteoporosis drug treatment indicated", "有抗骨质疏松药物治疗指征"),
    IndicatedStillTail => ("treatment remains indicated", "仍有抗骨质疏松药物治疗指征"),
    // Impression: where the patient is on treatment.
    StageNaive => ("Treatment-naive.", "初治。"),
    StagePrevious => ("Previously treated ({drug}, until {until}); no current drug.", "既往使用{drug}（至{until}），目前未用药。"),
    StagePreviousNoDrug => ("Previously treated; no current drug.", "既往接受过抗骨质疏松治疗，目前未用药。"),
    StageOnDrug => ("On {drug} since {since}.", "自{since}起使用{drug}。"),
    StageOnDrugNoDate => ("On {drug}.", "正在使用{drug}。"),
    StageAfterAnabolic => ("The {drug} course ended {until} with no anti-resorptive after it.", "{drug}疗程已于{until}结束，其后尚未使用骨吸收抑制剂。"),
    DmabOnSince => ("On denosumab since {first} ({count}, last {last}).", "自{first}起使用地舒单抗（{count}，末次{last}）。"),
    DmabNotDue => ("Dose {dose} due {next_due} (window {open} – {close}).", "第{dose}针{next_due}到期（注射窗口{open}至{close}）。"),
    DmabDue => ("Dose {dose} is due {next_due} (window ends {close}).", "第{dose}针{next_due}到期（注射窗口至{close}）。"),
    DmabLate => ("Dose {dose} was due {next_due} and is {days_late} days late.", "第{dose}针原定{next_due}，已延迟{days_late}天。"),
    DmabOverdue => ("Dose {dose} was due {next_due} and is {days_late} days overdue ({months} months since the last dose): rebound window, high risk of multiple vertebral fractures.", "第{dose}针原定{next_due}，已逾期{days_late}天（距末次注射{months}个月），处于停药反跳期，多发椎体骨折风险高。"),
    DmabCkdRisk => ("Kidney function: {kidney} — high risk of severe hypocalcaemia after each dose.", "肾功能：{kidney}，每次注射后严重低钙血症风险高。"),
    DmabStopping => ("Stopping denosumab after {count} (last {last}).", "计划停用地舒单抗，已注射{count}（末次{last}）。"),
    DmabExitOn => ("Exit drug {drug} on {give_on}, at the latest {give_by}.", "序贯药物{drug}于{give_on}使用，最迟{give_by}。"),
    DmabExitRestart => ("The exit window has passed ({days_late} days late, no exit drug): denosumab today, exit re-planned for {transition_on}.", "序贯用药时机已过（已延迟{days_late}天，未用序贯药物）：今日注射地舒单抗，序贯用药改为{transition_on}。"),
    DmabExitGiven => ("Exit drug {drug} given on {given_on}.", "序贯药物{drug}已于{given_on}使用。"),
    DmabNoExit => ("No safe exit drug: denosumab continues long term.", "无安全的序贯药物：地舒单抗需长期使用。"),
    DmabOncology => ("On denosumab 120 mg every 4 weeks (oncology regimen; {count}, last {last}): next dose {next_due}.", "正在使用地舒单抗每4周120 mg（肿瘤方案；{count}，末次{last}）：下次注射{next_due}。"),
    // Plan: when.
    WhenToday => ("Today ({date})", "今日（{date}）"),
    WhenBy => ("By {date}", "{date}前"),
    WhenOn => ("{date}", "{date}"),
    WhenOnAtTheLatest => ("{date} (at the latest {by})", "{date}（最迟{by}）"),
    WhenTodayAtTheLatest => ("Today ({date}), at the latest {by}", "今日（{date}），最迟{by}"),
    // Plan: actions as instructions.
    PlanStart => ("Start {drug} {dose}", "开始{drug}：{dose}"),
    PlanExitDrug => ("Exit drug: {drug} {dose}", "序贯药物：{drug}，{dose}"),
    PlanFollowOn => ("Follow on with {drug} {dose}, with no gap", "序贯{drug}：{dose}，无间隔衔接"),
    PlanContinue => ("Continue {drug}", "继续{drug}"),
    PlanContinueDenosumab => ("Continue denosumab long term, every 6 months; never stop without an exit drug", "地舒单抗长期使用，每6个月1次；不做序贯不可停药"),
    PlanReviewBp => ("Review {drug} treatment: drug holiday if no fracture and hip T > −2.5, otherwise continue", "{drug}疗程评估：如无骨折且髋部T值>−2.5，可考虑药物假期，否则继续"),
    PlanReview => ("Review {drug} treatment", "{drug}治疗评估"),
    PlanCtx => ("Serum β-CTX (fasting morning sample)", "血清β-CTX（空腹晨血）"),
    PlanVitaminD => ("Colecalciferol 800–2000 IU/day; recheck 25(OH)D", "补充维生素D3 800–2000 IU/d；复查25-羟维生素D"),
    PlanBasicCare => ("Calcium 1000–1200 mg/day in total (diet first); vitamin D 800–1200 IU/day; exercise and falls prevention", "每日钙总摄入1000–1200 mg（膳食优先），维生素D 800–1200 IU/d；规律运动，预防跌倒"),
    PlanDental => ("Dental check before the first dose", "首次用药前口腔检查"),
    PlanDxaBaseline => ("Baseline DXA (treatment does not wait for it)", "基线骨密度（DXA）检查（无需等待DXA再开始治疗）"),
    PlanDxaRepeat => ("DXA (same machine)", "复查骨密度（DXA，尽量同一台设备）"),
    PlanNephrology => ("Nephrology: CKD-MBD review before the next dose", "请肾内科会诊（CKD-MBD评估），在下次注射前完成"),
    PlanStopWithoutExit => ("stopping without an exit drug", "不做序贯直接停药"),
    // Plan: values beside an action.
    DoseCalciumNormal => ("calcium {calcium} mmol/L is normal", "血钙{calcium} mmol/L正常"),
    DoseVitaminDNoDelay => ("low vitamin D does not delay this dose", "维生素D偏低不推迟本次注射"),
    DoseOnceCalciumNormal => ("once the adjusted calcium is normal", "校正血钙正常后再注射"),
    DoseCountedFromToday => ("counted from today's dose; book it today", "按今日实际注射日期计算；今日即预约"),
    SeriesFromActualDose => ("count from the actual injection date", "按实际注射日期推算"),
    DoseNumber => ("dose {dose}", "第{dose}针"),
    DenosumabDose60 => ("60 mg s.c.", "60 mg"),
    DenosumabDose120 => ("120 mg s.c.", "120 mg"),
    WhenThen => ("{first}, then {later}", "{first}，之后{later}"),
    WhenWindow => ("{date} (window {open} – {close})", "{date}（注射窗口{open}至{close}）"),
    VitaminDValue => ("25(OH)D {vitamin_d} nmol/L", "25-羟维生素D {vitamin_d} nmol/L"),
    CalciumValue => ("calcium {calcium} mmol/L", "血钙{calcium} mmol/L"),
    AvoidLine => ("Avoid: {drugs}", "避免：{drugs}"),
    // Options.
    SecondLineLine => ("Second line: {drugs}", "二线：{drugs}"),
    NoExitDrugValue => ("none safe: continue denosumab", "无安全的序贯药物：继续地舒单抗"),
    ExitDateValue => ("{give_on}, at the latest {give_by}", "{give_on}，最迟{give_by}"),
    InjectionsValue => ("{last} (dose {count})", "{last}（第{count}针）"),
    CatchUpValue => ("today ({today}); then {next_step} {next_due} (window {open} – {close})", "今日（{today}）；之后{next_step}{next_due}（窗口{open}至{close}）"),
    OstaValue => ("{index} ({band} risk)", "{index}（{band}风险）"),
    DaysLateValue => ("{status} ({days_late} days after the due date)", "{status}（{days_phrase}）"),
}
