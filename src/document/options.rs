//! Drug options, condensed: the drugs sharing a mark and reason on one line with one short reason (the value behind
//! a caution or an avoid: "kidney function CrCl 15 mL/min"); second-line drugs in one line.

use super::model::{Line, Tag};
use super::reasons::option_reason;
use super::sentences::Sentence::SecondLineLine;
use super::{capitalised, fill};
use crate::clinical::case::Drug;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::clinical::treatment::Status;
use crate::i18n::Lang;
use crate::rule_text::RuleValues;

const ORDER: [Status; 4] = [Status::Preferred, Status::Alternative, Status::Caution, Status::Avoid];

pub fn option_lines(report: &Report, values: &RuleValues, lang: Lang) -> Vec<Line> {
    let options = &report.treatment.options;
    let mut lines = Vec::new();
    for status in ORDER {
        // Drugs with the same mark and the same reason share a line.
        let mut groups: Vec<(Vec<Drug>, Vec<RuleId>, String)> = Vec::new();
        for o in options.iter().filter(|o| o.status == status) {
            let reason = option_reason(o, values, lang);
            match groups.iter_mut().find(|(_, _, r)| *r == reason) {
                Some((drugs, rules, _)) => {
                    drugs.push(o.drug);
                    rules.extend(o.rules.iter().filter(|r| !rules.contains(r)).copied().collect::<Vec<_>>());
                }
                None => groups.push((vec![o.drug], o.rules.clone(), reason)),
            }
        }
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
    let second: Vec<&crate::clinical::treatment::DrugOption> =
        options.iter().filter(|o| o.status == Status::SecondLine).collect();
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
