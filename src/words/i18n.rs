//! Every UI string, each in English and Chinese, in one table. The language itself is `crate::words::lang::Lang`.
//!
//! Clinical rule texts do not live here: they are in `crate::words::rule_texts`.

pub use crate::words::lang::Lang;
use crate::words::packed;

/// Every fixed string the UI shows, each as (English, Chinese). Terms follow the project glossary. Each language's
/// strings are stored joined, with a table of where each ends (`crate::words::packed`), which is smaller in the wasm
/// than a `match` returning literals.
macro_rules! texts {
    ($($name:ident => ($en:expr, $zh:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Text {
            $($name,)*
        }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$name,)*];
        }

        const EN: &str = concat!($($en,)*);
        const ZH: &str = concat!($($zh,)*);
        static EN_ENDS: [u16; Text::ALL.len() + 1] = packed::ends(&[$($en.len(),)*]);
        static ZH_ENDS: [u16; Text::ALL.len() + 1] = packed::ends(&[$($zh.len(),)*]);
    };
}

texts! {
    AppName => ("OsteoPlan", "OsteoPlan"),
    Tagline => ("Osteoporosis diagnosis, treatment choice and denosumab scheduling", "骨质疏松症诊断、治疗选择与地舒单抗注射计划"),
    Notice => ("Decision support for clinicians; does not replace clinical judgement", "供临床医生决策参考，不能替代临床判断"),
    LanguageSwitch => ("Language", "语言"),
    InputsHeading => ("Patient data", "患者资料"),
    ResultsHeading => ("Recommendation", "诊疗建议"),
    Print => ("Print recommendation sheet", "打印诊疗建议单"),
    PrintForPatient => ("Print for the patient", "打印患者须知"),
    CalendarName => ("OsteoPlan: plan", "OsteoPlan：诊疗计划"),
    CalendarDmabDose => ("Denosumab {mg} mg, dose {n}", "地舒单抗 {mg} mg，第 {n} 针"),
    // Toolbar
    CaseTools => ("Case", "病例"),
    NewPatient => ("New patient", "新患者"),
    ConfirmNewPatient => ("Clear this case and start a new patient? Export it first if you need it.", "清除当前病例并录入新患者？如需保留请先导出。"),
    Export => ("Export case (.json)", "导出病例（.json）"),
    Import => ("Import case (.json)", "导入病例（.json）"),
    ImportFailed => ("This file could not be imported; the current case is kept.", "无法导入该文件，当前病例保持不变。"),
    Share => ("Share link", "分享链接"),
    ShareLink => ("Link to this case, without name and patient ID", "本病例链接（不含姓名和病历号）"),
    ShareLinkWithIdentity => ("Link to this case, with name and patient ID", "本病例链接（含姓名和病历号）"),
    ShareNotice => ("This link holds this patient's case (everything entered) and is kept in the browser history of whoever opens it. Send it only through a channel your hospital allows.", "此链接包含该患者的病例（已录入的全部内容），并会保留在打开者的浏览器历史记录中。请仅通过医院允许的渠道发送。"),
    ShareWithIdentity => ("Include the name and patient ID", "包含姓名和病历号"),
    ShareFromDisk => ("This page is a file on this computer, so a link to it cannot be opened anywhere else. Export the case instead and send the file through a channel your hospital allows.", "此页面是本机上的文件，其链接无法在其他电脑上打开。请改为导出病例，并通过医院允许的渠道发送该文件。"),
    ShareHint => ("The case is carried after the # of the link, which browsers never send to a server.", "病例数据位于链接#之后，浏览器不会将其发送到服务器。"),
    ConfirmReplaceFromLink => ("Replace the current case with the one in the link?", "用链接中的病例替换当前病例？"),
    LinkUnreadable => ("The case in the link could not be read; the current case is kept.", "无法读取链接中的病例，当前病例保持不变。"),
    Reason => ("Reason", "原因"),
    Dismiss => ("Dismiss", "关闭"),
    // Keeping the case on this device
    ReopenDraft => ("Open a case entered earlier on this device", "打开本设备上之前录入的病例"),
    NoNameOrId => ("No name or ID", "未填姓名或编号"),
    NotKeptHere => ("This browser does not allow storage here: the case will not be kept on this device.", "此处浏览器不允许存储数据：病例不会保存在本设备上。"),
    DraftUnreadable => ("The case saved on this device could not be read (it may come from a newer version of OsteoPlan). It was kept, not deleted; a blank case is shown.", "无法读取本设备上保存的病例（可能来自更新版本的 OsteoPlan）。该病例已保留，未被删除；现显示空白病例。"),
    DownloadUnreadable => ("Download the saved case (.json)", "下载已保存的病例（.json）"),
    NotSaving => ("Changes are not being saved on this device: the browser refused to store them. Export the case to keep it.", "更改未能保存在本设备上：浏览器拒绝存储。请导出病例以便保留。"),
    // Sections
    SectionPatient => ("Patient", "患者"),
    SectionDxa => ("DXA", "双能X线吸收检测法（DXA）"),
    SectionFractures => ("Fractures", "骨折"),
    SectionRisk => ("Risk factors", "危险因素"),
    SectionLabs => ("Labs", "化验"),
    SectionConditions => ("Conditions", "合并情况"),
    SectionHistory => ("Drug history", "用药史"),
    SectionDenosumab => ("Denosumab", "地舒单抗"),
    // Fields
    AssessedOn => ("Assessment date", "评估日期"),
    ProfileField => ("Guideline profile", "指南"),
    Name => ("Name (optional)", "姓名（可选）"),
    PatientId => ("Patient ID (optional)", "病历号（可选）"),
    Sex => ("Sex", "性别"),
    Age => ("Age", "年龄"),
    MenopauseField => ("Menopause", "绝经状态"),
    Weight => ("Weight", "体重"),
    Height => ("Height", "身高"),
    Choose => ("— choose —", "— 请选择 —"),
    DateHint => ("YYYY-MM-DD", "YYYY-MM-DD"),
    AddSite => ("Add site", "添加部位"),
    TScore => ("T-score", "T值"),
    ZScore => ("Z-score", "Z值"),
    Bmd => ("BMD", "骨密度（BMD）"),
    RefMean => ("Reference mean", "参考均值"),
    RefSd => ("Reference SD", "参考标准差"),
    RefHint => ("Enter a T-score, or a BMD; leave the reference empty to use the built-in one (femoral neck, total hip).", "填写T值或骨密度；参考值留空则使用内置参考（股骨颈、全髋）。"),
    Remove => ("Remove", "删除"),
    AddFracture => ("Add fracture", "添加骨折"),
    Site => ("Site", "部位"),
    Date => ("Date", "日期"),
    Fragility => ("Fragility fracture", "脆性骨折"),
    OnTreatment => ("On treatment", "治疗期间发生"),
    Nonunion => ("Non-union", "骨折不愈合"),
    FraxMof => ("FRAX major osteoporotic fracture", "FRAX 10年主要骨质疏松性骨折概率"),
    FraxHip => ("FRAX hip fracture", "FRAX 10年髋部骨折概率"),
    Falls => ("Falls in the last 12 months", "过去12个月跌倒次数"),
    InjuriousFall => ("Injurious fall", "跌倒致伤"),
    GcDose => ("Glucocorticoids (prednisone-equivalent)", "糖皮质激素（泼尼松当量）"),
    GcMonths => ("Glucocorticoid duration", "糖皮质激素疗程"),
    SecondaryCauses => ("Secondary causes", "继发性骨质疏松病因"),
    Egfr => ("eGFR", "估算肾小球滤过率（eGFR）"),
    Creatinine => ("Creatinine", "血肌酐"),
    VitaminD => ("25-hydroxyvitamin D", "25-羟维生素D"),
    Calcium => ("Serum calcium", "血钙"),
    Albumin => ("Albumin", "白蛋白"),
    PreTreatmentT => ("Lowest T-score before any treatment", "治疗前最低T值"),
    UnitOf => ("unit", "单位"),
    AddDrug => ("Add drug", "添加用药"),
    DrugField => ("Drug", "药物"),
    Start => ("Start", "开始"),
    End => ("End (empty = ongoing)", "结束（空 = 仍在使用）"),
    OnDenosumab => ("Denosumab given or planned", "已用或拟用地舒单抗"),
    ConfirmDropDenosumab => ("Remove the denosumab block and its injection dates?", "删除地舒单抗记录及其注射日期？"),
    RegimenField => ("Regimen", "方案"),
    Impression => ("Impression", "印象"),
    FollowUp => ("Follow-up", "随访结果"),
    EarlierDxa => ("Earlier DXA", "既往DXA"),
    BtmResults => ("Bone turnover markers", "骨转换标志物"),
    MissedWindow => ("Missed window", "已错过的注射窗口"),
    ExitWindow => ("Exit window", "序贯用药窗口"),
    DxaOptionalHint => ("DXA may be left empty after a hip or vertebral fragility fracture: the fracture makes the diagnosis.", "已有髋部或椎体脆性骨折时可不填DXA：依据骨折即可临床诊断。"),
    FraxGcNote => ("Glucocorticoids entered: enter FRAX as calculated; it is adjusted here for the dose (RISK-GC-FRAX).", "已录入糖皮质激素：请录入原始FRAX值，本工具将按剂量校正（RISK-GC-FRAX）。"),
    KidneyFunction => ("Kidney function", "肾功能"),
    Osta => ("OSTA index", "OSTA指数"),
    ExitDue => ("Exit drug due", "序贯用药到期日"),
    CatchUp => ("Catch-up dose", "补注射"),
    ExitGiveOn => ("Give the exit drug", "序贯用药"),
    ExitGivenOn => ("Exit drug given on", "序贯用药已于"),
    CopyText => ("Copy as text", "复制为文本"),
    CopyAll => ("Copy everything", "复制全部内容"),
    CopyTextHint => ("Copies the impression, alerts and plan for the record", "复制诊断印象、警示和诊疗计划，用于病历"),
    CopyAllHint => ("Copies the whole document: drug options, data and every rule's text too", "复制全部内容：包括药物选择、临床资料和每条规则的全文"),
    ShowRules => ("Show rules", "显示规则"),
    Copied => ("Copied", "已复制"),
    DenosumabStop => ("stop (plan an exit)", "停药（制定序贯方案）"),
    JumpToResult => ("Result", "结果"),
    Injections => ("Injection dates", "注射日期"),
    AddInjection => ("Add injection", "添加注射"),
    Years => ("years", "岁"),
    Months => ("months", "月"),
    MgPerDay => ("mg/day", "mg/天"),
    // Results
    ComputedT => ("T-score computed from BMD", "由骨密度计算的T值"),
    Plan => ("Plan", "诊疗计划"),
    Options => ("Drug options", "药物选择"),
    Schedule => ("Denosumab schedule", "地舒单抗注射计划"),
    LastInjection => ("Last injection", "末次注射"),
    NextDue => ("Next injection due", "下次注射日期"),
    Window => ("Window", "注射窗口"),
    Status => ("Status", "状态"),
    Transition => ("Exit (transition) date", "序贯用药日期"),
    ExitDrug => ("Exit drug", "序贯药物"),
    CtxChecks => ("Serum β-CTX checks", "血清β-CTX检测"),
    Alternatives => ("Alternatives", "其他选择"),
    Alerts => ("Alerts", "警示"),
    NoAlerts => ("No alerts", "无警示"),
    Incomplete => ("To see the recommendation, complete or correct:", "请补充或修正以下内容以查看建议："),
    Source => ("Source", "来源"),
    AddToCalendar => ("Add to calendar (.ics)", "添加到日历（.ics）"),
    UpdateReady => ("A new version of OsteoPlan is ready.", "OsteoPlan 新版本已就绪。"),
    Reload => ("Reload", "重新加载"),
    ForgetDevice => ("Forget this device's data", "清除本设备上的数据"),
    ConfirmForget => ("Delete every case, the clinic header and the language choice saved in this browser? Export a case first if you need it.", "删除此浏览器中保存的所有病例、打印单抬头和语言设置？如需保留病例请先导出。"),
    // Clinic list page (issue 16)
    PageCalculator => ("One patient", "单个患者"),
    PageClinicList => ("Clinic list", "门诊清单"),
    Pages => ("Pages", "页面"),
    ListPatientsShown => ("Patients shown", "显示的患者"),
    ColNextAction => ("Next action", "下一步"),
    CalendarNoNames => ("No names in calendar (for calendars synced to phones)", "日历中不显示患者（用于同步到手机的日历）"),
    // Printed sheet
    SheetFindings => ("Clinical data", "临床资料"),
    Ongoing => ("ongoing", "至今"),
    SheetTitle => ("Recommendation sheet", "诊疗建议单"),
    ClinicHeader => ("Clinic header on the printed sheet (kept on this device)", "打印单抬头（医院/科室，仅保存在本设备）"),
    PatientName => ("Name", "姓名"),
    PatientIdShort => ("Patient ID", "病历号"),
    RulesApplied => ("Rules applied", "所依据的规则"),
    WasDue => ("Was due", "原定注射日期"),
    Signature => ("Clinician's signature", "医生签名"),
    // Input errors (English shows the engine's own message where there is one)
    ErrNotNumber => ("Not a number", "不是有效数字"),
    ErrNotWhole => ("Enter a whole number", "请输入整数"),
    ErrMissing => ("Required", "必填"),
    ErrOutOfRange => ("Outside the allowed range", "超出允许范围"),
    ErrInvalidDate => ("Not a valid date (YYYY-MM-DD)", "日期无效（格式 YYYY-MM-DD）"),
    ErrInconsistent => ("Inconsistent with other entries", "与其他数据矛盾"),
    ErrDuplicate => ("Entered twice", "重复录入"),
    ErrUnknownValue => ("Unknown value", "未知的值"),
    ErrUnknownField => ("Unknown field", "未知字段"),
    ErrMalformed => ("Not a case document", "不是有效的病例文件"),
    // Clinic list: printed worklist and calendar
    ColRow => ("#", "序号"),
    ColStage => ("Treatment stage", "治疗阶段"),
    WorklistDone => ("Done", "完成"),
    ListCellNotNumber => ("is not a number", "不是数字"),
    ListCellNotWhole => ("is not a whole number of years", "不是整数岁数"),
    ListNextAppointment => ("Next appointment", "下次预约"),
    ListRowsFlawed => ("Listed rows with a cell not read", "已列入但有单元格无法读取的行"),
    WorklistHorizon => ("\"Due soon\" horizon (weeks)", "“即将到期”范围（周）"),
    WorklistUnread => ("Rows of the file that could not be read (not in this list)", "文件中无法读取的行（未列入本清单）"),
    WorklistFilter => ("Shown only", "仅显示"),
    WorklistNone => ("No patients match.", "没有符合条件的患者。"),
    ListPlannedFor => ("Planned for", "原定日期"),
    ListCalendarName => ("OsteoPlan: clinic list", "OsteoPlan：门诊清单"),
    // Clinic list cells (issue 26): "`x` is not a date …" — the cell is quoted before the words.
    ListCellNotDate => ("is not a date (2025-03-06, 2025/3/6, 20250306, 2025年3月6日)", "不是日期（可写 2025-03-06、2025/3/6、20250306、2025年3月6日）"),
    ListCellYearLast => ("puts the year last (day/month or month/day?); write the year first", "年份在后，无法确定日月顺序；请将年份写在前面"),
    ListScheduleOnly => ("schedule only — open for the full assessment", "仅注射计划——打开以完成完整评估"),
    ListAlsoDue => ("Also due", "同时到期"),
    // Follow-up visit and clinic settings (issues 24, 27)
    DxaDate => ("Date of this DXA", "本次DXA日期"),
    DxaMachine => ("DXA machine", "DXA仪器"),
    SectionEarlierDxa => ("Earlier DXA", "既往DXA"),
    AddStudy => ("Add earlier study", "添加既往检查"),
    PasteDxa => ("Paste a table: date, BMD (g/cm²) per site as above", "粘贴表格：日期、各部位骨密度（g/cm²，顺序同上）"),
    SectionMarkers => ("Bone turnover markers", "骨转换标志物"),
    MarkerTest => ("Test", "检测项目"),
    MarkerValue => ("Value", "数值"),
    MarkerUnit => ("Unit", "单位"),
    AddMarker => ("Add result", "添加结果"),
    PasteBtm => ("Paste a table: date, value (unit as the row above)", "粘贴表格：日期、数值（单位同上一行）"),
    // Entry as a clinician types (issue 24)
    PickDate => ("Pick from a calendar", "从日历选择"),
    CheckSign => ("Check the sign: a T-score of +1.0 or more is rare", "请核对正负号：T值≥+1.0很少见"),
    Updating => ("Updating — finish the field", "正在更新——请完成填写"),
    ClinicSettings => ("Clinic settings", "门诊设置"),
    ClinicSettingsHint => ("Kept on this device; filled into cases without their own values.", "保存在本设备；填入未自带这些数值的病例。"),
    LscField => ("Least significant change (LSC), %", "最小有意义变化（LSC），%"),
    BtmReferenceField => ("Laboratory's premenopausal reference mean", "本实验室绝经前女性参考均值"),
    CaseOwnValues => ("This case keeps its own values.", "本病例保留其自带数值。"),
    ProfileInSettings => ("set in the clinic settings", "在门诊设置中选择"),
}

impl Text {
    /// The string in the given language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => packed::entry(EN, &EN_ENDS, self as usize),
            Lang::Zh => packed::entry(ZH, &ZH_ENDS, self as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::list_texts::ListText;

    /// Strings that read the same in both languages.
    const LANGUAGE_NEUTRAL: [Text; 2] = [Text::AppName, Text::DateHint];

    #[test]
    fn every_text_exists_in_both_languages() {
        // The clinic list's own table too: (name, English, Chinese, may read the same in both).
        let calculator = Text::ALL
            .iter()
            .map(|&t| (format!("{t:?}"), t.get(Lang::En), t.get(Lang::Zh), LANGUAGE_NEUTRAL.contains(&t)));
        let list = ListText::ALL.iter().map(|&t| (format!("{t:?}"), t.get(Lang::En), t.get(Lang::Zh), false));
        for (text, en, zh, neutral) in calculator.chain(list) {
            assert!(!en.trim().is_empty(), "{text} is empty in English");
            assert!(!zh.trim().is_empty(), "{text} is empty in Chinese");
            if !neutral {
                assert_ne!(en, zh, "{text} is not translated");
                assert!(zh.chars().any(|c| c > '\u{2E80}'), "{text} has no Chinese");
            }
        }
    }

    #[test]
    fn labels_carry_the_glossary_terms() {
        // Terms from shared/spec/glossary.md that these Chinese labels must use.
        let terms = [
            (Text::SectionDxa, "双能X线吸收检测法（DXA）"),
            (Text::ExitDrug, "序贯药物"),
            (Text::Transition, "序贯用药日期"),
            (Text::CtxChecks, "血清β-CTX"),
            (Text::NextDue, "下次注射日期"),
            (Text::Window, "注射窗口"),
            (Text::SheetTitle, "诊疗建议单"),
            (Text::Signature, "医生签名"),
        ];
        for (text, term) in terms {
            assert!(text.get(Lang::Zh).contains(term), "{text:?} should say {term}");
        }
        assert_eq!(Lang::Zh.days_late(68), "已延迟68天");
    }

    #[test]
    fn notice_uses_the_glossary_wording() {
        assert_eq!(Text::Notice.get(Lang::En), "Decision support for clinicians; does not replace clinical judgement");
        assert_eq!(Text::Notice.get(Lang::Zh), "供临床医生决策参考，不能替代临床判断");
    }
}
