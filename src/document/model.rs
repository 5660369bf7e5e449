//! The document: what a clinician reads, as structure — sections of paragraphs, alerts, numbered items, label and
//! value pairs, and rules with their sources — with the rules behind every line. The screen, the printed sheet
//! and the text export draw this, so they cannot drift apart.

use chrono::NaiveDate;

use crate::clinical::case::Drug;
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::diagnosis::Category;
use crate::clinical::plan::Action;
use crate::clinical::risk::RiskLevel;
use crate::clinical::rules::{RuleId, Severity};
use crate::clinical::treatment::Status;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Name, ID, sex, age and assessment date, as (label, value).
    pub patient: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

/// The sections, in the order a clinician reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Impression,
    Alerts,
    Plan,
    /// Follow-up over time: BMD changes and bone turnover markers against their references (MON-*).
    FollowUp,
    Options,
    Denosumab,
    Data,
    Rules,
    /// The case cannot be assessed yet: what is missing or wrong.
    Incomplete,
}

impl SectionKind {
    /// The key renderers use to name the section (`data-result` on screen).
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Impression => "impression",
            SectionKind::Alerts => "alerts",
            SectionKind::Plan => "plan",
            SectionKind::FollowUp => "follow-up",
            SectionKind::Options => "options",
            SectionKind::Denosumab => "denosumab",
            SectionKind::Data => "data",
            SectionKind::Rules => "rules",
            SectionKind::Incomplete => "incomplete",
        }
    }

    /// The assessment and plan: what the screen keeps at the top and the sheet on page 1.
    pub fn is_top(self) -> bool {
        matches!(self, SectionKind::Impression | SectionKind::Alerts | SectionKind::Plan)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Line),
    /// Alerts, most severe first, each in full.
    Alerts(Vec<AlertLine>),
    /// Numbered steps (the plan).
    Numbered(Vec<Line>),
    /// Unnumbered items (drug options, problems).
    Items(Vec<Line>),
    /// Label and value rows (the denosumab schedule, the clinical data).
    Pairs(Vec<Pair>),
    /// Rules with their texts and sources.
    Rules(Vec<RuleLine>),
    /// The course over time as a picture (the Follow-up section's lines and the schedule say it in words).
    Chart(Box<super::chart::Chart>),
}

/// One line: an optional lead in bold ("Today (2026-11-24)"), the text, and the rules behind it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Line {
    pub lead: Option<String>,
    pub text: String,
    pub rules: Vec<RuleId>,
    pub tag: Tag,
}

/// What a line is about, for renderers that mark it (the screen's data attributes) — never for its words.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Tag {
    #[default]
    None,
    /// The impression's first sentence: the diagnosis category and risk level (their spec keys).
    Diagnosis {
        category: Category,
        level: RiskLevel,
    },
    PlanItem {
        action: Action,
        on: Option<NaiveDate>,
    },
    /// Drugs sharing one mark and reason.
    Options {
        status: Status,
        drugs: Vec<Drug>,
    },
    /// A problem with the input, by its field path.
    Problem(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertLine {
    pub severity: Severity,
    pub rule: RuleId,
    /// The severity in words ("Danger"): never colour alone.
    pub label: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub label: String,
    pub value: String,
    pub strong: bool,
    pub mark: Mark,
}

/// What a row of the schedule shows, for renderers that mark it (the screen's data attributes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    None,
    Date(DateKind),
    /// The exit drug row: the drug, or none when no exit drug is safe.
    ExitDrug(Option<Drug>),
    Status(DmabStatus),
}

/// Which date a schedule row shows (the screen's `data-date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    Last,
    NextDue,
    Window,
    Transition,
    Ctx,
}

impl DateKind {
    pub fn key(self) -> &'static str {
        match self {
            DateKind::Last => "last",
            DateKind::NextDue => "next-due",
            DateKind::Window => "window",
            DateKind::Transition => "transition",
            DateKind::Ctx => "ctx",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleLine {
    pub rule: RuleId,
    pub code: &'static str,
    /// The rule's text with this patient's values; empty in the browser until the rule texts are loaded (see
    /// `crate::words::rule_texts`): the line then shows the rule's ID and source.
    pub text: String,
    pub source: String,
}

impl Line {
    pub fn text(text: String) -> Line {
        Line { text, ..Line::default() }
    }

    /// The line as plain text: "Today (2026-11-24): denosumab 60 mg s.c.". Renderers that style the lead
    /// join it the same way, so the text export and the screen read alike.
    pub fn plain(&self, colon: &str) -> String {
        match &self.lead {
            Some(lead) if self.text.is_empty() => lead.clone(),
            Some(lead) => format!("{lead}{colon}{}", self.text),
            None => self.text.clone(),
        }
    }
}

impl Document {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}
