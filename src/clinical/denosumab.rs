//! Section 4: the denosumab schedule, its status on `assessed_on`, the exit plan and monitoring (DMAB-*).

use chrono::NaiveDate;
use serde::Serialize;

use super::case::{Drug, Plan, Regimen};
use super::dates::{add_days, add_months, sub_days, within_months};
use super::facts::{DenosumabFacts, Facts};
use super::risk::RiskLevel;
use super::rules::RuleId::{self, *};
use super::treatment::{contraindications, Status};

/// The osteoporosis window and lateness limits (DMAB-NEXT, DMAB-STATUS; LYU-2020): ±4 weeks, late to 16 weeks.
const WINDOW_DAYS: u64 = 28;
const LATE_LIMIT_DAYS: u64 = 112;
/// The oncology regimen (DMAB-ONC): every 28 days, window ±3 days, late up to 28 days.
const ONC_INTERVAL_DAYS: u64 = 28;
const ONC_WINDOW_DAYS: u64 = 3;
const ONC_LATE_LIMIT_DAYS: u64 = 28;
/// Exit drugs in order of preference (DMAB-EXIT-BLOCKED).
const EXIT_DRUGS: [Drug; 3] = [Drug::ZoledronicAcid, Drug::Alendronate, Drug::Risedronate];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DmabStatus {
    NotStarted,
    NotDue,
    Due,
    Late,
    Overdue,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExitPlan {
    pub transition_on: NaiveDate,
    pub drug: Option<Drug>,
    pub alternatives: Vec<Drug>,
    pub ctx_checks: Vec<NaiveDate>,
    pub rules: Vec<RuleId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DenosumabReport {
    pub regimen: Regimen,
    pub injections_count: usize,
    pub first_injection: Option<NaiveDate>,
    pub last_injection: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub window: Option<[NaiveDate; 2]>,
    pub status: DmabStatus,
    pub days_late: i64,
    pub exit_plan: Option<ExitPlan>,
    pub rules: Vec<RuleId>,
}

/// The schedule after the last injection: (next_due, window, late limit).
pub fn schedule(regimen: Regimen, last: NaiveDate) -> (NaiveDate, [NaiveDate; 2], NaiveDate) {
    let (next_due, window_days, late_days) = match regimen {
        Regimen::Osteoporosis60mgQ6m => (add_months(last, 6), WINDOW_DAYS, LATE_LIMIT_DAYS),
        Regimen::Oncology120mgQ4w => (add_days(last, ONC_INTERVAL_DAYS), ONC_WINDOW_DAYS, ONC_LATE_LIMIT_DAYS),
    };
    let window = [sub_days(next_due, window_days), add_days(next_due, window_days)];
    (next_due, window, add_days(next_due, late_days))
}

/// DMAB-STATUS on `today`: both window ends inclusive; late up to and including the late limit.
pub fn status_on(today: NaiveDate, window: [NaiveDate; 2], late_limit: NaiveDate) -> DmabStatus {
    if today < window[0] {
        DmabStatus::NotDue
    } else if today <= window[1] {
        DmabStatus::Due
    } else if today <= late_limit {
        DmabStatus::Late
    } else {
        DmabStatus::Overdue
    }
}

/// DMAB-EXIT-*: the exit drug and the CTX checks when stopping.
fn exit_plan(facts: &Facts, block: &DenosumabFacts, last: NaiveDate, level: RiskLevel) -> ExitPlan {
    let transition_on = add_months(last, 6);
    let mut rules = vec![DmabStopPlan];
    let mut usable = Vec::new();
    let mut reasons = Vec::new();
    for drug in EXIT_DRUGS {
        let avoid: Vec<RuleId> =
            contraindications(facts, drug).into_iter().filter(|(_, s)| *s == Status::Avoid).map(|(r, _)| r).collect();
        if avoid.is_empty() {
            usable.push(drug);
        }
        reasons.extend(avoid);
    }
    let long = block.injections.len() >= 6 || level == RiskLevel::VeryHigh;
    let (drug, ctx_checks) = match usable.first() {
        None => {
            rules.push(DmabExitBlocked);
            (None, Vec::new())
        }
        Some(&drug) if long => {
            rules.push(DmabExitLong);
            (Some(drug), vec![add_months(transition_on, 3), add_months(transition_on, 6)])
        }
        Some(&drug) => {
            rules.push(DmabExitShort);
            (Some(drug), Vec::new())
        }
    };
    // Only the CI rules that changed the exit are reported here (they explain a skipped or blocked drug).
    for rule in reasons {
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    let alternatives = usable.into_iter().filter(|d| Some(*d) != drug).collect();
    ExitPlan { transition_on, drug, alternatives, ctx_checks, rules }
}

pub fn denosumab(facts: &Facts, level: RiskLevel) -> Option<DenosumabReport> {
    let block = facts.denosumab.as_ref()?;
    let osteoporosis = block.regimen == Regimen::Osteoporosis60mgQ6m;
    let mut rules = Vec::new();
    let (first, last) = (block.injections.first().copied(), block.injections.last().copied());

    let (next_due, window, status) = match last {
        None => (None, None, DmabStatus::NotStarted),
        Some(last) => {
            let (next_due, window, late_limit) = schedule(block.regimen, last);
            rules.push(DmabNext);
            (Some(next_due), Some(window), status_on(facts.assessed_on, window, late_limit))
        }
    };
    rules.push(DmabStatus);
    if !osteoporosis {
        rules.push(DmabOnc);
    }
    if matches!(status, DmabStatus::Late | DmabStatus::Overdue) {
        rules.push(DmabMissed);
    }
    if status == DmabStatus::Overdue && osteoporosis {
        rules.push(DmabRebound);
    }
    if osteoporosis && block.injections.len() >= 10 {
        rules.push(DmabReview);
    }
    if facts.kidney_ml_min.is_some_and(|k| k < 60.0) {
        rules.push(DmabCkd);
    }
    rules.extend([DmabCaCheck, DmabSafety]);
    let fracture_on_or_near = facts.fractures.iter().any(|f| {
        first.is_some_and(|first| f.date.is_some_and(|d| d > first)) || within_months(f.date, facts.assessed_on, 24)
    });
    if first.is_some() && fracture_on_or_near {
        rules.push(DmabFxHealing);
    }

    let exit_plan = match (block.plan, last) {
        (Plan::Stop, Some(last)) if osteoporosis => Some(exit_plan(facts, block, last, level)),
        _ => None,
    };
    let days_late = next_due.map_or(0, |due| (facts.assessed_on - due).num_days().max(0));
    Some(DenosumabReport {
        regimen: block.regimen,
        injections_count: block.injections.len(),
        first_injection: first,
        last_injection: last,
        next_due,
        window,
        status,
        days_late,
        exit_plan,
        rules,
    })
}

/// DMAB-CKD's alert severity: danger below 30 mL/min or on dialysis, warning at 30–59.
pub fn ckd_is_severe(facts: &Facts) -> bool {
    facts.kidney_ml_min.is_some_and(|k| k < 30.0)
}
