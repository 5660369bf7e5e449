//! CSV input: one patient a row, in the documented column set (README, "Clinic list"), read with the `csv` crate
//! so that quoted cells, commas and line breaks inside a cell work as a spreadsheet writes them.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::row::{RowError, SourceCase};
use super::{Unread, REGISTER_PROBE_ROWS};
use crate::clinical::case::{
    BtmReference, BtmResult, BtmTest, Case, CaseDate, DenosumabBlock, DrugPeriod, DxaEntry, Fracture, Glucocorticoids,
    Labs, LscPercent, Patient, PreviousDxa, Site,
};
use crate::words::lang::Lang;

/// The columns every header has, in order. The keys are fixed English in both languages, so one file works for every
/// user.
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

/// The follow-up columns of case format v3 (issue 23), after `COLUMNS` in the template. A header may leave any of
/// them out: a file without them reads as before.
pub const OPTIONAL_COLUMNS: [&str; 12] = [
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
];

/// Every column a header may name: `COLUMNS`, then `OPTIONAL_COLUMNS`.
fn all_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS.into_iter().chain(OPTIONAL_COLUMNS)
}

/// The template to download: the header, a comment line (`#`, no comma) (skipped when read) saying what goes where, in `lang`,
/// and one example row.
pub fn csv_template(lang: Lang) -> String {
    let help = match lang {
        Lang::En => "# one patient a row; dates YYYY-MM-DD; sex female|male; menopause premenopausal|perimenopausal|postmenopausal; injections: dates separated by ; (e.g. 2025-05-02;2025-11-03); plan continue|stop; regimen osteoporosis_60mg_q6m|oncology_120mg_q4w; lowest_t_site lumbar_spine|femoral_neck|total_hip|radius_33; fractures: site:date[:nonfragility][:surgery_date] separated by ; (sites hip|vertebral|proximal_humerus|pelvis|distal_forearm|other); history: drug:start:end separated by ; (end empty = ongoing); assessed_on empty = the list's date; optional columns (may be left out of the header): dxa_date = the date of lowest_t (empty = assessed_on); dxa_machine = its scanner; bmd_g_cm2 = its BMD at lowest_t_site; dxa_previous: earlier studies date:site:bmd[:t[:machine]] separated by ; (bmd may be empty when t is given); lsc_percent: site:percent separated by ; (the centre's least significant change); ctx and p1np: date:value:unit separated by ; (units ng_ml|ug_l|pg_ml|ng_l; P1NP ng_ml|ug_l); ctx_reference_ng_ml and p1np_reference_ng_ml: the laboratory's premenopausal means; glucocorticoid_mg_per_day (prednisone-equivalent) glucocorticoid_months (taken so far) glucocorticoid_planned_months (the whole planned course); lines starting with # are skipped",
        Lang::Zh => "# 每行一位患者；日期格式 YYYY-MM-DD；sex 填 female（女）或 male（男）；menopause 填 premenopausal（绝经前）、perimenopausal（围绝经期）或 postmenopausal（绝经后）；injections：注射日期，以 ; 分隔（如 2025-05-02;2025-11-03）；plan 填 continue（继续）或 stop（停药）；regimen 填 osteoporosis_60mg_q6m 或 oncology_120mg_q4w；lowest_t_site 填 lumbar_spine、femoral_neck、total_hip 或 radius_33；fractures：部位:日期[:nonfragility][:手术日期]，以 ; 分隔；history：药物:开始:结束，以 ; 分隔（结束留空表示仍在使用）；assessed_on 留空则取清单日期；以下为可选列（表头中可省略）：dxa_date 为 lowest_t 的检查日期（留空则取 assessed_on）；dxa_machine 为该次检查的骨密度仪；bmd_g_cm2 为 lowest_t_site 部位的骨密度（g/cm²）；dxa_previous：既往检查 日期:部位:骨密度[:T值[:骨密度仪]]，以 ; 分隔（有 T 值时骨密度可留空）；lsc_percent：部位:百分比，以 ; 分隔（本中心的最小有意义变化）；ctx 与 p1np：日期:数值:单位，以 ; 分隔（单位 ng_ml、ug_l、pg_ml 或 ng_l；P1NP 仅 ng_ml 或 ug_l）；ctx_reference_ng_ml 与 p1np_reference_ng_ml：检验科的绝经前参考均值；glucocorticoid_mg_per_day（泼尼松等效剂量）、glucocorticoid_months（已用月数）、glucocorticoid_planned_months（计划总疗程月数）；以 # 开头的行不读取",
    };
    let example = "P001,Example Patient,female,68,postmenopausal,,2025-05-02;2025-11-03,continue,osteoporosis_60mg_q6m,55,,62,2.30,40,60,-2.8,femoral_neck,vertebral:2024-03-10,alendronate:2019-01-01:2024-01-01,\
                   2025-10-28,Hologic Horizon A,0.521,2023-10-30:femoral_neck:0.505:-2.9:Hologic Horizon A,femoral_neck:4.1,2025-05-02:0.52:ng_ml;2025-11-03:0.09:ng_ml,2025-11-03:21:ug_l,0.30,37,,,";
    // The help has no comma, so a spreadsheet shows it in one cell; the reader skips it as a comment.
    format!("{}\n{help}\n{example}\n", all_columns().collect::<Vec<_>>().join(","))
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
            let message = format!("{} columns expected, {} found", columns.len(), record.len());
            return CsvStep::Unread(vec![RowError::new(row, "", message)]);
        }
        // A column the header leaves out (only an optional one can be) reads as an empty cell.
        let cell = |name: &str| columns.iter().position(|&c| c == name).map_or("", |i| &record[i]);
        match read_row(cell, self.today) {
            Ok(case) => CsvStep::Case(Box::new(SourceCase { row, case })),
            Err(found) => {
                CsvStep::Unread(found.into_iter().map(|(field, message)| RowError::new(row, field, message)).collect())
            }
        }
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

/// The header: every column of `COLUMNS` once and any of `OPTIONAL_COLUMNS` once, in any order. Returns, for each
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
    let missing: Vec<&str> = COLUMNS.into_iter().filter(|c| !order.contains(c)).collect();
    if !missing.is_empty() {
        return Err(format!("the header lacks the columns {}", missing.join(",")));
    }
    Ok(order)
}

type Problems = Vec<(String, String)>;

/// One row as a case; every cell's problem is collected (column, message).
fn read_row<'a>(cell: impl Fn(&str) -> &'a str, today: NaiveDate) -> Result<Case, Problems> {
    let mut problems: Problems = Vec::new();
    let text = |column: &str| Some(cell(column).to_string()).filter(|s| !s.is_empty());
    let mut number_at = |column: &str| number(cell(column), column, &mut problems);
    let egfr = number_at("egfr");
    let creatinine = number_at("creatinine_umol_l");
    let weight = number_at("weight_kg");
    let calcium = number_at("calcium_mmol_l");
    let albumin = number_at("albumin_g_l");
    let vitamin_d = number_at("vitamin_d_nmol_l");
    let lowest_t = number_at("lowest_t");
    let age = number_at("age");
    let mut note = |column: &str, message: String| problems.push((column.to_string(), message));
    let age_years = age.and_then(|a| {
        if a.fract() == 0.0 && a.abs() < 1e6 {
            Some(a as i64)
        } else {
            note("age", format!("`{a}` is not a whole number of years"));
            None
        }
    });
    let sex = name_of(cell("sex"), "sex", &mut note);
    let menopause = name_of(cell("menopause"), "menopause", &mut note);
    let plan = name_of(cell("plan"), "plan", &mut note);
    let regimen = name_of(cell("regimen"), "regimen", &mut note);
    let site = name_of(cell("lowest_t_site"), "lowest_t_site", &mut note);
    let injections: Vec<CaseDate> = items(cell("injections")).map(|d| CaseDate(d.to_string())).collect();
    let mut fractures = Vec::new();
    'fractures: for item in items(cell("fractures")) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        if parts.len() > 4 {
            note("fractures", format!("`{item}` has more than site:date:nonfragility:surgery_date"));
            continue;
        }
        // After the date: `nonfragility` and (v3) the surgery date, each at most once, empty parts skipped.
        let (mut fragility, mut surgery_date) = (None, None);
        for &part in parts.iter().skip(2).filter(|p| !p.is_empty()) {
            if part == "nonfragility" && fragility.is_none() {
                fragility = Some(false);
            } else if part.starts_with(|c: char| c.is_ascii_digit()) && surgery_date.is_none() {
                surgery_date = Some(CaseDate(part.to_string()));
            } else {
                let message =
                    format!("`{part}` in `{item}`: only `nonfragility` and the surgery date may follow the date");
                note("fractures", message);
                continue 'fractures;
            }
        }
        let site = name_of(parts[0], "fractures", &mut note);
        let date = parts.get(1).filter(|d| !d.is_empty()).map(|d| CaseDate(d.to_string()));
        fractures.push(Fracture { site, date, fragility, surgery_date, ..Fracture::default() });
    }
    let mut history = Vec::new();
    for item in items(cell("history")) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        if parts.len() > 3 {
            note("history", format!("`{item}` has more than drug:start:end"));
            continue;
        }
        let date = |i: usize| parts.get(i).filter(|d| !d.is_empty()).map(|d| CaseDate(d.to_string()));
        let drug = name_of(parts[0], "history", &mut note);
        history.push(DrugPeriod { drug, start: date(1), end: date(2) });
    }
    let follow_up = read_follow_up(&cell, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
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
    Ok(Case {
        format: Some(crate::clinical::case::CASE_FORMAT.to_string()),
        assessed_on: Some(text("assessed_on").map_or_else(|| CaseDate::from(today), CaseDate)),
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
    })
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
    /// The `ctx` cell's results, then the `p1np` cell's (`column_for` tells them apart by their test).
    btm: Vec<BtmResult>,
    btm_reference: Option<BtmReference>,
    glucocorticoids: Option<Glucocorticoids>,
}

/// Reads the follow-up cells; the reader checks the cells' shape, names and numbers, the engine the dates and ranges
/// (its errors come back to the column through `column_for`).
fn read_follow_up<'a>(cell: &impl Fn(&str) -> &'a str, problems: &mut Problems) -> FollowUp {
    let text = |column: &str| Some(cell(column).to_string()).filter(|s| !s.is_empty());
    let bmd_g_cm2 = number(cell("bmd_g_cm2"), "bmd_g_cm2", problems);

    let mut dxa_previous = Vec::new();
    for item in items(cell("dxa_previous")) {
        // The machine is the rest of the item, so a name may hold a colon.
        let parts: Vec<&str> = item.splitn(5, ':').map(str::trim).collect();
        if parts.len() < 3 {
            problems.push(("dxa_previous".into(), format!("`{item}` is not date:site:bmd[:t[:machine]]")));
            continue;
        }
        let part = |i: usize| parts.get(i).copied().unwrap_or_default();
        let site = name_of(part(1), "dxa_previous", &mut |c: &str, m| problems.push((c.into(), m)));
        dxa_previous.push(PreviousDxa {
            date: Some(part(0)).filter(|d| !d.is_empty()).map(|d| CaseDate(d.to_string())),
            site,
            bmd_g_cm2: number(part(2), "dxa_previous", problems),
            t_score: number(part(3), "dxa_previous", problems),
            machine: Some(part(4)).filter(|m| !m.is_empty()).map(str::to_string),
        });
    }

    let mut lsc = LscPercent::default();
    for item in items(cell("lsc_percent")) {
        let Some((site, value)) = item.split_once(':').map(|(s, v)| (s.trim(), v.trim())) else {
            problems.push(("lsc_percent".into(), format!("`{item}` is not site:percent")));
            continue;
        };
        let value = number(value, "lsc_percent", problems);
        let Some(site) = name_of::<Site>(site, "lsc_percent", &mut |c: &str, m| problems.push((c.into(), m))) else {
            continue;
        };
        let slot = match site {
            Site::LumbarSpine => &mut lsc.lumbar_spine,
            Site::FemoralNeck => &mut lsc.femoral_neck,
            Site::TotalHip => &mut lsc.total_hip,
            Site::Radius33 => &mut lsc.radius_33,
        };
        if slot.is_some() {
            problems.push(("lsc_percent".into(), format!("`{}` appears twice", site.key())));
        }
        *slot = value;
    }

    let mut btm = Vec::new();
    for (test, column) in [(BtmTest::Ctx, "ctx"), (BtmTest::P1np, "p1np")] {
        for item in items(cell(column)) {
            let parts: Vec<&str> = item.split(':').map(str::trim).collect();
            let [date, value, unit] = parts[..] else {
                problems.push((column.into(), format!("`{item}` is not date:value:unit")));
                continue;
            };
            btm.push(BtmResult {
                test: Some(test),
                date: Some(date).filter(|d| !d.is_empty()).map(|d| CaseDate(d.to_string())),
                value: number(value, column, problems),
                unit: name_of(unit, column, &mut |c: &str, m| problems.push((c.into(), m))),
            });
        }
    }

    let reference = BtmReference {
        ctx_ng_ml: number(cell("ctx_reference_ng_ml"), "ctx_reference_ng_ml", problems),
        p1np_ng_ml: number(cell("p1np_reference_ng_ml"), "p1np_reference_ng_ml", problems),
    };
    let glucocorticoids = Glucocorticoids {
        mg_per_day: number(cell("glucocorticoid_mg_per_day"), "glucocorticoid_mg_per_day", problems),
        months: number(cell("glucocorticoid_months"), "glucocorticoid_months", problems),
        planned_months: number(cell("glucocorticoid_planned_months"), "glucocorticoid_planned_months", problems),
    };
    FollowUp {
        dxa_date: text("dxa_date").map(CaseDate),
        dxa_machine: text("dxa_machine"),
        bmd_g_cm2,
        dxa_previous,
        lsc_percent: (lsc != LscPercent::default()).then_some(lsc),
        btm,
        btm_reference: (reference != BtmReference::default()).then_some(reference),
        glucocorticoids: (glucocorticoids != Glucocorticoids::default()).then_some(glucocorticoids),
    }
}

/// A number cell: empty → None; anything but a finite number is a problem for `column`.
fn number(value: &str, column: &str, problems: &mut Problems) -> Option<f64> {
    if value.is_empty() {
        return None;
    }
    // Not `str::parse`: see `read_decimal` (a second float parser would cost 14 KB gzip of the page).
    let parsed = crate::input::decimal::read_decimal(value).filter(|v| v.is_finite());
    if parsed.is_none() {
        problems.push((column.to_string(), format!("`{value}` is not a number")));
    }
    parsed
}

/// The `;`-separated items of a cell, trimmed, empty ones skipped.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// A value by the format's machine name (`female`, `zoledronic_acid`): the case's own serde names, so the CSV
/// reads exactly what a case document reads. Empty → None; unknown → a problem for `column`.
fn name_of<T: DeserializeOwned>(value: &str, column: &str, note: &mut impl FnMut(&str, String)) -> Option<T> {
    if value.is_empty() {
        return None;
    }
    // Read as the JSON string a case document holds, by the reader case documents use: no second copy of every
    // name table in the page. A quote or backslash is in no name.
    let json = format!("\"{}\"", value.to_ascii_lowercase());
    match serde_json::from_str(&json).ok().filter(|_| !value.contains(['"', '\\'])) {
        Some(v) => Some(v),
        None => {
            note(column, format!("unknown {} `{value}`", what(column)));
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
        // Every optional column is one some path comes from.
        for column in OPTIONAL_COLUMNS {
            assert!(cases.iter().any(|(_, c)| *c == column), "{column}");
        }
    }
}
