//! The denosumab schedule as label and value rows: the regimen, the status in words, the injections, and either
//! the next dose and its window or, when stopping, the exit timing (never "injection due" for a stopping patient).

use super::fill;
use super::model::{DateKind, Mark, Pair};
use super::sentences::Sentence::*;
use crate::clinical::denosumab::DenosumabReport;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;
use crate::wording::dmab_status;

pub fn schedule_rows(d: &DenosumabReport, values: &RuleValues, lang: Lang) -> Vec<Pair> {
    let pair = |label: Text, value: String, date: Option<DateKind>, strong: bool| Pair {
        label: label.get(lang).to_string(),
        value,
        strong,
        mark: date.map_or(Mark::None, Mark::Date),
    };
    let mut rows = vec![pair(Text::RegimenField, d.regimen.label(lang).to_string(), None, false)];
    let status = dmab_status(d, lang).to_string();
    let status = if d.days_late > 0 { fill(DaysLateValue.get(lang), values, &[("status", status)]) } else { status };
    rows.push(Pair { mark: Mark::Status(d.status), ..pair(Text::Status, status, None, true) });
    if let Some(last) = d.last_injection {
        let text = fill(
            InjectionsValue.get(lang),
            values,
            &[("count", d.injections_count.to_string()), ("last", last.to_string())],
        );
        rows.push(pair(Text::LastInjection, text, Some(DateKind::Last), false));
    }
    let stopping = d.exit_plan.as_ref().is_some_and(|e| e.drug.is_some());
    // The due date and window time the exit when stopping; they keep their place but say so.
    if let Some(next) = d.next_due {
        // A date already missed is history, not something to do: today's catch-up row says what to do.
        let label = match (stopping, d.days_late > 0) {
            (_, true) => Text::WasDue,
            (true, false) => Text::ExitDue,
            (false, false) => Text::NextDue,
        };
        rows.push(pair(label, next.to_string(), Some(DateKind::NextDue), !stopping && d.days_late == 0));
    }
    if let Some([open, close]) = d.window {
        rows.push(pair(Text::Window, format!("{open} – {close}"), Some(DateKind::Window), false));
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
        if !exit.ctx_checks.is_empty() {
            let dates: Vec<String> = exit.ctx_checks.iter().map(|c| c.to_string()).collect();
            rows.push(pair(Text::CtxChecks, dates.join(lang.list_separator()), Some(DateKind::Ctx), false));
        }
        if !exit.alternatives.is_empty() {
            let names: Vec<&str> = exit.alternatives.iter().map(|a| a.label(lang)).collect();
            rows.push(pair(Text::Alternatives, names.join(lang.list_separator()), None, false));
        }
    }
    rows
}
