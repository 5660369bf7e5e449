//! §6: the denosumab schedule, its status on `assessed_on`, the catch-up dose and the exit plan (DMAB-*).

use chrono::NaiveDate;
use serde::Serialize;

use super::case::{Drug, Plan, Regimen};
use super::dates::{add_days, add_months, sub_days, within_months};
use super::facts::Facts;
use super::journey::DmabCourse;
use super::risk::RiskLevel;
use super::rules::RuleId::{self, *};
use super::treatment::{contraindicated, contraindications, is_pending, Status, EXIT_DRUGS};

/// The osteoporosis window and lateness limits (DMAB-NEXT, DMAB-STATUS; LYU-2020): ±4 weeks, late to 16 weeks.
pub const WINDOW_DAYS: u64 = 28;
const LATE_LIMIT_DAYS: u64 = 112;
/// The oncology regimen (DMAB-ONC): every 28 days, window ±3 days, late up to 28 days.
const ONC_INTERVAL_DAYS: u64 = 28;
const ONC_WINDOW_DAYS: u64 = 3;
const ONC_LATE_LIMIT_DAYS: u64 = 28;
/// DMAB-EXIT-SHORT: at most this many injections (≈ 2.5 years).
const SHORT_COURSE_MAX_INJECTIONS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DmabStatus {
    NotStarted,
    NotDue,
    Due,
    Late,
    Overdue,
    /// Stopping, and the exit drug is recorded (DMAB-EXIT-GIVEN).
    ExitGiven,
}

/// Where the CTX dates count from (DMAB-CTX-DATES).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CtxFrom {
    Given,
    Planned,
    Today,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExitPlan {
    #[serde(serialize_with = "super::iso_date::one")]
    pub transition_on: NaiveDate,
    pub drug: Option<Drug>,
    pub alternatives: Vec<Drug>,
    #[serde(serialize_with = "super::iso_date::list")]
    pub ctx_checks: Vec<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub give_on: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub give_by: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub given_on: Option<NaiveDate>,
    pub ctx_from: Option<CtxFrom>,
    pub restarted: bool,
    pub rules: Vec<RuleId>,
}

/// DMAB-CATCH-UP: today's dose and the schedule counted from it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatchUp {
    #[serde(serialize_with = "super::iso_date::one")]
    pub give_on: NaiveDate,
    #[serde(serialize_with = "super::iso_date::one")]
    pub next_due: NaiveDate,
    #[serde(serialize_with = "super::iso_date::pair")]
    pub window: [NaiveDate; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DenosumabReport {
    pub regimen: Regimen,
    pub injections_count: usize,
    #[serde(serialize_with = "super::iso_date::option")]
    pub first_injection: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub last_injection: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub next_due: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option_pair")]
    pub window: Option<[NaiveDate; 2]>,
    pub status: DmabStatus,
    pub days_late: i64,
    pub catch_up: Option<CatchUp>,
    pub exit_plan: Option<ExitPlan>,
    pub rules: Vec<RuleId>,
}

impl DenosumabReport {
    /// Denosumab goes on: continuing, or stopping with no safe exit drug (DMAB-EXIT-BLOCKED).
    pub fn continues(&self) -> bool {
        match &self.exit_plan {
            None => true,
            Some(exit) => exit.drug.is_none() && exit.given_on.is_none(),
        }
    }
}

/// The schedule after a dose on `last`: (next_due, window, late limit).
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

/// What the exit plan needs to know besides the course.
pub struct ExitInputs {
    pub level: RiskLevel,
    pub fragility_fracture: bool,
    pub stage: super::journey::Stage,
}

/// The exit drug: the given one, else the first exit drug no CI rule avoids (DMAB-EXIT-BLOCKED).
pub fn exit_drug(facts: &Facts, course: &DmabCourse) -> Option<Drug> {
    course.exit_given.map(|g| g.drug).or_else(|| usable_exit_drugs(facts).first().copied())
}

/// The exit drugs no CI rule rules out; a pending mark (low calcium, reading 1) is corrected first, not a block.
fn usable_exit_drugs(facts: &Facts) -> Vec<Drug> {
    EXIT_DRUGS.into_iter().filter(|&d| !contraindicated(facts, d)).collect()
}

/// Injections the course counts: recorded ones; a stopped `history` period counts a dose every 6 months.
fn injections_counted(course: &DmabCourse) -> usize {
    let from_period = course.stopped_period.as_ref().map_or(0, |p| {
        let end = p.end.unwrap_or(p.start);
        let mut n = 1;
        while add_months(p.start, 6 * n as u32) <= end {
            n += 1;
        }
        n
    });
    course.injections.len().max(from_period)
}

/// DMAB-EXIT-SHORT: a short course at low risk with a hip T-score today above −2.5 (and before treatment).
fn short_course(facts: &Facts, course: &DmabCourse, inputs: &ExitInputs) -> bool {
    let hip_today = super::diagnosis::lowest_hip_t(facts);
    let lowest_hip = match (hip_today, facts.pre_treatment_t_score) {
        (Some(h), Some(pre)) => Some(h.min(pre)),
        (h, _) => h,
    };
    injections_counted(course) <= SHORT_COURSE_MAX_INJECTIONS
        && inputs.level != RiskLevel::VeryHigh
        && !inputs.fragility_fracture
        && lowest_hip.is_some_and(|t| t > -2.5)
}

fn exit_plan(facts: &Facts, course: &DmabCourse, last: NaiveDate, status: DmabStatus, inputs: &ExitInputs) -> ExitPlan {
    let today = facts.assessed_on;
    let mut rules = vec![DmabStopPlan];
    let usable = usable_exit_drugs(facts);
    let given = course.exit_given;
    let drug = given.map(|g| g.drug).or(usable.first().copied());
    let restarted = given.is_none() && drug.is_some() && matches!(status, DmabStatus::Late | DmabStatus::Overdue);
    let transition_on = if restarted { add_months(today, 6) } else { add_months(last, 6) };
    let short = !restarted && short_course(facts, course, inputs);
    match drug {
        None => rules.push(DmabExitBlocked),
        Some(_) if short => rules.push(DmabExitShort),
        Some(_) => rules.push(DmabExitLong),
    }
    let (give_on, give_by) = match (drug, given) {
        (Some(_), None) if restarted => (Some(transition_on), Some(add_days(transition_on, WINDOW_DAYS))),
        (Some(_), None) => (Some(transition_on.max(today)), Some(add_days(transition_on, WINDOW_DAYS))),
        _ => (None, None),
    };
    if given.is_some() {
        rules.push(DmabExitGiven);
    } else if drug.is_some() {
        rules.push(if restarted { DmabExitRestart } else { DmabExitTiming });
        rules.push(DmabExitFallback);
    }
    let exit_date = given.map(|g| g.on).or(give_on);
    let ctx_from = match (given, give_on) {
        _ if drug.is_none() || short => None,
        (Some(_), _) => Some(CtxFrom::Given),
        (None, Some(on)) if on == today && !restarted => Some(CtxFrom::Today),
        _ => Some(CtxFrom::Planned),
    };
    let ctx_checks = match (ctx_from, exit_date) {
        (Some(_), Some(from)) => {
            rules.push(DmabCtxDates);
            vec![add_months(from, 3), add_months(from, 6)]
        }
        _ => Vec::new(),
    };
    // Only the CI rules that changed the exit are reported here (they explain a skipped or blocked drug).
    if given.is_none() {
        for d in EXIT_DRUGS {
            for (rule, s) in contraindications(facts, d) {
                if s == Status::Avoid && !is_pending(rule) && !rules.contains(&rule) {
                    rules.push(rule);
                }
            }
        }
    }
    let alternatives = usable.into_iter().filter(|d| Some(*d) != drug).collect();
    ExitPlan {
        transition_on,
        drug,
        alternatives,
        ctx_checks,
        give_on,
        give_by,
        given_on: given.map(|g| g.on),
        ctx_from,
        restarted,
        rules,
    }
}

/// The denosumab section: present with a denosumab block, or a stopped `history` period (DMAB-HISTORY-STOP).
pub fn denosumab(facts: &Facts, course: Option<&DmabCourse>, inputs: &ExitInputs) -> Option<DenosumabReport> {
    let course = course.filter(|c| facts.denosumab.is_some() || c.stopped_period.is_some())?;
    let osteoporosis = course.is_osteoporosis();
    let mut rules = Vec::new();
    if course.stopped_period.is_some() {
        rules.push(DmabHistoryStop);
    }
    let (first, last) = (course.first(), course.last());
    let (mut next_due, mut window, mut status) = match last {
        None => (None, None, DmabStatus::NotStarted),
        Some(last) => {
            let (next_due, window, late_limit) = schedule(course.regimen, last);
            rules.push(DmabNext);
            (Some(next_due), Some(window), status_on(facts.assessed_on, window, late_limit))
        }
    };
    let days_late = next_due.map_or(0, |due| (facts.assessed_on - due).num_days().max(0));
    rules.push(DmabStatus);
    if !osteoporosis {
        rules.push(DmabOnc);
    }
    // Reading 52: once the rebound window has closed, the schedule is reported but nothing is done from it.
    let closed = course.rebound_window_closed(facts.assessed_on);
    let exit_plan = match last {
        Some(last) if course.is_stopping() && !closed => Some(exit_plan(facts, course, last, status, inputs)),
        _ => None,
    };
    let continuing = exit_plan.as_ref().is_none_or(|e| e.drug.is_none());
    let late = matches!(status, DmabStatus::Late | DmabStatus::Overdue) && !closed;
    let restarted = exit_plan.as_ref().is_some_and(|e| e.restarted);
    let plan_continues = course.plan == Plan::Continue || continuing;
    if late && plan_continues && continuing {
        rules.push(DmabMissed);
    }
    let catch_up = (late && ((plan_continues && continuing) || restarted)).then(|| {
        rules.push(DmabCatchUp);
        let (next_due, window, _) = schedule(course.regimen, facts.assessed_on);
        CatchUp { give_on: facts.assessed_on, next_due, window }
    });
    if status == DmabStatus::Overdue && osteoporosis && catch_up.is_some() {
        rules.push(DmabRebound);
    }
    if exit_plan.as_ref().is_some_and(|e| e.given_on.is_some()) {
        status = DmabStatus::ExitGiven;
        next_due = None;
        window = None;
    }
    // DMAB-REVIEW decides whether to go on; once the exit drug is given it has been decided.
    if osteoporosis && course.injections.len() >= 10 && status != DmabStatus::ExitGiven && !closed {
        rules.push(DmabReview);
    }
    rules.extend([DmabCaCheck, DmabSafety]);
    let fracture_on_or_near = facts.fractures.iter().any(|f| {
        first.is_some_and(|first| f.date.is_some_and(|d| d > first)) || within_months(f.date, facts.assessed_on, 24)
    });
    // v3: only while the patient is still on denosumab.
    if inputs.stage == super::journey::Stage::OnDenosumab && first.is_some() && fracture_on_or_near {
        rules.push(DmabFxHealing);
    }
    Some(DenosumabReport {
        regimen: course.regimen,
        injections_count: course.injections.len(),
        first_injection: first,
        last_injection: last,
        next_due,
        window,
        status,
        days_late: if status == DmabStatus::ExitGiven { 0 } else { days_late },
        catch_up,
        exit_plan,
        rules,
    })
}
