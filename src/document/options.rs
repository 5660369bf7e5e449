//! Drug options, condensed: the drugs sharing a mark and reason on one line with one short reason (the value behind
//! a caution or an avoid: "kidney function CrCl 15 mL/min"); second-line drugs in one line.

use super::model::{Line, Tag};
use super::reasons::option_reason;
use super::sentences::Sentence::{
    PendingCalcium, PendingCalciumAndKidney, PendingKidney, PendingStatus, SecondLineLine,
};
use super::{capitalised, fill};
use crate::clinical::case::Drug;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::clinical::treatment::{is_pending, DrugOption, Status};
use crate::words::i18n::Lang;
use crate::words::rule_text::RuleValues;

const ORDER: [Status; 4] = [Status::Preferred, Status::Alternative, Status::Caution, Status::Avoid];

pub fn option_lines(report: &Report, values: &RuleValues, lang: Lang) -> Vec<Line> {
    let options = &report.treatment.options;
    let mut lines = Vec::new();
    for status in ORDER {
        // An option held only by a pending mark (reading 27) reads with the status it has once the mark is resolved,
        // and the condition: "Preferred once calcium is corrected (adjusted calcium 2.06 mmol/L)".
        let pending_groups = pending_lines(report, status, values, lang);
        // Drugs with the same mark and the same reason share a line.
        let mut groups: Vec<(Vec<Drug>, Vec<RuleId>, String)> = Vec::new();
        for o in options.iter().filter(|o| o.status == status && o.after_pending.is_none()) {
            let reason = option_reason(o, values, lang);
            match groups.iter_mut().find(|(_, _, r)| *r == reason) {
                Some((drugs, rules, _)) => {
                    drugs.push(o.drug);
                    rules.extend(o.rules.iter().filter(|r| !rules.contains(r)).copied().collect::<Vec<_>>());
                }
                None => groups.push((vec![o.drug], o.rules.clone(), reason)),
            }
        }
        lines.extend(pending_groups);
        for (drugs, rules, reason) in groups {
            let names: Vec<&str> = drugs.iter().map(|d| d.label(lang)).collect();
            let text = if reason.is_empty() {
                names.join(lang.list_separator())
            } else {
                format!("{} — {reason}", names.join(lang.list_separator()))
            };
            lines.push(Line {
                lead: Some(format!("{} {}", status.icon(), capitalised(status.label(lang), lang))),
                text,
                rules,
                tag: Tag::Options { status, drugs },
            });
        }
    }
    let second: Vec<&crate::clinical::treatment::DrugOption> = options
        .iter()
        .filter(|o| o.status == Status::SecondLine || o.after_pending == Some(Status::SecondLine))
        .collect();
    if !second.is_empty() {
        let names: Vec<&str> = second.iter().map(|o| o.drug.label(lang)).collect();
        let mut rules: Vec<RuleId> = second.iter().flat_map(|o| o.rules.iter().copied()).collect();
        crate::clinical::sorting::sort(&mut rules);
        rules.dedup();
        let text = fill(SecondLineLine.get(lang), values, &[("drugs", names.join(lang.list_separator()))]);
        lines.push(Line {
            lead: None,
            text: format!("{} {text}", Status::SecondLine.icon()),
            rules,
            tag: Tag::Options { status: Status::SecondLine, drugs: second.iter().map(|o| o.drug).collect() },
        });
    }
    lines
}

/// The options whose `avoid` or `caution` comes only from pending marks and that will be `status` once resolved:
/// one line per shared reason, led by the status and its condition.
fn pending_lines(report: &Report, status: Status, values: &RuleValues, lang: Lang) -> Vec<Line> {
    type Condition = (String, Option<String>);
    let mut groups: Vec<(Vec<Drug>, Vec<RuleId>, String, Condition, Status)> = Vec::new();
    for o in report.treatment.options.iter().filter(|o| o.after_pending == Some(status) && status != Status::SecondLine)
    {
        let pending: Vec<RuleId> = o.rules.iter().copied().filter(|&r| is_pending(r)).collect();
        let resolved =
            DrugOption { status, rules: o.rules.iter().copied().filter(|&r| !is_pending(r)).collect(), ..o.clone() };
        let reason = option_reason(&resolved, values, lang);
        let condition = pending_condition(report, &pending, values, lang);
        match groups.iter_mut().find(|(_, _, r, c, now)| *r == reason && *c == condition && *now == o.status) {
            Some((drugs, rules, _, _, _)) => {
                drugs.push(o.drug);
                rules.extend(o.rules.iter().filter(|r| !rules.contains(r)).copied().collect::<Vec<_>>());
            }
            None => groups.push((vec![o.drug], o.rules.clone(), reason, condition, o.status)),
        }
    }
    groups
        .into_iter()
        .map(|(drugs, rules, reason, condition, now)| {
            let names: Vec<&str> = drugs.iter().map(|d| d.label(lang)).collect();
            let text = if reason.is_empty() {
                names.join(lang.list_separator())
            } else {
                format!("{} — {reason}", names.join(lang.list_separator()))
            };
            let label = capitalised(status.label(lang), lang);
            let (condition, value) = condition;
            let mut lead = fill(PendingStatus.get(lang), values, &[("status", label), ("condition", condition)]);
            if let Some(value) = value {
                lead = lang.parenthesised(&lead, &value);
            }
            // The mark the engine gave (avoid or caution, until resolved) stays the line's mark for renderers.
            Line {
                lead: Some(format!("{} {lead}", status.icon())),
                text,
                rules,
                tag: Tag::Options { status: now, drugs },
            }
        })
        .collect()
}

/// What the pending marks wait for, with the value: "calcium is corrected (adjusted calcium 2.06 mmol/L)",
/// "kidney function is known", or both; in Chinese "血钙纠正后（校正血钙2.06 mmol/L）".
pub fn pending_condition(
    report: &Report,
    pending: &[RuleId],
    values: &RuleValues,
    lang: Lang,
) -> (String, Option<String>) {
    let calcium = pending.contains(&RuleId::CiHypoca);
    let kidney = pending.contains(&RuleId::CiRenalUnknown);
    let template = match (calcium, kidney) {
        (true, true) => PendingCalciumAndKidney,
        (true, false) => PendingCalcium,
        _ => PendingKidney,
    };
    (template.get(lang).to_string(), calcium.then(|| super::calcium_value(report, values, lang)))
}
