//! The clinic list page's own UI strings, each in English and Chinese: kept apart from `crate::words::i18n` so that
//! the calculator's wasm does not carry them (each table is stored whole in every module that reads it).

use crate::words::lang::Lang;
use crate::words::packed;

/// Every fixed string only the clinic list shows, each as (English, Chinese); stored like `crate::words::i18n::Text`.
macro_rules! list_texts {
    ($($name:ident => ($en:expr, $zh:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ListText {
            $($name,)*
        }

        impl ListText {
            pub const ALL: &'static [ListText] = &[$(ListText::$name,)*];
        }

        const EN: &str = concat!($($en,)*);
        const ZH: &str = concat!($($zh,)*);
        static EN_ENDS: [u16; ListText::ALL.len() + 1] = packed::ends(&[$($en.len(),)*]);
        static ZH_ENDS: [u16; ListText::ALL.len() + 1] = packed::ends(&[$($zh.len(),)*]);
    };
}

list_texts! {
    ListIntro => ("Every denosumab patient of a register at once, most urgent first. The file is read in this browser only: nothing leaves the page and nothing is stored.", "一次查看登记表中全部地舒单抗患者，最紧急者在前。文件仅在本浏览器中读取：数据不会离开页面，也不会被保存。"),
    ListOpen => ("Open register (CSV or JSON Lines)", "打开登记表（CSV 或 JSON Lines）"),
    ListDrop => ("or drop the file here", "或将文件拖放到此处"),
    ListTemplate => ("CSV template", "CSV 模板"),
    ListDate => ("List date", "清单日期"),
    ListWeeks => ("Due soon: weeks ahead", "即将到期：未来周数"),
    ListEvaluating => ("Evaluating patients", "正在评估患者"),
    ListFileLabel => ("File", "文件"),
    ListStatusFilter => ("Status (none ticked: all)", "状态（不勾选即全部）"),
    ListFrom => ("Next appointment from", "下次预约：自"),
    ListTo => ("to", "至"),
    ListShowAll => ("Show all", "显示全部"),
    ListShowMore => ("Show more rows", "显示更多行"),
    ColDaysLate => ("Days late", "延迟天数"),
    ListOpenPatient => ("Open", "打开"),
    ListOpenPatientLabel => ("Open this patient in the calculator", "在计算器中打开该患者"),
    ListExportCsv => ("Export list (CSV)", "导出清单（CSV）"),
    ListExportCalendar => ("Calendar of next actions (.ics)", "下一步日历（.ics）"),
    ListPrint => ("Print worklist", "打印工作清单"),
    ListClose => ("Close file", "关闭文件"),
    ListRowsNotListed => ("Rows not listed (the other rows are in the list)", "未列入清单的行（其余行已列入）"),
    ListRowsNotListedFirst => ("{total} rows with a problem — the first {kept} messages below (the other rows are in the list)", "{total} 行有问题——下面列出前 {kept} 条（其余行已列入）"),
    ListErrorsPrevious => ("Previous 100", "上 100 条"),
    ListErrorsNext => ("Next 100", "下 100 条"),
    ListNotRegister => ("This file is not a clinic register and nothing was listed:", "该文件不是门诊名册，未列出任何患者："),
    ListReadAsWindows1252 => ("The file is neither UTF-8, UTF-16 nor GB18030 and was read as Windows-1252: check the names, or save it as UTF-8.", "该文件不是 UTF-8、UTF-16 或 GB18030 编码，已按 Windows-1252 读取：请核对姓名，或将文件另存为 UTF-8。"),
    ListPrintPreparing => ("Preparing the worklist for printing", "正在准备打印工作清单"),
    ListPrintMany => ("Print all {count} patients shown? That is hundreds of pages; a filter by status or date prints fewer.", "打印当前显示的全部 {count} 位患者？将有数百页；可先按状态或日期筛选以减少打印量。"),
    ListTooBig => ("The file is larger than 32 MB and was not read.", "文件超过 32 MB，未读取。"),
    ListUnreadable => ("The file could not be read as text.", "无法以文本方式读取该文件。"),
    WorklistCounts => ("Patients per status", "各状态患者数"),
    WorklistNoFile => ("No register is open: open one on the clinic list page to print its worklist.", "尚未打开登记表：请先在门诊清单页面打开登记表，再打印工作清单。"),
    ListCellUnknown => ("is not a value of this column (see the template)", "不是此列可填的值（见模板）"),
    ListCellShape => ("is not written as", "格式应为"),
    ListCellNotUsed => ("cell not used; the schedule is listed", "该单元格未使用；已列出注射计划"),
    ListRowColumns => ("{expected} columns expected, {found} found", "应有 {expected} 列，实有 {found} 列"),
    ListRowNothing => ("neither injection dates (for the schedule) nor sex and age or date of birth (for the full assessment)", "既无注射日期（用于注射计划），也无性别及年龄或出生日期（用于完整评估）"),
    ListReadAs => ("Read as", "读取编码"),
    ListReplaced => ("{count} characters could not be read and show as �; check the file's encoding (the first at line {line})", "{count} 个字符无法读取，显示为 �；请检查文件编码（首处在第 {line} 行）"),
}

impl ListText {
    /// The string in the given language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => packed::entry(EN, &EN_ENDS, self as usize),
            Lang::Zh => packed::entry(ZH, &ZH_ENDS, self as usize),
        }
    }
}
