//! The row model: one evaluated patient of the list, and one input row that could not be read.

use chrono::NaiveDate;

use super::urgency::Bucket;
use crate::clinical::case::Case;
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::journey::Stage;
use crate::clinical::plan::{Action, PlanItem};
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
    /// The index in `report.plan` of the next appointment (a dose, the exit drug, an infusion, a start or review),
    /// else of the first dated item; `None` when nothing is dated.
    pub next: Option<usize>,
    /// The indices in `report.plan` of the other dated items due by the list's horizon (work-up: labs, CTX, DXA…).
    pub also_due: Vec<usize>,
    /// Issue 26: the row has injection dates but not what the full assessment needs (or a cell of it could not be
    /// read): `report` holds only the denosumab schedule (DMAB-NEXT, -STATUS, -CATCH-UP, -STOP-PLAN, -EXIT-*) and
    /// what follows from it; the patient is opened in the calculator for the full assessment.
    pub schedule_only: bool,
    /// The year of birth, when the register gives the date (the calendar's patient key without an ID).
    pub birth_year: Option<i32>,
    pub case: Case,
    pub report: Report,
}

impl ListRow {
    /// The next thing to do: the next appointment, else the first dated item of the plan.
    pub fn next_item(&self) -> Option<&PlanItem> {
        self.next.map(|i| &self.report.plan[i])
    }

    /// The next appointment with its window: "Denosumab injection · 2026-12-01 (2026-11-03 – 2026-12-29)".
    pub fn appointment_text(&self, lang: Lang) -> String {
        let (Some(item), Some(date)) = (self.next_item(), self.next_date()) else { return String::new() };
        let mut text = format!("{} · {date}", action_summary(item, lang));
        if let Some([open, close]) = self.window() {
            text = lang.parenthesised(&text, &format!("{open} – {close}"));
        }
        text
    }

    /// The window of the next appointment: the dose's (not for a catch-up dose, given now), the exit drug's
    /// (from its date to its latest day), else the item's own date and deadline.
    pub fn window(&self) -> Option<[NaiveDate; 2]> {
        let item = self.next_item()?;
        let dmab = self.report.denosumab.as_ref();
        match item.action {
            Action::GiveDenosumab if dmab.is_some_and(|d| d.catch_up.is_none()) => dmab?.window,
            Action::GiveExitDrug => {
                let exit = dmab?.exit_plan.as_ref()?;
                Some([exit.give_on?, exit.give_by?])
            }
            _ => Some([item.on?, item.by?]).filter(|[on, by]| on < by),
        }
    }

    /// The work-up due by the horizon besides the appointment, as short labels ("Labs · CTX · DXA").
    pub fn also_due_text(&self, lang: Lang) -> String {
        let mut labels: Vec<String> = Vec::new();
        for &i in &self.also_due {
            let label = action_summary(&self.report.plan[i], lang);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels.join(lang.list_separator())
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
    /// In English (the command line's).
    pub message: String,
    /// In Chinese, when the reader or the engine says it (else the page shows the English one).
    pub zh: Option<String>,
    /// Issue 26: the row is in the list all the same (only this cell was not used); false: the row is left out.
    pub listed: bool,
}

/// The most characters of a cell a message quotes (between backticks) or names as its field; a longer one is cut
/// and ends in "…", so a huge cell cannot make a huge message.
pub const MAX_QUOTED_CHARS: usize = 80;

impl RowError {
    /// A row error whose field and quoted cells are cut to `MAX_QUOTED_CHARS`.
    pub fn new(row: usize, field: impl Into<String>, message: impl Into<String>) -> RowError {
        RowError { row, field: clip(&field.into()), message: clip_quoted(&message.into()), zh: None, listed: false }
    }

    /// A row error said in both languages.
    pub fn both(row: usize, field: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> RowError {
        RowError { zh: Some(clip_quoted(&zh.into())), ..RowError::new(row, field, en) }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match (lang, &self.zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.message,
        }
    }

    /// "row 4, injections: …" / "第 4 行，injections：…", in the page's language; a cell not used in a listed row
    /// says so.
    pub fn text(&self, lang: Lang) -> String {
        let row = match lang {
            Lang::En => format!("row {}", self.row),
            Lang::Zh => format!("第 {} 行", self.row),
        };
        let place = if self.field.is_empty() { row } else { format!("{row}{}{}", lang.comma(), self.field) };
        let mut text = format!("{place}{}{}", lang.colon(), self.message(lang));
        if self.listed {
            text = lang.parenthesised(&text, crate::words::list_texts::ListText::ListCellNotUsed.get(lang));
        }
        text
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

/// A case read from the input, before evaluation, with its row number and the cells that could not be read.
#[derive(Clone, Debug)]
pub struct SourceCase {
    pub row: usize,
    pub case: Case,
    /// The cells left out of `case` (CSV).
    pub problems: Vec<super::csv_input::CellProblem>,
    /// The age came from `date_of_birth`.
    pub age_from_birth: bool,
    pub birth_year: Option<i32>,
    /// The index in `case.btm` of the register's last CTX.
    pub last_ctx: Option<usize>,
}

impl SourceCase {
    /// A case with nothing left out (a JSON Lines line).
    pub fn whole(row: usize, case: Case) -> SourceCase {
        SourceCase { row, case, problems: Vec::new(), age_from_birth: false, birth_year: None, last_ctx: None }
    }
}
