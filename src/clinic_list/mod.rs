//! The clinic list (issue 16): every patient of a clinic evaluated on one day and ordered most urgent first.
//!
//! Pure Rust with no clock and no browser: the list's date ("today") and the horizon are inputs, so the command line
//! and the page build the same list from the same file.

pub mod csv_input;
pub mod encoding;
pub mod jsonl;
pub mod output;
pub mod row;
pub mod urgency;

use chrono::NaiveDate;

pub use csv_input::{csv_template, read_csv, CsvRows, CsvStep, COLUMNS, OPTIONAL_COLUMNS};
pub use encoding::{decode, replaced, Encoding};
pub use jsonl::{read_jsonl, read_jsonl_line};
pub use output::{csv_table, escape_controls, text_table};
pub use row::{ListRow, RowError, SourceCase};

pub use urgency::Bucket;

use crate::clinical::case::{Case, DxaEntry, Labs, Menopause, Patient, Sex, Site};
use crate::clinical::dates::add_days;
use crate::clinical::errors::{ErrorCode, InputError};
use crate::clinical::evaluate;
use crate::clinical::plan::{Action, Urgency};
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::words::lang::Lang;
use crate::words::list_texts::ListText;
use crate::words::messages::engine_message;
use csv_input::{CellProblem, SCHEDULE_COLUMNS};

/// The weeks ahead a dose counts as due soon, unless chosen otherwise.
pub const DEFAULT_WEEKS: u32 = 4;

/// The longest horizon taken (ten years).
pub const MAX_WEEKS: u32 = 520;

/// The largest register read (bytes): 50 000 patients as JSON Lines are about 20 MB. The command line refuses a
/// larger file before reading it all, and the page should too, so a wrong file cannot fill the memory.
pub const MAX_LIST_BYTES: usize = 32 * 1024 * 1024;

/// The most row errors a list keeps (those of the first rows); the others are only counted, so a wrong file
/// cannot fill the memory or the page with millions of messages.
pub const MAX_ROW_ERRORS: usize = 1000;

/// The rows looked at before a file where none could be read is refused as not a register.
pub const REGISTER_PROBE_ROWS: usize = 1000;

/// Row errors in a bounded list: the `MAX_ROW_ERRORS` of the lowest rows kept, the rest counted in `more`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowErrors {
    pub kept: Vec<RowError>,
    pub more: usize,
}

impl RowErrors {
    pub fn push(&mut self, error: RowError) {
        self.kept.push(error);
        // Trimmed only now and then, so that keeping the lowest rows costs little.
        if self.kept.len() >= 2 * MAX_ROW_ERRORS {
            self.trim();
        }
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = RowError>) {
        errors.into_iter().for_each(|e| self.push(e));
    }

    /// In row order, at most `MAX_ROW_ERRORS` kept.
    fn trim(&mut self) {
        crate::clinical::sorting::sort_by_key(&mut self.kept, |e| e.row);
        if self.kept.len() > MAX_ROW_ERRORS {
            self.more += self.kept.len() - MAX_ROW_ERRORS;
            self.kept.truncate(MAX_ROW_ERRORS);
        }
    }

    /// Every error, kept or only counted.
    pub fn total(&self) -> usize {
        self.kept.len() + self.more
    }
}

/// What the list is built for: the day it is for and how far ahead "due soon" looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListOptions {
    pub today: NaiveDate,
    pub weeks: u32,
}

impl ListOptions {
    pub fn new(today: NaiveDate) -> Self {
        ListOptions { today, weeks: DEFAULT_WEEKS }
    }

    /// The last day of "due soon" (inclusive).
    pub fn horizon(&self) -> NaiveDate {
        add_days(self.today, 7 * u64::from(self.weeks))
    }
}

/// The kind of file, by its first non-blank character: `{` is JSON Lines, anything else CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    JsonLines,
    Csv,
}

impl InputKind {
    pub fn detect(text: &str) -> InputKind {
        match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
            Some('{') => InputKind::JsonLines,
            _ => InputKind::Csv,
        }
    }
}

/// The list: its rows most urgent first, and the input rows that could not be listed.
#[derive(Clone, Debug)]
pub struct ClinicList {
    pub options: ListOptions,
    pub rows: Vec<ListRow>,
    /// In row order, at most `MAX_ROW_ERRORS`.
    pub errors: Vec<RowError>,
    /// The row errors not kept in `errors` (only counted).
    pub more_errors: usize,
    /// The rows left out of the list (each with at least one error).
    pub left_out: usize,
    /// The rows listed although a cell of theirs could not be used (their errors have `listed`).
    pub flawed: usize,
    /// Why the file is not a register (a CSV header that is not the list's, or nothing readable in the first
    /// `REGISTER_PROBE_ROWS` rows); the file is then not read further.
    pub refused: Option<String>,
}

impl ClinicList {
    /// Reads a file's text (JSON Lines or CSV, detected) and builds the list.
    pub fn from_text(text: &str, options: ListOptions) -> ClinicList {
        let (mut reader, mut builder) = Reader::new(text, options);
        while reader.step(&mut builder) {}
        builder.finish()
    }

    /// The number of patients in each bucket, in the list's order (every bucket, zeros included).
    pub fn counts(&self) -> Vec<(Bucket, usize)> {
        Bucket::ALL.into_iter().map(|b| (b, self.rows.iter().filter(|r| r.bucket == b).count())).collect()
    }

    /// The rows with an error: left out, or listed with a cell not used (issue 26: rows, not messages).
    pub fn error_count(&self) -> usize {
        self.left_out + self.flawed
    }

    /// The rows listed with only their schedule.
    pub fn schedule_only(&self) -> usize {
        self.rows.iter().filter(|r| r.schedule_only).count()
    }
}

/// The lines of `text`, ended by LF, CRLF or a lone CR (as spreadsheets of every system write them), so that row
/// numbers count every line break.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        // Bytes, not chars: LF and CR are ASCII, and a byte scan is what keeps a million lines quick in the page.
        match text.bytes().position(|b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let next = if text.as_bytes().get(i..i + 2) == Some(b"\r\n") { i + 2 } else { i + 1 };
                rest = Some(&text[next..]).filter(|r| !r.is_empty());
                Some(&text[..i])
            }
            None => {
                rest = None;
                Some(text).filter(|t| !t.is_empty())
            }
        }
    })
}

/// A file read a step at a time (a leading byte-order mark ignored), so that the page can read and evaluate a big
/// file in slices: JSON Lines a line at a time, CSV a record at a time. `ClinicList::from_text` takes every step
/// at once.
pub struct Reader<'a> {
    today: NaiveDate,
    pending: Pending<'a>,
    total: usize,
    done: usize,
}

enum Pending<'a> {
    Lines(std::iter::Enumerate<Box<dyn Iterator<Item = &'a str> + 'a>>),
    Csv(Box<CsvRows<'a>>),
}

impl<'a> Reader<'a> {
    /// The reader and a builder for its list; CSV's unreadable rows are already in the builder.
    pub fn new(text: &'a str, options: ListOptions) -> (Reader<'a>, ListBuilder) {
        let text = text.trim_start_matches('\u{feff}');
        let kind = InputKind::detect(text);
        let (pending, total, unread) = match kind {
            InputKind::JsonLines => {
                let pending: Box<dyn Iterator<Item = &str>> = Box::new(lines(text));
                (Pending::Lines(pending.enumerate()), lines(text).count(), Unread::default())
            }
            InputKind::Csv => {
                // Records are not counted ahead (a cell may hold line breaks): the lines are, and the total is put
                // right at the end.
                let lines = lines(text).count();
                (Pending::Csv(Box::new(CsvRows::new(text, options.today))), lines, Unread::default())
            }
        };
        let builder = ListBuilder::new(kind, options, unread);
        (Reader { today: options.today, pending, total, done: 0 }, builder)
    }

    /// The file is done: the steps in all are the steps taken.
    fn end(&mut self) -> bool {
        self.total = self.done;
        false
    }

    /// Steps done and steps in all (a step is a line, or a CSV record; until the end, a CSV's lines are the
    /// estimate of its records), for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    /// Reads the next line or row into `builder`; false once the file is done, or refused as not a register.
    pub fn step(&mut self, builder: &mut ListBuilder) -> bool {
        if builder.unread.refused.is_some() {
            return false;
        }
        match &mut self.pending {
            Pending::Lines(lines) => {
                match lines.next().map(|(index, line)| read_jsonl_line(index + 1, line, self.today)) {
                    None => return self.end(),
                    Some(Ok(case)) => case.into_iter().for_each(|case| builder.add(case)),
                    Some(Err(errors)) => builder.unread.row(errors),
                }
            }
            Pending::Csv(rows) => match rows.next_step() {
                CsvStep::End => return self.end(),
                CsvStep::Case(case) => builder.add(*case),
                CsvStep::Unread(errors) => builder.unread.row(errors),
                CsvStep::Skipped => {}
                CsvStep::Refused(reason) => builder.unread.refused = Some(reason),
            },
        }
        self.done += 1;
        builder.check_register();
        builder.unread.refused.is_none()
    }
}

/// Builds the list a case at a time (fed by a `Reader`); `finish` orders the rows.
#[derive(Debug)]
pub struct ListBuilder {
    kind: InputKind,
    options: ListOptions,
    horizon: NaiveDate,
    rows: Vec<ListRow>,
    /// Cases read (whether the engine lists them or not).
    read: usize,
    /// Listed rows with a cell not used.
    flawed: usize,
    /// What the reader could not read.
    unread: Unread,
}

/// What a reader could not read: the rows' errors, how many rows, the first one's first error, and why the file is
/// refused (if it is).
#[derive(Clone, Debug, Default)]
pub struct Unread {
    pub errors: RowErrors,
    pub rows: usize,
    pub first: Option<RowError>,
    pub refused: Option<String>,
}

impl Unread {
    /// One row left out by the builder (its errors added after).
    fn left_out(&mut self) {
        self.rows += 1;
    }

    /// One row the reader could not read, with its errors.
    pub fn row(&mut self, errors: Vec<RowError>) {
        self.rows += 1;
        if self.first.is_none() {
            self.first = errors.first().cloned();
        }
        self.errors.extend(errors);
    }
}

impl ListBuilder {
    /// `unread`: the rows the reader could not read (and its refusal, if any), listed with those the engine refuses.
    pub fn new(kind: InputKind, options: ListOptions, unread: Unread) -> Self {
        ListBuilder { kind, options, horizon: options.horizon(), rows: Vec::new(), read: 0, flawed: 0, unread }
    }

    /// Refuses the file as not a register when none of its first `REGISTER_PROBE_ROWS` rows could be read.
    fn check_register(&mut self) {
        if self.unread.refused.is_some() || self.read > 0 || self.unread.rows < REGISTER_PROBE_ROWS {
            return;
        }
        let first = self.unread.first.as_ref().map(|e| e.to_string()).unwrap_or_default();
        self.unread.refused = Some(match self.kind {
            InputKind::JsonLines => format!(
                "not a register: none of the first {REGISTER_PROBE_ROWS} lines is a case (a JSON Lines register has one osteoplan-case document a line); {first}"
            ),
            InputKind::Csv => format!(
                "not a register: none of the first {REGISTER_PROBE_ROWS} rows could be read (a CSV register has the columns {} under its header); {first}",
                COLUMNS.join(",")
            ),
        });
    }

    /// Evaluates one case: a full row when the case has what the assessment needs; else, with injection dates, a
    /// schedule-only row (issue 26); else row errors (CSV: at the column the value came from). A cell that could
    /// not be read is reported; the row is still listed with its schedule unless the cell is one the schedule
    /// reads (`SCHEDULE_COLUMNS`).
    pub fn add(&mut self, source: SourceCase) {
        self.read += 1;
        let row = source.row;
        let case = &source.case;
        let kind = self.kind;
        let field = |path: &str| match kind {
            InputKind::Csv => csv_input::column_for_source(path, &source).to_string(),
            InputKind::JsonLines => path.to_string(),
        };
        let engine_error = |e: &InputError, listed: bool| RowError {
            listed,
            ..RowError::both(row, field(&e.path), &e.message, engine_message(e, Lang::Zh))
        };
        let cell_error =
            |p: &CellProblem, listed: bool| RowError { listed, ..RowError::both(row, p.column, &p.en, &p.zh) };
        let has_injections = case.denosumab.as_ref().is_some_and(|d| !d.injections.is_empty());
        let mut engine_errors = Vec::new();
        if source.problems.is_empty() {
            match evaluate(case) {
                Ok(report) => {
                    let row = list_row(&source, report, self.horizon, false);
                    self.rows.push(row);
                    return;
                }
                Err(found) => engine_errors = found,
            }
        }
        let blocking = source.problems.iter().any(|p| SCHEDULE_COLUMNS.contains(&p.column));
        if !has_injections || blocking {
            self.unread.left_out();
            let nothing = !has_injections
                && source.problems.is_empty()
                && (case.patient.sex.is_none() || case.patient.age_years.is_none())
                && engine_errors.iter().all(|e| e.code == ErrorCode::Missing);
            if nothing {
                let text = |lang| ListText::ListRowNothing.get(lang);
                self.unread.errors.push(RowError::both(row, "", text(Lang::En), text(Lang::Zh)));
            }
            self.unread.errors.extend(source.problems.iter().map(|p| cell_error(p, false)));
            self.unread.errors.extend(engine_errors.iter().filter(|_| !nothing).map(|e| engine_error(e, false)));
            return;
        }
        // What the assessment lacks is why the row is schedule-only, not an error; a value out of range is.
        let wrong: Vec<&InputError> = engine_errors.iter().filter(|e| e.code != ErrorCode::Missing).collect();
        // A marker cell not read leaves a result half-read: the markers are left out of the schedule.
        let markers = ["ctx", "p1np", "last_ctx_date", "last_ctx_ng_ml", "ctx_reference_ng_ml", "p1np_reference_ng_ml"];
        let markers_read = !source.problems.iter().any(|p| markers.contains(&p.column));
        match evaluate(&schedule_case(case, &wrong, markers_read)) {
            Ok(report) => {
                let report = schedule_report(report);
                self.rows.push(list_row(&source, report, self.horizon, true));
                if !source.problems.is_empty() || !wrong.is_empty() {
                    self.flawed += 1;
                }
                self.unread.errors.extend(source.problems.iter().map(|p| cell_error(p, true)));
                self.unread.errors.extend(wrong.iter().map(|e| engine_error(e, true)));
            }
            Err(found) => {
                self.unread.left_out();
                self.unread.errors.extend(source.problems.iter().map(|p| cell_error(p, false)));
                self.unread.errors.extend(found.iter().map(|e| engine_error(e, false)));
            }
        }
    }

    /// The list, most urgent first.
    pub fn finish(mut self) -> ClinicList {
        // Stable: equal keys keep the input order, so the same file always gives the same list.
        self.rows.sort_by_cached_key(|r| urgency::sort_key(r.bucket, &r.report, r.days_late, r.next_date()));
        let Unread { mut errors, refused, rows: left_out, .. } = self.unread;
        errors.trim();
        ClinicList {
            options: self.options,
            rows: self.rows,
            errors: errors.kept,
            more_errors: errors.more,
            left_out,
            flawed: self.flawed,
            refused,
        }
    }
}

fn list_row(source: &SourceCase, report: Report, horizon: NaiveDate, schedule_only: bool) -> ListRow {
    let bucket = urgency::classify(&report, horizon);
    let dmab = report.denosumab.as_ref();
    let case = &source.case;
    let dated = |i: &usize| report.plan[*i].key_date().is_some();
    let next = (0..report.plan.len())
        .filter(dated)
        .find(|&i| is_appointment(report.plan[i].action))
        .or_else(|| (0..report.plan.len()).find(dated));
    let also_due = (0..report.plan.len())
        .filter(|&i| Some(i) != next && !is_appointment(report.plan[i].action))
        .filter(|&i| {
            let item = &report.plan[i];
            item.urgency != Urgency::Standing
                && !matches!(item.action, Action::BasicCare | Action::Avoid | Action::ContinueTreatment)
                && item.key_date().is_some_and(|d| d <= horizon)
        })
        .collect();
    ListRow {
        row: source.row,
        id: case.patient.id.clone().unwrap_or_default(),
        name: case.patient.name.clone().unwrap_or_default(),
        bucket,
        stage: report.journey.stage,
        status: dmab.map(|d| d.status),
        days_late: dmab.map_or(0, |d| d.days_late),
        next,
        also_due,
        schedule_only,
        birth_year: source.birth_year,
        case: case.clone(),
        report,
    }
}

/// An appointment: what the patient comes in for (a dose, the exit drug, an infusion, a start or stop, a review).
fn is_appointment(action: Action) -> bool {
    matches!(
        action,
        Action::GiveDenosumab
            | Action::GiveExitDrug
            | Action::RepeatInfusion
            | Action::NextInfusion
            | Action::FallbackDenosumab
            | Action::StartTreatment
            | Action::StopTreatment
            | Action::BookFollowOn
            | Action::ReviewTreatment
    )
}

/// The case a schedule-only row is evaluated as: only what the denosumab schedule reads — the date, the injections,
/// the plan and regimen, the drug history (the exit drug given), the kidney and calcium values (an exit drug a CI
/// rule avoids), conditions and the profile, the bone markers (§7b, the exit holding) — with sex, age and menopause
/// filled where the row lacks them, and a spine score. Those change no schedule rule: the fill only lets the engine run, and
/// everything that would depend on them (risk, diagnosis, treatment) is dropped from the row's report
/// (`schedule_report`). Creatinine is kept only with the real sex and age (the eGFR is computed from them), and a
/// value the engine found wrong (`wrong`) is left out.
fn schedule_case(case: &Case, wrong: &[&InputError], markers_read: bool) -> Case {
    let is_wrong = |path: &str| wrong.iter().any(|e| e.path == path);
    let p = &case.patient;
    let real_age = p.age_years.filter(|a| (18..=120).contains(a) && !is_wrong("patient.age_years"));
    let sex = p.sex.unwrap_or(Sex::Female);
    let menopause = match sex {
        Sex::Female => p.menopause.or(Some(Menopause::Postmenopausal)),
        Sex::Male => None,
    };
    let real_demography = p.sex.is_some() && real_age.is_some();
    let lab = |value: Option<f64>, path: &str| value.filter(|_| !is_wrong(path));
    let labs = &case.labs;
    let markers_ok = markers_read && !wrong.iter().any(|e| e.path.starts_with("btm"));
    Case {
        format: case.format.clone(),
        assessed_on: case.assessed_on.clone(),
        profile: case.profile,
        patient: Patient {
            name: p.name.clone(),
            id: p.id.clone(),
            sex: Some(sex),
            age_years: Some(real_age.unwrap_or(SCHEDULE_FILL_AGE)),
            menopause,
            weight_kg: None,
            height_cm: None,
        },
        labs: Labs {
            egfr_ml_min: lab(labs.egfr_ml_min, "labs.egfr_ml_min"),
            creatinine_umol_l: lab(labs.creatinine_umol_l, "labs.creatinine_umol_l").filter(|_| real_demography),
            calcium_mmol_l: lab(labs.calcium_mmol_l, "labs.calcium_mmol_l"),
            albumin_g_l: lab(labs.albumin_g_l, "labs.albumin_g_l"),
            ..Labs::default()
        },
        // The engine needs a score to run; at the spine it changes no exit rule (DMAB-EXIT-SHORT reads the hip).
        dxa: vec![DxaEntry {
            site: Some(Site::LumbarSpine),
            t_score: Some(SCHEDULE_FILL_SCORE),
            z_score: Some(SCHEDULE_FILL_SCORE),
            ..DxaEntry::default()
        }],
        conditions: case.conditions.clone(),
        history: case.history.clone(),
        denosumab: case.denosumab.clone(),
        btm: if markers_ok { case.btm.clone() } else { Vec::new() },
        btm_reference: case.btm_reference.clone().filter(|_| markers_ok),
        ..Case::default()
    }
}

/// The age a schedule-only row is evaluated with when the register gives none (no schedule rule reads it).
const SCHEDULE_FILL_AGE: i64 = 70;

/// The spine T- and Z-score a schedule-only row is evaluated with (no schedule rule reads the spine).
const SCHEDULE_FILL_SCORE: f64 = -2.5;

/// A schedule row's report: the plan items, alerts and rules of the denosumab schedule and the exit (DMAB-*, the
/// CTX-guided exit MON-EXIT-*), nothing that the filled-in sex and age could have decided.
fn schedule_report(mut report: Report) -> Report {
    let mut rules: Vec<RuleId> = Vec::new();
    if let Some(d) = &report.denosumab {
        rules.extend(&d.rules);
        if let Some(exit) = &d.exit_plan {
            rules.extend(&exit.rules);
        }
    }
    let schedule_rule =
        |r: &RuleId| rules.contains(r) || r.code().starts_with("DMAB-") || r.code().starts_with("MON-EXIT");
    report.plan.retain(|item| item.rules.iter().any(schedule_rule));
    report.alerts.retain(|a| schedule_rule(&a.rule));
    report.rules_fired.retain(schedule_rule);
    report
}

/// What the page shows of the list: the buckets ticked (none ticked: all) and the next action's date range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub buckets: Vec<Bucket>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ListFilter {
    /// Whether anything is filtered out (a printed list then says which filter it shows).
    pub fn is_active(&self) -> bool {
        !self.buckets.is_empty() || self.from.is_some() || self.to.is_some()
    }

    /// Whether the filter shows this row.
    pub fn matches(&self, row: &ListRow) -> bool {
        (self.buckets.is_empty() || self.buckets.contains(&row.bucket)) && in_range(row, self.from, self.to)
    }

    /// The rows shown, in the list's order.
    pub fn apply<'a>(&self, rows: &'a [ListRow]) -> Vec<&'a ListRow> {
        rows.iter().filter(|r| self.matches(r)).collect()
    }
}

/// The rows in any of `buckets` (all rows when empty).
pub fn filter_buckets<'a>(rows: &'a [ListRow], buckets: &[Bucket]) -> Vec<&'a ListRow> {
    rows.iter().filter(|r| buckets.is_empty() || buckets.contains(&r.bucket)).collect()
}

/// The rows whose next action falls between `from` and `to` (both inclusive, either open); a row without a dated
/// action is kept only when both ends are open.
pub fn filter_dates(rows: &[ListRow], from: Option<NaiveDate>, to: Option<NaiveDate>) -> Vec<&ListRow> {
    rows.iter().filter(|r| in_range(r, from, to)).collect()
}

fn in_range(row: &ListRow, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    match row.next_date() {
        Some(d) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
        None => from.is_none() && to.is_none(),
    }
}
