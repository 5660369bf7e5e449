//! The status buckets and the list's order: most urgent first.

use chrono::NaiveDate;
use serde::Serialize;

use crate::clinical::denosumab::DmabStatus;
use crate::clinical::report::Report;
use crate::clinical::rules::{RuleId, Severity};
use crate::words::lang::Lang;

/// Where a patient stands, most urgent first (the derive order is the list's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Stopping denosumab and the exit window has passed: restart now (DMAB-EXIT-RESTART).
    ExitRestart,
    /// More than 16 weeks after the window: rebound risk (LYU-2020).
    Overdue,
    /// After the window, within 16 weeks.
    Late,
    /// A danger alert, e.g. DMAB-CKD with a dose coming.
    Danger,
    /// Stopping denosumab: the exit drug is due within the horizon.
    ExitDue,
    /// A denosumab dose due within the horizon (N weeks).
    DueSoon,
    /// Everything else: not yet due, no denosumab.
    Rest,
}

impl Bucket {
    pub const ALL: [Bucket; 7] = [
        Bucket::ExitRestart,
        Bucket::Overdue,
        Bucket::Late,
        Bucket::Danger,
        Bucket::ExitDue,
        Bucket::DueSoon,
        Bucket::Rest,
    ];

    /// The machine name, as in the CSV output (`exit_restart`).
    pub fn key(self) -> &'static str {
        match self {
            Bucket::ExitRestart => "exit_restart",
            Bucket::Overdue => "overdue",
            Bucket::Late => "late",
            Bucket::Danger => "danger",
            Bucket::ExitDue => "exit_due",
            Bucket::DueSoon => "due_soon",
            Bucket::Rest => "rest",
        }
    }

    pub fn from_key(key: &str) -> Option<Bucket> {
        Bucket::ALL.into_iter().find(|b| b.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(match self {
            Bucket::ExitRestart => ("exit window passed", "序贯窗口已过"),
            Bucket::Overdue => ("overdue", "严重逾期"),
            Bucket::Late => ("late", "延迟"),
            Bucket::Danger => ("danger alert", "危险警示"),
            Bucket::ExitDue => ("exit drug due", "序贯用药到期"),
            Bucket::DueSoon => ("due soon", "即将到期"),
            Bucket::Rest => ("not due", "未到期"),
        })
    }
}

/// The bucket of one report, with today's horizon (today + N weeks, inclusive).
pub fn classify(report: &Report, horizon: NaiveDate) -> Bucket {
    let fired = |rule: RuleId| report.rules_fired.contains(&rule);
    let dmab = report.denosumab.as_ref();
    let status = dmab.map(|d| d.status);
    if fired(RuleId::DmabExitRestart) {
        return Bucket::ExitRestart;
    }
    match status {
        Some(DmabStatus::Overdue) => return Bucket::Overdue,
        Some(DmabStatus::Late) => return Bucket::Late,
        _ => {}
    }
    // v3: an exit that is not holding, or a treatment failure, needs action as soon as a danger alert does.
    let follow_up_danger = report.monitoring.exit_not_holding() || report.monitoring.failure.is_some();
    if follow_up_danger || report.alerts.iter().any(|a| a.severity == Severity::Danger) {
        return Bucket::Danger;
    }
    if exit_due_on(report).is_some_and(|on| on <= horizon) {
        return Bucket::ExitDue;
    }
    if status == Some(DmabStatus::Due) || dose_due_on(report).is_some_and(|on| on <= horizon) {
        return Bucket::DueSoon;
    }
    Bucket::Rest
}

/// The day the exit drug is to be given, when it is still to give.
pub fn exit_due_on(report: &Report) -> Option<NaiveDate> {
    let exit = report.denosumab.as_ref()?.exit_plan.as_ref()?;
    exit.given_on.is_none().then_some(exit.give_on).flatten()
}

/// The day the next denosumab dose is due, when denosumab goes on (the catch-up's date when there is one).
pub fn dose_due_on(report: &Report) -> Option<NaiveDate> {
    let d = report.denosumab.as_ref()?;
    if !d.continues() {
        return None;
    }
    d.catch_up.as_ref().map(|c| c.give_on).or(d.next_due)
}

/// The sort key within the list: the bucket, then the bucket's own order. Late patients: most days late first;
/// the others by the date that put them in their bucket (none last). Ties keep the input order (stable sort).
pub fn sort_key(
    bucket: Bucket,
    report: &Report,
    days_late: i64,
    next_date: Option<NaiveDate>,
) -> (Bucket, i64, NaiveDate) {
    let last = NaiveDate::MAX;
    let date = match bucket {
        Bucket::ExitRestart | Bucket::Overdue | Bucket::Late => return (bucket, -days_late, next_date.unwrap_or(last)),
        Bucket::ExitDue => exit_due_on(report),
        Bucket::DueSoon => dose_due_on(report),
        Bucket::Danger | Bucket::Rest => next_date,
    };
    (bucket, 0, date.or(next_date).unwrap_or(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report of a public vignette's case.
    fn vignette(text: &str) -> Report {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let case: crate::clinical::case::Case = serde_json::from_value(v["case"].clone()).unwrap();
        crate::clinical::evaluate(&case).unwrap()
    }

    #[test]
    fn a_failing_treatment_or_an_exit_not_holding_sorts_with_the_danger_bucket() {
        let failure = vignette(include_str!("../../tests/vignettes/p29-followup-alendronate-failure-switch.json"));
        let not_holding =
            vignette(include_str!("../../tests/vignettes/p31-exit-ctx-above-repeat-zoledronic-acid.json"));
        let holding = vignette(include_str!("../../tests/vignettes/p32-exit-holding-ctx-below-reference.json"));
        for report in [&failure, &not_holding] {
            assert!(report.alerts.iter().all(|a| a.severity < Severity::Danger), "no danger alert of its own");
            assert_eq!(classify(report, report.assessed_on), Bucket::Danger);
        }
        assert_ne!(classify(&holding, holding.assessed_on), Bucket::Danger);
    }
}
