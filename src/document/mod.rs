//! The document layer: a report and a language become what a clinician reads — impression, alerts, plan, drug
//! options, the denosumab schedule, the data entered and the rules applied — each line with the rules behind it.
//! Pure Rust (no Yew): the screen, the printed sheet and the text export all draw this one document.

pub mod chart;
mod data;
mod doses;
mod follow_up;
mod impression;
pub mod model;
mod options;
pub mod patient;
pub mod plan;
mod reasons;
pub mod schedule;
pub mod sentences;

pub use model::*;

use crate::clinical::case::Case;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::input::problems::Problems;
use crate::words::i18n::{Lang, Text};
use crate::words::messages::{field_label, problem_messages};
use crate::words::rule_text::RuleValues;

/// The document for a case and its result; without a report, the problems that stand in the way.
pub fn document(case: &Case, result: &Result<Report, Problems>, lang: Lang) -> Document {
    let mut sections = Vec::new();
    match result {
        Ok(report) => sections = assessment(case, report, lang),
        Err(problems) => sections.push(incomplete(problems, lang)),
    }
    Document { patient: patient(case, lang), sections }
}

/// Rules that fire for every case of a kind and decide nothing on their own.
const BACKGROUND: [RuleId; 6] =
    [RuleId::DxSites, RuleId::DxPathT, RuleId::DxPathZ, RuleId::DxBounds, RuleId::RiskOsta, RuleId::RiskLevel];

fn assessment(case: &Case, report: &Report, lang: Lang) -> Vec<Section> {
    let values = RuleValues::new(case, report, lang);
    let section = |kind: SectionKind, heading: Text, blocks: Vec<Block>| Section {
        kind,
        heading: heading.get(lang).to_string(),
        blocks,
    };
    let mut sections = Vec::new();

    let d = &report.diagnosis;
    let first = Line {
        text: impression::diagnosis_and_risk(case, report, &values, lang),
        // The rules that decided the category and the level; the background rules are under "Rules applied".
        rules: d.rules.iter().chain(&report.risk.rules).copied().filter(|r| !BACKGROUND.contains(r)).collect(),
        tag: Tag::Diagnosis { category: d.category, level: report.risk.level },
        ..Line::default()
    };
    let hip_t = lowest_hip_t(case);
    let second = Line { text: impression::treatment_status(case, report, hip_t, &values, lang), ..Line::default() };
    let mut impression = vec![Block::Paragraph(first)];
    if !second.text.is_empty() {
        impression.push(Block::Paragraph(second));
    }
    // How treatment is going, in this patient's numbers (§7b).
    impression.extend(follow_up::impression_line(report, hip_t, &values, lang).map(Block::Paragraph));
    sections.push(section(SectionKind::Impression, Text::Impression, impression));

    let alerts: Vec<AlertLine> = report
        .alerts
        .iter()
        .map(|a| AlertLine {
            severity: a.severity,
            rule: a.rule,
            label: capitalised(a.severity.label(lang), lang),
            text: values.text(a.rule, lang),
        })
        .collect();
    let alert_blocks = if alerts.is_empty() {
        vec![Block::Paragraph(Line::text(Text::NoAlerts.get(lang).to_string()))]
    } else {
        vec![Block::Alerts(alerts)]
    };
    sections.push(section(SectionKind::Alerts, Text::Alerts, alert_blocks));

    sections.push(section(
        SectionKind::Plan,
        Text::Plan,
        vec![Block::Numbered(plan::plan_lines(report, hip_t, &values, lang))],
    ));

    // Follow-up over time: each compared site and marker (MON-*); none when nothing was compared or measured.
    // The course chart comes first, the lines that say it in words after it.
    let follow_up = follow_up::section_lines(report, hip_t, &values, lang);
    let mut blocks: Vec<Block> =
        chart::chart(case, report, lang).map(|c| Block::Chart(Box::new(c))).into_iter().collect();
    if !follow_up.is_empty() {
        blocks.push(Block::Items(follow_up));
    }
    if !blocks.is_empty() {
        sections.push(section(SectionKind::FollowUp, Text::FollowUp, blocks));
    }
    let options = options::option_lines(report, &values, lang);
    if !options.is_empty() {
        sections.push(section(SectionKind::Options, Text::Options, vec![Block::Items(options)]));
    }
    if let Some(dmab) = &report.denosumab {
        let rows = schedule::schedule_rows(report, dmab, &values, lang);
        sections.push(section(SectionKind::Denosumab, Text::Schedule, vec![Block::Pairs(rows)]));
    }
    let data = data::data_rows(case, report, &values, lang);
    if !data.is_empty() {
        sections.push(section(SectionKind::Data, Text::SheetFindings, vec![Block::Pairs(data)]));
    }
    let rules = report.rules_fired.iter().map(|&id| rule_line(id, &values, lang)).collect();
    sections.push(section(SectionKind::Rules, Text::RulesApplied, vec![Block::Rules(rules)]));
    sections
}

/// A rule with its text (this patient's values filled in) and its source in the reader's language.
pub fn rule_line(id: RuleId, values: &RuleValues, lang: Lang) -> RuleLine {
    let rule = id.rule();
    RuleLine { rule: id, code: rule.code, text: values.text(id, lang), source: source(rule.source, lang) }
}

/// Sources as the rule book writes them; in Chinese, the seed reviews are 综述A/综述B and their tables 表.
pub fn source(source: &str, lang: Lang) -> String {
    match lang {
        Lang::En => source.to_string(),
        Lang::Zh => source
            .replace("Review A", "综述A")
            .replace("Review B", "综述B")
            .replace("Table ", "表")
            .replace("LABEL", "药品说明书")
            .replace(" (EU, US)", "（欧盟、美国）")
            .replace(" (US)", "（美国）")
            .replace(" (EU)", "（欧盟）")
            .replace(" (", "（")
            .replace('(', "（")
            .replace(')', "）")
            .replace("; ", "；"),
    }
}

fn incomplete(problems: &Problems, lang: Lang) -> Section {
    let mut items = vec![];
    for (path, message) in problem_messages(problems, lang) {
        items.push(Line {
            lead: Some(field_label(path, lang)),
            text: message,
            rules: Vec::new(),
            tag: Tag::Problem(path.to_string()),
        });
    }
    Section {
        kind: SectionKind::Incomplete,
        heading: Text::ResultsHeading.get(lang).to_string(),
        blocks: vec![Block::Paragraph(Line::text(Text::Incomplete.get(lang).to_string())), Block::Items(items)],
    }
}

fn patient(case: &Case, lang: Lang) -> Vec<(String, String)> {
    let p = &case.patient;
    let age = p.age_years.map(|a| format!("{a} {}", Text::Years.get(lang)));
    [
        (Text::PatientName, p.name.clone()),
        (Text::PatientIdShort, p.id.clone()),
        (Text::Sex, p.sex.map(|s| s.label(lang).to_string())),
        (Text::Age, age),
        (Text::AssessedOn, case.assessed_on.as_ref().map(|d| d.0.clone())),
    ]
    .into_iter()
    .map(|(label, value)| (label.get(lang).to_string(), value.unwrap_or_else(|| "—".to_string())))
    .collect()
}

/// The calcium the rules read, named as it is: "adjusted calcium 2.06 mmol/L" when albumin is known, else
/// "calcium 2.02 mmol/L"; "—" without one.
fn calcium_value(report: &Report, values: &RuleValues, lang: Lang) -> String {
    let template = if report.risk.adjusted_calcium_mmol_l.is_some() {
        sentences::Sentence::AdjustedCalciumValue
    } else {
        sentences::Sentence::CalciumValue
    };
    fill(template.get(lang), values, &[])
}

/// The lowest hip T-score today (femoral neck, total hip), as the rules read it (FU-BP-REVIEW, MON-HOLIDAY).
fn lowest_hip_t(case: &Case) -> Option<f64> {
    let facts = crate::clinical::validate::validate(case).ok()?;
    crate::clinical::diagnosis::lowest_hip_t(&facts)
}

/// A template filled with `extra` values first, then the report's named values.
fn fill(template: &str, values: &RuleValues, extra: &[(&str, String)]) -> String {
    crate::words::rule_text::fill(template, |name| {
        extra.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).or_else(|| values.get(name))
    })
}

/// "Low bone mass" at the start of a sentence; Chinese has no case.
fn capitalised(text: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return text.to_string();
    }
    let mut chars = text.chars();
    // The labels are English words: their first letter is ASCII.
    chars.next().map_or(String::new(), |first| first.to_ascii_uppercase().to_string() + chars.as_str())
}
