//! §3 of the rule book: where the patient is on treatment (the stage), and the denosumab course the schedule
//! rules read (the case's block, or a stopped `history` period read as one, DMAB-HISTORY-STOP).

use chrono::NaiveDate;
use serde::Serialize;

use super::case::{Drug, Plan, Regimen};
use super::dates::{add_months, sub_months};
use super::facts::{Facts, Period};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Naive,
    /// v3: denosumab 120 mg every 4 weeks, continuing (DMAB-ONC, TX-ONC).
    OnDenosumabOncology,
    PreviouslyTreated,
    OnOther,
    OnBisphosphonate,
    OnAnabolic,
    AfterAnabolic,
    OnDenosumab,
    StoppingDenosumab,
}

impl Stage {
    /// On active treatment or leaving it (RISK-ON-TX, DX-ON-TX).
    pub fn is_on_treatment(self) -> bool {
        matches!(
            self,
            Stage::OnDenosumab
                | Stage::StoppingDenosumab
                | Stage::OnAnabolic
                | Stage::AfterAnabolic
                | Stage::OnBisphosphonate
        )
    }

    /// Stages whose options come from the risk table (5.1) and that start a drug.
    pub fn starts_from_risk_table(self) -> bool {
        matches!(self, Stage::Naive | Stage::PreviouslyTreated | Stage::OnOther)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Journey {
    pub stage: Stage,
    pub drug: Option<Drug>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub since: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub until: Option<NaiveDate>,
}

/// The exit drug recorded after the last injection (DMAB-EXIT-GIVEN).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExitGiven {
    pub drug: Drug,
    pub on: NaiveDate,
    /// An oral exit drug still being taken.
    pub ongoing: bool,
}

/// The denosumab course the DMAB rules read.
#[derive(Clone, Debug, PartialEq)]
pub struct DmabCourse {
    pub regimen: Regimen,
    /// Sorted, oldest first; with DMAB-HISTORY-STOP the stopped period's end is the last one.
    pub injections: Vec<NaiveDate>,
    /// `Stop` when the block says so, with DMAB-HISTORY-STOP, or once an exit drug is recorded.
    pub plan: Plan,
    /// DMAB-HISTORY-STOP: the course is a `history` period that ended with nothing after it.
    pub stopped_period: Option<Period>,
    /// `history` has an ongoing denosumab period.
    pub ongoing_period: Option<Period>,
    pub exit_given: Option<ExitGiven>,
}

impl DmabCourse {
    /// The last dose is more than 24 months before `today`: the rebound window has closed (reading 52; exactly 24
    /// months is still inside it, reading 59). No exit drug recorded.
    pub fn rebound_window_closed(&self, today: NaiveDate) -> bool {
        self.is_osteoporosis()
            && self.exit_given.is_none()
            && self.last().is_some_and(|last| add_months(last, REBOUND_WINDOW_MONTHS) < today)
            && self.ongoing_period.is_none()
    }
}

impl DmabCourse {
    pub fn is_osteoporosis(&self) -> bool {
        self.regimen == Regimen::Osteoporosis60mgQ6m
    }

    pub fn first(&self) -> Option<NaiveDate> {
        self.injections.first().copied()
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.injections.last().copied()
    }

    /// Stopping on the osteoporosis regimen with at least one dose: an exit plan is due (DMAB-STOP-PLAN).
    pub fn is_stopping(&self) -> bool {
        self.is_osteoporosis() && self.plan == Plan::Stop && !self.injections.is_empty()
    }
}

/// After this many months without a dose the rebound window has closed (reading 52).
pub const REBOUND_WINDOW_MONTHS: u32 = 24;

/// Drugs after a stopped denosumab period that protect against the rebound (DMAB-HISTORY-STOP v3): a
/// bisphosphonate, denosumab or an anabolic. Hormone therapy, SERMs, testosterone, strontium and adjuncts do not.
pub fn protects_after_denosumab(drug: Drug) -> bool {
    drug.is_bisphosphonate() || drug.is_anabolic() || drug == Drug::Denosumab
}

/// Adjuncts do not count as anti-osteoporosis treatment for the stages.
pub fn is_adjunct(drug: Drug) -> bool {
    matches!(drug, Drug::Calcitonin | Drug::Eldecalcitol | Drug::Alfacalcidol | Drug::Calcitriol | Drug::Menatetrenone)
}

/// A period's effective end: zoledronic acid covers 12 months from its start whatever its `end` (reading 7);
/// None while ongoing.
pub fn period_end(p: &Period) -> Option<NaiveDate> {
    if p.drug == Drug::ZoledronicAcid {
        Some(add_months(p.start, 12))
    } else {
        p.end
    }
}

/// Ongoing on `today`: no end, or a zoledronic acid infusion within the last 12 months.
pub fn is_ongoing(p: &Period, today: NaiveDate) -> bool {
    if p.drug == Drug::ZoledronicAcid {
        p.start >= sub_months(today, 12)
    } else {
        p.end.is_none()
    }
}

/// The latest-starting period among `periods`; ties go to the drug listed first in the catalogue.
fn latest<'a>(periods: impl Iterator<Item = &'a Period>) -> Option<&'a Period> {
    periods.fold(None, |best: Option<&Period>, p| match best {
        Some(b) if b.start > p.start || (b.start == p.start && b.drug <= p.drug) => Some(b),
        _ => Some(p),
    })
}

/// The course: the block, DMAB-HISTORY-STOP, and a recorded exit drug (DMAB-EXIT-GIVEN, reading 5).
pub fn dmab_course(facts: &Facts) -> Option<DmabCourse> {
    let dmab_periods = || facts.history.iter().filter(|p| p.drug == Drug::Denosumab);
    let ongoing_period = dmab_periods().filter(|p| p.end.is_none()).min_by_key(|p| p.start).cloned();
    let block = facts.denosumab.as_ref();
    if let Some(b) = block.filter(|b| b.regimen == Regimen::Oncology120mgQ4w) {
        return Some(DmabCourse {
            regimen: b.regimen,
            injections: b.injections.clone(),
            plan: b.plan,
            stopped_period: None,
            ongoing_period: None,
            exit_given: None,
        });
    }
    let mut injections: Vec<NaiveDate> = block.map(|b| b.injections.clone()).unwrap_or_default();
    let mut plan = block.map_or(Plan::Continue, |b| b.plan);

    // DMAB-HISTORY-STOP: the latest-ended period, with no later dose and no other drug after it.
    let stopped_period = if ongoing_period.is_some() {
        None
    } else {
        dmab_periods().filter(|p| p.end.is_some()).max_by_key(|p| p.end).cloned().filter(|p| {
            let end = p.end.unwrap_or(p.start);
            !injections.iter().any(|&i| i > end)
                && !facts
                    .history
                    .iter()
                    .any(|o| o.drug != Drug::Denosumab && protects_after_denosumab(o.drug) && o.start > end)
        })
    };
    if let Some(end) = stopped_period.as_ref().and_then(|p| p.end) {
        if !injections.contains(&end) {
            injections.push(end);
            crate::clinical::sorting::sort(&mut injections);
        }
        plan = Plan::Stop;
    }
    if block.is_none() && stopped_period.is_none() && ongoing_period.is_none() {
        return None;
    }

    // DMAB-EXIT-GIVEN: zoledronic acid or an oral bisphosphonate starting ≥ 5 months after the last dose.
    let exit_given = injections.last().and_then(|&last| {
        let earliest = add_months(last, 5);
        facts.history.iter().filter(|p| p.drug.is_bisphosphonate() && p.start >= earliest).min_by_key(|p| p.start).map(
            |p| ExitGiven { drug: p.drug, on: p.start, ongoing: p.drug != Drug::ZoledronicAcid && p.end.is_none() },
        )
    });
    if exit_given.is_some() {
        plan = Plan::Stop;
    }
    Some(DmabCourse {
        regimen: Regimen::Osteoporosis60mgQ6m,
        injections,
        plan,
        stopped_period,
        ongoing_period,
        exit_given,
    })
}

/// The stage (§3, first match wins).
pub fn journey(facts: &Facts, course: Option<&DmabCourse>) -> Journey {
    let today = facts.assessed_on;
    let at = |stage, drug: Drug, since: NaiveDate, until: Option<NaiveDate>| Journey {
        stage,
        drug: Some(drug),
        since: Some(since),
        until,
    };
    if let Some(c) = course.filter(|c| !c.is_osteoporosis() && c.plan == Plan::Continue) {
        if let Some(first) = c.first() {
            return at(Stage::OnDenosumabOncology, Drug::Denosumab, first, None);
        }
    }
    if let Some(c) = course.filter(|c| c.is_osteoporosis() && !c.rebound_window_closed(today)) {
        let period_start = c.stopped_period.as_ref().or(c.ongoing_period.as_ref()).map(|p| p.start);
        let since = match (c.first(), period_start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(since) = since {
            if c.is_stopping() {
                return at(Stage::StoppingDenosumab, Drug::Denosumab, since, None);
            }
            if (c.plan == Plan::Continue && !c.injections.is_empty()) || c.ongoing_period.is_some() {
                return at(Stage::OnDenosumab, Drug::Denosumab, since, None);
            }
        }
    }
    let history = &facts.history;
    if let Some(p) = latest(history.iter().filter(|p| p.drug.is_anabolic() && p.end.is_none())) {
        return at(Stage::OnAnabolic, p.drug, p.start, None);
    }
    if let Some(p) = history.iter().filter(|p| p.drug.is_anabolic() && p.end.is_some()).max_by_key(|p| p.end) {
        let end = p.end.unwrap_or(p.start);
        let antiresorptive_after = history.iter().any(|o| {
            (o.drug.is_bisphosphonate() || matches!(o.drug, Drug::Denosumab | Drug::Raloxifene | Drug::Bazedoxifene))
                && o.start >= end
        }) || course
            .is_some_and(|c| c.is_osteoporosis() && c.injections.iter().any(|&i| i >= end));
        if !antiresorptive_after {
            return at(Stage::AfterAnabolic, p.drug, p.start, Some(end));
        }
    }
    let bisphosphonates: Vec<&Period> = history.iter().filter(|p| p.drug.is_bisphosphonate()).collect();
    // v3: a zoledronic acid infusion within the 18 months up to today (its last day included) is a current course,
    // a late yearly infusion rather than a new start.
    let current = |p: &Period| match p.drug {
        Drug::ZoledronicAcid => p.start >= sub_months(today, 18),
        _ => p.end.is_none(),
    };
    if let Some(p) = latest(bisphosphonates.iter().copied().filter(|p| current(p))) {
        return at(Stage::OnBisphosphonate, p.drug, run_start(&bisphosphonates, p, today), None);
    }
    let other = |d: Drug| {
        matches!(
            d,
            Drug::Raloxifene | Drug::Bazedoxifene | Drug::StrontiumRanelate | Drug::HormoneTherapy | Drug::Testosterone
        )
    };
    if let Some(p) = latest(history.iter().filter(|p| other(p.drug) && p.end.is_none())) {
        return at(Stage::OnOther, p.drug, p.start, None);
    }
    // Reading 52: denosumab whose rebound window has closed is the latest drug when its last dose is.
    let closed = course.filter(|c| c.rebound_window_closed(today));
    let latest_other = latest(history.iter().filter(|p| !is_adjunct(p.drug)));
    if let Some(c) = closed {
        // `since` is the course's start: the first injection, or a stopped period's start when earlier (§3).
        let period_start = c.stopped_period.as_ref().map(|p| p.start);
        let first = c.first().into_iter().chain(period_start).min().unwrap_or(today);
        let last = c.last().unwrap_or(today);
        if latest_other.is_none_or(|p| p.start <= last) {
            return at(Stage::PreviouslyTreated, Drug::Denosumab, first, Some(last));
        }
    }
    if let Some(p) = latest_other {
        return at(Stage::PreviouslyTreated, p.drug, p.start, period_end(p));
    }
    Journey { stage: Stage::Naive, drug: None, since: None, until: None }
}

/// The start of the run of bisphosphonate periods that ends with `current`: periods less than 12 months apart
/// join (reading 7).
pub fn run_start(bisphosphonates: &[&Period], current: &Period, today: NaiveDate) -> NaiveDate {
    let mut start = current.start;
    loop {
        let joins = bisphosphonates.iter().filter(|p| p.start < start).find(|p| {
            let end = period_end(p).unwrap_or(today);
            end >= start || add_months(end, 12) > start
        });
        match joins {
            Some(p) => start = p.start,
            None => return start,
        }
    }
}
