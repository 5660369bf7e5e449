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
pub use encoding::{decode, Encoding};
pub use jsonl::{read_jsonl, read_jsonl_line};
pub use output::{csv_table, escape_controls, text_table};
pub use row::{ListRow, RowError, SourceCase};

pub use urgency::Bucket;

use crate::clinical::dates::add_days;
use crate::clinical::evaluate;

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

    /// Every row error, kept or only counted.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.more_errors
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
        ListBuilder { kind, options, horizon: options.horizon(), rows: Vec::new(), read: 0, unread }
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

    /// Evaluates one case: a row of the list, or row errors (CSV: at the column the value came from).
    pub fn add(&mut self, SourceCase { row, case }: SourceCase) {
        self.read += 1;
        match evaluate(&case) {
            Ok(report) => self.rows.push(list_row(row, case, report, self.horizon)),
            Err(found) => self.unread.errors.extend(found.into_iter().map(|e| {
                let field = match self.kind {
                    InputKind::Csv => csv_input::column_for(&e.path, &case).to_string(),
                    InputKind::JsonLines => e.path,
                };
                RowError::new(row, field, e.message)
            })),
        }
    }

    /// The list, most urgent first.
    pub fn finish(mut self) -> ClinicList {
        // Stable: equal keys keep the input order, so the same file always gives the same list.
        self.rows.sort_by_cached_key(|r| urgency::sort_key(r.bucket, &r.report, r.days_late, r.next_date()));
        let Unread { mut errors, refused, .. } = self.unread;
        errors.trim();
        ClinicList { options: self.options, rows: self.rows, errors: errors.kept, more_errors: errors.more, refused }
    }
}

fn list_row(
    row: usize,
    case: crate::clinical::case::Case,
    report: crate::clinical::report::Report,
    horizon: NaiveDate,
) -> ListRow {
    let bucket = urgency::classify(&report, horizon);
    let dmab = report.denosumab.as_ref();
    ListRow {
        row,
        id: case.patient.id.clone().unwrap_or_default(),
        name: case.patient.name.clone().unwrap_or_default(),
        bucket,
        stage: report.journey.stage,
        status: dmab.map(|d| d.status),
        days_late: dmab.map_or(0, |d| d.days_late),
        next: report.plan.iter().position(|item| item.key_date().is_some()),
        case,
        report,
    }
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
