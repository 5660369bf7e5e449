//! The row model: one evaluated patient of the list, and one input row that could not be read.

use chrono::NaiveDate;

use super::urgency::Bucket;
use crate::clinical::case::Case;
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::journey::Stage;
use crate::clinical::plan::PlanItem;
use crate::clinical::report::{Alert, Report};
use crate::document::plan::action_summary;
use crate::document::schedule::days_late_phrase;
use crate::document::sentences::Sentence;
use crate::words::lang::Lang;
use crate::words::rule_text::fill;

/// One patient as the list shows it. The case and the whole report are kept so that the page can open the patient
/// in the calculator and show the full plan without evaluating again.
#[derive(Clone, Debug)]
pub struct ListRow {
    /// Where the patient came from: the CSV row as a spreadsheet numbers it (header = 1) or the JSON Lines line.
    pub row: usize,
    pub id: String,
    pub name: String,
    pub bucket: Bucket,
    pub stage: Stage,
    /// The denosumab status; `None` when the patient has no denosumab course.
    pub status: Option<DmabStatus>,
    /// Days after the injection window closed (0 when not late).
    pub days_late: i64,
    /// The index in `report.plan` of the first dated item (the next thing to do), if any.
    pub next: Option<usize>,
    pub case: Case,
    pub report: Report,
}

impl ListRow {
    /// The next thing to do: the first dated item of the plan.
    pub fn next_item(&self) -> Option<&PlanItem> {
        self.next.map(|i| &self.report.plan[i])
    }

    /// The date of the next action (today for something to do now).
    pub fn next_date(&self) -> Option<NaiveDate> {
        self.next_item().and_then(PlanItem::key_date)
    }

    /// The next action as a short label ("Denosumab injection", "Exit drug: zoledronic acid").
    pub fn next_action(&self, lang: Lang) -> String {
        self.next_item().map(|item| action_summary(item, lang)).unwrap_or_default()
    }

    /// The denosumab status in words, with the days late as the printed sheet says them ("overdue (153 days after
    /// the due date)", "严重逾期（已逾期153天）"); `None` without a denosumab course.
    pub fn status_text(&self, lang: Lang) -> Option<String> {
        let status = self.status?;
        if self.days_late <= 0 {
            return Some(status.label(lang).to_string());
        }
        let days = self.days_late.to_string();
        let phrase = days_late_phrase(status, self.days_late, lang);
        Some(fill(Sentence::DaysLateValue.get(lang), |name| match name {
            "status" => Some(status.label(lang)),
            "days_late" => Some(days.as_str()),
            "days_phrase" => Some(phrase.as_str()),
            _ => None,
        }))
    }

    /// Alerts with a severity above `note`, as the report lists them.
    pub fn alerts(&self) -> &[Alert] {
        &self.report.alerts
    }

    /// "DMAB-CKD:danger;BASE-VITD:warning": the alerts in one cell.
    pub fn alerts_text(&self) -> String {
        let severity = |a: &Alert| serde_json::to_value(a.severity).ok().and_then(|v| v.as_str().map(str::to_string));
        self.report
            .alerts
            .iter()
            .map(|a| format!("{}:{}", a.rule.code(), severity(a).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// A row left out of the list: its number, the field (CSV column or case path) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    /// The CSV column (`sex`, `injections`) or, for JSON Lines, the case path (`patient.sex`); empty for the row.
    pub field: String,
    pub message: String,
}

/// The most characters of a cell a message quotes (between backticks) or names as its field; a longer one is cut
/// and ends in "…", so a huge cell cannot make a huge message.
pub const MAX_QUOTED_CHARS: usize = 80;

impl RowError {
    /// A row error whose field and quoted cells are cut to `MAX_QUOTED_CHARS`.
    pub fn new(row: usize, field: impl Into<String>, message: impl Into<String>) -> RowError {
        RowError { row, field: clip(&field.into()), message: clip_quoted(&message.into()) }
    }

    /// "row 4, injections: …" / "第 4 行，injections：…" (the message itself is the reader's, in English).
    pub fn text(&self, lang: Lang) -> String {
        let row = match lang {
            Lang::En => format!("row {}", self.row),
            Lang::Zh => format!("第 {} 行", self.row),
        };
        let place = if self.field.is_empty() { row } else { format!("{row}{}{}", lang.comma(), self.field) };
        format!("{place}{}{}", lang.colon(), self.message)
    }
}

/// As the command line prints it: control characters shown escaped (`\u{1b}`), so a cell cannot move the cursor.
impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::output::escape_controls(&self.text(Lang::En), false))
    }
}

/// `text` cut to `MAX_QUOTED_CHARS` characters, "…" added when cut.
fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// `message` with every part between backticks cut by `clip`.
fn clip_quoted(message: &str) -> String {
    // The parts between backticks are the odd ones; an unpaired last backtick quotes to the end.
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { clip(part) } else { part.to_string() })
        .collect::<Vec<_>>()
        .join("`")
}

/// A case read from the input, before evaluation, with its row number.
#[derive(Clone, Debug)]
pub struct SourceCase {
    pub row: usize,
    pub case: Case,
}
