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
                let (en, zh) = match self {
                    $(Sentence::$name => ($en, $zh),)*
                };
                match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                }
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
    RiskWithReasons => ("{level}: {reasons}", "{level}：{reasons}"),
    ReasonOsteoporosis => ("osteoporosis", "骨质疏松症"),
    ReasonFracture => ("fragility fracture", "脆性骨折"),
    ReasonFrax => ("FRAX MOF {frax_mof} %, hip {frax_hip} %", "FRAX主要骨质疏松性骨折{frax_mof}%，髋部骨折{frax_hip}%"),
    ReasonGiop => ("glucocorticoids {gc_dose} mg/day for {gc_months} months", "糖皮质激素{gc_dose} mg/d，已{gc_months}个月"),
    ReasonOnTreatment => ("on treatment (a better DXA does not end the indication)", "正在治疗（DXA改善不等于治疗指征消失）"),
    ReasonRecentFx => ("fragility fracture within {months} months", "{months}个月内脆性骨折"),
    ReasonFxOnTx => ("fracture on treatment", "治疗期间发生骨折"),
    ReasonMultiFx => ("two or more fragility fractures", "≥2处脆性骨折"),
    ReasonVhGc => ("high-dose glucocorticoids", "大剂量糖皮质激素"),
    ReasonVhT => ("T {lowest_t} < −3.0", "T值{lowest_t} < −3.0"),
    ReasonFalls => ("high fall risk", "跌倒高风险"),
    IndicatedTail => ("anti-osteoporosis drug treatment indicated", "有抗骨质疏松药物治疗指征"),
    // Impression: where the patient is on treatment.
    StageNaive => ("Treatment-naive.", "初治。"),
    StagePrevious => ("Previously treated ({drug}, until {until}); no current drug.", "既往使用{drug}（至{until}），目前未用药。"),
    StagePreviousNoDrug => ("Previously treated; no current drug.", "既往接受过抗骨质疏松治疗，目前未用药。"),
    StageOnDrug => ("On {drug} since {since}.", "自{since}起使用{drug}。"),
    StageOnDrugNoDate => ("On {drug}.", "正在使用{drug}。"),
    StageAfterAnabolic => ("The {drug} course ended {until} with no anti-resorptive after it.", "{drug}疗程已于{until}结束，其后尚未使用骨吸收抑制剂。"),
    DmabOnSince => ("On denosumab since {first} ({count}, last {last}).", "自{first}起使用地舒单抗（{count}，末次{last}）。"),
    DmabNotDue => ("Dose {dose} due {next_due} (window {open} – {close}).", "第{dose}针{next_due}到期（注射窗口{open}至{close}）。"),
    DmabDue => ("Dose {dose} is due now (due {next_due}, window until {close}).", "第{dose}针现已到期（{next_due}，注射窗口至{close}）。"),
    DmabLate => ("Dose {dose} was due {next_due} and is {days_late} days late.", "第{dose}针原定{next_due}，已延迟{days_late}天。"),
    DmabOverdue => ("Dose {dose} was due {next_due} and is {days_late} days overdue: rebound window, high risk of multiple vertebral fractures.", "第{dose}针原定{next_due}，已逾期{days_late}天，处于停药反跳期，多发椎体骨折风险高。"),
    DmabStopping => ("Stopping denosumab after {count} (last {last}).", "计划停用地舒单抗，已注射{count}（末次{last}）。"),
    DmabExitOn => ("Exit drug {drug} on {give_on}, at the latest {give_by}.", "序贯药物{drug}于{give_on}使用，最迟{give_by}。"),
    DmabExitRestart => ("The exit window has passed ({days_late} days late, no exit drug): denosumab today, exit re-planned for {transition_on}.", "序贯用药时机已过（已延迟{days_late}天，未用序贯药物）：今日注射地舒单抗，序贯用药改为{transition_on}。"),
    DmabExitGiven => ("Exit drug {drug} given on {given_on}.", "序贯药物{drug}已于{given_on}使用。"),
    DmabNoExit => ("No safe exit drug: denosumab continues long term.", "无安全的序贯药物：地舒单抗需长期使用。"),
    DmabOncology => ("Denosumab 120 mg every 4 weeks (oncology): next dose {next_due}.", "地舒单抗每4周120 mg（肿瘤）：下次注射{next_due}。"),
    // Plan: when.
    WhenToday => ("Today ({date})", "今日（{date}）"),
    WhenBy => ("By {date}", "{date}前"),
    WhenOn => ("{date}", "{date}"),
    WhenOnAtTheLatest => ("{date} (at the latest {by})", "{date}（最迟{by}）"),
    WhenTodayAtTheLatest => ("Today ({date}), at the latest {by}", "今日（{date}），最迟{by}"),
    // Plan: values beside an action.
    DoseNumber => ("dose {dose}", "第{dose}针"),
    DenosumabDose60 => ("60 mg s.c.", "60 mg"),
    DenosumabDose120 => ("120 mg s.c.", "120 mg"),
    WhenThen => ("{date}, then {by}", "{date}，之后{by}"),
    WhenWindow => ("{date} (window {open} – {close})", "{date}（注射窗口{open}至{close}）"),
    VitaminDValue => ("25(OH)D {vitamin_d} nmol/L", "25-羟维生素D {vitamin_d} nmol/L"),
    CalciumValue => ("calcium {calcium} mmol/L", "血钙{calcium} mmol/L"),
    SameMachine => ("same machine", "同一台设备"),
    AvoidLine => ("Avoid: {drugs}", "避免：{drugs}"),
    // Options.
    SecondLineLine => ("Second line: {drugs}", "二线：{drugs}"),
    NoExitDrugValue => ("none safe: continue denosumab", "无安全的序贯药物：继续地舒单抗"),
    ExitDateValue => ("{give_on}, at the latest {give_by}", "{give_on}，最迟{give_by}"),
    InjectionsValue => ("{last} (dose {count})", "{last}（第{count}针）"),
    CatchUpValue => ("today ({today}); next dose {next_due} (window {open} – {close})", "今日（{today}）补注射；下次注射{next_due}（注射窗口{open}至{close}）"),
    OstaValue => ("{index} ({band} risk)", "{index}（{band}风险）"),
    DaysLateValue => ("{status}, {days_late} days after the due date", "{status}，已超过到期日{days_late}天"),
}
