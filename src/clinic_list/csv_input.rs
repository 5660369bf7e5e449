//! CSV input: one patient a row, in the documented column set (docs/formats.md, "The clinic list"), read with the `csv` crate
//! so that quoted cells, commas and line breaks inside a cell work as a spreadsheet writes them.

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;

use super::row::{RowError, SourceCase};
use super::{Unread, REGISTER_PROBE_ROWS};
use crate::clinical::case::{
    BtmReference, BtmResult, BtmTest, BtmUnit, Case, CaseDate, DenosumabBlock, DrugPeriod, DxaEntry, Fracture,
    Glucocorticoids, Labs, LscPercent, Patient, PreviousDxa, Sex, Site,
};
use crate::input::dates::{read_date, read_date_list, DateProblem};
use crate::words::i18n::Text;
use crate::words::lang::Lang;
use crate::words::list_texts::ListText;
use crate::words::rule_text::fill;

/// The register's first columns, in the template's order. None is required in a header (issue 26): a row uses the
/// columns it needs — injection dates for the schedule; sex, age (or `date_of_birth`) and, for women, menopause for
/// the full assessment. The keys are fixed English in both languages, so one file works for every user.
pub const COLUMNS: [&str; 19] = [
    "id",
    "name",
    "sex",
    "age",
    "menopause",
    "assessed_on",
    "injections",
    "plan",
    "regimen",
    "egfr",
    "creatinine_umol_l",
    "weight_kg",
    "calcium_mmol_l",
    "albumin_g_l",
    "vitamin_d_nmol_l",
    "lowest_t",
    "lowest_t_site",
    "fractures",
    "history",
];

/// The follow-up columns of case format v3 (issue 23) and a register's own (issue 26: the date of birth; issue 27:
/// the last CTX and the last DXA's date), after `COLUMNS` in the template.
pub const OPTIONAL_COLUMNS: [&str; 16] = [
    "dxa_date",
    "dxa_machine",
    "bmd_g_cm2",
    "dxa_previous",
    "lsc_percent",
    "ctx",
    "p1np",
    "ctx_reference_ng_ml",
    "p1np_reference_ng_ml",
    "glucocorticoid_mg_per_day",
    "glucocorticoid_months",
    "glucocorticoid_planned_months",
    "date_of_birth",
    "last_ctx_date",
    "last_ctx_ng_ml",
    "last_dxa_date",
];

/// Every column a header may name: `COLUMNS`, then `OPTIONAL_COLUMNS`.
fn all_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS.into_iter().chain(OPTIONAL_COLUMNS)
}

/// What each column is for, under its name in the template (`#` first, so the reader skips the row): (English,
/// Chinese). Only the columns a row uses are required.
fn column_mark(column: &str) -> (&'static str, &'static str) {
    match column {
        "id" => ("# required: ID or name", "# 必填：病历号或姓名"),
        "name" => ("required: ID or name", "必填：病历号或姓名"),
        "injections" => ("required for the schedule", "注射计划必填"),
        "sex" => ("required for the full assessment", "完整评估必填"),
        "age" | "date_of_birth" => {
            ("required for the full assessment: age or date_of_birth", "完整评估必填：年龄或出生日期")
        }
        "menopause" => ("required for the full assessment: women", "完整评估必填：女性"),
        _ => ("optional", "可选"),
    }
}

/// The template's columns, in order: `COLUMNS` with `date_of_birth` after `age`, then the other optional ones.
fn template_columns() -> Vec<&'static str> {
    let mut columns = Vec::new();
    for column in COLUMNS {
        columns.push(column);
        if column == "age" {
            columns.push("date_of_birth");
        }
    }
    columns.extend(OPTIONAL_COLUMNS.into_iter().filter(|&c| c != "date_of_birth"));
    columns
}

/// The template to download: the header; a row (`#` first, skipped when read) marking each column required or
/// optional; a comment line (one cell) saying what goes where, in `lang`; a full example row and a schedule-only one.
pub fn csv_template(lang: Lang) -> String {
    let help = match lang {
        Lang::En => "# one patient a row; a row with injection dates but without sex and age (or date of birth) is listed with its schedule only; dates 2025-03-06 (or 2025/3/6 or 20250306 or 2025年3月6日; never the year last); sex female|male (or f|m); menopause premenopausal|perimenopausal|postmenopausal; injections: dates separated by ; (e.g. 2025-05-02;2025-11-03); plan continue|stop; regimen osteoporosis_60mg_q6m|oncology_120mg_q4w; lowest_t_site lumbar_spine|femoral_neck|total_hip|radius_33; fractures: site:date[:nonfragility][:surgery_date] separated by ; (sites hip|vertebral|proximal_humerus|pelvis|distal_forearm|other); history: drug:start:end separated by ; (end empty = ongoing); assessed_on empty = the list's date; date_of_birth instead of age (the age on the list's date); dxa_date = the date of lowest_t (empty = assessed_on); dxa_machine = its scanner; bmd_g_cm2 = its BMD at lowest_t_site; dxa_previous: earlier studies date:site:bmd[:t[:machine]] separated by ; (bmd may be empty when t is given); lsc_percent: site:percent separated by ; (the centre's least significant change); ctx and p1np: date:value:unit separated by ; (units ng_ml|ug_l|pg_ml|ng_l; P1NP ng_ml|ug_l); ctx_reference_ng_ml and p1np_reference_ng_ml: the laboratory's premenopausal means; last_ctx_date and last_ctx_ng_ml: the last CTX (one more CTX result); last_dxa_date: the date of the last DXA (as dxa_date); glucocorticoid_mg_per_day (prednisone-equivalent) glucocorticoid_months (taken so far) glucocorticoid_planned_months (the whole planned course); lines starting with # are skipped",
        Lang::Zh => "# 每行一位患者；有注射日期但缺少性别和年龄（或出生日期）的行只列出注射计划；日期写作 2025-03-06（或 2025/3/6、20250306、2025年3月6日；年份不可写在最后）；sex 填 female（女）或 male（男）；menopause 填 premenopausal（绝经前）、perimenopausal（围绝经期）或 postmenopausal（绝经后）；injections：注射日期，以 ; 分隔（如 2025-05-02;2025-11-03）；plan 填 continue（继续）或 stop（停药）；regimen 填 osteoporosis_60mg_q6m 或 oncology_120mg_q4w；lowest_t_site 填 lumbar_spine、femoral_neck、total_hip 或 radius_33；fractures：部位:日期[:nonfragility][:手术日期]，以 ; 分隔；history：药物:开始:结束，以 ; 分隔（结束留空表示仍在使用）；assessed_on 留空则取清单日期；date_of_birth 可代替 age（按清单日期计算年龄）；dxa_date 为 lowest_t 的检查日期（留空则取 assessed_on）；dxa_machine 为该次检查的骨密度仪；bmd_g_cm2 为 lowest_t_site 部位的骨密度（g/cm²）；dxa_previous：既往检查 日期:部位:骨密度[:T值[:骨密度仪]]，以 ; 分隔（有 T 值时骨密度可留空）；lsc_percent：部位:百分比，以 ; 分隔（本中心的最小有意义变化）；ctx 与 p1np：日期:数值:单位，以 ; 分隔（单位 ng_ml、ug_l、pg_ml 或 ng_l；P1NP 仅 ng_ml 或 ug_l）；ctx_reference_ng_ml 与 p1np_reference_ng_ml：检验科的绝经前参考均值；last_ctx_date 与 last_ctx_ng_ml：最近一次 CTX（日期与数值）；last_dxa_date：最近一次骨密度检查日期（同 dxa_date）；glucocorticoid_mg_per_day（泼尼松等效剂量）、glucocorticoid_months（已用月数）、glucocorticoid_planned_months（计划总疗程月数）；以 # 开头的行不读取",
    };
    let columns = template_columns();
    let full: &[(&str, &str)] = &[
        ("id", "P001"),
        ("name", "Example Patient"),
        ("sex", "female"),
        ("age", "68"),
        ("menopause", "postmenopausal"),
        ("injections", "2025-05-02;2025-11-03"),
        ("plan", "continue"),
        ("regimen", "osteoporosis_60mg_q6m"),
        ("egfr", "55"),
        ("weight_kg", "62"),
        ("calcium_mmol_l", "2.30"),
        ("albumin_g_l", "40"),
        ("vitamin_d_nmol_l", "60"),
        ("lowest_t", "-2.8"),
        ("lowest_t_site", "femoral_neck"),
        ("fractures", "vertebral:2024-03-10"),
        ("history", "alendronate:2019-01-01:2024-01-01"),
        ("dxa_date", "2025-10-28"),
        ("dxa_machine", "Hologic Horizon A"),
        ("bmd_g_cm2", "0.521"),
        ("dxa_previous", "2023-10-30:femoral_neck:0.505:-2.9:Hologic Horizon A"),
        ("lsc_percent", "femoral_neck:4.1"),
        ("ctx", "2025-05-02:0.52:ng_ml;2025-11-03:0.09:ng_ml"),
        ("p1np", "2025-11-03:21:ug_l"),
        ("ctx_reference_ng_ml", "0.30"),
        ("p1np_reference_ng_ml", "37"),
    ];
    let schedule: &[(&str, &str)] = &[
        ("id", "P002"),
        ("name", "Schedule Only"),
        ("sex", "female"),
        ("date_of_birth", "1950-04-12"),
        ("injections", "2025/3/6;2025/9/8"),
    ];
    let row = |cells: &[(&str, &str)]| {
        columns.iter().map(|c| cells.iter().find(|(k, _)| k == c).map_or("", |(_, v)| *v)).collect::<Vec<_>>().join(",")
    };
    let marks: Vec<&str> = columns.iter().map(|c| lang.pick(column_mark(c))).collect();
    // The help has no comma, so a spreadsheet shows it in one cell; the reader skips it as a comment.
    format!("{}\n{}\n{help}\n{}\n{}\n", columns.join(","), marks.join(","), row(full), row(schedule))
}

/// Every readable row as a case with its spreadsheet row number (header = 1), and what could not be read. A row
/// with any problem is left out; the other rows still load. A header that is not the list's refuses the file, and
/// so do `REGISTER_PROBE_ROWS` rows without a readable one (the reader stops there).
pub fn read_csv(text: &str, today: NaiveDate) -> (Vec<SourceCase>, Unread) {
    let mut rows = CsvRows::new(text, today);
    let mut cases = Vec::new();
    let mut unread = Unread::default();
    while !(cases.is_empty() && unread.rows >= REGISTER_PROBE_ROWS) {
        match rows.next_step() {
            CsvStep::Case(case) => cases.push(*case),
            CsvStep::Unread(errors) => unread.row(errors),
            CsvStep::Skipped => {}
            CsvStep::Refused(reason) => {
                unread.refused = Some(reason);
                break;
            }
            CsvStep::End => break,
        }
    }
    (cases, unread)
}

/// What one step of `CsvRows` read.
pub enum CsvStep {
    /// A case read (boxed: a case is big, the other steps small).
    Case(Box<SourceCase>),
    /// A row that could not be read, with its problems.
    Unread(Vec<RowError>),
    /// A blank or comment row, or the header.
    Skipped,
    /// The file is not a register (its first row is not the header): nothing more is read.
    Refused(String),
    End,
}

/// A CSV register read a record at a time, so that the page can read a big file in slices.
pub struct CsvRows<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    header: Option<Vec<&'static str>>,
    today: NaiveDate,
    /// Line breaks (LF, CRLF or a lone CR, as the reader takes them) before `counted`, and those inside quoted
    /// cells so far: a spreadsheet shows such a cell in one row.
    breaks: usize,
    counted: usize,
    inner_breaks: usize,
    done: bool,
}

impl<'a> CsvRows<'a> {
    pub fn new(text: &'a str, today: NaiveDate) -> Self {
        let bytes = text.as_bytes();
        let reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(bytes);
        CsvRows {
            bytes,
            reader,
            record: csv::StringRecord::new(),
            header: None,
            today,
            breaks: 0,
            counted: 0,
            inner_breaks: 0,
            done: false,
        }
    }

    /// The line breaks before byte `to` (which never goes back).
    fn breaks_to(&mut self, to: usize) -> usize {
        self.breaks += line_breaks(self.bytes, self.counted, to);
        self.counted = self.counted.max(to);
        self.breaks
    }

    /// Reads the next record.
    pub fn next_step(&mut self) -> CsvStep {
        if self.done {
            return CsvStep::End;
        }
        let row = self.breaks_to(self.reader.position().byte() as usize) + 1 - self.inner_breaks;
        match self.reader.read_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                return CsvStep::End;
            }
            Ok(true) => {}
            Err(e) => return CsvStep::Unread(vec![RowError::new(row, "", format!("not readable as CSV: {e}"))]),
        }
        // The record's own row: its position is where reading began, blank lines the reader skipped included; less
        // the breaks inside earlier cells. Blank and comment lines count as rows, as a spreadsheet shows them.
        let start = self.record.position().map_or(0, |p| p.byte() as usize);
        let end = self.reader.position().byte() as usize;
        let raw = self.bytes.get(start..end).unwrap_or_default();
        let content_start = start + raw.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        let before = self.breaks_to(content_start);
        let row = before + 1 - self.inner_breaks;
        // The breaks inside the record's cells: all its breaks but the one that ends it (if the file does not end
        // first).
        let inner = (self.breaks_to(end) - before).saturating_sub(line_breaks(self.bytes, end.saturating_sub(1), end));
        self.inner_breaks += inner;
        let content = &self.bytes[content_start..end];
        // A quote never closed takes the rest of the file into one cell: said at the row where it opens.
        if inner > 0 && end >= self.bytes.len() && content.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            self.done = true;
            let message = format!(
                "a quote opens in this row and is never closed, so the {inner} lines after it were not read; close the quote"
            );
            return CsvStep::Unread(vec![RowError::new(row, "", message)]);
        }
        let record = &self.record;
        // Blank rows and comment rows (`#` first, as the template's help line) are skipped. Comments are read as
        // records rather than with the reader's comment option, which would not count their lines.
        if record.iter().all(str::is_empty) || record.get(0).is_some_and(|c| c.starts_with('#')) {
            return CsvStep::Skipped;
        }
        let Some(columns) = &self.header else {
            return match read_header(record) {
                Ok(order) => {
                    self.header = Some(order);
                    CsvStep::Skipped
                }
                Err(message) => {
                    self.done = true;
                    CsvStep::Refused(format!("not a register: {}", RowError::new(row, "", message)))
                }
            };
        };
        if record.len() != columns.len() {
            let (expected, found) = (columns.len().to_string(), record.len().to_string());
            let words = |lang: Lang| {
                fill(ListText::ListRowColumns.get(lang), |name| match name {
                    "expected" => Some(expected.as_str()),
                    "found" => Some(found.as_str()),
                    _ => None,
                })
            };
            return CsvStep::Unread(vec![RowError::both(row, "", words(Lang::En), words(Lang::Zh))]);
        }
        // A column the header leaves out reads as an empty cell.
        let cell = |name: &str| columns.iter().position(|&c| c == name).map_or("", |i| &record[i]);
        let read = read_row(cell, self.today);
        CsvStep::Case(Box::new(SourceCase {
            row,
            case: read.case,
            problems: read.problems,
            age_from_birth: read.age_from_birth,
            birth_year: read.birth_year,
            last_ctx: read.last_ctx,
        }))
    }

    /// The bytes read so far, and in all (for a progress bar).
    pub fn position(&self) -> (usize, usize) {
        (self.reader.position().byte() as usize, self.bytes.len())
    }
}

/// The line breaks in `bytes[from..to]`: each LF, and each CR not followed by an LF (a CRLF counts once, at its LF).
fn line_breaks(bytes: &[u8], from: usize, to: usize) -> usize {
    let to = to.min(bytes.len());
    (from..to).filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).count()
}

/// The header: any of the list's columns (`COLUMNS`, `OPTIONAL_COLUMNS`), each once, in any order, with `id` or
/// `name` to know the patient by, and `injections` or `sex` (a schedule or an assessment). Returns, for each
/// position, the column's name.
fn read_header(record: &csv::StringRecord) -> Result<Vec<&'static str>, String> {
    let mut order = Vec::new();
    for name in record.iter() {
        match all_columns().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(c) if !order.contains(&c) => order.push(c),
            Some(_) => return Err(format!("column `{name}` appears twice in the header")),
            None => {
                return Err(format!(
                    "unknown column `{name}` in the header; the columns are {}, and optionally {}",
                    COLUMNS.join(","),
                    OPTIONAL_COLUMNS.join(",")
                ))
            }
        }
    }
    let has = |c: &str| order.contains(&c);
    if !has("id") && !has("name") {
        return Err("the header has neither `id` nor `name`: a register names its patients".to_string());
    }
    if !has("injections") && !has("sex") {
        return Err("the header has neither `injections` (for the schedule) nor `sex` (for the assessment)".to_string());
    }
    Ok(order)
}

/// A cell that could not be read: its column and why, in both languages (the page shows the page's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellProblem {
    pub column: &'static str,
    pub en: String,
    pub zh: String,
}

impl CellProblem {
    /// "`cell` <words>" in both languages, the words from the UI table.
    fn quoted(column: &'static str, cell: &str, words: Text) -> CellProblem {
        CellProblem {
            column,
            en: format!("`{cell}` {}", words.get(Lang::En)),
            zh: format!("`{cell}` {}", words.get(Lang::Zh)),
        }
    }

    /// A message written for the reader's own checks: English, and in Chinese "`cell` 格式应为 …" when the
    /// message names a shape, else the English one.
    fn english(column: &'static str, en: String) -> CellProblem {
        CellProblem { column, zh: en.clone(), en }
    }

    fn shape(column: &'static str, cell: &str, shape: &str) -> CellProblem {
        CellProblem {
            column,
            en: format!("`{cell}` {} {shape}", ListText::ListCellShape.get(Lang::En)),
            zh: format!("`{cell}` {} {shape}", ListText::ListCellShape.get(Lang::Zh)),
        }
    }
}

type Problems = Vec<CellProblem>;

/// The columns the schedule is computed from: a problem in one of them leaves the row out; a problem anywhere else
/// leaves only that cell out, and a row with injection dates still lists its schedule.
pub const SCHEDULE_COLUMNS: [&str; 5] = ["assessed_on", "injections", "plan", "regimen", "history"];

/// A row as read: the case, with every cell that could be read, and the cells that could not.
pub struct ReadRow {
    pub case: Case,
    pub problems: Problems,
    /// The age came from `date_of_birth` (an engine error about the age points there).
    pub age_from_birth: bool,
    /// The year of birth, when the row gives its date (a calendar's patient key without an ID).
    pub birth_year: Option<i32>,
    /// The index in `case.btm` of the result read from `last_ctx_date`/`last_ctx_ng_ml`.
    pub last_ctx: Option<usize>,
}

/// A date cell through the calculator's reader (`input::dates::read_date`): empty → None.
fn date_cell(value: &str, column: &'static str, problems: &mut Problems) -> Option<CaseDate> {
    if value.is_empty() {
        return None;
    }
    match read_date(value) {
        Ok(iso) => Some(CaseDate(iso)),
        Err(DateProblem::YearLast { .. }) => {
            problems.push(CellProblem::quoted(column, value, Text::ListCellYearLast));
            None
        }
        Err(DateProblem::NotADate) => {
            problems.push(CellProblem::quoted(column, value, Text::ListCellNotDate));
            None
        }
    }
}

/// One row as a case; every cell's problem is collected (column, message) and the cell left out of the case.
fn read_row<'a>(cell: impl Fn(&str) -> &'a str, today: NaiveDate) -> ReadRow {
    let mut problems: Problems = Vec::new();
    let text = |column: &str| Some(cell(column).to_string()).filter(|s| !s.is_empty());
    let mut number_at = |column: &'static str| number(cell(column), column, &mut problems);
    let egfr = number_at("egfr");
    let creatinine = number_at("creatinine_umol_l");
    let weight = number_at("weight_kg");
    let calcium = number_at("calcium_mmol_l");
    let albumin = number_at("albumin_g_l");
    let vitamin_d = number_at("vitamin_d_nmol_l");
    let lowest_t = number_at("lowest_t");
    let age = number_at("age");
    let age_years = age.and_then(|a| {
        if a.fract() == 0.0 && a.abs() < 1e6 {
            Some(a as i64)
        } else {
            problems.push(CellProblem::quoted("age", cell("age"), Text::ListCellNotWhole));
            None
        }
    });
    // Date of birth instead of age: the age on the list's date.
    let birth = date_cell(cell("date_of_birth"), "date_of_birth", &mut problems).and_then(|d| d.parse());
    let age_from_birth = age_years.is_none() && birth.is_some();
    let age_years = age_years.or_else(|| birth.map(|b| whole_years(b, today)));
    let mut note = |column: &'static str, message: CellProblem| {
        debug_assert_eq!(message.column, column);
        problems.push(message)
    };
    let sex = sex_of(cell("sex"), &mut note);
    let menopause = name_of(cell("menopause"), "menopause", &mut note);
    let plan = name_of(cell("plan"), "plan", &mut note);
    let regimen = name_of(cell("regimen"), "regimen", &mut note);
    let site = name_of(cell("lowest_t_site"), "lowest_t_site", &mut note);
    let (dates, bad_dates) = read_date_list(cell("injections"));
    for (piece, why) in bad_dates {
        let words = match why {
            DateProblem::YearLast { .. } => Text::ListCellYearLast,
            DateProblem::NotADate => Text::ListCellNotDate,
        };
        problems.push(CellProblem::quoted("injections", &piece, words));
    }
    let injections: Vec<CaseDate> = dates.into_iter().map(CaseDate).collect();
    let assessed_on = date_cell(cell("assessed_on"), "assessed_on", &mut problems);
    let mut fractures = Vec::new();
    'fractures: for item in items(cell("fractures")) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        if parts.len() > 4 {
            problems.push(CellProblem::shape("fractures", item, "site:date[:nonfragility][:surgery_date]"));
            continue;
        }
        // After the date: `nonfragility` and (v3) the surgery date, each at most once, empty parts skipped.
        let (mut fragility, mut surgery_date) = (None, None);
        for &part in parts.iter().skip(2).filter(|p| !p.is_empty()) {
            if part == "nonfragility" && fragility.is_none() {
                fragility = Some(false);
            } else if part.starts_with(|c: char| c.is_ascii_digit()) && surgery_date.is_none() {
                surgery_date = date_cell(part, "fractures", &mut problems);
            } else {
                let message =
                    format!("`{part}` in `{item}`: only `nonfragility` and the surgery date may follow the date");
                problems.push(CellProblem::english("fractures", message));
                continue 'fractures;
            }
        }
        let site = name_of(parts[0], "fractures", &mut |_, m| problems.push(m));
        let date = date_cell(parts.get(1).copied().unwrap_or_default(), "fractures", &mut problems);
        fractures.push(Fracture { site, date, fragility, surgery_date, ..Fracture::default() });
    }
    let mut history = Vec::new();
    for item in items(cell("history")) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        if parts.len() > 3 {
            problems.push(CellProblem::shape("history", item, "drug:start:end"));
            continue;
        }
        let mut date = |i: usize| date_cell(parts.get(i).copied().unwrap_or_default(), "history", &mut problems);
        let (start, end) = (date(1), date(2));
        let drug = name_of(parts[0], "history", &mut |_, m| problems.push(m));
        history.push(DrugPeriod { drug, start, end });
    }
    let follow_up = read_follow_up(&cell, &mut problems);
    // A denosumab block when the row says anything about denosumab.
    let denosumab = (!injections.is_empty() || plan.is_some() || regimen.is_some()).then(|| DenosumabBlock {
        regimen: regimen.unwrap_or_default(),
        injections,
        plan: plan.unwrap_or_default(),
    });
    let dxa = match (lowest_t, site, follow_up.bmd_g_cm2) {
        (None, None, None) => Vec::new(),
        (t_score, site, bmd_g_cm2) => vec![DxaEntry { site, t_score, bmd_g_cm2, ..DxaEntry::default() }],
    };
    let case = Case {
        format: Some(crate::clinical::case::CASE_FORMAT.to_string()),
        assessed_on: Some(assessed_on.unwrap_or_else(|| CaseDate::from(today))),
        patient: Patient {
            name: text("name"),
            id: text("id"),
            sex,
            age_years,
            menopause,
            weight_kg: weight,
            height_cm: None,
        },
        dxa,
        fractures,
        labs: Labs {
            egfr_ml_min: egfr,
            creatinine_umol_l: creatinine,
            calcium_mmol_l: calcium,
            albumin_g_l: albumin,
            vitamin_d_nmol_l: vitamin_d,
            ..Labs::default()
        },
        history,
        denosumab,
        dxa_date: follow_up.dxa_date,
        dxa_machine: follow_up.dxa_machine,
        dxa_previous: follow_up.dxa_previous,
        lsc_percent: follow_up.lsc_percent,
        btm: follow_up.btm,
        btm_reference: follow_up.btm_reference,
        glucocorticoids: follow_up.glucocorticoids,
        ..Case::default()
    };
    ReadRow { case, problems, age_from_birth, birth_year: birth.map(|b| b.year()), last_ctx: follow_up.last_ctx }
}

/// Whole years from `birth` to `on` (the age on a birthday is the new one; born 29 February, on 1 March).
fn whole_years(birth: NaiveDate, on: NaiveDate) -> i64 {
    let before_birthday = (on.month(), on.day()) < (birth.month(), birth.day());
    i64::from(on.year() - birth.year()) - i64::from(before_birthday)
}

/// The v3 follow-up cells of a row (`OPTIONAL_COLUMNS`), each empty or absent one left out of the case.
#[derive(Default)]
struct FollowUp {
    dxa_date: Option<CaseDate>,
    dxa_machine: Option<String>,
    /// Today's BMD at `lowest_t_site`.
    bmd_g_cm2: Option<f64>,
    dxa_previous: Vec<PreviousDxa>,
    lsc_percent: Option<LscPercent>,
    /// The `ctx` cell's results, then the `p1np` cell's (`column_for` tells them apart by their test), then the
    /// last CTX (`last_ctx_date`, `last_ctx_ng_ml`).
    btm: Vec<BtmResult>,
    last_ctx: Option<usize>,
    btm_reference: Option<BtmReference>,
    glucocorticoids: Option<Glucocorticoids>,
}

/// Reads the follow-up cells; the reader checks the cells' shape, names, dates and numbers, the engine the ranges
/// (its errors come back to the column through `column_for`).
fn read_follow_up<'a>(cell: &impl Fn(&str) -> &'a str, problems: &mut Problems) -> FollowUp {
    let text = |column: &str| Some(cell(column).to_string()).filter(|s| !s.is_empty());
    let bmd_g_cm2 = number(cell("bmd_g_cm2"), "bmd_g_cm2", problems);

    let mut dxa_previous = Vec::new();
    for item in items(cell("dxa_previous")) {
        // The machine is the rest of the item, so a name may hold a colon.
        let parts: Vec<&str> = item.splitn(5, ':').map(str::trim).collect();
        if parts.len() < 3 {
            problems.push(CellProblem::shape("dxa_previous", item, "date:site:bmd[:t[:machine]]"));
            continue;
        }
        let part = |i: usize| parts.get(i).copied().unwrap_or_default();
        let site = name_of(part(1), "dxa_previous", &mut |_, m| problems.push(m));
        dxa_previous.push(PreviousDxa {
            date: date_cell(part(0), "dxa_previous", problems),
            site,
            bmd_g_cm2: number(part(2), "dxa_previous", problems),
            t_score: number(part(3), "dxa_previous", problems),
            machine: Some(part(4)).filter(|m| !m.is_empty()).map(str::to_string),
        });
    }

    let mut lsc = LscPercent::default();
    for item in items(cell("lsc_percent")) {
        let Some((site, value)) = item.split_once(':').map(|(s, v)| (s.trim(), v.trim())) else {
            problems.push(CellProblem::shape("lsc_percent", item, "site:percent"));
            continue;
        };
        let value = number(value, "lsc_percent", problems);
        let Some(site) = name_of::<Site>(site, "lsc_percent", &mut |_, m| problems.push(m)) else {
            continue;
        };
        let slot = match site {
            Site::LumbarSpine => &mut lsc.lumbar_spine,
            Site::FemoralNeck => &mut lsc.femoral_neck,
            Site::TotalHip => &mut lsc.total_hip,
            Site::Radius33 => &mut lsc.radius_33,
        };
        if slot.is_some() {
            problems.push(CellProblem::english("lsc_percent", format!("`{}` appears twice", site.key())));
        }
        *slot = value;
    }

    let mut btm = Vec::new();
    for (test, column) in [(BtmTest::Ctx, "ctx"), (BtmTest::P1np, "p1np")] {
        for item in items(cell(column)) {
            let parts: Vec<&str> = item.split(':').map(str::trim).collect();
            let [date, value, unit] = parts[..] else {
                problems.push(CellProblem::shape(column, item, "date:value:unit"));
                continue;
            };
            btm.push(BtmResult {
                test: Some(test),
                date: date_cell(date, column, problems),
                value: number(value, column, problems),
                unit: name_of(unit, column, &mut |_, m| problems.push(m)),
            });
        }
    }
    // Issue 27: a register's "last CTX" (date and value in ng/mL) is one more CTX result for the engine (§7b).
    let last_ctx_date = date_cell(cell("last_ctx_date"), "last_ctx_date", problems);
    let last_ctx_value = number(cell("last_ctx_ng_ml"), "last_ctx_ng_ml", problems);
    let last_ctx = match (last_ctx_date, last_ctx_value) {
        (Some(date), Some(value)) => {
            btm.push(BtmResult {
                test: Some(BtmTest::Ctx),
                date: Some(date),
                value: Some(value),
                unit: Some(BtmUnit::NgMl),
            });
            Some(btm.len() - 1)
        }
        (None, None) => None,
        (Some(_), None) if cell("last_ctx_ng_ml").is_empty() => {
            problems.push(CellProblem::english("last_ctx_ng_ml", "the value of the last CTX is missing".into()));
            None
        }
        (None, Some(_)) if cell("last_ctx_date").is_empty() => {
            problems.push(CellProblem::english("last_ctx_date", "the date of the last CTX is missing".into()));
            None
        }
        _ => None,
    };

    let reference = BtmReference {
        ctx_ng_ml: number(cell("ctx_reference_ng_ml"), "ctx_reference_ng_ml", problems),
        p1np_ng_ml: number(cell("p1np_reference_ng_ml"), "p1np_reference_ng_ml", problems),
    };
    let glucocorticoids = Glucocorticoids {
        mg_per_day: number(cell("glucocorticoid_mg_per_day"), "glucocorticoid_mg_per_day", problems),
        months: number(cell("glucocorticoid_months"), "glucocorticoid_months", problems),
        planned_months: number(cell("glucocorticoid_planned_months"), "glucocorticoid_planned_months", problems),
    };
    // Issue 27: the last DXA's date is the date of today's DXA values (`dxa_date`), which §7b counts from.
    let dxa_date = date_cell(cell("dxa_date"), "dxa_date", problems);
    let last_dxa = date_cell(cell("last_dxa_date"), "last_dxa_date", problems);
    FollowUp {
        dxa_date: dxa_date.or(last_dxa),
        dxa_machine: text("dxa_machine"),
        bmd_g_cm2,
        dxa_previous,
        lsc_percent: (lsc != LscPercent::default()).then_some(lsc),
        btm,
        last_ctx,
        btm_reference: (reference != BtmReference::default()).then_some(reference),
        glucocorticoids: (glucocorticoids != Glucocorticoids::default()).then_some(glucocorticoids),
    }
}

/// A number cell through the calculator's reader (`input::decimal::read_number`: a true minus, a decimal comma,
/// full-width digits): empty → None; anything but a finite number is a problem for `column`.
fn number(value: &str, column: &'static str, problems: &mut Problems) -> Option<f64> {
    if value.is_empty() {
        return None;
    }
    let parsed = crate::input::decimal::read_number(value).filter(|v| v.is_finite());
    if parsed.is_none() {
        problems.push(CellProblem::quoted(column, value, Text::ListCellNotNumber));
    }
    parsed
}

/// The `;`-separated items of a cell (a full-width `；` too), trimmed, empty ones skipped.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '；']).map(str::trim).filter(|s| !s.is_empty())
}

/// The sex as registers write it: the format's names, and `f`/`m`, `女`/`男`.
fn sex_of(value: &str, note: &mut impl FnMut(&'static str, CellProblem)) -> Option<Sex> {
    match value.to_ascii_lowercase().as_str() {
        "f" | "w" | "女" | "女性" => Some(Sex::Female),
        "m" | "男" | "男性" => Some(Sex::Male),
        _ => name_of(value, "sex", note),
    }
}

/// A value by the format's machine name (`female`, `zoledronic_acid`): the case's own serde names, so the CSV
/// reads exactly what a case document reads. Empty → None; unknown → a problem for `column`.
fn name_of<T: DeserializeOwned>(
    value: &str,
    column: &'static str,
    note: &mut impl FnMut(&'static str, CellProblem),
) -> Option<T> {
    if value.is_empty() {
        return None;
    }
    // Read as the JSON string a case document holds, by the reader case documents use: no second copy of every
    // name table in the page. A quote or backslash is in no name.
    let json = format!("\"{}\"", value.to_ascii_lowercase());
    match serde_json::from_str(&json).ok().filter(|_| !value.contains(['"', '\\'])) {
        Some(v) => Some(v),
        None => {
            let en = format!("unknown {} `{value}`", what(column));
            let zh = format!("`{value}` {}", ListText::ListCellUnknown.get(Lang::Zh));
            note(column, CellProblem { column, en, zh });
            None
        }
    }
}

/// What a column's names name, for the message ("unknown drug `foo`").
fn what(column: &str) -> &str {
    match column {
        "history" => "drug",
        "fractures" => "fracture site",
        "lowest_t_site" | "dxa_previous" | "lsc_percent" => "DXA site",
        "ctx" | "p1np" => "unit",
        other => other,
    }
}

/// `column_for` for a row as read: an age from `date_of_birth`, and the register's last CTX, point at their own
/// columns.
pub fn column_for_source(path: &str, source: &SourceCase) -> &'static str {
    if path == "patient.age_years" && source.age_from_birth {
        return "date_of_birth";
    }
    if let Some(i) = source.last_ctx {
        if path.starts_with(&format!("btm[{i}]")) {
            return if path.ends_with(".date") { "last_ctx_date" } else { "last_ctx_ng_ml" };
        }
    }
    column_for(path, &source.case)
}

/// The CSV column a case path of `case` (a case the reader built) comes from, so an engine error points at the
/// spreadsheet cell (`patient.sex` → `sex`, `denosumab.injections[1]` → `injections`, `btm[2].date` → `ctx` or
/// `p1np` by the result's test).
pub fn column_for(path: &str, case: &Case) -> &'static str {
    let head = path.split('[').next().unwrap_or(path);
    match head {
        "assessed_on" => "assessed_on",
        "patient.id" => "id",
        "patient.name" => "name",
        "patient.sex" => "sex",
        "patient.age_years" => "age",
        "patient.menopause" => "menopause",
        "patient.weight_kg" => "weight_kg",
        "denosumab.injections" => "injections",
        "denosumab.plan" => "plan",
        "denosumab.regimen" => "regimen",
        "labs.egfr_ml_min" => "egfr",
        "labs.creatinine_umol_l" => "creatinine_umol_l",
        "labs.calcium_mmol_l" => "calcium_mmol_l",
        "labs.albumin_g_l" => "albumin_g_l",
        "labs.vitamin_d_nmol_l" => "vitamin_d_nmol_l",
        "dxa" if path.ends_with(".site") => "lowest_t_site",
        "dxa" if path.ends_with(".bmd_g_cm2") => "bmd_g_cm2",
        "dxa" => "lowest_t",
        "fractures" => "fractures",
        "history" => "history",
        "dxa_date" => "dxa_date",
        "dxa_machine" => "dxa_machine",
        "dxa_previous" => "dxa_previous",
        "btm" => {
            let index = path.get(4..).and_then(|rest| rest.split(']').next()).and_then(|i| i.parse::<usize>().ok());
            match index.and_then(|i| case.btm.get(i)).and_then(|b| b.test) {
                Some(BtmTest::Ctx) => "ctx",
                Some(BtmTest::P1np) => "p1np",
                None => "",
            }
        }
        "btm_reference.ctx_ng_ml" => "ctx_reference_ng_ml",
        "btm_reference.p1np_ng_ml" => "p1np_reference_ng_ml",
        "glucocorticoids.mg_per_day" => "glucocorticoid_mg_per_day",
        "glucocorticoids.months" => "glucocorticoid_months",
        "glucocorticoids.planned_months" => "glucocorticoid_planned_months",
        _ if head.starts_with("lsc_percent") => "lsc_percent",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_path_a_csv_row_can_fill_points_at_a_column_of_the_file() {
        let case = Case {
            btm: vec![
                BtmResult { test: Some(BtmTest::P1np), ..BtmResult::default() },
                BtmResult { test: Some(BtmTest::Ctx), ..BtmResult::default() },
            ],
            ..Case::default()
        };
        let cases = [
            ("patient.sex", "sex"),
            ("dxa[0].site", "lowest_t_site"),
            ("dxa[0].t_score", "lowest_t"),
            ("dxa[0].bmd_g_cm2", "bmd_g_cm2"),
            ("dxa_date", "dxa_date"),
            ("dxa_machine", "dxa_machine"),
            ("dxa_previous[3].date", "dxa_previous"),
            ("lsc_percent.radius_33", "lsc_percent"),
            ("btm[0].unit", "p1np"),
            ("btm[1].date", "ctx"),
            ("btm[2].date", ""),
            ("btm_reference.ctx_ng_ml", "ctx_reference_ng_ml"),
            ("btm_reference.p1np_ng_ml", "p1np_reference_ng_ml"),
            ("glucocorticoids.mg_per_day", "glucocorticoid_mg_per_day"),
            ("glucocorticoids.months", "glucocorticoid_months"),
            ("glucocorticoids.planned_months", "glucocorticoid_planned_months"),
            ("fractures[1].surgery_date", "fractures"),
            ("frax.mof_percent", ""),
        ];
        for (path, column) in cases {
            assert_eq!(column_for(path, &case), column, "{path}");
            assert!(column.is_empty() || all_columns().any(|c| c == column), "{column}");
        }
        // Every v3 column is one some path comes from (the register's own columns: `column_for_source`).
        for column in &OPTIONAL_COLUMNS[..12] {
            assert!(cases.iter().any(|(_, c)| c == column), "{column}");
        }
    }
}
