//! The denosumab schedule as label and value rows: the regimen, the status in words, the injections, and either
//! the next dose and its window or, when stopping, the exit timing (never "injection due" for a stopping patient).

use super::fill;
use super::model::{DateKind, Mark, Pair};
use super::sentences::Sentence::*;
use crate::clinical::denosumab::DenosumabReport;
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::plan::Action;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::words::i18n::{Lang, Text};
use crate::words::rule_text::RuleValues;

pub fn schedule_rows(report: &Report, d: &DenosumabReport, values: &RuleValues, lang: Lang) -> Vec<Pair> {
    let today = report.assessed_on;
    // The window has passed only when the status says so (late or overdue): a patient stopping inside the window,
    // days after the due date, still has it open.
    let passed = matches!(d.status, DmabStatus::Late | DmabStatus::Overdue);
    // A course known from the drug history alone has no dose count (DMAB-HISTORY-STOP reads it as one dose).
    let counted = !report.rules_fired.contains(&RuleId::DmabHistoryStop);
    let pair = |label: Text, value: String, date: Option<DateKind>, strong: bool| Pair {
        label: label.get(lang).to_string(),
        value,
        strong,
        mark: date.map_or(Mark::None, Mark::Date),
    };
    let mut rows = vec![pair(Text::RegimenField, d.regimen.label(lang).to_string(), None, false)];
    let status = dmab_status(d, lang).to_string();
    let status = if d.days_late > 0 {
        let days_phrase = days_late_phrase(d.status, d.days_late, lang);
        fill(DaysLateValue.get(lang), values, &[("status", status), ("days_phrase", days_phrase)])
    } else {
        status
    };
    rows.push(Pair { mark: Mark::Status(d.status), ..pair(Text::Status, status, None, true) });
    if let Some(last) = d.last_injection {
        let text = if counted {
            fill(
                InjectionsValue.get(lang),
                values,
                &[("count", d.injections_count.to_string()), ("last", last.to_string())],
            )
        } else {
            last.to_string()
        };
        rows.push(pair(Text::LastInjection, text, Some(DateKind::Last), false));
    }
    let stopping = d.exit_plan.as_ref().is_some_and(|e| e.drug.is_some());
    // The due date and window time the exit when stopping; they keep their place but say so.
    if let Some(next) = d.next_due {
        // A date already missed is history, not something to do: today's catch-up row says what to do.
        let label = match (stopping, passed) {
            (_, true) => Text::WasDue,
            (true, false) => Text::ExitDue,
            (false, false) => Text::NextDue,
        };
        rows.push(pair(label, next.to_string(), Some(DateKind::NextDue), !stopping && !passed));
    }
    if let Some([open, close]) = d.window {
        // The window of a missed dose, or of the exit when stopping, says so.
        let label = match (passed, stopping) {
            (true, _) => Text::MissedWindow,
            (false, true) => Text::ExitWindow,
            (false, false) => Text::Window,
        };
        rows.push(pair(label, format!("{open} – {close}"), Some(DateKind::Window), false));
    }
    if let Some(c) = &d.catch_up {
        let [open, close] = c.window;
        let text = fill(
            CatchUpValue.get(lang),
            values,
            &[
                ("today", c.give_on.to_string()),
                ("next_due", c.next_due.to_string()),
                ("open", open.to_string()),
                ("close", close.to_string()),
            ],
        );
        rows.push(pair(Text::CatchUp, text, None, true));
    }
    if let Some(exit) = &d.exit_plan {
        let drug = exit.drug.map_or(NoExitDrugValue.get(lang), |drug| drug.label(lang)).to_string();
        rows.push(Pair { mark: Mark::ExitDrug(exit.drug), ..pair(Text::ExitDrug, drug, None, true) });
        // Without an exit drug there is no transition: the advice is to keep injecting.
        if exit.drug.is_some() {
            rows.push(pair(Text::Transition, exit.transition_on.to_string(), Some(DateKind::Transition), false));
            if let (Some(on), Some(by), None) = (exit.give_on, exit.give_by, exit.given_on) {
                let text =
                    fill(ExitDateValue.get(lang), values, &[("give_on", on.to_string()), ("give_by", by.to_string())]);
                rows.push(pair(Text::ExitGiveOn, text, None, true));
            }
            if let Some(given) = exit.given_on {
                rows.push(pair(Text::ExitGivenOn, given.to_string(), None, false));
            }
        }
        // The CTX checks still ahead; after a repeat infusion its own dates replace the exit's (reading 49).
        let repeat = report.plan.iter().find(|i| {
            i.action == Action::CheckBtm
                && (i.rules.contains(&RuleId::MonExitCtx) || i.rules.contains(&RuleId::MonExitBmd))
        });
        let ahead: Vec<_> = match repeat {
            Some(item) => item.dates.clone(),
            None => exit.ctx_checks.iter().copied().filter(|&c| c >= today).collect(),
        };
        if !ahead.is_empty() {
            let dates: Vec<String> = ahead.iter().map(|c| c.to_string()).collect();
            rows.push(pair(Text::CtxChecks, dates.join(lang.list_separator()), Some(DateKind::Ctx), false));
        }
        if !exit.alternatives.is_empty() {
            let names: Vec<&str> = exit.alternatives.iter().map(|a| a.label(lang)).collect();
            rows.push(pair(Text::Alternatives, names.join(lang.list_separator()), None, false));
        }
    }
    rows
}

/// The denosumab status in words. When stopping with an exit drug the status times the exit, not an injection
/// (DMAB-STATUS v2): "exit drug due", never "injection due".
/// "68 days late" / "已延迟68天". Chinese keeps the glossary's two words apart: 延迟 for late, 逾期 for overdue.
pub fn days_late_phrase(status: DmabStatus, days: i64, lang: Lang) -> String {
    match (status, lang) {
        (DmabStatus::Overdue, Lang::Zh) => format!("已逾期{days}天"),
        _ => lang.days_late(days),
    }
}

pub fn dmab_status(d: &DenosumabReport, lang: Lang) -> &'static str {
    let exit_pending = d.exit_plan.as_ref().is_some_and(|e| e.drug.is_some() && e.given_on.is_none() && !e.restarted);
    match (exit_pending, d.status, lang) {
        (true, DmabStatus::NotDue, Lang::En) => "exit drug not yet due",
        (true, DmabStatus::NotDue, Lang::Zh) => "未到序贯用药时间",
        (true, DmabStatus::Due, Lang::En) => "exit drug due",
        (true, DmabStatus::Due, Lang::Zh) => "序贯用药到期",
        (_, status, _) => status.label(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::parse::parse_case;

    fn report(case: &str) -> crate::clinical::report::Report {
        crate::clinical::evaluate(&parse_case(case).unwrap().case).unwrap()
    }

    #[test]
    fn a_stopping_patient_reads_exit_drug_due_never_injection_due() {
        let case = |plan: &str| {
            format!(
                r#"{{"format":"osteoplan-case/2","assessed_on":"2026-11-22","patient":{{"sex":"female","age_years":68,"menopause":"postmenopausal"}},"dxa":[{{"site":"femoral_neck","t_score":-2.7}}],"labs":{{"egfr_ml_min":70}},"denosumab":{{"injections":["2025-12-01","2026-06-01"],"plan":"{plan}"}}}}"#
            )
        };
        let stopping = report(&case("stop"));
        let d = stopping.denosumab.as_ref().unwrap();
        assert_eq!(d.status, DmabStatus::Due);
        assert_eq!(dmab_status(d, Lang::En), "exit drug due");
        assert_eq!(dmab_status(d, Lang::Zh), "序贯用药到期");
        let continuing = report(&case("continue"));
        assert_eq!(dmab_status(continuing.denosumab.as_ref().unwrap(), Lang::En), DmabStatus::Due.label(Lang::En));
    }
}
