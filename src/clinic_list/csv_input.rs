//! CSV input: one patient a row, in the documented column set (README, "Clinic list"), read with the `csv` crate
//! so that quoted cells, commas and line breaks inside a cell work as a spreadsheet writes them.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::row::{RowError, SourceCase};
use crate::clinical::case::{Case, CaseDate, DenosumabBlock, DrugPeriod, DxaEntry, Fracture, Labs, Patient};
use crate::lang::Lang;

/// The columns, in order. The keys are fixed English in both languages, so one file works for every user.
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

/// The template to download: the header, a comment line (`#`, no comma) (skipped when read) saying what goes where, in `lang`,
/// and one example row.
pub fn csv_template(lang: Lang) -> String {
    let help = match lang {
        Lang::En => "# one patient a row; dates YYYY-MM-DD; sex female|male; menopause premenopausal|perimenopausal|postmenopausal; injections: dates separated by ; (e.g. 2025-05-02;2025-11-03); plan continue|stop; regimen osteoporosis_60mg_q6m|oncology_120mg_q4w; lowest_t_site lumbar_spine|femoral_neck|total_hip|radius_33; fractures: site:date[:nonfragility] separated by ; (sites hip|vertebral|proximal_humerus|pelvis|distal_forearm|other); history: drug:start:end separated by ; (end empty = ongoing); assessed_on empty = the list's date; lines starting with # are skipped",
        Lang::Zh => "# 每行一位患者；日期格式 YYYY-MM-DD；sex 填 female（女）或 male（男）；menopause 填 premenopausal（绝经前）、perimenopausal（围绝经期）或 postmenopausal（绝经后）；injections：注射日期，以 ; 分隔（如 2025-05-02;2025-11-03）；plan 填 continue（继续）或 stop（停药）；regimen 填 osteoporosis_60mg_q6m 或 oncology_120mg_q4w；lowest_t_site 填 lumbar_spine、femoral_neck、total_hip 或 radius_33；fractures：部位:日期[:nonfragility]，以 ; 分隔；history：药物:开始:结束，以 ; 分隔（结束留空表示仍在使用）；assessed_on 留空则取清单日期；以 # 开头的行不读取",
    };
    let example = "P001,Example Patient,female,68,postmenopausal,,2025-05-02;2025-11-03,continue,osteoporosis_60mg_q6m,55,,62,2.30,40,60,-2.8,femoral_neck,vertebral:2024-03-10,alendronate:2019-01-01:2024-01-01";
    // The help has no comma, so a spreadsheet shows it in one cell; the reader skips it as a comment.
    format!("{}\n{help}\n{example}\n", COLUMNS.join(","))
}

/// Every readable row as a case with its spreadsheet row number (header = 1), and every problem of the others.
/// A row with any problem is left out; the other rows still load.
pub fn read_csv(text: &str, today: NaiveDate) -> (Vec<SourceCase>, Vec<RowError>) {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut header: Option<Vec<usize>> = None;
    let mut record = csv::StringRecord::new();
    // Line breaks inside quoted cells so far: a spreadsheet shows such a cell in one row, the reader counts lines.
    let mut inner_breaks = 0;
    loop {
        let row = reader.position().line() as usize - inner_breaks;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(RowError { row, field: String::new(), message: format!("not readable as CSV: {e}") });
                continue;
            }
        }
        // The record's own row: its position is where reading began, blank lines the reader skipped included; less
        // the breaks inside earlier cells. Blank and comment lines count as rows, as a spreadsheet shows them.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let raw = text.as_bytes().get(start..reader.position().byte() as usize).unwrap_or_default();
        let blank = raw.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        let skipped = raw[..blank].iter().filter(|&&b| b == b'\n').count();
        let content = &raw[blank..];
        let breaks = content.iter().filter(|&&b| b == b'\n').count();
        let row = record.position().map_or(row, |p| p.line() as usize + skipped - inner_breaks);
        inner_breaks += breaks - usize::from(content.ends_with(b"\n"));
        // Blank rows and comment rows (`#` first, as the template's help line) are skipped. Comments are read as
        // records rather than with the reader's comment option, which would not count their lines.
        if record.iter().all(str::is_empty) || record.get(0).is_some_and(|c| c.starts_with('#')) {
            continue;
        }
        let Some(columns) = &header else {
            match read_header(&record) {
                Ok(order) => header = Some(order),
                Err(message) => {
                    errors.push(RowError { row, field: String::new(), message });
                    return (cases, errors);
                }
            }
            continue;
        };
        if record.len() != COLUMNS.len() {
            let message = format!("{} columns expected, {} found", COLUMNS.len(), record.len());
            errors.push(RowError { row, field: String::new(), message });
            continue;
        }
        let cell = |name: &str| columns.iter().position(|&c| COLUMNS[c] == name).map_or("", |i| &record[i]);
        match read_row(cell, today) {
            Ok(case) => cases.push(SourceCase { row, case }),
            Err(found) => errors.extend(found.into_iter().map(|(field, message)| RowError { row, field, message })),
        }
    }
    (cases, errors)
}

/// The header: every documented column once, in any order. Returns, for each position, the column's index.
fn read_header(record: &csv::StringRecord) -> Result<Vec<usize>, String> {
    let mut order = Vec::new();
    for name in record.iter() {
        match COLUMNS.iter().position(|&c| c.eq_ignore_ascii_case(name)) {
            Some(i) if !order.contains(&i) => order.push(i),
            Some(_) => return Err(format!("column `{name}` appears twice in the header")),
            None => {
                return Err(format!("unknown column `{name}` in the header; the columns are {}", COLUMNS.join(",")))
            }
        }
    }
    let missing: Vec<&str> = COLUMNS.iter().enumerate().filter(|(i, _)| !order.contains(i)).map(|(_, c)| *c).collect();
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
    for item in items(cell("fractures")) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        let fragility = match parts.get(2) {
            None | Some(&"") => None,
            Some(&"nonfragility") => Some(false),
            Some(other) => {
                note("fractures", format!("`{other}` in `{item}`: only `nonfragility` may follow the date"));
                continue;
            }
        };
        if parts.len() > 3 {
            note("fractures", format!("`{item}` has more than site:date:nonfragility"));
            continue;
        }
        let site = name_of(parts[0], "fractures", &mut note);
        let date = parts.get(1).filter(|d| !d.is_empty()).map(|d| CaseDate(d.to_string()));
        fractures.push(Fracture { site, date, fragility, ..Fracture::default() });
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
    if !problems.is_empty() {
        return Err(problems);
    }
    // A denosumab block when the row says anything about denosumab.
    let denosumab = (!injections.is_empty() || plan.is_some() || regimen.is_some()).then(|| DenosumabBlock {
        regimen: regimen.unwrap_or_default(),
        injections,
        plan: plan.unwrap_or_default(),
    });
    let dxa = match (lowest_t, site) {
        (None, None) => Vec::new(),
        (t_score, site) => vec![DxaEntry { site, t_score, ..DxaEntry::default() }],
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
        ..Case::default()
    })
}

/// A number cell: empty → None; anything but a finite number is a problem for `column`.
fn number(value: &str, column: &str, problems: &mut Problems) -> Option<f64> {
    if value.is_empty() {
        return None;
    }
    // Not `str::parse`: see `read_decimal` (a second float parser would cost 14 KB gzip of the page).
    let parsed = crate::decimal::read_decimal(value).filter(|v| v.is_finite());
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
        "lowest_t_site" => "DXA site",
        other => other,
    }
}

/// The CSV column a case path comes from, so an engine error points at the spreadsheet cell
/// (`patient.sex` → `sex`, `denosumab.injections[1]` → `injections`).
pub fn column_for(path: &str) -> &'static str {
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
        "dxa" => "lowest_t",
        "fractures" => "fractures",
        "history" => "history",
        _ => "",
    }
}
